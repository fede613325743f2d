"""Exact-span precision, recall and F1, per type and micro-averaged."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Span", "Score", "Scores", "score_spans"]

#: ``(start, end, type)`` of one entity in one record.
Span = tuple[int, int, str]


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "p": round(self.p, 4),
            "r": round(self.r, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True)
class Scores:
    micro: Score
    per_type: dict[str, Score]


def score_spans(gold: Iterable[Iterable[Span]], pred: Iterable[Iterable[Span]]) -> Scores:
    """Compare gold and predicted spans record by record (exact start, end and type).

    Examples
    --------
    >>> gold = [[(0, 2, "Person"), (3, 5, "Place")]]
    >>> s = score_spans(gold, [[(0, 2, "Person"), (3, 4, "Place")]])
    >>> s.micro.tp, s.micro.fp, s.micro.fn, round(s.micro.f1, 2)
    (1, 1, 1, 0.5)
    >>> s.per_type["Place"].f1
    0.0
    """
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g_rec, p_rec in zip(gold, pred, strict=True):
        g, p = set(g_rec), set(p_rec)
        for span in g & p:
            tp[span[2]] += 1
        for span in p - g:
            fp[span[2]] += 1
        for span in g - p:
            fn[span[2]] += 1
    types = sorted(set(tp) | set(fp) | set(fn))
    per_type = {t: Score(tp[t], fp[t], fn[t]) for t in types}
    micro = Score(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return Scores(micro, per_type)
