"""``.jsonl.gz`` files: gzip-compressed JSON Lines, read record by record.

The file is decompressed as it is read and goes through the same
line-streaming reader as a ``.jsonl`` file
(:func:`kg.ingest.jsonl.iter_jsonl_stream`), so a corpus of any size needs
memory for one record, not for the file, and each line is read exactly as a
line of a ``.jsonl`` file (same document ids, same problems, same encodings).

A truncated or corrupt gzip file keeps the records read before the damage
and reports the damage once, naming the file and the last line read.

Examples
--------
>>> import io
>>> problems, damage = [], []
>>> data = gzip.compress('{"text": "该区坚持创新。"}\\n{"title": "x"}\\n'.encode())
>>> cut = io.BytesIO(data[:-8])  # without the gzip trailer
>>> docs = list(iter_jsonl_gz(cut, "a.jsonl.gz", "a.jsonl.gz", problems.append, damage.append))
>>> [a.text for d in docs for a in d.articles], problems
(['该区坚持创新。'], [('a.jsonl.gz:2', 'missing "text"')])
>>> damage
['truncated gzip file (it ends before its end-of-stream marker) after line 2; the rest is lost']
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO

from kg.ingest.jsonl import LineProblem, iter_jsonl_stream
from kg.types import Document

__all__ = ["iter_jsonl_gz"]


def iter_jsonl_gz(
    stream: BinaryIO,
    display: str,
    source: str,
    on_problem: Callable[[LineProblem], None],
    on_damage: Callable[[str], None],
) -> Iterator[Document]:
    """Documents of the gzip-compressed JSON Lines file open as ``stream``, one at a time.

    ``display`` names the file in problems, ``source`` in the articles.  A
    bad line goes to ``on_problem`` (as for ``.jsonl``); damage to the gzip
    stream goes to ``on_damage`` as one message, after the documents read
    before it, and ends the file.

    Raises
    ------
    kg.errors.InputError
        The file holds nothing, only whitespace, binary data or text in an
        encoding that ``.jsonl`` does not read; or it is not gzip at all.
    """
    decompressed = gzip.GzipFile(fileobj=stream, mode="rb")
    yield from iter_jsonl_stream(decompressed, display, source, on_problem, on_damage, _gzip_damage)


def _gzip_damage(exc: Exception, first: bool) -> str | None:
    """``exc``, raised while decompressing, as one line of damage."""
    if isinstance(exc, EOFError):
        return "truncated gzip file (it ends before its end-of-stream marker)"
    if isinstance(exc, (gzip.BadGzipFile, zlib.error)):
        return _corrupt(exc, first=first)
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc) or type(exc).__name__
        return f"cannot read file ({reason.lower()})"
    return None


def _corrupt(exc: Exception, *, first: bool) -> str:
    reason = str(exc) or type(exc).__name__
    if isinstance(exc, gzip.BadGzipFile) and reason.startswith("Not a gzipped file"):
        return "not a gzip file" if first else "corrupt gzip file (trailing data is not gzip)"
    return f"corrupt gzip file ({reason})"
