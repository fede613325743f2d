"""Network exports for Gephi, Cytoscape and networkx users: GraphML and node/edge CSV.

The network is :func:`kg.analytics.networkx_bridge.to_networkx` (entities as
nodes, kg relations as edges), so the exports show what ``kg viz`` draws.
GraphML attributes must be scalars: lists are joined with ``"; "`` and the
``facts`` mapping is written as JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import KGError
from kg.export.rdf import output_stream, to_dataset
from kg.store import GraphStore
from kg.store.atomic import atomic_write_text

__all__ = ["export_graphml", "export_csv", "entity_network", "NODE_COLUMNS", "EDGE_COLUMNS"]

NODE_COLUMNS = ("iri", "label", "type")
EDGE_COLUMNS = ("source", "target", "predicate", "label")


def entity_network(store: GraphStore) -> nx.MultiDiGraph:
    """The store's entity network (see :mod:`kg.analytics.networkx_bridge`)."""
    from kg.analytics.networkx_bridge import to_networkx

    return to_networkx(to_dataset(store))


def _scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _flattened(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in data.items()})
    for source, target, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(source, target, key=key, **{k: _scalar(v) for k, v in data.items()})
    return flat


def export_graphml(store: GraphStore, out: Path | None) -> None:
    graph = _flattened(entity_network(store))
    with output_stream(out) as stream:
        nx.write_graphml(graph, stream, encoding="utf-8")


def _csv_text(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def export_csv(store: GraphStore, out: Path | None) -> None:
    """Write ``nodes.csv`` and ``edges.csv`` into the folder ``out``."""
    if out is None:
        raise KGError("export --format csv writes two files; give a folder with --out")
    if out.exists() and not out.is_dir():
        raise KGError(f"{out}: --format csv needs a folder, not a file")
    graph = entity_network(store)
    nodes = [
        (str(node), str(data.get("label", node)), str(data.get("type", "")))
        for node, data in graph.nodes(data=True)
    ]
    edges = [
        (str(s), str(t), str(data.get("predicate", key)), str(data.get("label", key)))
        for s, t, key, data in graph.edges(keys=True, data=True)
    ]
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out / "nodes.csv", _csv_text(NODE_COLUMNS, nodes))
    atomic_write_text(out / "edges.csv", _csv_text(EDGE_COLUMNS, edges))
