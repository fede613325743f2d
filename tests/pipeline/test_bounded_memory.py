"""Huge documents in slices, bodies in bounded literals, failed builds that clean up."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from kg.cli import main
from kg.config import BuildConfig
from kg.errors import BuildFailed
from kg.graph import build as graph_build
from kg.graph.vocab import KG, SCHEMA
from kg.nlp.sentences import slice_bounds, split_sentences, split_sentences_sliced
from kg.pipeline import build
from kg.pipeline import stages as stages_module
from kg.pipeline.parts import PARTS_PREFIX
from kg.pipeline.stages import Pipeline
from kg.store.build_dir import current_store
from kg.types import Article, Document

PARAGRAPHS = [
    "本报讯（记者王明）东湖区与清华大学签订战略合作协议。区委书记李强出席签约仪式。",
    "华星科技有限公司在东湖高新区投资建设年产10万吨新材料项目。",
    "“我们将全力推进合作。”李强说。浙江大学副校长赵丽介绍了合作内容。",
    "西湖街道办事处主任孙杰表示，辖区将为项目提供服务。",
]
TEXT = "\n".join(PARAGRAPHS * 3)


def _document(text: str) -> Document:
    return Document("d1", "one-line.txt", "h1", [Article("a1", "d1", "one-line.txt", 0, "", text)])


def _mentions(pipeline: Pipeline, text: str) -> list[tuple[int, int, str, str]]:
    """Mentions of the whole document, with offsets into the article body."""
    analysis = pipeline.analyse([_document(text)])[0]
    return [
        (sa.sentence.start + m.start, sa.sentence.start + m.end, m.type, m.text)
        for aa in analysis.articles
        for sa in aa.sentences
        for m in sa.mentions
    ]


def test_slices_end_at_paragraphs_and_cover_the_text() -> None:
    bounds = slice_bounds(TEXT, 100)
    assert len(bounds) > 3
    assert [b[0] for b in bounds[1:]] == [b[1] for b in bounds[:-1]]
    assert (bounds[0][0], bounds[-1][1]) == (0, len(TEXT))
    assert all(end - start <= 100 for start, end in bounds)
    assert all(TEXT[end - 1] == "\n" for _, end in bounds[:-1])


def test_a_slice_without_a_paragraph_break_ends_at_a_sentence() -> None:
    line = "".join(PARAGRAPHS * 3)
    bounds = slice_bounds(line, 60)
    assert len(bounds) > 3
    assert all(line[end - 1] in "。”" for _, end in bounds[:-1])


def test_sliced_sentences_are_the_unsliced_ones() -> None:
    whole = split_sentences(TEXT, "a1")
    sliced = split_sentences_sliced(TEXT, "a1", limit=100)
    assert len(sliced) > 3
    assert [s for part in sliced for s in part] == whole


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.load(BuildConfig())


def test_sliced_document_gives_the_same_entities(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _mentions(pipeline, TEXT)
    assert {"李强", "清华大学", "华星科技有限公司"} <= {m[3] for m in whole}
    # A limit of a paragraph or two: the document goes through in many slices.
    monkeypatch.setattr(stages_module, "SLICE_CHARS", 90)
    assert len(slice_bounds(TEXT, 90)) > 3
    assert _mentions(pipeline, TEXT) == whole


def test_a_long_body_is_stored_in_bounded_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(graph_build, "BODY_PART_CHARS", 50)
    analysis = Pipeline.load(BuildConfig()).analyse([_document(TEXT)])[0]
    graph = Graph()
    for s, p, o, _g in graph_build.document_quads(analysis, BuildConfig()):
        graph.add((s, p, o))
    assert not list(graph.triples((None, SCHEMA.articleBody, None)))
    parts = sorted(
        (int(pos), str(text))
        for part in graph.objects(None, KG.bodyPart)
        for pos in graph.objects(part, SCHEMA.position)
        for text in graph.objects(part, SCHEMA.text)
    )
    assert len(parts) == -(-len(TEXT) // 50)
    assert all(len(text) <= 50 for _, text in parts)
    assert "".join(text for _, text in parts) == TEXT


def test_a_short_body_stays_one_literal() -> None:
    analysis = Pipeline.load(BuildConfig()).analyse([_document(TEXT)])[0]
    bodies = [
        o
        for _s, p, o, _g in graph_build.document_quads(analysis, BuildConfig())
        if p == SCHEMA.articleBody
    ]
    assert bodies == [Literal(TEXT, lang="zh")]


def _write_pages(folder: Path) -> None:
    folder.mkdir()
    (folder / "a.txt").write_text("## 签约\n\n" + TEXT, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(bytes(range(256)) * 8)


def test_failed_build_keeps_previous_graph_and_prints_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first"
    first.mkdir()
    (first / "p.txt").write_text("## 开工\n\n" + PARAGRAPHS[1], encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(first), "--out", str(out), "-q", "--no-html"]) == 0
    before = current_store(out)
    ttl_before = (out / "graph.ttl").read_bytes()
    capsys.readouterr()

    pages = tmp_path / "pages"
    _write_pages(pages)
    # An output that cannot be written: graph.trig is a folder.
    (out / "graph.trig").unlink()
    (out / "graph.trig").mkdir()
    code = main(["build", str(pages), "--out", str(out), "-q", "--no-html"])
    err = capsys.readouterr().err.splitlines()

    assert code == 2
    assert [line for line in err if "empty.txt" in line and line.startswith("kg: warning:")]
    assert [line for line in err if "photo.txt" in line and line.startswith("kg: warning:")]
    errors = [line for line in err if line.startswith("kg: error:")]
    assert len(errors) == 1 and "graph.trig" in errors[0]
    assert current_store(out) == before
    assert (out / "graph.ttl").read_bytes() == ttl_before
    left = sorted(p.name for p in out.iterdir())
    assert ".store.lock" not in left
    assert not [name for name in left if name.startswith(PARTS_PREFIX)]
    assert [name for name in left if name.startswith("store-")] == [before[1].name]
    assert not [p for p in (out / "cache").iterdir() if ".tmp" in p.suffix]


def test_build_failure_carries_the_warnings(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    _write_pages(pages)
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.trig").mkdir()
    with pytest.raises(BuildFailed) as info:
        build([pages], out, progress=False, html=False)
    assert len(info.value.warnings) == 2
    assert "\n" not in str(info.value)
    assert current_store(out) is None
    # No store, no graph.ttl (renamed only after graph.trig), no part, lock or temporary file.
    assert sorted(os.listdir(out)) == ["cache", "graph.trig"]


def test_successful_build_leaves_no_lock(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p.txt").write_text("## 开工\n\n" + PARAGRAPHS[1], encoding="utf-8")
    out = tmp_path / "out"
    build([pages], out, progress=False, html=False)
    assert current_store(out) is not None
    assert not (out / ".store.lock").exists()
