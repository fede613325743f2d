"""Connected components, and the isolated entities that hint at extraction misses.

An entity with no relation at all was recognised but never linked: either
the article really says nothing about it, or a relation pattern missed it.
Listing them is a cheap recall check.  Components ignore relation direction.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_edges_from([("a", "b"), ("c", "d"), ("d", "e")])
[0, 0, 0]
>>> g.add_node("lonely")
>>> r = connected_parts(g)
>>> [sorted(c) for c in r.components], r.isolated
([['c', 'd', 'e'], ['a', 'b']], ['lonely'])
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx

__all__ = ["Components", "connected_parts"]


@dataclass(frozen=True)
class Components:
    """Components with at least two entities (biggest first) and isolated ones."""

    components: list[list[Hashable]]
    isolated: list[Hashable]


def connected_parts(g: nx.Graph) -> Components:
    """Split ``g`` into (weakly) connected components.

    Parameters
    ----------
    g : networkx.Graph
        Directed graphs are read as undirected.

    Returns
    -------
    Components
        Members of each component sorted by id; isolated nodes sorted by id.
    """
    undirected = g.to_undirected(as_view=True) if g.is_directed() else g
    parts = [sorted(c, key=str) for c in nx.connected_components(undirected)]
    # A node with only a self-loop is still unrelated to anything else.
    isolated = sorted((c[0] for c in parts if len(c) == 1), key=str)
    big = sorted((c for c in parts if len(c) > 1), key=lambda c: (-len(c), str(c[0])))
    return Components(components=big, isolated=isolated)
