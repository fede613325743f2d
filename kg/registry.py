"""Named component registries, in the spirit of ``rdflib.plugin.register``.

A stage that can be swapped (entity extractors, relation extractors, stores)
keeps a :class:`Registry` (the extractors' and executors' are in
:mod:`kg.components`).  A component names itself where it is defined, with
the :meth:`Registry.factory` decorator; the registry knows which modules
define components and imports them when a name is first looked up.
Configuration chooses components by name, so adding one is a registration,
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
F = TypeVar("F", bound=Callable[..., Any])


class UnknownComponentError(KGError):
    """Raised when configuration names a component nobody registered.

    A user error (a typo in ``kg.toml`` or ``--extractors``), so the CLI
    prints it as one line like any other :class:`~kg.errors.KGError`.
    """


class Registry(Generic[T]):
    """Factories by name.

    Parameters
    ----------
    kind
        What the components are, for error messages ("entity extractor").
    modules
        Modules whose import registers components (with :meth:`factory`);
        imported on the first lookup of a name not registered yet.
    """

    def __init__(self, kind: str, modules: tuple[str, ...] = ()) -> None:
        self.kind = kind
        self.modules = modules
        self._factories: dict[str, Callable[..., T]] = {}
        self._lazy: dict[str, str] = {}
        self._imported = False

    def register(self, name: str, factory: Callable[..., T]) -> None:
        self._factories[name] = factory

    def factory(self, name: str) -> Callable[[F], F]:
        """Decorator: register the decorated class or function under ``name``.

        Examples
        --------
        >>> reg: Registry[object] = Registry("thing")
        >>> @reg.factory("point")
        ... class Point:
        ...     pass
        >>> type(reg.create("point")).__name__
        'Point'
        """

        def register(target: F) -> F:
            self.register(name, target)
            return target

        return register

    def _import_modules(self) -> None:
        # Components register themselves on import; do it once, on demand, so
        # that importing a registry does not load every component's module.
        if self._imported:
            return
        self._imported = True
        for module_name in self.modules:
            importlib.import_module(module_name)

    def register_lazy(self, name: str, target: str) -> None:
        """Register ``"package.module:attr"`` to be imported on first use."""
        self._lazy[name] = target

    def names(self) -> list[str]:
        self._import_modules()
        return sorted(set(self._factories) | set(self._lazy))

    def get(self, name: str) -> Callable[..., T]:
        if name not in self._factories and name not in self._lazy:
            self._import_modules()
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

    def load(self, name: str, **options: Any) -> T:
        """Create the component ``name`` through its ``load`` classmethod, if it has one.

        Components that hold models load them there, explicitly, rather
        than on first use.
        """
        factory = self.get(name)
        loader = getattr(factory, "load", None)
        return loader(**options) if callable(loader) else factory(**options)
