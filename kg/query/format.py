"""Write query results: aligned tables, W3C CSV/TSV/JSON/XML, and RDF for graphs.

``SELECT`` and ``ASK`` results go to ``table`` (for people), ``csv``, ``tsv``,
``json`` (SPARQL 1.1 Query Results JSON) or ``xml``; ``CONSTRUCT`` and
``DESCRIBE`` results to ``ttl``, ``nt`` or ``jsonld`` (compacted with
``kg/data/context.jsonld``).  The same functions feed ``kg query`` and
``kg serve``.

Examples
--------
>>> from rdflib import Graph, Literal, URIRef
>>> g = Graph()
>>> _ = g.add((URIRef("urn:x:a"), URIRef("urn:x:p"), Literal("洛阳市")))
>>> print(format_result(g.query("SELECT ?o WHERE { ?s ?p ?o }"), "table").data.decode())
o
------
洛阳市
(1 row)
<BLANKLINE>
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node, Variable

from kg import resources
from kg.errors import KGError
from kg.graph.vocab import PREFIXES
from kg.query.media import GRAPH_FORMATS, MEDIA_TYPES, SOLUTION_FORMATS

__all__ = [
    "SOLUTION_FORMATS",
    "GRAPH_FORMATS",
    "MEDIA_TYPES",
    "Formatted",
    "format_result",
    "default_format",
    "display_width",
    "load_context",
]

_RDFLIB_GRAPH_FORMAT = {"ttl": "turtle", "nt": "nt11", "jsonld": "json-ld"}
#: Widest table cell, in terminal columns; csv/json carry the full text.
_MAX_CELL = 80


@dataclass(frozen=True)
class Formatted:
    """Serialised results: bytes, the media type, how many rows, whether cut short."""

    data: bytes
    media_type: str
    rows: int
    truncated: bool


@lru_cache(maxsize=1)
def load_context() -> dict[str, Any]:
    """The JSON-LD context shipped with kg (prefixes and short property names)."""
    text = resources.read_text("context.jsonld")
    context: dict[str, Any] = json.loads(text)["@context"]
    return context


def default_format(result: Result) -> str:
    return "table" if result.type in ("SELECT", "ASK") else "ttl"


def display_width(text: str) -> int:
    """Terminal columns of ``text``: wide and full-width (CJK) characters take two.

    Examples
    --------
    >>> display_width("ab"), display_width("洛阳市"), display_width("Ａ")
    (2, 6, 2)
    """
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _clip(text: str, limit: int) -> str:
    if display_width(text) <= limit:
        return text
    out, width = [], 0
    for char in text:
        w = display_width(char)
        if width + w > limit - 1:
            break
        out.append(char)
        width += w
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _short(term: Node | None) -> str:
    """A term as a person reads it: prefixed IRIs, bare literal values."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())  # newlines would break the table


