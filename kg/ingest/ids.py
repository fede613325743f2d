"""Stable identifiers: the same page gets the same ids on every run and machine.

Examples
--------
>>> short_sha1("seeds/000_x.txt")
'd41f927b763e40d1'
>>> relative_source(Path("seeds/a/b.txt"), Path("seeds"))
'seeds/a/b.txt'
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

__all__ = ["short_sha1", "content_hash", "relative_source"]


def short_sha1(key: str) -> str:
    """First 16 hex digits of the SHA-1 of ``key`` (UTF-8): a document id."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def content_hash(text: str) -> str:
    """SHA-256 hex of decoded, normalised text: changes only when the content does."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def relative_source(path: Path, root: Path | None) -> str:
    """``path`` as a POSIX path relative to the parent of the walked ``root``.

    Walking ``seeds/`` names its files ``seeds/…``, whatever the working
    directory, so ids do not depend on where the checkout lives.  A file read
    on its own (``root`` is ``None`` or the file) is named by its file name.
    """
    if root is None or path == root:
        return path.name or path.resolve().name
    try:
        inner = path.relative_to(root)
    except ValueError:
        try:
            inner = path.resolve().relative_to(root.resolve())
        except ValueError:
            return path.name
    base = root.name or root.resolve().name
    parts = [base, *inner.parts] if base else list(inner.parts)
    return PurePosixPath(*parts).as_posix()
