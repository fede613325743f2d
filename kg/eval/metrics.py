"""Precision, recall and F1: the counts behind them, and exact-span scoring per type."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Span", "Score", "Scores", "f1_of", "ratio", "score_spans"]

#: ``(start, end, type)`` of one entity in one record.
Span = tuple[int, int, str]


def ratio(part: int, whole: int) -> float:
    """``part / whole``, 0 when ``whole`` is 0 (a measure over nothing).

    >>> ratio(3, 4), ratio(0, 0)
    (0.75, 0.0)
    """
    return part / whole if whole else 0.0


def f1_of(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall (0 when both are 0).

    >>> f1_of(0.5, 1.0)
    0.6666666666666666
    """
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class Score:
    """True positives, false positives and false negatives, and P/R/F1 from them.

    Entity scoring speaks of ``tp``/``fp``/``fn`` and ``p``/``r``; relation
    scoring of ``gold``/``predicted``/``correct`` and ``precision``/``recall``.
    Both read the same counts.  Scores add up: ``a + b`` sums the counts.

    Examples
    --------
    >>> s = Score(tp=1, fp=2, fn=0) + Score(tp=1, fp=0, fn=1)
    >>> s.gold, s.predicted, s.correct, s.precision, round(s.f1, 4)
    (3, 4, 2, 0.5, 0.5714)
    """

    tp: int
    fp: int
    fn: int

    @property
    def gold(self) -> int:
        """Gold items: ``tp + fn``."""
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        """Predicted items: ``tp + fp``."""
        return self.tp + self.fp

    @property
    def correct(self) -> int:
        """Predicted items that are right: ``tp``."""
        return self.tp

    @property
    def p(self) -> float:
        """Precision, ``tp / (tp + fp)`` (0 when undefined)."""
        return ratio(self.tp, self.tp + self.fp)

    @property
    def r(self) -> float:
        """Recall, ``tp / (tp + fn)`` (0 when undefined)."""
        return ratio(self.tp, self.tp + self.fn)

    @property
    def precision(self) -> float:
        """The same as :attr:`p`."""
        return self.p

    @property
    def recall(self) -> float:
        """The same as :attr:`r`."""
        return self.r

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0 when undefined)."""
        return f1_of(self.p, self.r)

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_json(self) -> dict[str, float | int]:
        """Rounded ``p``, ``r``, ``f1`` and the counts ``tp``, ``fp``, ``fn``."""
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
