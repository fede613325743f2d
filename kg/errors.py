"""Errors that users see as one clear line, never as a traceback."""

from __future__ import annotations

__all__ = ["KGError", "InputError", "BuildFailed", "BuildInterrupted"]


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


class BuildInterrupted(KeyboardInterrupt):
    """A build stopped by the user (Ctrl-C, SIGINT or SIGTERM), after cleaning up.

    Still a :class:`KeyboardInterrupt`, so no ``except Exception`` on the way
    out can swallow it.  Like :class:`BuildFailed` it carries the per-file
    warnings gathered until then; the part files, the half-loaded store,
    temporary cache records and the lock are gone, and the build folder's
    graph is the last complete one.
    """

    def __init__(self, out_dir: str, warnings: list[str]) -> None:
        super().__init__(f"{out_dir}: build stopped, the last complete graph is kept")
        self.warnings = warnings
