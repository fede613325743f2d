"""Result formats are valid W3C documents (parsed back by pyoxigraph) and tables align."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.errors import KGError
from kg.query import format_result, run_query
from kg.query.format import display_width
from kg.query.sample import HOSTILE_NAME
from kg.store import GraphStore

SELECT = "SELECT ?p ?label ?role WHERE { ?m org:member ?p ; kg:roleTitle ?role . ?p rdfs:label ?label } ORDER BY ?label"
CONSTRUCT = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }"


def test_json_and_xml_are_w3c_results(store: GraphStore) -> None:
    for fmt, ox_format in (
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ):
        data = format_result(run_query(store, SELECT), fmt).data
        parsed = ox.parse_query_results(data, ox_format)
        labels = sorted(str(s["label"].value) for s in parsed)
        assert labels == sorted([HOSTILE_NAME, "张三"])
        assert {s["label"].language for s in ox.parse_query_results(data, ox_format)} == {"zh"}


def test_ask_in_every_solution_format(store: GraphStore) -> None:
    yes = run_query(store, "ASK { ?p rdfs:label '张三'@zh }")
    assert json.loads(format_result(yes, "json").data) == {"head": {}, "boolean": True}
    no = run_query(store, "ASK { ?p rdfs:label '李四'@zh }")
    parsed = ox.parse_query_results(format_result(no, "xml").data, ox.QueryResultsFormat.XML)
    assert bool(parsed) is False
    assert format_result(run_query(store, "ASK {}"), "table").data == b"true\n"


def test_csv_keeps_newlines_and_commas_quoted(store: GraphStore) -> None:
    result = run_query(store, "SELECT ?t WHERE { BIND('a,b\\n\"c\"' AS ?t) }")
    rows = list(csv.reader(io.StringIO(format_result(result, "csv").data.decode())))
    assert rows == [["t"], ['a,b\n"c"']]


def test_table_aligns_wide_characters(store: GraphStore) -> None:
    text = format_result(run_query(store, SELECT), "table").data.decode()
    lines = text.splitlines()
    assert lines[-1] == "(2 rows)"

    # every row's column separators sit at the same display column
    def bars(line: str) -> list[int]:
        return [display_width(line[:i]) for i, ch in enumerate(line) if ch == "|"]

    header = bars(lines[0])
    assert len(header) == 2
    for line in lines[2:-1]:
        assert bars(line)[: len(header)] == header or HOSTILE_NAME in line


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_graph_formats_parse_back(store: GraphStore, fmt: str) -> None:
    result = run_query(store, CONSTRUCT)
    expected = len(result.graph)  # type: ignore[arg-type]
    data = format_result(result, fmt).data
    back = Graph().parse(data=data, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
    assert len(back) == expected > 5


def test_format_must_fit_result_kind(store: GraphStore) -> None:
    with pytest.raises(KGError, match="is for graphs"):
        format_result(run_query(store, SELECT), "ttl")
    with pytest.raises(KGError, match="is for solutions"):
        format_result(run_query(store, CONSTRUCT), "csv")


def test_max_rows_truncates_and_says_so(store: GraphStore) -> None:
    cut = format_result(run_query(store, "SELECT ?s WHERE { ?s ?p ?o }"), "json", max_rows=3)
    assert cut.truncated and cut.rows == 3
    assert len(json.loads(cut.data)["results"]["bindings"]) == 3
    whole = format_result(run_query(store, SELECT), "json", max_rows=3)
    assert not whole.truncated and whole.rows == 2


def test_syntax_error_reports_users_line(store: GraphStore) -> None:
    with pytest.raises(KGError, match=r"^query:3:\d+: syntax error") as info:
        run_query(store, "SELECT ?s\nWHERE {\n  ?s rdfs:label }\n")
    assert "Traceback" not in str(info.value)


def test_unused_param_is_explained() -> None:
    from rdflib import Literal

    from kg.store.oxigraph import OxigraphStore

    with pytest.raises(KGError, match="SELECT"):
        run_query(OxigraphStore(), "SELECT ?s WHERE { ?s ?p ?o }", {"name": Literal("x")})
