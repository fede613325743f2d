"""pyoxigraph ↔ rdflib term conversion, including the fast constructors."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.store import convert

TERMS = [
    URIRef("https://w3id.org/kgnews/id/person/张三-1"),
    BNode("b0"),
    Literal("洛阳"),
    Literal("洛阳", lang="zh"),
    # pyoxigraph lower-cases language tags (RDF says they compare case-insensitively)
    Literal('引号"和\\反斜杠\n换行', lang="zh-hans"),
    Literal("0.95", datatype=XSD.double),
    Literal("42", datatype=XSD.integer),
    Literal("2024-05-01", datatype=XSD.date),
]


@pytest.mark.parametrize("term", TERMS, ids=repr)
def test_round_trip_is_identity(term: URIRef | BNode | Literal) -> None:
    back = convert.from_ox_term(convert.to_ox_term(term))
    assert type(back) is type(term)
    assert back == term and hash(back) == hash(term) and back.n3() == term.n3()
    if isinstance(term, Literal):
        assert isinstance(back, Literal)
        assert (back.value, back.language, back.datatype) == (
            term.value,
            term.language,
            term.datatype,
        )


def test_converted_terms_behave_in_rdflib_graphs() -> None:
    graph = Graph()
    s = convert.from_ox_term(ox.NamedNode("urn:x:s"))
    o = convert.from_ox_term(ox.Literal("洛阳", language="zh"))
    graph.add((s, URIRef("urn:x:p"), o))
    assert (URIRef("urn:x:s"), URIRef("urn:x:p"), Literal("洛阳", lang="zh")) in graph
    assert "洛阳" in graph.serialize(format="turtle")
