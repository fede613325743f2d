"""to_networkx reads kg's data model the same way from every kind of graph."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef

from kg.analytics._io import load_build_graph
from kg.analytics.labels import entity_classes, relation_label, relation_names
from kg.analytics.networkx_bridge import to_networkx
from kg.dev.synthetic import HOSTILE_NAME
from kg.graph.vocab import KG, ORG, PROV, RDF, RDFS, SCHEMA, SKOS

ENTITY_CLASSES = {KG[c] for c in entity_classes()}
RELATIONS = {KG[r] for r in relation_names()}


def expected_entities(g: Graph) -> set[str]:
    return {str(s) for s, o in g.subject_objects(RDF.type) if o in ENTITY_CLASSES}


def expected_edges(g: Graph) -> set[tuple[str, str, str]]:
    entities = expected_entities(g)
    return {
        (str(s), str(o), str(p).removeprefix(str(KG)))
        for s, p, o in g
        if p in RELATIONS and str(s) in entities and str(o) in entities
    }


def edge_set(nxg: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(u, v, k) for u, v, k in nxg.edges(keys=True)}


def test_nodes_and_edges_match_the_rdf(demo_rdf: Graph) -> None:
    nxg = to_networkx(demo_rdf)
    assert set(nxg.nodes) == expected_entities(demo_rdf)
    assert edge_set(nxg) == expected_edges(demo_rdf)
    assert nxg.number_of_edges() > 5  # the fixture really has relations


def test_node_attributes_come_from_the_graph(demo_rdf: Graph) -> None:
    nxg = to_networkx(demo_rdf)
    for node, data in nxg.nodes(data=True):
        iri = URIRef(node)
        assert data["label"] == str(demo_rdf.value(iri, RDFS.label))
        assert data["aliases"] == sorted(str(a) for a in demo_rdf.objects(iri, SKOS.altLabel))
        assert KG[data["type"]] in set(demo_rdf.objects(iri, RDF.type))
        mentioned_in = {
            str(demo_rdf.value(demo_rdf.value(m, KG.inSentence), SCHEMA.text))
            for m in demo_rdf.subjects(KG.denotes, iri)
        }
        assert mentioned_in <= set(data["sources"])
    # Posts: role title and organisation label of each Membership.
    for m in demo_rdf.subjects(RDF.type, KG.Membership):
        person = str(demo_rdf.value(m, ORG.member))
        org_label = str(demo_rdf.value(demo_rdf.value(m, ORG.organization), RDFS.label))
        role = str(demo_rdf.value(m, KG.roleTitle))
        assert f"{org_label} {role}" in nxg.nodes[person]["posts"]
    # Literal relations are node facts, not edges.
    for s, o in demo_rdf.subject_objects(KG.award):
        assert str(o) in nxg.nodes[str(s)]["facts"]["award"]


def test_most_specific_class_wins() -> None:
    g = Graph()
    e = URIRef("urn:x:e")
    g += [(e, RDF.type, KG.Organization), (e, RDF.type, KG.University)]
    g += [(e, RDF.type, KG.Sentence)]  # not an entity class: ignored
    assert to_networkx(g).nodes[str(e)]["type"] == "University"


def test_edge_evidence_is_the_assertion_sentence(demo_rdf: Graph) -> None:
    nxg = to_networkx(demo_rdf)
    checked = 0
    for a in demo_rdf.subjects(RDF.type, KG.Assertion):
        s, p, o = (demo_rdf.value(a, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        if isinstance(o, Literal):
            continue
        text = str(demo_rdf.value(demo_rdf.value(a, PROV.wasDerivedFrom), SCHEMA.text))
        key = str(p).removeprefix(str(KG))
        data = nxg.edges[str(s), str(o), key]
        assert text in data["evidence"]
        assert data["label"] == relation_label(key)
        checked += 1
    assert checked >= 5


def test_edge_without_assertion_has_no_evidence(demo_rdf: Graph) -> None:
    nxg = to_networkx(demo_rdf)
    no_evidence = [d for _, _, d in nxg.edges(data=True) if not d["evidence"]]
    asserted = {
        (demo_rdf.value(a, RDF.subject), demo_rdf.value(a, RDF.object))
        for a in demo_rdf.subjects(RDF.type, KG.Assertion)
    }
    plain = [(s, o) for s, p, o in demo_rdf if p in RELATIONS and (s, o) not in asserted]
    assert len(no_evidence) == len([x for x in plain if not isinstance(x[1], Literal)])


def test_dataset_with_named_graphs_reads_the_union(demo_rdf: Graph, demo_dataset: Dataset) -> None:
    assert len(list(demo_dataset.graphs())) >= 2  # entities and the document graph
    plain, union = to_networkx(demo_rdf), to_networkx(demo_dataset)
    assert set(union.nodes) == set(plain.nodes)
    assert edge_set(union) == edge_set(plain)
    assert dict(union.nodes(data=True)) == dict(plain.nodes(data=True))
    assert demo_dataset.default_union is False  # the caller's flag is restored


def test_oxigraph_build_gives_the_same_graph(demo_rdf: Graph, demo_build: Path) -> None:
    graph = load_build_graph(demo_build)
    assert type(graph.store).__name__ == "OxigraphStore"
    from_store, plain = to_networkx(graph), to_networkx(demo_rdf)
    assert dict(from_store.nodes(data=True)) == dict(plain.nodes(data=True))
    assert {(u, v, k): d for u, v, k, d in from_store.edges(keys=True, data=True)} == {
        (u, v, k): d for u, v, k, d in plain.edges(keys=True, data=True)
    }


def test_raw_store_dataset_is_read_as_a_union(demo_rdf: Graph, demo_build: Path) -> None:
    from kg.store.build_dir import open_build

    store = open_build(demo_build, read_only=True)
    try:
        store.dataset.default_union = False  # as a user's Dataset may be
        assert set(to_networkx(store.dataset).nodes) == expected_entities(demo_rdf)
        assert store.dataset.default_union is False
    finally:
        store.close()


def test_loose_turtle_file_is_read(tmp_path: Path, demo_rdf: Graph) -> None:
    demo_rdf.serialize(tmp_path / "graph.ttl", format="turtle", encoding="utf-8")
    assert set(to_networkx(load_build_graph(tmp_path)).nodes) == expected_entities(demo_rdf)


def test_include_articles_adds_mentions(demo_rdf: Graph) -> None:
    nxg = to_networkx(demo_rdf, include_articles=True)
    articles = {str(a) for a in demo_rdf.subjects(RDF.type, SCHEMA.NewsArticle)}
    assert articles and articles <= set(nxg.nodes)
    for a in articles:
        assert nxg.nodes[a]["type"] == "NewsArticle"
        mentioned = {str(e) for e in demo_rdf.objects(URIRef(a), SCHEMA.mentions)}
        assert {v for _, v, k in nxg.out_edges(a, keys=True) if k == "mentions"} == mentioned
    assert not set(to_networkx(demo_rdf).nodes) & articles


def test_hostile_names_are_plain_data(demo_rdf: Graph) -> None:
    nxg = to_networkx(demo_rdf)
    assert HOSTILE_NAME in {d["label"] for _, d in nxg.nodes(data=True)}


def test_empty_graph() -> None:
    nxg = to_networkx(Graph())
    assert nxg.number_of_nodes() == 0 and nxg.number_of_edges() == 0
    assert to_networkx(Dataset()).number_of_nodes() == 0
