"""Build analysed documents from sentences with hand-made mentions.

Relations come from the real PatternExtractor, so the resolver is tested on
what the pattern engine gives it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from kg.extract.relations.patterns import PatternExtractor
from kg.types import (
    Article,
    ArticleAnalysis,
    Credit,
    Document,
    DocumentAnalysis,
    Mention,
    Sentence,
    SentenceAnalysis,
)

#: ``(surface, type)`` or ``(surface, type, kind)``, found left to right.
Spec = tuple[str, ...]
#: One sentence: its text and its mentions.
SentenceSpec = tuple[str, list[Spec]]


def _mentions(text: str, specs: Sequence[Spec]) -> list[Mention]:
    out: list[Mention] = []
    pos = 0
    for spec in specs:
        surface, etype = spec[0], spec[1]
        kind = spec[2] if len(spec) > 2 else "name"
        start = text.index(surface, pos)
        out.append(Mention(start, start + len(surface), etype, surface, 1.0, "test", kind))
        pos = start + len(surface)
    return out


_EXTRACTOR: PatternExtractor | None = None


def make_doc(
    doc_id: str,
    articles: Sequence[tuple[str | None, Sequence[SentenceSpec]]],
    credits: Sequence[Sequence[Credit]] = (),
) -> DocumentAnalysis:
    """A document of articles, each a headline and sentences joined by nothing."""
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = PatternExtractor()
    doc = Document(doc_id, f"{doc_id}.txt", doc_id, [])
    analysis = DocumentAnalysis(doc)
    for index, (headline, sentences) in enumerate(articles):
        text = "".join(s for s, _ in sentences)
        art = Article(f"{doc_id}-{index}", doc_id, f"{doc_id}.txt", index, headline, text,
                      list(credits[index]) if index < len(credits) else [])
        doc.articles.append(art)
        aa = ArticleAnalysis(art)
        start = 0
        for n, (stext, specs) in enumerate(sentences):
            sentence = Sentence(art.id, n, start, start + len(stext), stext)
            mentions = _mentions(stext, specs)
            aa.sentences.append(
                SentenceAnalysis(sentence, mentions, _EXTRACTOR.extract(sentence, mentions))
            )
            start += len(stext)
        analysis.articles.append(aa)
    return analysis


@pytest.fixture(scope="session")
def doc() -> Callable[..., DocumentAnalysis]:
    return make_doc
