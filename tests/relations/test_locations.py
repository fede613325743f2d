"""Where things are: 位于/落户 + 的, subjects located later in the sentence,
ceremony sites in parks, lists of places in their container, villagers'
groups, place-prefixed project names.

Sentences written for these tests in the style of local news.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.types import RelationCandidate

COM, PROJ, PLACE, PER = "Company", "Project", "Place", "Person"

Run = Callable[..., list[RelationCandidate]]
T = Callable[[list[RelationCandidate]], set[tuple[str, str, str | None, str | None]]]


def test_settled_in_a_park_attributive(run: Run, as_triples: T) -> None:
    found = run("落户江南高新区的星河光电有限公司已投产。",
                [("江南高新区", PLACE), ("星河光电有限公司", COM)])
    assert as_triples(found) == {("星河光电有限公司", "locatedIn", "江南高新区", None)}


def test_sentence_subject_located_after_a_clause(run: Run, as_triples: T) -> None:
    text = "瑞丰新材料有限公司成立于2019年，位于青川经济开发区，主要生产负极材料。"
    found = run(text, [("瑞丰新材料有限公司", COM), ("青川经济开发区", PLACE)])
    assert as_triples(found) == {("瑞丰新材料有限公司", "locatedIn", "青川经济开发区", None)}


def test_subject_is_not_taken_across_a_person(run: Run) -> None:
    text = "瑞丰新材料有限公司董事长何军说，工厂位于青川经济开发区。"
    found = run(text, [("瑞丰新材料有限公司", COM), ("何军", PER), ("青川经济开发区", PLACE)])
    assert not [c for c in found if c.relation == "locatedIn"]


def test_project_at_its_ground_breaking_site(run: Run, as_triples: T) -> None:
    text = "在城东工业园区举行开工仪式的恒达精密机械有限公司数控机床生产项目计划投资2亿元。"
    found = run(text, [("城东工业园区", PLACE), ("恒达精密机械有限公司", COM)])
    got = as_triples(found)
    assert ("数控机床生产项目", "locatedIn", "城东工业园区", None) in got
    assert ("恒达精密机械有限公司", "develops", "数控机床生产项目", None) in got


def test_ceremony_in_a_town_hall_is_no_site(run: Run) -> None:
    text = "在东湖镇政府举行签约仪式的恒达公司养殖项目顺利推进。"
    found = run(text, [("东湖镇政府", "GovernmentOrganization"), ("恒达公司", COM)])
    assert not [c for c in found if c.relation == "locatedIn"]


def test_list_of_communities_in_their_street(run: Run, as_triples: T) -> None:
    found = run("河西街道桃园社区、李园社区开展演练。",
                [("河西街道", PLACE), ("桃园社区", PLACE), ("李园社区", PLACE)])
    assert as_triples(found) == {
        ("桃园社区", "containedInPlace", "河西街道", None),
        ("李园社区", "containedInPlace", "河西街道", None),
    }


def test_villagers_group_and_resident(run: Run, as_triples: T) -> None:
    found = run("家住石门村下湾组村民陈有福说。", [("石门村", PLACE), ("陈有福", PER)])
    got = as_triples(found)
    assert ("下湾组", "containedInPlace", "石门村", None) in got
    assert ("陈有福", "residesIn", "下湾组", None) in got


def test_a_working_group_is_no_villagers_group(run: Run) -> None:
    found = run("石门村工作组入户走访。", [("石门村", PLACE)])
    assert found == []
    found = run("石门村党小组开会。", [("石门村", PLACE)])
    assert found == []


def test_place_prefixed_project_is_split(run: Run, as_triples: T) -> None:
    found = run("青川市临河县新材料产业园开工。", [("青川市临河县新材料产业园", PROJ)])
    assert as_triples(found) == {
        ("临河县", "containedInPlace", "青川市", None),
        ("新材料产业园", "locatedIn", "临河县", None),
    }


def test_development_zone_is_not_split_as_a_district(run: Run) -> None:
    found = run("青川市高新区新材料产业园开工。", [("青川市高新区新材料产业园", PROJ)])
    assert found == []


def test_project_started_in_a_park(run: Run, as_triples: T) -> None:
    found = run("智能装备产业园项目在青川经济开发区正式开工。",
                [("智能装备产业园项目", PROJ), ("青川经济开发区", PLACE)])
    assert as_triples(found) == {("智能装备产业园项目", "locatedIn", "青川经济开发区", None)}
    found = run("智能装备产业园项目在星河公司开工。", [("智能装备产业园项目", PROJ), ("星河公司", COM)])
    assert found == []


def test_a_modifier_of_the_opener_is_not_the_located_subject(run: Run) -> None:
    text = "该项目的投资方星河精工股份有限公司成立于2001年，坐落在江南工业园区。"
    found = run(text, [("该项目", PROJ, "anaphor"), ("星河精工股份有限公司", COM),
                       ("江南工业园区", PLACE)])
    assert ("该项目", "locatedIn", "江南工业园区", None) not in {
        (c.head.text, c.relation, c.tail.text if c.tail else None, c.role) for c in found
    }


def test_place_prefixed_project_with_a_town_is_cut_once(run: Run, as_triples: T) -> None:
    found = run("青川市临河县石门镇茶叶产业园开园。", [("青川市临河县石门镇茶叶产业园", PROJ)])
    assert as_triples(found) == {
        ("临河县", "containedInPlace", "青川市", None),
        ("石门镇", "containedInPlace", "临河县", None),
        ("茶叶产业园", "locatedIn", "石门镇", None),
    }
    found = run("临河县石门镇茶叶产业园开园。", [("临河县石门镇茶叶产业园", PROJ)])
    assert as_triples(found) == {
        ("石门镇", "containedInPlace", "临河县", None),
        ("茶叶产业园", "locatedIn", "石门镇", None),
    }


def test_a_county_in_a_basin_or_region(run: Run, as_triples: T) -> None:
    found = run("青河县位于准噶尔盆地东缘，现有人口30万。", [("青河县", PLACE), ("准噶尔盆地", PLACE)])
    assert as_triples(found) == {("青河县", "containedInPlace", "准噶尔盆地", None)}
    found = run("柳城市地处汾河谷地南部。", [("柳城市", PLACE), ("汾河谷地", PLACE)])
    assert as_triples(found) == {("柳城市", "containedInPlace", "汾河谷地", None)}
    # a direction that is no part of a place name ends nothing: no relation
    assert run("青河县位于准噶尔盆地以北百公里处。",
               [("青河县", PLACE), ("准噶尔盆地", PLACE)]) == []


def test_at_a_place_of_a_road(run: Run, as_triples: T) -> None:
    found = run("在江城青年路的星光广场工地上，塔吊林立。",
                [("江城", PLACE), ("青年路", PLACE), ("星光广场", PLACE)])
    assert ("星光广场", "locatedIn", "青年路", None) in as_triples(found)
    # a place's people are not located things
    found = run("在江城的邵婷很想家。", [("江城", PLACE), ("邵婷", PER)])
    assert [c for c in found if c.relation == "locatedIn"] == []
