"""Entity mention extraction: a registry of components and one merge policy.

Each component turns a batch of sentences into mentions.  Statistical taggers
and rule/lexicon matchers sit side by side (as spaCy's EntityRuler beside its
NER); :func:`merge_mentions` decides between overlapping spans.

Register a component with ``ENTITY_EXTRACTORS.register(name, factory)``; the
factory takes no arguments and returns an :class:`EntityExtractor`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from kg.registry import Registry
from kg.types import Mention, Sentence

__all__ = [
    "EntityExtractor",
    "ENTITY_EXTRACTORS",
    "merge_mentions",
    "EntityPipeline",
]


class EntityExtractor(Protocol):
    name: str

    def extract(self, sentences: Sequence[Sentence]) -> list[list[Mention]]:
        """Return one list of mentions (sentence offsets) per sentence."""
        ...


ENTITY_EXTRACTORS: Registry[EntityExtractor] = Registry("entity extractor")
ENTITY_EXTRACTORS.register_lazy("jieba", "kg.extract.entities.jieba_tagger:JiebaTagger")
ENTITY_EXTRACTORS.register_lazy("rules", "kg.extract.entities.rules:RuleMatcher")
ENTITY_EXTRACTORS.register_lazy("crf", "kg.extract.entities.crf:CRFTagger")
ENTITY_EXTRACTORS.register_lazy("lstm", "kg.extract.entities.ensemble:LSTMTagger")
ENTITY_EXTRACTORS.register_lazy("ensemble", "kg.extract.entities.ensemble:EnsembleTagger")
ENTITY_EXTRACTORS.register_lazy("anaphors", "kg.extract.entities.anaphors:AnaphorMatcher")
ENTITY_EXTRACTORS.register_lazy("ner", "kg.extract.entities.ner:NERComponent")
ENTITY_EXTRACTORS.register_lazy("ner-crf", "kg.extract.entities.ner:CRFNERComponent")


def merge_mentions(candidates: Sequence[Mention]) -> list[Mention]:
    """Resolve overlaps: longer spans win, then higher scores, then earlier ones.

    Examples
    --------
    >>> a = Mention(0, 3, "Place", "东湖区")
    >>> b = Mention(0, 6, "GovernmentOrganization", "东湖区商务局")
    >>> [m.text for m in merge_mentions([a, b])]
    ['东湖区商务局']
    """
    ranked = sorted(candidates, key=lambda m: (-(m.end - m.start), -m.score, m.start))
    taken: list[Mention] = []
    for m in ranked:
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    return sorted(taken, key=lambda m: m.start)


class EntityPipeline:
    """Runs the configured components and merges their mentions."""

    def __init__(self, names: Sequence[str]) -> None:
        self.components = [ENTITY_EXTRACTORS.create(n) for n in names]

    def extract(self, sentences: Sequence[Sentence]) -> list[list[Mention]]:
        return self.extract_many([sentences])[0]

    def extract_many(self, groups: Sequence[Sequence[Sentence]]) -> list[list[list[Mention]]]:
        """:meth:`extract` for several articles' sentences in one call.

        Components are independent per sentence, so all the sentences go
        through each component together: the statistical tagger runs one
        batch instead of one per article.
        """
        flat = [s for group in groups for s in group]
        per_sentence: list[list[Mention]] = [[] for _ in flat]
        for component in self.components:
            for bucket, found in zip(per_sentence, component.extract(flat), strict=True):
                bucket.extend(found)
        merged = [merge_mentions(ms) for ms in per_sentence]
        out: list[list[list[Mention]]] = []
        start = 0
        for group in groups:
            out.append(merged[start : start + len(group)])
            start += len(group)
        return out
