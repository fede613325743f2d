"""Extraction never crashes on hostile text, and every offset points at its quoted text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.config import BuildConfig
from kg.pipeline.stages import load_pipeline
from kg.types import Article, Document

_CONFIG = BuildConfig()

hostile_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("。！？“”（）《》、，\n\t\x00\u200b区委书记张伟在北京大学工作有限公司项目")),
    ),
    max_size=400,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_extraction_survives_and_offsets_hold(text: str) -> None:
    pipeline = load_pipeline(_CONFIG)
    article = Article("d-0", "d", "fuzz.txt", 0, None, text)
    [analysis] = pipeline.analyse([Document("d", "fuzz.txt", "h", [article])])
    for aa in analysis.articles:
        for sa in aa.sentences:
            s = sa.sentence
            assert text[s.start : s.end] == s.text
            for m in sa.mentions:
                assert s.text[m.start : m.end] == m.text
            for r in sa.relations:
                for m in (r.head, r.tail):
                    if m is not None:
                        assert s.text[m.start : m.end] == m.text


def test_one_megabyte_line_is_processed() -> None:
    pipeline = load_pipeline(_CONFIG)
    text = "李华在北京大学工作，" * 100_000
    article = Article("d-0", "d", "big.txt", 0, None, text)
    [analysis] = pipeline.analyse([Document("d", "big.txt", "h", [article])])
    assert sum(len(sa.mentions) for aa in analysis.articles for sa in aa.sentences) > 0
