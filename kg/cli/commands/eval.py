"""``kg eval GOLD.jsonl``: precision, recall and F1 of entity extraction."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kg.errors import KGError

__all__ = ["NAME", "HELP", "DESCRIPTION", "add_arguments", "run"]

NAME = "eval"
HELP = "score entity extraction against a gold JSONL file (exact spans)"
DESCRIPTION = """\
Run the entity extractors on every record of a gold JSONL file
({"id", "text", "entities": [{"start", "end", "type", "text"}]}) and print
precision, recall and F1 per type and micro-averaged, with exact span match.

A predicted GovernmentOrganization, Company or University counts as
Organization when the gold data labels Organization.  Predicted classes the
gold data does not label (e.g. Project) are not scored.

examples:
  kg eval news_dev.jsonl
  kg eval cluener.jsonl --map name:Person,organization:Organization,address:Place,position:-
  kg eval news_dev.jsonl --extractors crf --json scores.json
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold", type=Path, metavar="GOLD.jsonl")
    parser.add_argument(
        "--map",
        default=None,
        metavar="TAG:TYPE,...",
        help="dataset tags to kg classes ('-' drops a tag); default PER:Person,LOC:Place,"
        "ORG:Organization",
    )
    parser.add_argument(
        "--json", type=Path, default=None, metavar="FILE", help="also write figures as JSON"
    )
    parser.add_argument(
        "--extractors",
        default=None,
        metavar="NAME,...",
        help="entity extractors to run (default: ner,precision,anaphors, from kg.config)",
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N records")


def run(args: argparse.Namespace) -> int:
    from kg.eval.entities import DEFAULT_MAP, evaluate, read_gold
    from kg.eval.mapping import parse_map

    records = read_gold(args.gold)
    if args.limit is not None:
        records = records[: args.limit]
    if not records:
        raise KGError(f"{args.gold}: no records")
    extractors = (
        [e.strip() for e in args.extractors.split(",") if e.strip()] if args.extractors else None
    )
    result = evaluate(records, extractors, parse_map(args.map, DEFAULT_MAP))
    scores = result.scores
    print(f"{'type':<24}{'P':>8}{'R':>8}{'F1':>8}{'gold':>8}{'pred':>8}")
    rows = [*scores.per_type.items(), ("micro", scores.micro)]
    for name, s in rows:
        print(
            f"{name:<24}{100 * s.p:8.2f}{100 * s.r:8.2f}{100 * s.f1:8.2f}"
            f"{s.tp + s.fn:8d}{s.tp + s.fp:8d}"
        )
    print(f"records {len(records)}  chars {result.chars}  chars_per_s {result.chars_per_s:.0f}")
    if args.json is not None:
        try:
            args.json.write_text(json.dumps(result.to_json(), indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            raise KGError(f"{args.json}: cannot write: {exc.strerror}") from None
    return 0
