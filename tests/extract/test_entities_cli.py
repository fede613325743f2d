"""``kg extract`` and ``kg eval`` through kg.cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main


def _gold(tmp_path: Path) -> Path:
    recs = [
        {
            "id": "a",
            "text": "李明在上海工作。",
            "entities": [
                {"start": 0, "end": 2, "type": "PER", "text": "李明"},
                {"start": 3, "end": 5, "type": "LOC", "text": "上海"},
            ],
        },
        {"id": "b", "text": "天气很好。", "entities": []},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    return path


def test_extract_jsonl_input_keeps_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(_gold(tmp_path))]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in lines] == ["a", "b"]
    ents = {(e["text"], e["type"]) for e in lines[0]["entities"]}
    assert ("李明", "Person") in ents
    for e in lines[0]["entities"]:
        assert lines[0]["text"][e["start"] : e["end"]] == e["text"]
        assert set(e) == {"start", "end", "type", "text", "score"}


def test_extract_text_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text("宁波大学今天开学。\n\n王芳来自温州市。\n", encoding="utf-8")
    assert main(["extract", str(page), "--format", "jsonl"]) == 0
    recs = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    texts = {e["text"] for r in recs for e in r["entities"]}
    assert {"宁波大学", "王芳"} <= texts


def test_eval_prints_and_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.json"
    assert main(["eval", str(_gold(tmp_path)), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "micro" in printed and "chars_per_s" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["micro"]) >= {"p", "r", "f1"}
    assert data["chars_per_s"] > 0
    assert data["micro"]["tp"] + data["micro"]["fn"] == 2


def test_eval_map_can_drop_a_tag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.json"
    gold = str(_gold(tmp_path))
    assert main(["eval", gold, "--map", "PER:Person,LOC:-", "--json", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["per_type"]) <= {"Person"}


def test_unknown_extractor_and_missing_file_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(_gold(tmp_path)), "--extractors", "nosuch"]) == 2
    assert "nosuch" in capsys.readouterr().err
    assert main(["extract", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err
