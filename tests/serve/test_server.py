"""The real endpoint on 127.0.0.1, driven by real HTTP clients."""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, SPARQLWrapper

from kg.query.sample import HOSTILE_NAME, sample_quads
from kg.serve import ServeConfig, SparqlServer, serve_in_thread
from kg.store.build_dir import write_store

PEOPLE = "SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name } ORDER BY ?name"
# Five unconstrained patterns over ~165 triples: ~10^11 solutions, never finishes.
PATHOLOGICAL = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
)


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("serve-build")
    write_store(folder, sample_quads())
    return folder


@pytest.fixture(scope="module")
def server(build: Path) -> Iterator[SparqlServer]:
    config = ServeConfig(build, port=0, timeout=3.0, max_results=50, max_body=10_000, workers=2)
    running, _thread = serve_in_thread(config)
    yield running
    running.shutdown_all()


def request(
    server: SparqlServer,
    *,
    query: str | None = None,
    method: str = "GET",
    body: bytes | None = None,
    content_type: str | None = None,
    accept: str | None = None,
    path: str = "/sparql",
    extra: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    params = dict(extra or {})
    if query is not None:
        params["query"] = query
    url = server.url.replace("/sparql", path)
    if params and method == "GET":
        url += "?" + urllib.parse.urlencode(params)
    req = urllib.request.Request(url, data=body, method=method)
    if content_type:
        req.add_header("Content-Type", content_type)
    if accept:
        req.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_binds_loopback_by_default(server: SparqlServer) -> None:
    assert ServeConfig(Path(".")).host == "127.0.0.1"
    assert server.server_address[0] == "127.0.0.1"


def test_sparqlwrapper_select_json_and_csv(server: SparqlServer) -> None:
    client = SPARQLWrapper(server.url)
    client.setQuery(PEOPLE)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == [HOSTILE_NAME, "张三"]
    client.setReturnFormat(CSV)
    rows = list(csv.reader(io.StringIO(client.query().convert().decode("utf-8"))))
    assert rows == [["name"], [HOSTILE_NAME], ["张三"]]


def test_sparqlwrapper_construct_and_post(server: SparqlServer) -> None:
    client = SPARQLWrapper(server.url)
    client.setMethod("POST")
    client.setQuery("CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a kg:Person ; rdfs:label ?n }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert sorted(str(o) for o in graph.objects()) == sorted([HOSTILE_NAME, "张三"])


def test_rdflib_sparqlstore(server: SparqlServer) -> None:
    graph = Graph(store=SPARQLStore(server.url, returnFormat="json"))
    rows = list(graph.query(PEOPLE))
    assert [str(r[0]) for r in rows] == [HOSTILE_NAME, "张三"]
    ask = graph.query("ASK { ?o rdfs:label '华星集团'@zh }")
    assert ask.askAnswer is True


@pytest.mark.parametrize(
    ("accept", "expected_type", "ox_format"),
    [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            ox.QueryResultsFormat.JSON,
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            ox.QueryResultsFormat.XML,
        ),
        ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("text/csv;q=0.9, application/sparql-results+json;q=0.1", "text/csv", None),
    ],
)
def test_select_content_negotiation(
    server: SparqlServer, accept: str, expected_type: str, ox_format: ox.QueryResultsFormat | None
) -> None:
    status, headers, body = request(server, query=PEOPLE, accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(expected_type)
    if ox_format is not None:
        names = [str(s["name"].value) for s in ox.parse_query_results(body, ox_format)]
        assert names == [HOSTILE_NAME, "张三"]
    else:
        assert body.decode().splitlines()[1:] == [
            f'"{HOSTILE_NAME.replace(chr(34), 2 * chr(34))}"',
            "张三",
        ]


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_graph_content_negotiation(server: SparqlServer, accept: str, rdflib_format: str) -> None:
    query = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a kg:Place ; rdfs:label ?l }"
    status, headers, body = request(server, query=query, accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    graph = Graph().parse(data=body, format=rdflib_format)
    assert {str(o) for o in graph.objects()} == {"东湖区", "洛阳市"}


def test_post_bodies(server: SparqlServer) -> None:
    status, _, body = request(
        server,
        method="POST",
        body=PEOPLE.encode(),
        content_type="application/sparql-query",
        accept="text/csv",
    )
    assert status == 200 and "张三" in body.decode()
    form = urllib.parse.urlencode({"query": PEOPLE}).encode()
    status, _, body = request(
        server,
        method="POST",
        body=form,
        content_type="application/x-www-form-urlencoded",
        accept="application/sparql-results+json",
    )
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 2


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:x:a> <urn:x:b> 'c' }",
        "DROP ALL",
        "LOAD <http://127.0.0.1:1/x.ttl>",
        "DELETE WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused_every_way(server: SparqlServer, update: str) -> None:
    form = urllib.parse.urlencode({"update": update}).encode()
    attempts = [
        request(server, method="POST", body=form, content_type="application/x-www-form-urlencoded"),
        request(
            server, method="POST", body=update.encode(), content_type="application/sparql-update"
        ),
        request(server, query=update),
        request(
            server, method="POST", body=update.encode(), content_type="application/sparql-query"
        ),
    ]
    for status, _, body in attempts:
        assert status == 403 and b"read-only" in body
    # Nothing changed.
    status, _, body = request(
        server, query="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", accept="text/csv"
    )
    assert body.decode().split()[1] == str(len(sample_quads()))


def test_service_is_refused_and_nothing_is_fetched(server: SparqlServer) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(1.0)
    port = listener.getsockname()[1]
    contacted: list[bool] = []

    def watch() -> None:
        try:
            conn, _ = listener.accept()
            contacted.append(True)
            conn.close()
        except OSError:
            pass

    watcher = threading.Thread(target=watch)
    watcher.start()
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    status, _, body = request(server, query=query)
    watcher.join()
    listener.close()
    assert status == 403 and b"SERVICE is not allowed" in body
    assert contacted == []
    # The word alone, in a string, is fine.
    status, _, _ = request(server, query="SELECT * WHERE { BIND('SERVICE <http://x/> {}' AS ?x) }")
    assert status == 200


def test_oversized_body_and_bad_requests(server: SparqlServer) -> None:
    big = ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 20_000).encode()
    status, _, body = request(
        server, method="POST", body=big, content_type="application/sparql-query"
    )
    assert status == 413 and b"10000 bytes" in body
    status, _, body = request(server, query="SELECT ?s WHERE { ?s ?p }")
    assert status == 400 and b"syntax error" in body
    status, _, _ = request(server, method="POST", body=b"x", content_type="text/plain")
    assert status == 415
    status, headers, _ = request(server, method="PUT", body=b"x", content_type="text/turtle")
    assert status == 405 and "GET" in headers["Allow"]
    status, _, _ = request(server, path="/nope")
    assert status == 404


