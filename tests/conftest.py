from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from kg.dev.synthetic import demo_graph
from kg.store import Quad
from kg.store.build_dir import write_store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed page built once per test session with the default configuration."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seed-build")
    build([SEEDS], out, progress=False)
    return out


# Graphs in kg's data model, written with rdflib directly (no pipeline).
def dataset_quads(ds: Dataset) -> Iterator[Quad]:
    for graph in ds.graphs():
        for s, p, o in graph:
            yield (s, p, o, graph.identifier)


@pytest.fixture
def demo_rdf() -> Graph:
    return demo_graph()


@pytest.fixture
def demo_dataset() -> Dataset:
    ds = Dataset()
    demo_graph(ds)
    return ds


@pytest.fixture
def demo_build(tmp_path: Path, demo_dataset: Dataset) -> Path:
    """A build folder whose current store is a real Oxigraph store."""
    build = tmp_path / "build"
    write_store(build, dataset_quads(demo_dataset), "oxigraph")
    return build
