from __future__ import annotations

from pathlib import Path

import pytest

from kg.query.sample import sample_quads
from kg.store import STORES, GraphStore
from kg.store.build_dir import write_store


@pytest.fixture(scope="module", params=STORES.names())
def store(request: pytest.FixtureRequest) -> GraphStore:
    created = STORES.create(request.param)
    created.add_quads(sample_quads())
    return created


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("query-build")
    write_store(folder, sample_quads())
    return folder
