"""The shipped CRF model and the combined ``ner`` component."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import KGError
from kg.extract.entities.api import extract_text
from kg.extract.entities.crf import CRFTagger, decode_bioes, default_model_path
from kg.extract.entities.ner import NERComponent
from kg.types import Sentence


def test_shipped_model_is_small_enough_to_commit() -> None:
    assert default_model_path().stat().st_size < 30_000_000


def test_crf_tags_a_news_sentence_sensibly() -> None:
    text = "国务院总理李强在北京会见了美国国务卿。"
    found = CRFTagger().extract([Sentence("t", 0, 0, len(text), text)])[0]
    got = {(m.text, m.type) for m in found}
    assert ("李强", "Person") in got
    assert ("北京", "Place") in got
    assert ("美国", "Place") in got
    assert ("国务院", "Organization") in got
    for m in found:
        assert text[m.start : m.end] == m.text
        assert 0.0 < m.score <= 1.0


def test_ner_types_organizations_and_keeps_long_names() -> None:
    text = "苏州市集成电路行业协会与江南大学、昆山市商务局共同推进年产8000吨锂电池隔膜项目。"
    got = {(m.text, m.type) for m in NERComponent().extract_text(text)}
    assert ("苏州市集成电路行业协会", "Organization") in got
    assert ("江南大学", "University") in got
    assert ("昆山市商务局", "GovernmentOrganization") in got
    assert ("年产8000吨锂电池隔膜项目", "Project") in got


def test_ner_drops_positions_and_titles() -> None:
    text = "副局长王建国在会上解读了《杭州市促进就业条例》。"
    got = {(m.text, m.type) for m in NERComponent().extract_text(text)}
    assert ("王建国", "Person") in got
    assert not any("副局长" in t for t, _ in got)
    assert not any("条例" in t for t, _ in got)


def test_extract_text_offsets_index_the_whole_text() -> None:
    text = "第一句没有名字。\n张海峰昨天到了上海。"
    found = extract_text(text)
    assert found
    for m in found:
        assert text[m.start : m.end] == m.text
    assert ("张海峰", "Person") in {(m.text, m.type) for m in found}


def test_missing_model_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(KGError, match=r"kg\.train\.ner"):
        CRFTagger(tmp_path / "nope.crfsuite")


def test_decode_repairs_broken_label_runs() -> None:
    assert decode_bioes(["I-ORG", "E-ORG", "B-PER", "O", "E-LOC"]) == [
        (0, 2, "ORG"),
        (2, 3, "PER"),
        (4, 5, "LOC"),
    ]
