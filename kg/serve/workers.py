"""Query worker processes that can be killed at a deadline.

pyoxigraph cannot cancel a running query from another thread, so each query
runs in a worker *process*; when the deadline passes the worker is killed
(SIGKILL) and a fresh one is started in the background.  Workers open the
build read-only and reopen it when a rebuild swaps in a new store.

**Cheap queries do not queue behind expensive ones.**  With only general
workers, three cross joins sent at once held both of them until their
10-second deadline, and an ASK sent meanwhile waited 9.5 s.  The cost of a
query is not known before it runs, so the pool keeps *quick* workers apart:
a query takes a free general worker if there is one, else a free quick
worker.  On a quick worker it has ``quick_seconds`` to finish; past that it
is *demoted*: it keeps running (to its full deadline) in the same process,
that process leaves the quick lane, and a replacement quick worker is
started at once.  So a burst of expensive queries costs at most one
start-up of a worker before cheap queries flow again, and nothing is run
twice.  The number of processes stays bounded: at most ``size + 3 × quick``.

Any query still running after ``quick_seconds`` (on any worker) also has its
process's CPU priority lowered (nice +10), so that on a saturated machine
cheap queries get the CPU first; a general worker's priority is restored
when its query ends where the system allows it (raising a priority needs
privileges), and a demoted quick worker ends with its query.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
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
    """General and quick worker processes; a query waits for a free one.

    Parameters
    ----------
    build_dir : Path
        The build folder every worker opens read-only.
    size : int
        Number of general processes (concurrent queries of any cost).
    max_results : int
        Rows kept per result; more are cut and flagged.
    quick : int
        Number of quick processes, used when every general one is busy.
    quick_seconds : float
        How long a query may run on a quick worker before it is demoted (see
        the module notes).
    """

    def __init__(
        self,
        build_dir: Path,
        size: int = 2,
        max_results: int = 10_000,
        quick: int = 1,
        quick_seconds: float = 1.0,
    ) -> None:
        # "spawn": forking a threaded server process can copy held locks.
        self._context = multiprocessing.get_context("spawn")
        self.build_dir = Path(build_dir)
        self.max_results = max_results
        self.size = size
        self.quick = quick
        self.quick_seconds = quick_seconds
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._quick_idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        #: Quick workers alive or starting (demoted ones no longer count).
        self._quick_count = 0
        #: Quick replacements being started: one at a time, because starting
        #: a process costs a second or more of CPU, and on a busy machine a
        #: cheap query that runs a little late must not set off a chain of
        #: start-ups that slows everything further.
        self._quick_starting = 0
        self._lock = threading.Lock()
        self._closed = False
        general = [self._spawn() for _ in range(size)]
        fast = [self._spawn() for _ in range(quick)]
        for worker in general:
            self._ready(worker)
            self._idle.put(worker)
        for worker in fast:
            self._ready(worker)
            self._quick_idle.put(worker)
        self._quick_count = quick

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

    def _start_in_background(self, into: queue.Queue[_Worker], *, quick: bool) -> None:
        def start() -> None:
            try:
                if self._closed:
                    return
                fresh = self._spawn()
                try:
                    self._ready(fresh)
                except Exception:
                    if quick:
                        with self._lock:
                            self._quick_count -= 1
                    return
                into.put(fresh)
            finally:
                if quick:
                    with self._lock:
                        self._quick_starting -= 1

        threading.Thread(target=start, daemon=True, name="kg-serve-respawn").start()

    def _replace(self, worker: _Worker) -> None:
        """Kill a general ``worker`` and start its successor without blocking the caller."""
        self._kill(worker)
        self._start_in_background(self._idle, quick=False)

    def _acquire(self, deadline: float) -> tuple[_Worker, bool] | None:
        """A free worker and whether it is a quick one; ``None`` past ``deadline``."""
        while True:
            for lane, quick in ((self._idle, False), (self._quick_idle, True)):
                try:
                    return lane.get_nowait(), quick
                except queue.Empty:
                    pass
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            # Wait on the general lane, looking at the quick one every 20 ms.
            try:
                return self._idle.get(timeout=min(left, 0.02)), False
            except queue.Empty:
                continue

    def _demote(self) -> None:
        """A quick worker is now busy with a slow query: start its replacement.

        Unless one is already starting, or the process cap is reached: then
        the next demoted worker to finish refills the lane instead.
        """
        with self._lock:
            self._quick_count -= 1
            start = (
                self._quick_starting == 0 and len(self._all) < self.size + 3 * self.quick
            )
            if start:
                self._quick_count += 1
                self._quick_starting += 1
        if start:
            self._start_in_background(self._quick_idle, quick=True)

    def _retire(self, worker: _Worker) -> None:
        """A demoted worker is done: it ends, and the quick lane is refilled
        if it is short and no replacement is starting."""
        self._kill(worker)
        with self._lock:
            start = self._quick_count < self.quick and self._quick_starting == 0
            if start:
                self._quick_count += 1
                self._quick_starting += 1
        if start:
            self._start_in_background(self._quick_idle, quick=True)

    @staticmethod
    def _set_priority(worker: _Worker, lower: bool) -> bool:
        """Lower (nice +10) or restore a worker's CPU priority; ``False`` if refused.

        A worker running a slow query is lowered, so that cheap queries get
        the CPU first even when slow ones saturate it.  Raising a priority
        again needs privileges; without them the worker simply stays low.
        """
        try:
            pid = worker.process.pid
            now = os.getpriority(os.PRIO_PROCESS, pid)
            os.setpriority(os.PRIO_PROCESS, pid, min(19, now + 10) if lower else max(0, now - 10))
        except (AttributeError, OSError):  # not on this platform, not allowed, or gone
            return False
        return True

    def run(self, job: Job, timeout: float) -> Reply:
        """Run ``job`` on a free worker; 503 when none frees up or the deadline passes."""
        deadline = time.monotonic() + timeout
        acquired = self._acquire(deadline)
        if acquired is None:
            return _text(503, f"all query workers are busy; try again (waited {timeout:g} s)")
        worker, quick = acquired
        lane = "quick" if quick else "general"
        try:
            worker.conn.send(job)
            budget = min(self.quick_seconds, max(0.0, deadline - time.monotonic()))
            if worker.conn.poll(budget):
                reply: Reply = worker.conn.recv()
                (self._quick_idle if quick else self._idle).put(worker)
                return reply
            # A slow query: it goes on, at low priority, and a quick worker
            # running it leaves the quick lane.
            lowered = self._set_priority(worker, lower=True)
            if quick:
                lane = "demoted"
                self._demote()
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                reply = worker.conn.recv()
                if lane == "demoted":
                    self._retire(worker)
                else:
                    if lowered:
                        self._set_priority(worker, lower=False)
                    self._idle.put(worker)
                return reply
        except (EOFError, OSError) as exc:
            self._lost(worker, lane)
            return _text(500, f"query worker failed: {exc}")
        self._lost(worker, lane)
        return _text(503, f"query timed out after {timeout:g} s and was cancelled")

    def _lost(self, worker: _Worker, lane: str) -> None:
        """Kill ``worker``; a general or quick one gets a successor in its lane."""
        if lane == "general":
            self._replace(worker)
        elif lane == "quick":
            self._kill(worker)
            with self._lock:
                self._quick_starting += 1
            self._start_in_background(self._quick_idle, quick=True)
        else:  # demoted: its quick successor was started when it was demoted
            self._kill(worker)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._kill(worker)
