"""Choose what the network view shows: a neighbourhood, some classes, the top N.

Examples
--------
>>> from kg.analytics.networkx_bridge import to_networkx
>>> from kg.dev.synthetic import demo_graph
>>> g = to_networkx(demo_graph())
>>> sub = select_subgraph(g, focus="李明", hops=1)
>>> sorted(d["label"] for _, d in sub.nodes(data=True))
['东湖区商务局', '李明']
>>> people = select_subgraph(g, types=["Person"])
>>> {d["type"] for _, d in people.nodes(data=True)}
{'Person'}
"""

from __future__ import annotations

from collections.abc import Collection

import networkx as nx

from kg.analytics.centrality import pagerank_scores
from kg.analytics.lookup import find_entities
from kg.errors import KGError

__all__ = ["select_subgraph"]


def select_subgraph(
    g: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    hops: int = 1,
    types: Collection[str] | None = None,
    max_nodes: int | None = None,
) -> nx.MultiDiGraph:
    """Return a copy of the part of ``g`` to draw.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        Output of :func:`kg.analytics.networkx_bridge.to_networkx`.
    focus : str, optional
        A name or alias; keep the entities within ``hops`` relations of every
        entity it names (ignoring direction).  Matched in Python, never
        written into a query.
    hops : int
        Radius around ``focus``.
    types : collection of str, optional
        Keep only entities whose class (``type`` or any of ``types``) is
        listed.  Applied after ``focus``, except that the focus stays.
    max_nodes : int, optional
        Keep the ``max_nodes`` entities with the highest PageRank (focus
        entities always stay).

    Raises
    ------
    KGError
        When ``focus`` names no entity, or ``hops`` is negative.
    """
    if hops < 0:
        raise KGError(f"--hops must be 0 or more, not {hops}")
    keep = set(g.nodes)
    centres: set[object] = set()
    if focus is not None:
        centres = set(find_entities(g, focus))
        if not centres:
            raise KGError(f"no entity named {focus!r} in the graph")
        undirected = g.to_undirected(as_view=True)
        keep = set()
        for centre in centres:
            keep |= set(nx.single_source_shortest_path_length(undirected, centre, cutoff=hops))
    if types:
        wanted = set(types)
        keep = {
            n
            for n in keep
            if n in centres
            or g.nodes[n].get("type") in wanted
            or wanted & set(g.nodes[n].get("types", ()))
        }
    if max_nodes is not None and len(keep) > max_nodes:
        scores = pagerank_scores(g.subgraph(keep))
        ranked = sorted(keep - centres, key=lambda n: (-scores.get(n, 0.0), str(n)))
        keep = centres | set(ranked[: max(0, max_nodes - len(centres))])
    return nx.MultiDiGraph(g.subgraph(keep))
