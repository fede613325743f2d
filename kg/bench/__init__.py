"""End-to-end throughput benchmark on a news corpus (``kg bench``).

Prints characters per second per stage and end to end, jieba.posseg alone on
the same text as the reference, triples per second into the store, peak RSS,
speed-up with 1 and 2 worker processes, and an extrapolation to 1M articles.
"""

from __future__ import annotations

import gzip
import json
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from kg.config import BuildConfig
from kg.errors import KGError

__all__ = ["BenchResult", "run_bench", "read_corpus_slice"]

T = TypeVar("T")


@dataclass
class BenchResult:
    articles: int = 0
    characters: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    chars_per_s: dict[str, float] = field(default_factory=dict)
    triples: int = 0
    triples_per_s: float = 0.0
    peak_rss_mb: float = 0.0
    workers: dict[str, float] = field(default_factory=dict)
    extrapolation: dict[str, float] = field(default_factory=dict)


def read_corpus_slice(path: Path, limit: int | None) -> Iterator[dict[str, Any]]:
    """Yield records of a ``.jsonl`` or ``.jsonl.gz`` corpus, at most ``limit``."""
    opener: Callable[..., Any] = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                if limit is not None and n >= limit:
                    return
                if line.strip():
                    yield json.loads(line)
    except OSError as exc:
        raise KGError(f"{path}: cannot read corpus: {exc}") from None


