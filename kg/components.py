"""The component registries: what can be chosen by name in configuration.

This module sits on the bottom floor (it imports only :mod:`kg.registry`),
so configuration can check names without importing the stages.  Each
registry lists the modules that define its components; a component
registers itself there with ``@REGISTRY.factory("name")``.
"""

from __future__ import annotations

from typing import Any

from kg.registry import Registry

__all__ = ["ENTITY_EXTRACTORS", "RELATION_EXTRACTORS", "EXECUTORS"]

#: Entity extractors: ``pipe(sentences) -> mentions per sentence``.
ENTITY_EXTRACTORS: Registry[Any] = Registry(
    "entity extractor",
    modules=(
        "kg.extract.entities.jieba_tagger",
        "kg.extract.entities.rules",
        "kg.extract.entities.crf",
        "kg.extract.entities.ensemble",
        "kg.extract.entities.anaphors",
        "kg.extract.entities.companies",
        "kg.extract.entities.ner",
        "kg.extract.entities.precision",
    ),
)

#: Relation extractors: ``pipe(sentences, mentions) -> candidates per sentence``.
RELATION_EXTRACTORS: Registry[Any] = Registry(
    "relation extractor",
    modules=("kg.extract.relations.patterns", "kg.extract.relations.classifier"),
)

#: Where extraction batches run (serial, local processes, Dask).
EXECUTORS: Registry[Any] = Registry("executor", modules=("kg.pipeline.executors",))
