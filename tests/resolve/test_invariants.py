"""Properties of the resolver on arbitrary analysed articles."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.config import BuildConfig
from kg.extract.relations.patterns import PatternExtractor
from kg.resolve.resolver import DefaultResolver
from kg.types import (
    ENTITY_TYPES,
    Article,
    ArticleAnalysis,
    Document,
    DocumentAnalysis,
    Mention,
    Sentence,
    SentenceAnalysis,
)

ALPHABET = "与和、，“”说书记副主任局长区委市街道村社区居民位于的项目投资合作签订协议荣获该全我王李张某星河公司大学"
EXTRACTOR = PatternExtractor()


@st.composite
def articles(draw: st.DrawFn) -> list[tuple[str, list[Mention]]]:
    out: list[tuple[str, list[Mention]]] = []
    for _ in range(draw(st.integers(1, 4))):
        text = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=30)) + "。"
        cuts = sorted(draw(st.sets(st.integers(0, len(text) - 1), max_size=8)))
        mentions = [
            Mention(a, b, draw(st.sampled_from(ENTITY_TYPES)), text[a:b], 1.0, "test",
                    draw(st.sampled_from(["name", "name", "anaphor", "short"])))
            for a, b in zip(cuts[::2], cuts[1::2], strict=False)
            if b > a
        ]
        out.append((text, mentions))
    return out


def _analysis(sentences: list[tuple[str, list[Mention]]]) -> DocumentAnalysis:
    text = "".join(s for s, _ in sentences)
    art = Article("a0", "d0", "d0.txt", 0, None, text)
    aa = ArticleAnalysis(art)
    start = 0
    for n, (stext, ms) in enumerate(sentences):
        sentence = Sentence(art.id, n, start, start + len(stext), stext)
        aa.sentences.append(SentenceAnalysis(sentence, ms, EXTRACTOR.extract(sentence, ms)))
        start += len(stext)
    return DocumentAnalysis(Document("d0", "d0.txt", "h", [art]), [aa])


@settings(max_examples=150, deadline=None)
@given(articles())
def test_resolution_is_consistent(sentences: list[tuple[str, list[Mention]]]) -> None:
    analysis = _analysis(sentences)
    text = analysis.articles[0].article.text
    res = DefaultResolver().resolve([analysis], BuildConfig(home_city="星城市"))
    for link in res.links:
        assert link.entity_key in res.entities
        assert text[link.evidence.start : link.evidence.end] == link.text
    for fact in res.facts:
        assert fact.subject in res.entities
        assert fact.object_is_literal or fact.object in res.entities
        assert fact.subject != fact.object
        assert fact.evidence is not None and 0 <= fact.evidence.start <= fact.evidence.end
    for decision in res.decisions:
        assert decision.entity_key in res.entities and 0 < decision.score <= 1
    again = DefaultResolver().resolve([analysis], BuildConfig(home_city="星城市"))
    assert sorted(again.entities) == sorted(res.entities)
