"""``kg validate``: check a built graph against the SHACL shapes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["NAME", "HELP", "DESCRIPTION", "add_arguments", "run"]

NAME = "validate"
HELP = "check a graph against the ontology's SHACL shapes"
DESCRIPTION = """\
Validate a graph with pyshacl against ontology/shapes.ttl, with
ontology/kg.ttl mixed in so that subclasses count (a kg:Company is a
kg:Organization).

Prints one line per violation (focus node, path, message) and a summary.
Exit status: 0 when the graph conforms, 1 when it has violations,
2 when the file cannot be read.

examples:
  kg validate build/
  kg validate build/graph.ttl
  kg validate other.trig --shapes my-shapes.ttl
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "target",
        metavar="BUILD_DIR_OR_FILE",
        type=Path,
        help="a build folder (its graph.ttl is read) or an RDF file (ttl, nt, trig, jsonld…)",
    )
    parser.add_argument(
        "--shapes",
        type=Path,
        default=None,
        help="SHACL shapes file to use instead of the packaged ontology/shapes.ttl",
    )
    parser.add_argument(
        "--inference",
        choices=["none", "rdfs", "owlrl", "both"],
        default="none",
        help="reasoning before validation (default: none; subclasses count without it)",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="print at most N violations (the summary still counts all)",
    )


def run(args: argparse.Namespace) -> int:
    # Imported here so `kg --help` does not pay for pyshacl.
    from kg.graph.validate import read_graph, validate_graph

    shapes = read_graph(args.shapes) if args.shapes is not None else None
    result = validate_graph(read_graph(args.target), shapes=shapes, inference=args.inference)
    shown = result.violations if args.limit is None else result.violations[: args.limit]
    for violation in shown:
        print(violation)
    if len(shown) < len(result.violations):
        print(f"… {len(result.violations) - len(shown)} more")
    print(result.summary(), file=sys.stdout)
    return 0 if result.conforms else 1
