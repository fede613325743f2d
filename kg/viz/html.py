"""Write the network view: one self-contained, offline HTML file.

pyvis assembles the vis-network node and edge records; kg renders them into
its own template (``kg/data/viz/template.html``) instead of pyvis's, because
pyvis's template loads vis-network and Bootstrap from CDNs (even with
``cdn_resources="local"``), and its ``write_html`` uses the platform encoding.
Here vis-network's JS and CSS are inlined from ``kg/data/vendor/``, the file
is written as UTF-8, and the page names a CJK font stack.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from kg.analytics.networkx_bridge import to_networkx
>>> from kg.dev.synthetic import demo_graph
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = write_html(to_networkx(demo_graph()), Path(tmp) / "graph.html", title="东湖区")
...     text = path.read_text(encoding="utf-8")
>>> '<meta charset="utf-8">' in text and "东湖区商务局" in text
True
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from kg import resources
from kg.analytics.labels import COOCCURRENCE, class_label, relation_label
from kg.store.atomic import atomic_write_text
from kg.viz.layout import layout_positions
from kg.viz.select import neighbour_counts
from kg.viz.style import Style, load_style

__all__ = ["render_html", "write_html"]

_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
_SOURCE_MAP = re.compile(
    r"^[ \t]*(//# sourceMappingURL=.*|/\*# sourceMappingURL=.*\*/)[ \t]*$", re.M
)


@cache
def _asset(name: str) -> str:
    text = resources.read_text(*name.split("/"))
    # The source maps are not shipped; a dangling reference would make
    # DevTools try to fetch them.
    return _SOURCE_MAP.sub("", text)


def _script_safe(text: str) -> str:
    # Inside <script>, only "</script" (any case) can end the element early.
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.I)


def _json_for_script(value: Any) -> str:
    # Escaping <, > and & makes the JSON inert inside HTML whatever it holds
    # (a label like "</script><script>…" stays a string).
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _sizes(degree: dict[Hashable, int], style: Style) -> dict[Hashable, float]:
    if not degree:
        return {}
    # Size follows how many entities a node is tied to, whichever way the
    # relations point: PageRank over directed edges drew a district that
    # everything is located in as large, but one that locates nothing tiny.
    # Square root, so that area (not radius) follows the count.
    roots = {n: math.sqrt(d) for n, d in degree.items()}
    low, high = min(roots.values()), max(roots.values())
    span = (high - low) or 1.0
    return {
        n: style.min_node_size + (style.max_node_size - style.min_node_size) * (r - low) / span
        for n, r in roots.items()
    }


def _kind(data: dict[str, Any]) -> str:
    # Co-occurrence edges (entities named in one sentence, not a relation)
    # carry a true ``cooccurrence`` attribute; every other edge is a relation.
    return "cooccurrence" if data.get("cooccurrence") else "relation"


def _hint(g: nx.MultiDiGraph, node: Hashable, style: Style) -> str:
    """A short text that tells same-name entities apart in the search list."""
    data = g.nodes[node]
    posts = [str(p) for p in data.get("posts", ())]
    if posts:
        return posts[0]
    # A place it is in, or an organisation it belongs to, in the order the
    # style lists those relations.
    for relation in style.hint_relations:
        targets = sorted(
            str(g.nodes[v].get("label", v))
            for _, v, key in g.out_edges(node, keys=True)
            if key == relation
        )
        if targets:
            return f"{relation_label(relation)} {targets[0]}"
    sources = [str(s) for s in data.get("sources", ())]
    if sources:
        first = sources[0]
        limit = style.hint_chars
        return first if len(first) <= limit else first[: limit - 1] + "…"
    return ""


def _options(style: Style, physics: bool) -> dict[str, Any]:
    font = {"face": style.font_stack, "size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"}
    options: dict[str, Any] = {
        "nodes": {"font": font, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "color": {"color": "#9aa0a6", "highlight": "#333333", "hover": "#333333"},
            "font": {**font, "size": 11, "align": "horizontal", "color": "#555555"},
            # "dynamic" curves add a physics node per edge; "continuous" does not.
            "smooth": {"enabled": True, "type": "continuous"} if physics else False,
            "width": 1,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "layout": {"improvedLayout": physics, "randomSeed": 7},
    }
    if physics:
        options["physics"] = {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
            "stabilization": {"enabled": True, "iterations": 200, "fit": True},
        }
    else:
        options["physics"] = {"enabled": False}
        # Redrawing thousands of edges while dragging or zooming is what makes
        # big graphs feel stuck; hide them during the gesture.
        options["interaction"].update({"hideEdgesOnDrag": True, "hideEdgesOnZoom": True})
    return options


def _page_title(title: str, nodes: int, edges: list[dict[str, Any]], style: Style) -> str:
    # Co-occurrences are not relations: counted apart, and only when drawn.
    together = sum(1 for e in edges if e["kg"]["kind"] == "cooccurrence")
    text = style.text["title"].format(title=title, nodes=nodes, edges=len(edges) - together)
    if together:
        text += style.text["titleCooccurrence"].format(n=together)
    return text


def _page_data(g: nx.MultiDiGraph, title: str, style: Style) -> dict[str, Any]:
    physics = g.number_of_nodes() <= style.physics_threshold
    positions = {} if physics else layout_positions(g)
    degree = neighbour_counts(g)
    sizes = _sizes(degree, style)
    kinds: dict[Hashable, set[str]] = defaultdict(set)
    for u, v, data in g.edges(data=True):
        if u != v:
            kinds[u].add(_kind(data))
            kinds[v].add(_kind(data))
    net = Network(directed=True)
    counts: Counter[str] = Counter()
    for node, data in g.nodes(data=True):
        cls = str(data.get("type", ""))
        counts[cls] += 1
        look = style.for_class(cls)
        label = str(data.get("label", node))
        extra: dict[str, Any] = {}
        if node in positions:
            extra.update(x=positions[node][0], y=positions[node][1])
        facts = [
            [relation_label(name), "、".join(map(str, values))]
            for name, values in sorted(dict(data.get("facts", {})).items())
        ]
        net.add_node(
            str(node),
            label=label,
            shape=look.shape,
            color=look.color,
            size=round(sizes.get(node, style.min_node_size), 2),
            kg={
                "cls": cls,
                "classLabel": class_label(cls) if cls else style.fallback_label,
                "aliases": [str(a) for a in data.get("aliases", ())],
                "posts": [str(p) for p in data.get("posts", ())],
                "sources": [str(s) for s in data.get("sources", ())],
                "facts": facts,
                "degree": degree.get(node, 0),
                # Which kinds of edge tie it to others: with every kind
                # hidden, the node counts as isolated.
                "kinds": sorted(kinds[node]),
                "hint": _hint(g, node, style),
            },
            **extra,
        )
    # Parallel relations in one direction become one edge with a joined label:
    # vis-network would draw them on top of each other.
    merged: dict[tuple[Hashable, Hashable], list[dict[str, Any]]] = defaultdict(list)
    together: dict[tuple[Hashable, Hashable], int] = {}
    for u, v, key, data in g.edges(keys=True, data=True):
        if data.get("cooccurrence"):
            together[(u, v)] = int(data.get("weight", 1))
        else:
            merged[(u, v)].append({"key": key, **data})
    for (u, v), rels in sorted(merged.items(), key=lambda item: (str(item[0][0]), str(item[0][1]))):
        rels.sort(key=lambda r: str(r["key"]))
        evidence = sorted({str(s) for r in rels for s in r.get("evidence", ())})
        net.add_edge(
            str(u),
            str(v),
            label="、".join(str(r.get("label") or relation_label(str(r["key"]))) for r in rels),
            kg={
                "kind": "relation",
                "relations": [str(r["key"]) for r in rels],
                "from": str(g.nodes[u].get("label", u)),
                "to": str(g.nodes[v].get("label", v)),
                "evidence": evidence,
            },
        )
    # Co-occurrence is drawn faint, without arrow or label, and only where no
    # typed relation already joins the pair: typed relations stay prominent.
    typed = {frozenset(pair) for pair in merged}
    for (u, v), weight in sorted(together.items(), key=lambda item: (str(item[0][0]),
                                                                     str(item[0][1]))):
        if frozenset((u, v)) in typed:
            continue
        net.add_edge(
            str(u),
            str(v),
            color={"color": style.cooccurrence_color, "opacity": style.cooccurrence_opacity},
            width=min(1 + math.log2(weight), 4),
            arrows={"to": {"enabled": False}},
            dashes=True,
            kg={
                "kind": "cooccurrence",
                "relations": [COOCCURRENCE],
                "from": str(g.nodes[u].get("label", u)),
                "to": str(g.nodes[v].get("label", v)),
                "evidence": [],
                "weight": weight,
            },
        )
    order = [name for name in style.classes if counts[name]] + sorted(
        name for name in counts if name not in style.classes
    )
    classes = [
        {
            "name": name,
            "label": class_label(name) if name else style.fallback_label,
            "color": style.for_class(name).color,
            "shape": style.for_class(name).shape,
            "count": counts[name],
        }
        for name in order
    ]
    return {
        "title": title,
        "heading": _page_title(title, len(net.nodes), net.edges, style),
        "nodes": net.nodes,
        "edges": net.edges,
        "options": _options(style, physics),
        "physics": physics,
        "classes": classes,
        "isolated": sum(1 for node in g if not kinds[node]),
        "ui": {
            "tooltipSources": style.tooltip_sources,
            "searchLimit": style.search_limit,
            "labelScreenPx": style.label_screen_px,
            "text": style.text,
        },
    }


def render_html(g: nx.MultiDiGraph, *, title: str = "kg") -> str:
    """Return the page for ``g`` as a string; see :func:`write_html`."""
    style = load_style()
    data = _page_data(g, title, style)
    values = {
        "TITLE": html.escape(data["heading"]),
        "FONT_STACK": style.font_stack,
        "VIS_CSS": _asset("vendor/vis-network/vis-network.min.css"),
        "VIS_JS": _script_safe(_asset("vendor/vis-network/vis-network.min.js")),
        "DATA_JSON": _json_for_script(data),
    }
    template = resources.read_text("viz", "template.html")
    # One pass: text put in (a title, the JS) is never scanned for placeholders.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def write_html(g: nx.MultiDiGraph, path: Path, *, title: str = "kg") -> Path:
    """Write an interactive, offline network view of ``g`` to ``path``.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        Usually :func:`kg.analytics.networkx_bridge.to_networkx` output, or a
        part of it chosen with :func:`kg.viz.select.select_subgraph`.  Nodes
        need ``label`` and ``type``; ``aliases``, ``posts``, ``sources`` and
        ``facts`` feed the tooltips.  Edge ``label`` and ``evidence`` likewise.
    path : Path
        Where to write; parent folders are created.  The file is replaced
        atomically, so a reader never sees half a page.
    title : str
        The build's name; the page title and panel heading add the counts of
        entities and edges (style.toml's ``text.title``), HTML-escaped.

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    Colours, shapes, sizes, the CJK font stack and the node count above
    which physics is off all come from ``kg/data/viz/style.toml``.
    Node size follows the number of distinct neighbours in either
    direction.  Entities without any edge are in the page but hidden until
    the reader ticks the control that names how many there are; edges with a
    true ``cooccurrence`` attribute are drawn faint and dashed, with their
    own control.
    When the page has drawn its first frame it sets ``data-ready``,
    ``data-nodes``, ``data-edges`` and ``data-resources`` (non-``file:``
    requests, expected 0) on ``<body>``; tests and benchmarks read them.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, render_html(g, title=title), encoding="utf-8")
    return path
