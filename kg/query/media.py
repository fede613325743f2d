"""Result format names and their media types.

Kept apart from :mod:`kg.query.format` so the command line can offer the
format choices without importing rdflib.
"""

from __future__ import annotations

__all__ = ["SOLUTION_FORMATS", "GRAPH_FORMATS", "MEDIA_TYPES"]

#: Formats for ``SELECT`` and ``ASK`` results.
SOLUTION_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "xml")
#: Formats for ``CONSTRUCT`` and ``DESCRIBE`` results.
GRAPH_FORMATS: tuple[str, ...] = ("ttl", "nt", "jsonld")

MEDIA_TYPES: dict[str, str] = {
    "table": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "ttl": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}
