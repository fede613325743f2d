"""The load-test driver checks every answer from a real server."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.dev.loadtest import library_workload, run_load, run_mixed, running_server
from kg.query.sample import sample_quads
from kg.store.build_dir import write_store


def test_concurrent_clients_get_correct_answers(tmp_path: Path) -> None:
    write_store(tmp_path, sample_quads())
    workload = library_workload(tmp_path)
    assert len(workload) >= 6 and all(expected for _, _, expected in workload)
    with running_server(tmp_path, workers=2, max_results=100_000) as url:
        result = run_load(url, workload, clients=8, queries=48)
    assert result.requests == 48
    assert (result.wrong, result.failed) == (0, 0), result.errors
    assert result.server_alive


@pytest.mark.slow
@pytest.mark.parametrize("quick_workers", [1, 0])
def test_cheap_queries_do_not_queue_behind_cross_joins(tmp_path: Path, quick_workers: int) -> None:
    # Three cross joins that cannot finish are sent at once (2 general
    # workers), then cheap library queries one after another.  With a quick
    # worker every cheap query is answered, right, while the cross joins
    # still run; without one (kg serve --quick-workers 0, the old pool) they
    # wait for the cross joins' deadline, which shows the check can fail.
    write_store(tmp_path, sample_quads())
    workload = library_workload(tmp_path)
    with running_server(
        tmp_path, workers=2, max_results=100_000, timeout=10.0, quick_workers=quick_workers
    ) as url:
        result = run_mixed(url, workload, expensive=3, cheap=5)
    assert sorted(result.expensive_status) == [503, 503, 503]
    assert result.wrong == 0
    if quick_workers:
        assert result.failed == 0, result.errors
        assert result.cheap_before_expensive == 5
    else:
        assert result.cheap_before_expensive == 0
