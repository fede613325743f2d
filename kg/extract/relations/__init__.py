"""Relation extraction: a registry of components over one sentence's mentions.

A component takes a sentence and the merged mentions found in it, and returns
relation candidates whose head and tail are among (or derived from) those
mentions.  Patterns live in data files under ``kg/data/``; see
``kg.extract.relations.patterns``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, Self

from kg.components import RELATION_EXTRACTORS
from kg.types import Mention, RelationCandidate, Sentence

__all__ = ["RelationComponent", "RelationExtractor", "RELATION_EXTRACTORS", "RelationPipeline"]


class RelationExtractor(Protocol):
    """The interface of a relation component, as the pipeline uses it."""

    name: str

    def pipe(
        self, sentences: Sequence[Sentence], mentions: Sequence[Sequence[Mention]]
    ) -> list[list[RelationCandidate]]:
        """One list of candidates per sentence, given each sentence's mentions."""
        ...


class RelationComponent:
    """Base of the relation components: explicit loading and the batch call.

    A subclass loads its data in ``__init__`` (reached through :meth:`load`)
    and implements :meth:`extract` for one sentence, or overrides
    :meth:`pipe` when it gains from seeing the batch.
    """

    name: str = ""

    @classmethod
    def load(cls, **options: Any) -> Self:
        """Load the component's data; the pipeline's one way to make it."""
        return cls(**options)

    def extract(self, sentence: Sentence, mentions: Sequence[Mention]) -> list[RelationCandidate]:
        """Candidates of one sentence."""
        raise NotImplementedError

    def pipe(
        self, sentences: Sequence[Sentence], mentions: Sequence[Sequence[Mention]]
    ) -> list[list[RelationCandidate]]:
        """The batch call: candidates of each sentence."""
        return [self.extract(s, ms) for s, ms in zip(sentences, mentions, strict=True)]


class RelationPipeline:
    """Runs the configured relation components, in order, over a batch of sentences."""

    def __init__(self, names: Sequence[str]) -> None:
        self.components: list[RelationExtractor] = [RELATION_EXTRACTORS.load(n) for n in names]

    def pipe(
        self, sentences: Sequence[Sentence], mentions: Sequence[Sequence[Mention]]
    ) -> list[list[RelationCandidate]]:
        """All components' candidates for each sentence, concatenated in component order.

        Earlier components win: a later component's candidate between two
        mentions that an earlier one already related (either way round) is
        dropped, so a pair gets one edge and the patterns, listed first,
        keep theirs.
        """
        found: list[list[RelationCandidate]] = [[] for _ in sentences]
        for component in self.components:
            for bucket, more in zip(found, component.pipe(sentences, mentions), strict=True):
                taken = {_pair(c.head, c.tail) for c in bucket if c.tail is not None}
                bucket.extend(
                    c for c in more if c.tail is None or _pair(c.head, c.tail) not in taken
                )
        return found

    def extract(self, sentence: Sentence, mentions: Sequence[Mention]) -> list[RelationCandidate]:
        """All components' candidates for one ``sentence``."""
        return self.pipe([sentence], [mentions])[0]


def _pair(head: Mention, tail: Mention) -> frozenset[tuple[int, int]]:
    return frozenset({(head.start, head.end), (tail.start, tail.end)})
