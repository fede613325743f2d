"""Graph analytics on kg's knowledge graph, through networkx.

:func:`load_build_graph` opens a build folder's graph, :func:`to_networkx`
turns an RDF graph into a ``networkx.MultiDiGraph``; the other modules each
compute one thing on it (centrality, communities, components, lookup, paths)
and :mod:`kg.analytics.summary` combines them for ``kg stats``.

Examples
--------
>>> from kg.analytics import to_networkx
>>> from kg.dev.synthetic import demo_graph
>>> g = to_networkx(demo_graph())
>>> g.nodes[next(iter(g))]["type"] in {"Person", "Company", "AdministrativeArea",
...     "GovernmentOrganization", "University", "Project", "Event"}
True
"""

from __future__ import annotations

from kg.analytics._io import load_build_graph
from kg.analytics.networkx_bridge import to_networkx

__all__ = ["load_build_graph", "to_networkx"]
