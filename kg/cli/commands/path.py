"""kg path: how two entities are connected, step by step, with sources."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "path"
HELP = "shortest relation paths between two entities, each step with its source"
DESCRIPTION = """\
Find the shortest chains of relations joining the entities named A and B
(a name or an alias; if none matches exactly, names containing it) in the
graph in BUILD.  Direction is ignored when searching; each step shows which
way its relation points and the sentence it was extracted from.

Examples:
  kg path build/ 李明 洛阳市
  kg path build/ 区商务局 天工管道 --max 4
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("build", type=Path, metavar="BUILD", help="a build folder")
    parser.add_argument("source", metavar="A", help="name or alias of the first entity")
    parser.add_argument("target", metavar="B", help="name or alias of the second entity")
    parser.add_argument(
        "--max", type=int, default=3, dest="max_hops", help="longest path in relations (default: 3)"
    )
    parser.add_argument("--limit", type=int, default=10, help="most paths shown (default: 10)")


def run(args: argparse.Namespace) -> int:
    from kg.analytics._io import load_build_graph
    from kg.analytics.networkx_bridge import to_networkx
    from kg.analytics.paths import find_paths

    graph = to_networkx(load_build_graph(args.build))
    found = find_paths(graph, args.source, args.target, max_hops=args.max_hops, limit=args.limit)
    if not found.paths:
        print(
            f"no path of at most {args.max_hops} relations between {args.source} and {args.target}"
        )
        return 1
    for number, path in enumerate(found.paths, start=1):
        print(f"{number}. " + " — ".join(path.labels))
        for step in path.steps:
            for rel in step.relations:
                print(f"   {rel.subject_label} —{rel.label}→ {rel.object_label}")
                for sentence in rel.evidence[:1]:
                    print(f"      「{sentence}」")
                if not rel.evidence:
                    print("      (no source sentence recorded)")
    return 0
