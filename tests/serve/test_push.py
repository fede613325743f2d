"""kg push into a real `oxigraph serve` on 127.0.0.1, then query it back."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from kg.cli import main
from kg.query.sample import sample_quads
from kg.store.build_dir import write_store


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.skip("the oxigraph server binary (PyPI package oxigraph) is not installed")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    child = subprocess.Popen(
        [
            oxigraph_binary(),
            "serve",
            "--location",
            str(tmp_path / "db"),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):  # wait until it answers
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail("oxigraph serve did not start")
        yield base
    finally:
        child.terminate()
        child.wait(timeout=30)


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("push-build")
    write_store(folder, sample_quads())
    return folder


def expected_counts() -> Counter[str]:
    return Counter(str(q[3]) for q in sample_quads())


def remote_counts(base: str) -> Counter[str]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    request = urllib.request.Request(
        f"{base}/query?{urllib.parse.urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        data = json.loads(response.read())
    return Counter({b["g"]["value"]: int(b["n"]["value"]) for b in data["results"]["bindings"]})


def remote_label_count(base: str, label: str) -> int:
    query = (
        "ASK { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> "
        f"{json.dumps(label, ensure_ascii=False)}@zh }} }}"
    )
    with urllib.request.urlopen(
        f"{base}/query?{urllib.parse.urlencode({'query': query})}", timeout=30
    ) as r:
        return int(json.loads(r.read())["boolean"])


def test_push_with_sparql_update_in_chunks_is_idempotent(
    build: Path, oxigraph_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["push", str(build), "--endpoint", f"{oxigraph_server}/update", "--chunk", "7"]
    assert main(argv) == 0
    assert "165 triples in 3 graphs" in capsys.readouterr().out.replace(
        str(len(sample_quads())), "165"
    )
    assert remote_counts(oxigraph_server) == expected_counts()
    assert remote_label_count(oxigraph_server, "张三") == 1
    assert main(argv) == 0  # graphs are replaced, not appended to
    assert remote_counts(oxigraph_server) == expected_counts()


def test_push_with_graph_store_protocol(build: Path, oxigraph_server: str) -> None:
    argv = [
        "push",
        str(build),
        "--endpoint",
        f"{oxigraph_server}/update",
        "--graph-store",
        f"{oxigraph_server}/store",
    ]
    assert main(argv) == 0
    assert remote_counts(oxigraph_server) == expected_counts()
    assert main(argv) == 0
    assert remote_counts(oxigraph_server) == expected_counts()


@pytest.mark.parametrize("suffix", ["", "/"])
def test_push_accepts_the_server_base_url(build: Path, oxigraph_server: str, suffix: str) -> None:
    # The address `oxigraph serve` prints, as a user would paste it.
    assert main(["push", str(build), "--endpoint", oxigraph_server + suffix]) == 0
    assert remote_counts(oxigraph_server) == expected_counts()
    argv = ["push", str(build), "--endpoint", oxigraph_server, "--graph-store", oxigraph_server]
    assert main(argv) == 0
    assert remote_counts(oxigraph_server) == expected_counts()


def test_push_to_a_wrong_path_says_what_to_pass(
    build: Path, oxigraph_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["push", str(build), "--endpoint", f"{oxigraph_server}/nothing-here"]) == 2
    err = capsys.readouterr().err
    assert "HTTP 404" in err and "http://host:7878/update" in err
    assert len(err.strip().splitlines()) == 1


class _Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str | None]]] = []

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        _Recorder.seen.append((self.path, self.headers.get("Authorization")))
        status = 401 if self.headers.get("Authorization") is None else 204
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_basic_auth_is_sent_and_http_errors_are_one_line(build: Path) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/data"
    try:
        ok = [
            "push",
            str(build),
            "--endpoint",
            url,
            "--graph-store",
            url,
            "--user",
            "ana",
            "--password",
            "s3",
        ]
        assert main(ok) == 0
        assert {auth for _, auth in _Recorder.seen} == {"Basic YW5hOnMz"}  # ana:s3
        assert len(_Recorder.seen) == len(expected_counts())
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "kg",
                "push",
                str(build),
                "--endpoint",
                url,
                "--graph-store",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2 and "HTTP 401" in done.stderr and "Traceback" not in done.stderr
    finally:
        server.shutdown()
        server.server_close()
