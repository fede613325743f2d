"""Stage timing: one context manager for every stage a build or a bench times.

Examples
--------
>>> timer = StageTimer()
>>> with timer.stage("resolve"):
...     pass
>>> list(timer.seconds)
['resolve']
"""

from __future__ import annotations

import contextlib
import resource
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

__all__ = ["StageTimer", "peak_rss_mb"]

T = TypeVar("T")


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


class StageTimer:
    """Seconds per stage, added up over every time a stage runs.

    ``seconds`` is wall time; ``cpu`` the CPU time (user + system) of the
    process that ran the stage, which a machine shared with other jobs
    inflates far less than wall time.  ``peak_mb`` is the process's peak
    resident memory (MB) when the stage last ended: the peak only grows, so
    the first stage whose value equals the build's peak is where it was
    reached.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.peak_mb: dict[str, float] = {}

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the ``with`` block and add it to ``name``'s total (also when it raises)."""
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - start, time.process_time() - start_cpu)
            self.peak_mb[name] = peak_rss_mb()

    def add(self, name: str, seconds: float, cpu: float | None = None) -> None:
        """Add ``seconds`` (and ``cpu`` seconds, if given) to stage ``name``."""
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        if cpu is not None:
            self.cpu[name] = self.cpu.get(name, 0.0) + cpu

    def merge(self, seconds: Mapping[str, float], cpu: Mapping[str, float] | None = None) -> None:
        """Add another timer's totals (a worker's, sent back with its results)."""
        for name, value in seconds.items():
            self.add(name, value, (cpu or {}).get(name))

    def iterate(self, name: str, items: Iterable[T]) -> Iterator[T]:
        """Yield from ``items``, timing only the production of each item as ``name``.

        For lazy stages (ingest) whose work happens as a later stage pulls.
        """
        iterator = iter(items)
        while True:
            with self.stage(name):
                try:
                    item = next(iterator)
                except StopIteration:
                    return
            yield item

    def rounded(self, order: Iterable[str] = (), cpu: bool = False) -> dict[str, float]:
        """Totals rounded to milliseconds, the stages of ``order`` first, in that order.

        ``cpu`` gives the CPU seconds instead of the wall seconds.
        """
        totals = self.cpu if cpu else self.seconds
        names = [n for n in order if n in totals]
        names += [n for n in totals if n not in names]
        return {n: round(totals[n], 3) for n in names}
