from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline.cache import ExtractionCache, analysis_from_json, analysis_to_json
from kg.pipeline.executors import EXECUTORS
from kg.types import (
    Article,
    ArticleAnalysis,
    Credit,
    Document,
    DocumentAnalysis,
    Mention,
    RelationCandidate,
    Sentence,
    SentenceAnalysis,
)


@pytest.fixture
def analysis() -> DocumentAnalysis:
    article = Article(
        "d1-0", "d1", "a.txt", 0, "标题", "李华在北京工作。", [Credit("王明", "author")]
    )
    sentence = Sentence("d1-0", 0, 0, 8, "李华在北京工作。")
    person = Mention(0, 2, "Person", "李华", 0.9, "crf")
    place = Mention(3, 5, "Place", "北京", 0.8, "crf")
    rel = RelationCandidate(person, "residesIn", place, "test-rule", 0.7)
    doc = Document("d1", "a.txt", "h1", [article])
    return DocumentAnalysis(
        doc, [ArticleAnalysis(article, [SentenceAnalysis(sentence, [person, place], [rel])])]
    )


def test_json_round_trip(analysis: DocumentAnalysis) -> None:
    assert analysis_from_json(analysis_to_json(analysis)) == analysis


def test_cache_hits_only_on_same_content_and_fingerprint(
    tmp_path: Path, analysis: DocumentAnalysis
) -> None:
    cache = ExtractionCache(tmp_path, "fp1")
    cache.put(analysis)
    assert ExtractionCache(tmp_path, "fp1").get(analysis.document) == analysis
    assert ExtractionCache(tmp_path, "fp2").get(analysis.document) is None
    changed = Document("d1", "a.txt", "h2", analysis.document.articles)
    assert ExtractionCache(tmp_path, "fp1").get(changed) is None


def test_prune_removes_documents_not_in_this_build(
    tmp_path: Path, analysis: DocumentAnalysis
) -> None:
    ExtractionCache(tmp_path, "fp").put(analysis)
    fresh = ExtractionCache(tmp_path, "fp")
    assert fresh.prune() == 1
    assert not any(tmp_path.iterdir())


def _square_all(batch: list[int], offset: int) -> list[int]:
    return [x * x + offset for x in batch]


@pytest.mark.parametrize("name", ["serial", "processes"])
def test_executors_keep_input_order(name: str) -> None:
    executor = EXECUTORS.create(name, jobs=2)
    try:
        batches = [[i, i + 1] for i in range(0, 20, 2)]
        out = [x for r in executor.map_ordered(_square_all, batches, 1) for x in r]
    finally:
        executor.close()
    assert out == [i * i + 1 for i in range(20)]
