"""Exact-span scoring arithmetic on a tiny gold file written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.eval.entities import gold_spans, predicted_spans, read_gold
from kg.eval.mapping import parse_map
from kg.eval.metrics import Score, score_spans
from kg.types import Mention


def test_score_arithmetic() -> None:
    gold = [[(0, 2, "Person"), (3, 5, "Place")], [(0, 4, "Organization")]]
    pred = [[(0, 2, "Person"), (3, 6, "Place")], [(0, 4, "Organization"), (5, 7, "Person")]]
    s = score_spans(gold, pred)
    assert (s.micro.tp, s.micro.fp, s.micro.fn) == (2, 2, 1)
    assert s.micro.p == pytest.approx(0.5)
    assert s.micro.r == pytest.approx(2 / 3)
    assert s.micro.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert s.per_type["Person"].p == pytest.approx(0.5)
    assert s.per_type["Place"].f1 == 0.0


def test_empty_scores_are_zero_not_errors() -> None:
    s = score_spans([[]], [[]])
    assert (s.micro.p, s.micro.r, s.micro.f1) == (0.0, 0.0, 0.0)


def test_map_parsing_and_dropping() -> None:
    assert parse_map("name:Person,position:-") == {"name": "Person", "position": None}
    with pytest.raises(KGError):
        parse_map("name")


def test_subclasses_count_as_organization(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    rec = {
        "id": "x",
        "text": "宁波大学和宁波市商务局",
        "entities": [
            {"start": 0, "end": 4, "type": "ORG", "text": "宁波大学"},
            {"start": 5, "end": 11, "type": "ORG", "text": "宁波市商务局"},
        ],
    }
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    [record] = read_gold(path)
    mapping = parse_map("ORG:Organization")
    gold = gold_spans(record, mapping)
    pred = predicted_spans(
        [
            Mention(0, 4, "University", "宁波大学"),
            Mention(5, 11, "GovernmentOrganization", "宁波市商务局"),
            Mention(5, 7, "Project", "宁波"),
        ],
        frozenset({"Organization"}),
    )
    assert sorted(pred) == sorted(gold)


def test_bad_gold_line_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1}\n', encoding="utf-8")
    with pytest.raises(KGError, match="line 1"):
        read_gold(path)


def test_score_adds_up_and_speaks_both_vocabularies() -> None:
    s = Score(tp=2, fp=1, fn=0) + Score(tp=1, fp=0, fn=3)
    assert (s.tp, s.fp, s.fn) == (3, 1, 3)
    assert (s.gold, s.predicted, s.correct) == (6, 4, 3)
    assert (s.precision, s.recall) == (s.p, s.r) == (0.75, 0.5)
    assert s.f1 == pytest.approx(0.6)


def test_relation_scoring_uses_the_same_counts() -> None:
    from kg.eval import relations

    table: dict[str, Score] = {}
    gold = {("王五", "worksFor", "星河集团")}
    relations._score(table, gold, {("王五", "worksFor", "星河集团"), ("赵六", "worksFor", "某厂")}, False)
    assert table["ALL"] == Score(tp=1, fp=1, fn=0)
