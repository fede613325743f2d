"""Find entities by name or alias, in Python, never by pasting into SPARQL.

``kg path`` and ``kg viz --focus`` take names typed by users.  Matching them
here, against the node labels and aliases of the networkx graph, means a
name such as ``A"} UNION {?s ?p ?o}`` is only ever compared as text.

Matching is NFKC-normalised and case-insensitive (so full-width and
half-width forms agree).  Exact matches on a label or alias win; only when
there are none are substring matches returned.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("e1", label="东湖区商务局", aliases=["区商务局"])
>>> g.add_node("e2", label="东湖区", aliases=["该区"])
>>> find_entities(g, "区商务局")
['e1']
>>> find_entities(g, "东湖")
['e2', 'e1']
>>> find_entities(g, '"} UNION {')
[]
"""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable

import networkx as nx

__all__ = ["normalise_name", "find_entities"]


def normalise_name(text: str) -> str:
    """NFKC, case-folded, surrounding whitespace removed.

    Examples
    --------
    >>> normalise_name(" ＡＢＣ公司 ")
    'abc公司'
    """
    return unicodedata.normalize("NFKC", text).casefold().strip()


def find_entities(g: nx.Graph, name: str) -> list[Hashable]:
    """Nodes whose label or an alias is ``name``, else contains it.

    Parameters
    ----------
    g : networkx.Graph
        Nodes carry ``label`` and ``aliases`` attributes, as
        :func:`kg.analytics.networkx_bridge.to_networkx` writes them.
    name : str
        What the user typed.

    Returns
    -------
    list
        Matching nodes: exact matches (label before alias), else substring
        matches, each group shortest name first, then by id.
    """
    wanted = normalise_name(name)
    if not wanted:
        return []
    exact: list[tuple[int, int, str, Hashable]] = []
    partial: list[tuple[int, int, str, Hashable]] = []
    for node, data in g.nodes(data=True):
        names = [str(data.get("label", node)), *map(str, data.get("aliases", ()))]
        for rank, candidate in enumerate(names):
            norm = normalise_name(candidate)
            if norm == wanted:
                exact.append((min(rank, 1), len(norm), str(node), node))
                break
        else:
            hits = [len(normalise_name(c)) for c in names if wanted in normalise_name(c)]
            if hits:
                partial.append((0, min(hits), str(node), node))
    chosen = exact or partial
    return [node for *_, node in sorted(chosen, key=lambda t: t[:3])]
