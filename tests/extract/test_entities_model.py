"""The shipped CRF model and the combined ``ner`` component."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import KGError
from kg.extract.entities.crf import CRFTagger, default_model_path
from kg.extract.entities.lattice import decode_bioes
from kg.extract.entities.ner import NERComponent, reconcile
from kg.pipeline.api import extract_text
from kg.types import Mention, Sentence


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


def test_reconcile_lets_a_suffix_rule_beat_a_crf_person() -> None:
    text = "大家在饺子王酒店聚餐"
    crf = [Mention(5, 8, "Person", "王酒店")]
    rules = [Mention(3, 8, "Company", "饺子王酒店", 0.9, "rules:company")]
    assert text[5:8] == "王酒店" and text[3:8] == "饺子王酒店"
    got = [(m.text, m.type) for m in reconcile(text, crf, rules)]
    assert got == [("饺子王酒店", "Company")]


def test_reconcile_keeps_the_crf_start_when_both_end_together() -> None:
    text = "当北京大学的学生"
    crf = [Mention(1, 5, "Organization", "北京大学")]
    rules = [Mention(0, 5, "University", "当北京大学", 0.9, "rules:university")]
    assert [(m.start, m.end) for m in reconcile(text, crf, rules)] == [(1, 5)]


def test_lone_surname_is_a_short_mention() -> None:
    found = NERComponent().extract_text("据警方介绍，王某与丈夫郭某于去年离家。")
    short = [m for m in found if m.type == "Person" and len(m.text) == 1]
    assert all(m.kind == "short" for m in short)


def test_slogan_words_are_not_organizations() -> None:
    text = "坚持“绿水青山就是金山银山”，成立“防汛救灾领导小组”。"
    slogan = Mention(9, 13, "Organization", "金山银山")
    body = Mention(18, 26, "Organization", "防汛救灾领导小组")
    assert text[9:13] == slogan.text and text[18:26] == body.text
    from kg.extract.entities.rules import stoplist

    kept = stoplist().clean(text, [slogan, body])
    assert [m.text for m in kept] == ["防汛救灾领导小组"]


def test_reconcile_does_not_grow_a_rule_over_a_crf_person() -> None:
    text = "副书记王明带队走村访户"
    crf = [Mention(3, 5, "Person", "王明")]
    rules = [Mention(3, 9, "Place", "王明带队走村", 0.85, "rules:street_and_village")]
    assert text[3:5] == "王明" and text[3:9] == "王明带队走村"
    assert [(m.text, m.type) for m in reconcile(text, crf, rules)] == [("王明", "Person")]


def test_reconcile_keeps_a_place_before_a_bare_suffix() -> None:
    text = "共有十二家墨西哥银行受到调查"
    crf = [Mention(5, 8, "Place", "墨西哥")]
    rules = [Mention(5, 10, "Company", "墨西哥银行", 0.9, "rules:company_generic_suffix")]
    assert text[5:10] == "墨西哥银行"
    assert [(m.text, m.type) for m in reconcile(text, crf, rules)] == [("墨西哥", "Place")]
    # A body after a place is the place's own: 东湖区 + 法院.
    text = "东湖区法院审理了此案"
    crf = [Mention(0, 3, "Place", "东湖区")]
    rules = [Mention(0, 5, "GovernmentOrganization", "东湖区法院", 0.9, "rules:government")]
    assert ("东湖区法院", "GovernmentOrganization") in [
        (m.text, m.type) for m in reconcile(text, crf, rules)
    ]


def test_reconcile_gives_a_crf_organization_the_rule_class() -> None:
    text = "华星科技近日发布了新产品"
    crf = [Mention(0, 4, "Organization", "华星科技")]
    rules = [Mention(0, 4, "Company", "华星科技", 0.85, "rules:company_short_name")]
    assert [(m.text, m.type) for m in reconcile(text, crf, rules)] == [("华星科技", "Company")]


def test_a_whole_quotation_is_a_name_not_a_slogan() -> None:
    from kg.extract.entities.rules import stoplist

    text = "“四人帮”被粉碎后"
    quoted = Mention(1, 4, "Organization", "四人帮")
    assert stoplist().clean(text, [quoted]) == [quoted]


def test_people_listed_beside_a_person_are_people() -> None:
    comp = NERComponent()
    # Built from mentions directly, so the test does not depend on the model.
    text = "参赛的有王明、李强、王刚和大家"
    pool = [Mention(4, 6, "Person", "王明")]
    got = [(m.text, m.method) for m in comp._coordinated_people(text, pool)]
    assert ("李强", "ner:list") in got and ("王刚", "ner:list") in got
    assert not any(t == "大家" for t, _ in got)  # no surname
    # An item that runs on without list punctuation is no list item.
    text = "王明、李强说"
    got = [m.text for m in comp._coordinated_people(text, [Mention(0, 2, "Person", "王明")])]
    assert got == ["王明"]


class _FakeTagger:
    """Marginals given per position; every label not listed has 0."""

    def __init__(self, marginals: list[dict[str, float]]) -> None:
        self.m = marginals

    def labels(self) -> list[str]:
        return ["O"] + [f"{p}-{t}" for t in ("PER", "LOC", "ORG") for p in "BIES"]

    def marginal(self, label: str, i: int) -> float:
        return self.m[i].get(label, 0.0)


def test_recover_spans_takes_a_name_the_best_path_left_out() -> None:
    from kg.extract.entities.crf import crf_marginals, recover_spans

    tagger = _FakeTagger(
        [
            {"B-PER": 0.9},
            {"E-PER": 0.9},
            {"O": 0.55, "B-LOC": 0.45},
            {"O": 0.6, "E-LOC": 0.4},
            {"O": 0.8, "S-ORG": 0.2},
        ]
    )
    path = ["B-PER", "E-PER", "O", "O", "O"]
    labels = tagger.labels()
    probs = crf_marginals(tagger, labels, len(path))
    assert recover_spans(probs, labels, path, 0.35) == [(2, 4, "LOC", 0.4)]
    assert recover_spans(probs, labels, path, 0.45) == []  # E-LOC 0.4 is too weak


def test_two_places_in_a_row_are_two_places() -> None:
    comp = NERComponent()
    m = Mention(2, 6, "Place", "河北保定")
    got = [(p.text, p.type) for p in comp._split_places(m)]
    assert got == [("河北", "Place"), ("保定", "Place")]
    # An organisation with a suffix is one name; a single place stays whole.
    assert comp._split_places(Mention(0, 7, "Organization", "河北保定商务局"))[0].text == "河北保定商务局"
    assert len(comp._split_places(Mention(0, 3, "Place", "东湖区"))) == 1


def test_an_unsure_person_starts_no_list() -> None:
    comp = NERComponent()
    text = "很有范儿、高级感。"
    unsure = Mention(2, 4, "Person", "范儿", 0.44)
    assert [m.text for m in comp._coordinated_people(text, [unsure])] == ["范儿"]


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("## 东湖区商务局召开会议", (0, 9), "东湖区商务局"),  # heading mark
        ("全国“五好”县级工商联", (0, 11), "全国“五好”县级工商联"),  # balanced quotes stay
        ("创“五星”支部", (2, 7), "支部"),  # a quote closed from outside the span
        ("据《洛阳日报》报道", (1, 4), "洛阳"),  # a title mark never closed inside
        ("洛阳《日报", (0, 5), "洛阳"),
        ("（华星科技）", (0, 6), "（华星科技）"),
        ("李强、", (0, 3), "李强"),
        ("——", (0, 2), ""),
    ],
)
def test_trim_span_drops_edges_a_name_cannot_have(
    text: str, span: tuple[int, int], expected: str
) -> None:
    from kg.extract.entities.ner import trim_span

    s, e = trim_span(text, *span)
    assert text[s:e] == expected


def test_a_person_does_not_swallow_the_next_function_word() -> None:
    tagged = [(0, 3, "Person", 0.6)]
    text = "王明以《创新》为题作报告。"
    comp = NERComponent()
    from kg.extract.entities.features import segment

    found = comp._extract_one(text, segment(text), tagged)
    assert [(m.text, m.type) for m in found if m.type == "Person"] == [("王明", "Person")]


@pytest.mark.parametrize(("score", "winner"), [(0.55, "Company"), (0.97, "Person")])
def test_an_unsure_person_before_a_company_suffix_is_the_company(score: float, winner: str) -> None:
    text = "华星科技荣获省级奖励。"
    person = Mention(0, 2, "Person", "华星", score)
    rule = Mention(0, 4, "Company", "华星科技", 0.85)
    merged = reconcile(text, [person], [rule])
    assert winner in {m.type for m in merged}
    assert (winner == "Company") == (person not in merged)


def test_ner_crf_is_ner_without_the_bilstm() -> None:
    from kg.extract.entities import ENTITY_EXTRACTORS

    fast = ENTITY_EXTRACTORS.create("ner-crf")
    assert fast.tagger.lstm is None  # type: ignore[attr-defined]
    assert NERComponent().tagger.lstm is not None
    text = "国务院总理李强在北京会见了华星科技有限公司董事长王明。"
    found = {(m.text, m.type) for m in fast.extract([Sentence("a", 0, 0, len(text), text)])[0]}
    assert {("李强", "Person"), ("北京", "Place"), ("华星科技有限公司", "Company")} <= found


def test_crf_weights_give_pycrfsuites_marginals() -> None:
    from kg.extract.entities.crf import CRFWeights
    from kg.extract.entities.features import sentence_features

    tagger = CRFTagger()
    weights = CRFWeights(tagger._tagger, tagger.labels)
    texts = ["国务院总理李强在北京会见了王明。", "华星科技有限公司在洛阳市投资建厂", "好"]
    feats = [sentence_features(t, name_list=tagger.names) for t in texts]
    for ours, f in zip(weights.marginals(feats), feats, strict=True):
        _, theirs = tagger.marginals(f)
        assert ours.shape == theirs.shape
        assert float(abs(ours - theirs).max()) < 1e-4
