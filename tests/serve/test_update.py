"""--allow-update: updates need the token, are atomic, and never fetch URLs."""

from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.query.sample import sample_quads
from kg.serve import ServeConfig, SparqlServer, serve_in_thread
from kg.store import STORES
from kg.store.build_dir import STORE_PREFIX, write_store

TOKEN = "s3cret-token-0123456789"
INSERT = 'INSERT DATA { GRAPH <urn:g:manual> { <urn:x:a> rdfs:label "新增"@zh } }'


def post(server: SparqlServer, body: dict[str, str], token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(server.url, data=urllib.parse.urlencode(body).encode())
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    request.add_header("Accept", "application/sparql-results+json")
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def labelled_new(server: SparqlServer) -> bool:
    status, body = post(server, {"query": "ASK { ?s rdfs:label '新增'@zh }"})
    assert status == 200
    return bool(json.loads(body)["boolean"])


@pytest.fixture(params=STORES.names())
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SparqlServer]:
    write_store(tmp_path, sample_quads(), store_name=request.param)
    config = ServeConfig(tmp_path, port=0, workers=1, allow_update=True, token=TOKEN)
    running, _ = serve_in_thread(config)
    yield running
    running.shutdown_all()


def test_update_needs_the_token_then_applies(server: SparqlServer) -> None:
    assert post(server, {"update": INSERT})[0] == 401
    assert post(server, {"update": INSERT}, token="wrong-token-0123456789")[0] == 401
    assert not labelled_new(server)
    status, body = post(server, {"update": INSERT}, token=TOKEN)
    assert status == 200, body
    assert labelled_new(server)
    folders = [p for p in server.config.build_dir.iterdir() if p.name.startswith(STORE_PREFIX)]
    assert len(folders) == 1  # the pre-update copy was removed after the swap


def test_load_and_service_stay_refused_with_the_token(server: SparqlServer) -> None:
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
    url = f"http://127.0.0.1:{port}/data.ttl"
    for update in (
        f"LOAD <{url}>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ):
        status, body = post(server, {"update": update}, token=TOKEN)
        assert status == 403 and "fetch arbitrary URLs" in body
    # rdflib would fetch FROM graphs over HTTP; the workers turn that off.
    status, _ = post(server, {"query": f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}"})
    watcher.join()
    listener.close()
    assert contacted == []


def test_a_failing_update_changes_nothing(server: SparqlServer) -> None:
    before = post(server, {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})[1]
    status, body = post(server, {"update": "INSERT DATA { not sparql"}, token=TOKEN)
    assert status == 400 and "syntax error" in body
    assert post(server, {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})[1] == before


def test_read_only_is_the_default(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="token"):
        ServeConfig(tmp_path, allow_update=True)
    assert ServeConfig(tmp_path).allow_update is False
