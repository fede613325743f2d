"""The streaming build: parts, summaries and the store give the one-shot graph."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from kg.config import BuildConfig
from kg.graph.build import build_quads
from kg.ingest import iter_documents
from kg.pipeline import build
from kg.pipeline.parts import PARTS_PREFIX, NQuadsParts, remove_stale_parts
from kg.pipeline.stages import extract_documents, load_pipeline
from kg.resolve import RESOLVERS
from kg.store import STORES
from kg.store.build_dir import open_build, write_store

PAGES = {
    "a.txt": "## 东湖区签约三所高校\n\n本报讯（记者王明）东湖区与清华大学、浙江大学签订战略合作协议。"
    "东湖区委书记李强出席签约仪式。该区将推进合作。\n",
    "b.txt": "## 新材料项目开工\n\n本报讯（记者赵丽 通讯员孙杰）位于东湖高新区的年产10万吨新材料项目"
    "开工建设。该项目由华星科技有限公司投资建设。华星科技董事长李强表示，项目明年投产。\n",
    "c.txt": "## 洛阳市召开会议\n\n洛阳市市长王刚主持会议。洛阳市住房和城乡建设局局长张华汇报工作。东湖区委书记李强出席会议。\n",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "pages"
    src.mkdir()
    for name, text in PAGES.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


def _store_quads(out: Path) -> set[tuple[str, str, str, str]]:
    store = open_build(out)
    try:
        return {
            (s.n3(), p.n3(), o.n3(), g.n3())  # type: ignore[union-attr]
            for s, p, o, g in store.dataset.quads((None, None, None, None))
        }
    finally:
        store.close()


@pytest.mark.parametrize("batch_size", [1, 2, 64])
def test_streaming_build_equals_one_shot_graph(
    tmp_path: Path, corpus: Path, batch_size: int
) -> None:
    """Parts + resolution quads in the store == build_quads over all analyses at once."""
    config = BuildConfig(batch_size=batch_size)
    report = build([corpus], tmp_path / "out", config, progress=False, html=False)

    docs = sorted(iter_documents([corpus], print), key=lambda d: (d.source, d.doc_id))
    analyses = load_pipeline(config).analyse(docs)
    resolution = RESOLVERS.create(config.resolver).resolve(analyses, config)
    expected = list(build_quads(analyses, resolution, config))
    write_store(tmp_path / "one-shot", expected)
    assert _store_quads(tmp_path / "out") == _store_quads(tmp_path / "one-shot")
    assert report.triples == len(expected)
    assert report.entities == len(resolution.entities)


def test_build_leaves_no_parts_behind(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    build([corpus], out, BuildConfig(batch_size=1), progress=False, html=False)
    assert not [p for p in out.iterdir() if p.name.startswith(PARTS_PREFIX)]


def test_workers_return_no_analysis_text(corpus: Path) -> None:
    """What a worker sends back for the build to keep holds no article body."""
    docs = list(iter_documents([corpus], print))
    extracted = extract_documents(docs, BuildConfig(), "fp")
    body_sentence = "该项目由华星科技有限公司投资建设"
    for item in extracted:
        assert item.cache_record is not None and item.nquads
        item.cache_record, item.nquads = None, b""
        kept = pickle.dumps((item.prepared, item.articles))
        assert body_sentence.encode() not in kept
    assert any(body_sentence in doc.articles[0].text for doc in docs)


def test_parts_roll_over_and_load(tmp_path: Path) -> None:
    line = b'<http://e.org/s%d> <http://e.org/p> "o" <http://e.org/g> .\n'
    with NQuadsParts(tmp_path, part_quads=2) as parts:
        for i in range(5):
            parts.append(line.replace(b"%d", str(i).encode()), 1)
        assert len(parts.files()) == 3
        store = STORES.create("oxigraph", tmp_path / "store")
        try:
            assert parts.load_into(store) == 5
            assert len(store) == 5  # type: ignore[arg-type]
        finally:
            store.close()
        folder = parts.folder
    assert not folder.exists()


def test_stale_parts_of_dead_builds_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    stale = tmp_path / f"{PARTS_PREFIX}{dead.stdout.strip()}-abcd"
    live = tmp_path / f"{PARTS_PREFIX}{os.getppid()}-abcd"
    mine = tmp_path / f"{PARTS_PREFIX}{os.getpid()}-abcd"
    for folder in (stale, live, mine):
        folder.mkdir()
    assert remove_stale_parts(tmp_path) == [stale]
    assert live.exists() and mine.exists() and not stale.exists()


def test_turtle_and_trig_files_hold_exactly_the_store(tmp_path: Path, corpus: Path) -> None:
    """graph.trig == the store's quads; graph.ttl == their union, each triple once."""
    import pyoxigraph as ox

    out = tmp_path / "out"
    build([corpus], out, BuildConfig(batch_size=1), progress=False, html=False)
    store = ox.Store.read_only(str(next(out.glob("store-*"))))
    in_store = set(store)
    union = {q.triple for q in in_store}
    trig = list(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    turtle = [q.triple for q in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)]
    assert set(trig) == in_store and len(trig) == len(in_store)
    assert set(turtle) == union and len(turtle) == len(union)
    # The same fact stated by two articles is two quads but one triple.
    assert len(union) < len(in_store)
