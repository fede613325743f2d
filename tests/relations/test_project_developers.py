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
