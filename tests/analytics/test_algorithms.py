"""Centrality, communities, components, name lookup and paths on known graphs."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from rdflib import Graph

from kg.analytics.centrality import top_central
from kg.analytics.communities import find_communities
from kg.analytics.components import connected_parts
from kg.analytics.lookup import find_entities
from kg.analytics.networkx_bridge import to_networkx
from kg.analytics.paths import find_paths
from kg.analytics.summary import summarise
from kg.dev.synthetic import HOSTILE_ALIAS, HOSTILE_NAME, synthetic_graph
from kg.errors import KGError


def two_stars() -> nx.MultiDiGraph:
    """Two hubs with leaves, joined by a bridge node, plus one isolated node."""
    g = nx.MultiDiGraph()
    for hub, leaves in (("h1", "abcde"), ("h2", "vwxyz")):
        g.add_node(hub, label=hub)
        for leaf in leaves:
            g.add_node(leaf, label=leaf)
            g.add_edge(leaf, hub, key="worksFor")
    g.add_node("bridge", label="bridge")
    g.add_edge("h1", "bridge", key="cooperatesWith")
    g.add_edge("bridge", "h2", key="cooperatesWith")
    g.add_node("alone", label="alone")
    return g


def test_centrality_finds_hubs_and_bridge() -> None:
    g = two_stars()
    top = top_central(g, k=3)
    assert {r.node for r in top.degree[:2]} == {"h1", "h2"}
    # Scores are networkx's on the right view of the graph, best first.
    undirected = nx.Graph(g.to_undirected())
    expected = nx.betweenness_centrality(undirected)
    assert [r.score for r in top.betweenness] == pytest.approx(
        sorted(expected.values(), reverse=True)[:3]
    )
    assert expected["bridge"] > expected["a"]
    pagerank = nx.pagerank(g)
    assert [r.node for r in top.pagerank] == sorted(pagerank, key=lambda n: -pagerank[n])[:3]


def test_sampled_betweenness_is_reproducible() -> None:
    g = to_networkx(synthetic_graph(300, seed=3))
    a = top_central(g, k=5, exact_limit=50, pivots=40, seed=1)
    b = top_central(g, k=5, exact_limit=50, pivots=40, seed=1)
    assert a == b
    assert a.betweenness_pivots == 40
    assert top_central(g, k=5).betweenness_pivots is None  # 300 nodes: exact


def test_communities_partition_the_connected_nodes() -> None:
    g = two_stars()
    communities = find_communities(g)
    members = [n for c in communities for n in c.members]
    assert len(members) == len(set(members))
    assert set(members) == set(g) - {"alone"}
    # The two stars land in different communities, each with its hub.
    by_node = {n: c.index for c in communities for n in c.members}
    assert by_node["a"] != by_node["z"]
    assert by_node["a"] == by_node["h1"] and by_node["z"] == by_node["h2"]
    # Members are ranked by PageRank.
    pagerank = nx.pagerank(g)
    for c in communities:
        assert [pagerank[n] for n in c.members] == sorted(
            (pagerank[n] for n in c.members), reverse=True
        )
    assert find_communities(g) == communities  # fixed seed


def test_components_and_isolated() -> None:
    g = two_stars()
    g.add_edge("p", "q", key="develops")
    g.add_edge("loop", "loop", key="cooperatesWith")
    parts = connected_parts(g)
    assert parts.isolated == sorted(["alone", "loop"])
    assert [len(c) for c in parts.components] == [13, 2]


def test_lookup_prefers_exact_then_substring(demo_rdf: Graph) -> None:
    g = to_networkx(demo_rdf)
    label = {n: d["label"] for n, d in g.nodes(data=True)}
    [bureau] = find_entities(g, "区商务局")  # an alias, exactly
    assert label[bureau] == "东湖区商务局"
    hits = [label[n] for n in find_entities(g, "东湖区")]
    assert hits == ["东湖区"]  # exact label beats longer names containing it
    partial = [label[n] for n in find_entities(g, "洛阳")]
    assert partial == ["洛阳市", "洛阳学院"]
    assert find_entities(g, "") == []
    assert find_entities(g, "ＲＴＰ缠绕增强复合管道生产线")  # full-width NFKC match


@pytest.mark.parametrize(
    "name",
    [
        '"} UNION {',
        "} UNION { ?s ?p ?o",
        "' OR '1'='1",
        '"',
        "{",
        "}",
        '") . ?s ?p ?o . FILTER("',
        "<script>",
    ],
)
def test_injection_names_match_only_literally(demo_rdf: Graph, name: str) -> None:
    g = to_networkx(demo_rdf)
    hits = find_entities(g, name)
    for node in hits:
        data = g.nodes[node]
        assert any(name.casefold() in n.casefold() for n in [data["label"], *data["aliases"]])
    assert len(hits) <= 1  # never "everything"


def test_hostile_entity_is_found_by_its_exact_name(demo_rdf: Graph) -> None:
    g = to_networkx(demo_rdf)
    for name in (HOSTILE_NAME, HOSTILE_ALIAS):
        [node] = find_entities(g, name)
        assert g.nodes[node]["label"] == HOSTILE_NAME
    found = find_paths(g, HOSTILE_NAME, "洛阳学院")
    assert found.paths
    assert found.paths[0].labels[0] == HOSTILE_NAME


def test_paths_are_shortest_and_cite_sentences(demo_rdf: Graph) -> None:
    g = to_networkx(demo_rdf)
    found = find_paths(g, "李明", "洛阳市", max_hops=6)
    undirected = nx.Graph(g.to_undirected())
    [src], [dst] = found.sources, found.targets
    length = nx.shortest_path_length(undirected, src, dst)
    assert found.paths, "the fixture joins them"
    for path in found.paths:
        assert len(path.steps) == length
        for step, (u, v) in zip(path.steps, itertools.pairwise(path.nodes), strict=True):
            assert (step.source, step.target) == (u, v)
            assert step.relations
            for rel in step.relations:
                assert g.has_edge(rel.subject, rel.object, rel.key)
                assert rel.evidence == g.edges[rel.subject, rel.object, rel.key]["evidence"]
    # Too short a budget: no path, not an error.
    assert find_paths(g, "李明", "洛阳市", max_hops=length - 1).paths == []
    # Different components: no path.
    assert find_paths(g, "李明", "洛阳学院", max_hops=10).paths == []


def test_paths_unknown_name_is_a_user_error(demo_rdf: Graph) -> None:
    g = to_networkx(demo_rdf)
    with pytest.raises(KGError, match="no entity named"):
        find_paths(g, "李明", "不存在的机构")
    with pytest.raises(KGError, match="--max"):
        find_paths(g, "李明", "东湖区", max_hops=0)


def test_summary_counts_agree_with_graph(demo_rdf: Graph) -> None:
    g = to_networkx(demo_rdf)
    s = summarise(g, top=3)
    assert s["counts"]["entities"] == g.number_of_nodes()
    assert s["counts"]["relations"] == g.number_of_edges()
    assert sum(r["count"] for r in s["counts"]["relation_types"]) == g.number_of_edges()
    isolated = {e["id"] for e in s["components"]["isolated"]}
    assert isolated == {n for n in g if g.degree(n) == 0}
    assert all(len(s["top"][m]) <= 3 for m in ("degree", "pagerank", "betweenness"))
