"""``.jsonl.gz`` files: gzip-compressed JSON Lines, read record by record.

The file is decompressed as it is read, one line at a time, so a corpus of
any size needs memory for one record, not for the file.  Each line is read
exactly as a line of a ``.jsonl`` file (same document ids, same problems).
The encoding (UTF-8 or GB18030) is judged on the first 64 KiB, as for a
``.jsonl`` file; a later line that is not in that encoding is a problem of
that line only.

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

import codecs
import gzip
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from kg.errors import InputError
from kg.ingest.decode import decode_bytes, normalise_text
from kg.ingest.jsonl import LineProblem, iter_jsonl
from kg.types import Document

__all__ = ["iter_jsonl_gz"]

# Decompressed bytes whose encoding is judged before the first record is read.
_SAMPLE = 65536
_CR = re.compile(rb"\r\n?")


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
        encoding that is not UTF-8 or GB18030; or it is not gzip at all.
    """
    lines = _Lines(gzip.GzipFile(fileobj=stream, mode="rb"))
    sample: list[bytes] = []
    size = 0
    for raw in lines:
        sample.append(raw)
        size += len(raw)
        if size >= _SAMPLE:
            break
    encoding = _encoding(b"".join(sample), display, lines.damage)
    progress = _Progress()
    numbered = _numbered(_chain(sample, lines), encoding, display, on_problem, progress)
    yield from iter_jsonl(numbered, display, source, on_problem)
    if lines.damage is not None:
        on_damage(f"{lines.damage} after line {progress.number}; the rest is lost")
    elif not lines.text_seen:
        raise InputError(display, "empty file (whitespace only)")


@dataclass
class _Progress:
    """The number of the last line read."""

    number: int = 0


class _Lines:
    """The raw lines of a gzip stream, ``b"\\n"`` kept; stops quietly at damage."""

    def __init__(self, stream: gzip.GzipFile) -> None:
        self._stream = stream
        #: What went wrong with the stream, once it has.
        self.damage: str | None = None
        #: Whether any line read so far holds more than whitespace.
        self.text_seen = False
        self._started = False

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        if self.damage is not None:
            raise StopIteration
        try:
            raw = self._stream.readline()
        except EOFError:
            self.damage = "truncated gzip file (it ends before its end-of-stream marker)"
            raise StopIteration from None
        except (gzip.BadGzipFile, zlib.error) as exc:
            self.damage = _corrupt(exc, first=not self._started)
            raise StopIteration from None
        except OSError as exc:
            reason = exc.strerror or str(exc) or type(exc).__name__
            self.damage = f"cannot read file ({reason.lower()})"
            raise StopIteration from None
        if not raw:
            raise StopIteration
        self._started = True
        if not self.text_seen and raw.strip():
            self.text_seen = True
        return raw


def _corrupt(exc: Exception, *, first: bool) -> str:
    reason = str(exc) or type(exc).__name__
    if isinstance(exc, gzip.BadGzipFile) and reason.startswith("Not a gzipped file"):
        return "not a gzip file" if first else "corrupt gzip file (trailing data is not gzip)"
    return f"corrupt gzip file ({reason})"


def _chain(first: list[bytes], rest: _Lines) -> Iterator[bytes]:
    # Popping lets the sample's lines be freed as they are read.
    first.reverse()
    while first:
        yield first.pop()
    yield from rest


def _encoding(sample: bytes, display: str, damage: str | None) -> str:
    """The encoding of a file whose first lines are ``sample``."""
    if not sample:
        if damage is not None:
            raise InputError(display, damage)
        raise InputError(display, "empty file")
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(display, "UTF-16 text; a .jsonl.gz file must be UTF-8 or GB18030")
    decode_bytes(sample, display)  # refuses binary data and damaged UTF-8
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A sample cut inside its last character is still UTF-8.
        cut = exc.reason == "unexpected end of data" and exc.end == len(sample)
        return "utf-8" if cut else "gb18030"
    return "utf-8"


def _numbered(
    raws: Iterator[bytes],
    encoding: str,
    display: str,
    on_problem: Callable[[LineProblem], None],
    progress: _Progress,
) -> Iterator[tuple[int, str]]:
    """``(line number, normalised text)`` of each raw line, numbered as in ``.jsonl``.

    A lone CR ends a line in ``.jsonl`` too, so a raw line may give more than
    one numbered line.
    """
    for raw in raws:
        raw = raw.removesuffix(b"\n").removesuffix(b"\r")
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            first = progress.number + 1
            progress.number += len(_CR.split(raw))
            name = "UTF-8" if encoding == "utf-8" else "GB18030"
            on_problem((f"{display}:{first}", f"not {name} text (bad byte at {exc.start})"))
            continue
        for line in normalise_text(text, unicode_newlines=False).split("\n"):
            progress.number += 1
            yield progress.number, line
