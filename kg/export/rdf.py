"""RDF exports: Turtle, N-Triples, N-Quads, TriG and JSON-LD.

Files are written through a temporary file and renamed, so an interrupted
export never leaves a truncated file that looks complete.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from rdflib import Dataset

from kg.graph.vocab import PREFIXES
from kg.query.format import load_context
from kg.store import GraphStore
from kg.store.atomic import atomic_open

__all__ = [
    "export_ttl",
    "export_nt",
    "export_nq",
    "export_trig",
    "export_jsonld",
    "output_stream",
    "to_dataset",
]


@contextlib.contextmanager
def output_stream(out: Path | None) -> Iterator[IO[bytes]]:
    """A binary stream: an atomically replaced file, or standard output."""
    if out is None:
        yield sys.stdout.buffer
        sys.stdout.flush()
        return
    with atomic_open(out, "wb") as handle:
        yield handle


def _dump(store: GraphStore, out: Path | None, fmt: str) -> None:
    with output_stream(out) as stream:
        store.dump(stream, fmt)


def export_ttl(store: GraphStore, out: Path | None) -> None:
    _dump(store, out, "ttl")


def export_nt(store: GraphStore, out: Path | None) -> None:
    _dump(store, out, "nt")


def export_nq(store: GraphStore, out: Path | None) -> None:
    _dump(store, out, "nq")


def export_trig(store: GraphStore, out: Path | None) -> None:
    _dump(store, out, "trig")


def to_dataset(store: GraphStore) -> Dataset:
    """Copy a store into an in-memory rdflib Dataset (via N-Quads: one bulk parse)."""
    import io

    buffer = io.BytesIO()
    store.dump(buffer, "nq")
    dataset = Dataset()
    dataset.parse(data=buffer.getvalue(), format="nquads")
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    return dataset


def export_jsonld(store: GraphStore, out: Path | None) -> None:
    """JSON-LD with one ``@graph`` object per named graph, compacted with kg's context."""
    dataset = to_dataset(store)
    data = dataset.serialize(format="json-ld", context=load_context(), auto_compact=True)
    with output_stream(out) as stream:
        stream.write(data.encode("utf-8"))
