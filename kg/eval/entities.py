"""Entity extraction scored against a gold JSONL file: ``kg eval``.

Gold records look like ``/work/shared/data/README.md``:
``{"id", "text", "entities": [{"start", "end", "type", "text"}]}``.
Each record's text is one sentence.

Types: ``--map`` turns dataset tags into kg classes (``-`` drops a tag).  A
prediction is compared under the class the gold side uses: a predicted
GovernmentOrganization, Company or University counts as Organization when
the gold data has Organization but not the subclass.  Predicted classes the
gold data does not label at all (Project, say) are not scored, because the
data cannot say whether they are right.  Anaphors (该区, 本市;
``Mention.kind``) are not scored: they are references for the resolver, and
gold data labels names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.eval.analyses import entity_mentions
from kg.eval.gold import GoldRecord, iter_gold
from kg.eval.metrics import Scores, Span, score_spans
from kg.types import ORGANIZATION_TYPES, Mention, Sentence

__all__ = [
    "DEFAULT_MAP",
    "GoldRecord",
    "EvalResult",
    "read_gold",
    "gold_spans",
    "predicted_spans",
    "evaluate",
]

#: Tags of the news datasets, and kg's own class names, map to themselves.
DEFAULT_MAP: dict[str, str | None] = {"PER": "Person", "LOC": "Place", "ORG": "Organization"}


@dataclass(frozen=True)
class EvalResult:
    scores: Scores
    chars: int
    seconds: float

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.seconds if self.seconds > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "micro": self.scores.micro.to_json(),
            "per_type": {t: s.to_json() for t, s in self.scores.per_type.items()},
            "chars_per_s": round(self.chars_per_s, 1),
            "chars": self.chars,
            "seconds": round(self.seconds, 3),
        }


def read_gold(path: Path) -> list[GoldRecord]:
    """Read a gold JSONL file; every line needs ``text`` (``entities`` may be empty).

    A record without an ``id`` is named by its line number.  See
    :func:`kg.eval.gold.iter_gold`, which raises :class:`~kg.errors.InputError`
    for a file that cannot be read or a bad line.
    """
    return list(iter_gold(path))


def gold_spans(record: GoldRecord, mapping: dict[str, str | None]) -> list[Span]:
    out: list[Span] = []
    for ent in record.entities:
        kg_type = mapping.get(ent["type"], ent["type"] if ent["type"] in _KG_TYPES else None)
        if kg_type:
            out.append((int(ent["start"]), int(ent["end"]), kg_type))
    return out


_KG_TYPES = frozenset({"Person", "Place", "Project", "Event", *ORGANIZATION_TYPES})


def predicted_spans(mentions: Iterable[Mention], target_types: frozenset[str]) -> list[Span]:
    """Predicted spans under the gold side's classes (see the module docstring).

    Examples
    --------
    >>> ms = [Mention(0, 4, "University", "宁波大学"), Mention(5, 9, "Project", "某某项目")]
    >>> predicted_spans(ms, frozenset({"Organization", "Person"}))
    [(0, 4, 'Organization')]
    """
    out: list[Span] = []
    for m in mentions:
        if m.kind == "anaphor":
            # 该区, 本市: a reference the resolver maps to a name; gold data labels names.
            continue
        kg_type = m.type
        if kg_type not in target_types:
            if kg_type in ORGANIZATION_TYPES and "Organization" in target_types:
                kg_type = "Organization"
            else:
                continue
        out.append((m.start, m.end, kg_type))
    return out


def evaluate(
    records: Sequence[GoldRecord],
    extractors: Sequence[str] | None = None,
    mapping: dict[str, str | None] | None = None,
) -> EvalResult:
    """Run the extractors on every record's text and score exact spans."""
    mapping = mapping if mapping is not None else dict(DEFAULT_MAP)
    targets = frozenset(t for t in mapping.values() if t)
    gold = [gold_spans(r, mapping) for r in records]
    if not targets:
        targets = frozenset(t for spans in gold for _, _, t in spans)
    sentences = [Sentence(r.id, 0, 0, len(r.text), r.text) for r in records]
    found, seconds = entity_mentions(sentences, extractors)
    pred = [predicted_spans(ms, targets) for ms in found]
    return EvalResult(score_spans(gold, pred), sum(len(r.text) for r in records), seconds)
