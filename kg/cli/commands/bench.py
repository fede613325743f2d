"""kg bench: end-to-end throughput on a news corpus, per stage."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from kg.config import load_config

NAME = "bench"
HELP = "measure end-to-end and per-stage throughput on a news corpus"
DESCRIPTION = """\
Runs `kg build` on a .jsonl or .jsonl.gz corpus (records with a "text" field)
and prints, from the build's own stage timer, seconds and characters per
second per stage (start-up, i.e. model loading, included) and end to end;
jieba.posseg alone on the same text as the reference, triples per second
into the store, peak RSS, and an extrapolation to 1M articles.  Then, from a
clean start (fresh processes, start-up included): `kg build --jobs 1` and
`--jobs 2` against jieba.posseg over the same texts, wall and CPU seconds,
their ratio, and how many times the workers loaded the models.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "corpus",
        type=Path,
        help="corpus file, e.g. tests/fixtures/news/news200.jsonl (200 short articles)",
    )
    parser.add_argument("--limit", type=int, default=500, help="articles to read (default: 500)")
    parser.add_argument("--config", type=Path, help="a kg.toml configuration file")
    parser.add_argument("--no-workers", action="store_true", help="skip the 1/2-worker runs")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")


def run(args: argparse.Namespace) -> int:
    from kg.bench import format_result, run_bench

    config = load_config(args.config)
    result = run_bench(
        args.corpus, args.limit, config, workers=not args.no_workers, config_file=args.config
    )
    print(format_result(result))
    if args.json:
        args.json.write_text(json.dumps(asdict(result), indent=2), encoding="utf-8")
    return 0
