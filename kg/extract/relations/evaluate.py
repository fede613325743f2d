"""Relation extraction measured against gold triples (DuIE-style JSON Lines).

Each gold record is ``{"id", "text", "relations": [{"head", "head_type",
"relation", "tail", "tail_type"}]}``.  Gold relation names are mapped to kg's
(``董事长 -> worksFor``) and turned round where the gold direction differs
from kg's: DuIE writes ``(企业, 董事长, 人物)`` where kg says
``person worksFor company``, so a mapped triple whose head is typed 人物
where kg expects an organisation (or the other way) is flipped.

DuIE annotates only some posts (董事长, 总经理): a ``worksFor`` prediction is
scored only when its role is one of the mapped gold names that are titles,
unless ``all_roles`` is set (or no mapped name is a title).

A prediction is correct when its ``(head text, relation, tail text)`` equals a
gold triple (strict); the relaxed score also accepts a head or tail that
contains, or is contained in, the gold text.

Examples
--------
>>> parse_mapping("董事长:worksFor,毕业院校:alumniOf")
{'董事长': 'worksFor', '毕业院校': 'alumniOf'}
>>> orient("worksFor", "某集团", "企业", "王五", "人物")
('王五', '某集团')
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.batching import batched
from kg.errors import KGError
from kg.eval.metrics import Score
from kg.extract.entities import merge_mentions
from kg.types import Mention, Sentence

__all__ = [
    "DEFAULT_MAPPING",
    "Triple",
    "Scores",
    "Report",
    "GOLD_TYPES",
    "GoldRecord",
    "parse_mapping",
    "orient",
    "read_gold",
    "role_filter",
    "evaluate",
]

DEFAULT_MAPPING: dict[str, str] = {
    "董事长": "worksFor",
    "总经理": "worksFor",
    "职务": "worksFor",
    "毕业院校": "alumniOf",
    "总部地点": "locatedIn",
    "所在城市": "locatedIn",
    "创始人": "founder",
}

#: For each kg relation: is its head a person?  (founder's head is the organisation.)
_HEAD_IS_PERSON = {"worksFor": True, "alumniOf": True, "residesIn": True, "founder": False}
_PERSON_TYPES = frozenset({"人物", "Person", "PER", "NAME"})

Triple = tuple[str, str, str]


def parse_mapping(text: str) -> dict[str, str]:
    """Parse ``GOLD:ours,GOLD2:ours2``.

    Raises
    ------
    KGError
        On an item without a colon.
    """
    out: dict[str, str] = {}
    for item in filter(None, (p.strip() for p in text.split(","))):
        gold, sep, ours = item.partition(":")
        if not sep or not gold or not ours:
            raise KGError(f"--map: expected GOLD:relation, got {item!r}")
        out[gold.strip()] = ours.strip()
    return out


def orient(relation: str, head: str, head_type: str, tail: str, tail_type: str) -> tuple[str, str]:
    """``(head, tail)`` in kg's direction for ``relation``."""
    wants_person = _HEAD_IS_PERSON.get(relation)
    if wants_person is None:
        return head, tail
    head_person, tail_person = head_type in _PERSON_TYPES, tail_type in _PERSON_TYPES
    if wants_person and not head_person and tail_person:
        return tail, head
    if not wants_person and head_person and not tail_person:
        return tail, head
    return head, tail


#: Gold entity types (DuIE and the NER sets) -> kg types, for ``gold_entities``.
GOLD_TYPES: dict[str, str] = {
    "人物": "Person", "企业": "Company", "学校": "University", "机构": "Organization",
    "地点": "Place", "城市": "Place", "国家": "Place", "景点": "Place", "行政区": "Place",
    "PER": "Person", "ORG": "Organization", "LOC": "Place",
}


@dataclass
class GoldRecord:
    """One gold sentence: its mapped triples and its entity spans."""

    id: str
    text: str
    triples: set[Triple]
    mentions: list[Mention] = field(default_factory=list)


def read_gold(path: Path, mapping: dict[str, str]) -> Iterator[GoldRecord]:
    """Gold records with their mapped, oriented triples.

    Raises
    ------
    KGError
        When the file cannot be read or a line is not a JSON record with text.
    """
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise KGError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                text = str(data["text"])
                rels: list[dict[str, Any]] = list(data.get("relations") or [])
            except (ValueError, KeyError, TypeError) as exc:
                raise KGError(f"{path}:{n}: not a gold record: {exc}") from None
            mentions = [
                Mention(int(e["start"]), int(e["end"]), GOLD_TYPES[str(e["type"])],
                        str(e["text"]), 2.0, "gold")
                for e in data.get("entities") or []
                if str(e.get("type")) in GOLD_TYPES
                and text[int(e["start"]) : int(e["end"])] == e.get("text")
            ]
            triples: set[Triple] = set()
            for r in rels:
                ours = mapping.get(str(r.get("relation")))
                if ours is None:
                    continue
                h, t = orient(ours, str(r["head"]), str(r.get("head_type", "")),
                              str(r["tail"]), str(r.get("tail_type", "")))
                triples.add((h, ours, t))
            yield GoldRecord(str(data.get("id", n)), text, triples, mentions)


#: The former name of this module's counts, now :class:`kg.eval.metrics.Score`.
Scores = Score


