"""The page really renders in a real browser (headless Chromium), offline.

Needs Debian's ``chromium`` and ``fonts-noto-cjk``.  Without Chromium these
tests SKIP with a loud reason; they never pass silently.  The screenshots are
saved to ``test-artifacts/graph.png`` and ``test-artifacts/news200.png`` for a
human to look at.

The news test builds ``tests/fixtures/news/news200.jsonl`` (200 short invented
articles, see ``make_news.py`` there) with the real pipeline, as a user's
build would be made.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Graph

from kg.analytics.lookup import normalise_name
from kg.analytics.networkx_bridge import to_networkx
from kg.dev.synthetic import HOSTILE_NAME, synthetic_graph
from kg.viz import write_html
from kg.viz.headless import find_chromium, open_page
from kg.viz.style import load_style

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
NEWS = Path(__file__).resolve().parents[1] / "fixtures" / "news" / "news200.jsonl"


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
    isolated = sum(1 for n in g if g.degree(n) == 0)
    assert isolated > 0 and report.data["isolated"] == str(isolated)
    # Isolated entities are in the page but not drawn until asked for.
    assert len(data["nodes"]) == g.number_of_nodes()
    assert int(report.data["nodes"]) == g.number_of_nodes() - isolated
    assert int(report.data["edges"]) == len(data["edges"]) > 0
    shown = open_page(page, fragment="isolated=1", chromium=chromium)
    assert int(shown.data["nodes"]) == g.number_of_nodes()
    assert int(report.data["legend"]) == len(data["classes"])
    assert report.data["resources"] == "0"
    assert report.page_requests == []
    assert "error" not in report.data
    assert shot.stat().st_size > 10_000  # a real picture; look at it


def test_hostile_name_is_listed_as_text(chromium: Path, demo_rdf: Graph, tmp_path: Path) -> None:
    page = write_html(to_networkx(demo_rdf), tmp_path / "graph.html")
    report = open_page(page, fragment="focus=" + quote(HOSTILE_NAME), chromium=chromium)
    # The hostile label reached the DOM as text only: escaped in the search
    # results, and no element was made from it.
    assert report.data["matches"] == "1"
    assert "<script>alert(1)" not in report.dom
    assert f'<button type="button">{html.escape(HOSTILE_NAME, quote=False)}</button>' in report.dom


def test_search_and_class_filter_via_fragment(
    chromium: Path, demo_rdf: Graph, tmp_path: Path
) -> None:
    g = to_networkx(demo_rdf)
    page = write_html(g, tmp_path / "graph.html")
    [bureau] = [n for n, d in g.nodes(data=True) if d["label"] == "东湖区商务局"]
    people = sum(1 for _, d in g.nodes(data=True) if d["type"] == "Person")
    isolated = sum(1 for n in g if g.degree(n) == 0)
    report = open_page(page, fragment="focus=区商务局&hide=Person", chromium=chromium)
    assert report.data["selected"] == bureau  # found by its alias
    assert int(report.data["nodes"]) == g.number_of_nodes() - people - isolated
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
    isolated = sum(1 for v in g if g.degree(v) == 0)
    assert int(report.data["nodes"]) == n - isolated
    report = open_page(page, fragment="isolated=1", chromium=chromium, budget_ms=30000)
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


@pytest.fixture(scope="module")
def news_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """graph.html of a real build of 200 short news articles."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("news200") / "news200"
    build([NEWS], out, progress=False)
    return out / "graph.html"


def results(dom: str) -> list[tuple[str, str, str, str]]:
    """(node id, name, class, hint) of every row the search listed."""
    listed = re.search(r'<ol id="kg-results"[^>]*>(.*?)</ol>', dom, re.S)
    assert listed is not None
    rows = re.findall(
        r'<li data-id="([^"]*)"><button type="button">([^<]*)</button>'
        r'<span class="kg-match-cls">([^<]*)</span>(?:<span class="kg-match-hint">([^<]*)</span>)?',
        listed.group(1),
    )
    return [tuple(html.unescape(part) for part in row) for row in rows]  # type: ignore[misc]


