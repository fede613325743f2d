"""The page really renders in a real browser (headless Chromium), offline.

Needs Debian's ``chromium`` and ``fonts-noto-cjk``.  Without Chromium these
tests SKIP with a loud reason; they never pass silently.  The screenshot is
saved to ``test-artifacts/graph.png`` for a human to look at.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from rdflib import Graph

from kg.analytics.networkx_bridge import to_networkx
from kg.dev.synthetic import HOSTILE_NAME, synthetic_graph
from kg.viz import write_html
from kg.viz.headless import find_chromium, open_page
from kg.viz.style import load_style

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def chromium() -> Path:
    found = find_chromium()
    if found is None:
        pytest.skip(
            "SKIPPED, NOT PASSED: no chromium on PATH, so the page was never opened in a "
            "browser. Install it: apt-get install -y chromium fonts-noto-cjk"
        )
    return found


def page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    start = text.index('<script type="application/json" id="kg-data">') + len(
        '<script type="application/json" id="kg-data">'
    )
    return json.loads(text[start : text.index("</script>", start)])


def test_demo_page_renders_every_node_offline(
    chromium: Path, demo_rdf: Graph, tmp_path: Path
) -> None:
    g = to_networkx(demo_rdf)
    page = write_html(g, tmp_path / "graph.html", title="东湖区招商引资")
    shot = ARTIFACTS / "graph.png"
    report = open_page(page, screenshot=shot, chromium=chromium)
    assert report.ready, report.data
    data = page_data(page)
    assert int(report.data["nodes"]) == g.number_of_nodes() == len(data["nodes"])
    assert int(report.data["edges"]) == len(data["edges"]) > 0
    assert int(report.data["legend"]) == len(data["classes"])
    assert report.data["resources"] == "0"
    assert report.page_requests == []
    # The hostile label reached the DOM as text only: escaped in the search
    # list, and no element was made from it.
    assert "<script>alert(1)" not in report.dom
    assert f'<option value="{html.escape(HOSTILE_NAME)}">' in report.dom
    assert shot.stat().st_size > 10_000  # a real picture; look at it


def test_search_and_class_filter_via_fragment(
    chromium: Path, demo_rdf: Graph, tmp_path: Path
) -> None:
    g = to_networkx(demo_rdf)
    page = write_html(g, tmp_path / "graph.html")
    [bureau] = [n for n, d in g.nodes(data=True) if d["label"] == "东湖区商务局"]
    people = sum(1 for _, d in g.nodes(data=True) if d["type"] == "Person")
    report = open_page(page, fragment="focus=区商务局&hide=Person", chromium=chromium)
    assert report.data["selected"] == bureau  # found by its alias
    assert int(report.data["nodes"]) == g.number_of_nodes() - people
    # Edges of hidden people are not drawn.
    person_edges = sum(
        1
        for u, v in {(u, v) for u, v in g.edges()}
        if "Person" in (g.nodes[u]["type"], g.nodes[v]["type"])
    )
    assert int(report.data["visible-edges"]) == len(page_data(page)["edges"]) - person_edges


def test_network_request_detector_catches_a_cdn_page(chromium: Path, tmp_path: Path) -> None:
    # The check above must be able to fail: a page with CDN links is caught.
    page = tmp_path / "cdn.html"
    page.write_text(
        '<!DOCTYPE html><meta charset="utf-8"><body>'
        '<script src="http://cdn.invalid/vis.js"></script>'
        '<img src="https://example.invalid/a.png"></body>',
        encoding="utf-8",
    )
    report = open_page(page, budget_ms=2000, chromium=chromium)
    assert sorted(report.page_requests) == [
        "http://cdn.invalid/vis.js",
        "https://example.invalid/a.png",
    ]


def test_big_graph_opens_with_physics_off(chromium: Path, tmp_path: Path) -> None:
    n = load_style().physics_threshold + 200
    g = to_networkx(synthetic_graph(n, seed=5))
    page = write_html(g, tmp_path / "big.html", title="big")
    report = open_page(page, chromium=chromium, budget_ms=30000)
    assert report.ready
    assert int(report.data["nodes"]) == n
    assert report.data["resources"] == "0" and report.page_requests == []


@pytest.mark.parametrize("kind", ["empty", "plain networkx"])
def test_graphs_without_kg_attributes_still_render(
    chromium: Path, tmp_path: Path, kind: str
) -> None:
    import networkx as nx

    g = nx.MultiDiGraph() if kind == "empty" else nx.MultiDiGraph(nx.path_graph(3, nx.DiGraph))
    page = write_html(g, tmp_path / "g.html")
    report = open_page(page, chromium=chromium)
    assert report.ready
    assert int(report.data["nodes"]) == g.number_of_nodes()
    assert int(report.data["edges"]) == g.number_of_edges()
