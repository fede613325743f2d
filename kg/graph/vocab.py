"""Namespaces used by kg.  The ontology's own terms live in ``ontology/kg.ttl``."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.config import ONTOLOGY_IRI

__all__ = ["KG", "SCHEMA", "ORG", "PROV", "RDF", "RDFS", "SKOS", "XSD", "OWL", "PREFIXES"]

KG = Namespace(ONTOLOGY_IRI)
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")

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
