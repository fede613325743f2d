"""``kg bench`` measures the pipeline a build runs, on a real corpus slice."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kg.bench import estimated_speed_up, format_result, read_corpus_slice, run_bench
from kg.config import BuildConfig
from kg.errors import KGError
from kg.pipeline import build

RECORDS = [
    {"id": "n1", "title": "东湖区签约高校", "text": "东湖区与武汉大学签订战略合作协议。东湖区委书记李强出席签约仪式。"},
    {"id": "n2", "title": "项目开工", "text": "华星科技有限公司投资建设的年产10万吨新材料项目在洛阳市开工。"},
    {"id": "n3", "title": "会议", "text": "洛阳市市长王刚主持会议。"},
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for record in RECORDS:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.mark.parametrize("limit", [1, 3])
def test_slice_respects_limit(corpus: Path, limit: int) -> None:
    assert [r["id"] for r in read_corpus_slice(corpus, limit)] == [
        r["id"] for r in RECORDS[:limit]
    ]


def test_bench_loads_as_many_triples_as_a_build(tmp_path: Path, corpus: Path) -> None:
    result = run_bench(corpus, None, BuildConfig(), workers=False)
    plain = tmp_path / "corpus.jsonl"
    plain.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8"
    )
    report = build([plain], tmp_path / "out", progress=False, html=False)
    assert result.articles == report.articles == len(RECORDS)
    assert result.characters == report.characters
    assert result.triples == report.triples
    for stage in ("ingest", "entities", "relations", "resolve", "graph", "store", "end to end"):
        assert result.seconds[stage] >= 0 and stage in format_result(result)
    # CPU seconds of the same stages: tagging is CPU work, and no stage's CPU
    # time is missing from the build's.
    assert result.cpu_seconds["entities"] > 0
    assert set(result.cpu_seconds) == set(result.seconds)
    assert report.cpu_seconds.keys() == report.seconds.keys()


def test_speed_up_estimate_splits_only_the_worker_stages() -> None:
    cpu = {"start-up": 2.0, "entities": 6.0, "relations": 2.0, "store": 2.0}
    assert estimated_speed_up(cpu, 12.0, 1) == 1.0
    assert estimated_speed_up(cpu, 12.0, 2) == 12.0 / 8.0
    assert estimated_speed_up({"store": 5.0}, 5.0, 2) == 1.0


def test_missing_corpus_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KGError, match=r"missing\.jsonl\.gz"):
        list(read_corpus_slice(tmp_path / "missing.jsonl.gz", 1))
