"""Relation extraction: a registry of components over one sentence's mentions.

A component takes a sentence and the merged mentions found in it, and returns
relation candidates whose head and tail are among (or derived from) those
mentions.  Patterns live in data files under ``kg/data/``; see
``kg.extract.relations.patterns``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from kg.registry import Registry
from kg.types import Mention, RelationCandidate, Sentence

__all__ = ["RelationExtractor", "RELATION_EXTRACTORS", "RelationPipeline"]


class RelationExtractor(Protocol):
    """A component that finds relation candidates in one sentence."""

    name: str

    def extract(
        self, sentence: Sentence, mentions: Sequence[Mention]
    ) -> list[RelationCandidate]: ...


RELATION_EXTRACTORS: Registry[RelationExtractor] = Registry("relation extractor")
RELATION_EXTRACTORS.register_lazy("patterns", "kg.extract.relations.patterns:PatternExtractor")


class RelationPipeline:
    """Runs the configured relation components on a sentence, in order."""

    def __init__(self, names: Sequence[str]) -> None:
        self.components = [RELATION_EXTRACTORS.create(n) for n in names]

    def extract(self, sentence: Sentence, mentions: Sequence[Mention]) -> list[RelationCandidate]:
        """All components' candidates for ``sentence``, concatenated."""
        found: list[RelationCandidate] = []
        for component in self.components:
            found.extend(component.extract(sentence, mentions))
        return found
