"""Relation candidates on unlabelled news, for eyeballing precision per rule.

``python bench/re_corpus.py [CORPUS] [--limit N] [--sample K] [--seed S]``
prints, per rule, how many candidates fired on the first N articles and K
random examples with their sentence, and the throughput of the relation stage
alone (characters per second; the entity stage is not counted).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from collections import defaultdict
from pathlib import Path

from kg.config import DEFAULT_ENTITY_EXTRACTORS, BuildConfig
from kg.nlp import split_sentences
from kg.pipeline.stages import load_pipeline
from kg.types import RelationCandidate, Sentence

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "news_2018.jsonl.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--sample", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    names = list(DEFAULT_ENTITY_EXTRACTORS)
    pipeline = load_pipeline(BuildConfig(entity_extractors=names))
    by_rule: dict[str, list[tuple[RelationCandidate, Sentence]]] = defaultdict(list)
    chars = 0
    rel_seconds = 0.0
    with gzip.open(args.corpus, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n >= args.limit:
                break
            text = json.loads(line)["text"]
            sentences = split_sentences(text, str(n))
            chars += len(text)
            mentions = pipeline.entities(sentences)
            start = time.perf_counter()
            for s, cs in zip(sentences, pipeline.relations(sentences, mentions), strict=True):
                for c in cs:
                    by_rule[c.rule].append((c, s))
            rel_seconds += time.perf_counter() - start
    rng = random.Random(args.seed)
    print(f"{args.limit} articles, {chars} chars, entities: {','.join(names)}; "
          f"relation stage {chars / max(rel_seconds, 1e-9):,.0f} chars/s")
    for rule, found in sorted(by_rule.items(), key=lambda kv: -len(kv[1])):
        print(f"\n== {rule}: {len(found)}")
        for c, s in rng.sample(found, min(args.sample, len(found))):
            tail = c.tail.text if c.tail else repr((c.literal or "")[:30])
            print(f"  {c.head.text or '∅'} -{c.relation}{'/' + c.role if c.role else ''}-> {tail}"
                  f"\n      {s.text[:120]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
