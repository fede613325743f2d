"""Throughput of relation extraction and resolution on unlabelled news.

``python bench/re_resolve.py [CORPUS] [--limit N] [--entities NAMES]`` runs
entity extraction (not timed), the pattern extractor and the resolver over N
articles (one document each) and prints characters per second of each timed
stage and what the resolver produced.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from kg.config import DEFAULT_ENTITY_EXTRACTORS, BuildConfig
from kg.nlp import split_sentences
from kg.pipeline.stages import load_pipeline
from kg.resolve.resolver import DefaultResolver
from kg.types import Article, ArticleAnalysis, Document, DocumentAnalysis, SentenceAnalysis

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "news_2018.jsonl.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--entities", help="comma-separated entity extractors")
    args = parser.parse_args()
    names = args.entities.split(",") if args.entities else list(DEFAULT_ENTITY_EXTRACTORS)
    pipeline = load_pipeline(BuildConfig(entity_extractors=names))
    analyses: list[DocumentAnalysis] = []
    chars, rel_seconds = 0, 0.0
    with gzip.open(args.corpus, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n >= args.limit:
                break
            record = json.loads(line)
            art = Article(f"a{n}", f"d{n}", "corpus", 0, record.get("title"), record["text"])
            sentences = split_sentences(art.text, art.id)
            chars += len(art.text)
            aa = ArticleAnalysis(art)
            mentions = pipeline.entities(sentences)
            start = time.perf_counter()
            relations = pipeline.relations(sentences, mentions)
            for s, ms, rs in zip(sentences, mentions, relations, strict=True):
                aa.sentences.append(SentenceAnalysis(s, ms, rs))
            rel_seconds += time.perf_counter() - start
            analyses.append(DocumentAnalysis(Document(f"d{n}", "corpus", str(n), [art]), [aa]))
    start = time.perf_counter()
    res = DefaultResolver().resolve(analyses, BuildConfig())
    res_seconds = time.perf_counter() - start
    print(f"{len(analyses)} articles, {chars:,} chars; entities: {','.join(names)}")
    print(f"relations: {chars / rel_seconds:,.0f} chars/s; resolver: {chars / res_seconds:,.0f} "
          f"chars/s ({res_seconds:.2f} s)")
    print(f"{len(res.entities):,} entities, {len(res.facts):,} facts, {len(res.links):,} links, "
          f"{len(res.decisions):,} decisions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
