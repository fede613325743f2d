"""The one gold NER reader, as ``kg eval`` and ``kg extract`` use it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main
from kg.cli.commands.extract import iter_sentences
from kg.errors import InputError
from kg.eval.entities import read_gold
from kg.eval.gold import GoldRecord, iter_gold

ENTITY = {"start": 0, "end": 2, "type": "PER", "text": "王五"}


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_records_ids_and_blank_lines(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "gold.jsonl",
        [
            json.dumps({"id": "a", "text": "王五来了。", "entities": [ENTITY]}),
            "",
            json.dumps({"text": "天气很好。"}),
            json.dumps({"id": 7, "text": "赵六。", "entities": None}),
        ],
    )
    assert list(iter_gold(path)) == [
        GoldRecord("a", "王五来了。", [ENTITY]),
        GoldRecord("3", "天气很好。", []),
        GoldRecord("7", "赵六。", []),
    ]
    named = iter_gold(path, default_id=lambda n: f"gold:{n}")
    assert [r.id for r in named] == ["a", "gold:3", "7"]


def test_each_caller_keeps_its_default_ids(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "news.jsonl",
        [
            json.dumps({"text": "王五来了。", "entities": []}),
            json.dumps({"id": "b", "text": "乙。"}),
        ],
    )
    assert [r.id for r in read_gold(path)] == ["1", "b"]  # kg eval: the line number
    assert [i for i, _ in iter_sentences(path)] == ["news:1", "b"]  # kg extract: stem:line
    [(_, sentence), _] = iter_sentences(path)
    assert (sentence.article_id, sentence.start, sentence.end) == ("news:1", 0, 5)


@pytest.mark.parametrize(
    "bad",
    ['{"text": "没有闭合"', '["列表"]', '{"id": "x"}', '{"text": 42}', "null"],
    ids=["malformed", "list", "no text", "text not a string", "null"],
)
def test_bad_line_is_one_line_naming_file_and_line(tmp_path: Path, bad: str) -> None:
    path = _write(tmp_path / "gold.jsonl", [json.dumps({"text": "好。"}), "", bad])
    with pytest.raises(InputError) as caught:
        read_gold(path)
    assert str(caught.value) == f"{path}: line 3 is not a JSON record with a text"


def test_bad_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b'{"text": "a"}\n{"text": "\xff"}\n')
    with pytest.raises(InputError, match=r"gold\.jsonl: line 2 is not UTF-8 text"):
        list(iter_gold(path))


def test_utf8_bom_is_not_part_of_the_first_record(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "a", "text": "好。"}).encode() + b"\n")
    assert [r.id for r in iter_gold(path)] == ["a"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.jsonl: cannot read: "):
        read_gold(tmp_path / "missing.jsonl")


def test_extract_command_reports_a_bad_later_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = json.dumps({"id": "a", "text": "王五来了。", "entities": []})
    path = _write(tmp_path / "gold.jsonl", [good, "{oops"])
    assert main(["extract", str(path), "--extractors", "rules"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.splitlines() == [f"kg: error: {path}: line 2 is not a JSON record with a text"]
