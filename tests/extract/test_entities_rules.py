"""Rule and lexicon data: each rule class on sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.extract.entities.gazetteer import lexicon, load_yaml
from kg.extract.entities.rules import RuleMatcher, refine_type, stoplist
from kg.types import Mention, Sentence


def found(text: str) -> set[tuple[str, str]]:
    sentence = Sentence("t", 0, 0, len(text), text)
    return {(m.text, m.type) for m in RuleMatcher().extract([sentence])[0]}


def test_data_files_load() -> None:
    for name in ("entity_rules.yaml", "boundaries.yaml", "stoplist.yaml", "org_types.yaml"):
        assert load_yaml(name)
    lex = lexicon()
    assert lex.place_level["杭州市"] == "city"
    assert lex.place_level["浙江"] == "province"
    assert "王" in lex.surnames


def test_every_rule_has_a_known_kind() -> None:
    rules = RuleMatcher().rules
    assert {r.kind for r in rules} <= {"suffix", "prefix", "gazetteer", "word"}
    assert {"University", "Project"} <= {r.type for r in rules}


def test_university_suffix_and_generic_exclusion() -> None:
    got = found("他先后在浙江工业大学和南京艺术学院任教，也常去高校和科研院所讲课。")
    assert ("浙江工业大学", "University") in got
    assert ("南京艺术学院", "University") in got
    assert not any(t in {"高校", "科研院所"} for t, _ in got)


def test_university_needs_a_word_boundary() -> None:
    assert not any(ty == "University" for _, ty in found("许多大学生来到这里参观。"))


def test_project_suffix_grows_left_to_a_boundary() -> None:
    got = found("今年签约的年产3万吨高纯石英砂项目和智能仓储物流基地已经开工。")
    assert ("年产3万吨高纯石英砂项目", "Project") in got
    assert ("智能仓储物流基地", "Project") in got


def test_project_with_quantity_and_bracketed_place_stays_whole() -> None:
    got = found("位于江苏（苏州）生物医药产业园的500吨高端膜材料二期项目投产。")
    assert ("江苏（苏州）生物医药产业园", "Project") in got
    assert ("500吨高端膜材料二期项目", "Project") in got


def test_generic_and_anaphoric_projects_are_dropped() -> None:
    got = found("全县新开工亿元以上项目12个，该产业园还有重点项目落地。")
    assert not any(ty == "Project" for _, ty in got)


def test_association_name_keeps_its_place_prefix() -> None:
    got = found("会议由杭州市人工智能行业协会主办。")
    assert ("杭州市人工智能行业协会", "Organization") in got


def test_company_rules_and_generic_company() -> None:
    got = found("双方与本地华晟通达新材料有限公司签约，自来水公司也派人参加。")
    assert ("华晟通达新材料有限公司", "Company") in got
    assert not any(t == "自来水公司" for t, _ in got)


def test_government_body_needs_a_place_anchor() -> None:
    got = found("记者从金华市婺城区发展和改革局获悉，财政局也参加了。")
    assert ("金华市婺城区发展和改革局", "GovernmentOrganization") in got
    assert not any(t == "财政局" for t, _ in got)


def test_street_office_is_government_and_subdistrict_is_place() -> None:
    got = found("城北街道办事处组织居民参观，翠苑社区在延安东路旁。")
    assert ("城北街道办事处", "GovernmentOrganization") in got
    assert ("翠苑社区", "Place") in got
    assert ("延安东路", "Place") in got


def test_road_suffix_inside_a_common_word_is_no_place() -> None:
    assert not any(t.endswith("电路") for t, _ in found("他研究集成电路设计。"))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("嘉兴市南湖区市场监督管理局", "GovernmentOrganization"),
        ("嘉兴市南湖区人民政府", "GovernmentOrganization"),
        ("湖州南浔古镇旅游开发有限公司", "Company"),
        ("西湖国宾馆", "Company"),
        ("温州市青年商会", "Organization"),
        ("浙江大学", "University"),
        ("中国科学院", "University"),
    ],
)
def test_org_typing_by_suffix(name: str, expected: str) -> None:
    assert refine_type(Mention(0, len(name), "Organization", name)).type == expected


def test_refine_type_leaves_people_and_places() -> None:
    m = Mention(0, 3, "Place", "南湖区")
    assert refine_type(m) is m


def test_stoplist_drops_titles_positions_and_generic_nouns() -> None:
    text = "《宁波市招商引资办法》规定，供电公司和副局长都要参加，嘉兴市商务局局长讲话。"
    titled = Mention(1, 9, "Project", "宁波市招商引资", method="rules:project")
    generic = Mention(14, 18, "Company", "供电公司")
    position = Mention(19, 22, "Person", "副局长")
    office = Mention(27, 35, "GovernmentOrganization", "嘉兴市商务局局长")
    kept = stoplist().clean(text, [titled, generic, position, office])
    assert [(m.text, m.start, m.end) for m in kept] == [("嘉兴市商务局", 27, 33)]


def test_whole_titles_are_dropped_unless_they_name_an_organization() -> None:
    text = "《钱江晚报》评论了电影《花木兰》和《杭州市促进就业条例》。"
    paper = Mention(1, 5, "Organization", "钱江晚报")
    film = Mention(12, 15, "Person", "花木兰")
    place = Mention(18, 21, "Place", "杭州市", method="crf")
    kept = stoplist().clean(text, [paper, film, place])
    assert [m.text for m in kept] == ["钱江晚报", "杭州市"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("把小神马酒店打造成为行业名片。", "小神马酒店"),
        ("老王记饭店总经理李明说。", None),
        ("“很好。”小天鹅宾馆经理说。", "小天鹅宾馆"),
    ],
)
def test_brand_prefix_joins_a_split_company_name(text: str, name: str | None) -> None:
    from kg.extract.entities.ner import NERComponent

    companies = [m.text for m in NERComponent().extract_text(text) if m.type == "Company"]
    if name is not None:
        assert name in companies
    assert all(not c.startswith(("把", "”")) for c in companies)


def test_company_short_name_needs_a_trade_name() -> None:
    assert ("华星科技", "Company") in found("华星科技近日发布了新产品。")
    assert ("宏达电子", "Company") in found("宏达电子获得表彰。")
    # A place or a common word before the business word is no trade name.
    assert not any(ty == "Company" for _, ty in found("中国科技发展迅速，智能科技成为热点。"))


def test_generic_adjective_stem_is_no_project() -> None:
    got = found("工厂新上了6条智能化生产线，建设智能仓储物流基地。")
    assert not any(t == "智能化生产线" for t, _ in got)
    assert ("智能仓储物流基地", "Project") in got
