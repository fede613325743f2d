"""Namespaces used by kg.  The ontology's own terms live in ``ontology/kg.ttl``."""

from __future__ import annotations

from functools import cache

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.config import ONTOLOGY_IRI

__all__ = ["KG", "SCHEMA", "ORG", "PROV", "RDF", "RDFS", "SKOS", "XSD", "OWL", "PREFIXES"]


@cache
def _term(namespace: str, name: str) -> URIRef:
    return URIRef(namespace + name)


class _Vocabulary(Namespace):
    """A Namespace whose terms are built once.

    Building a graph asks for the same few properties millions of times, and
    each ``Namespace`` lookup would build and validate a new ``URIRef``.
    """

    def term(self, name: str) -> URIRef:
        return _term(str(self), name if isinstance(name, str) else "")


KG = _Vocabulary(ONTOLOGY_IRI)
SCHEMA = _Vocabulary("https://schema.org/")
ORG = _Vocabulary("http://www.w3.org/ns/org#")

#: Prefixes bound on every graph kg writes and predeclared for SPARQL.
PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "owl": str(OWL),
}
