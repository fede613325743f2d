"""kg.resources: packaged data, user overlays, and one-line errors naming the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kg import resources
from kg.errors import KGError


def test_overlay_extends_lists_and_merges_mappings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(resources.RESOLVE_ENV, raising=False)
    shipped = resources.load_yaml("resolve", "aliases.yaml")
    (tmp_path / "aliases.yaml").write_text(
        "person_suffixes: [阁下]\nabbreviations:\n  体育局: 体育运动管理局\n  住建局: 建设局\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(resources.RESOLVE_ENV, str(tmp_path))
    merged = resources.load_yaml("resolve", "aliases.yaml")
    assert merged["person_suffixes"] == [*shipped["person_suffixes"], "阁下"]
    assert merged["abbreviations"]["体育局"] == "体育运动管理局"
    assert merged["abbreviations"]["住建局"] == "建设局"  # the user's value wins
    assert set(shipped["abbreviations"]) < set(merged["abbreviations"])
    assert merged["strip_prefixes"] == shipped["strip_prefixes"]


def test_several_overlay_folders_apply_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, suffix in ((first, "甲"), (second, "乙")):
        folder.mkdir()
        (folder / "aliases.yaml").write_text(f"person_suffixes: [{suffix}]\n", encoding="utf-8")
    monkeypatch.setenv(resources.RESOLVE_ENV, f"{first}{os.pathsep}{second}")
    assert resources.load_yaml("resolve", "aliases.yaml")["person_suffixes"][-2:] == ["甲", "乙"]


def test_overlay_only_for_kinds_that_have_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "surnames.yaml").write_text("single: 龘\n", encoding="utf-8")
    monkeypatch.setenv(resources.RESOLVE_ENV, str(tmp_path))
    assert resources.load_yaml("lexicons", "surnames.yaml")["single"] != "龘"


def test_missing_packaged_file_names_it() -> None:
    with pytest.raises(KGError) as info:
        resources.load_yaml("resolve", "no-such-file.yaml")
    message = str(info.value)
    assert message.startswith("kg/data/resolve/no-such-file.yaml: ")
    assert "\n" not in message
    with pytest.raises(KGError, match=r"^kg/data/models/none\.bin: "):
        resources.read_bytes("models", "none.bin")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("abbreviations: [unclosed\n", "not valid YAML"),
        ("- a\n- b\n", "expected a mapping"),
    ],
)
def test_malformed_overlay_names_the_user_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, problem: str
) -> None:
    bad = tmp_path / "aliases.yaml"
    bad.write_text(text, encoding="utf-8")
    monkeypatch.setenv(resources.RESOLVE_ENV, str(tmp_path))
    with pytest.raises(KGError) as info:
        resources.load_yaml("resolve", "aliases.yaml")
    message = str(info.value)
    assert message.startswith(f"{bad}: ")
    assert problem in message
    assert "\n" not in message


def test_malformed_yaml_error_says_where() -> None:
    with pytest.raises(KGError) as info:
        resources.parse_yaml("a: 1\nb: [2,\n", "mine.yaml")
    assert str(info.value).startswith("mine.yaml: not valid YAML")
    assert "line " in str(info.value)


def test_text_bytes_and_path_agree() -> None:
    text = resources.read_text("resolve", "structure.yaml")
    assert resources.read_bytes("resolve", "structure.yaml") == text.encode("utf-8")
    assert resources.path("resolve", "structure.yaml").read_text(encoding="utf-8") == text
    assert isinstance(yaml.safe_load(text), dict)


def test_listing_and_walking() -> None:
    names = resources.list_files("patterns", suffix=".yaml")
    assert names == sorted(names)
    assert names and all(n.endswith(".yaml") for n in names)
    walked = resources.walk("patterns")
    assert {("patterns", n) for n in names} <= set(walked)
    assert resources.list_files("no-such-folder") == []
    assert resources.walk("no-such-folder") == []


def test_extraction_does_not_import_resolution() -> None:
    # The anaphor table and the pattern fingerprint read resolution data; they
    # must do it through kg.resources, not by importing the resolve stage.
    code = (
        "import sys\n"
        "from kg.extract.entities.anaphors import anaphor_table\n"
        "from kg.extract.relations.patterns import patterns_fingerprint\n"
        "anaphor_table(); patterns_fingerprint()\n"
        "print(sorted(m for m in sys.modules if m.startswith('kg.resolve')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
