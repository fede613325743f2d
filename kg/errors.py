"""Errors that users see as one clear line, never as a traceback."""

from __future__ import annotations

__all__ = ["KGError", "InputError"]


class KGError(Exception):
    """Base class: the CLI prints ``kg: <message>`` and exits non-zero."""


class InputError(KGError):
    """A file that cannot be read as a news page.  The message names the file."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
