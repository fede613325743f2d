"""Surname + post anaphora (李书记) and same-name people in general.

Sentences are written for these tests; relations come from the real pattern
engine, mentions are given as a tagger would give them (a lone surname before
a title is a ``short`` Person mention, as the ner component emits it).
"""

from __future__ import annotations

from collections.abc import Callable

from kg.config import BuildConfig
from kg.resolve.resolver import DefaultResolver
from kg.resolve.titled import PostHolders, titled_form
from kg.types import DocumentAnalysis, Resolution

GOV, ORG, UNI, PER, PLACE = "GovernmentOrganization", "Organization", "University", "Person", "Place"

Doc = Callable[..., DocumentAnalysis]


def _resolve(*docs: DocumentAnalysis) -> Resolution:
    return DefaultResolver().resolve(list(docs), BuildConfig())


def _people(res: Resolution, name: str) -> set[str]:
    return {k for k, e in res.entities.items() if e.type == "Person" and e.label == name}


def _linked(res: Resolution, text: str) -> set[str]:
    return {link.entity_key for link in res.links if link.text == text}


def _quotes(res: Resolution) -> dict[str, str]:
    return {f.object: f.subject for f in res.facts if f.predicate == "quotation"}


# -- surname + post ---------------------------------------------------------------


def test_titled_form_reads_surname_and_title() -> None:
    form = titled_form("会上欧阳主任强调", 2)
    assert form is not None and (form.surname, form.title, form.end) == ("欧阳", "主任", 6)
    assert titled_form("李书记处", 0) is None  # part of a longer word
    assert titled_form("会议指出", 0) is None
    holders = PostHolders()
    holders.add(0, 10, "戚明远", "副县长")
    # the role ends in the title; the person must be named before the form
    assert holders.resolve(titled_form("戚县长说", 0), 0, 30) == ("戚明远", "副县长")
    assert holders.resolve(titled_form("戚县长说", 0), 0, 5) is None


def test_surname_and_post_resolve_to_the_post_holder(doc: Doc) -> None:
    d = doc("t1", [(None, [
        ("6月3日，石桥县委书记郑国华到白沙镇调研。",
         [("石桥县委", GOV), ("郑国华", PER), ("白沙镇", PLACE)]),
        ("石桥县人民医院院长郑志远陪同调研。", [("石桥县人民医院", ORG), ("郑志远", PER)]),
        ("“要把群众的事办好。”郑书记说。", [("郑", PER, "short")]),
        ("“医院将增设两个科室。”郑院长说。", [("郑", PER, "short")]),
    ])])
    res = _resolve(d)
    secretary, director = _people(res, "郑国华"), _people(res, "郑志远")
    assert len(secretary) == len(director) == 1
    quotes = _quotes(res)
    assert {quotes["要把群众的事办好。"]} == secretary
    assert {quotes["医院将增设两个科室。"]} == director
    # the form is a mention of the person, not an alias and not a person of its own
    assert _linked(res, "郑书记") == secretary and _linked(res, "郑院长") == director
    assert not _people(res, "郑书记") and not _people(res, "郑")
    assert all("郑书记" not in e.alt_labels for e in res.entities.values())
    why = [x for x in res.decisions if x.mention_text == "郑书记"]
    assert why and "郑国华" in why[0].reason and "书记" in why[0].reason


def test_form_without_a_tagger_mention_is_found(doc: Doc) -> None:
    d = doc("t2", [(None, [
        ("青禾科技有限公司总经理冯立新介绍了新产品。", [("青禾科技有限公司", ORG), ("冯立新", PER)]),
        ("冯总表示，公司今年将扩大产能。", []),
    ])])
    res = _resolve(d)
    assert _linked(res, "冯总") == _people(res, "冯立新") != set()


def test_form_with_no_such_person_stays_unresolved(doc: Doc) -> None:
    d = doc("t3", [(None, [
        ("石桥县委书记郑国华主持会议。", [("石桥县委", GOV), ("郑国华", PER)]),
        ("“产品供不应求。”韩总说。", [("韩总", PER)]),
        ("“路要修到村口。”郑局长说。", [("郑", PER, "short")]),
    ])])
    res = _resolve(d)
    assert not _people(res, "韩总") and not _people(res, "郑局长")
    assert not _linked(res, "韩总") and not _linked(res, "郑局长")
    quotes = _quotes(res)
    assert "产品供不应求。" not in quotes and "路要修到村口。" not in quotes
    assert {p.split("#")[0] for p in {k for k in res.entities if k.startswith("Person:")}} == {
        "Person:郑国华"
    }


