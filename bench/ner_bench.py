"""Entity extraction figures in one run: accuracy on news_dev and a CLUENER
held-out slice, and speed against jieba.posseg.

    nice python bench/ner_bench.py [--data /work/shared/data] [--mb 2] [--json out.json]

* news_dev: exact-span P/R/F1 (PER/LOC/ORG -> Person/Place/Organization) for
  kg's ``ner`` component (statistical tagger + rules), the bare statistical
  tagger ``ensemble`` and its two halves ``crf`` and ``lstm``, and
  jieba.posseg's nr/ns/nt (``jieba``), the baseline.
* CLUENER held-out: every 10th record of cluener_train.jsonl (records 0, 10,
  20, ...).  ``python -m kg.train.ner`` never trains on them.  Tags: name ->
  Person, organization+government+company -> Organization, address -> Place.
* speed: characters per second on the first ``--mb`` MB (UTF-8) of
  corpus/news_2018.jsonl.gz, split into sentences: kg's extraction versus
  jieba.posseg alone on the same sentences, in the same process.

Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg.eval.entities import DEFAULT_MAP, GoldRecord, evaluate, read_gold
from kg.eval.mapping import parse_map
from kg.nlp.segment import posseg
from kg.nlp.sentences import split_sentences
from kg.pipeline.api import entity_pipeline

CLUENER_MAP = (
    "name:Person,organization:Organization,government:Organization,company:Organization,"
    "address:Place,position:-,scene:-,book:-,movie:-,game:-"
)


def _row(label: str, res: Any) -> dict[str, Any]:
    s = res.scores
    per = "  ".join(f"{t} {100 * v.f1:5.1f}" for t, v in s.per_type.items())
    print(
        f"  {label:<8} micro P {100 * s.micro.p:5.1f} R {100 * s.micro.r:5.1f} "
        f"F1 {100 * s.micro.f1:5.1f} | {per} | {res.chars_per_s:,.0f} chars/s"
    )
    return res.to_json()  # type: ignore[no-any-return]


#: The extractor sets compared: ``ner`` with the ``precision`` stage (kg's
#: default without anaphors), ``ner`` alone, the bare statistical tagger and
#: its halves, jieba.
DEFAULT_SETS = ("ner,precision", "ner", "ensemble", "crf", "lstm", "jieba")


def accuracy(
    name: str, records: list[GoldRecord], mapping: str | None, sets: Sequence[str] = DEFAULT_SETS
) -> dict[str, Any]:
    print(f"{name}: {len(records)} records, {sum(len(r.text) for r in records):,} chars")
    out = {}
    for extractors in (tuple(s.split(",")) for s in sets):
        res = evaluate(records, extractors, parse_map(mapping, DEFAULT_MAP))
        out[",".join(extractors)] = _row(",".join(extractors), res)
    return out


def corpus_sentences(path: Path, mb: float) -> list[str]:
    budget = int(mb * 1_000_000)
    texts: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            texts.append(text)
            budget -= len(text.encode("utf-8"))
            if budget <= 0:
                break
    return [s.text for t in texts for s in split_sentences(t)]


def speed(
    path: Path, mb: float, extractors: Sequence[str] = ("ner", "precision")
) -> dict[str, Any]:
    from kg.types import Sentence

    sentences = corpus_sentences(path, mb)
    chars = sum(len(s) for s in sentences)
    pseg = posseg()
    pipe = entity_pipeline(list(extractors))
    pipe.entities([Sentence("w", 0, 0, 4, "预热一下")])
    t0 = time.perf_counter()
    for s in sentences:
        list(pseg.cut(s))
    jieba_s = time.perf_counter() - t0
    batch = [Sentence("b", i, 0, len(s), s) for i, s in enumerate(sentences)]
    t0 = time.perf_counter()
    for k in range(0, len(batch), 256):
        pipe.entities(batch[k : k + 256])
    kg_s = time.perf_counter() - t0
    res = {
        "chars": chars,
        "jieba_posseg_chars_per_s": round(chars / jieba_s),
        "kg_ner_chars_per_s": round(chars / kg_s),
        "ratio": round(jieba_s / kg_s, 2),
    }
    print(
        f"speed on {chars:,} chars of news_2018: jieba.posseg {res['jieba_posseg_chars_per_s']:,}"
        f" chars/s, kg {','.join(extractors)} {res['kg_ner_chars_per_s']:,} chars/s"
        f" ({res['ratio']}x jieba.posseg)"
    )
    return res


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument(
        "--sets",
        nargs="+",
        default=list(DEFAULT_SETS),
        help="extractor sets to compare, each comma-joined (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    out: dict[str, Any] = {}
    news = read_gold(args.data / "ner" / "news_dev.jsonl")
    out["news_dev"] = accuracy("news_dev", news, None, args.sets)
    cluener = read_gold(args.data / "ner" / "cluener_train.jsonl")[::10]
    out["cluener_heldout"] = accuracy(
        "cluener held-out (every 10th)", cluener, CLUENER_MAP, args.sets
    )
    if not args.skip_speed:
        corpus = args.data / "corpus" / "news_2018.jsonl.gz"
        out["speed"] = {
            s: speed(corpus, args.mb, s.split(","))
            for s in args.sets
            if s in ("ner", "ner,precision")
        }
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
