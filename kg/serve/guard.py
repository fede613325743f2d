"""Decide by parsing, not by searching text, whether a request may run.

The endpoint is read-only.  A text is refused when it parses as SPARQL Update
(``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, …) or when its query contains a
``SERVICE`` pattern, which would make the server fetch an arbitrary URL
chosen by the caller.  A text that does not parse as a query is refused too:
what cannot be parsed cannot be shown to be safe.  Words such as ``SERVICE``
or ``LOAD`` inside string literals or IRIs are harmless and allowed.

Examples
--------
>>> check_query("SELECT * WHERE { ?s rdfs:label 'SERVICE <http://x> {}' }")
>>> check_query("LOAD <http://example.org/x>")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kg.serve.guard.Refused: 403 SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …) is not allowed: ...
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pyparsing import ParseBaseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

__all__ = [
    "Refused",
    "check_query",
    "check_update",
    "READ_ONLY_MESSAGE",
    "SERVICE_MESSAGE",
    "LOAD_MESSAGE",
]

READ_ONLY_MESSAGE = (
    "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …) is not allowed: this endpoint is read-only"
)
SERVICE_MESSAGE = (
    "SERVICE is not allowed: it would make this server fetch arbitrary URLs (federated "
    "queries are disabled)"
)


LOAD_MESSAGE = "LOAD is not allowed: it would make this server fetch arbitrary URLs"


class Refused(Exception):
    """A request the endpoint will not run: an HTTP status and a one-line reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status} {message}")
        self.status = status
        self.message = message


def _contains(node: Any, name: str) -> bool:
    if isinstance(node, CompValue):
        if node.name == name:
            return True
        return any(_contains(value, name) for value in node.values())
    if isinstance(node, list | tuple):
        return any(_contains(item, name) for item in node)
    if hasattr(node, "asList") and not isinstance(node, str):
        return any(_contains(item, name) for item in node)
    return False


def check_update(text: str) -> None:
    """For ``--allow-update`` servers: allow SPARQL Update except LOAD and SERVICE.

    Both would make the server fetch a URL chosen by the caller.
    """
    try:
        tree = parseUpdate(text)
    except ParseBaseException as exc:
        raise Refused(
            400, f"syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
        ) from None
    except Exception as exc:
        raise Refused(400, f"cannot parse update: {exc}") from None
    if _contains(tree, "Load"):
        raise Refused(403, LOAD_MESSAGE)
    if _contains(tree, "ServiceGraphPattern"):
        raise Refused(403, SERVICE_MESSAGE)


def check_query(text: str) -> None:
    """Return if ``text`` is a read-only query without SERVICE; else raise :class:`Refused`.

    rdflib's parser takes tens of milliseconds per query, more than most
    queries take to run, so verdicts are cached by query text: dashboards
    and load tests repeat the same queries.
    """
    verdict = _query_verdict(text)
    if verdict is not None:
        raise Refused(*verdict)


@lru_cache(maxsize=4096)
def _query_verdict(text: str) -> tuple[int, str] | None:
    try:
        _check_query_uncached(text)
    except Refused as exc:
        return exc.status, exc.message
    return None


def _check_query_uncached(text: str) -> None:
    try:
        tree = parseQuery(text)
    except ParseBaseException as exc:
        try:
            parseUpdate(text)
        except ParseBaseException:
            raise Refused(
                400, f"syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
            ) from None
        raise Refused(403, READ_ONLY_MESSAGE) from None
    except Exception as exc:  # rdflib's parser raises a few non-pyparsing errors
        raise Refused(400, f"cannot parse query: {exc}") from None
    if _contains(tree, "ServiceGraphPattern"):
        raise Refused(403, SERVICE_MESSAGE)
