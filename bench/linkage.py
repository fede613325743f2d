"""How connected is a build?  The share of entities with a typed relation, and
with any edge once the co-occurrence layer counts.

    python bench/linkage.py BUILD [--json out.json]
    python bench/linkage.py BUILD --corpus news_2018.jsonl.gz --limit 300

With ``--corpus``, the first ``--limit`` lines of the (gzipped) JSONL corpus
are written to ``BUILD-input/`` and built into BUILD with ``kg build`` first.

Entities are the nodes of :func:`kg.analytics.networkx_bridge.to_networkx`
(every node of a kg entity class, byline people included).  An entity has a
typed relation when it is an end of an entity-to-entity ``kg:`` relation
(worksFor, cooperatesWith, … ; memberships count through their worksFor);
a literal-valued fact (an award's name) is not an edge.  "Any edge" adds the
``kg:coOccursWith`` layer.  Issue 14's targets: typed >= 30 %, any >= 75 %.

Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from kg.analytics._io import load_build_graph
from kg.analytics.networkx_bridge import to_networkx


def _build(corpus: Path, limit: int, out: Path) -> None:
    """Build the first ``limit`` lines of ``corpus`` into ``out``."""
    src = out.with_name(out.name + "-input")
    src.mkdir(parents=True, exist_ok=True)
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as lines, open(
        src / f"{corpus.name.split('.')[0]}_{limit}.jsonl", "w", encoding="utf-8"
    ) as sink:
        sink.writelines(itertools.islice(lines, limit))
    subprocess.run(["kg", "build", str(src), "--out", str(out), "-q"], check=True)


def linkage(build: Path) -> dict[str, Any]:
    """The linkage figures of a build folder."""
    g = to_networkx(load_build_graph(build), cooccurrence=True)
    typed: set[str] = set()
    anything: set[str] = set()
    kinds: Counter[str] = Counter()
    for u, v, key, together in g.edges(keys=True, data="cooccurrence"):
        anything.update((u, v))
        if not together:
            typed.update((u, v))
            kinds[str(key)] += 1
    n = g.number_of_nodes()
    pairs = sum(1 for *_, t in g.edges(data="cooccurrence") if t)
    weights = [w for *_, w in g.edges(data="weight") if w]
    by_class: dict[str, list[int]] = {}
    for node, cls in g.nodes(data="type"):
        row = by_class.setdefault(str(cls), [0, 0, 0])
        row[0] += 1
        row[1] += node in typed
        row[2] += node in anything
    return {
        "entities": n,
        "typed_edges": sum(kinds.values()),
        "typed_by_relation": dict(sorted(kinds.items())),
        "cooccurrence_pairs": pairs,
        "cooccurrence_sentences": sum(weights),
        "with_typed_relation": len(typed),
        "with_any_edge": len(anything),
        "share_typed": round(len(typed) / n, 4) if n else 0.0,
        "share_any": round(len(anything) / n, 4) if n else 0.0,
        "by_class": {c: {"entities": r[0], "typed": r[1], "any": r[2]}
                     for c, r in sorted(by_class.items())},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("build", type=Path, help="a build folder (written by kg build)")
    ap.add_argument("--corpus", type=Path, help="build the first --limit lines of this first")
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    if args.corpus is not None:
        _build(args.corpus, args.limit, args.build)
    figures = linkage(args.build)
    print(f"entities: {figures['entities']}")
    print(f"typed edges: {figures['typed_edges']}  {figures['typed_by_relation']}")
    print(f"co-occurrence pairs: {figures['cooccurrence_pairs']} "
          f"(over {figures['cooccurrence_sentences']} pair-sentences)")
    print(f"entities with a typed relation: {figures['with_typed_relation']} "
          f"({100 * figures['share_typed']:.1f}%)")
    print(f"entities with any edge (co-occurrence included): {figures['with_any_edge']} "
          f"({100 * figures['share_any']:.1f}%)")
    for cls, row in figures["by_class"].items():
        print(f"  {cls:<24} {row['entities']:>6}  typed {row['typed']:>5}  any {row['any']:>5}")
    if args.json is not None:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