def test_the_latest_holder_before_the_form_wins(doc: Doc) -> None:
    d = doc("t4", [(None, [
        ("白沙镇镇长许文斌介绍了情况。", [("白沙镇", PLACE), ("许文斌", PER)]),
        ("“稻田要抓紧收割。”许镇长说。", [("许", PER, "short")]),
        ("河口镇镇长许建军也发了言。", [("河口镇", PLACE), ("许建军", PER)]),
        ("“我们镇也一样。”许镇长说。", [("许", PER, "short")]),
    ])])
    res = _resolve(d)
    quotes = _quotes(res)
    assert {quotes["稻田要抓紧收割。"]} == _people(res, "许文斌")
    assert {quotes["我们镇也一样。"]} == _people(res, "许建军")


# -- same-name people -------------------------------------------------------------


def test_namesakes_with_different_employers_on_one_page_are_two(doc: Doc) -> None:
    d = doc("n1", [(None, [
        ("5月12日，青山市人民医院主任医师陶建国带领医疗队走进幸福社区。",
         [("青山市人民医院", ORG), ("陶建国", PER), ("幸福社区", PLACE)]),
        ("当天下午，北岭大学教授陶建国在报告厅作了报告。",
         [("北岭大学", UNI), ("陶建国", PER)]),
        ("“人工智能将改变课堂。”陶建国说。", [("陶建国", PER)]),
    ])])
    res = _resolve(d)
    people = _people(res, "陶建国")
    assert len(people) == 2
    professor = next(p for p in people if "北岭大学" in p)
    assert _quotes(res)["人工智能将改变课堂。"] == professor  # the nearest earlier one
    split = [x for x in res.decisions if "incompatible" in x.reason and x.entity_key in people]
    assert split


def test_namesakes_on_one_page_without_conflict_are_one(doc: Doc) -> None:
    d = doc("n2", [
        (None, [("北岭大学教授陶建国出席会议。", [("北岭大学", UNI), ("陶建国", PER)])]),
        (None, [("“要办好教育。”陶建国说。", [("陶建国", PER)])]),
    ])
    assert len(_people(_resolve(d), "陶建国")) == 1


def test_namesakes_across_pages_merge_only_with_evidence(doc: Doc) -> None:
    first = doc("n3", [(None, [
        ("北岭大学教授陶建国出席论坛。", [("北岭大学", UNI), ("陶建国", PER)]),
    ])])
    same_employer = doc("n4", [(None, [
        ("陶建国昨天到北岭大学讲课。", [("陶建国", PER), ("北岭大学", UNI)]),
        ("“数据是新的土壤。”陶建国说。", [("陶建国", PER)]),
    ])])
    unrelated = doc("n5", [(None, [
        ("“今年收成不错。”种粮大户陶建国说。", [("陶建国", PER)]),
    ])])
    res = _resolve(first, same_employer, unrelated)
    people = _people(res, "陶建国")
    assert len(people) == 2
    quotes = _quotes(res)
    assert quotes["数据是新的土壤。"] != quotes["今年收成不错。"]
    apart = [x for x in res.decisions
             if x.article_id == "n5-0" and "no shared post, organisation or place" in x.reason]
    joined = [x for x in res.decisions if x.article_id == "n4-0" and "北岭大学" in x.reason]
    assert apart and joined
    # the same pages in another order give the same people
    again = _resolve(unrelated, same_employer, first)
    assert _people(again, "陶建国") == people


def test_title_written_before_the_name_is_a_post_for_the_form(doc: Doc) -> None:
    # no worksFor here (学校党委 is not a mention), but the name follows a title;
    # the tagger fused the form into an organisation, which the form replaces
    d = doc("t5", [(None, [
        ("学校党委书记韦立群在闭幕式上讲话。", [("韦立群", PER)]),
        ("韦书记代表学校党委提出三点希望。", [("韦书记代表学校党委", GOV)]),
        ("“各部门要抓落实。”韦书记说。", [("韦", PER, "short")]),
    ])])
    res = _resolve(d)
    person = _people(res, "韦立群")
    assert len(person) == 1
    assert _linked(res, "韦书记") == person
    assert not [k for k in res.entities if "韦书记" in k]
    assert _quotes(res)["各部门要抓落实。"] in person


def test_an_organisation_starting_like_a_form_stays_without_a_holder(doc: Doc) -> None:
    d = doc("t6", [(None, [
        ("韦主任工作室揭牌成立。", [("韦主任工作室", ORG)]),
    ])])
    assert "Organization:韦主任工作室" in _resolve(d).entities
