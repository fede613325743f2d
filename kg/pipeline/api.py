"""The pipeline from Python, for a text rather than a build.

Examples
--------
>>> [(m.text, m.type) for m in extract_text("李强在北京。宁波大学位于宁波。")]
[('李强', 'Person'), ('北京', 'Place'), ('宁波大学', 'University'), ('宁波', 'Place')]
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.config import BuildConfig, load_config
from kg.nlp.sentences import split_sentences
from kg.pipeline.stages import Pipeline, load_pipeline
from kg.types import Mention

__all__ = ["extract_text", "entity_pipeline"]


def entity_pipeline(extractors: Sequence[str] | None = None) -> Pipeline:
    """This process's pipeline with ``extractors`` (the configured default if ``None``)."""
    config: BuildConfig = load_config(None, entity_extractors=list(extractors or []) or None)
    return load_pipeline(config)


def extract_text(text: str, extractors: Sequence[str] | None = None) -> list[Mention]:
    """Mentions of ``text``, with offsets into ``text`` itself.

    The text goes through the pipeline's ``sentences`` and ``entities`` stages,
    as in a build.

    Parameters
    ----------
    text
        Any Chinese text.
    extractors
        Registered entity extractor names; the configured default
        (:data:`kg.config.DEFAULT_ENTITY_EXTRACTORS`) if ``None``.
    """
    sentences = split_sentences(text)
    out: list[Mention] = []
    found_all = entity_pipeline(extractors).entities(sentences)
    for sentence, found in zip(sentences, found_all, strict=True):
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
