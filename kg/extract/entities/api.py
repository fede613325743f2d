"""Entity extraction from Python, without the build pipeline.

Examples
--------
>>> [(m.text, m.type) for m in extract_text("李强在北京。宁波大学位于宁波。")]
[('李强', 'Person'), ('北京', 'Place'), ('宁波大学', 'University'), ('宁波', 'Place')]
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from kg.extract.entities import ENTITY_EXTRACTORS, EntityPipeline
from kg.nlp.sentences import split_sentences
from kg.types import Mention

__all__ = ["DEFAULT_EXTRACTORS", "ensure_registered", "pipeline", "extract_text"]

#: What ``kg extract``/``kg eval`` and :func:`extract_text` run by default.
DEFAULT_EXTRACTORS: tuple[str, ...] = ("ner",)


def ensure_registered() -> None:
    """Register the combined ``"ner"`` component if the registry lacks it."""
    if "ner" not in ENTITY_EXTRACTORS.names():
        ENTITY_EXTRACTORS.register_lazy("ner", "kg.extract.entities.ner:NERComponent")


@cache
def pipeline(extractors: tuple[str, ...] = DEFAULT_EXTRACTORS) -> EntityPipeline:
    """A cached :class:`EntityPipeline` (models load once per process)."""
    ensure_registered()
    return EntityPipeline(list(extractors))


def extract_text(text: str, extractors: Sequence[str] | None = None) -> list[Mention]:
    """Mentions of ``text``, with offsets into ``text`` itself.

    The text is split into sentences first (as the build does).

    Parameters
    ----------
    text
        Any Chinese text.
    extractors
        Registered entity extractor names; ``("ner",)`` by default.
    """
    sentences = split_sentences(text)
    names = tuple(extractors) if extractors else DEFAULT_EXTRACTORS
    out: list[Mention] = []
    for sentence, found in zip(sentences, pipeline(names).extract(sentences), strict=True):
        for m in found:
            out.append(
                Mention(
                    m.start + sentence.start,
                    m.end + sentence.start,
                    m.type,
                    m.text,
                    m.score,
                    m.method,
                    m.kind,
                )
            )
    return out
