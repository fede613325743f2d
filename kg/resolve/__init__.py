"""Identity resolution: mentions and candidates become entities and facts.

A resolver sees every analysed document of a build at once, because identity
is decided across the whole graph (the same 张三 in two articles, an alias in
another file).  Every decision is recorded as an
:class:`~kg.types.IdentityDecision` with a score and a reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from kg.config import BuildConfig
from kg.registry import Registry
from kg.types import DocumentAnalysis, Resolution

__all__ = ["Resolver", "RESOLVERS"]


class Resolver(Protocol):
    """Turns a build's analysed documents into entities, links and facts."""

    def resolve(self, analyses: Sequence[DocumentAnalysis], config: BuildConfig) -> Resolution: ...


RESOLVERS: Registry[Resolver] = Registry("resolver")
RESOLVERS.register_lazy("default", "kg.resolve.resolver:DefaultResolver")
