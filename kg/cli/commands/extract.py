"""``kg extract FILE…``: entity mentions, one JSON record per sentence."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from kg.errors import InputError, KGError
from kg.types import Sentence

__all__ = ["NAME", "HELP", "DESCRIPTION", "add_arguments", "run", "iter_sentences"]

NAME = "extract"
HELP = "extract entity mentions from news pages or a JSONL file of texts"
DESCRIPTION = """\
Write one record per sentence: {"id", "text", "entities": [{"start", "end",
"type", "text", "score"}]}, offsets relative to the sentence (the format of
the shared NER data).

FILE is a news page (read by kg's ingest stage, else as UTF-8 text split into
sentences) or a .jsonl file of sentence records with "text" and "entities"
fields, like the shared NER data (each record is one sentence; its "id" is
kept).  Other .jsonl files are news pages, one per line, read by ingest.

examples:
  kg extract seeds/page.txt
  kg extract news_dev.jsonl --extractors crf > crf.jsonl
  kg extract page.txt --format text
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument(
        "--format",
        choices=("jsonl", "text"),
        default="jsonl",
        help="jsonl: one JSON record per sentence with its mentions; text: one "
        "tab-separated line per mention (sentence id, start, end, class, name, score) "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--extractors", default=None, metavar="NAME,...", help="default: ner,anaphors (kg.config)"
    )
    parser.add_argument("-o", "--output", type=Path, default=None, help="write here, not stdout")


def _is_jsonl(path: Path) -> bool:
    if path.suffix != ".jsonl":
        return False
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    rec = json.loads(line)
                    return (
                        isinstance(rec, dict)
                        and isinstance(rec.get("text"), str)
                        and "entities" in rec
                    )
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return False


def _jsonl_sentences(path: Path) -> Iterator[tuple[str, Sentence]]:
    from kg.eval.gold import iter_gold

    for rec in iter_gold(path, default_id=lambda n: f"{path.stem}:{n}"):
        yield rec.id, Sentence(rec.id, 0, 0, len(rec.text), rec.text)


def _page_sentences(path: Path) -> Iterator[tuple[str, Sentence]]:
    from kg.nlp.sentences import split_sentences

    try:
        from kg.ingest import read_path
    except ImportError:  # the ingest stage is optional here: fall back to plain text
        pass
    else:
        for doc in read_path(path):
            for article in doc.articles:
                for s in split_sentences(article.text, article.id):
                    yield f"{article.id}:{s.index}", s
        return
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    for s in split_sentences(text, path.stem):
        yield f"{path.stem}:{s.index}", s


def iter_sentences(path: Path) -> Iterator[tuple[str, Sentence]]:
    """``(record id, sentence)`` pairs of one input file."""
    if not path.exists():
        raise InputError(str(path), "no such file")
    if _is_jsonl(path):
        yield from _jsonl_sentences(path)
    else:
        yield from _page_sentences(path)


def _write(out: TextIO, fmt: str, rec_id: str, sentence: Sentence, found: list[Any]) -> None:
    if fmt == "jsonl":
        rec = {
            "id": rec_id,
            "text": sentence.text,
            "entities": [
                {"start": m.start, "end": m.end, "type": m.type, "text": m.text, "score": m.score}
                for m in found
            ],
        }
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        for m in found:
            out.write(f"{rec_id}\t{m.start}\t{m.end}\t{m.type}\t{m.text}\t{m.score:.3f}\n")


def run(args: argparse.Namespace) -> int:
    from kg.pipeline.api import entity_pipeline

    names = [e.strip() for e in (args.extractors or "").split(",") if e.strip()] or None
    pipe = entity_pipeline(names)
    try:
        out: TextIO = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    except OSError as exc:
        raise KGError(f"{args.output}: cannot write: {exc.strerror}") from None
    try:
        for path in args.files:
            batch: list[tuple[str, Sentence]] = []
            for item in iter_sentences(path):
                batch.append(item)
                if len(batch) >= 256:
                    _flush(out, args.format, pipe, batch)
                    batch = []
            _flush(out, args.format, pipe, batch)
    finally:
        if args.output:
            out.close()
    return 0


def _flush(out: TextIO, fmt: str, pipe: Any, batch: list[tuple[str, Sentence]]) -> None:
    if not batch:
        return
    found = pipe.entities([s for _, s in batch])
    for (rec_id, sentence), ms in zip(batch, found, strict=True):
        _write(out, fmt, rec_id, sentence, ms)
