"""Build configuration: which components run and how IRIs are minted.

Defaults suit the embedded, single-machine build.  A ``kg.toml`` file (or the
CLI's ``--config``) can override any field::

    base_iri = "https://news.example.org/id/"
    home_city = "洛阳市"
    entity_extractors = ["ner", "anaphors"]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from kg.errors import KGError

__all__ = ["ONTOLOGY_IRI", "DEFAULT_BASE_IRI", "BuildConfig", "load_config"]

ONTOLOGY_IRI = "https://w3id.org/kgnews/ontology#"
DEFAULT_BASE_IRI = "https://w3id.org/kgnews/id/"


@dataclass
class BuildConfig:
    base_iri: str = DEFAULT_BASE_IRI
    #: The newspaper's city, for 我市/本市 when the page does not say.
    home_city: str | None = None
    entity_extractors: list[str] = field(default_factory=lambda: ["ner", "anaphors"])
    relation_extractors: list[str] = field(default_factory=lambda: ["patterns"])
    resolver: str = "default"
    store: str = "oxigraph"
    batch_size: int = 64
    jobs: int = 1
    #: The co-occurrence layer (``kg:coOccursWith``): entities of one sentence
    #: are paired when at most this many other entities stand between them;
    #: 0 writes no co-occurrence layer (see :mod:`kg.graph.cooccurrence`).
    cooccurrence_window: int = 4

    def fingerprint(self) -> str:
        """What extraction results depend on, for the incremental cache."""
        return "|".join([",".join(self.entity_extractors), ",".join(self.relation_extractors)])


def load_config(path: Path | None, **overrides: Any) -> BuildConfig:
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
    return config
