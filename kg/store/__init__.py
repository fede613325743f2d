"""Graph stores: where a build's quads live.  A registry choice, not an if-else.

``oxigraph`` (default) is a persistent Oxigraph (RocksDB) database in the
build folder, reached through the rdflib API via ``oxrdflib``; ``memory`` is
rdflib's in-memory store, persisted as a TriG file.

Interface used by the rest of kg::

    store = STORES.create(name, path)      # path: a folder, or None for a throw-away store
    store.add_quads(quads)                 # bulk load (s, p, o, graph)
    store.load_nquads(path)                # bulk load an N-Quads file
    store.dataset                          # an rdflib.Dataset over the store
    store.query(sparql, bindings)          # rdflib Result, kg prefixes predeclared,
                                           # default graph = union of all graphs
    store.update(sparql)                   # SPARQL Update (kg serve --allow-update)
    store.dump(stream, 'nq')               # nq/trig (graphs kept), ttl/nt (union)
    store.close()                          # flush to disk and release the folder

A build folder holds one *current* store, swapped in atomically; see
:mod:`kg.store.build_dir` (``open_build``, ``write_store``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Protocol

from rdflib import Dataset
from rdflib.query import Result
from rdflib.term import Node

from kg.registry import Registry

__all__ = ["Quad", "GraphStore", "STORES", "open_build", "write_store"]

Quad = tuple[Node, Node, Node, Node]


class GraphStore(Protocol):
    """What every store offers.  Constructed as ``Store(path, read_only=False)``."""

    dataset: Dataset

    def add_quads(self, quads: Iterable[Quad]) -> int:
        """Add quads in bulk; return how many were given."""
        ...

    def load_nquads(self, path: Path) -> None:
        """Add the quads of an N-Quads file in bulk (a build's extraction parts)."""
        ...

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        """Run SPARQL with kg prefixes predeclared and ``bindings`` bound (not pasted).

        Raises ``SyntaxError`` (with ``line``/``column`` attributes when known) for
        a malformed query.  Bound variables must appear in the query's projection.
        """
        ...

    def update(self, sparql: str) -> None:
        """Run SPARQL Update with kg prefixes predeclared (``SyntaxError`` if malformed)."""
        ...

    def dump(self, output: IO[bytes], fmt: str) -> None:
        """Serialise: ``nq``/``trig`` keep named graphs, ``ttl``/``nt`` write their union."""
        ...

    def close(self) -> None: ...


STORES: Registry[GraphStore] = Registry("store")
STORES.register_lazy("oxigraph", "kg.store.oxigraph:OxigraphStore")
STORES.register_lazy("memory", "kg.store.memory:MemoryStore")


def open_build(build_dir: Path, read_only: bool = True) -> GraphStore:
    """Open the current store of a build folder (see :mod:`kg.store.build_dir`)."""
    from kg.store.build_dir import open_build as _open

    return _open(build_dir, read_only=read_only)


def write_store(build_dir: Path, quads: Iterable[Quad], store_name: str = "oxigraph") -> int:
    """Load quads into a new store and swap it in atomically; return the quad count."""
    from kg.store.build_dir import write_store as _write

    return _write(build_dir, quads, store_name=store_name)
