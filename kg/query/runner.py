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

import re
from collections.abc import Mapping

from rdflib.query import Result
from rdflib.term import Node

from kg.errors import KGError
from kg.store import GraphStore

__all__ = ["run_query", "syntax_error_message"]


_OPEN = {"{": "}", "(": ")", "[": "]"}
_CLOSE = {v: k for k, v in _OPEN.items()}
# Pieces of SPARQL whose brackets do not count: strings, IRIs, comments.
_OPAQUE = re.compile(
    r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
    r'|<[^\s<>"{}|^`\\]*>|#[^\n]*'
)
_QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
_PROLOGUE = ("PREFIX", "BASE")


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _bracket_problem(text: str) -> str | None:
    """An unclosed or unmatched bracket, named with where it is, or ``None``."""
    masked = _OPAQUE.sub(lambda m: " " * len(m.group()), text)
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(masked):
        if ch in _OPEN:
            stack.append((ch, i))
        elif ch in _CLOSE:
            if not stack or stack[-1][0] != _CLOSE[ch]:
                line, col = _position(text, i)
                return f"'{ch}' at line {line}, column {col} closes nothing"
            stack.pop()
    if stack:
        ch, i = stack[-1]
        line, col = _position(text, i)
        return f"'{ch}' opened at line {line}, column {col} is never closed (missing '{_OPEN[ch]}')"
    return None


def _plain(text: str, line: int | None, column: int | None, raw: str) -> str:
    """Say what is wrong with ``text`` in words, not as a parser's token list."""
    bracket = _bracket_problem(text)
    if bracket:
        return bracket
    words = re.findall(r"[A-Za-z]+", _OPAQUE.sub(" ", text))
    first = next((w for w in words if w.upper() not in _PROLOGUE), None)
    if first is not None and first.upper() not in _QUERY_FORMS and not re.search(
        r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", text, re.I
    ):
        return (
            f"a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE "
            f"(after any PREFIX lines), not {first!r}"
        )
    near = ""
    if line is not None and column is not None:
        lines = text.splitlines() or [""]
        if 0 < line <= len(lines):
            # Parsers report where they gave up, often just past the word at
            # fault: show the text that leads there.
            before = lines[line - 1][: max(column - 1, 0) + 1].rstrip()
            near = f"cannot read the query near {before[-24:]!r}"
    expected = [t for t in re.findall(r'"([^"]+)"', raw) if re.fullmatch(r"[A-Za-z]+|[.;,{}()]", t)]
    hint = f"; expected {', '.join(repr(t) for t in expected[:6])}…" if expected else ""
    return (near or " ".join(raw.split())[:200]) + hint


def syntax_error_message(exc: SyntaxError, source: str = "query", text: str | None = None) -> str:
    """``source:LINE:COL: syntax error: …``, positions relative to the user's text.

    With ``text`` (the query as typed), the message says what is wrong in
    words (an unclosed ``{``, a misspelt ``SELECT``, the word that does not
    fit) instead of the parser's list of every token class it expected.

    Examples
    --------
    >>> err = SyntaxError("expected one of ...")
    >>> err.lineno, err.offset = 1, 24
    >>> syntax_error_message(err, text="SELECT ?x WHERE { ?x ?y")
    "query:1:24: syntax error: '{' opened at line 1, column 17 is never closed (missing '}')"
    """
    where = source
    if exc.lineno is not None:
        where += f":{exc.lineno}"
        if exc.offset is not None:
            where += f":{exc.offset}"
    if text is not None:
        return f"{where}: syntax error: {_plain(text, exc.lineno, exc.offset, str(exc.msg))}"
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
        raise KGError(syntax_error_message(exc, source, sparql)) from None
    except RuntimeError as exc:
        message = str(exc)
        if "SELECT projection" in message:
            raise KGError(
                f"{source}: a parameter must be a variable of the SELECT clause ({message})"
            ) from None
        raise KGError(f"{source}: {message}") from None
    except (OSError, ValueError, TypeError) as exc:
        raise KGError(f"{source}: query failed: {exc}") from None
