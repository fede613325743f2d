"""Per-document extraction: sentences, mentions and relation candidates.

This is the part of a build that is pure and parallel: a document goes in, a
:class:`~kg.types.DocumentAnalysis` comes out, with no shared state besides
the loaded models.  Executors (serial, processes, Dask) call
:func:`analyse_documents` on batches.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from kg.extract.entities import EntityPipeline
from kg.extract.relations import RelationPipeline
from kg.nlp import split_sentences
from kg.types import ArticleAnalysis, Document, DocumentAnalysis, SentenceAnalysis

__all__ = ["Analyzer", "analyse_documents", "get_analyzer"]


class Analyzer:
    """Holds the loaded extraction components of one process."""

    def __init__(self, entities: EntityPipeline, relations: RelationPipeline) -> None:
        self.entities = entities
        self.relations = relations

    def analyse(self, document: Document) -> DocumentAnalysis:
        articles: list[ArticleAnalysis] = []
        for article in document.articles:
            sentences = split_sentences(article.text, article.id)
            mentions = self.entities.extract(sentences)
            analysed = [
                SentenceAnalysis(s, ms, self.relations.extract(s, ms))
                for s, ms in zip(sentences, mentions, strict=True)
            ]
            articles.append(ArticleAnalysis(article, analysed))
        return DocumentAnalysis(document, articles)


@cache
def get_analyzer(
    entity_extractors: tuple[str, ...], relation_extractors: tuple[str, ...]
) -> Analyzer:
    """One analyzer per process and configuration; models load once."""
    return Analyzer(EntityPipeline(entity_extractors), RelationPipeline(relation_extractors))


def analyse_documents(
    documents: Sequence[Document],
    entity_extractors: tuple[str, ...],
    relation_extractors: tuple[str, ...],
) -> list[DocumentAnalysis]:
    """Analyse a batch; top-level so process pools and Dask can pickle it."""
    analyzer = get_analyzer(entity_extractors, relation_extractors)
    return [analyzer.analyse(doc) for doc in documents]
