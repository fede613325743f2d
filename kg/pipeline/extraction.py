"""Per-document extraction: sentences, mentions and relation candidates.

This is the part of a build that is pure and parallel: a document goes in, a
:class:`~kg.types.DocumentAnalysis` comes out, with no shared state besides
the loaded models.  Executors (serial, processes, Dask) call
:func:`extract_documents` on batches; each document comes back as an
:class:`ExtractedDocument`: its cache record, its resolution-free quads as
N-Quads, and the resolver's text-free summary of it.  The build keeps only
the summaries, so its memory follows the graph, not the corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from kg.config import BuildConfig
from kg.extract.entities import EntityPipeline
from kg.extract.relations import RelationPipeline
from kg.nlp import split_sentences
from kg.types import ArticleAnalysis, Document, DocumentAnalysis, SentenceAnalysis

__all__ = [
    "Analyzer",
    "ExtractedDocument",
    "extract_documents",
    "get_analyzer",
    "summarise",
]


class Analyzer:
    """Holds the loaded extraction components of one process."""

    def __init__(self, entities: EntityPipeline, relations: RelationPipeline) -> None:
        self.entities = entities
        self.relations = relations

    def analyse(self, document: Document) -> DocumentAnalysis:
        return self.analyse_many([document])[0]

    def analyse_many(self, documents: Sequence[Document]) -> list[DocumentAnalysis]:
        """Analyse a batch; entities are tagged for all its sentences at once."""
        articles = [a for d in documents for a in d.articles]
        sentences = [split_sentences(a.text, a.id) for a in articles]
        mentions = iter(self.entities.extract_many(sentences))
        analysed = iter(
            ArticleAnalysis(
                article,
                [
                    SentenceAnalysis(s, ms, self.relations.extract(s, ms))
                    for s, ms in zip(sents, next(mentions), strict=True)
                ],
            )
            for article, sents in zip(articles, sentences, strict=True)
        )
        return [
            DocumentAnalysis(d, [next(analysed) for _ in d.articles]) for d in documents
        ]


@cache
def get_analyzer(
    entity_extractors: tuple[str, ...], relation_extractors: tuple[str, ...]
) -> Analyzer:
    """One analyzer per process and configuration; models load once."""
    return Analyzer(EntityPipeline(entity_extractors), RelationPipeline(relation_extractors))


@dataclass
class ExtractedDocument:
    """What a build keeps of one document, and what it writes once.

    ``nquads`` (the articles and sentences, see
    :func:`kg.graph.build.document_quads`) and ``cache_record`` are written
    to disk by the build and dropped; ``prepared`` and ``articles`` stay
    until resolution.
    """

    doc_id: str
    source: str
    prepared: Any
    articles: list[Any]
    nquads: bytes
    quads: int
    sentences: int
    cache_record: str | None = None
    warnings: list[str] = field(default_factory=list)


@cache
def _resolver(name: str) -> Any:
    from kg.resolve import RESOLVERS

    return RESOLVERS.create(name)


def summarise(
    analysis: DocumentAnalysis, config: BuildConfig, fingerprint: str | None = None
) -> ExtractedDocument:
    """Prepare ``analysis`` for resolution and serialise its own quads.

    With ``fingerprint``, the cache record is made here too, so that work
    happens in the worker rather than in the build's main process.
    """
    from kg.graph.build import article_infos, document_quads
    from kg.pipeline.cache import cache_record
    from kg.store.convert import to_nquads

    warnings: list[str] = []
    nquads, count = to_nquads(document_quads(analysis, config, warnings.append))
    doc = analysis.document
    return ExtractedDocument(
        doc_id=doc.doc_id,
        source=doc.source,
        prepared=_resolver(config.resolver).prepare(analysis, config),
        articles=list(article_infos([analysis])),
        nquads=nquads,
        quads=count,
        sentences=sum(len(aa.sentences) for aa in analysis.articles),
        cache_record=None if fingerprint is None else cache_record(analysis, fingerprint),
        warnings=warnings,
    )


def extract_documents(
    documents: Sequence[Document], config: BuildConfig, fingerprint: str
) -> list[ExtractedDocument]:
    """Analyse and summarise a batch; top-level so process pools and Dask can pickle it."""
    analyzer = get_analyzer(tuple(config.entity_extractors), tuple(config.relation_extractors))
    return [summarise(a, config, fingerprint) for a in analyzer.analyse_many(documents)]
