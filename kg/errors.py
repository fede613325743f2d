"""Errors that users see as one clear line, never as a traceback."""

from __future__ import annotations

__all__ = ["KGError", "InputError", "BuildFailed"]


class KGError(Exception):
    """Base class: the CLI prints ``kg: <message>`` and exits non-zero."""


class InputError(KGError):
    """A file that cannot be read as a news page.  The message names the file."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class BuildFailed(KGError):
    """A build that stopped: the cause in one line, and the warnings gathered until then.

    The build has already cleaned up (its part files, its lock, its half
    store) and the previous graph is untouched; the CLI prints ``warnings``
    before the error, so no per-file warning is lost with the build.
    """

    def __init__(self, out_dir: str, cause: BaseException, warnings: list[str]) -> None:
        detail = str(cause).strip().splitlines()
        reason = detail[0] if detail else type(cause).__name__
        if not isinstance(cause, KGError):
            reason = f"{type(cause).__name__}: {reason}"
        super().__init__(f"{out_dir}: build failed, previous graph kept: {reason}")
        self.warnings = warnings
        self.cause = cause
