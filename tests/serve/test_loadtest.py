"""The load-test driver checks every answer from a real server."""

from __future__ import annotations

from pathlib import Path

from kg.dev.loadtest import library_workload, run_load, running_server
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
