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
import time
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

__all__ = ["StageTimer"]

T = TypeVar("T")


class StageTimer:
    """Seconds per stage, added up over every time a stage runs."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the ``with`` block and add it to ``name``'s total (also when it raises)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - start)

    def add(self, name: str, seconds: float) -> None:
        """Add ``seconds`` to stage ``name``."""
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def merge(self, seconds: Mapping[str, float]) -> None:
        """Add another timer's totals (a worker's, sent back with its results)."""
        for name, value in seconds.items():
            self.add(name, value)

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

    def rounded(self, order: Iterable[str] = ()) -> dict[str, float]:
        """Totals rounded to milliseconds, the stages of ``order`` first, in that order."""
        names = [n for n in order if n in self.seconds]
        names += [n for n in self.seconds if n not in names]
        return {n: round(self.seconds[n], 3) for n in names}
