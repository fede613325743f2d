"""The HTML page is self-contained, UTF-8, CJK-ready and injection-proof."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from kg.analytics.networkx_bridge import to_networkx
from kg.cli import main
from kg.dev.synthetic import HOSTILE_NAME, synthetic_graph
from kg.viz import render_html, select_subgraph, write_html
from kg.viz.style import load_style


class Collect(HTMLParser):
    """Every tag with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def parse(text: str) -> Collect:
    parser = Collect()
    parser.feed(text)
    return parser


def page_data(text: str) -> dict:
    [(_, payload)] = [(a, t) for a, t in parse(text).scripts if a.get("id") == "kg-data"]
    return json.loads(payload)


@pytest.fixture
def page(tmp_path: Path, demo_rdf: Graph) -> str:
    path = write_html(to_networkx(demo_rdf), tmp_path / "out" / "graph.html", title="东湖区<b>")
    raw = path.read_bytes()
    return raw.decode("utf-8")  # strict: the file is UTF-8 whatever the locale


def test_no_reference_to_any_host(page: str) -> None:
    parsed = parse(page)
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "action", "data", "poster"):
            value = attrs.get(name)
            assert value is None or not re.match(r"^(https?:)?//", value.strip()), (tag, attrs)
    # No external scripts or stylesheets at all: everything is inline.
    assert all("src" not in attrs for attrs, _ in parsed.scripts)
    assert not [a for t, a in parsed.tags if t == "link"]
    # CSS url(...) only as data: URIs (vis-network's icons).
    for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", page):
        assert url.startswith("data:"), url
    assert "sourceMappingURL" not in page


def test_vis_network_is_inlined(page: str) -> None:
    vendor = Path(__file__).resolve().parents[2] / "kg" / "data" / "vendor" / "vis-network"
    js = (vendor / "vis-network.min.js").read_text(encoding="utf-8")
    css = (vendor / "vis-network.min.css").read_text(encoding="utf-8")
    assert js.splitlines()[-2][-200:] in page  # the code, minus the map comment
    assert css.splitlines()[0][:200] in page
    assert "@version 9.1.13" in page


def test_utf8_meta_and_cjk_fonts(page: str) -> None:
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert '<meta charset="utf-8">' in page[:600]
    stack = load_style().font_stack
    assert "Noto Sans CJK SC" in stack and "Microsoft YaHei" in stack
    assert f"font-family: {stack};" in page
    data = page_data(page)
    assert data["options"]["nodes"]["font"]["face"] == stack
    assert "东湖区商务局" in page  # written as characters, not \\u escapes


def test_title_is_escaped_and_names_the_counts(page: str) -> None:
    data = page_data(page)
    counts = f"实体 {len(data['nodes'])} · 关系 {len(data['edges'])}"
    assert f"<title>东湖区&lt;b&gt; · {counts}</title>" in page
    assert f'<h1 id="kg-title">东湖区&lt;b&gt; · {counts}</h1>' in page
    assert "东湖区<b>" not in page


def test_hostile_label_cannot_inject(page: str) -> None:
    assert "<script>alert(1)" not in page
    scripts = parse(page).scripts
    assert len(scripts) == 3  # data, vis-network, the page's own code
    labels = {n["label"] for n in page_data(page)["nodes"]}
    assert HOSTILE_NAME in labels  # still shown, as text


def test_page_data_describes_the_graph(page: str, demo_rdf: Graph) -> None:
    g = to_networkx(demo_rdf)
    data = page_data(page)
    assert {n["id"] for n in data["nodes"]} == set(g.nodes)
    style = load_style()
    by_id = {n["id"]: n for n in data["nodes"]}
    for node, attrs in g.nodes(data=True):
        shown = by_id[node]
        assert shown["color"] == style.for_class(attrs["type"]).color
        assert shown["shape"] == style.for_class(attrs["type"]).shape
        assert shown["kg"]["aliases"] == attrs["aliases"]
        assert shown["kg"]["sources"] == attrs["sources"]
        assert style.min_node_size <= shown["size"] <= style.max_node_size
    # One drawn edge per (from, to) pair, carrying every relation's label.
    pairs = {(u, v) for u, v in g.edges()}
    assert {(e["from"], e["to"]) for e in data["edges"]} == pairs
    for e in data["edges"]:
        labels = {g.edges[e["from"], e["to"], k]["label"] for k in e["kg"]["relations"]}
        assert set(e["label"].split("、")) == labels
        assert e["arrows"] == "to"
    legend = {c["name"]: c["count"] for c in data["classes"]}
    assert sum(legend.values()) == g.number_of_nodes()
    assert data["physics"] is True
    assert all("x" not in n for n in data["nodes"])


def test_more_neighbours_means_bigger_node_either_direction() -> None:
    import networkx as nx

    # A district that five things are located in (edges point *to* it) and a
    # person who works for two bodies (edges point *from* him).  PageRank
    # drew the person's employers large and a hub like this tiny.
    g = nx.MultiDiGraph()
    for n in ["d", "a", "b", "c", "e", "f", "p", "o1", "o2"]:
        g.add_node(n, label=n, type="Place")
    g.add_edges_from([(x, "d", "locatedIn") for x in "abcef"])
    g.add_edges_from([("p", "o1", "worksFor"), ("p", "o2", "worksFor"), ("p", "o2", "founder")])
    sizes = {n["id"]: n["size"] for n in page_data(render_html(g))["nodes"]}
    assert sizes["d"] > sizes["p"] > sizes["o2"] == sizes["a"]
    degree = {n["id"]: n["kg"]["degree"] for n in page_data(render_html(g))["nodes"]}
    assert degree == {"d": 5, "a": 1, "b": 1, "c": 1, "e": 1, "f": 1, "p": 2, "o1": 1, "o2": 1}


