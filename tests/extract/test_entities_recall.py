"""Names real news uses that the rules and the ner component must find whole.

One test per class of name (issue 15): chained sub-district units, names
that hold a joiner or a quotation, funds named after people, natural
regions, academy abbreviations, cooperatives, a company's legal suffix as
the end of a name.  Every sentence is written for these tests; the names
are invented.
"""

from __future__ import annotations

from functools import cache

import pytest

from kg.extract.entities.ner import NERComponent, settle_units
from kg.extract.entities.rules import RuleMatcher
from kg.types import Mention, Sentence


@cache
def _ner() -> NERComponent:
    return NERComponent()


def rules(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in RuleMatcher().extract([Sentence("t", 0, 0, len(text), text)])[0]}


def ner(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in _ner().extract_text(text)}


# -- chained units ----------------------------------------------------------------


def test_a_chain_of_units_is_split_at_each_unit() -> None:
    text = "近日，江州市青石区柳湾街道桂花东路社区召开居民议事会。"
    got = ner(text)
    assert ("柳湾街道", "Place") in got
    assert ("桂花东路社区", "Place") in got
    # Nothing runs across the units' boundaries (柳湾街道桂花东路, 青石区柳湾街道).
    assert not any("街道" in name and not name.endswith("街道") for name, _ in got)
    assert not any(name.startswith("青石区") and name != "青石区" for name, _ in got)


def test_a_unit_in_a_chain_may_have_a_numeral_or_verb_stem() -> None:
    # 五里 and 九里 are tagged numerals: the chain says they are names.
    got = rules("白河街道五里社区和东山街道九里社区今年各新增两个网格。")
    assert ("五里社区", "Place") in got
    assert ("九里社区", "Place") in got


def test_units_in_a_list_share_their_suffix() -> None:
    got = rules("服务范围为白沙街道、飞霞街道和南岗街道。")
    assert {("白沙街道", "Place"), ("飞霞街道", "Place"), ("南岗街道", "Place")} <= got


def test_a_common_stem_outside_a_chain_is_no_unit() -> None:
    got = rules("要让城市社区和美丽乡村都有人管事。")
    assert not any(t == "Place" for _, t in got)


def test_settle_units_moves_an_organisation_past_its_address() -> None:
    pool = [Mention(0, 12, "Organization", "甲乙街道丙丁社区网格支部")]
    units = [Mention(0, 4, "Place", "甲乙街道"), Mention(4, 8, "Place", "丙丁社区")]
    got = {(m.text, m.type) for m in settle_units(pool, units)}
    assert got == {
        ("甲乙街道", "Place"),
        ("丙丁社区", "Place"),
        ("丙丁社区网格支部", "Organization"),
    }


def test_settle_units_keeps_a_body_of_one_unit() -> None:
    # 丙丁社区党支部 is the community's own body: one unit, the name stays.
    pool = [Mention(0, 7, "Organization", "丙丁社区党支部")]
    units = [Mention(0, 4, "Place", "丙丁社区")]
    assert [m.text for m in settle_units(pool, units)] == ["丙丁社区党支部", "丙丁社区"]


# -- joiners, quotations, prefixes ------------------------------------------------


def test_a_name_may_hold_a_joiner() -> None:
    got = rules("代表团参观了材料化学与能源催化国家重点实验室。")
    assert ("材料化学与能源催化国家重点实验室", "University") in got


def test_two_names_joined_stay_two() -> None:
    got = rules("他先后在青川工业大学和南屏师范大学任教。")
    assert ("青川工业大学", "University") in got
    assert ("南屏师范大学", "University") in got
    assert not any("和" in name for name, _ in got)


def test_a_project_may_hold_a_joiner() -> None:
    got = rules("园区建有年产20万吨高纯硅材料及硅制品项目。")
    assert ("年产20万吨高纯硅材料及硅制品项目", "Project") in got


def test_a_quoted_word_is_part_of_the_name() -> None:
    got = ner("村里与企业合作建起了“黑山羊”养殖场，每年给村集体分红。")
    assert ("“黑山羊”养殖场", "Project") in got


def test_a_strip_prefix_must_be_a_whole_word() -> None:
    # 新 opens the firm's name 新冶铜 here (jieba: 新冶|铜), not an adjective before it.
    got = rules("总投资约5亿元的新冶铜60万吨焦化工程已经投产。")
    assert ("新冶铜60万吨焦化工程", "Project") in got


def test_acting_as_ends_a_name() -> None:
    got = ner("青禾县中心医院作为全省创伤救治基地，承担了培训任务。")
    assert ("青禾县中心医院", "Organization") in got
    assert not any("作为" in name for name, _ in got)


# -- funds, regions, academies, cooperatives ---------------------------------------


