"""The network view: an offline, self-contained HTML page of the graph.

Examples
--------
>>> from kg.viz import select_subgraph, write_html
>>> callable(write_html) and callable(select_subgraph)
True
"""

from __future__ import annotations

from kg.viz.html import render_html, write_html
from kg.viz.select import select_subgraph

__all__ = ["render_html", "select_subgraph", "write_html"]
