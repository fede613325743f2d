"""A page without any Chinese text is read, with a warning that names it."""

from __future__ import annotations

from pathlib import Path

from kg.ingest.problems import IngestWarning
from kg.ingest.walk import iter_documents


def read(folder: Path) -> tuple[list[str], list[str]]:
    warnings: list[IngestWarning] = []
    docs = list(iter_documents([folder], warnings.append))
    return [d.source for d in docs], [str(w) for w in warnings]


def test_punctuation_only_page_is_warned_about(tmp_path: Path) -> None:
    (tmp_path / "marks.txt").write_text("!?.,;——……\n" * 70, encoding="utf-8")
    (tmp_path / "latin.txt").write_text("Lorem ipsum dolor sit amet.\n", encoding="utf-8")
    (tmp_path / "news.txt").write_text("东湖区召开推进会。会议要求加快项目建设。\n", encoding="utf-8")
    sources, warnings = read(tmp_path)
    assert len(sources) == 3  # still read
    flagged = sorted(w.split(":")[0] for w in warnings if "no Chinese text" in w)
    assert [Path(f).name for f in flagged] == ["latin.txt", "marks.txt"]


def test_chinese_only_in_the_headline_is_chinese(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        '{"id": "n1", "title": "新区召开推进会", "text": "2023-12-01 10:00"}\n', encoding="utf-8"
    )
    _, warnings = read(tmp_path)
    assert warnings == []
