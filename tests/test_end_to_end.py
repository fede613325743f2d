"""Build the seed page with the default configuration and use the result as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from kg.cli import main


def test_build_writes_the_three_files(seed_build: Path) -> None:
    for name in ("graph.ttl", "graph.html", "report.json", "graph.trig"):
        assert (seed_build / name).stat().st_size > 0, name
    report = json.loads((seed_build / "report.json").read_text(encoding="utf-8"))
    assert report["articles"] >= 8
    assert report["warnings"] == []
    assert report["classes"]["schema:NewsArticle"] == report["articles"]
    assert report["classes"]["kg:Person"] > 0


def test_turtle_and_trig_hold_the_same_triples(seed_build: Path) -> None:
    ttl = Graph().parse(seed_build / "graph.ttl", format="turtle")
    trig = Dataset()
    trig.parse(seed_build / "graph.trig", format="trig")
    union = {t for g in trig.graphs() for t in g}
    assert len(ttl) == len(union) > 0


def test_built_graph_validates(seed_build: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(seed_build)]) == 0, capsys.readouterr().out


def test_people_posts_query_returns_rows(
    seed_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", str(seed_build), "people-and-posts", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert rows, "no person holds a post in the seed graph"


def test_every_fact_has_its_sentence(seed_build: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Extracted facts cite their sentence; containment the gazetteer states
    # (method "gazetteer") cites the gazetteer, a kg:ReferenceSource, instead.
    query = """
    SELECT (COUNT(*) AS ?n) WHERE {
      ?a a kg:Assertion .
      FILTER NOT EXISTS { ?a prov:wasDerivedFrom/schema:text ?text }
      FILTER NOT EXISTS { ?a kg:method "gazetteer" ; prov:wasDerivedFrom/a kg:ReferenceSource }
    }"""
    assert main(["query", str(seed_build), query, "--format", "csv"]) == 0
    assert capsys.readouterr().out.split()[-1] == "0"


def test_cli_entry_point_builds(tmp_path: Path, seeds_dir: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("## 示例\n\n本报讯（记者王明）李华在北京大学工作。", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(page), "--out", str(tmp_path / "out"), "-q"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_bad_files_are_reported_and_the_build_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text("## 标题\n\n李华在北京工作。", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (src / "gbk.txt").write_bytes("## 新闻\n\n王芳在上海工作。".encode("gb18030"))
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(src), "--out", str(tmp_path / "out"), "-q"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("kg: warning:")]
    assert len(warnings) == 2
    assert any("empty.txt" in w for w in warnings) and any("binary.txt" in w for w in warnings)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 2


def test_missing_path_is_one_line_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(tmp_path / "nope"), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert proc.stderr.strip().count("\n") == 0
    assert "nope" in proc.stderr and "Traceback" not in proc.stderr
