"""The article's own body named by a common noun: 校领导, 学校党委书记, 集团公司.

Sentences are written for these tests in the style of university and company
news; relations come from the real pattern engine and the real resolver.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kg.config import BuildConfig
from kg.resolve.resolver import DefaultResolver
from kg.types import DocumentAnalysis, Resolution

UNI, ORG, COM, PER, PLACE = "University", "Organization", "Company", "Person", "Place"

Doc = Callable[..., DocumentAnalysis]


def _resolve(*docs: DocumentAnalysis) -> Resolution:
    return DefaultResolver().resolve(list(docs), BuildConfig())


def _posts(res: Resolution) -> set[tuple[str, str, str | None]]:
    return {
        (f.subject.split(":", 1)[1].split("#")[0], f.object.split(":", 1)[1], f.role)
        for f in res.facts
        if f.predicate == "worksFor"
    }


def test_school_leaders_of_an_article_naming_no_school_go_to_the_pages_university(
    doc: Doc,
) -> None:
    # the first piece says only 校; the second names the university and one of
    # its colleges (a college without a place in front is a unit of it)
    d = doc("b1", [
        (None, [
            ("校领导罗平、韩冰、唐宁出席闭幕式。", [("罗平", PER), ("韩冰", PER), ("唐宁", PER)]),
            ("学校党委书记罗平作讲话。", [("学校", ORG), ("罗平", PER)]),
        ]),
        (None, [
            ("近年来，江州工业大学不断加大改革力度。", [("江州工业大学", UNI)]),
            ("设计学院副院长苏晴介绍了情况。", [("设计学院", UNI), ("苏晴", PER)]),
            ("设计学院成立以来，该校已孵化项目百余个。", [("设计学院", UNI)]),
        ]),
    ])
    posts = _posts(_resolve(d))
    assert {("罗平", "江州工业大学", "领导"), ("韩冰", "江州工业大学", "领导"),
            ("唐宁", "江州工业大学", "领导")} <= posts
    assert ("罗平", "江州工业大学", "党委书记") in posts
    assert ("苏晴", "设计学院", "副院长") in posts
    # no post of the page goes to the college for the common noun
    assert not {p for p in posts if p[1] == "设计学院" and p[0] != "苏晴"}


def test_a_tagged_common_noun_is_not_an_entity_of_its_own(doc: Doc) -> None:
    d = doc("b2", [(None, [
        ("南岭师范大学召开教代会。", [("南岭师范大学", UNI)]),
        ("学校党委副书记姚远主持会议。", [("学校", ORG), ("姚远", PER)]),
    ])])
    res = _resolve(d)
    assert ("姚远", "南岭师范大学", "党委副书记") in _posts(res)
    assert "Organization:学校" not in res.entities


def test_a_college_with_a_place_in_front_stays_a_school(doc: Doc) -> None:
    # 某某市职业学院 is a school of its own: 学校 may be it, by salience
    d = doc("b3", [(None, [
        ("青州市职业学院与海东大学签订合作协议。", [("青州市职业学院", UNI), ("海东大学", UNI)]),
        ("青州市职业学院党委书记方舟介绍。", [("青州市职业学院", UNI), ("方舟", PER)]),
        ("校长葛明说，青州市职业学院将扩大招生。", [("葛明", PER), ("青州市职业学院", UNI)]),
    ])])
    assert ("葛明", "青州市职业学院", "校长") in _posts(_resolve(d))


@pytest.mark.parametrize("group", ["伊利", "云天化"])
def test_group_company_is_the_group_named_without_jituan(doc: Doc, group: str) -> None:
    # the company lexicon lists the group with 集团: 集团公司 is that group
    d = doc("b4" + group, [(None, [
        (f"{group}与星澜科技有限公司签署战略合作协议。", [(group, COM), ("星澜科技有限公司", COM)]),
        ("集团公司董事长林川、总经理高原出席。", [("林川", PER), ("高原", PER)]),
        ("集团公司总会计师白露一同调研。", [("白露", PER)]),
    ])])
    posts = _posts(_resolve(d))
    assert {(("林川", group, "董事长")), ("高原", group, "总经理"),
            ("白露", group, "总会计师")} <= posts


def test_group_company_is_not_any_company(doc: Doc) -> None:
    # a company the lexicon does not know as a group is not 集团公司
    d = doc("b5", [(None, [
        ("星澜科技有限公司举行年会。", [("星澜科技有限公司", COM)]),
        ("集团公司副总经理白露出席。", [("白露", PER)]),
    ])])
    assert not {p for p in _posts(_resolve(d)) if p[0] == "白露"}


def test_school_is_not_a_college_named_after_the_university(doc: Doc) -> None:
    d = doc("b6", [(None, [
        ("江州工业大学信息学院大四学生苏晴获奖。", [("江州工业大学信息学院", UNI), ("苏晴", PER)]),
        ("江州工业大学信息学院承办了比赛。", [("江州工业大学信息学院", UNI)]),
        ("江州工业大学校长何川到场祝贺。", [("江州工业大学", UNI), ("何川", PER)]),
        ("学校就业指导中心主任祝清主动与她联系。", [("祝清", PER)]),
    ])])
    assert ("祝清", "江州工业大学", "主任") in _posts(_resolve(d))


def test_community_before_a_party_branch_title_is_the_last_community(doc: Doc) -> None:
    d = doc("b7", [(None, [
        ("清溪县石门镇柳湾社区流转土地百余亩。", [("清溪县", PLACE), ("石门镇", PLACE), ("柳湾社区", PLACE)]),
        ("“去年集体收入翻了一番。”社区党支部书记魏东说。", [("魏东", PER)]),
    ])])
    res = _resolve(d)
    held = {(f.subject, f.object) for f in res.facts if f.predicate == "worksFor"}
    assert any(s == "Person:魏东" and "柳湾社区" in o for s, o in held), held


# -- 他/她: the person of the sentence before -----------------------------------


def _facts(res: Resolution, predicate: str) -> set[tuple[str, str]]:
    return {(f.subject, f.object) for f in res.facts if f.predicate == predicate}


def test_he_is_the_one_person_of_the_previous_sentence(doc: Doc) -> None:
    d = doc("p1", [(None, [
        ("青石县柳溪镇桃园村村民邵建国在外经商多年。", [("青石县", PLACE), ("柳溪镇", PLACE),
                                       ("桃园村", PLACE), ("邵建国", PER)]),
        ("在组织的召唤下，他回村成立了青石绿源农业有限公司，担任了村党支部书记。",
         [("青石绿源农业有限公司", COM)]),
    ])])
    res = _resolve(d)
    works = _facts(res, "worksFor")
    assert ("Person:邵建国", "Organization:青石绿源农业有限公司") in works
    assert any(s == "Person:邵建国" and "桃园村" in o for s, o in works), works
    assert ("Organization:青石绿源农业有限公司", "Person:邵建国") in _facts(res, "founder")
    # the step is recorded
    assert any(d.mention_text == "他" and "邵建国" in d.reason for d in res.decisions)


def test_he_after_a_sentence_naming_two_people_is_no_one(doc: Doc) -> None:
    d = doc("p2", [(None, [
        ("县长邵建国会见了客商韩立。", [("邵建国", PER), ("韩立", PER)]),
        ("他随后创办了青石绿源农业有限公司。", [("青石绿源农业有限公司", COM)]),
    ])])
    res = _resolve(d)
    assert not _facts(res, "founder")
    assert not [d for d in res.decisions if d.mention_text == "他"]
