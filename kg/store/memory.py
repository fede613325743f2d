"""rdflib's in-memory store, persisted as one TriG file.

Fine for a few thousand articles and for tests; for a real archive use the
``oxigraph`` store (see ``bench/store_bench.py`` for the difference).

Examples
--------
>>> from rdflib import URIRef, Literal
>>> store = MemoryStore()
>>> g = URIRef("https://w3id.org/kgnews/id/graph/d1")
>>> a = URIRef("https://w3id.org/kgnews/id/person/a")
>>> store.add_quads([(a, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("张三"), g)])
1
>>> [str(row[0]) for row in store.query("SELECT ?l WHERE { ?s rdfs:label ?l }")]
['张三']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib import Dataset
from rdflib.query import Result
from rdflib.term import Node

from kg.graph.vocab import PREFIXES
from kg.store import Quad
from kg.store.atomic import atomic_open
from kg.store.convert import to_ox_graph, to_ox_term
from kg.store.oxigraph import DATASET_FORMATS as _DATASET_FORMATS
from kg.store.oxigraph import GRAPH_FORMATS as _GRAPH_FORMATS

__all__ = ["MemoryStore", "TRIG_NAME"]

#: The file a persisted memory store lives in, inside its folder.
TRIG_NAME = "graph.trig"


class MemoryStore:
    """An rdflib :class:`~rdflib.Dataset` in memory.

    Parameters
    ----------
    path : Path or None
        Folder holding ``graph.trig``: loaded on open, written on :meth:`close`.
    read_only : bool
        Never write the file back.
    """

    def __init__(self, path: Path | None = None, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self.dataset = Dataset(default_union=True)
        for prefix, namespace in PREFIXES.items():
            self.dataset.bind(prefix, namespace)
        self._dirty = False
        if self.path is not None and not read_only:
            self.path.mkdir(parents=True, exist_ok=True)
        if self.path is not None and (self.path / TRIG_NAME).exists():
            self.dataset.parse(self.path / TRIG_NAME, format="trig")

    def add_quads(self, quads: Iterable[Quad]) -> int:
        count = 0

        def counted() -> Iterable[Quad]:
            nonlocal count
            for quad in quads:
                count += 1
                yield quad

        self.dataset.addN(counted())  # type: ignore[arg-type]
        self._dirty = True
        return count

    def load_nquads(self, path: Path) -> None:
        self.dataset.parse(path, format="nquads")
        self._dirty = True

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        """Run SPARQL with rdflib; ``bindings`` become initial bindings (not text)."""
        try:
            return self.dataset.query(sparql, initNs=PREFIXES, initBindings=dict(bindings or {}))  # type: ignore[arg-type]
        except ParseException as exc:
            err = SyntaxError(str(exc.msg))
            err.lineno, err.offset = exc.lineno, exc.col
            raise err from None

    def update(self, sparql: str) -> None:
        """Run SPARQL Update with rdflib; :meth:`flush` writes the result."""
        if self.read_only:
            raise OSError("this store was opened read-only")
        try:
            self.dataset.update(sparql, initNs=PREFIXES)
        except ParseException as exc:
            err = SyntaxError(str(exc.msg))
            err.lineno, err.offset = exc.lineno, exc.col
            raise err from None
        self._dirty = True

    def __len__(self) -> int:
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))

    def dump(self, output: IO[bytes], fmt: str) -> None:
        """Write the store as ``nq``/``trig`` (all graphs) or ``ttl``/``nt`` (their union).

        pyoxigraph writes the files: rdflib's Turtle writer abbreviates
        ``"0.8"^^xsd:double`` to ``8e-01``, which changes the literal's
        lexical form, so a round trip would not give back the same quads.
        """
        quads = [
            ox.Quad(to_ox_term(s), to_ox_term(p), to_ox_term(o), to_ox_graph(g))  # type: ignore[arg-type]
            for s, p, o, g in self.dataset.quads((None, None, None, None))
        ]
        if fmt in _DATASET_FORMATS:
            ox.serialize(quads, output, format=_DATASET_FORMATS[fmt], prefixes=PREFIXES)
            return
        if fmt not in _GRAPH_FORMATS:
            raise ValueError(f"cannot dump as {fmt!r}")
        triples = list(dict.fromkeys(q.triple for q in quads))
        ox.serialize(triples, output, format=_GRAPH_FORMATS[fmt], prefixes=PREFIXES)

    def flush(self) -> None:
        """Write ``graph.trig`` atomically if anything was added."""
        if self.path is None or self.read_only or not self._dirty:
            return
        self.path.mkdir(parents=True, exist_ok=True)
        with atomic_open(self.path / TRIG_NAME, "wb") as handle:
            self.dataset.serialize(handle, format="trig")
        self._dirty = False

    def close(self) -> None:
        self.flush()
