"""Build configuration: which components run and how IRIs are minted.

Defaults suit the embedded, single-machine build.  A ``kg.toml`` file (or the
CLI's ``--config``) can override any field::

    base_iri = "https://news.example.org/id/"
    home_city = "洛阳市"
    entity_extractors = ["ner", "precision", "anaphors"]
    jobs = 2

:func:`load_config` checks the whole configuration at once: component names
against the registries of :mod:`kg.components`, ``jobs`` and ``batch_size``
at least 1, the executor and the Dask scheduler address.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from kg.components import ENTITY_EXTRACTORS, EXECUTORS, RELATION_EXTRACTORS
from kg.errors import KGError
from kg.registry import Registry, UnknownComponentError

__all__ = [
    "ONTOLOGY_IRI",
    "DEFAULT_BASE_IRI",
    "DEFAULT_ENTITY_EXTRACTORS",
    "DEFAULT_RELATION_EXTRACTORS",
    "BuildConfig",
    "load_config",
]

ONTOLOGY_IRI = "https://w3id.org/kgnews/ontology#"
DEFAULT_BASE_IRI = "https://w3id.org/kgnews/id/"

#: The one default list of entity components: what every command runs
#: unless configuration names others.
DEFAULT_ENTITY_EXTRACTORS: tuple[str, ...] = ("ner", "precision", "anaphors")
#: The one default list of relation components.
#: The patterns first; the classifier adds pairs the patterns left alone
#: (real_dev relation precision stays 1.00 with it: see README).
DEFAULT_RELATION_EXTRACTORS: tuple[str, ...] = ("patterns", "classifier")


@dataclass
class BuildConfig:
    base_iri: str = DEFAULT_BASE_IRI
    #: The newspaper's city, for 我市/本市 when the page does not say.
    home_city: str | None = None
    entity_extractors: list[str] = field(default_factory=lambda: list(DEFAULT_ENTITY_EXTRACTORS))
    relation_extractors: list[str] = field(
        default_factory=lambda: list(DEFAULT_RELATION_EXTRACTORS)
    )
    resolver: str = "default"
    store: str = "oxigraph"
    #: Documents per extraction batch (at most ``kg.pipeline.PARALLEL_BATCH``
    #: when several workers share the work, so none idles at the end).
    batch_size: int = 64
    #: Extraction processes on this machine.
    jobs: int = 1
    #: Where batches run (a name in :data:`kg.components.EXECUTORS`); ``None``
    #: chooses: ``dask`` with a scheduler, ``processes`` with ``jobs > 1``,
    #: else ``serial``.
    executor: str | None = None
    #: A Dask scheduler address (``tcp://host:port``) for the ``dask`` executor.
    scheduler: str | None = None
    #: The co-occurrence layer (``kg:coOccursWith``): entities of one sentence
    #: are paired when at most this many other entities stand between them;
    #: 0 writes no co-occurrence layer (see :mod:`kg.graph.cooccurrence`).
    cooccurrence_window: int = 4

    @property
    def executor_name(self) -> str:
        """The executor that runs extraction batches."""
        if self.executor is not None:
            return self.executor
        if self.scheduler:
            return "dask"
        return "processes" if self.jobs > 1 else "serial"

    def fingerprint(self) -> str:
        """What extraction results depend on, for the incremental cache."""
        return "|".join([",".join(self.entity_extractors), ",".join(self.relation_extractors)])


def load_config(path: Path | None = None, **overrides: Any) -> BuildConfig:
    """The configuration of ``path`` (a ``kg.toml``) with ``overrides`` on top, checked.

    Overrides that are ``None`` are ignored, so CLI flags left out keep the
    file's (or the default) value.

    Raises
    ------
    KGError
        Unreadable file, unknown keys, unknown component names, ``jobs`` or
        ``batch_size`` below 1, or a malformed scheduler address.
    """
    config = BuildConfig()
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise KGError(f"{path}: cannot read configuration: {exc}") from None
        known = {f.name for f in fields(BuildConfig)}
        unknown = set(data) - known
        if unknown:
            raise KGError(f"{path}: unknown configuration keys: {', '.join(sorted(unknown))}")
        for key, value in data.items():
            setattr(config, key, value)
    for key, value in overrides.items():
        if value is not None:
            setattr(config, key, value)
    if not config.base_iri.endswith(("/", "#")):
        config.base_iri += "/"
    validate(config, str(path) if path is not None else "configuration")
    return config


def _check_names(where: str, key: str, names: list[str], registry: Registry[Any]) -> None:
    if isinstance(names, str) or not all(isinstance(n, str) for n in names):
        raise KGError(f"{where}: {key} must be a list of names")
    for name in names:
        try:
            registry.get(name)
        except UnknownComponentError as exc:
            raise KGError(f"{where}: {key}: {exc.args[0]}") from None


def validate(config: BuildConfig, where: str = "configuration") -> None:
    """Check ``config``; raise one :class:`KGError` naming ``where`` and the problem."""
    _check_names(where, "entity_extractors", config.entity_extractors, ENTITY_EXTRACTORS)
    _check_names(where, "relation_extractors", config.relation_extractors, RELATION_EXTRACTORS)
    for key in ("jobs", "batch_size"):
        value = getattr(config, key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise KGError(f"{where}: {key} must be a whole number of at least 1, not {value!r}")
    window = config.cooccurrence_window
    if not isinstance(window, int) or isinstance(window, bool) or window < 0:
        raise KGError(f"{where}: cooccurrence_window must be a whole number >= 0, not {window!r}")
    if config.executor is not None:
        _check_names(where, "executor", [config.executor], EXECUTORS)
    if config.scheduler is not None:
        scheduler = config.scheduler
        if config.executor not in (None, "dask"):
            raise KGError(f"{where}: a scheduler needs the dask executor, not {config.executor!r}")
        host, _, port = scheduler.rpartition("://")[2].rpartition(":")
        if not host or not port.isdigit():
            raise KGError(
                f"{where}: scheduler {scheduler!r} is not an address like tcp://127.0.0.1:8786"
            )
