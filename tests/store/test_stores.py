"""Both registered stores honour the GraphStore contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.graph.vocab import KG
from kg.store import STORES, GraphStore, Quad

BASE = "https://w3id.org/kgnews/id/"
G1 = URIRef(BASE + "graph/doc1")
G2 = URIRef(BASE + "graph/doc2")


def sample_quads() -> list[Quad]:
    people = [URIRef(f"{BASE}person/p{i}") for i in range(5)]
    quads: list[Quad] = []
    for i, person in enumerate(people):
        graph = G1 if i % 2 else G2
        quads.append((person, RDFS.label, Literal(f"人{i}", lang="zh"), graph))
        quads.append((person, KG.worksFor, URIRef(f"{BASE}org/o{i % 2}"), graph))
    return quads


@pytest.fixture(params=STORES.names())
def store(request: pytest.FixtureRequest, tmp_path: Path) -> GraphStore:
    created = STORES.create(request.param, tmp_path / "db")
    created.add_quads(sample_quads())
    return created


def test_add_quads_counts_and_dataset_sees_named_graphs(store: GraphStore) -> None:
    assert len(list(store.dataset.quads((None, None, None, None)))) == 10
    graphs = {g.identifier for g in store.dataset.graphs() if len(g)}
    assert {G1, G2} <= graphs
    # rdflib-level access works, e.g. an analyst's triples() call
    labels = {str(o) for _, _, o in store.dataset.triples((None, RDFS.label, None))}
    assert labels == {f"人{i}" for i in range(5)}


def test_query_sees_union_and_prefixes(store: GraphStore) -> None:
    rows = list(store.query("SELECT ?p WHERE { ?p kg:worksFor ?o } ORDER BY ?p"))
    assert [str(r[0]).rsplit("/", 1)[1] for r in rows] == ["p0", "p1", "p2", "p3", "p4"]
    ask = store.query("ASK { ?p rdfs:label '人3'@zh }")
    assert ask.askAnswer is True


def test_bindings_restrict_and_are_not_pasted(store: GraphStore) -> None:
    query = "SELECT ?p ?name WHERE { ?p rdfs:label ?name }"
    rows = list(store.query(query, {"name": Literal("人2", lang="zh")}))
    assert [str(r[0]).rsplit("/", 1)[1] for r in rows] == ["p2"]
    hostile = Literal('人" } UNION { ?p ?x ?name } #', lang="zh")
    assert list(store.query(query, {"name": hostile})) == []


def test_syntax_error_has_position(store: GraphStore) -> None:
    with pytest.raises(SyntaxError) as info:
        store.query("SELECT ?s WHERE {\n  ?s ?p \n}")
    assert info.value.lineno is not None and info.value.lineno >= 2


def test_close_then_reopen_keeps_data(tmp_path: Path) -> None:
    for name in STORES.names():
        folder = tmp_path / name
        first = STORES.create(name, folder)
        first.add_quads(sample_quads())
        first.close()
        again = STORES.create(name, folder, read_only=True)
        assert len(list(again.dataset.quads((None, None, None, None)))) == 10
        again.close()


@pytest.mark.parametrize("total", [27, 28, 0])
def test_oxigraph_loads_in_batches_without_losing_quads(
    monkeypatch: pytest.MonkeyPatch, total: int
) -> None:
    from kg.store import oxigraph

    monkeypatch.setattr(oxigraph, "BATCH", 7)  # several bulk_extend calls, one partial
    store = oxigraph.OxigraphStore()
    quads = [(URIRef(f"{BASE}x/{i}"), RDFS.label, Literal(str(i)), G1) for i in range(total)]
    assert store.add_quads(iter(quads)) == total
    assert len(store) == total


@pytest.mark.parametrize("name", STORES.names())
def test_update(tmp_path: Path, name: str) -> None:
    store = STORES.create(name, tmp_path / "db")
    store.add_quads(sample_quads())
    # (rdflib ignores the short form DELETE WHERE { GRAPH ?g {…} }; this form works in both)
    store.update(
        "DELETE { GRAPH ?g { ?p kg:worksFor ?o } } WHERE { GRAPH ?g { ?p kg:worksFor ?o } }"
    )
    assert not store.query("ASK { ?p kg:worksFor ?o }").askAnswer
    with pytest.raises(SyntaxError):
        store.update("DELETE NOTHING")
