"""Configuration is checked in one place, and the stages are one definition."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import BuildConfig, load_config
from kg.errors import KGError
from kg.extract.relations import RELATION_EXTRACTORS, RelationPipeline
from kg.pipeline import build
from kg.pipeline.stages import STAGES, load_pipeline
from kg.pipeline.timing import StageTimer
from kg.registry import Registry, UnknownComponentError
from kg.types import Article, Document


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kg.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('entity_extractors = ["ner", "nosuch"]\n', "unknown entity extractor 'nosuch'"),
        ('relation_extractors = ["nosuch"]\n', "unknown relation extractor 'nosuch'"),
        ("jobs = 0\n", "jobs must be a whole number of at least 1"),
        ("batch_size = -3\n", "batch_size must be"),
        ("cooccurrence_window = -1\n", "cooccurrence_window must be a whole number >= 0"),
        ('executor = "threads"\n', "unknown executor 'threads'"),
        ('scheduler = "not an address"\n', "is not an address"),
        ('executor = "serial"\nscheduler = "tcp://127.0.0.1:8786"\n', "needs the dask executor"),
    ],
)
def test_load_config_names_the_file_and_the_problem(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = _toml(tmp_path, text)
    with pytest.raises(KGError, match=r"kg\.toml") as caught:
        load_config(path)
    assert problem in str(caught.value)
    assert "\n" not in str(caught.value)


def test_cli_values_are_checked_like_the_file() -> None:
    with pytest.raises(KGError, match="jobs"):
        load_config(None, jobs=0)
    assert load_config(None, jobs=3).executor_name == "processes"
    assert load_config(None, scheduler="tcp://10.0.0.1:8786").executor_name == "dask"
    assert load_config(None).executor_name == "serial"


def test_report_seconds_are_the_stages_in_order(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("## 标题\n\n本报讯（记者王明）东湖区委书记李强在北京工作。", encoding="utf-8")
    report = build([page], tmp_path / "out", BuildConfig(), progress=False, html=False)
    names = list(report.seconds)
    assert names[-1] == "total"
    assert names[:-1] == [s for s in STAGES if s in names[:-1]]
    # A one-process build spends its time in the stages, nowhere else.
    assert sum(report.seconds[s] for s in names[:-1]) <= report.seconds["total"] + 0.01
    assert {"ingest", "entities", "relations", "resolve", "graph", "store"} <= set(names)


def test_relation_batch_call_equals_one_sentence_at_a_time() -> None:
    text = "东湖区委书记李强主持会议。华星科技有限公司董事长王刚出席。"
    doc = Document("d", "t.txt", "h", [Article("d-0", "d", "t.txt", 0, None, text)])
    [analysis] = load_pipeline(BuildConfig()).analyse([doc])
    rows = analysis.articles[0].sentences
    relations = RelationPipeline(["patterns"])
    batch = relations.pipe([r.sentence for r in rows], [r.mentions for r in rows])
    assert batch == [relations.extract(r.sentence, r.mentions) for r in rows]
    assert batch == [r.relations for r in rows]
    assert any(batch)


def test_components_register_where_they_are_defined() -> None:
    from kg.extract.relations.patterns import PatternExtractor

    assert RELATION_EXTRACTORS.get("patterns") is PatternExtractor
    reg: Registry[object] = Registry("thing", modules=("collections",))
    with pytest.raises(UnknownComponentError, match="known: none"):
        reg.get("deque")  # importing a module registers only what it decorates


def test_stage_timer_adds_up_and_keeps_time_of_failed_stages() -> None:
    timer = StageTimer()
    for _ in range(2):
        with timer.stage("a"):
            pass
    with pytest.raises(ValueError), timer.stage("b"):
        raise ValueError
    assert set(timer.seconds) == set(timer.cpu) == {"a", "b"}
    assert list(timer.iterate("c", [1, 2])) == [1, 2]
    assert timer.rounded(["c", "a"]).keys() == {"c": 0, "a": 0, "b": 0}.keys()
    assert list(timer.rounded(["c", "a"])) == ["c", "a", "b"]
    timer.merge({"w": 2.0}, {"w": 1.5})
    assert (timer.seconds["w"], timer.cpu["w"]) == (2.0, 1.5)
    assert timer.rounded(cpu=True)["w"] == 1.5


def test_stage_timer_records_the_peak_memory_each_stage_ended_at() -> None:
    timer = StageTimer()
    with timer.stage("small"):
        pass
    with timer.stage("big"):
        block = bytearray(64 * 1024 * 1024)  # touched below, so it is resident
        block[::4096] = b"\x01" * len(block[::4096])
    del block
    assert 0 < timer.peak_mb["small"] <= timer.peak_mb["big"]
    assert timer.peak_mb["big"] >= 64


def test_build_report_has_the_peak_memory_of_its_stages(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("东湖区商务局局长李明表示，该局将推进项目建设。\n", encoding="utf-8")
    report = build([page], tmp_path / "out", progress=False, html=False)
    assert report.peak_rss_mb.keys() <= report.seconds.keys()
    assert {"resolve", "graph", "store", "total"} <= report.peak_rss_mb.keys()
    # The process's peak only grows: no stage ended above the whole build's.
    assert all(0 < mb <= report.peak_rss_mb["total"] for mb in report.peak_rss_mb.values())
    assert report.peak_rss_mb["resolve"] <= report.peak_rss_mb["graph"]
