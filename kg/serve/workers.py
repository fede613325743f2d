"""Query worker processes that can be killed at a deadline.

pyoxigraph cannot cancel a running query from another thread, so each query
runs in a worker *process*; when the deadline passes the worker is killed
(SIGKILL) and a fresh one is started in the background.  Workers open the
build read-only and reopen it when a rebuild swaps in a new store.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

__all__ = ["Job", "Reply", "WorkerPool"]


@dataclass(frozen=True)
class Job:
    """One request for a worker: a query, or (``update=True``) a SPARQL Update."""

    query: str
    accept: str | None = None
    requested_format: str | None = None
    update: bool = False


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def _text(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


class _Session:
    """One worker's open store, reopened when the build's CURRENT changes."""

    def __init__(self, build_dir: Path) -> None:
        self.build_dir = build_dir
        self.store: Any = None
        self.pointer: object = None

    def get(self) -> Any:
        from kg.store.build_dir import current_store, open_build

        pointer = current_store(self.build_dir)
        if self.store is None or pointer != self.pointer:
            if self.store is not None:
                self.store.close()
            self.store = open_build(self.build_dir, read_only=True)
            self.pointer = pointer
        return self.store


def answer(session: _Session, job: Job, max_results: int) -> Reply:
    """Check, run and serialise one query (in the worker process)."""
    from kg.errors import KGError
    from kg.query import format_result, run_query
    from kg.serve.guard import Refused, check_query
    from kg.serve.negotiate import choose_format

    if job.update:
        return apply_update(session, job)
    try:
        check_query(job.query)
        result = run_query(session.get(), job.query)
        fmt = choose_format(result.type, job.accept, job.requested_format)
        formatted = format_result(result, fmt, max_rows=max_results)
    except Refused as exc:
        return _text(exc.status, exc.message)
    except KGError as exc:
        return _text(400, str(exc))
    except (RuntimeError, OSError, ValueError) as exc:  # evaluation errors
        return _text(500, f"query failed: {exc}")
    headers = {"X-KG-Result-Rows": str(formatted.rows)}
    if formatted.truncated:
        headers["X-KG-Result-Truncated"] = f"true; max-results={max_results}"
    return Reply(200, formatted.media_type, formatted.data, headers)


def apply_update(session: _Session, job: Job) -> Reply:
    """Run a SPARQL Update on a copy of the store and swap it in.

    See :func:`kg.store.build_dir.update_store`: a failed or killed update
    changes nothing, and every worker sees the new store on its next query.
    """
    from kg.errors import KGError
    from kg.query.runner import syntax_error_message
    from kg.serve.guard import Refused, check_update
    from kg.store.build_dir import update_store

    try:
        check_update(job.query)
        update_store(session.build_dir, job.query)
    except Refused as exc:
        return _text(exc.status, exc.message)
    except SyntaxError as exc:
        return _text(400, syntax_error_message(exc, "update"))
    except KGError as exc:
        return _text(409, str(exc))
    except (RuntimeError, OSError, ValueError) as exc:
        return _text(500, f"update failed: {exc}")
    return _text(200, "update applied")


def _worker_main(conn: Connection, build_dir: str, max_results: int) -> None:
    # rdflib (the memory store) would fetch FROM <url> graphs over HTTP;
    # a server must never fetch URLs chosen by callers.
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    session = _Session(Path(build_dir))
    try:
        session.get()
        conn.send("ready")
    except Exception as exc:  # report why the worker cannot start, then stop
        conn.send(f"error: {exc}")
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = answer(session, job, max_results)
        except Exception as exc:  # never let one query kill the worker silently
            reply = _text(500, f"internal error: {type(exc).__name__}: {exc}")
        conn.send(reply)


@dataclass(eq=False)  # identity-hashed: kept in a set
class _Worker:
    process: Any
    conn: Connection


class WorkerPool:
    """A fixed number of worker processes; a query waits for a free one.

    Parameters
    ----------
    build_dir : Path
        The build folder every worker opens read-only.
    size : int
        Number of processes (concurrent queries).
    max_results : int
        Rows kept per result; more are cut and flagged.
    """

    def __init__(self, build_dir: Path, size: int = 2, max_results: int = 10_000) -> None:
        # "spawn": forking a threaded server process can copy held locks.
        self._context = multiprocessing.get_context("spawn")
        self.build_dir = Path(build_dir)
        self.max_results = max_results
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        workers = [self._spawn() for _ in range(size)]
        for worker in workers:
            self._ready(worker)
            self._idle.put(worker)

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(child, str(self.build_dir), self.max_results),
            daemon=True,
            name="kg-serve-worker",
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(worker)
        return worker

    def _ready(self, worker: _Worker) -> None:
        message = worker.conn.recv()
        if message != "ready":
            self._kill(worker)
            from kg.errors import KGError

            raise KGError(f"query worker could not start: {message}")

    def _kill(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start its successor without blocking the caller."""
        self._kill(worker)

        def start() -> None:
            if self._closed:
                return
            fresh = self._spawn()
            try:
                self._ready(fresh)
            except Exception:
                return
            self._idle.put(fresh)

        threading.Thread(target=start, daemon=True, name="kg-serve-respawn").start()

    def run(self, job: Job, timeout: float) -> Reply:
        """Run ``job`` on a free worker; 503 when none frees up or the deadline passes."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return _text(503, f"all query workers are busy; try again (waited {timeout:g} s)")
        try:
            worker.conn.send(job)
            if worker.conn.poll(timeout):
                reply: Reply = worker.conn.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError) as exc:
            self._replace(worker)
            return _text(500, f"query worker failed: {exc}")
        self._replace(worker)
        return _text(503, f"query timed out after {timeout:g} s and was cancelled")

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._kill(worker)
