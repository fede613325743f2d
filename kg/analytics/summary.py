"""One report of a graph: counts, central entities, communities, components.

This is what ``kg stats`` prints; it combines the one-algorithm modules of
:mod:`kg.analytics` into plain, JSON-ready data.

Examples
--------
>>> from kg.analytics.networkx_bridge import to_networkx
>>> from kg.dev.synthetic import demo_graph
>>> s = summarise(to_networkx(demo_graph()), top=3)
>>> s["counts"]["entities"] == sum(c["count"] for c in s["counts"]["classes"])
True
>>> s["top"]["degree"][0]["label"]
'东湖区'
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from kg.analytics.centrality import Ranked, top_central
from kg.analytics.communities import find_communities
from kg.analytics.components import connected_parts
from kg.analytics.labels import class_label, relation_label

__all__ = ["summarise"]


def _ranked(items: list[Ranked]) -> list[dict[str, Any]]:
    return [{"id": str(r.node), "label": r.label, "score": round(r.score, 6)} for r in items]


def summarise(g: nx.MultiDiGraph, *, top: int = 10, seed: int = 42) -> dict[str, Any]:
    """Summarise ``g`` as a JSON-serialisable dict.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        Output of :func:`kg.analytics.networkx_bridge.to_networkx`.
    top : int
        How many entities per ranking, communities listed, and members per
        community.
    seed : int
        Seed for Louvain and sampled betweenness.

    Returns
    -------
    dict
        ``counts`` (entities, relations, co-occurrence edges when ``g`` has
        them, per class, per relation; per class: ``count``, entities whose
        most specific class it is, and ``with_subclasses``, entities of that
        class or a subclass, which is what ``report.json``'s ``classes``
        counts), ``top``
        (degree, pagerank, betweenness), ``communities``, ``components``
        (count, sizes, isolated entities).
    """
    classes = Counter(str(d.get("type", "")) for _, d in g.nodes(data=True))
    # Every class an entity has, as report.json counts them (a Company is
    # also an Organization there).
    within = Counter(str(t) for _, d in g.nodes(data=True) for t in d.get("types", ()))
    relations = Counter(
        str(k) for _, _, k, together in g.edges(keys=True, data="cooccurrence") if not together
    )
    cooccurrences = sum(1 for *_, together in g.edges(data="cooccurrence") if together)
    central = top_central(g, k=top, seed=seed)
    communities = find_communities(g, seed=seed)
    parts = connected_parts(g)
    return {
        "counts": {
            "entities": g.number_of_nodes(),
            "relations": sum(relations.values()),
            # entity pairs named in one sentence: not relations, counted apart
            "cooccurrences": cooccurrences,
            "classes": [
                {
                    "class": name,
                    "label": class_label(name),
                    "count": classes[name],
                    "with_subclasses": max(within[name], classes[name]),
                }
                for name in sorted(
                    set(classes) | set(within), key=lambda c: (-classes[c], -within[c], c)
                )
            ],
            "relation_types": [
                {"relation": name, "label": relation_label(name), "count": n}
                for name, n in sorted(relations.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
        },
        "top": {
            "degree": _ranked(central.degree),
            "pagerank": _ranked(central.pagerank),
            "betweenness": _ranked(central.betweenness),
            "betweenness_pivots": central.betweenness_pivots,
        },
        "communities": {
            "count": len(communities),
            "listed": [
                {
                    "size": len(c.members),
                    "members": [
                        {"id": str(n), "label": label}
                        for n, label in zip(c.members[:top], c.labels[:top], strict=True)
                    ],
                }
                for c in communities[:top]
            ],
        },
        "components": {
            "count": len(parts.components) + len(parts.isolated),
            "sizes": [len(c) for c in parts.components],
            "isolated": [
                {
                    "id": str(n),
                    "label": str(g.nodes[n].get("label", n)),
                    "class": str(g.nodes[n].get("type", "")),
                }
                for n in parts.isolated
            ],
        },
    }