def test_news_build_opens_on_its_connected_part(chromium: Path, news_page: Path) -> None:
    data = page_data(news_page)
    shot = ARTIFACTS / "news200.png"
    report = open_page(news_page, screenshot=shot, chromium=chromium, budget_ms=30000)
    assert report.ready and "error" not in report.data, report.data
    assert report.data["resources"] == "0" and report.page_requests == []
    # Edges are drawn, and every drawn node has one: no isolated dot.
    assert int(report.data["visible-edges"]) == len(data["edges"]) > 0
    ends = {e["from"] for e in data["edges"]} | {e["to"] for e in data["edges"]}
    isolated = [n for n in data["nodes"] if n["id"] not in ends]
    assert isolated, "the fixture should have isolated entities to hide"
    assert report.data["isolated"] == str(len(isolated))
    assert int(report.data["nodes"]) == len(data["nodes"]) - len(isolated) == len(ends)
    # The page says how many are hidden, and its title names the build.
    assert f"{len(isolated)} 个" in report.dom
    typed = sum(1 for e in data["edges"] if e["kg"]["kind"] == "relation")
    together = len(data["edges"]) - typed
    title = f"news200 · 实体 {len(data['nodes'])} · 关系 {typed}"
    title += f" · 共现 {together}" if together else ""
    assert f"<title>{title}</title>" in report.dom
    assert shot.stat().st_size > 10_000


def test_news_search_lists_every_same_name_entity(chromium: Path, news_page: Path) -> None:
    data = page_data(news_page)
    # The fixture has two different people called 刘洋 (a deputy district
    # head and a company chairman); whatever the build made of them, the
    # search must list every entity whose name or alias contains the text.
    name = "刘洋"
    wanted = {
        n["id"]
        for n in data["nodes"]
        if any(normalise_name(name) in normalise_name(x) for x in [n["label"], *n["kg"]["aliases"]])
    }
    assert len(wanted) >= 2
    report = open_page(
        news_page, fragment="focus=" + quote(name), chromium=chromium, budget_ms=30000
    )
    rows = results(report.dom)
    assert {row[0] for row in rows} == wanted
    assert report.data["matches"] == str(len(wanted))
    # Each row says what it is, and the two people can be told apart.
    assert all(cls == "人物" for _, _, cls, _ in rows)
    hints = [hint for _, label, _, hint in rows if label == name]
    assert any("副区长" in h for h in hints) and any("董事长" in h for h in hints)
    # Two people share the exact name, so the search picks neither.
    assert "selected" not in report.data


def test_tooltip_sentences_wrap(chromium: Path, demo_rdf: Graph, tmp_path: Path) -> None:
    # vis-network's CSS sets white-space: nowrap on its tooltip; the page's
    # own CSS must win.  A tooltip box like vis-network's, holding a long
    # sentence, is added to the real page and measured by the browser.
    page = write_html(to_networkx(demo_rdf), tmp_path / "graph.html")
    # Chinese text, then a long run with no break opportunity (a web address).
    sentence = "东湖区商务局局长李明介绍，" * 8 + "详见https://example.org/" + "news" * 30
    probe = (
        "<script>window.addEventListener('load', function () {"
        "var tip = document.createElement('div'); tip.className = 'vis-tooltip';"
        "tip.style.visibility = 'visible'; tip.style.left = '900px'; tip.style.top = '10px';"
        f"var li = document.createElement('li'); li.textContent = {json.dumps(sentence)};"
        "var one = document.createElement('li'); one.textContent = '东';"
        "tip.appendChild(li); tip.appendChild(one); document.body.appendChild(tip);"
        "document.body.dataset.tipWidth = String(tip.offsetWidth);"
        "document.body.dataset.overflow = String(li.scrollWidth - li.clientWidth);"
        "document.body.dataset.lines = String(li.getBoundingClientRect().height"
        " / one.getBoundingClientRect().height);"
        "});</script></body>"
    )
    probed = tmp_path / "probed.html"
    probed.write_text(
        page.read_text(encoding="utf-8").replace("</body>", probe), encoding="utf-8"
    )
    report = open_page(probed, chromium=chromium)
    # Unwrapped, this would make a box about 1,900 px wide.
    assert 0 < int(report.data["tip-width"]) <= 420
    assert float(report.data["lines"]) >= 4
    assert report.data["overflow"] == "0"  # nothing runs out of the box


def test_news_cooccurrence_edges_can_be_hidden(chromium: Path, news_page: Path) -> None:
    data = page_data(news_page)
    typed = [e for e in data["edges"] if e["kg"]["kind"] == "relation"]
    together = [e for e in data["edges"] if e["kg"]["kind"] == "cooccurrence"]
    if not together:
        pytest.skip("this build has no co-occurrence layer")
    # Faint and dashed, typed relations drawn as usual.
    assert all(e["dashes"] is True and e["color"]["opacity"] < 1 for e in together)
    assert not any(e.get("dashes") for e in typed)
    report = open_page(news_page, fragment="cooccurrence=0", chromium=chromium, budget_ms=30000)
    assert report.ready and "error" not in report.data, report.data
    assert int(report.data["visible-edges"]) == len(typed)
    # Entities tied to others by co-occurrence only now count as isolated.
    ends = {e["from"] for e in typed} | {e["to"] for e in typed}
    assert int(report.data["nodes"]) == len(ends)