def test_result_cap_truncates_and_says_so(server: SparqlServer) -> None:
    status, headers, body = request(
        server, query="SELECT * WHERE { ?s ?p ?o }", accept="application/sparql-results+json"
    )
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 50
    assert headers["X-KG-Result-Truncated"] == "true; max-results=50"
    status, headers, _ = request(server, query=PEOPLE)
    assert "X-KG-Result-Truncated" not in headers and headers["X-KG-Result-Rows"] == "2"


def test_timeout_kills_the_query_and_the_server_recovers(server: SparqlServer) -> None:
    status, _, body = request(server, query=PATHOLOGICAL)
    assert status == 503 and b"timed out" in body
    # Both workers are usable again (a replacement was started).
    for _ in range(3):
        status, _, body = request(server, query=PEOPLE, accept="text/csv")
        assert status == 200 and "张三" in body.decode()


def test_query_page_is_self_contained(server: SparqlServer) -> None:
    status, headers, body = request(server, path="/")
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<textarea" in page and 'fetch("sparql"' in page
    assert "src=" not in page and "<link" not in page and "//cdn" not in page


def test_cli_serve_subprocess(build: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(build), "--port", "0", "--workers", "1"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stderr is not None
        line = child.stderr.readline()
        assert "http://127.0.0.1:" in line, line
        url = line.split()[2]
        query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        with urllib.request.urlopen(f"{url}?{query}", timeout=60) as response:
            assert json.loads(response.read()) == {"head": {}, "boolean": True}
    finally:
        child.terminate()
        child.wait(timeout=30)
