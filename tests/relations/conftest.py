"""Helpers: sentences with hand-made mentions, as the entity pipeline gives them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kg.extract.relations.patterns import PatternExtractor
from kg.types import Mention, RelationCandidate, Sentence

Spec = tuple[str, str] | tuple[str, str, str]


def make_mentions(text: str, specs: list[Spec]) -> list[Mention]:
    """Mentions for ``(surface, type[, kind])`` found left to right in ``text``."""
    out: list[Mention] = []
    pos = 0
    for spec in specs:
        surface, etype = spec[0], spec[1]
        kind = spec[2] if len(spec) == 3 else "name"
        start = text.index(surface, pos)
        out.append(Mention(start, start + len(surface), etype, surface, 1.0, "test", kind))
        pos = start + len(surface)
    return out


Run = Callable[[str, list[Spec]], list[RelationCandidate]]


@pytest.fixture(scope="session")
def extractor() -> PatternExtractor:
    return PatternExtractor()


@pytest.fixture(scope="session")
def run(extractor: PatternExtractor) -> Run:
    def _run(text: str, specs: list[Spec]) -> list[RelationCandidate]:
        sentence = Sentence("t", 0, 0, len(text), text)
        return extractor.extract(sentence, make_mentions(text, specs))

    return _run


def triples(cands: list[RelationCandidate]) -> set[tuple[str, str, str | None, str | None]]:
    """``(head, relation, tail-or-literal, role)`` of each candidate."""
    return {
        (c.head.text, c.relation, c.tail.text if c.tail else c.literal, c.role) for c in cands
    }


@pytest.fixture(scope="session")
def as_triples() -> Callable[[list[RelationCandidate]], set[tuple[str, str, str | None, str | None]]]:
    return triples
