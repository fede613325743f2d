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

__all__ = ["short_sha1", "content_hash", "relative_source", "printable"]

# Undecodable file-name bytes arrive as lone surrogates U+DC80-U+DCFF.
_ESCAPED_BYTE = range(0xDC80, 0xDD00)


def printable(text: str) -> str:
    """``text`` with control characters and undecodable bytes escaped.

    File names may hold newlines or bytes that are not UTF-8; escaped, they
    keep error messages on one line and can be written to any UTF-8 output.

    >>> printable("a\\nb\\udcff.txt")
    'a\\\\nb\\\\xff.txt'
    """
    if text.isprintable():
        return text
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if code in _ESCAPED_BYTE:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


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
    return printable(_relative(path, root))


def _relative(path: Path, root: Path | None) -> str:
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
