"""Choose what the network view shows: a neighbourhood, some classes, the top N.

``max_nodes`` keeps the best-connected entities *with their edges*: ranking
every entity by a score and cutting at N (what kg did before, by PageRank
with ties broken by IRI) keeps hubs that mostly do not touch each other, and
on a news build it kept 100 nodes and 0 edges.  Instead the selection grows
like Prim's algorithm: start at the entity with the most neighbours, then
repeatedly add the outside entity with the most links into the selection
(ties: more neighbours overall, then id); when a component is used up,
start again at the best-connected entity left.  Isolated entities come last.

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
>>> star = nx.MultiDiGraph([("a", "hub"), ("b", "hub"), ("c", "hub"), ("x", "y")])
>>> sorted(best_connected(star, 3))
['a', 'b', 'hub']
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Hashable

import networkx as nx

from kg.analytics.lookup import find_entities
from kg.errors import KGError

__all__ = ["best_connected", "neighbour_counts", "select_subgraph"]


def neighbour_counts(g: nx.Graph) -> dict[Hashable, int]:
    """Distinct neighbours of every node, in either direction, self-loops aside.

    Parallel relations between one pair count once: two facts about the same
    people do not make either of them more connected.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("c", "a"), ("a", "a")])
    >>> neighbour_counts(g)
    {'a': 2, 'b': 1, 'c': 1}
    """
    directed = g.is_directed()
    out: dict[Hashable, int] = {}
    for node in g:
        others = set(g.successors(node)) | set(g.predecessors(node)) if directed else set(g[node])
        others.discard(node)
        out[node] = len(others)
    return out


def best_connected(
    g: nx.Graph, n: int, *, keep: Collection[Hashable] = ()
) -> set[Hashable]:
    """The ``n`` entities to draw so that as many edges as possible survive.

    Parameters
    ----------
    g : networkx.Graph
        Any graph; direction and parallel edges are ignored.
    n : int
        How many nodes to return (fewer when ``g`` is smaller).
    keep : collection
        Nodes that must stay (a ``--focus``); the selection grows from them.

    Returns
    -------
    set
        ``keep`` plus the best-connected other nodes, see the module notes.
    """
    simple = nx.Graph(g)
    simple.remove_edges_from(nx.selfloop_edges(simple))
    degree = dict(simple.degree())
    chosen: set[Hashable] = set(keep)
    links: dict[Hashable, int] = {}
    # Max-heap on (links into the selection, degree, id), with stale entries
    # skipped on pop instead of being updated in place.
    heap: list[tuple[int, int, str, Hashable]] = []

    def add(node: Hashable) -> None:
        chosen.add(node)
        for other in simple[node]:
            if other not in chosen:
                links[other] = links.get(other, 0) + 1
                heapq.heappush(heap, (-links[other], -degree[other], str(other), other))

    for node in list(chosen):
        add(node)
    seeds = sorted(simple, key=lambda v: (-degree[v], str(v)))
    seed_at = 0
    target = min(n, simple.number_of_nodes())
    while len(chosen) < target:
        while heap and (heap[0][3] in chosen or -heap[0][0] != links.get(heap[0][3])):
            heapq.heappop(heap)
        if heap:
            add(heapq.heappop(heap)[3])
            continue
        while seeds[seed_at] in chosen:
            seed_at += 1
        add(seeds[seed_at])
    return chosen


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
        Keep the ``max_nodes`` best-connected entities with their edges, see
        :func:`best_connected` (focus entities always stay).

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
        keep = best_connected(g.subgraph(keep), max_nodes, keep=centres)
    return nx.MultiDiGraph(g.subgraph(keep))
