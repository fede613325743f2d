"""Every library query runs on the sample graph and returns the rows it should."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.term import Node

from kg.errors import KGError
from kg.query import check_params, library_dir, library_names, load_query, run_query
from kg.query.sample import HOSTILE_NAME
from kg.store import STORES, GraphStore

REQUIRED = {
    "people-and-posts",
    "cooperation-network",
    "projects-by-place",
    "provenance-of-a-fact",
    "entity",
    "university-partners",
    "project-investors",
}


def rows(store: GraphStore, query_name: str, **params: str) -> list[dict[str, str]]:
    query = load_query(query_name)
    bindings: dict[str, Node] = {k: Literal(v) for k, v in params.items()}
    check_params(query, bindings)
    result = run_query(store, query.text, bindings, source=query_name)
    return [
        {
            str(var): str(value)
            for var, value in zip(result.vars or [], row, strict=True)
            if value is not None
        }
        for row in result
    ]


def test_library_is_shipped() -> None:
    assert set(library_names()) >= REQUIRED
    assert sorted(p.stem for p in library_dir().glob("*.rq")) == library_names()


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_every_query_documents_itself_and_its_params(name: str) -> None:
    query = load_query(name)
    assert query.text.startswith("# ") and len(query.description) > 20
    _header, _, body = query.text.partition("\nSELECT")
    for param in query.params:
        # bound parameters must be projected variables (SPARQL substitution)
        assert f"?{param.name}" in body.split("WHERE", 1)[0]


@pytest.mark.parametrize("name", sorted(REQUIRED - {"entity"}))
def test_every_query_gives_rows_without_params_on_every_store(name: str) -> None:
    results = {}
    for store_name in STORES.names():
        store = STORES.create(store_name)
        from kg.query.sample import sample_quads

        store.add_quads(sample_quads())
        results[store_name] = sorted(tuple(sorted(r.items())) for r in rows(store, name))
    assert all(results.values())
    first, *others = results.values()
    assert all(other == first for other in others)


def test_people_and_posts(store: GraphStore) -> None:
    got = {
        (r["personLabel"], r["role"], r["orgLabel"], r["headline"])
        for r in rows(store, "people-and-posts")
    }
    assert got == {
        ("张三", "局长", "洛阳市住建局", "住建局召开会议"),
        (HOSTILE_NAME, "董事长", "华星集团", "河南大学与华星集团签约"),
    }
    by_alias = rows(store, "people-and-posts", name="张局长")
    assert [(r["personLabel"], r["role"]) for r in by_alias] == [("张三", "局长")]


@pytest.mark.parametrize(
    "hostile",
    [
        '张三" } UNION { ?person ?p ?o } #',
        "张三' } UNION { ?x ?y ?z }",
        "} UNION {",
        '\\"',
        "{?name}",
    ],
)
def test_params_are_bound_not_pasted(store: GraphStore, hostile: str) -> None:
    assert rows(store, "people-and-posts", name=hostile) == []
    assert rows(store, "entity", name=hostile) == []


def test_a_name_made_of_sparql_is_found_literally(store: GraphStore) -> None:
    found = rows(store, "people-and-posts", name=HOSTILE_NAME)
    assert [(r["personLabel"], r["orgLabel"]) for r in found] == [(HOSTILE_NAME, "华星集团")]


def test_cooperation_network(store: GraphStore) -> None:
    got = rows(store, "cooperation-network", name="河大")
    assert [(r["orgLabel"], r["partnerLabel"], r["articles"]) for r in got] == [
        ("河南大学", "华星集团", "1")
    ]
    everyone = {(r["orgLabel"], r["partnerLabel"]) for r in rows(store, "cooperation-network")}
    assert everyone == {("河南大学", "华星集团"), ("华星集团", "河南大学")}


def test_projects_by_place_follows_containment(store: GraphStore) -> None:
    own = rows(store, "projects-by-place")
    assert [(r["placeLabel"], r["projectLabel"], r["developers"]) for r in own] == [
        ("东湖区", "智慧城市项目", "华星集团")
    ]
    city = rows(store, "projects-by-place", place="鹰城")  # an alias of 洛阳市
    assert [(r["placeLabel"], r["locatedInLabel"]) for r in city] == [("洛阳市", "东湖区")]
    assert rows(store, "projects-by-place", place="河南大学") == []


def test_provenance_of_a_fact(store: GraphStore) -> None:
    got = rows(store, "provenance-of-a-fact", subject="张三", relation="worksFor")
    assert len(got) == 1
    row = got[0]
    assert row["objectLabel"] == "洛阳市住建局"
    assert row["sentenceText"] == "张三任洛阳市住建局局长。"
    assert row["headline"] == "住建局召开会议"
    assert row["rule"] == "pattern:post" and float(row["confidence"]) == pytest.approx(0.95)
    award = rows(store, "provenance-of-a-fact", object="劳动模范")
    assert [(r["subjectLabel"], r["predicate"]) for r in award] == [("张三", "award")]
    assert len(rows(store, "provenance-of-a-fact")) == 8


def test_entity_everything_about_it(store: GraphStore) -> None:
    got = rows(store, "entity", name="华星控股集团")
    facts = {
        (r["direction"], r["property"].rsplit("#", 1)[-1], r.get("valueLabel", r["value"]))
        for r in got
    }
    assert ("out", "investsIn", "智慧城市项目") in facts
    assert ("out", "develops", "智慧城市项目") in facts
    assert ("in", "cooperatesWith", "河南大学") in facts
    assert ("in", "worksFor", HOSTILE_NAME) in facts
    assert ("out", "http://www.w3.org/2004/02/skos/core#altLabel", "华星控股集团") in {
        (d, p, v) for d, p, v in {(r["direction"], r["property"], r["value"]) for r in got}
    }


def test_university_partners_and_project_investors(store: GraphStore) -> None:
    partners = rows(store, "university-partners")
    assert [(r["universityLabel"], r["partnerLabel"], r["partnerType"]) for r in partners] == [
        ("河南大学", "华星集团", "Company")
    ]
    investors = rows(store, "project-investors", name="智慧城市项目")
    assert [(r["investorLabel"], r["placeLabel"], r["headline"]) for r in investors] == [
        ("华星集团", "东湖区", "河南大学与华星集团签约")
    ]


def test_param_checks() -> None:
    with pytest.raises(KGError, match="missing --param name"):
        check_params(load_query("entity"), {})
    with pytest.raises(KGError, match="unknown parameter 'nmae'"):
        check_params(load_query("entity"), {"nmae": Literal("x")})
    with pytest.raises(KGError, match="no library query named"):
        load_query("../etc/passwd")
