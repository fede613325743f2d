"""Term conversion between rdflib and pyoxigraph.

Bulk loading spends most of its time building pyoxigraph terms, and kg's
output repeats the same IRIs (predicates, classes, entities, graphs) over and
over, so IRIs are converted through a small cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import BNode, Literal, Node, URIRef

from kg.batching import batched
from kg.graph.terms import checked_uri, text_literal

__all__ = ["to_ox_term", "to_ox_graph", "from_ox_term", "to_nquads", "OxTerm"]

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@lru_cache(maxsize=200_000)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def to_ox_term(term: Node) -> OxTerm:
    """Convert an rdflib term to the equivalent pyoxigraph term.

    Parameters
    ----------
    term : rdflib.term.Node
        A ``URIRef``, ``BNode`` or ``Literal``.

    Returns
    -------
    pyoxigraph.NamedNode or pyoxigraph.BlankNode or pyoxigraph.Literal

    Examples
    --------
    >>> to_ox_term(URIRef("http://example.org/a"))
    <NamedNode value=http://example.org/a>
    """
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=_named(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise ValueError(f"cannot store RDF term {term!r}")


def to_ox_graph(graph: Node | None) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    """Convert a graph name (``None`` or rdflib's default id = the default graph)."""
    if graph is None or graph == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    if isinstance(graph, URIRef):
        return _named(str(graph))
    if isinstance(graph, BNode):
        return ox.BlankNode(str(graph))
    identifier: Any = getattr(graph, "identifier", None)  # an rdflib Graph
    if identifier is not None:
        return to_ox_graph(identifier)
    raise ValueError(f"cannot use {graph!r} as a graph name")


def to_nquads(quads: Iterable[tuple[Node, Node, Node, Node]]) -> tuple[bytes, int]:
    """Serialise rdflib quads as N-Quads (in Rust); return the bytes and the count.

    Examples
    --------
    >>> data, n = to_nquads([(URIRef("http://e.org/s"), URIRef("http://e.org/p"),
    ...                       Literal("值", lang="zh"), URIRef("http://e.org/g"))])
    >>> data.decode(), n
    ('<http://e.org/s> <http://e.org/p> "值"@zh <http://e.org/g> .\\n', 1)
    """
    chunks: list[bytes] = []
    count = 0
    # Converted a slice at a time: a huge document's quads never all exist
    # as pyoxigraph objects at once, only as their (smaller) N-Quads bytes.
    for chunk in batched(quads, _SERIALISE_CHUNK):
        items = [
            ox.Quad(to_ox_term(s), to_ox_term(p), to_ox_term(o), to_ox_graph(g))  # type: ignore[arg-type]
            for s, p, o, g in chunk
        ]
        chunks.append(ox.serialize(items, format=ox.RdfFormat.N_QUADS) or b"")
        count += len(items)
    return b"".join(chunks), count


#: Quads converted to pyoxigraph terms at a time by :func:`to_nquads`.
_SERIALISE_CHUNK = 20_000


_uri, _text = checked_uri, text_literal


def _from_literal(term: ox.Literal) -> Literal:
    language = term.language
    if language:
        return _text(term.value, language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return _text(term.value, None)
    return Literal(term.value, datatype=URIRef(datatype))


_FROM_OX: dict[type, Callable[[Any], Node]] = {
    ox.NamedNode: lambda term: _uri(term.value),
    ox.BlankNode: lambda term: BNode(term.value),
    ox.Literal: _from_literal,
    ox.DefaultGraph: lambda term: DATASET_DEFAULT_GRAPH_ID,
}


@lru_cache(maxsize=100_000)
def _from_ox_cached(term: Any) -> Node:
    try:
        return _FROM_OX[type(term)](term)
    except KeyError:
        raise ValueError(f"unsupported pyoxigraph term {term!r}") from None


def from_ox_term(term: Any) -> Node:
    """Convert a pyoxigraph term to rdflib (``None`` stays ``None``).

    Results repeat terms (the same organisation on many rows), and rdflib's
    ``Literal`` constructor costs microseconds, so conversions are cached;
    pyoxigraph terms hash and compare in Rust.

    Examples
    --------
    >>> from_ox_term(ox.Literal("洛阳", language="zh"))
    rdflib.term.Literal('洛阳', lang='zh')
    """
    if term is None:
        return None  # type: ignore[return-value]
    return _from_ox_cached(term)
