"""Developers of projects: company-prefixed project names, 承建/由…建设.

Sentences written for these tests in the style of local news.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.types import RelationCandidate

COM, PROJ, PLACE = "Company", "Project", "Place"

Run = Callable[..., list[RelationCandidate]]
T = Callable[[list[RelationCandidate]], set[tuple[str, str, str | None, str | None]]]


def test_company_then_project_name_from_text(run: Run, as_triples: T) -> None:
    text = "江北恒达纺织有限公司年产40万件羊绒衫加工项目、城南污水管网改造工程同日开工。"
    found = run(text, [("江北恒达纺织有限公司", COM)])
    assert as_triples(found) == {
        ("江北恒达纺织有限公司", "develops", "年产40万件羊绒衫加工项目", None),
    }
    project = found[0].tail
    assert project is not None and text[project.start : project.end] == project.text


def test_company_then_project_the_tagger_cut_short(run: Run, as_triples: T) -> None:
    text = "还有宏远电气设备有限公司新建年产5000台配电柜项目等。"
    found = run(text, [("宏远电气设备有限公司", COM), ("建年产5000台配电柜项目", PROJ)])
    assert as_triples(found) == {
        ("宏远电气设备有限公司", "develops", "新建年产5000台配电柜项目", None),
    }


def test_company_then_a_verb_is_no_project_name(run: Run) -> None:
    assert run("宏远电气设备有限公司参与项目建设。", [("宏远电气设备有限公司", COM)]) == []
    assert run("宏远电气设备有限公司该项目已投产。", [("宏远电气设备有限公司", COM)]) == []


def test_project_mention_with_the_company_fused_in_is_split(run: Run, as_triples: T) -> None:
    text = "恒达塑业有限公司年产5万吨管材项目开工。"
    found = run(text, [("恒达塑业有限公司年产5万吨管材项目", PROJ)])
    assert as_triples(found) == {("恒达塑业有限公司", "develops", "年产5万吨管材项目", None)}
    company, project = found[0].head, found[0].tail
    assert project is not None
    assert (company.start, company.end, project.end) == (0, 8, 17)


def test_group_company_is_not_cut_at_its_first_suffix(run: Run, as_triples: T) -> None:
    found = run("星河集团有限公司智慧物流园项目签约。", [("星河集团有限公司智慧物流园项目", PROJ)])
    assert as_triples(found) == {("星河集团有限公司", "develops", "智慧物流园项目", None)}


def test_built_by(run: Run, as_triples: T) -> None:
    found = run("由中建五局承建的滨江大桥工程进入收尾阶段。", [("中建五局", COM), ("滨江大桥工程", PROJ)])
    assert as_triples(found) == {("中建五局", "develops", "滨江大桥工程", None)}
    found = run("滨江大桥工程由中建五局、路桥集团共同承建。",
                [("滨江大桥工程", PROJ), ("中建五局", COM), ("路桥集团", COM)])
    assert as_triples(found) == {
        ("中建五局", "develops", "滨江大桥工程", None),
        ("路桥集团", "develops", "滨江大桥工程", None),
    }


def test_fused_company_and_verb_is_no_project(run: Run) -> None:
    found = run("金石集团参与供应相关工程建筑材料。", [("金石集团参与供应相关工程", PROJ)])
    assert found == []


def test_investor_with_an_amount(run: Run, as_triples: T) -> None:
    found = run("星河集团投资5亿元的智能仓储项目落户江北。", [("星河集团", COM), ("江北", PLACE)])
    assert ("星河集团", "investsIn", "智能仓储项目", None) in as_triples(found)


# -- investors over lists, 其〈project〉, founders' money ------------------------


def test_invest_then_build_a_list_of_projects(run: Run, as_triples: T) -> None:
    found = run("公司投资60亿元，建设有年产10万吨电解铜箔项目、年产5万吨铝箔项目。",
                [("年产10万吨电解铜箔项目", PROJ), ("年产5万吨铝箔项目", PROJ)])
    triples = as_triples(found)
    assert {t[2] for t in triples if t[1] == "investsIn"} == {
        "年产10万吨电解铜箔项目", "年产5万吨铝箔项目"}
    assert {t[0] for t in triples if t[1] == "investsIn"} == {"公司"}  # the generic subject
    found = run("鑫源材料有限公司投资20亿元，新建年产3万吨负极材料项目。",
                [("鑫源材料有限公司", COM), ("年产3万吨负极材料项目", PROJ)])
    assert ("鑫源材料有限公司", "investsIn", "年产3万吨负极材料项目", None) in as_triples(found)


def test_invest_without_a_named_subject_gives_nothing(run: Run) -> None:
    found = run("项目总投资8亿元，建设有年产2万吨铝箔项目。", [("年产2万吨铝箔项目", PROJ)])
    assert [c for c in found if c.relation == "investsIn"] == []


def test_its_project_belongs_to_the_company_opening_the_clause_before(
    run: Run, as_triples: T,
) -> None:
    found = run("现在辰光车业公司已具备年产5万辆的能力，其新能源整车研究院项目一期已建成投用。",
                [("辰光车业公司", COM), ("新能源整车研究院项目", PROJ)])
    assert as_triples(found) == {("辰光车业公司", "develops", "新能源整车研究院项目", None)}
    # 其 after a clause no organisation opens is not the company's
    found = run("辰光车业公司经理韩青说，工人们已掌握新工艺，其新能源整车研究院项目已建成。",
                [("辰光车业公司", COM), ("韩青", "Person"), ("新能源整车研究院项目", PROJ)])
    assert [c for c in found if c.relation == "develops"] == []


def test_founded_with_the_investors_money(run: Run, as_triples: T) -> None:
    found = run("澄江新材料有限公司成立于2020年3月，是由远帆控股有限公司、鹏程投资公司共同出资设立的企业。",
                [("澄江新材料有限公司", COM), ("远帆控股有限公司", COM), ("鹏程投资公司", COM)])
    assert as_triples(found) >= {
        ("远帆控股有限公司", "investsIn", "澄江新材料有限公司", None),
        ("鹏程投资公司", "investsIn", "澄江新材料有限公司", None),
    }
    # a company name the tagger cut before its bracketed region
    found = run("澄江新材料有限公司是由远帆科技（海南）有限公司投资组建的。",
                [("澄江新材料有限公司", COM), ("远帆科技", COM), ("海南", PLACE)])
    assert ("远帆科技", "investsIn", "澄江新材料有限公司", None) in as_triples(found)


def test_a_company_carries_out_a_quoted_project(run: Run, as_triples: T) -> None:
    found = run("公司实施“年产5000吨生物饲料”项目，产值突破3000万元。", [("年产5000吨生物饲料", PROJ)])
    assert {(t[0], t[1], t[2]) for t in as_triples(found)} == {
        ("公司", "develops", "年产5000吨生物饲料")}
    found = run("绿源农业有限公司投资建设生态养殖基地项目。",
                [("绿源农业有限公司", COM), ("生态养殖基地项目", PROJ)])
    assert ("绿源农业有限公司", "develops", "生态养殖基地项目", None) in as_triples(found)
    # a clause opened by words that are no subject: nothing
    assert run("据了解实施“年产5000吨生物饲料”项目很难。", [("年产5000吨生物饲料", PROJ)]) == []


def test_a_project_named_after_a_company_the_sentence_names(run: Run, as_triples: T) -> None:
    text = "一个名为星澜国际康养中心的项目吸引不少人关注，这是星澜先前很少涉猎的领域。"
    found = run(text, [("星澜国际康养中心", PROJ), ("星澜", COM)])
    assert as_triples(found) == {("星澜", "develops", "星澜国际康养中心", None)}
    # a place that opens the project's name is no developer
    found = run("青川新区智慧产业园项目落在青川新区。", [("青川新区智慧产业园项目", PROJ), ("青川新区", PLACE)])
    assert [c for c in found if c.relation == "develops"] == []
