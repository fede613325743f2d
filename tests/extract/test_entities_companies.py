"""Company names without a legal suffix: mined lexicon, business words, article short forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import KGError
from kg.extract.entities import ENTITY_EXTRACTORS
from kg.extract.entities.companies import (
    CompanyLexicon,
    business_words,
    company_lexicon,
    short_forms,
)
from kg.extract.entities.ner import NERComponent
from kg.train.companies import DEFAULT_DATA, DEFAULT_OUT, DEFAULT_WORDS, transliteration_chars
from kg.types import Sentence


@pytest.fixture(scope="module")
def ner() -> NERComponent:
    return NERComponent()


def _article(*texts: str) -> list[Sentence]:
    return [Sentence("art", i, 0, len(t), t) for i, t in enumerate(texts)]


def _found(ner: NERComponent, *texts: str) -> list[set[tuple[str, str]]]:
    return [{(m.text, m.type) for m in ms} for ms in ner.extract(_article(*texts))]


def test_shipped_lexicon_has_names_not_words() -> None:
    lex = company_lexicon()
    assert len(lex.names) > 1000
    assert "腾讯" in lex.names and "摩托罗拉" in lex.names
    # common words and places the sources also call companies are filtered out
    for word in ("苹果", "平安", "公司", "北京", "美的"):
        assert word not in lex.names
    assert lex.is_brand("摩托罗拉") and not lex.is_brand("腾讯")


def test_lexicon_matches_whole_words_only() -> None:
    lex = company_lexicon()
    from kg.extract.entities.rules import tokens_of

    text = "腾讯与摩托罗拉签约，腾讯视频也来了"
    got = [(m.text, m.start) for m in lex.match(text, tokens_of(text))]
    assert ("腾讯", 0) in got and ("摩托罗拉", 3) in got


def test_bad_lexicon_line_is_a_clear_error() -> None:
    with pytest.raises(KGError, match=r"companies\.tsv:2"):
        CompanyLexicon("# header\n华星科技\n")


def test_transliterated_company_is_no_person(ner: NERComponent) -> None:
    [got] = _found(ner, "摩托罗拉在天津设立研发中心，招聘两百名工程师。")
    assert ("摩托罗拉", "Company") in got
    assert not any(t == "Person" and "摩托罗拉" in n for n, t in got)


def test_trade_name_plus_business_word_is_a_company(ner: NERComponent) -> None:
    [got] = _found(ner, "会上，三菱树脂与多家本地企业签订了供货协议。")
    assert ("三菱树脂", "Company") in got


def test_common_noun_plus_business_word_is_no_company(ner: NERComponent) -> None:
    [got] = _found(ner, "该县大力发展智能科技和绿色化工产业，引进环氧树脂生产线。")
    assert not any(t == "Company" for _, t in got)


def test_business_words_are_data() -> None:
    words = business_words()
    assert {"树脂", "轮胎", "地产", "电气"} <= set(words)
    assert "国际" not in words  # excluded in entity_rules.yaml
    assert list(words) == sorted(words, key=len, reverse=True)


def test_short_forms_of_a_full_name() -> None:
    assert short_forms("洛阳瑞丰塑业有限公司") == ["瑞丰塑业", "瑞丰"]
    assert short_forms("瑞丰集团") == ["瑞丰"]
    # a bare suffix, a place or common words only give no short form
    assert short_forms("有限公司") == []
    assert short_forms("洛阳有限公司") == []
    assert short_forms("新能源科技有限公司") == []


def test_short_form_in_the_same_article_is_the_company(ner: NERComponent) -> None:
    first, second = _found(
        ner,
        "洛阳瑞丰塑业有限公司总投资5亿元，今年建成投产。",
        "瑞丰塑业负责人介绍，瑞丰今年将新增两条生产线。",
    )
    assert ("洛阳瑞丰塑业有限公司", "Company") in first
    assert ("瑞丰塑业", "Company") in second
    assert ("瑞丰", "Company") in second


def test_short_form_does_not_leak_into_other_articles(ner: NERComponent) -> None:
    sentences = [
        Sentence("a", 0, 0, 17, "洛阳瑞丰塑业有限公司年产5万吨改性塑料。"),
        Sentence("b", 0, 0, 12, "瑞丰同学获得了一等奖。"),
    ]
    _, other = ner.extract(sentences)
    assert not any(m.type == "Company" and m.text == "瑞丰" for m in other)


def test_companies_component_is_registered() -> None:
    assert "companies" in ENTITY_EXTRACTORS.names()
    component = ENTITY_EXTRACTORS.create("companies")
    [found] = component.extract(_article("记者从腾讯获悉，该项目已上线。"))
    assert [(m.text, m.type) for m in found] == [("腾讯", "Company")]


def test_transliteration_characters_need_foreign_evidence() -> None:
    foreign = [f"{a}{b}斯" for a in "阿巴卡达" for b in "克拉莫尔诺"]
    chars = transliteration_chars(foreign, ["王明", "李斯"])
    assert "斯" in chars  # 20 foreign names against one native
    assert "王" not in chars and "明" not in chars


@pytest.mark.skipif(not (DEFAULT_DATA / "re").is_dir(), reason="training data not here")
def test_shipped_lexicon_is_what_the_script_writes(tmp_path: Path) -> None:
    from kg.train.companies import main

    out, words = tmp_path / "companies.tsv", tmp_path / "words.tsv"
    assert main(["--out", str(out), "--words-out", str(words)]) == 0
    assert out.read_bytes() == DEFAULT_OUT.read_bytes()
    assert words.read_bytes() == DEFAULT_WORDS.read_bytes()


def test_firms_listed_with_a_firm_counter(ner: NERComponent) -> None:
    [got] = _found(ner, "全县规上企业20家，其中瑞鑫、龙盛、中晟3家为高新技术企业。")
    assert {("瑞鑫", "Company"), ("龙盛", "Company"), ("中晟", "Company")} <= got


@pytest.mark.parametrize(
    "text",
    [
        "目前全村有纺织、印染、化工等18家企业。",  # industries
        "长沙、湘潭、株洲5家城商行合并。",  # places
        "王明、李强等5户贫困户脱贫。",  # households, no firms
    ],
)
def test_lists_that_are_not_firms(text: str) -> None:
    from kg.extract.entities.companies import company_lists

    assert company_lists().match(text) == []
