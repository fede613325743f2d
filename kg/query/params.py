"""Query parameters from the command line or HTTP: ``name=value`` → an RDF term.

A value in angle brackets is an IRI (``subject=<https://…>``); anything else
is a plain string literal.  Values become RDF terms that the store binds to
variables, so quotes, braces or ``} UNION {`` in a value are just characters.

Examples
--------
>>> parse_params(['name=张三', 'who=<https://w3id.org/kgnews/id/person/x>'])
{'name': rdflib.term.Literal('张三'), 'who': rdflib.term.URIRef('https://w3id.org/kgnews/id/person/x')}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import KGError
from kg.query.library import LibraryQuery

__all__ = ["parse_params", "check_params"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# IRIREF characters allowed by SPARQL: no spaces, quotes, braces or angle brackets.
_IRI = re.compile(r'[^<>"{}|^`\\\x00-\x20]+')


def _term(name: str, value: str) -> Node:
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
        if not _IRI.fullmatch(iri):
            raise KGError(f"--param {name}: {value!r} is not a valid IRI")
        return URIRef(iri)
    return Literal(value)


def parse_params(items: Iterable[str]) -> dict[str, Node]:
    """Parse ``name=value`` strings."""
    out: dict[str, Node] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not _NAME.fullmatch(name):
            raise KGError(f"--param {item!r}: expected NAME=VALUE")
        out[name] = _term(name, value)
    return out


def check_params(query: LibraryQuery, given: Mapping[str, Node]) -> None:
    """Refuse unknown parameters and missing required ones, naming them."""
    known = {p.name for p in query.params}
    unknown = sorted(set(given) - known)
    if unknown:
        listed = ", ".join(sorted(known)) or "none"
        raise KGError(f"{query.name}: unknown parameter {unknown[0]!r}; it takes: {listed}")
    for param in query.params:
        if not param.optional and param.name not in given:
            raise KGError(f"{query.name}: missing --param {param.name}=… ({param.meaning})")
