"""Cooperation over lists and with places, bonds (结为联盟, 联建), joint
organisers, and a common noun (学校) standing for the subject.

Sentences written for these tests in the style of local news.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.types import RelationCandidate

GOV, ORG, COM, UNI = "GovernmentOrganization", "Organization", "Company", "University"
PER, PLACE = "Person", "Place"

Run = Callable[..., list[RelationCandidate]]


def pairs(found: list[RelationCandidate]) -> set[frozenset[str]]:
    return {
        frozenset((c.head.text, c.tail.text))
        for c in found
        if c.relation == "cooperatesWith" and c.tail
    }


def test_school_as_common_noun_subject_with_a_partner_list(run: Run) -> None:
    text = "学校先后与华夏钢铁、东方重工、南方机械等企业签订全面战略合作协议。"
    found = run(text, [("华夏钢铁", COM), ("东方重工", COM), ("南方机械", COM)])
    assert pairs(found) == {
        frozenset(("学校", "华夏钢铁")),
        frozenset(("学校", "东方重工")),
        frozenset(("学校", "南方机械")),
    }
    school = found[0].head
    assert school.kind == "anaphor" and school.type == "University"
    assert text[school.start : school.end] == "学校"


def test_an_unknown_noun_opening_the_clause_is_no_subject(run: Run) -> None:
    text = "工人先后与华夏钢铁签订劳动合同。"
    assert pairs(run(text, [("华夏钢铁", COM)])) == set()


def test_county_as_partner_of_a_university(run: Run) -> None:
    found = run("江城农业大学与青山县签订校地合作协议。", [("江城农业大学", UNI), ("青山县", PLACE)])
    assert pairs(found) == {frozenset(("江城农业大学", "青山县"))}


def test_a_country_is_not_a_signing_partner(run: Run) -> None:
    found = run("星河集团与德国签订采购协议。", [("星河集团", COM), ("德国", PLACE)])
    assert pairs(found) == set()


def test_bond_verbs(run: Run) -> None:
    found = run("江城大学早在2010年就与华夏钢铁集团结为“产学研联盟”。",
                [("江城大学", UNI), ("华夏钢铁集团", COM), ("产学研联盟", ORG)])
    assert pairs(found) == {frozenset(("江城大学", "华夏钢铁集团"))}
    found = run("石门村还与丰收农业有限公司联建，建设了有机肥厂。",
                [("石门村", PLACE), ("丰收农业有限公司", COM)])
    assert pairs(found) == {frozenset(("石门村", "丰收农业有限公司"))}


def test_subject_is_the_innermost_of_the_opening_places(run: Run) -> None:
    text = "青山县石门镇桃源社区与丰收农业有限公司建起了蔬菜大棚。"
    found = run(text, [("青山县", PLACE), ("石门镇", PLACE), ("桃源社区", PLACE),
                       ("丰收农业有限公司", COM)])
    assert pairs(found) == {frozenset(("桃源社区", "丰收农业有限公司"))}


def test_ending_a_cooperation_is_no_bond(run: Run) -> None:
    found = run("江城大学终止与华夏钢铁集团共建实验室。", [("江城大学", UNI), ("华夏钢铁集团", COM)])
    assert pairs(found) == set()


def test_list_of_builders_cooperate_pairwise(run: Run) -> None:
    found = run("江城大学、华夏钢铁集团、城东区政府共建钢铁研究院。",
                [("江城大学", UNI), ("华夏钢铁集团", COM), ("城东区政府", GOV)])
    assert pairs(found) == {
        frozenset(("江城大学", "华夏钢铁集团")),
        frozenset(("江城大学", "城东区政府")),
        frozenset(("华夏钢铁集团", "城东区政府")),
    }


def test_joint_organisers(run: Run) -> None:
    text = "5月6日，省农科院和青山县人民政府在青山组织召开了技术推广会。"
    found = run(text, [("省农科院", ORG), ("青山县人民政府", GOV)])
    assert pairs(found) == {frozenset(("省农科院", "青山县人民政府"))}


def test_place_government_the_tagger_left_out(run: Run) -> None:
    text = "学校还与江东区政府合作，共建创业基地。"
    found = run(text, [("江东区", PLACE)])
    assert pairs(found) == {frozenset(("学校", "江东区政府"))}
    gov = next(c.tail for c in found if c.tail)
    assert gov.type == "GovernmentOrganization" and text[gov.start : gov.end] == "江东区政府"


def test_unnamed_subject_of_a_place_partner_is_not_guessed(run: Run) -> None:
    text = "星河、东方等12家企业，与青山县签署了战略合作框架协议。"
    assert pairs(run(text, [("青山县", PLACE)])) == set()


def test_listed_signatories_cooperate_pairwise(run: Run) -> None:
    found = run("会上，江城大学、华夏钢铁集团、城东区政府三方签署了战略合作协议。",
                [("江城大学", UNI), ("华夏钢铁集团", COM), ("城东区政府", GOV)])
    assert pairs(found) == {
        frozenset(("江城大学", "华夏钢铁集团")),
        frozenset(("江城大学", "城东区政府")),
        frozenset(("华夏钢铁集团", "城东区政府")),
    }


def test_bringing_a_village_and_a_company_together(run: Run) -> None:
    text = "他担任了村党支部书记，并积极促成公司与桃园村建立了联建关系。"
    found = run(text, [("桃园村", PLACE)])
    assert pairs(found) == {frozenset(("公司", "桃园村"))}
    found = run("星河集团与德国建立了友好合作关系。", [("星河集团", COM), ("德国", PLACE)])
    assert pairs(found) == set()
