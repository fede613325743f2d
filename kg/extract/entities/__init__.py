"""Entity mention extraction: a registry of components and one merge policy.

Each component turns a batch of sentences into mentions.  Statistical taggers
and rule/lexicon matchers sit side by side (as spaCy's EntityRuler beside its
NER); :func:`merge_mentions` decides between overlapping spans.

A component subclasses :class:`EntityComponent` and names itself with
``@ENTITY_EXTRACTORS.factory("name")`` where it is defined; the module goes
in the registry's list in :mod:`kg.components`.  A component that also has
a ``refine(sentences, mentions)`` method (the ``precision`` stage) judges the
candidates of the components before it instead of adding its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, Self

from kg.components import ENTITY_EXTRACTORS
from kg.types import Mention, Sentence

__all__ = [
    "EntityComponent",
    "EntityExtractor",
    "ENTITY_EXTRACTORS",
    "merge_mentions",
    "EntityPipeline",
]


class EntityExtractor(Protocol):
    """The interface of an entity component, as the pipeline uses it."""

    name: str

    def pipe(self, sentences: Sequence[Sentence]) -> list[list[Mention]]:
        """Return one list of mentions (sentence offsets) per sentence."""
        ...


class EntityComponent:
    """Base of the entity components: explicit loading and the batch call.

    A subclass loads its models in ``__init__`` (reached through
    :meth:`load`) and implements :meth:`extract` over a batch of sentences.
    """

    name: str = ""

    @classmethod
    def load(cls, **options: Any) -> Self:
        """Load the component's models and data; the pipeline's one way to make it."""
        return cls(**options)

    def extract(self, sentences: Sequence[Sentence]) -> list[list[Mention]]:
        """Mentions (sentence offsets) of each sentence."""
        raise NotImplementedError

    def pipe(self, sentences: Sequence[Sentence]) -> list[list[Mention]]:
        """The batch call: :meth:`extract` over all ``sentences`` at once."""
        return self.extract(sentences)


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
        self.components: list[EntityExtractor] = [ENTITY_EXTRACTORS.load(n) for n in names]

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
            refine = getattr(component, "refine", None)
            if refine is not None:
                per_sentence = refine(flat, per_sentence)
                continue
            for bucket, found in zip(per_sentence, component.pipe(flat), strict=True):
                bucket.extend(found)
        merged = [merge_mentions(ms) for ms in per_sentence]
        out: list[list[list[Mention]]] = []
        start = 0
        for group in groups:
            out.append(merged[start : start + len(group)])
            start += len(group)
        return out
