"""``kg validate`` on files, through kg.cli.main."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.cli import main
from kg.graph.vocab import ORG, PREFIXES

from .conftest import Sample


def write_built(sample: Sample, path: Path) -> Graph:
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    for s, p, o, _ in sample.quads():
        graph.add((s, p, o))  # type: ignore[arg-type]
    graph.serialize(path, format="turtle")
    return graph


def test_build_folder_conforms(
    sample: Sample, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_built(sample, tmp_path / "graph.ttl")
    assert main(["validate", str(tmp_path)]) == 0
    assert "conforms" in capsys.readouterr().out


def test_file_with_broken_membership_fails(
    sample: Sample, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = write_built(sample, tmp_path / "ok.ttl")
    membership = next(graph.subjects(ORG.member, None))
    graph.remove((membership, ORG.member, None))
    broken = tmp_path / "broken.ttl"
    graph.serialize(broken, format="turtle")
    assert main(["validate", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "org:member" in out
    assert membership.n3(graph.namespace_manager) in out
    assert "1 violation" in out


def test_trig_file_is_read_as_union(sample: Sample, tmp_path: Path) -> None:
    ds = sample.dataset()
    path = tmp_path / "graph.trig"
    ds.serialize(path, format="trig")
    assert main(["validate", str(path)]) == 0


def test_missing_and_unparsable_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path)]) == 2
    assert "graph.ttl" in capsys.readouterr().err
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and len(err.strip().splitlines()) == 1


def test_limit_option(sample: Sample, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    graph = write_built(sample, tmp_path / "ok.ttl")
    for m in list(graph.subjects(ORG.member, None)):
        graph.remove((m, ORG.member, None))
    path = tmp_path / "two.ttl"
    graph.serialize(path, format="turtle")
    assert main(["validate", str(path), "--limit", "1"]) == 1
    out = capsys.readouterr().out
    assert "… 1 more" in out
    assert "2 violations" in out
