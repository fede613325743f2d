"""Problems that skip one file (or one ``.jsonl`` line) but not the build.

Examples
--------
>>> str(IngestWarning("seeds/a.bin", "binary file"))
'seeds/a.bin: binary file'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IngestWarning"]


@dataclass(frozen=True)
class IngestWarning:
    """A file (``path``) or a ``.jsonl`` line (``"path:line"``) that was skipped."""

    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"