def _score_json(score: Score) -> dict[str, float | int]:
    """Counts and rounded measures, as ``kg eval-relations --json`` writes them."""
    return {
        "gold": score.gold,
        "predicted": score.predicted,
        "correct": score.correct,
        "precision": round(score.precision, 4),
        "recall": round(score.recall, 4),
        "f1": round(score.f1, 4),
    }


@dataclass
class Report:
    """Strict and relaxed scores per relation, per-rule counts, error samples."""

    records: int = 0
    entity_extractors: list[str] = field(default_factory=list)
    strict: dict[str, Score] = field(default_factory=dict)
    relaxed: dict[str, Score] = field(default_factory=dict)
    rules: Counter[str] = field(default_factory=Counter)
    rules_correct: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Everything but the error samples, for ``--json``."""
        return {
            "records": self.records,
            "entity_extractors": self.entity_extractors,
            "strict": {k: _score_json(v) for k, v in sorted(self.strict.items())},
            "relaxed": {k: _score_json(v) for k, v in sorted(self.relaxed.items())},
            "rules": {k: {"predicted": v, "correct": self.rules_correct[k]}
                      for k, v in self.rules.most_common()},
        }


def role_filter(mapping: dict[str, str]) -> set[str]:
    """Gold names mapped to ``worksFor`` that are post titles (董事长, 总经理).

    Examples
    --------
    >>> sorted(role_filter({"董事长": "worksFor", "职务": "worksFor", "创始人": "founder"}))
    ['董事长']
    """
    from kg.extract.relations.patterns import load_pattern_set

    titles = load_pattern_set().titles.by_text
    return {g for g, ours in mapping.items() if ours == "worksFor" and g in titles}


def _loose(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)


def _score(
    table: dict[str, Score], gold: set[Triple], pred: set[Triple], relaxed: bool
) -> set[Triple]:
    """Add one record to ``table``; return the predictions that were correct."""
    hits: set[Triple] = set()
    matched: set[Triple] = set()
    for p in pred:
        for g in gold:
            if g in matched or g[1] != p[1]:
                continue
            ok = g == p if not relaxed else _loose(g[0], p[0]) and _loose(g[2], p[2])
            if ok:
                hits.add(p)
                matched.add(g)
                break
    # Each hit is matched to its own gold triple, so correct <= gold and <= predicted.
    for rel in {t[1] for t in gold | pred} | {"ALL"}:
        n_gold = sum(1 for g in gold if rel in ("ALL", g[1]))
        n_pred = sum(1 for p in pred if rel in ("ALL", p[1]))
        n_correct = sum(1 for h in hits if rel in ("ALL", h[1]))
        counts = Score(tp=n_correct, fp=n_pred - n_correct, fn=n_gold - n_correct)
        table[rel] = table.get(rel, Score(0, 0, 0)) + counts
    return hits


def evaluate(
    records: Iterable[GoldRecord],
    entity_names: Sequence[str],
    relation_names: Sequence[str],
    mapping: dict[str, str],
    only_labelled: bool = False,
    keep_errors: int = 0,
    all_roles: bool = False,
    gold_entities: bool = False,
) -> Report:
    """Run entity and relation extraction on each gold text and score the triples.

    Only relations that the mapping targets are scored; with ``only_labelled``
    only records with at least one mapped gold triple are used (DuIE labels a
    sentence's triples of its own schema, so other sentences can hold true
    relations it never marked).  With ``gold_entities`` the gold entity spans
    replace overlapping predicted mentions, which measures the patterns apart
    from entity recognition errors.
    """
    targets = set(mapping.values())
    roles = role_filter(mapping) if not all_roles else set()
    from kg.config import load_config
    from kg.pipeline.stages import load_pipeline

    pipeline = load_pipeline(
        load_config(None, entity_extractors=list(entity_names),
                    relation_extractors=list(relation_names))
    )
    report = Report(entity_extractors=list(entity_names))
    wanted = (r for r in records if r.triples or not only_labelled)
    for batch in batched(wanted, 64):
        sentences = [Sentence(r.id, 0, 0, len(r.text), r.text) for r in batch]
        for record, sentence, mentions in zip(
            batch, sentences, pipeline.entities(sentences), strict=True
        ):
            report.records += 1
            if gold_entities:
                # the gold spans, and predicted mentions only where no gold span is
                # (anaphors, places the gold leaves out): the patterns without NER errors
                gold = record.mentions
                mentions = merge_mentions([
                    *gold,
                    *(m for m in mentions
                      if all(m.end <= g.start or m.start >= g.end for g in gold)),
                ])
            cands = [
                c for c in pipeline.relations([sentence], [mentions])[0]
                if c.relation in targets and c.tail is not None and c.head.text
                and not (roles and c.relation == "worksFor" and c.role not in roles)
            ]
            pred = {(c.head.text, c.relation, c.tail.text) for c in cands if c.tail}
            rule_of = {(c.head.text, c.relation, c.tail.text): c.rule for c in cands if c.tail}
            hits = _score(report.strict, record.triples, pred, relaxed=False)
            _score(report.relaxed, record.triples, pred, relaxed=True)
            for p in pred:
                report.rules[rule_of[p]] += 1
                if p in hits:
                    report.rules_correct[rule_of[p]] += 1
            if len(report.errors) < keep_errors and pred != record.triples:
                report.errors.append({
                    "id": record.id,
                    "text": record.text,
                    "missed": sorted(record.triples - hits),
                    "wrong": sorted(pred - hits),
                })
    return report