def _nt_term(term: Node) -> str:
    """N-Triples form of a term, for TSV (escapes tabs and newlines)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        escaped = (
            str(term)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
        if term.language:
            return f'"{escaped}"@{term.language}'
        if term.datatype is not None:
            return f'"{escaped}"^^<{term.datatype}>'
        return f'"{escaped}"'
    raise ValueError(f"unexpected term {term!r}")


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    raise ValueError(f"unexpected term {term!r}")


def _rows(
    result: Result, max_rows: int | None
) -> tuple[list[Variable], list[Sequence[Node | None]], bool]:
    variables = list(result.vars or [])
    iterator: Iterator[Any] = iter(result)
    if max_rows is None:
        return variables, list(iterator), False
    rows = list(itertools.islice(iterator, max_rows + 1))
    return variables, rows[:max_rows], len(rows) > max_rows


def _table(variables: list[Variable], rows: list[Sequence[Node | None]]) -> str:
    header = [str(v) for v in variables]
    cells = [[_clip(_short(term), _MAX_CELL) for term in row] for row in rows]
    widths = [
        max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(header)
    ]
    lines = [" | ".join(_pad(h, w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    for row in cells:
        lines.append(" | ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _csv(variables: list[Variable], rows: list[Sequence[Node | None]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, as W3C CSV asks
    writer.writerow([str(v) for v in variables])
    for row in rows:
        writer.writerow(
            ["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row]
        )
    return buffer.getvalue()


def _tsv(variables: list[Variable], rows: list[Sequence[Node | None]]) -> str:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join("" if t is None else _nt_term(t) for t in row) for row in rows)
    return "\n".join(lines) + "\n"


def _json(variables: list[Variable], rows: list[Sequence[Node | None]]) -> str:
    bindings = [
        {str(v): _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
        for row in rows
    ]
    document = {"head": {"vars": [str(v) for v in variables]}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False)


def _xml(variables: list[Variable], rows: list[Sequence[Node | None]]) -> str:
    from xml.sax.saxutils import escape, quoteattr

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        "<head>",
    ]
    out += [f"<variable name={quoteattr(str(v))}/>" for v in variables]
    out += ["</head>", "<results>"]
    for row in rows:
        out.append("<result>")
        for var, term in zip(variables, row, strict=True):
            if term is None:
                continue
            if isinstance(term, URIRef):
                value = f"<uri>{escape(str(term))}</uri>"
            elif isinstance(term, BNode):
                value = f"<bnode>{escape(str(term))}</bnode>"
            else:
                assert isinstance(term, Literal)
                attrs = ""
                if term.language:
                    attrs = f" xml:lang={quoteattr(term.language)}"
                elif term.datatype is not None:
                    attrs = f" datatype={quoteattr(str(term.datatype))}"
                value = f"<literal{attrs}>{escape(str(term))}</literal>"
            out.append(f"<binding name={quoteattr(str(var))}>{value}</binding>")
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _ask(answer: bool, fmt: str) -> str:
    word = "true" if answer else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer})
    if fmt == "xml":
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{word}</boolean></sparql>\n"
        )
    if fmt == "csv":
        return f"_askResult\r\n{word}\r\n"
    if fmt == "tsv":
        return f"?_askResult\n{word}\n"
    return word + "\n"


_SOLUTION_WRITERS = {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}


def serialize_graph(graph: Graph, fmt: str) -> bytes:
    """Serialise an RDF graph as ``ttl``, ``nt`` or ``jsonld``."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", context=load_context(), auto_compact=True).encode()
    return graph.serialize(format=_RDFLIB_GRAPH_FORMAT[fmt], encoding="utf-8")


def format_result(result: Result, fmt: str | None = None, max_rows: int | None = None) -> Formatted:
    """Serialise a query result.

    Parameters
    ----------
    result : rdflib.query.Result
        From :func:`kg.query.runner.run_query`.
    fmt : str, optional
        One of :data:`SOLUTION_FORMATS` (SELECT/ASK) or :data:`GRAPH_FORMATS`
        (CONSTRUCT/DESCRIBE); default ``table`` or ``ttl``.
    max_rows : int, optional
        Keep at most this many rows (triples for graphs); ``truncated`` says
        whether more were available.

    Raises
    ------
    KGError
        When the format does not fit the kind of result.
    """
    fmt = fmt or default_format(result)
    kind = result.type
    if kind in ("SELECT", "ASK") and fmt not in SOLUTION_FORMATS:
        raise KGError(
            f"format {fmt!r} is for graphs; a {kind} result can be {', '.join(SOLUTION_FORMATS)}"
        )
    if kind in ("CONSTRUCT", "DESCRIBE") and fmt not in GRAPH_FORMATS:
        raise KGError(
            f"format {fmt!r} is for solutions; a {kind} result can be {', '.join(GRAPH_FORMATS)}"
        )
    media = MEDIA_TYPES[fmt]
    if kind == "ASK":
        return Formatted(_ask(bool(result.askAnswer), fmt).encode(), media, 1, False)
    if kind == "SELECT":
        variables, rows, truncated = _rows(result, max_rows)
        text = _SOLUTION_WRITERS[fmt](variables, rows)
        return Formatted(text.encode(), media, len(rows), truncated)
    graph = result.graph
    assert graph is not None
    truncated = False
    if max_rows is not None and len(graph) > max_rows:
        kept = Graph()
        kept += itertools.islice(graph, max_rows)
        graph, truncated = kept, True
    return Formatted(serialize_graph(graph, fmt), media, len(graph), truncated)
