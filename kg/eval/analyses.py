"""Where evaluation obtains the analyses it scores: entity mentions and relation candidates.

The scoring modules (:mod:`.entities`, :mod:`.relations`) call only these two
functions, so how a sentence is analysed is decided here, once.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence

from kg.batching import batched
from kg.types import Mention, RelationCandidate, Sentence

__all__ = ["entity_mentions", "relation_candidates"]

#: Sentences per entity-extraction call in :func:`relation_candidates`.
_BATCH = 64


def entity_mentions(
    sentences: Sequence[Sentence], extractors: Sequence[str] | None = None
) -> tuple[list[list[Mention]], float]:
    """The mentions of each sentence, and the seconds extraction took.

    Models and jieba load on a first sentence before the clock starts, so the
    time is the tagging alone.  ``extractors`` defaults to the entity default.
    """
    from kg.extract.entities.api import DEFAULT_EXTRACTORS, pipeline

    pipe = pipeline(tuple(extractors) if extractors else DEFAULT_EXTRACTORS)
    pipe.extract(sentences[:1])
    t0 = time.perf_counter()
    found = pipe.extract(sentences)
    return found, time.perf_counter() - t0


def relation_candidates(
    items: Iterable[tuple[Sentence, Sequence[Mention] | None]],
    entity_names: Sequence[str],
    relation_names: Sequence[str],
) -> Iterator[tuple[list[Mention], list[RelationCandidate]]]:
    """Mentions and relation candidates of each sentence, in order.

    Each item is a sentence and, optionally, gold mentions: these replace the
    predicted mentions they overlap (predicted mentions elsewhere, such as
    anaphors, stay), which measures the relation extractors without entity
    errors.
    """
    from kg.extract.entities import EntityPipeline, merge_mentions
    from kg.extract.relations import RelationPipeline

    entities = EntityPipeline(entity_names)
    relations = RelationPipeline(relation_names)
    for batch in batched(items, _BATCH):
        sentences = [sentence for sentence, _ in batch]
        for (sentence, gold), mentions in zip(batch, entities.extract(sentences), strict=True):
            if gold is not None:
                mentions = merge_mentions([
                    *gold,
                    *(m for m in mentions
                      if all(m.end <= g.start or m.start >= g.end for g in gold)),
                ])
            yield mentions, relations.extract(sentence, mentions)
