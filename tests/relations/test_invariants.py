"""Properties of the pattern engine on arbitrary sentences and mentions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.relations.patterns import PatternExtractor
from kg.types import ENTITY_TYPES, Mention, Sentence

# Characters that make patterns fire often: titles, verbs, quotes, levels.
ALPHABET = "与和、，。“”说表示书记副主任局长区委市县街道村社区居民位于的项目投资建设合作签订协议获评荣获毕业于创办总部王李张某星河公司大学"

EXTRACTOR = PatternExtractor()


@st.composite
def sentences(draw: st.DrawFn) -> tuple[str, list[Mention]]:
    text = draw(st.text(alphabet=ALPHABET, min_size=0, max_size=40))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    mentions: list[Mention] = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if b > a:
            etype = draw(st.sampled_from(ENTITY_TYPES))
            kind = draw(st.sampled_from(["name", "name", "anaphor", "short"]))
            mentions.append(Mention(a, b, etype, text[a:b], 1.0, "test", kind))
    return text, mentions


@settings(max_examples=300, deadline=None)
@given(sentences())
def test_candidates_stay_inside_the_sentence(case: tuple[str, list[Mention]]) -> None:
    text, mentions = case
    given_spans = {(m.start, m.end, m.text) for m in mentions}
    for c in EXTRACTOR.extract(Sentence("t", 0, 0, len(text), text), mentions):
        assert c.relation and c.rule
        assert (c.tail is None) == (c.literal is not None)
        for m in (c.head, c.tail):
            if m is None:
                continue
            assert 0 <= m.start <= m.end <= len(text)
            if m.method == "test":  # a mention we gave: passed through unchanged
                assert (m.start, m.end, m.text) in given_spans
        if c.literal is not None:
            assert c.literal.strip() and c.literal in text
