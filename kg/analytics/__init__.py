"""Graph analytics on kg's knowledge graph, through networkx.

:func:`to_networkx` turns the RDF graph into a ``networkx.MultiDiGraph``;
the other modules each compute one thing on it.

Examples
--------
>>> from kg.analytics import to_networkx
>>> from kg.analytics.synthetic import demo_graph
>>> g = to_networkx(demo_graph())
>>> g.nodes[next(iter(g))]["type"] in {"Person", "Company", "AdministrativeArea",
...     "GovernmentOrganization", "University", "Project", "Event"}
True
"""

from __future__ import annotations

from kg.analytics.networkx_bridge import to_networkx

__all__ = ["to_networkx"]
