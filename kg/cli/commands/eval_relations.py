"""kg eval-relations: P/R/F1 of relation extraction on gold triples."""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from kg.eval.metrics import Score

NAME = "eval-relations"
HELP = "score relation extraction against gold (head, relation, tail) triples"
DESCRIPTION = """\
Runs entity extraction and the relation extractors on each gold text
(DuIE-style JSON Lines: text + relations with head/head_type/relation/tail/
tail_type) and prints precision, recall and F1 per relation on
(head text, relation, tail text) after mapping gold relation names to kg's.
Gold triples are turned round where their direction differs from kg's
(DuIE's 企业 董事长 人物 is kg's person worksFor company).  Because DuIE
annotates only some posts, worksFor predictions count only when their role is
a mapped gold name that is a title (董事长, 总经理) unless --all-roles.

example:
  kg eval-relations ../shared/data/re/duie2_train.jsonl --json re.json
"""

_DEFAULT_MAP = (
    "董事长:worksFor,总经理:worksFor,职务:worksFor,毕业院校:alumniOf,"
    "总部地点:locatedIn,所在城市:locatedIn,创始人:founder"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument("gold", type=Path, help="gold JSON Lines file")
    parser.add_argument(
        "--map", default=_DEFAULT_MAP, metavar="GOLD:REL,...",
        help="gold relation -> kg relation (default: %(default)s)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    from kg.config import DEFAULT_ENTITY_EXTRACTORS, DEFAULT_RELATION_EXTRACTORS

    parser.add_argument(
        "--entities", metavar="NAMES",
        help="comma-separated entity extractors (default: kg.config's, "
             f"{','.join(DEFAULT_ENTITY_EXTRACTORS)})",
    )
    parser.add_argument(
        "--relations", default=None, metavar="NAMES",
        help="comma-separated relation extractors (default: kg.config's, "
             f"{','.join(DEFAULT_RELATION_EXTRACTORS)})",
    )
    parser.add_argument("--limit", type=int, help="score only the first N records")
    parser.add_argument(
        "--only-labelled", action="store_true",
        help="score only records with at least one mapped gold triple",
    )
    parser.add_argument(
        "--all-roles", action="store_true",
        help="score every worksFor, not only those whose role is a mapped gold title",
    )
    parser.add_argument(
        "--gold-entities", action="store_true",
        help="use the gold entity spans (over the tagger's): measures the patterns alone",
    )
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print the first N records with errors")


def _row(name: str, s: Score) -> str:
    return (f"{name:<14}{s.gold:>7}{s.predicted:>7}{s.correct:>7}"
            f"{100 * s.precision:>8.1f}{100 * s.recall:>8.1f}{100 * s.f1:>8.1f}")


def run(args: argparse.Namespace) -> int:
    """Score, print the tables, write ``--json``; 0 on success."""
    from kg.config import DEFAULT_ENTITY_EXTRACTORS, DEFAULT_RELATION_EXTRACTORS
    from kg.eval.mapping import parse_map
    from kg.eval.relations import evaluate, read_gold

    mapping = parse_map(args.map, pair="GOLD:relation")
    entities = args.entities.split(",") if args.entities else list(DEFAULT_ENTITY_EXTRACTORS)
    relations = (
        args.relations.split(",") if args.relations else list(DEFAULT_RELATION_EXTRACTORS)
    )
    records = read_gold(args.gold, mapping)
    if args.limit is not None:
        records = itertools.islice(records, args.limit)
    report = evaluate(records, entities, relations, mapping,
                      only_labelled=args.only_labelled, keep_errors=args.errors,
                      all_roles=args.all_roles, gold_entities=args.gold_entities)
    used = ",".join(entities) + (" + gold spans" if args.gold_entities else "")
    print(f"{args.gold}: {report.records} records; entities: {used}; "
          f"relations: {','.join(relations)}")
    header = f"{'relation':<14}{'gold':>7}{'pred':>7}{'ok':>7}{'P':>8}{'R':>8}{'F1':>8}"
    for title, table in (("strict", report.strict), ("relaxed", report.relaxed)):
        print(f"\n{title} (exact head/tail text)" if title == "strict"
              else f"\n{title} (head/tail text overlaps)")
        print(header)
        for rel in sorted(k for k in table if k != "ALL"):
            print(_row(rel, table[rel]))
        if "ALL" in table:
            print(_row("micro", table["ALL"]))
    if report.rules:
        print("\nrules: predicted / correct (strict)")
        for rule, n in report.rules.most_common():
            print(f"  {rule:<24}{n:>6}{report.rules_correct[rule]:>6}")
    for err in report.errors:
        print(f"\n{err['id']}: {err['text']}\n  missed: {err['missed']}\n  wrong:  {err['wrong']}")
    if args.json:
        try:
            args.json.write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=2),
                                 encoding="utf-8")
        except OSError as exc:
            from kg.errors import KGError

            raise KGError(f"{args.json}: cannot write: {exc.strerror or exc}") from None
    return 0