def _timed(fn: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bench(
    corpus: Path, limit: int | None, config: BuildConfig, workers: bool = True
) -> BenchResult:
    from kg.extract.entities import EntityPipeline
    from kg.extract.entities.features import segment
    from kg.extract.relations import RelationPipeline
    from kg.graph.build import article_infos, document_quads, resolution_quads
    from kg.ingest import iter_documents
    from kg.nlp import split_sentences
    from kg.nlp.segment import posseg
    from kg.pipeline.executors import EXECUTORS
    from kg.pipeline.extraction import extract_documents
    from kg.pipeline.parts import NQuadsParts
    from kg.resolve import RESOLVERS
    from kg.store import GraphStore
    from kg.store.build_dir import fill_store
    from kg.types import ArticleAnalysis, DocumentAnalysis, SentenceAnalysis

    result = BenchResult()
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        src = Path(tmp) / "corpus.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for rec in read_corpus_slice(corpus, limit):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")

        warnings: list[str] = []
        docs, t = _timed(lambda: list(iter_documents([src], lambda w: warnings.append(str(w)))))
        result.seconds["ingest"] = t
        articles = [a for d in docs for a in d.articles]
        result.articles = len(articles)
        result.characters = sum(len(a.text) for a in articles)
        texts = [a.text for a in articles]

        pos = posseg()
        _, result.seconds["jieba.posseg (reference)"] = _timed(
            lambda: [list(pos.cut(t)) for t in texts]
        )

        sentences, result.seconds["sentences"] = _timed(
            lambda: [split_sentences(a.text, a.id) for a in articles]
        )
        entities = EntityPipeline(config.entity_extractors)
        relations = RelationPipeline(config.relation_extractors)
        entities.extract(split_sentences("预热模型。"))  # loads models outside the timing
        def tag() -> list[list[list[Any]]]:
            # As a build's worker does: one call per batch of documents.
            out: list[list[list[Any]]] = []
            for j in range(0, len(docs), config.batch_size):
                batch = [a for d in docs[j : j + config.batch_size] for a in d.articles]
                first = len(out)
                out.extend(entities.extract_many(sentences[first : first + len(batch)]))
            return out

        mentions, result.seconds["entities"] = _timed(tag)
        # Entities segment each sentence once; timed alone to show the NER share.
        _, segmentation = _timed(lambda: [segment(s.text) for ss in sentences for s in ss])
        result.seconds["  of which segmentation"] = segmentation
        result.seconds["  of which NER (CRF + BiLSTM, rules)"] = max(
            result.seconds["entities"] - segmentation, 0.0
        )

        def relate() -> list[list[list[Any]]]:
            return [
                [relations.extract(s, ms) for s, ms in zip(ss, mss, strict=True)]
                for ss, mss in zip(sentences, mentions, strict=True)
            ]

        rels, result.seconds["relations"] = _timed(relate)

        analyses: list[DocumentAnalysis] = []
        i = 0
        for doc in docs:
            arts = []
            for art in doc.articles:
                arts.append(
                    ArticleAnalysis(
                        art,
                        [
                            SentenceAnalysis(s, m, r)
                            for s, m, r in zip(sentences[i], mentions[i], rels[i], strict=True)
                        ],
                    )
                )
                i += 1
            analyses.append(DocumentAnalysis(doc, arts))

        resolver = RESOLVERS.create(config.resolver)
        resolution, result.seconds["resolve"] = _timed(lambda: resolver.resolve(analyses, config))
        build_dir = Path(tmp) / "build"
        build_dir.mkdir()
        parts = NQuadsParts(build_dir)

        def graph() -> int:
            # As in a build: articles and sentences to N-Quads parts (in the
            # workers), then the resolution's quads.
            for analysis in analyses:
                parts.add_quads(document_quads(analysis, config))
            return parts.add_quads(resolution_quads(article_infos(analyses), resolution, config))

        _, result.seconds["graph"] = _timed(graph)

        def fill(store: GraphStore) -> int:
            return parts.load_into(store)

        result.triples, result.seconds["store"] = _timed(
            lambda: fill_store(build_dir, fill, config.store)
        )
        parts.close()
        result.triples_per_s = result.triples / max(result.seconds["store"], 1e-9)

        pipeline_stages = [
            "ingest",
            "sentences",
            "entities",
            "relations",
            "resolve",
            "graph",
            "store",
        ]
        result.seconds["end to end"] = sum(result.seconds[s] for s in pipeline_stages)
        for stage, secs in result.seconds.items():
            result.chars_per_s[stage] = result.characters / max(secs, 1e-9)
        result.peak_rss_mb = _peak_rss_mb()

        if workers:
            batches = [
                docs[j : j + config.batch_size] for j in range(0, len(docs), config.batch_size)
            ]
            # What a build's workers run: analysis, the resolver's summary, N-Quads.
            args = (config, "bench")
            for jobs in (1, 2):
                executor = EXECUTORS.create("processes", jobs=jobs)
                try:
                    # Warm each worker's models before timing.
                    list(executor.map_ordered(extract_documents, [docs[:1]] * jobs, *args))
                    start = time.perf_counter()
                    list(executor.map_ordered(extract_documents, batches, *args))
                    secs = time.perf_counter() - start
                finally:
                    executor.close()
                result.workers[f"{jobs} worker(s) chars/s"] = result.characters / secs
            one = result.workers["1 worker(s) chars/s"]
            result.workers["speed-up at 2 workers"] = result.workers["2 worker(s) chars/s"] / one

        per_article = result.seconds["end to end"] / max(result.articles, 1)
        result.extrapolation["hours for 1M articles, 1 process"] = per_article * 1e6 / 3600
        if "speed-up at 2 workers" in result.workers:
            result.extrapolation["hours for 1M articles, 2 workers"] = (
                per_article * 1e6 / 3600 / result.workers["speed-up at 2 workers"]
            )
    return result


def format_result(result: BenchResult) -> str:
    lines = [
        f"articles: {result.articles}   characters: {result.characters:,}",
        "",
        f"{'stage':<28}{'seconds':>10}{'chars/s':>14}",
    ]
    for stage, secs in result.seconds.items():
        lines.append(f"{stage:<28}{secs:>10.2f}{result.chars_per_s[stage]:>14,.0f}")
    ref = result.chars_per_s.get("jieba.posseg (reference)", 0.0)
    e2e = result.chars_per_s.get("end to end", 0.0)
    if ref:
        lines.append(f"\nend-to-end speed / jieba.posseg speed: {e2e / ref:.2f}x")
    lines.append(f"triples into store: {result.triples:,} ({result.triples_per_s:,.0f}/s)")
    lines.append(f"peak RSS: {result.peak_rss_mb:,.0f} MB")
    for key, value in result.workers.items():
        lines.append(f"{key}: {value:,.2f}")
    for key, value in result.extrapolation.items():
        lines.append(f"extrapolation — {key}: {value:,.1f}")
    return "\n".join(lines)
