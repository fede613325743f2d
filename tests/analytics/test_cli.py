"""kg stats and kg path on a real (Oxigraph) build folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef

from kg.analytics.networkx_bridge import to_networkx
from kg.cli import main
from kg.dev.synthetic import HOSTILE_NAME


def test_stats_json_matches_the_graph(
    demo_build: Path, demo_dataset: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", str(demo_build), "--format", "json", "--top", "3"]) == 0
    report = json.loads(capsys.readouterr().out)
    g = to_networkx(demo_dataset)
    assert report["counts"]["entities"] == g.number_of_nodes()
    assert report["counts"]["relations"] == g.number_of_edges()
    classes = {c["class"]: c["count"] for c in report["counts"]["classes"]}
    for cls in {d["type"] for _, d in g.nodes(data=True)}:
        assert classes[cls] == sum(1 for _, d in g.nodes(data=True) if d["type"] == cls)
    assert {e["label"] for e in report["components"]["isolated"]} == {
        g.nodes[n]["label"] for n in g if g.degree(n) == 0
    }
    assert len(report["top"]["pagerank"]) == 3


def test_stats_top_bounds_the_isolated_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kg.dev.synthetic import synthetic_graph
    from kg.store.build_dir import write_store

    ds = Dataset()
    synthetic = synthetic_graph(300, seed=4, edges_per_node=0.3)
    graph = ds.graph(URIRef("urn:x:g"))
    for triple in synthetic.triples((None, None, None)):
        graph.add(triple)
    build = tmp_path / "build"
    write_store(build, ((s, p, o, graph.identifier) for s, p, o in graph), "oxigraph")
    g = to_networkx(synthetic)
    isolated = sum(1 for n in g if g.degree(n) == 0)
    assert isolated > 5
    assert main(["stats", str(build), "--top", "5"]) == 0
    out = capsys.readouterr().out
    tail = out[out.index("孤立实体") :].splitlines()
    assert f": {isolated}" in tail[0]
    assert len(tail) == 1 + 5 + 1 and f"… {isolated - 5} more" in tail[-1]
    assert main(["stats", str(build), "--top", "5", "--format", "json"]) == 0
    parts = json.loads(capsys.readouterr().out)["components"]
    assert parts["isolated_count"] == isolated and len(parts["isolated"]) == 5


def test_stats_class_counts_agree_with_report_json(
    seed_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", str(seed_build), "--format", "json"]) == 0
    classes = json.loads(capsys.readouterr().out)["counts"]["classes"]
    report = json.loads((seed_build / "report.json").read_text(encoding="utf-8"))["classes"]
    for c in classes:
        assert c["with_subclasses"] == report[f"kg:{c['class']}"], c
    # The two counts differ where subclasses exist, and the table names both.
    assert any(c["with_subclasses"] > c["count"] for c in classes)
    assert main(["stats", str(seed_build)]) == 0
    assert "最具体类别 most specific · 含子类 with subclasses (= report.json)" in (
        capsys.readouterr().out
    )


def test_stats_table_is_readable_chinese(
    demo_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", str(demo_build)]) == 0
    out = capsys.readouterr().out
    for heading in ("按类别", "按关系", "PageRank", "社区", "孤立实体"):
        assert heading in out
    assert "孤立公司" in out  # the fixture's unrelated company
    assert "任职于" in out


def test_path_prints_steps_with_sentences(
    demo_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["path", str(demo_build), "李明", "洛阳市"]) == 0
    out = capsys.readouterr().out
    assert "李明 —任职于→ 东湖区商务局" in out
    assert "「东湖区商务局局长李明介绍，电子半导体产业园位于东湖区。」" in out
    assert main(["path", str(demo_build), "李明", "洛阳市", "--max", "2"]) == 1
    assert "no path" in capsys.readouterr().out


@pytest.mark.parametrize(
    "name", ['"} UNION { ?s ?p ?o } #', '李明"} UNION {', "') . ?s ?p ?o . #", "{{VIS_JS}}"]
)
def test_path_with_injection_names_is_a_clean_error(
    demo_build: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["path", str(demo_build), name, "洛阳市"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: no entity named")
    assert err.count("\n") == 1


@pytest.mark.parametrize("name", [HOSTILE_NAME, "} UNION {", "x' OR '1'='1"])
def test_path_to_hostile_name_matches_it_literally(
    demo_build: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each is the hostile entity's name, an alias, or a part of one: it must
    # find that one entity, as text, and nothing else.
    assert main(["path", str(demo_build), name, "洛阳学院", "--max", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"1. {HOSTILE_NAME} — 天工管道有限公司 — 洛阳学院")
    assert "2. " not in out


def test_missing_build_is_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kg", "stats", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert done.returncode == 2
    assert done.stderr.startswith("kg: error:") and done.stderr.count("\n") == 1
    empty = subprocess.run(
        [sys.executable, "-m", "kg", "path", str(tmp_path), "a", "b"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert empty.returncode == 2 and "no graph here" in empty.stderr
