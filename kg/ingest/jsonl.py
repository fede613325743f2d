"""``.jsonl`` files: one article per line.

Each line is a JSON object with a required ``text`` and optional ``title``,
``id``, ``date`` and ``source``.  A bad line is reported (with its line
number) and skipped; the other lines are still read.  ``text`` gets paragraph
and byline repair, but no heading logic: a record has no page layout.

Examples
--------
>>> problems = []
>>> docs = read_jsonl('{"text": "该区坚\\\\n持创新。", "id": 7}\\n{"title": "x"}\\n',
...                   "a.jsonl", "a.jsonl", problems.append)
>>> [a.text for d in docs for a in d.articles], problems
(['该区坚持创新。'], [('a.jsonl:2', 'missing "text"')])
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from kg.ingest.decode import normalise_text
from kg.ingest.ids import content_hash, short_sha1
from kg.ingest.layout import repair
from kg.ingest.records import to_articles
from kg.types import Document

__all__ = ["read_jsonl", "iter_jsonl", "LineProblem"]

#: ``(where, problem)``: where is ``"path:line"``.
LineProblem = tuple[str, str]


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
