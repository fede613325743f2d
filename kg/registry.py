"""Named component registries, in the spirit of ``rdflib.plugin.register``.

A stage that can be swapped (entity extractors, relation extractors, stores)
keeps a :class:`Registry`.  Components register a factory under a name, and
configuration chooses components by name, so adding one is a registration,
not an edit of the pipeline.

Examples
--------
>>> reg: Registry[int] = Registry("numbers")
>>> reg.register("one", lambda: 1)
>>> reg.create("one")
1
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from kg.errors import KGError

__all__ = ["Registry", "UnknownComponentError"]

T = TypeVar("T")


class UnknownComponentError(KGError):
    """Raised when configuration names a component nobody registered.

    A user error (a typo in ``kg.toml`` or ``--extractors``), so the CLI
    prints it as one line like any other :class:`~kg.errors.KGError`.
    """


class Registry(Generic[T]):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Callable[..., T]] = {}
        self._lazy: dict[str, str] = {}

    def register(self, name: str, factory: Callable[..., T]) -> None:
        self._factories[name] = factory

    def register_lazy(self, name: str, target: str) -> None:
        """Register ``"package.module:attr"`` to be imported on first use."""
        self._lazy[name] = target

    def names(self) -> list[str]:
        return sorted(set(self._factories) | set(self._lazy))

    def get(self, name: str) -> Callable[..., T]:
        if name not in self._factories and name in self._lazy:
            module_name, _, attr = self._lazy[name].partition(":")
            self._factories[name] = getattr(importlib.import_module(module_name), attr)
        try:
            return self._factories[name]
        except KeyError:
            raise UnknownComponentError(
                f"unknown {self.kind} {name!r}; known: {', '.join(self.names()) or 'none'}"
            ) from None

    def create(self, name: str, *args: Any, **kwargs: Any) -> T:
        return self.get(name)(*args, **kwargs)
