"""kg.graph.terms: fast term constructors build exactly rdflib's terms."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from kg.graph import terms


def test_fast_path_is_active_on_this_rdflib() -> None:
    assert terms._fast_path_agrees()
    assert terms.checked_uri is terms._fast_uri


@pytest.mark.parametrize(
    ("value", "language"),
    [("洛阳市", "zh"), ("", "zh"), ("x y", None), ("引号\"和\\反斜杠", "zh"), ("line\nbreak", None)],
)
def test_text_literal_equals_rdflib(value: str, language: str | None) -> None:
    fast, slow = terms.text_literal(value, language), Literal(value, lang=language)
    assert type(fast) is Literal
    assert fast.eq(slow) and hash(fast) == hash(slow) and fast.n3() == slow.n3()
    assert (fast.value, fast.language, fast.datatype) == (slow.value, slow.language, slow.datatype)


@pytest.mark.parametrize("iri", ["https://w3id.org/kgnews/id/person/张三-1a2b", "urn:x:y"])
def test_checked_uri_equals_rdflib(iri: str) -> None:
    fast = terms.checked_uri(iri)
    assert type(fast) is URIRef and fast == URIRef(iri) and hash(fast) == hash(URIRef(iri))
