"""A read-only SPARQL 1.1 Protocol endpoint over a build folder.

``/sparql`` answers ``GET ?query=`` and ``POST`` (``application/sparql-query``
or form-encoded ``query=``), with content negotiation (see
:mod:`kg.serve.negotiate`); ``/`` is a small query page.

Limits and refusals (each a plain-text one-line message):

* ``update=`` parameters, ``application/sparql-update`` bodies and any text
  that parses as SPARQL Update (``LOAD``, ``INSERT``…) → **403**, unless the
  server was started with ``allow_update`` and a token: then a POSTed update
  with ``Authorization: Bearer TOKEN`` is applied (**401** without it) to a
  copy of the store that is swapped in atomically; ``LOAD`` and ``SERVICE``
  stay refused (**403**);
* queries with ``SERVICE`` → **403** (the server must not fetch URLs for callers);
* bodies over ``max_body`` bytes → **413**; no ``Content-Length`` → **411**;
* queries running past ``timeout`` seconds are killed → **503**; so are
  requests that find every worker busy for that long;
* results over ``max_results`` rows (triples for graphs) are **cut** to that
  many and flagged with the header ``X-KG-Result-Truncated: true;
  max-results=N`` (every response carries ``X-KG-Result-Rows``);
* ``PUT``, ``DELETE``, ``PATCH`` → **405**.
"""

from __future__ import annotations

import hmac
import sys
import threading
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.serve.guard import READ_ONLY_MESSAGE
from kg.serve.page import PAGE
from kg.serve.workers import Job, Reply, WorkerPool

__all__ = ["ServeConfig", "SparqlServer", "make_server", "serve_in_thread"]


@dataclass(frozen=True)
class ServeConfig:
    build_dir: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0
    max_results: int = 10_000
    max_body: int = 1_000_000
    workers: int = 2
    #: Workers kept for cheap queries while the general ones are busy, and
    #: how long a query may run on one (see :mod:`kg.serve.workers`).
    quick_workers: int = 1
    quick_seconds: float = 1.0
    #: Accept SPARQL Update (never LOAD or SERVICE) from callers presenting ``token``.
    allow_update: bool = False
    token: str | None = None

    def __post_init__(self) -> None:
        if self.allow_update and not self.token:
            raise ValueError("allow_update needs a token")


class SparqlServer(ThreadingHTTPServer):
    """An HTTP server holding the worker pool and the limits."""

    daemon_threads = True
    # Connections the kernel queues while every thread is busy (32 clients + slack).
    request_queue_size = 64

    def __init__(self, config: ServeConfig, pool: WorkerPool) -> None:
        self.config = config
        self.pool = pool
        super().__init__((config.host, config.port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/sparql"

    def shutdown_all(self) -> None:
        self.shutdown()
        self.server_close()
        self.pool.close()


def make_server(config: ServeConfig) -> SparqlServer:
    """Start the workers and bind the socket (``port=0`` picks a free port)."""
    pool = WorkerPool(
        config.build_dir,
        size=config.workers,
        max_results=config.max_results,
        quick=config.quick_workers,
        quick_seconds=config.quick_seconds,
    )
    try:
        return SparqlServer(config, pool)
    except BaseException:
        pool.close()
        raise


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-sparql/1"
    protocol_version = "HTTP/1.1"
    # A socket timeout, so a client that sends half a request cannot hold a thread.
    timeout = 30

    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write(f"kg serve: {self.address_string()} {format % args}\n")

    # -- responses ---------------------------------------------------------

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.status >= 400:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        body = (message + "\n").encode("utf-8")
        self._send(Reply(status, "text/plain; charset=utf-8", body, headers or {}))

    # -- routing -----------------------------------------------------------

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(Reply(200, "text/html; charset=utf-8", PAGE.encode("utf-8")))
            return
        if url.path != "/sparql":
            self._error(404, f"not found: {url.path}; the endpoint is /sparql")
            return
        self._answer(urllib.parse.parse_qs(url.query, keep_blank_values=True))

    do_HEAD = do_GET

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            self._error(404, f"not found: {url.path}; the endpoint is /sparql")
            return
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            self._error(411, "a POST needs a Content-Length header")
            return
        try:
            length = int(length_header)
        except ValueError:
            self._error(400, "bad Content-Length")
            return
        if length < 0 or length > self.server.config.max_body:
            # Do not read it: the connection is closed instead.
            self._error(413, f"request body over {self.server.config.max_body} bytes")
            return
        body = self.rfile.read(length)
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if media == "application/sparql-update":
            try:
                self._update(body.decode("utf-8"))
            except UnicodeDecodeError:
                self._error(400, "the update is not UTF-8")
            return
        if media == "application/sparql-query":
            try:
                params["query"] = [body.decode("utf-8")]
            except UnicodeDecodeError:
                self._error(400, "the query is not UTF-8")
                return
        elif media == "application/x-www-form-urlencoded":
            try:
                form = urllib.parse.parse_qs(
                    body.decode("utf-8"), keep_blank_values=True, strict_parsing=False
                )
            except UnicodeDecodeError:
                self._error(400, "the form is not UTF-8")
                return
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        else:
            self._error(
                415,
                "POST application/sparql-query or application/x-www-form-urlencoded",
            )
            return
        self._answer(params)

    def _refuse_method(self) -> None:
        self._error(405, "this endpoint is read-only", {"Allow": "GET, HEAD, POST"})

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def _authorised(self) -> bool:
        token = self.server.config.token
        given = self.headers.get("Authorization", "")
        scheme, _, value = given.partition(" ")
        # compare_digest: the comparison time does not reveal how much matched.
        return (
            token is not None
            and scheme.lower() == "bearer"
            and hmac.compare_digest(value.strip().encode(), token.encode())
        )

    def _update(self, text: str) -> None:
        if not self.server.config.allow_update:
            self._error(403, READ_ONLY_MESSAGE)
            return
        if self.command != "POST":
            self._error(405, "SPARQL Update must be POSTed", {"Allow": "POST"})
            return
        if not self._authorised():
            self._error(401, "updates need the server's token", {"WWW-Authenticate": "Bearer"})
            return
        self._send(self.server.pool.run(Job(text, update=True), self.server.config.timeout))

    def _answer(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            updates = params["update"]
            if len(updates) != 1 or "query" in params:
                self._error(400, "give exactly one update and no query")
                return
            self._update(updates[0])
            return
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            self._error(400, "default-graph-uri and named-graph-uri are not supported")
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._error(400, "give exactly one query: /sparql?query=SELECT…")
            return
        formats = params.get("format")
        requested = formats[0] if formats else None
        job = Job(queries[0], self.headers.get("Accept"), requested)
        self._send(self.server.pool.run(job, self.server.config.timeout))


def serve_in_thread(config: ServeConfig) -> tuple[SparqlServer, threading.Thread]:
    """Start a server in a background thread (for tests and notebooks)."""
    server = make_server(config)
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="kg-serve")
    thread.start()
    return server, thread
