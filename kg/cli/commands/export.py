"""``kg export``: write a build's graph as RDF files, GraphML or node/edge CSV."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.export import FORMATS, export_store

__all__ = ["NAME", "HELP", "DESCRIPTION", "add_arguments", "run"]

NAME = "export"
HELP = "export the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD, GraphML or CSV"
DESCRIPTION = """\
Export a build's graph.

  ttl, nt   the union of all named graphs
  nq, trig  every named graph (one per source document, plus entities)
  jsonld    named graphs, compacted with kg's context (kg/data/context.jsonld)
  graphml   the entity network, for Gephi, Cytoscape, yEd
  csv       nodes.csv (iri,label,type) and edges.csv (source,target,predicate,label)
            in the folder given by --out

examples:
  kg export build/ --format trig --out graph.trig
  kg export build/ --format csv --out network/
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("build", type=Path, help="build folder")
    parser.add_argument("--format", choices=FORMATS, default="ttl", help="default: ttl")
    parser.add_argument(
        "--out", type=Path, help="output file (folder for csv); default: standard output"
    )


def run(args: argparse.Namespace) -> int:
    from kg.store import open_build

    store = open_build(args.build)
    try:
        export_store(store, args.format, args.out)
    finally:
        store.close()
    return 0
