"""Where evaluation obtains the analyses it scores: entity mentions and relation candidates.

The scoring modules (:mod:`.entities`, :mod:`.relations`) call only these two
functions, so how a sentence is analysed is decided here, once.
"""

from __future__ import annotations

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

    The sentences go through the build's ``entities`` stage.  Models and jieba
    load on a first sentence before the clock starts, so the time is the
    tagging alone.  ``extractors`` defaults to the configured entity default.
    """
    from kg.pipeline.api import entity_pipeline
    from kg.pipeline.timing import StageTimer

    pipe = entity_pipeline(extractors)
    pipe.entities(sentences[:1])
    timer = StageTimer()
    with timer.stage("entities"):
        found = pipe.entities(sentences)
    return found, timer.seconds["entities"]


def relation_candidates(
    items: Iterable[tuple[Sentence, Sequence[Mention] | None]],
    entity_names: Sequence[str],
    relation_names: Sequence[str],
) -> Iterator[tuple[list[Mention], list[RelationCandidate]]]:
    """Mentions and relation candidates of each sentence, in order.

    Each item is a sentence and, optionally, gold mentions: these replace the
    predicted mentions they overlap (predicted mentions elsewhere, such as
    anaphors, stay), which measures the relation extractors without entity
    errors.  Both stages are the build's (:class:`kg.pipeline.stages.Pipeline`).
    """
    from kg.config import load_config
    from kg.extract.entities import merge_mentions
    from kg.pipeline.stages import load_pipeline

    pipeline = load_pipeline(
        load_config(
            None,
            entity_extractors=list(entity_names),
            relation_extractors=list(relation_names),
        )
    )
    for batch in batched(items, _BATCH):
        sentences = [sentence for sentence, _ in batch]
        merged: list[list[Mention]] = []
        for (_, gold), mentions in zip(batch, pipeline.entities(sentences), strict=True):
            if gold is not None:
                mentions = merge_mentions([
                    *gold,
                    *(m for m in mentions
                      if all(m.end <= g.start or m.start >= g.end for g in gold)),
                ])
            merged.append(mentions)
        yield from zip(merged, pipeline.relations(sentences, merged), strict=True)
