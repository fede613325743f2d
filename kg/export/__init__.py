"""Exports of a build: RDF files for other triple stores, networks for Gephi and networkx.

Each format is a registered exporter ``(store, out: Path | None) -> None``;
``out=None`` writes single-file formats to standard output.

======== ==================================================================
ttl, nt  the union of all named graphs (graph names dropped)
nq, trig every quad with its named graph (one graph per source document)
jsonld   named graphs as ``@graph`` objects, compacted with kg's context
graphml  the entity network (networkx), attributes flattened to strings
csv      ``nodes.csv`` (iri,label,type) and ``edges.csv``
         (source,target,predicate,label) in the folder ``out``
======== ==================================================================
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kg.registry import Registry

if TYPE_CHECKING:
    # Only for annotations: importing the store loads rdflib, which
    # `kg export --help` (it needs FORMATS) should not pay for.
    from kg.store import GraphStore

__all__ = ["EXPORTERS", "Exporter", "export_store", "FORMATS"]

Exporter = Callable[["GraphStore", Path | None], None]

EXPORTERS: Registry[None] = Registry("export format")
for _name in ("ttl", "nt", "nq", "trig"):
    EXPORTERS.register_lazy(_name, f"kg.export.rdf:export_{_name}")
EXPORTERS.register_lazy("jsonld", "kg.export.rdf:export_jsonld")
EXPORTERS.register_lazy("graphml", "kg.export.network:export_graphml")
EXPORTERS.register_lazy("csv", "kg.export.network:export_csv")

#: Format names in the order ``kg export --help`` shows them.
FORMATS: tuple[str, ...] = ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "csv")


def export_store(store: GraphStore, fmt: str, out: Path | None) -> None:
    """Write ``store`` in format ``fmt`` to ``out`` (a file, a folder for csv, or stdout)."""
    EXPORTERS.get(fmt)(store, out)
