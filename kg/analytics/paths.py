"""How are two entities connected?  Shortest relation paths, with evidence.

Both names are matched in Python against labels and aliases
(:func:`kg.analytics.lookup.find_entities`); no user text reaches a query.
Paths ignore direction (a person *works for* a bureau that is *located in* a
district links the person and the district) but each step reports which way
its relations point and the sentence each was read from.

Examples
--------
>>> from kg.analytics.networkx_bridge import to_networkx
>>> from kg.dev.synthetic import demo_graph
>>> g = to_networkx(demo_graph())
>>> found = find_paths(g, "李明", "洛阳市")
>>> [step.relations[0].label for step in found.paths[0].steps]
['任职于', '位于', '隶属于（地点）']
>>> print(found.paths[0].steps[0].relations[0].evidence[0])
东湖区商务局局长李明介绍，电子半导体产业园位于东湖区。
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx

from kg.analytics.labels import relation_label
from kg.analytics.lookup import find_entities
from kg.errors import KGError

__all__ = ["Relation", "Step", "RelationPath", "PathSearch", "find_paths"]


@dataclass(frozen=True)
class Relation:
    """One relation between the two ends of a step, in its own direction."""

    subject: Hashable
    subject_label: str
    key: str
    label: str
    object: Hashable
    object_label: str
    evidence: list[str]


@dataclass(frozen=True)
class Step:
    """A hop from ``source`` to ``target`` and every relation joining them."""

    source: Hashable
    target: Hashable
    relations: list[Relation]


@dataclass(frozen=True)
class RelationPath:
    """A shortest path: its entities in order and the steps between them."""

    nodes: list[Hashable]
    labels: list[str]
    steps: list[Step]


@dataclass(frozen=True)
class PathSearch:
    """What the names matched, and the paths found (shortest first)."""

    sources: list[Hashable]
    targets: list[Hashable]
    paths: list[RelationPath]


def _label(g: nx.Graph, node: Hashable) -> str:
    return str(g.nodes[node].get("label", node))


def _relations(g: nx.MultiDiGraph, u: Hashable, v: Hashable) -> list[Relation]:
    found: list[Relation] = []
    for s, o in ((u, v), (v, u)):
        if not g.has_edge(s, o):
            continue
        for key, data in sorted(g.get_edge_data(s, o).items(), key=lambda kv: str(kv[0])):
            found.append(
                Relation(
                    subject=s,
                    subject_label=_label(g, s),
                    key=str(key),
                    label=str(data.get("label") or relation_label(str(key))),
                    object=o,
                    object_label=_label(g, o),
                    evidence=[str(e) for e in data.get("evidence", ())],
                )
            )
    return found


def find_paths(
    g: nx.MultiDiGraph, source: str, target: str, *, max_hops: int = 3, limit: int = 10
) -> PathSearch:
    """Shortest relation paths between the entities named ``source`` and ``target``.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        Output of :func:`kg.analytics.networkx_bridge.to_networkx`.
    source, target : str
        Names or aliases; every entity a name matches is tried (the same name
        can denote two people).
    max_hops : int
        Longest path, in relations, worth reporting.
    limit : int
        Most paths to return.

    Returns
    -------
    PathSearch
        ``paths`` is empty when the entities are not joined within
        ``max_hops``.

    Raises
    ------
    KGError
        When a name matches no entity, or ``max_hops`` < 1.
    """
    if max_hops < 1:
        raise KGError(f"--max must be at least 1, not {max_hops}")
    sources = find_entities(g, source)
    targets = find_entities(g, target)
    for name, hits in ((source, sources), (target, targets)):
        if not hits:
            raise KGError(f"no entity named {name!r} in the graph")
    undirected = nx.Graph(g.to_undirected(as_view=True))
    candidates: list[list[Hashable]] = []
    for s, t in itertools.product(sources, targets):
        if s == t:
            continue
        try:
            for path in nx.all_shortest_paths(undirected, s, t):
                if len(path) - 1 > max_hops:
                    break  # all shortest paths have the same length
                candidates.append(path)
        except nx.NetworkXNoPath:
            continue
    unique = {tuple(p): p for p in candidates}
    ordered = sorted(
        unique.values(), key=lambda p: (len(p), [_label(g, n) for n in p], [str(n) for n in p])
    )
    paths = [
        RelationPath(
            nodes=p,
            labels=[_label(g, n) for n in p],
            steps=[Step(u, v, _relations(g, u, v)) for u, v in itertools.pairwise(p)],
        )
        for p in ordered[:limit]
    ]
    return PathSearch(sources=sources, targets=targets, paths=paths)
