"""Baseline: jieba.posseg's nr/ns/nt tags used directly as NER."""

from __future__ import annotations

from collections.abc import Sequence

from kg.components import ENTITY_EXTRACTORS
from kg.extract.entities import EntityComponent
from kg.nlp.segment import tokenize
from kg.types import Mention, Sentence

__all__ = ["JiebaTagger"]

_POS_TO_TYPE = {"nr": "Person", "ns": "Place", "nt": "Organization"}


@ENTITY_EXTRACTORS.factory("jieba")
class JiebaTagger(EntityComponent):
    name = "jieba"

    def extract(self, sentences: Sequence[Sentence]) -> list[list[Mention]]:
        out: list[list[Mention]] = []
        for sentence in sentences:
            found: list[Mention] = []
            for tok in tokenize(sentence.text):
                etype = _POS_TO_TYPE.get(tok.pos)
                if etype and len(tok.text) > 1:
                    found.append(Mention(tok.start, tok.end, etype, tok.text, 0.5, self.name))
            out.append(found)
        return out
