"""``.jsonl`` files: one article per line, read record by record.

Each line is a JSON object with a required ``text`` and optional ``title``,
``id``, ``date`` and ``source``.  A bad line is reported (with its line
number) and skipped; the other lines are still read.  ``text`` gets paragraph
and byline repair, but no heading logic: a record has no page layout.

:func:`iter_jsonl_stream` reads a file one line at a time, so a corpus of any
size needs memory for one record, not for the file.  The encoding (UTF-8,
UTF-8 with a BOM, GB18030 or UTF-16 with a BOM) is judged on the first
64 KiB; a later line that is not in that encoding is a problem of that line
only.  The same reader serves ``.jsonl.gz`` files (:mod:`kg.ingest.gzjsonl`),
which differ only in how their bytes are opened and how damage to them is
described.

Examples
--------
>>> problems = []
>>> docs = read_jsonl('{"text": "该区坚\\\\n持创新。", "id": 7}\\n{"title": "x"}\\n',
...                   "a.jsonl", "a.jsonl", problems.append)
>>> [a.text for d in docs for a in d.articles], problems
(['该区坚持创新。'], [('a.jsonl:2', 'missing "text"')])
>>> import io
>>> data = '{"text": "东湖区召开会议。"}\\n{"text": 1}\\n'.encode("gb18030")
>>> stream = io.BytesIO(data)
>>> docs = iter_jsonl_stream(stream, "b.jsonl", "b.jsonl", print, print, lambda exc, first: None)
>>> [a.text for d in docs for a in d.articles]
('b.jsonl:2', '"text" is a int, not a string')
['东湖区召开会议。']
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from kg.errors import InputError
from kg.ingest.decode import decode_bytes, normalise_text
from kg.ingest.ids import content_hash, short_sha1
from kg.ingest.layout import repair
from kg.ingest.records import to_articles
from kg.types import Document

__all__ = ["read_jsonl", "iter_jsonl", "iter_jsonl_stream", "LineProblem", "ByteLines", "ReadError"]

#: ``(where, problem)``: where is ``"path:line"``.
LineProblem = tuple[str, str]

#: Describes an error raised while reading a file's bytes as one line of
#: damage, or gives ``None`` if the error is not damage (it is then raised).
#: The flag says whether nothing had been read before the error.
ReadError = Callable[[Exception, bool], str | None]

# Bytes whose encoding is judged before the first record is read.
_SAMPLE = 65536
_CR = re.compile(r"\r\n?")
_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "gb18030": "GB18030",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
}


class ByteLines(Protocol):
    """A binary stream read line by line: an open file or a ``gzip.GzipFile``."""

    def readline(self, size: int = -1, /) -> bytes: ...

    def read(self, size: int = -1, /) -> bytes: ...


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text.strip() or None


def _document(record: dict[str, Any], line: str, number: int, source: str) -> Document | str:
    """The document of one record, or the problem with it."""
    text = record.get("text")
    if text is None:
        return 'missing "text"'
    if not isinstance(text, str):
        return f'"text" is a {type(text).__name__}, not a string'
    # Without heading logic there are no article boundaries: at most one draft.
    drafts = repair(normalise_text(text), headings=False)[:1]
    if not drafts:
        return '"text" has no article text'
    record_id = _optional_str(record, "id")
    doc_id = short_sha1(record_id if record_id is not None else f"{source}:{number}")
    where = f"{source}#L{number}"
    drafts[0].headline = _optional_str(record, "title")
    return Document(
        doc_id=doc_id,
        source=where,
        content_hash=content_hash(line),
        articles=to_articles(drafts, doc_id, where, _optional_str(record, "date")),
    )


def read_jsonl(
    text: str, display: str, source: str, on_problem: Callable[[LineProblem], None]
) -> list[Document]:
    """Documents of the normalised ``.jsonl`` ``text``.

    ``display`` names the file in problems, ``source`` in the articles.
    """
    # Split on "\n" only: JSON strings may hold U+2028, which splitlines() breaks on.
    numbered = enumerate(text.split("\n"), start=1)
    return list(iter_jsonl(numbered, display, source, on_problem))


def iter_jsonl(
    lines: Iterable[tuple[int, str]],
    display: str,
    source: str,
    on_problem: Callable[[LineProblem], None],
) -> Iterator[Document]:
    """Documents of normalised, numbered ``.jsonl`` ``lines``, one at a time.

    Each line is ``(number, text)`` with ``text`` free of newlines.  A bad
    line goes to ``on_problem`` and is skipped; so is a line whose id an
    earlier line of the same file already used.
    """
    seen: dict[str, int] = {}
    for number, line in lines:
        if not line.strip():
            continue
        where = f"{display}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            on_problem((where, f"malformed JSON ({exc.msg} at column {exc.colno})"))
            continue
        except RecursionError:
            on_problem((where, "malformed JSON (nested too deeply)"))
            continue
        if not isinstance(record, dict):
            on_problem((where, f"a JSON {type(record).__name__}, not an object"))
            continue
        result = _document(record, line, number, source)
        if isinstance(result, str):
            on_problem((where, result))
            continue
        if result.doc_id in seen:
            on_problem((where, f"duplicate id, first used on line {seen[result.doc_id]}"))
            continue
        seen[result.doc_id] = number
        yield result


def iter_jsonl_stream(
    stream: ByteLines,
    display: str,
    source: str,
    on_problem: Callable[[LineProblem], None],
    on_damage: Callable[[str], None],
    read_error: ReadError,
) -> Iterator[Document]:
    """Documents of the JSON Lines file open as ``stream``, one at a time.

    The file is read one line at a time as the documents are asked for.
    ``display`` names the file in problems, ``source`` in the articles.  A
    bad line goes to ``on_problem`` and is skipped.  An error while reading
    that ``read_error`` describes as damage ends the file: it goes to
    ``on_damage`` as one message, after the documents read before it.

    Raises
    ------
    kg.errors.InputError
        The file holds nothing, only whitespace, binary data or text in an
        encoding that is not UTF-8, GB18030 or UTF-16 with a BOM; or it is
        damaged before its first line.
    """
    lines = _RawLines(stream, read_error)
    sample: list[bytes] = []
    size = 0
    for raw in lines:
        sample.append(raw)
        size += len(raw)
        if size >= _SAMPLE:
            break
    head = b"".join(sample)
    encoding = _encoding(head, display, lines.damage)
    # Like a whole file, a last line cut inside its last character is UTF-8.
    lenient = encoding == "utf-8" and not head.startswith(codecs.BOM_UTF8)
    del head
    progress = _Progress()
    numbered = _numbered(_chain(sample, lines), encoding, lenient, display, on_problem, progress)
    yield from iter_jsonl(numbered, display, source, on_problem)
    if lines.damage is not None:
        on_damage(f"{lines.damage} after line {progress.number}; the rest is lost")
    elif not progress.text_seen:
        raise InputError(display, "empty file (whitespace only)")


@dataclass
class _Progress:
    """How far the lines of a file have been read."""

    #: The number of the last line read.
    number: int = 0
    #: Whether a line read so far holds more than whitespace.
    text_seen: bool = False


class _RawLines:
    """The raw lines of a stream, line end kept; stops quietly at damage.

    A file that starts with a UTF-16 byte order mark is split on UTF-16 line
    ends, anything else on ``b"\\n"`` (which in UTF-8 and GB18030 is only
    ever a line end).
    """

    def __init__(self, stream: ByteLines, read_error: ReadError) -> None:
        self._stream = stream
        self._read_error = read_error
        #: What went wrong with the stream, once it has.
        self.damage: str | None = None
        self._started = False
        self._utf16: str | None = None  # "le" or "be"

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        if self.damage is not None:
            raise StopIteration
        try:
            raw = self._line()
        except Exception as exc:
            damage = self._read_error(exc, not self._started)
            if damage is None:
                raise
            self.damage = damage
            raise StopIteration from None
        if not raw:
            raise StopIteration
        self._started = True
        return raw

    def _line(self) -> bytes:
        raw = self._stream.readline()
        if not self._started:
            if raw.startswith(codecs.BOM_UTF16_LE):
                self._utf16 = "le"
            elif raw.startswith(codecs.BOM_UTF16_BE):
                self._utf16 = "be"
        if self._utf16 is None or not raw.endswith(b"\n"):
            return raw
        return self._utf16_line(raw)

    def _utf16_line(self, raw: bytes) -> bytes:
        """The UTF-16 line that starts with ``raw``, a piece up to a ``b"\\n"`` byte.

        Lines start at even offsets, so a ``b"\\n"`` byte ends a line only if
        it is the low byte of the code unit U+000A.
        """
        parts = [raw]
        size = len(raw)
        tail = raw[-2:]
        while True:
            if self._utf16 == "le":
                if size % 2 == 1:  # "\n" is the low byte of its unit
                    high = self._stream.read(1)
                    parts.append(high)
                    size += len(high)
                    if high in (b"\x00", b""):
                        break
            elif size % 2 == 0 and tail == b"\x00\n":
                break
            piece = self._stream.readline()
            parts.append(piece)
            size += len(piece)
            tail = (tail + piece)[-2:]
            if not piece.endswith(b"\n"):
                break
        return b"".join(parts)


def _chain(first: list[bytes], rest: Iterator[bytes]) -> Iterator[bytes]:
    # Popping lets the sample's lines be freed as they are read.
    first.reverse()
    while first:
        yield first.pop()
    yield from rest


def _encoding(sample: bytes, display: str, damage: str | None) -> str:
    """The encoding of a file whose first lines are ``sample``, judged as for a whole file."""
    if not sample:
        raise InputError(display, damage if damage is not None else "empty file")
    decode_bytes(sample, display)  # refuses binary data and damaged UTF-8
    if sample.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le"
    if sample.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A sample cut inside its last character is still UTF-8.
        cut = exc.reason == "unexpected end of data" and exc.end == len(sample)
        return "utf-8" if cut else "gb18030"
    return "utf-8"


def _decode(raw: bytes, encoding: str, lenient: bool) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        cut = exc.reason == "unexpected end of data" and exc.end == len(raw)
        if lenient and cut and not raw.endswith(b"\n"):
            return raw[: exc.start].decode(encoding)
        raise


def _numbered(
    raws: Iterator[bytes],
    encoding: str,
    lenient: bool,
    display: str,
    on_problem: Callable[[LineProblem], None],
    progress: _Progress,
) -> Iterator[tuple[int, str]]:
    """``(line number, normalised text)`` of each raw line.

    A lone CR ends a line too, so a raw line may give more than one numbered
    line.  A raw line that does not decode goes to ``on_problem`` under the
    number of its first line.
    """
    for raw in raws:
        try:
            text = _decode(raw, encoding, lenient)
        except UnicodeDecodeError as exc:
            first = progress.number + 1
            lossy = raw.decode(encoding, errors="replace")
            progress.number += len(_CR.split(_without_line_end(lossy)))
            progress.text_seen = True
            name = _ENCODING_NAMES[encoding]
            on_problem((f"{display}:{first}", f"not {name} text (bad byte at {exc.start})"))
            continue
        text = normalise_text(_without_line_end(text), unicode_newlines=False)
        for line in text.split("\n"):
            progress.number += 1
            if not progress.text_seen and line.strip():
                progress.text_seen = True
            yield progress.number, line


def _without_line_end(text: str) -> str:
    return text.removesuffix("\n").removesuffix("\r")
