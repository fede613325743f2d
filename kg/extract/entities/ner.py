"""The ``"ner"`` component: the CRF and the rules, combined.

Both see the same jieba segmentation (computed once per sentence).  Then:

1. CRF Organization mentions get the class of their suffix (``org_types.yaml``);
2. the stoplist drops generic nouns, positions, anaphors and 《titles》 from
   the pool *before* merging, so a dropped long span cannot hide a good
   shorter one;
3. CRF and rule mentions are merged by :func:`merge_mentions` (longest span
   first), so a rule that grows 卫东区 + 商务局 or 厦门市集成电路 + 行业协会
   into one name replaces the CRF's shorter span, and a CRF name replaces the
   gazetteer's place inside it (河南 in 河南大学).

Examples
--------
>>> text = "国务院总理李强在北京会见了美国国务卿。"
>>> [(m.text, m.type) for m in NERComponent().extract_text(text)]
[('国务院', 'GovernmentOrganization'), ('李强', 'Person'), ('北京', 'Place'), ('美国', 'Place')]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kg.extract.entities import merge_mentions
from kg.extract.entities.crf import CRFTagger
from kg.extract.entities.gazetteer import lexicon
from kg.extract.entities.rules import RuleMatcher, Token, refine_type, stoplist
from kg.types import Mention, Sentence

__all__ = ["NERComponent"]


class NERComponent:
    """CRF + rules + type refinement + stoplist.

    Parameters
    ----------
    model
        A CRF model file; the shipped model by default.
    rules
        Names of ``entity_rules.yaml`` rules to run; all by default.
    """

    name = "ner"

    def __init__(self, model: str | Path | None = None, rules: Sequence[str] | None = None) -> None:
        self.crf = CRFTagger(model)
        self.rules = RuleMatcher(rules)
        self.lex = lexicon()
        self.stop = stoplist()

    def extract_text(self, text: str) -> list[Mention]:
        """Mentions of one sentence (offsets into ``text``)."""
        if not text.strip():
            return []
        from kg.extract.entities.features import segment

        words = segment(text)
        tokens: list[Token] = []
        offset = 0
        for word, pos in words:
            tokens.append(Token(offset, offset + len(word), word, pos))
            offset += len(word)
        pool = [
            refine_type(Mention(s, e, t, text[s:e], score, "crf"), self.lex)
            for s, e, t, score in self.crf.tag(text, words)
        ]
        pool.extend(self.rules.match(text, tokens))
        return merge_mentions(self.stop.clean(text, pool))

    def extract(self, sentences: Sequence[Sentence]) -> list[list[Mention]]:
        return [self.extract_text(s.text) for s in sentences]
