"""The co-occurrence layer: one weighted, sourced edge per entity pair of a sentence."""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.analytics.networkx_bridge import to_networkx
from kg.analytics.summary import summarise
from kg.config import BuildConfig
from kg.graph.cooccurrence import cooccurring_pairs
from kg.graph.iris import cooccurrence_graph_iri, entity_iri, sentence_iri
from kg.graph.ontology import load_ontology
from kg.graph.validate import validate_graph
from kg.graph.vocab import KG, PROV
from kg.types import Evidence, MentionLink, Resolution
from kg.viz.html import render_html

from .conftest import BASE, DISTRICT, PERSON, UNI1, UNI2, Sample


def _page_edges(page: str) -> list[dict[str, Any]]:
    start = page.index('<script type="application/json" id="kg-data">')
    start = page.index(">", start) + 1
    edges: list[dict[str, Any]] = json.loads(page[start : page.index("</script>", start)])["edges"]
    return edges


def _link(key: str, article: str, sentence: int, start: int) -> MentionLink:
    return MentionLink(key, Evidence(article, sentence, start, start + 2, "test"), key)


def test_pairs_are_aggregated_over_sentences_and_articles() -> None:
    links = [
        _link("Person:甲", "a1", 0, 0), _link("Place:乙", "a1", 0, 9),
        _link("Person:甲", "a1", 0, 20),  # a second mention in one sentence counts once
        _link("Place:乙", "a2", 3, 5), _link("Person:甲", "a2", 3, 1),
        _link("Project:丙", "a2", 4, 0),  # alone in its sentence: no pair
    ]
    pairs = cooccurring_pairs(links, window=4)
    assert [(p.a, p.b) for p in pairs] == [("Person:甲", "Place:乙")]
    assert pairs[0].sentences == (("a1", 0), ("a2", 3))


def test_window_caps_pairs_in_long_lists() -> None:
    keys = [f"Organization:单位{i:02d}" for i in range(20)]
    links = [_link(k, "a1", 0, 3 * i) for i, k in enumerate(keys)]
    everything = cooccurring_pairs(links, window=100)
    capped = cooccurring_pairs(links, window=2)
    assert len(everything) == 20 * 19 // 2
    # each entity pairs with the next three only: linear, not quadratic
    assert len(capped) == 17 * 3 + 2 + 1
    assert {(p.a, p.b) for p in capped} <= {(p.a, p.b) for p in everything}
    assert ("Organization:单位00", "Organization:单位03") in {(p.a, p.b) for p in capped}
    assert ("Organization:单位00", "Organization:单位04") not in {(p.a, p.b) for p in capped}
    assert cooccurring_pairs(links, window=0) == []


def test_graph_has_node_direct_edge_and_provenance(sample: Sample) -> None:
    quads = sample.quads()
    g = cooccurrence_graph_iri(BASE)
    layer = Graph()
    for s, p, o, graph in quads:
        if graph == g:
            layer.add((s, p, o))
    ents = sample.resolution.entities
    district, uni1 = entity_iri(ents[DISTRICT], BASE), entity_iri(ents[UNI1], BASE)
    assert (district, KG.coOccursWith, uni1) in layer or (uni1, KG.coOccursWith, district) in layer
    nodes = set(layer.subjects(RDF.type, KG.CoOccurrence))
    node = next(n for n in nodes if set(layer.objects(n, KG.between)) == {district, uni1})
    assert layer.value(node, KG.sentenceCount) == Literal(1)
    assert set(layer.objects(node, PROV.wasDerivedFrom)) == {sentence_iri("doc1-0", 1, BASE)}
    # one node per pair, and only entity nodes take part (no articles, no literals)
    assert len(nodes) == len(set(layer.subject_objects(KG.coOccursWith)))
    entity_iris = {entity_iri(e, BASE) for e in ents.values()}
    for a, b in layer.subject_objects(KG.coOccursWith):
        assert isinstance(a, URIRef) and isinstance(b, URIRef)
        assert {a, b} <= entity_iris
    # the people of doc1 and doc2 never share a sentence
    person = entity_iri(ents[PERSON], BASE)
    assert (person, KG.coOccursWith, entity_iri(ents[UNI2], BASE)) not in layer


