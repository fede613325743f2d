"""Graph stores: where a build's quads live.  A registry choice, not an if-else.

``oxigraph`` (default) is a persistent Oxigraph (RocksDB) database in the
build folder, reached through the rdflib API via ``oxrdflib``; ``memory`` is
rdflib's in-memory store.

Interface used by the rest of kg::

    store = STORES.create(name, path)      # path: folder, or None for memory
    store.add_quads(quads)                 # bulk load (s, p, o, graph)
    store.dataset                          # an rdflib.Dataset over the store
    store.query(sparql)                    # rdflib Result, kg prefixes predeclared
    store.close()
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from rdflib import Dataset
from rdflib.query import Result
from rdflib.term import Node

from kg.registry import Registry

__all__ = ["Quad", "GraphStore", "STORES"]

Quad = tuple[Node, Node, Node, Node]


class GraphStore(Protocol):
    dataset: Dataset

    def add_quads(self, quads: Iterable[Quad]) -> int:
        """Add quads in bulk; return how many were added."""
        ...

    def query(self, sparql: str) -> Result: ...

    def close(self) -> None: ...


STORES: Registry[GraphStore] = Registry("store")
STORES.register_lazy("oxigraph", "kg.store.oxigraph:OxigraphStore")
STORES.register_lazy("memory", "kg.store.memory:MemoryStore")
