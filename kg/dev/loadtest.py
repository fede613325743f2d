"""Load test: many concurrent clients against a real ``kg serve``, every answer checked.

Starts ``kg serve BUILD`` on 127.0.0.1 (a free port) in a subprocess, then
``--clients`` threads send ``--queries`` requests in total, cycling through
the query library (parameters filled from the graph itself).  Each answer is
compared with the same query run directly on the build's store.  Prints
throughput and p50/p99 latency, and checks the server is still up at the end.

With ``--expensive N`` it runs the *mixed* test instead: N cross joins that
cannot finish before the server's timeout are sent at once, and while they
run, cheap library queries are sent one after another; it reports each
kind's latency, whether every cheap answer was right, and how many cheap
answers arrived before the first expensive reply (all of them should: cheap
queries must not queue behind expensive ones).

Usage::

    python -m kg.dev.loadtest build/ --clients 32 --queries 2000
    python -m kg.dev.loadtest build/ --expensive 3 --queries 20
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Literal

__all__ = [
    "CROSS_JOIN",
    "LoadResult",
    "MixedResult",
    "library_workload",
    "main",
    "run_load",
    "run_mixed",
    "running_server",
]

#: Five unconstrained patterns: on any real graph, far more solutions than a
#: server's timeout lets it count.
CROSS_JOIN = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }"
)

Rows = list[tuple[tuple[str, str], ...]]


@dataclass
class LoadResult:
    """Figures of one load run."""

    requests: int = 0
    wrong: int = 0
    failed: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    server_alive: bool = True

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _normalise(data: dict[str, Any]) -> Rows:
    """SPARQL JSON results as a sorted list of rows (order-insensitive comparison)."""
    rows = [
        tuple(sorted((var, json.dumps(value, sort_keys=True)) for var, value in binding.items()))
        for binding in data["results"]["bindings"]
    ]
    return sorted(rows)


def _grade(
    result: LoadResult | MixedResult, name: str, status: int, body: bytes, expected: Rows
) -> None:
    """Count a failed request or a wrong answer of query ``name`` in ``result``."""
    if status != 200:
        result.failed += 1
        result.errors.append(f"{name}: HTTP {status}: {body[:200]!r}")
    elif _normalise(json.loads(body)) != expected:
        result.wrong += 1
        result.errors.append(f"{name}: wrong answer")


def library_workload(build: Path) -> list[tuple[str, str, Rows]]:
    """``(name, query text, expected rows)``: the library queries and a lookup.

    Library queries run without parameters (those needing one are skipped);
    an extra query looks up a person by a label taken from the graph, written
    with :meth:`rdflib.Literal.n3` so the value is escaped, not pasted.
    """
    from kg.query import format_result, library_names, load_query, run_query
    from kg.store import open_build

    store = open_build(build)
    try:
        texts = []
        for query_name in library_names():
            query = load_query(query_name)
            if all(p.optional for p in query.params):
                texts.append((query_name, query.text))
        first = "SELECT ?l WHERE { ?e a kg:Person ; rdfs:label ?l } LIMIT 1"
        for row in run_query(store, first):
            label = row[0]  # type: ignore[index]
            if isinstance(label, Literal):
                lookup = f"SELECT ?e ?p ?o WHERE {{ ?e rdfs:label {label.n3()} ; ?p ?o }}"
                texts.append(("lookup", lookup))
        workload = []
        for name, text in texts:
            expected = json.loads(format_result(run_query(store, text), "json").data)
            workload.append((name, text, _normalise(expected)))
        return workload
    finally:
        store.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class MixedResult:
    """Figures of one mixed run: expensive and cheap queries at once."""

    expensive_status: list[int] = field(default_factory=list)
    expensive_seconds: list[float] = field(default_factory=list)
    cheap_seconds: list[float] = field(default_factory=list)
    #: Cheap answers that arrived before the first expensive reply.
    cheap_before_expensive: int = 0
    wrong: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def run_mixed(
    url: str,
    workload: list[tuple[str, str, Rows]],
    expensive: int,
    cheap: int,
    expensive_query: str = CROSS_JOIN,
) -> MixedResult:
    """Send ``expensive`` slow queries at once, then ``cheap`` library queries in turn.

    The cheap queries start once every expensive one has been sent and the
    server has had a moment to hand them to workers (so they really are
    running), and each is checked against the expected rows.
    """
    result = MixedResult()
    lock = threading.Lock()
    first_expensive_done = threading.Event()
    sent = threading.Barrier(expensive + 1)

    def slow() -> None:
        sent.wait()
        start = time.perf_counter()
        try:
            status, _ = _ask(url, expensive_query)
        except OSError:
            status = 0
        with lock:
            result.expensive_status.append(status)
            result.expensive_seconds.append(time.perf_counter() - start)
            first_expensive_done.set()

    threads = [threading.Thread(target=slow) for _ in range(expensive)]
    for thread in threads:
        thread.start()
    sent.wait()
    # Give the server time to put every expensive query on a worker: the
    # point is to ask while they hold them.  (Cheap queries that arrive
    # after an expensive reply are not counted as "before" below.)
    time.sleep(1.0)
    for n in range(cheap):
        name, text, expected = workload[n % len(workload)]
        status, body, seconds = _timed_ask(url, text)
        result.cheap_seconds.append(seconds)
        if not first_expensive_done.is_set():
            result.cheap_before_expensive += 1
        _grade(result, name, status, body, expected)
    for thread in threads:
        thread.join()
    return result


@contextmanager
def running_server(
    build: Path,
    workers: int,
    max_results: int,
    *,
    timeout: float = 10.0,
    quick_workers: int | None = None,
) -> Iterator[str]:
    """Start ``kg serve`` in a subprocess; yield its /sparql URL."""
    port = _free_port()
    extra = ["--timeout", str(timeout)]
    if quick_workers is not None:
        extra += ["--quick-workers", str(quick_workers)]
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg",
            "serve",
            str(build),
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--max-results",
            str(max_results),
            *extra,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stderr is not None
        line = child.stderr.readline()
        if "http://" not in line:
            raise RuntimeError(f"kg serve did not start: {line.strip()}")
        # Keep reading the access log: a full pipe would block the server.
        drain = threading.Thread(target=child.stderr.read, daemon=True)
        drain.start()
        yield f"http://127.0.0.1:{port}/sparql"
    finally:
        child.terminate()
        child.wait(timeout=30)


def _timed_ask(url: str, query: str) -> tuple[int, bytes, float]:
    """:func:`_ask`, with a connection failure as status 0, and the seconds it took."""
    start = time.perf_counter()
    try:
        status, body = _ask(url, query)
    except OSError as exc:
        status, body = 0, str(exc).encode()
    return status, body, time.perf_counter() - start


def _ask(url: str, query: str) -> tuple[int, bytes]:
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        url, data=body, headers={"Accept": "application/sparql-results+json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def run_load(
    url: str, workload: list[tuple[str, str, Rows]], clients: int, queries: int
) -> LoadResult:
    """Send ``queries`` requests from ``clients`` threads; check every answer."""
    result = LoadResult()
    lock = threading.Lock()
    counter = iter(range(queries))

    def client() -> None:
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            name, text, expected = workload[n % len(workload)]
            status, body, elapsed = _timed_ask(url, text)
            with lock:
                result.requests += 1
                result.latencies.append(elapsed)
                _grade(result, name, status, body, expected)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    try:
        status, _ = _ask(url, "ASK {}")
        result.server_alive = status == 200
    except OSError:
        result.server_alive = False
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("build", type=Path)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2, help="kg serve worker processes")
    parser.add_argument(
        "--quick-workers",
        type=int,
        default=None,
        help="kg serve --quick-workers (default: its own)",
    )
    parser.add_argument(
        "--expensive", type=int, default=0, help="mixed test: this many cross joins at once"
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="kg serve --timeout")
    args = parser.parse_args(argv)
    workload = library_workload(args.build)
    if args.expensive:
        return _main_mixed(args, workload)
    with running_server(args.build, args.workers, max_results=1_000_000) as url:
        result = run_load(url, workload, args.clients, args.queries)
    print(
        f"kg serve load test: {result.requests} requests from {args.clients} clients "
        f"({len(workload)} library queries, {args.workers} workers)\n"
        f"  throughput {result.throughput:.1f} req/s   "
        f"p50 {result.percentile(50) * 1000:.1f} ms   p99 {result.percentile(99) * 1000:.1f} ms\n"
        f"  wrong answers {result.wrong}   failed {result.failed}   "
        f"server up afterwards: {'yes' if result.server_alive else 'NO'}"
    )
    for error in result.errors[:10]:
        print(f"  {error}")
    ok = result.wrong == 0 and result.failed == 0 and result.server_alive
    return 0 if ok else 1


def _main_mixed(args: argparse.Namespace, workload: list[tuple[str, str, Rows]]) -> int:
    with running_server(
        args.build,
        args.workers,
        max_results=1_000_000,
        timeout=args.timeout,
        quick_workers=args.quick_workers,
    ) as url:
        result = run_mixed(url, workload, args.expensive, args.queries)
    cheap = sorted(result.cheap_seconds)
    quick = "default" if args.quick_workers is None else args.quick_workers
    print(
        f"kg serve mixed load: {args.expensive} cross joins at once, then {len(cheap)} cheap "
        f"queries ({args.workers} workers, quick workers: {quick}, "
        f"timeout {args.timeout:g} s)\n"
        f"  expensive: HTTP {sorted(result.expensive_status)} after "
        f"{min(result.expensive_seconds):.1f}-{max(result.expensive_seconds):.1f} s\n"
        f"  cheap: median {cheap[len(cheap) // 2] * 1000:.0f} ms, max {cheap[-1] * 1000:.0f} ms, "
        f"first {result.cheap_seconds[0] * 1000:.0f} ms; "
        f"{result.cheap_before_expensive}/{len(cheap)} answered before the first expensive reply\n"
        f"  wrong answers {result.wrong}   failed {result.failed}"
    )
    for error in result.errors[:10]:
        print(f"  {error}")
    ok = result.wrong == 0 and result.failed == 0
    return 0 if ok and result.cheap_before_expensive == len(cheap) else 1


if __name__ == "__main__":
    raise SystemExit(main())
