"""kg viz: write an interactive network of a build's graph as one HTML file."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "viz"
HELP = "write an offline, interactive network view (HTML) of a build's graph"
DESCRIPTION = """\
Write one self-contained HTML file (vis-network inlined, no request to any
host, UTF-8, CJK fonts) showing the graph in BUILD: colour and shape by class
with a legend that filters classes, node size by the number of entities a
node is tied to (either direction), Chinese relation labels, co-occurrence
(entities named in one sentence) as faint dashed edges that a control hides,
tooltips with aliases, posts and source sentences, and a search box that
lists every match with its class and a post or place.  The page opens on the connected part of
the graph; a control shows the isolated entities and says how many there
are.  The title names the build and its counts.  Graphs above 300 nodes
(style.toml: physics_threshold) are laid out in Python and drawn with physics
off, so 5,000 nodes open in seconds.

Examples:
  kg viz build/
  kg viz build/ --focus 东湖区商务局 --hops 2 --out bureau.html
  kg viz build/ --types Person,GovernmentOrganization --max-nodes 300
  kg viz build/ --no-cooccurrence      # typed relations only
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("build", type=Path, metavar="BUILD", help="a build folder")
    parser.add_argument("--focus", metavar="NAME", help="only entities near this name or alias")
    parser.add_argument(
        "--hops", type=int, default=1, help="relations away from --focus to show (default: 1)"
    )
    parser.add_argument(
        "--types", metavar="CLASSES", help="comma-separated classes to show, e.g. Person,Project"
    )
    parser.add_argument(
        "--max-nodes",
        type=int,
        metavar="N",
        help="keep the N best-connected entities with the edges between them",
    )
    parser.add_argument(
        "--out",
        "-o",
        type=Path,
        help="output file (default: BUILD/graph.html, or viz.html with filters)",
    )
    parser.add_argument(
        "--title", help="page title; the counts are added (default: the build folder's name)"
    )
    parser.add_argument(
        "--cooccurrence",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="draw entities named in one sentence together as faint dashed edges "
        "(not relations; default: on)",
    )


def run(args: argparse.Namespace) -> int:
    from kg.analytics._io import load_build_graph
    from kg.analytics.labels import entity_classes
    from kg.analytics.networkx_bridge import to_networkx
    from kg.errors import KGError
    from kg.viz import select_subgraph, write_html

    types = [t.strip() for t in args.types.split(",") if t.strip()] if args.types else None
    if types:
        unknown = sorted(set(types) - set(entity_classes()))
        if unknown:
            raise KGError(
                f"unknown class {', '.join(unknown)}; known: {', '.join(entity_classes())}"
            )
    if args.max_nodes is not None and args.max_nodes < 1:
        raise KGError(f"--max-nodes must be at least 1, not {args.max_nodes}")
    graph = to_networkx(load_build_graph(args.build), cooccurrence=args.cooccurrence)
    part = select_subgraph(
        graph, focus=args.focus, hops=args.hops, types=types, max_nodes=args.max_nodes
    )
    filtered = args.focus is not None or types is not None or args.max_nodes is not None
    out = args.out or args.build / ("viz.html" if filtered else "graph.html")
    name = args.build.resolve().name
    title = args.title or (f"{name} · {args.focus}" if args.focus else name)
    write_html(part, out, title=title)
    together = sum(1 for *_, flag in part.edges(data="cooccurrence") if flag)
    shown = f"{part.number_of_nodes()} entities, {part.number_of_edges() - together} relations"
    if together:
        shown += f", {together} co-occurrences"
    print(f"{out}  ({shown})")
    return 0
