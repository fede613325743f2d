"""Walking folders: order, ids, warnings and errors."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import IngestWarning, iter_documents

PAGE = "## 标题\n\n正文。\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder of pages, bad files and files that are not pages."""
    root = tmp_path / "pages"
    files: dict[str, bytes] = {
        "b.txt": PAGE.encode(),
        "a.md": PAGE.encode("gb18030"),
        "sub/c.html": b"<h1>T</h1><p>\xe6\xad\xa3\xe6\x96\x87\xe3\x80\x82</p>",
        "sub/d.jsonl": b'{"text": "\xe7\x94\xb2\xe3\x80\x82"}\n{"text": "\xe4\xb9\x99\xe3\x80\x82"}\n',
        "sub/deeper/e.TXT": PAGE.encode(),
        "bad.txt": b"\x00\x01\x02",
        "empty.txt": b"",
        "notes.csv": b"a,b\n",
        ".hidden.txt": PAGE.encode(),
        ".git/f.txt": PAGE.encode(),
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def test_walk_order_sources_and_warnings(tree: Path) -> None:
    warnings: list[IngestWarning] = []
    docs = list(iter_documents([tree], warnings.append))
    assert [d.source for d in docs] == [
        "pages/a.md",
        "pages/b.txt",
        "pages/sub/c.html",
        "pages/sub/d.jsonl#L1",
        "pages/sub/d.jsonl#L2",
        "pages/sub/deeper/e.TXT",
    ]
    assert [str(w) for w in warnings] == [
        f"{tree / 'bad.txt'}: binary file (contains NUL bytes)",
        f"{tree / 'empty.txt'}: empty file",
    ]


def test_doc_id_is_sha1_of_path_relative_to_the_roots_parent(tree: Path) -> None:
    docs = list(iter_documents([tree], lambda w: None))
    by_source = {d.source: d for d in docs}
    doc = by_source["pages/b.txt"]
    assert doc.doc_id == hashlib.sha1(b"pages/b.txt").hexdigest()[:16]
    assert [a.id for a in doc.articles] == [f"{doc.doc_id}-0"]
    assert all(a.source == "pages/b.txt" for a in doc.articles)
    assert doc.content_hash == hashlib.sha256(PAGE.encode()).hexdigest()


def test_ids_do_not_depend_on_working_directory(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    absolute = [(d.doc_id, d.source) for d in iter_documents([tree.resolve()], lambda w: None)]
    monkeypatch.chdir(tree.parent)
    relative = [(d.doc_id, d.source) for d in iter_documents(["pages/"], lambda w: None)]
    monkeypatch.chdir(tree)
    dot = [(d.doc_id, d.source) for d in iter_documents(["."], lambda w: None)]
    assert absolute == relative == dot


def test_missing_path_raises_before_anything_is_read(tree: Path) -> None:
    read: list[IngestWarning] = []
    documents = iter_documents([tree, tree / "missing"], read.append)
    with pytest.raises(InputError) as info:
        next(documents)
    assert str(info.value) == f"{tree / 'missing'}: no such file or directory"
    assert read == []


def test_explicit_file_of_any_extension_is_read(tree: Path) -> None:
    warnings: list[IngestWarning] = []
    docs = list(iter_documents([tree / "notes.csv", tree / "b.txt"], warnings.append))
    assert [d.source for d in docs] == ["notes.csv", "b.txt"]
    # Read, not skipped; its only warning is that it holds no Chinese.
    assert [str(w) for w in warnings] == ["notes.csv: no Chinese text; is this the right file?"]


def test_explicit_bad_file_is_a_warning_not_an_error(tree: Path) -> None:
    warnings: list[IngestWarning] = []
    assert list(iter_documents([tree / "bad.txt"], warnings.append)) == []
    assert [w.problem for w in warnings] == ["binary file (contains NUL bytes)"]


def test_a_file_is_read_once(tree: Path) -> None:
    docs = list(iter_documents([tree, tree / "b.txt"], lambda w: None))
    assert sum(d.source.endswith("b.txt") for d in docs) == 1


def test_empty_folder_warns(tmp_path: Path) -> None:
    warnings: list[IngestWarning] = []
    assert list(iter_documents([tmp_path], warnings.append)) == []
    assert [w.path for w in warnings] == [str(tmp_path)]


def test_duplicate_jsonl_ids_across_files_warn(tmp_path: Path) -> None:
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text('{"id": 1, "text": "正文。"}\n', encoding="utf-8")
    warnings: list[IngestWarning] = []
    docs = list(iter_documents([tmp_path], warnings.append))
    assert len(docs) == 1
    assert [w.problem for w in warnings] == [f"same id as {docs[0].source}; skipped"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_symlink_loop_does_not_hang(tree: Path) -> None:
    try:
        (tree / "sub" / "loop").symlink_to(tree, target_is_directory=True)
    except OSError:
        pytest.skip("cannot create symbolic links here")
    docs = list(iter_documents([tree], lambda w: None))
    assert len(docs) == 6


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_warns(tree: Path) -> None:
    (tree / "b.txt").chmod(0)
    warnings: list[IngestWarning] = []
    list(iter_documents([tree], warnings.append))
    assert any(w.path.endswith("b.txt") and "cannot read" in w.problem for w in warnings)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_dangling_link_warns(tree: Path) -> None:
    try:
        (tree / "gone.txt").symlink_to(tree / "nowhere.txt")
    except OSError:
        pytest.skip("cannot create symbolic links here")
    warnings: list[IngestWarning] = []
    docs = list(iter_documents([tree], warnings.append))
    assert len(docs) == 6
    assert f"{tree / 'gone.txt'}: no such file or directory" in [str(w) for w in warnings]


@pytest.mark.parametrize(
    ("name", "shown"),
    [("bad\nname.txt", "bad\\nname.txt"), (os.fsdecode(b"caf\xe9.txt"), "caf\\xe9.txt")],
    ids=["newline", "latin-1-byte"],
)
def test_odd_file_names_stay_on_one_printable_line(tmp_path: Path, name: str, shown: str) -> None:
    try:
        (tmp_path / name).write_bytes(b"\x00binary")
        (tmp_path / ("ok-" + name)).write_text(PAGE, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses this name")
    warnings: list[IngestWarning] = []
    docs = list(iter_documents([tmp_path], warnings.append))
    [warning] = warnings
    assert str(warning) == f"{tmp_path}/{shown}: binary file (contains NUL bytes)"
    assert [d.source for d in docs] == [f"{tmp_path.name}/ok-{shown}"]
    assert docs[0].source.encode("utf-8")
