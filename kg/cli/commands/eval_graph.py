"""``kg eval-graph``: a built graph graded against hand-made gold entities and relations."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError

if TYPE_CHECKING:
    from kg.eval.graph import ArticleGrade, GraphCounts

__all__ = ["NAME", "HELP", "DESCRIPTION", "add_arguments", "run"]

NAME = "eval-graph"
HELP = "grade a built graph against gold entities and relations (JSON)"
DESCRIPTION = """\
Grade the graph of BUILD (a folder written by `kg build`, or a Turtle file)
against GOLD.json: entity precision and recall (names, aliases, alt types,
optional entities), relation precision and recall (qualified posts included),
and whether people of the same name are kept apart.  Classes and properties
are recognised by local name or by their subclass / subproperty closure to
schema.org and W3C ORG terms (kg/data/eval/graph.yaml).

With --data DIR, build every DIR/NN.txt on its own (as `kg build --no-html`,
into --out) and grade it against DIR/NN_gold.json: per-article and
micro-averaged figures.

examples:
  kg eval-graph build/ gold.json
  kg eval-graph --data ../shared/data/real_dev --out /tmp/real_dev --json scores.json
"""

#: Missed and false items printed per article.
_SHOWN = {"missed_entities": 12, "false_entities": 12, "missed_relations": 10,
          "false_relations": 10}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument("build", type=Path, nargs="?", metavar="BUILD",
                        help="a build folder or graph file")
    parser.add_argument("gold", type=Path, nargs="?", metavar="GOLD.json", help="gold file")
    parser.add_argument("--data", type=Path, metavar="DIR",
                        help="build and grade every NN.txt of DIR against NN_gold.json")
    parser.add_argument("--out", type=Path, default=Path("build-eval"), metavar="DIR",
                        help="where --data builds go (default: %(default)s)")
    parser.add_argument("--only", default="", metavar="NN,...",
                        help="with --data: only these articles, e.g. 03,07")
    parser.add_argument("--ontology", type=Path, metavar="DIR",
                        help="ontology Turtle files (default: kg's own ontology)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")


def _article_lines(name: str, grade: ArticleGrade) -> list[str]:
    c = grade.counts
    apart = ("yes" if grade.same_name_apart else "no") if grade.same_name_pairs else "-"
    lines = [
        f"{name}: entities P={c.entity_precision:.3f} R={c.entity_recall:.3f}  "
        f"relations P={c.relation_precision:.3f} R={c.relation_recall:.3f}  "
        f"same-name pairs apart: {apart}"
    ]
    for key, label in (("missed_entities", "missed:"), ("false_entities", "false: "),
                       ("missed_relations", "missed relations:"),
                       ("false_relations", "false relations: ")):
        shown = getattr(grade, key)[: _SHOWN[key]]
        lines.append(f"    {label} {'; '.join(shown) or '-'}")
    return lines


def _total_line(n: int, c: GraphCounts) -> str:
    return (f"TOTAL ({n} articles): entities P={c.entity_precision:.3f} "
            f"R={c.entity_recall:.3f}  relations P={c.relation_precision:.3f} "
            f"R={c.relation_recall:.3f}")


def _write(path: Path | None, data: dict[str, Any]) -> None:
    if path is None:
        return
    try:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise KGError(f"{path}: cannot write: {exc.strerror or exc}") from None


def run(args: argparse.Namespace) -> int:
    """Grade one build, or build and grade a folder; 0 on success."""
    from kg.eval.graph import GraphCounts, build_page, gold_articles, grade_build

    if args.data is None:
        if args.build is None or args.gold is None:
            raise KGError("eval-graph: give BUILD and GOLD.json, or --data DIR")
        grade = grade_build(args.build, args.gold, args.ontology)
        print("\n".join(_article_lines(str(args.build), grade)))
        _write(args.json, grade.to_json())
        return 0
    if args.build is not None:
        raise KGError("eval-graph: give BUILD and GOLD.json, or --data DIR, not both")
    only = [part.strip() for part in args.only.split(",") if part.strip()]
    total = GraphCounts()
    articles: dict[str, Any] = {}
    for name, page, gold in gold_articles(args.data, only):
        grade = grade_build(build_page(page, args.out), gold, args.ontology)
        total += grade.counts
        articles[name] = grade.to_json()
        print("\n".join(_article_lines(name, grade)), flush=True)
    print(_total_line(len(articles), total))
    _write(args.json, {"summary": {"articles": len(articles), **total.to_json()},
                       "articles": articles})
    return 0
