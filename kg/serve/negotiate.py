"""HTTP content negotiation for SPARQL results.

Examples
--------
>>> choose_format("SELECT", "text/csv;q=0.5, application/sparql-results+json")
'json'
>>> choose_format("CONSTRUCT", "application/sparql-results+json, text/turtle;q=0.1")
'ttl'
>>> choose_format("ASK", None)
'json'
"""

from __future__ import annotations

__all__ = ["SOLUTION_TYPES", "GRAPH_TYPES", "choose_format", "parse_accept"]

#: Media type → kg format name, for SELECT/ASK results.
SOLUTION_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/plain": "table",
}

#: Media type → kg format name, for CONSTRUCT/DESCRIBE results.
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
}

_DEFAULTS = {"SELECT": "json", "ASK": "json", "CONSTRUCT": "ttl", "DESCRIBE": "ttl"}
#: ``?format=`` short names browsers and scripts use.
_SHORT = {
    "json": "json",
    "xml": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "table": "table",
    "text": "table",
    "ttl": "ttl",
    "turtle": "ttl",
    "nt": "nt",
    "ntriples": "nt",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
}


def parse_accept(header: str | None) -> list[tuple[float, int, str]]:
    """``Accept`` entries as ``(-q, position, media type)``, best first."""
    entries = []
    for position, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            entries.append((-q, position, media))
    return sorted(entries)


def choose_format(kind: str, accept: str | None, requested: str | None = None) -> str:
    """Pick a kg format name for a result of ``kind`` (SELECT, ASK, CONSTRUCT, DESCRIBE).

    ``requested`` (a ``?format=`` value) wins when it fits the result kind;
    otherwise the best acceptable media type; otherwise JSON or Turtle.
    """
    table = SOLUTION_TYPES if kind in ("SELECT", "ASK") else GRAPH_TYPES
    if requested:
        name = _SHORT.get(requested.lower()) or table.get(requested.lower())
        if name is not None and name in table.values():
            return name
    for _q, _pos, media in parse_accept(accept):
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return _DEFAULTS[kind]
    return _DEFAULTS[kind]
