"""The default store: a persistent Oxigraph (RocksDB) database.

Analysts get an rdflib :class:`~rdflib.Dataset` (``store.dataset``) backed by
oxrdflib's ``Oxigraph`` store, so their rdflib code works unchanged.  kg itself
bypasses rdflib for the two hot paths, bulk loading and SPARQL, and talks to
the inner :class:`pyoxigraph.Store` directly: rdflib's per-triple ``add`` and
its query parser are the slow parts.

Examples
--------
>>> from rdflib import URIRef, Literal
>>> store = OxigraphStore()
>>> g = URIRef("https://w3id.org/kgnews/id/graph/d1")
>>> a = URIRef("https://w3id.org/kgnews/id/person/a")
>>> store.add_quads([(a, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("张三"), g)])
1
>>> [str(row[0]) for row in store.query("SELECT ?l WHERE { ?s rdfs:label ?l }")]
['张三']
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from oxrdflib.store import OxigraphStore as _OxrdflibStore
from rdflib import Dataset, Graph
from rdflib.query import Result, ResultRow
from rdflib.term import Node, Variable

from kg.graph.vocab import PREFIXES
from kg.store import Quad
from kg.store.convert import from_ox_term, to_ox_graph, to_ox_term

__all__ = [
    "OxigraphStore",
    "parse_syntax_error",
    "to_rdflib_result",
    "OxSelectResult",
    "DATASET_FORMATS",
    "GRAPH_FORMATS",
]

#: Quads per ``bulk_extend`` call (see :meth:`OxigraphStore.add_quads`).
BATCH = 250_000

DATASET_FORMATS = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}


def parse_syntax_error(exc: SyntaxError) -> SyntaxError:
    """Give a pyoxigraph ``SyntaxError`` ``line``/``column`` attributes.

    pyoxigraph reports positions as ``"error at LINE:COL: message"``.
    """
    message = str(exc)
    line = column = None
    if message.startswith("error at "):
        position, _, rest = message[len("error at ") :].partition(": ")
        first, _, second = position.partition(":")
        if first.isdigit() and second.isdigit():
            line, column, message = int(first), int(second), rest
    err = SyntaxError(message)
    err.lineno, err.offset = line, column
    return err


class OxigraphStore:
    """A pyoxigraph store with an rdflib face.

    Parameters
    ----------
    path : Path or None
        Database folder (created if missing); ``None`` for an in-memory store.
    read_only : bool
        Open an existing database without taking the write lock, so several
        readers (``kg query``, ``kg serve`` workers) can share it.
    """

    def __init__(self, path: Path | None = None, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        if self.path is None:
            self.inner = ox.Store()
        elif read_only:
            self.inner = ox.Store.read_only(str(self.path))
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            self.inner = ox.Store(str(self.path))
        self.read_only = read_only
        self.dataset = Dataset(store=_OxrdflibStore(store=self.inner), default_union=True)
        for prefix, namespace in PREFIXES.items():
            self.dataset.bind(prefix, namespace)

    def add_quads(self, quads: Iterable[Quad]) -> int:
        """Bulk-load quads (rdflib terms); return how many were given.

        Quads stream through ``bulk_extend`` in batches of :data:`BATCH`:
        pyoxigraph buffers a whole call in memory (about 0.9 GB per million
        quads), while each extra call layers more files that later scans
        must merge.  ``bulk_extend`` skips the transaction log, which is what
        makes it fast; it is only safe because builds write a fresh store
        that nobody reads until :func:`kg.store.build_dir.write_store` swaps
        it in.
        """
        iterator = iter(quads)
        term, graph_name, make = to_ox_term, to_ox_graph, ox.Quad
        count = 0
        while True:
            before = count

            def batch() -> Iterator[ox.Quad]:
                nonlocal count
                for s, p, o, g in itertools.islice(iterator, BATCH):
                    count += 1
                    yield make(term(s), term(p), term(o), graph_name(g))  # type: ignore[arg-type]

            self.inner.bulk_extend(batch())
            if count - before < BATCH:
                return count

    def load_nquads(self, path: Path) -> None:
        """Bulk-load an N-Quads file that kg wrote (parsed in Rust, not via rdflib)."""
        self.inner.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True)

    def raw_query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Any:
        """Run SPARQL on pyoxigraph; return its native result (fast serialisation)."""
        try:
            return self.inner.query(
                sparql,
                prefixes=PREFIXES,
                use_default_graph_as_union=True,
                substitutions={
                    ox.Variable(name): to_ox_term(value) for name, value in (bindings or {}).items()
                },
            )
        except SyntaxError as exc:
            raise parse_syntax_error(exc) from None

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        """Run SPARQL and return an rdflib :class:`~rdflib.query.Result`.

        The default graph is the union of all named graphs; ``bindings`` use
        SPARQL substitution (SEP-0007), so values are never pasted into text.
        """
        return to_rdflib_result(self.raw_query(sparql, bindings))

    def update(self, sparql: str) -> None:
        """Run SPARQL Update on the store (not allowed when opened read-only)."""
        if self.read_only:
            raise OSError("this store was opened read-only")
        try:
            self.inner.update(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise parse_syntax_error(exc) from None

    def __len__(self) -> int:
        total = 0
        for where in ("GRAPH ?g { ?s ?p ?o }", "?s ?p ?o"):
            solutions: Any = self.inner.query(f"SELECT (COUNT(*) AS ?c) WHERE {{ {where} }}")
            total += int(next(iter(solutions))[0].value)
        return total

    def dump(self, output: IO[bytes], fmt: str) -> None:
        """Write the store as ``nq``/``trig`` (all graphs) or ``ttl``/``nt`` (their union).

        Serialisation runs in Rust: no rdflib terms are built.
        """
        if fmt in DATASET_FORMATS:
            self.inner.dump(output, format=DATASET_FORMATS[fmt], prefixes=PREFIXES)
            return
        if fmt not in GRAPH_FORMATS:
            raise ValueError(f"cannot dump as {fmt!r}")
        # CONSTRUCT over the union default graph gives each distinct triple once.
        triples = self.inner.query(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
        )
        ox.serialize(triples, output, format=GRAPH_FORMATS[fmt], prefixes=PREFIXES)  # type: ignore[arg-type]

    def flush(self) -> None:
        if not self.read_only:
            self.inner.flush()

    def close(self) -> None:
        """Flush and release the database (and its lock)."""
        self.flush()
        # pyoxigraph closes RocksDB when the last reference goes away.
        del self.dataset
        del self.inner


class OxSelectResult(Result):
    """An rdflib SELECT ``Result`` that builds rows straight from pyoxigraph solutions.

    rdflib's own path builds a dict per solution and a label map per row;
    here every row shares one label map and terms go through the cached
    converter, which keeps kg's query overhead over raw pyoxigraph small.
    Rows are converted while iterating, and kept, so a result can be read twice.
    """

    def __init__(self, solutions: Any) -> None:
        super().__init__("SELECT")
        variables, self._labels = _variables(tuple(solutions.variables))
        self._variables = list(variables)
        self.vars = self._variables
        self._solutions: Any = solutions
        self._rows: list[ResultRow] = []

    def _new_row(self, solution: Any) -> ResultRow:
        row = tuple.__new__(ResultRow, [from_ox_term(value) for value in solution])
        row.labels = self._labels
        return row

    def __iter__(self) -> Iterator[Any]:
        yield from self._rows
        while self._solutions is not None:
            try:
                solution = next(self._solutions)
            except StopIteration:
                self._solutions = None
                return
            row = self._new_row(solution)
            self._rows.append(row)
            yield row

    def _materialise(self) -> list[ResultRow]:
        for _ in self:
            pass
        return self._rows

    @property  # type: ignore[override]
    def bindings(self) -> list[dict[Variable, Node]]:
        return [
            {
                var: value
                for var, value in zip(self._variables, row, strict=True)
                if value is not None
            }
            for row in self._materialise()
        ]

    @bindings.setter
    def bindings(self, value: Any) -> None:  # rdflib's Result.__init__ assigns []
        pass

    def __len__(self) -> int:
        return len(self._materialise())

    def __bool__(self) -> bool:
        return len(self) > 0


@lru_cache(maxsize=1024)
def _variables(names: tuple[Any, ...]) -> tuple[tuple[Variable, ...], dict[str, int]]:
    """rdflib variables and the row label map for a projection (shared, read-only)."""
    variables = tuple(Variable(v.value) for v in names)
    return variables, {str(v): i for i, v in enumerate(variables)}


def to_rdflib_result(result: Any) -> Result:
    """Wrap a pyoxigraph query result as an rdflib ``Result`` (rows converted lazily)."""
    if isinstance(result, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(result)
        return out
    if isinstance(result, ox.QuerySolutions):
        return OxSelectResult(result)
    out = Result("CONSTRUCT")
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in result:
        graph.add(
            (
                from_ox_term(triple.subject),
                from_ox_term(triple.predicate),
                from_ox_term(triple.object),
            )
        )
    out.graph = graph
    return out
