"""The read-only guard decides by parsing; negotiation picks the right format."""

from __future__ import annotations

import pytest

from kg.serve.guard import Refused, check_query
from kg.serve.negotiate import choose_format

SERVICE = [
    "SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }",
    "select * where { service silent <http://evil.example/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE ?endpoint { ?s ?q ?r } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://e/> { ?s ?p ?o } } } }",
    "ASK { FILTER EXISTS { SERVICE <http://e/> { ?a ?b ?c } } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?x ?y ?z MINUS { SERVICE <http://e/> { ?s ?p ?o } } }",
]
UPDATES = [
    "LOAD <http://example.org/data.ttl>",
    "load silent <http://example.org/data.ttl> into graph <urn:g>",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX x: <urn:x:> DELETE { ?s ?p ?o } WHERE { ?s x:p ?o }",
    "CLEAR ALL",
    "CREATE GRAPH <urn:g>",
    "SELECT * {} ; DROP ALL",
]
ALLOWED = [
    "SELECT * WHERE { ?s rdfs:label 'SERVICE <http://e/> { }' }",
    "SELECT * WHERE { ?s <http://e/LOAD> ?o } # SERVICE <http://e/> { }",
    "ASK { ?s ?p ?o }",
    "DESCRIBE <urn:x>",
    "CONSTRUCT WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("query", SERVICE)
def test_service_refused(query: str) -> None:
    with pytest.raises(Refused) as info:
        check_query(query)
    assert info.value.status == 403 and "SERVICE" in info.value.message


@pytest.mark.parametrize("query", UPDATES)
def test_updates_refused(query: str) -> None:
    with pytest.raises(Refused) as info:
        check_query(query)
    assert info.value.status in (400, 403)
    if not query.startswith("SELECT"):
        assert info.value.status == 403 and "read-only" in info.value.message


@pytest.mark.parametrize("query", ALLOWED)
def test_harmless_text_allowed(query: str) -> None:
    check_query(query)


def test_negotiation() -> None:
    assert choose_format("SELECT", "text/tab-separated-values") == "tsv"
    assert choose_format("SELECT", "text/turtle, */*;q=0.1") == "json"
    assert choose_format("DESCRIBE", "application/n-triples") == "nt"
    assert choose_format("CONSTRUCT", "application/sparql-results+json") == "ttl"
    assert choose_format("SELECT", "application/json;q=0, text/csv;q=0.2") == "csv"
    assert choose_format("SELECT", None, requested="xml") == "xml"
    assert choose_format("CONSTRUCT", None, requested="csv") == "ttl"