def test_a_fund_named_after_people_holds_them() -> None:
    text = "该奖项由柯望柯舒基金设立，每年评选一次。"
    got = ner(text)
    assert ("柯望柯舒基金", "Organization") in got
    assert not any(t == "Person" for _, t in got)


def test_a_common_word_makes_no_fund() -> None:
    assert not any(t == "Organization" for _, t in rules("他们申请到了科研基金。"))


def test_a_natural_region_is_a_place() -> None:
    assert ("华北平原", "Place") in rules("该县地处华北平原腹地，土地平整。")


def test_an_academy_abbreviation_is_an_academy() -> None:
    got = ner("市领导与农科院专家座谈。")
    assert ("农科院", "University") in got


def test_a_cooperative_is_named_over_its_crop() -> None:
    got = rules("他详细了解了青禾种植合作社的运营情况。")
    assert ("青禾种植合作社", "Company") in got


# -- the end of a company's name ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "东岭华泰机械有限公司北坡育种场厂长李明表示，今年将扩大规模。",
        "东岭华泰机械有限公司北坡育种场场长李明表示，今年将扩大规模。",
    ],
)
def test_a_legal_suffix_ends_a_tagged_name(text: str) -> None:
    got = ner(text)
    assert ("东岭华泰机械有限公司", "Company") in got
    assert not any(name.startswith("东岭华泰机械有限公司") and len(name) > 10 for name, _ in got)


def test_settle_units_keeps_a_place_named_after_a_unit() -> None:
    # 甲乙村广场 is a square named after the village: the longer place stays.
    pool = [Mention(0, 5, "Place", "甲乙村广场")]
    units = [Mention(0, 3, "Place", "甲乙村")]
    got = {m.text for m in settle_units(pool, units)}
    assert "甲乙村广场" in got


def test_a_newspaper_is_a_body() -> None:
    got = rules("据青川日报报道，当地新建了三座桥。")
    assert ("青川日报", "Organization") in got


def test_a_name_verb_opens_a_name() -> None:
    # 创新 is tagged a verb; at the head of a college's name it is part of it.
    got = rules("学校成立创新设计学院，统筹全校的设计教育。")
    assert ("创新设计学院", "University") in got


def test_settle_units_keeps_a_place_with_its_own_first_word() -> None:
    # 前 opens the village's name here; a district before it would not.
    units = [Mention(1, 4, "Place", "甲乙村")]
    assert "前甲乙村" in {m.text for m in settle_units([Mention(0, 4, "Place", "前甲乙村")], units)}
    units = [Mention(3, 6, "Place", "甲乙村")]
    got = {m.text for m in settle_units([Mention(0, 6, "Place", "东湖区甲乙村")], units)}
    assert got == {"甲乙村"}


def test_a_unit_over_a_person_is_no_unit() -> None:
    pool = [Mention(0, 3, "Person", "王明强")]
    units = [Mention(0, 7, "Place", "王明强带队走村")]
    assert [m.text for m in settle_units(pool, units)] == ["王明强"]


def test_a_ministry_before_its_minister_keeps_its_name() -> None:
    got = ner("财政部长李明华出席了会议。")
    assert ("财政部", "GovernmentOrganization") in got


def test_one_word_and_a_joiner_make_a_list() -> None:
    got = rules("这里成了走私的跳板和中转基地。")
    assert not any("和" in name for name, _ in got)


def test_a_fund_without_people_is_left_to_the_tagger() -> None:
    # The rule sees 科创基金 (科创 is unknown to jieba), but only a fund the
    # tagger sees people in is the rule's.
    assert ("科创基金", "Organization") in rules("该项目获得了科创基金的支持。")
    pool = _ner().extract_text("该项目获得了科创基金的支持。")
    assert not any(m.method == "rules:fund" for m in pool)


def test_a_project_starts_after_its_builder() -> None:
    got = ner("青禾光电有限公司智能光伏组件及储能电池生产项目开工。")
    assert ("智能光伏组件及储能电池生产项目", "Project") in got
    assert ("青禾光电有限公司", "Company") in got


def test_a_long_transliterated_name_keeps_its_last_character() -> None:
    text = "自治区医学会副主任委员阿依米热，以及来自地区医院的医师也前来义诊。"
    got = ner(text)
    assert ("阿依米热", "Person") in got


def test_a_word_after_a_name_is_not_taken_in() -> None:
    got = ner("记者在卢建国家，看到了新装的太阳能板。")
    assert not any(name.endswith("家") for name, t in got if t == "Person")


def test_a_unit_holding_another_does_not_override() -> None:
    pool = [Mention(0, 3, "Place", "甲乙镇"), Mention(3, 7, "Place", "丙丁乡村")]
    units = [Mention(0, 7, "Place", "甲乙镇丙丁乡村")]
    assert {m.text for m in settle_units(pool, units)} == {"甲乙镇", "丙丁乡村"}
