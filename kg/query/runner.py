"""Run SPARQL against a store, turning failures into one-line :class:`KGError`\\ s.

Examples
--------
>>> from kg.store.memory import MemoryStore
>>> run_query(MemoryStore(), "SELECT ?s WHERE {\\n  ?s ?p }")
Traceback (most recent call last):
...
kg.errors.KGError: query:2:...: syntax error: ...
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib.query import Result
from rdflib.term import Node

from kg.errors import KGError
from kg.store import GraphStore

__all__ = ["run_query", "syntax_error_message"]


def syntax_error_message(exc: SyntaxError, source: str = "query") -> str:
    """``source:LINE:COL: syntax error: …``, positions relative to the user's text."""
    where = source
    if exc.lineno is not None:
        where += f":{exc.lineno}"
        if exc.offset is not None:
            where += f":{exc.offset}"
    message = " ".join(str(exc.msg).split())
    if len(message) > 300:  # pyoxigraph lists every expected token class
        message = message[:300] + "…"
    return f"{where}: syntax error: {message}"


def run_query(
    store: GraphStore,
    sparql: str,
    bindings: Mapping[str, Node] | None = None,
    source: str = "query",
) -> Result:
    """Run ``sparql`` with kg prefixes predeclared and ``bindings`` bound as values.

    Parameters
    ----------
    store : GraphStore
        Any registered store.
    sparql : str
        The user's query, unchanged (so error positions match what they typed).
    bindings : mapping of variable name to RDF term, optional
        Substituted by the store, never pasted into the text.
    source : str
        Where the text came from, for error messages (``query``, a file name).

    Raises
    ------
    KGError
        For syntax errors (with line and column) and evaluation errors.
    """
    try:
        return store.query(sparql, bindings)
    except SyntaxError as exc:
        raise KGError(syntax_error_message(exc, source)) from None
    except RuntimeError as exc:
        message = str(exc)
        if "SELECT projection" in message:
            raise KGError(
                f"{source}: a parameter must be a variable of the SELECT clause ({message})"
            ) from None
        raise KGError(f"{source}: {message}") from None
    except (OSError, ValueError, TypeError) as exc:
        raise KGError(f"{source}: query failed: {exc}") from None