def test_layer_validates_and_is_off_with_window_zero(sample: Sample) -> None:
    ds = sample.dataset()
    assert validate_graph(ds).conforms
    off = Sample(sample.analyses, sample.resolution,
                 BuildConfig(base_iri=BASE, cooccurrence_window=0))
    assert not any(p == KG.coOccursWith for _, p, _, _ in off.quads())
    assert all(q[3] != cooccurrence_graph_iri(BASE) for q in off.quads())


def test_build_is_deterministic(sample: Sample) -> None:
    layer = [q for q in sample.quads() if q[3] == cooccurrence_graph_iri(BASE)]
    again = [q for q in sample.quads() if q[3] == cooccurrence_graph_iri(BASE)]
    assert layer and layer == again


def test_property_is_no_typed_relation() -> None:
    onto = load_ontology()
    assert (KG.coOccursWith, RDFS.label, Literal("共现", lang="zh")) in onto
    assert (KG.coOccursWith, RDFS.label, Literal("co-occurs with", lang="en")) in onto
    assert list(onto.objects(KG.coOccursWith, RDFS.subPropertyOf)) == []
    assert list(onto.objects(KG.CoOccurrence, RDFS.label))


def test_bridge_stats_and_picture_choose_the_layer(sample: Sample) -> None:
    ds = sample.dataset()
    typed = to_networkx(ds)
    both = to_networkx(ds, cooccurrence=True)
    assert all(not d.get("cooccurrence") for *_, d in typed.edges(data=True))
    extra = [d for *_, d in both.edges(data=True) if d.get("cooccurrence")]
    assert extra and all(d["weight"] >= 1 for d in extra)
    assert summarise(typed)["counts"]["relations"] == summarise(both)["counts"]["relations"]
    assert summarise(both)["counts"]["cooccurrences"] == len(extra)
    # without typed facts, the entities that share a sentence are still connected
    bare = Sample(sample.analyses, Resolution(sample.resolution.entities,
                                              sample.resolution.links), sample.config)
    alone = {e["label"] for e in summarise(to_networkx(bare.dataset()))["components"]["isolated"]}
    joined = to_networkx(bare.dataset(), cooccurrence=True)
    still = {e["label"] for e in summarise(joined)["components"]["isolated"]}
    assert {"东山区", "南湖大学", "北岭学院", "东山区委"} <= alone - still
    assert "青石科技有限公司" in still  # alone in its sentence
    drawn = _page_edges(render_html(both))
    faint = [e for e in drawn if e["kg"]["relations"] == ["coOccursWith"]]
    # drawn faint, and only for pairs no typed relation joins already
    assert faint and all(e["dashes"] and e["color"]["opacity"] < 1 for e in faint)
    typed_pairs = {frozenset((u, v)) for u, v in typed.edges()}
    assert all(frozenset((e["from"], e["to"])) not in typed_pairs for e in faint)
    assert not [e for e in _page_edges(render_html(typed)) if e.get("dashes")]


def test_graph_grading_does_not_count_cooccurrence(sample: Sample) -> None:
    """kg eval-graph's rules (those of the shared grader) give the layer no kind."""
    from kg.eval.graph import matching

    rules = matching()
    above = {o for o in load_ontology().transitive_objects(KG.coOccursWith, RDFS.subPropertyOf)}
    for local, standard in rules.relations.values():
        assert "coOccursWith" not in local and "between" not in local
        assert not above & standard
    # the layer's node has no label, so it is never taken for an entity
    ds = sample.dataset()
    nodes = set(ds.subjects(RDF.type, KG.CoOccurrence))
    assert nodes
    for node in nodes:
        assert [o for prop in rules.label_properties for o in ds.objects(node, prop)] == []
