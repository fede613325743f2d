"""Communities: groups of entities more tied to each other than to the rest.

Louvain modularity (``networkx.community.louvain_communities``) on the
undirected simple graph, with a fixed seed so the same graph always gives
the same groups.  Members are ranked by PageRank, so each community is
named by its most central entities.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_edges_from([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x")])
[0, 0, 0, 0, 0, 0]
>>> sorted(sorted(c.members) for c in find_communities(g))
[['a', 'b', 'c'], ['x', 'y', 'z']]
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx

from kg.analytics.centrality import pagerank_scores

__all__ = ["Community", "find_communities"]


@dataclass(frozen=True)
class Community:
    """One community; ``members`` are sorted by PageRank, highest first."""

    index: int
    members: list[Hashable]
    labels: list[str]


def find_communities(
    g: nx.Graph, *, seed: int = 42, resolution: float = 1.0, min_size: int = 2
) -> list[Community]:
    """Louvain communities of ``g``, biggest first.

    Parameters
    ----------
    g : networkx.Graph
        Typically :func:`kg.analytics.networkx_bridge.to_networkx` output.
    seed : int
        Louvain's random seed (fixed: results are reproducible).
    resolution : float
        Above 1 favours smaller communities, below 1 bigger ones.
    min_size : int
        Drop smaller communities (isolated entities are their own community
        and are reported by :mod:`kg.analytics.components` instead).

    Returns
    -------
    list of Community
    """
    simple = nx.Graph(g.to_undirected(as_view=True)) if g.is_directed() else nx.Graph(g)
    if simple.number_of_edges() == 0:
        return []
    groups = nx.community.louvain_communities(simple, seed=seed, resolution=resolution)
    scores = pagerank_scores(g)
    ranked = [
        sorted(group, key=lambda n: (-scores.get(n, 0.0), str(n)))
        for group in groups
        if len(group) >= min_size
    ]
    ranked.sort(key=lambda members: (-len(members), str(members[0])))
    return [
        Community(i, members, [str(g.nodes[n].get("label", n)) for n in members])
        for i, members in enumerate(ranked)
    ]
