"""Identity resolution: mentions and candidates become entities and facts.

A resolver decides identity across the whole build (the same 张三 in two
articles, an alias in another file), in two steps so that a build can stream:
``prepare`` sees one analysed document and keeps what identity needs of it
(no text), and ``finish`` sees the prepared documents of the whole build.
Every decision is recorded as an :class:`~kg.types.IdentityDecision` with a
score and a reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from kg.config import BuildConfig
from kg.registry import Registry
from kg.types import DocumentAnalysis, Resolution

__all__ = ["Resolver", "RESOLVERS"]


class Resolver(Protocol):
    """Turns a build's analysed documents into entities, links and facts."""

    def prepare(self, analysis: DocumentAnalysis, config: BuildConfig) -> Any:
        """Per document, in an extraction worker: a small picklable summary."""
        ...

    def finish(self, prepared: Sequence[Any]) -> Resolution:
        """Build-wide, after extraction: the prepared documents, in build order."""
        ...

    def resolve(self, analyses: Sequence[DocumentAnalysis], config: BuildConfig) -> Resolution:
        """Both steps at once, for callers that hold every analysis anyway."""
        ...


RESOLVERS: Registry[Resolver] = Registry("resolver")
RESOLVERS.register_lazy("default", "kg.resolve.resolver:DefaultResolver")
