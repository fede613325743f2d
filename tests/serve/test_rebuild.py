"""The endpoint follows rebuilds and serves either registered store."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.query.sample import sample_quads
from kg.serve import ServeConfig, SparqlServer, serve_in_thread
from kg.store import STORES
from kg.store.build_dir import write_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count(server: SparqlServer) -> int:
    url = f"{server.url}?{urllib.parse.urlencode({'query': COUNT})}"
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return int(json.loads(response.read())["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("store_name", STORES.names())
def test_serves_each_store_and_picks_up_a_rebuild(tmp_path: Path, store_name: str) -> None:
    write_store(tmp_path, sample_quads(), store_name=store_name)
    server, _ = serve_in_thread(ServeConfig(tmp_path, port=0, workers=1))
    try:
        assert count(server) == len(sample_quads())
        graph = URIRef("https://w3id.org/kgnews/id/graph/new")
        extra = [(URIRef(f"urn:x:{i}"), RDFS.label, Literal(str(i)), graph) for i in range(7)]
        write_store(tmp_path, extra, store_name=store_name)  # a rebuild while serving
        assert count(server) == 7
    finally:
        server.shutdown_all()
