"""Who matters in the graph: degree, PageRank and betweenness, top-k.

Degree and betweenness are computed on the undirected simple graph (a
relation ties two entities whichever way it points; several relations
between the same pair count once).  PageRank follows relation direction, so
organisations people work for and places things are located in rank high.

Betweenness is exact up to ``exact_limit`` nodes and estimated from a fixed,
seeded sample of ``pivots`` source nodes above it (Brandes).  Exact
betweenness is O(nm): on a 5,000-entity graph 500 pivots took 16 s on a busy
2-core machine, 100 pivots about 3 s, and the top entities are the hubs
either way.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_edges_from([("a", "hub"), ("b", "hub"), ("c", "hub"), ("hub", "d")])
[0, 0, 0, 0]
>>> top = top_central(g, k=1)
>>> top.degree[0].node, top.pagerank[0].node, top.betweenness[0].node
('hub', 'd', 'hub')
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx

__all__ = ["Ranked", "CentralityTop", "pagerank_scores", "top_central"]


@dataclass(frozen=True)
class Ranked:
    """One entity and its score."""

    node: Hashable
    label: str
    score: float


@dataclass(frozen=True)
class CentralityTop:
    """The top-k entities by each measure, best first."""

    degree: list[Ranked]
    pagerank: list[Ranked]
    betweenness: list[Ranked]
    #: Pivots betweenness was estimated from, or ``None`` when exact.
    betweenness_pivots: int | None = None


def pagerank_scores(g: nx.Graph) -> dict[Hashable, float]:
    """PageRank of every node; falls back to degree centrality without scipy.

    networkx's PageRank needs scipy; the fallback keeps the viewer working
    (node size by degree) where scipy is missing.

    Examples
    --------
    >>> import networkx as nx
    >>> scores = pagerank_scores(nx.DiGraph([("a", "b")]))
    >>> scores["b"] > scores["a"]
    True
    """
    if g.number_of_nodes() == 0:
        return {}
    try:
        return dict(nx.pagerank(g))
    except ImportError:
        return dict(nx.degree_centrality(g))


def _ranked(g: nx.Graph, scores: dict[Hashable, float], k: int) -> list[Ranked]:
    # Ties break by label then id, so output is stable across runs and stores.
    order = sorted(scores, key=lambda n: (-scores[n], str(g.nodes[n].get("label", n)), str(n)))
    return [Ranked(n, str(g.nodes[n].get("label", n)), float(scores[n])) for n in order[:k]]


def top_central(
    g: nx.Graph, *, k: int = 10, exact_limit: int = 500, pivots: int = 100, seed: int = 0
) -> CentralityTop:
    """Top ``k`` nodes by degree, PageRank and betweenness centrality.

    Parameters
    ----------
    g : networkx.Graph
        Typically :func:`kg.analytics.networkx_bridge.to_networkx` output.
    k : int
        How many to return per measure.
    exact_limit : int
        Largest graph for exact betweenness.
    pivots : int
        Sample size for estimated betweenness above ``exact_limit``.
    seed : int
        Pivot sampling seed.

    Returns
    -------
    CentralityTop
    """
    simple = nx.Graph(g.to_undirected(as_view=True)) if g.is_directed() else nx.Graph(g)
    degree = nx.degree_centrality(simple) if len(simple) > 1 else dict.fromkeys(simple, 0.0)
    sample = None if len(simple) <= exact_limit else min(pivots, len(simple))
    betweenness = nx.betweenness_centrality(simple, k=sample, seed=seed)
    return CentralityTop(
        degree=_ranked(g, degree, k),
        pagerank=_ranked(g, pagerank_scores(g), k),
        betweenness=_ranked(g, betweenness, k),
        betweenness_pivots=sample,
    )
