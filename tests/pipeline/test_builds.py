"""Incremental, parallel and distributed builds give the same graph as a plain build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic, to_isomorphic

from kg.config import BuildConfig
from kg.pipeline import build

PAGE_A = """## 东湖区签约三所高校

本报讯（记者王明）东湖区与清华大学、浙江大学、武汉大学签订战略合作协议。东湖区委书记李强出席签约仪式。

“我们将全力推进合作。”李强说。
"""

PAGE_B = """## 新材料项目开工

本报讯（记者赵丽 通讯员孙杰）位于东湖高新区的年产10万吨新材料项目开工建设。该项目由华星科技有限公司投资建设。
"""

PAGE_B_EDITED = PAGE_B.replace("华星科技有限公司", "远航科技有限公司")


def _graphs(out: Path) -> dict[str, Dataset]:
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


def _doc_graph(graphs: dict[str, Dataset], marker: str) -> Dataset:
    """The one per-document named graph whose text contains ``marker``."""
    found = [
        g
        for iri, g in graphs.items()
        # entities and co-occurrence are build-wide graphs, not a document's
        if not iri.endswith(("/graph/entities", "/graph/cooccurrence"))
        and any(marker in str(o) for o in g.objects())
    ]
    assert len(found) == 1, f"expected one named graph mentioning {marker}"
    return found[0]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "pages"
    src.mkdir()
    (src / "a.txt").write_text(PAGE_A, encoding="utf-8")
    (src / "b.txt").write_text(PAGE_B, encoding="utf-8")
    return src


def test_editing_one_page_changes_only_its_facts(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    first = build([corpus], out, progress=False, html=False)
    assert (first.reextracted, first.reused) == (2, 0)
    before = _graphs(out)

    (corpus / "b.txt").write_text(PAGE_B_EDITED, encoding="utf-8")
    second = build([corpus], out, progress=False, html=False)
    assert (second.reextracted, second.reused) == (1, 1)
    after = _graphs(out)

    unchanged_before = _doc_graph(before, "清华大学")
    unchanged_after = _doc_graph(after, "清华大学")
    assert isomorphic(to_isomorphic(unchanged_before), to_isomorphic(unchanged_after))
    assert not any("华星科技" in str(t) for g in after.values() for t in g)
    assert any("远航科技" in str(t) for g in after.values() for t in g)


def test_removed_page_loses_its_facts(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    build([corpus], out, progress=False, html=False)
    (corpus / "b.txt").unlink()
    report = build([corpus], out, progress=False, html=False)
    assert report.documents == 1 and report.removed == 1
    assert not any("新材料" in str(t) for g in _graphs(out).values() for t in g)


def _trig_triples(out: Path) -> set[tuple[str, ...]]:
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    return {tuple(map(str, q)) for q in ds.quads()}


def test_jobs_two_equals_jobs_one(tmp_path: Path, corpus: Path) -> None:
    one = tmp_path / "one"
    two = tmp_path / "two"
    build([corpus], one, BuildConfig(jobs=1, batch_size=1), progress=False, html=False)
    build([corpus], two, BuildConfig(jobs=2, batch_size=1), progress=False, html=False)
    assert _trig_triples(one) == _trig_triples(two)
    r1 = json.loads((one / "report.json").read_text(encoding="utf-8"))
    r2 = json.loads((two / "report.json").read_text(encoding="utf-8"))
    assert r1["classes"] == r2["classes"] and r1["properties"] == r2["properties"]


def test_each_worker_loads_its_models_once(tmp_path: Path) -> None:
    src = tmp_path / "many"
    src.mkdir()
    for k in range(6):
        (src / f"{k}.txt").write_text(f"青禾市第{k}中学校长赵明远出席会议。", encoding="utf-8")
    # Six batches of one document on two workers: a load per batch would count 6.
    report = build(
        [src], tmp_path / "out", BuildConfig(jobs=2, batch_size=1), progress=False, html=False
    )
    assert report.reextracted == 6
    assert report.pipeline_loads <= 2


@pytest.mark.slow
def test_dask_cluster_build_equals_single_process(tmp_path: Path, corpus: Path) -> None:
    distributed = pytest.importorskip("dask.distributed", reason="install kg[dask]")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        build(
            [corpus],
            tmp_path / "dask",
            BuildConfig(batch_size=1, scheduler=cluster.scheduler_address),
            progress=False,
            html=False,
        )
    build([corpus], tmp_path / "single", BuildConfig(), progress=False, html=False)
    assert _trig_triples(tmp_path / "dask") == _trig_triples(tmp_path / "single")
