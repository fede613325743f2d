"""Scoring relation extraction against gold triples, and the CLI command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main
from kg.eval.mapping import parse_map
from kg.eval.metrics import Score
from kg.eval.relations import _score, orient, read_gold, role_filter

GOLD = [
    {"id": "a", "text": "星河集团董事长王五出席会议。",
     "relations": [{"head": "星河集团", "head_type": "企业", "relation": "董事长",
                    "tail": "王五", "tail_type": "人物"},
                   {"head": "王五", "head_type": "人物", "relation": "出生地",
                    "tail": "杭州", "tail_type": "地点"}]},
    {"id": "b", "text": "赵六毕业于武汉大学。",
     "relations": [{"head": "赵六", "head_type": "人物", "relation": "毕业院校",
                    "tail": "武汉大学", "tail_type": "学校"}]},
    {"id": "c", "text": "今天天气很好。", "relations": []},
]


def _write(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def test_mapping_and_orientation(tmp_path: Path) -> None:
    mapping = parse_map("董事长:worksFor, 毕业院校:alumniOf")
    records = list(read_gold(_write(tmp_path / "g.jsonl", GOLD), mapping))
    assert [r.triples for r in records] == [
        {("王五", "worksFor", "星河集团")},  # DuIE's company-first triple turned round
        {("赵六", "alumniOf", "武汉大学")},
        set(),
    ]
    assert orient("founder", "王五", "人物", "星河集团", "企业") == ("星河集团", "王五")
    assert orient("locatedIn", "星河集团", "企业", "杭州", "地点") == ("星河集团", "杭州")
    assert role_filter(mapping) == {"董事长"}


def test_bad_mapping_is_a_user_error() -> None:
    from kg.errors import KGError

    with pytest.raises(KGError, match="GOLD:relation"):
        parse_map("董事长", pair="GOLD:relation")


def test_strict_and_relaxed_scores() -> None:
    gold = {("王五", "worksFor", "星河集团"), ("赵六", "alumniOf", "武汉大学")}
    pred = {("王五", "worksFor", "星河集团有限公司"), ("赵六", "alumniOf", "武汉大学"),
            ("孙七", "alumniOf", "浙江大学")}
    strict: dict[str, Score] = {}
    relaxed: dict[str, Score] = {}
    assert _score(strict, gold, pred, relaxed=False) == {("赵六", "alumniOf", "武汉大学")}
    _score(relaxed, gold, pred, relaxed=True)
    assert (strict["ALL"].gold, strict["ALL"].predicted, strict["ALL"].correct) == (2, 3, 1)
    assert relaxed["ALL"].correct == 2
    assert strict["worksFor"].f1 == 0.0
    assert strict["alumniOf"].precision == pytest.approx(0.5)
    assert strict["alumniOf"].recall == pytest.approx(1.0)


def test_command_prints_table_and_writes_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = _write(tmp_path / "g.jsonl", GOLD)
    out = tmp_path / "re.json"
    code = main(["eval-relations", str(gold), "--entities", "rules,jieba,anaphors",
                 "--json", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "3 records" in printed and "micro" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["records"] == 3
    assert data["strict"]["ALL"]["gold"] == 2  # 出生地 is not mapped
    assert data["strict"]["ALL"]["correct"] <= data["strict"]["ALL"]["predicted"]


def test_command_reports_unreadable_gold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval-relations", str(tmp_path / "missing.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "missing.jsonl" in err and len(err.strip().splitlines()) == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    assert main(["eval-relations", str(bad), "--entities", "jieba"]) == 2
    assert "bad.jsonl: line 1" in capsys.readouterr().err


def test_relation_without_a_tail_names_file_and_line(tmp_path: Path) -> None:
    from kg.errors import InputError

    bad = {"text": "王五任星河集团董事长。", "relations": [{"head": "星河集团", "relation": "董事长"}]}
    path = _write(tmp_path / "g.jsonl", [GOLD[2], bad])
    with pytest.raises(InputError, match=r"g\.jsonl: line 2 is not a gold record"):
        list(read_gold(path, {"董事长": "worksFor"}))


def test_a_dropped_gold_relation_is_not_scored(tmp_path: Path) -> None:
    mapping = parse_map("董事长:worksFor,毕业院校:-", pair="GOLD:relation")
    assert mapping == {"董事长": "worksFor", "毕业院校": None}
    records = list(read_gold(_write(tmp_path / "g.jsonl", GOLD), mapping))
    assert [r.triples for r in records] == [{("王五", "worksFor", "星河集团")}, set(), set()]
