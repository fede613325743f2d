"""A build killed at any moment leaves the previous graph intact, and the next build completes."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

from kg.cli import main

PAGE = "## 第{n}篇\n\n本报讯（记者王明{n}）东湖区与清华大学签订合作协议。区委书记李强{n}出席。\n"


def _snapshot(out: Path) -> tuple[bytes, int]:
    ttl = (out / "graph.ttl").read_bytes()
    return ttl, len(Graph().parse(data=ttl.decode("utf-8"), format="turtle"))


def _count_via_store(out: Path, capsys: pytest.CaptureFixture[str]) -> int:
    assert main(["query", str(out), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv"]) == 0
    return int(capsys.readouterr().out.split()[-1])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sig", "delay"),
    [(signal.SIGKILL, 1.0), (signal.SIGKILL, 3.0), (signal.SIGKILL, 6.0), (signal.SIGINT, 3.0)],
)
def test_killed_build_keeps_previous_graph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sig: signal.Signals, delay: float
) -> None:
    small = tmp_path / "small"
    small.mkdir()
    (small / "p0.txt").write_text(PAGE.format(n=0), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(small), "--out", str(out), "-q"]) == 0
    before_bytes, before_len = _snapshot(out)
    before_store = _count_via_store(out, capsys)

    big = tmp_path / "big"
    big.mkdir()
    for n in range(300):
        (big / f"p{n:03d}.txt").write_text(PAGE.format(n=n) * 5, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(big), "--out", str(out), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    if proc.poll() is not None:
        pytest.skip("the build finished before it could be interrupted")
    proc.send_signal(sig)
    proc.wait(timeout=60)

    after_bytes, after_len = _snapshot(out)
    if after_bytes != before_bytes:
        # The kill landed after graph.ttl was swapped in: it must then be the new, complete graph.
        assert after_len > before_len
    else:
        assert after_len == before_len
        assert _count_via_store(out, capsys) == before_store

    assert main(["build", str(small), "--out", str(out), "-q"]) == 0
    assert _snapshot(out) == (before_bytes, before_len)
    assert _count_via_store(out, capsys) == before_store
