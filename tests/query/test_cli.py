"""``kg query`` end to end, through the real CLI entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main


def test_inline_select_as_json(build: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    query = "SELECT ?l WHERE { ?p a kg:Person ; rdfs:label ?l } ORDER BY ?l"
    assert main(["query", str(build), query, "--format", "json"]) == 0
    data = json.loads(capsysbinary.readouterr().out)
    assert [b["l"]["value"] for b in data["results"]["bindings"]][-1] == "张三"


def test_library_query_with_param_and_file(
    build: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert (
        main(["query", str(build), "people-and-posts", "--param", "name=张局长", "--format", "csv"])
        == 0
    )
    lines = capsysbinary.readouterr().out.decode().splitlines()
    assert len(lines) == 2 and "局长" in lines[1] and "住建局召开会议" in lines[1]
    rq = tmp_path / "q.rq"
    rq.write_text("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a kg:Place ; rdfs:label ?l }", "utf-8")
    assert main(["query", str(build), "-f", str(rq)]) == 0
    assert "洛阳市" in capsysbinary.readouterr().out.decode()


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    assert "people-and-posts" in out and "--param name=" in out


def test_errors_are_one_line(build: Path, tmp_path: Path) -> None:
    cases = [
        (
            ["query", str(build), "SELECT ?s WHERE {\n ?s ?p ?o .\n FILTER( }"],
            "kg: error: query:3:",
        ),
        (["query", str(tmp_path), "SELECT * {}"], "no graph here; run `kg build` first"),
        (["query", str(build), "no-such-query"], "no library query named 'no-such-query'"),
        (["query", str(build), "entity"], "missing --param name"),
        (["query", str(build), "SELECT * { ?s ?p ?o }", "--format", "ttl"], "is for graphs"),
    ]
    for argv, expected in cases:
        done = subprocess.run(
            [sys.executable, "-m", "kg", *argv], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 2, done.stderr
        assert expected in done.stderr
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
