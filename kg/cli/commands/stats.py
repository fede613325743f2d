"""kg stats: what is in a build's graph, and which entities matter."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

NAME = "stats"
HELP = "counts, central entities, communities and components of a build's graph"
DESCRIPTION = """\
Summarise the graph in BUILD (a folder written by `kg build`):
  counts        entities per class, relations per type.  Two counts per
                class: entities whose most specific class it is, and
                entities of the class or any subclass (a Company is also an
                Organization), which is what report.json's "classes" counts
  top entities  by degree, PageRank and betweenness
  communities   Louvain (fixed seed), each with its most central members
  components    connected components, and isolated entities (entities with
                no relation: often a relation the extractor missed)

Examples:
  kg stats build/
  kg stats build/ --format json --top 5 > stats.json
  kg stats build/ --cooccurrence       # co-occurrence edges count as connections
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("build", type=Path, metavar="BUILD", help="a build folder")
    parser.add_argument(
        "--format", choices=["table", "json"], default="table", help="output (default: table)"
    )
    parser.add_argument(
        "--top",
        type=int,
        default=10,
        help="entries per ranking, community and isolated list (default: %(default)s)",
    )
    parser.add_argument(
        "--cooccurrence",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="count entities named in one sentence together as connected "
        "(kg:coOccursWith, listed apart from the relations; default: off)",
    )


def _table(summary: dict[str, Any]) -> str:
    counts = summary["counts"]
    head = f"实体 entities: {counts['entities']}    关系 relations: {counts['relations']}"
    if counts["cooccurrences"]:
        head += f"    共现 co-occurrences: {counts['cooccurrences']}"
    lines = [head, ""]
    lines.append(
        "按类别 by class: 最具体类别 most specific · 含子类 with subclasses (= report.json)"
    )
    lines += [
        f"  {c['count']:>6}  {c['with_subclasses']:>6}  {c['label']} ({c['class']})"
        for c in counts["classes"]
    ]
    lines.append("")
    lines.append("按关系 by relation")
    lines += [
        f"  {r['count']:>6}  {r['label']} ({r['relation']})" for r in counts["relation_types"]
    ]
    titles = {
        "degree": "度中心性 degree",
        "pagerank": "PageRank",
        "betweenness": "介数 betweenness",
    }
    if summary["top"]["betweenness_pivots"]:
        titles["betweenness"] += f" (estimated from {summary['top']['betweenness_pivots']} pivots)"
    for key, title in titles.items():
        lines += ["", f"前列实体 top by {title}"]
        lines += [
            f"  {i:>3}. {r['score']:.4f}  {r['label']}"
            for i, r in enumerate(summary["top"][key], start=1)
        ]
    communities = summary["communities"]
    lines += ["", f"社区 communities: {communities['count']}"]
    for i, c in enumerate(communities["listed"], start=1):
        names = "、".join(m["label"] for m in c["members"])
        lines.append(f"  {i:>3}. ({c['size']}) {names}")
    parts = summary["components"]
    sizes = ", ".join(map(str, parts["sizes"][:10])) + (" …" if len(parts["sizes"]) > 10 else "")
    lines += ["", f"连通分量 components: {parts['count']}  (sizes ≥2: {sizes or '-'})"]
    total = parts["isolated_count"]
    lines.append(f"孤立实体 isolated entities (likely extraction misses): {total}")
    lines += [f"  {e['label']} ({e['class']})" for e in parts["isolated"]]
    if total > len(parts["isolated"]):
        lines.append(f"  … {total - len(parts['isolated'])} more (kg stats --format json --top N)")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from kg.analytics._io import load_build_graph
    from kg.analytics.networkx_bridge import to_networkx
    from kg.analytics.summary import summarise
    from kg.errors import KGError

    if args.top < 1:
        raise KGError(f"--top must be at least 1, not {args.top}")
    graph = to_networkx(load_build_graph(args.build), cooccurrence=args.cooccurrence)
    summary = summarise(graph, top=args.top)
    # --top bounds the isolated list too: a news build has thousands.
    parts = summary["components"]
    parts["isolated_count"] = len(parts["isolated"])
    parts["isolated"] = parts["isolated"][: args.top]
    if args.format == "json":
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(_table(summary))
    return 0
