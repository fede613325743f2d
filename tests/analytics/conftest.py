"""Graphs in kg's data model, written with rdflib directly (no pipeline)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from kg.analytics.synthetic import demo_graph
from kg.store import Quad
from kg.store.build_dir import write_store


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
