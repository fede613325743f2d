"""The one reader of gold JSON Lines, for ``kg eval``, ``kg eval-relations`` and ``kg extract``.

A record is ``{"id", "text", "entities": [{"start", "end", "type", "text"}],
"relations": [{"head", "head_type", "relation", "tail", "tail_type"}]}``
(see ``/work/shared/data/README.md``); only ``text`` is required.  Blank
lines are skipped.  A record without an ``id`` is named by ``default_id``
from its line number.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = Path(tmp) / "gold.jsonl"
...     _ = path.write_text('{"id": "a", "text": "王五"}\\n\\n{"text": "赵六"}\\n')
...     records = list(iter_gold(path))
>>> [(r.id, r.text) for r in records]
[('a', '王五'), ('3', '赵六')]
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError

__all__ = ["GoldRecord", "iter_gold", "line_number_id"]


@dataclass(frozen=True)
class GoldRecord:
    """One gold sentence: its id, its text, and its entity spans and relations as in the file.

    ``line`` is the record's line number in its file, for error messages.
    """

    id: str
    text: str
    entities: list[dict[str, Any]]
    relations: list[dict[str, Any]] = field(default_factory=list)
    line: int = field(default=0, compare=False)


def line_number_id(number: int) -> str:
    """The id of a record without one: its line number.

    >>> line_number_id(7)
    '7'
    """
    return str(number)


def iter_gold(
    path: Path, default_id: Callable[[int], str] = line_number_id
) -> Iterator[GoldRecord]:
    """The records of the gold JSON Lines file ``path``, one at a time.

    Parameters
    ----------
    path
        The file, UTF-8.
    default_id
        The id of a record that has none, from its line number.

    Raises
    ------
    kg.errors.InputError
        The file cannot be read, or a line is not a JSON object with a string
        ``text``; the message is one line naming the file and the line.
    """
    try:
        with path.open("rb") as fh:
            for number, raw in enumerate(fh, 1):
                try:
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    problem = (
                        f"line {number} is not UTF-8 text (bad byte at column {exc.start + 1})"
                    )
                    raise InputError(str(path), problem) from None
                if line.strip():
                    yield _record(path, number, line, default_id)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None


def _record(path: Path, number: int, line: str, default_id: Callable[[int], str]) -> GoldRecord:
    try:
        rec = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        rec = None
    text = rec.get("text") if isinstance(rec, dict) else None
    if not isinstance(rec, dict) or not isinstance(text, str):
        raise InputError(str(path), f"line {number} is not a JSON record with a text")
    rec_id = rec.get("id")
    return GoldRecord(
        default_id(number) if rec_id is None else str(rec_id),
        text,
        list(rec.get("entities") or []),
        list(rec.get("relations") or []),
        number,
    )
