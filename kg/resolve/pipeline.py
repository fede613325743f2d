"""Analyse documents with the extraction stages, for tools that need a
:class:`~kg.types.DocumentAnalysis` without a full build (evaluation, tests).

The build command has its own batched pipeline; this one is serial and small.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.errors import KGError
from kg.extract.entities import ENTITY_EXTRACTORS, EntityPipeline
from kg.extract.relations import RelationPipeline
from kg.pipeline.extraction import Analyzer
from kg.types import Document, DocumentAnalysis

__all__ = ["best_entity_extractors", "analyse_documents"]

#: Preferred entity components, best first; the first available set is used.
_PREFERENCES: tuple[tuple[str, ...], ...] = (
    ("ner", "anaphors"),
    ("crf", "rules", "anaphors"),
    ("rules", "jieba", "anaphors"),
    ("jieba", "anaphors"),
)


def best_entity_extractors() -> list[str]:
    """The best entity components registered and loadable in this installation.

    A component that is registered but cannot load (a model trained for other
    features) is passed over, so evaluation runs on what works.
    """
    known = set(ENTITY_EXTRACTORS.names())
    for names in _PREFERENCES:
        if not set(names) <= known:
            continue
        try:
            for name in names:
                ENTITY_EXTRACTORS.create(name)
        except KGError:
            continue
        return list(names)
    return ["jieba"]


def analyse_documents(
    documents: Sequence[Document], entity_names: Sequence[str], relations: RelationPipeline
) -> list[DocumentAnalysis]:
    """Sentences, merged mentions and relation candidates of every article."""
    analyzer = Analyzer(EntityPipeline(entity_names), relations)
    return [analyzer.analyse(doc) for doc in documents]
