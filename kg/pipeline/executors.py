"""Where extraction batches run: in-process, on local processes, or on Dask.

All executors return results in input order, so a build's output does not
depend on how it was parallelised.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

from kg.components import EXECUTORS
from kg.errors import KGError

__all__ = ["Executor", "EXECUTORS", "SerialExecutor", "ProcessExecutor", "DaskExecutor"]

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    def map_ordered(self, fn: Callable[..., R], batches: Iterable[T], *args: Any) -> Iterator[R]:
        """Apply ``fn(batch, *args)`` to each batch, yielding results in order."""
        ...

    def close(self) -> None: ...


@EXECUTORS.factory("serial")
class SerialExecutor:
    def __init__(self, **_: Any) -> None:
        pass

    def map_ordered(self, fn: Callable[..., R], batches: Iterable[T], *args: Any) -> Iterator[R]:
        for batch in batches:
            yield fn(batch, *args)

    def close(self) -> None:
        pass


def _bounded_ordered(
    submit: Callable[[T], Any], result: Callable[[Any], R], batches: Iterable[T], window: int
) -> Iterator[R]:
    """Keep at most ``window`` batches in flight, so memory stays bounded."""
    pending: list[Any] = []
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield result(pending.pop(0))
    for fut in pending:
        yield result(fut)


def _worker_signals() -> None:
    """Workers leave Ctrl-C to the build's process, which stops them (see ``close``).

    A terminal sends SIGINT to the whole process group; a worker that took
    it would print its own traceback, and one idle between batches would die.
    SIGTERM gets its default back: a forked worker inherits the handler
    ``kg build`` sets for its own clean-up, and a worker has none to do.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@EXECUTORS.factory("processes")
class ProcessExecutor:
    """``--jobs N``: a local process pool (each process loads the models once)."""

    def __init__(self, jobs: int = 2, **_: Any) -> None:
        self.jobs = jobs
        self.pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_signals)
        self._futures: list[Future[Any]] = []

    def map_ordered(self, fn: Callable[..., R], batches: Iterable[T], *args: Any) -> Iterator[R]:
        def submit(batch: T) -> Future[R]:
            future = self.pool.submit(fn, batch, *args)
            self._futures = [f for f in self._futures if not f.done()] + [future]
            return future

        return _bounded_ordered(submit, lambda f: f.result(), batches, self.jobs * 2)

    def close(self) -> None:
        """Shut the pool down; workers still busy (the build failed or was interrupted) are killed.

        Waiting for them would hold an interrupted build for as long as a
        batch takes, minutes for one huge document.
        """
        busy = [f for f in self._futures if not f.done()]
        if busy:
            workers = list(getattr(self.pool, "_processes", {}).values())
            self.pool.shutdown(wait=False, cancel_futures=True)
            for process in workers:
                process.kill()  # a worker holds no file of the build: nothing to clean up
            for process in workers:
                process.join()
        self.pool.shutdown(cancel_futures=True)


@EXECUTORS.factory("dask")
class DaskExecutor:
    """``--scheduler tcp://host:port``: tasks on a dask.distributed cluster."""

    def __init__(self, scheduler: str | None = None, jobs: int = 2, **_: Any) -> None:
        try:
            from dask.distributed import Client
        except ImportError:
            raise KGError(
                "the Dask executor needs dask[distributed]; pip install 'kg[dask]'"
            ) from None
        try:
            self.client = (
                Client(scheduler, timeout="20s")
                if scheduler
                else Client(
                    n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
                )
            )
        except OSError as exc:
            raise KGError(f"cannot reach Dask scheduler {scheduler}: {exc}") from None
        self.window = max(2, 2 * len(self.client.scheduler_info().get("workers", {})) or 4)

    def map_ordered(self, fn: Callable[..., R], batches: Iterable[T], *args: Any) -> Iterator[R]:
        def submit(batch: T) -> Any:
            return self.client.submit(fn, batch, *args, pure=False)

        return _bounded_ordered(submit, lambda f: f.result(), batches, self.window)

    def close(self) -> None:
        self.client.close()