def test_cooccurrence_edges_are_their_own_kind() -> None:
    import networkx as nx

    g = nx.MultiDiGraph()
    for n in "abc":
        g.add_node(n, label=n, type="Person")
    g.add_edge("a", "b", key="worksFor", label="任职于")
    g.add_edge("a", "c", key="coOccursWith", label="共现", cooccurrence=True)
    data = page_data(render_html(g))
    kinds = {(e["from"], e["to"]): e["kg"]["kind"] for e in data["edges"]}
    assert kinds == {("a", "b"): "relation", ("a", "c"): "cooccurrence"}
    faint = next(e for e in data["edges"] if e["kg"]["kind"] == "cooccurrence")
    assert faint["dashes"] is True and faint["color"]["opacity"] < 1
    # c is tied to the graph by co-occurrence only: hiding that kind in the
    # page makes it isolated.
    assert {n["id"]: n["kg"]["kinds"] for n in data["nodes"]}["c"] == ["cooccurrence"]
    assert data["isolated"] == 0


def test_max_nodes_keeps_the_best_connected_with_their_edges() -> None:
    # Many entities, most isolated (as in a real build), a few components.
    g = to_networkx(synthetic_graph(400, seed=3, edges_per_node=0.6))
    simple = nx.Graph(g)
    biggest = max(nx.connected_components(simple), key=len)
    n = min(60, len(biggest))
    kept = select_subgraph(g, max_nodes=n)
    assert kept.number_of_nodes() == n
    # The selection grows along edges: while the biggest component has room
    # it is connected, so it keeps at least n - 1 edges.
    assert nx.is_connected(nx.Graph(kept))
    # And nothing isolated was taken while connected entities were left.
    assert all(kept.degree(v) > 0 for v in kept)
    # The entity with the most neighbours is in.
    degree = dict(simple.degree())
    assert max(degree, key=lambda v: (degree[v], str(v))) in kept


def test_max_nodes_takes_isolated_entities_last() -> None:
    g = nx.MultiDiGraph()
    for v in ["a", "b", "c", "hub", "x", "y", *[f"iso{i}" for i in range(10)]]:
        g.add_node(v, label=v, type="Person")
    g.add_edges_from([("a", "hub"), ("b", "hub"), ("c", "hub"), ("x", "y")])
    assert set(select_subgraph(g, max_nodes=4)) == {"a", "b", "c", "hub"}
    assert set(select_subgraph(g, max_nodes=6)) == {"a", "b", "c", "hub", "x", "y"}
    assert len(select_subgraph(g, max_nodes=8)) == 8


def test_big_graph_is_laid_out_in_python() -> None:
    threshold = load_style().physics_threshold
    g = to_networkx(synthetic_graph(threshold + 50, seed=2))
    data = page_data(render_html(g))
    assert data["physics"] is False
    assert data["options"]["physics"] == {"enabled": False}
    xy = [(n["x"], n["y"]) for n in data["nodes"]]
    assert len(xy) == g.number_of_nodes()
    # Positions are spread out, not stacked on one point.
    assert len({(round(x), round(y)) for x, y in xy}) > 0.95 * len(xy)


def test_template_placeholders_in_titles_are_not_expanded(demo_rdf: Graph) -> None:
    text = render_html(to_networkx(demo_rdf), title="{{VIS_JS}}")
    assert text.count("@version 9.1.13") == 1
    assert "<title>{{VIS_JS}} · 实体 " in text


def test_select_subgraph_focus_types_and_cap(demo_rdf: Graph) -> None:
    g = to_networkx(demo_rdf)
    label = {n: d["label"] for n, d in g.nodes(data=True)}
    near = select_subgraph(g, focus="东湖区商务局", hops=2)
    assert {label[n] for n in near} == {
        "东湖区商务局",
        "李明",
        "东湖区",
        "电子半导体产业园",
        "洛阳市",
        "重大项目集中签约仪式",
    }
    projects = select_subgraph(g, types=["Project"])
    assert {d["type"] for _, d in projects.nodes(data=True)} == {"Project"}
    capped = select_subgraph(g, max_nodes=3)
    assert capped.number_of_nodes() == 3


def test_kg_viz_cli(demo_build: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "v.html"
    assert main(["viz", str(demo_build), "--focus", "李明", "--hops", "1", "--out", str(out)]) == 0
    assert {n["label"] for n in page_data(out.read_text(encoding="utf-8"))["nodes"]} == {
        "李明",
        "东湖区商务局",
    }
    assert main(["viz", str(demo_build)]) == 0
    assert (demo_build / "graph.html").is_file()
    capsys.readouterr()
    assert main(["viz", str(demo_build), "--types", "Persn"]) == 2
    assert "unknown class Persn" in capsys.readouterr().err
    for hostile in ['"} UNION { ?s ?p ?o } #', "李明'}"]:
        assert main(["viz", str(demo_build), "--focus", hostile, "--out", str(out)]) == 2
        assert "no entity named" in capsys.readouterr().err
