"""``.jsonl.gz``: read like ``.jsonl``, record by record, and survive damage."""

from __future__ import annotations

import gzip
import io
import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import IngestWarning, iter_documents, read_path
from kg.ingest.gzjsonl import iter_jsonl_gz
from kg.ingest.ids import short_sha1
from kg.types import Document

# Good records, bad records, CRLF, a lone CR, U+2028 and a BOM: every case of
# the .jsonl reader that depends on how lines are split and numbered.
JSONL = (
    '\ufeff{"id": "n-1", "title": "新区召开推进会", "date": "2023-12-01",'
    ' "text": "本报讯（记者李明）新区召开推进会，会议要求坚\\n持问题导向。\\n赵强 摄"}\r\n'
    '{"title": "缺正文"}\n'
    '{"text": "括号没有闭合",\n'
    "\n"
    '["不是对象"]\r'
    '{"text": "无编号的新闻，该区开会。", "date": 20231202}\n'
    '{"id": "n-1", "text": "重复编号。"}\n'
    '{"text": 42}\n'
    '{"id": "n-2", "text": "甲\u2028乙。"}\n'
)

TRUNCATED = "truncated gzip file (it ends before its end-of-stream marker)"


def _records(count: int) -> str:
    return "".join(
        json.dumps({"id": f"r{i}", "text": f"第{i}条新闻，该区召开会议。"}, ensure_ascii=False)
        + "\n"
        for i in range(count)
    )


def _pair(tmp_path: Path, data: bytes, name: str = "news") -> tuple[Path, Path]:
    """``data`` as ``plain/<name>.jsonl`` and gzipped as ``packed/<name>.jsonl.gz``."""
    plain = tmp_path / "plain" / f"{name}.jsonl"
    packed = tmp_path / "packed" / f"{name}.jsonl.gz"
    for path in (plain, packed):
        path.parent.mkdir(parents=True, exist_ok=True)
    plain.write_bytes(data)
    packed.write_bytes(gzip.compress(data))
    return plain, packed


def _as_plain(document: Document) -> Document:
    """``document`` as if it had been read from the decompressed file."""
    return replace(
        document,
        source=document.source.replace(".jsonl.gz", ".jsonl"),
        articles=[
            replace(a, source=a.source.replace(".jsonl.gz", ".jsonl")) for a in document.articles
        ],
    )


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_gzip_file_reads_as_its_decompressed_jsonl(tmp_path: Path, encoding: str) -> None:
    plain, packed = _pair(tmp_path, JSONL.encode(encoding))
    plain_warnings: list[IngestWarning] = []
    packed_warnings: list[IngestWarning] = []
    expected = read_path(plain, on_warning=plain_warnings.append)
    documents = read_path(packed, on_warning=packed_warnings.append)

    assert [d.source for d in documents] == [
        "news.jsonl.gz#L1",
        "news.jsonl.gz#L6",
        "news.jsonl.gz#L9",
    ]
    # Records with an id keep it; the others are named by file and line, as in .jsonl.
    assert [_as_plain(d) for d in documents[::2]] == expected[::2]
    assert documents[1].doc_id == short_sha1("news.jsonl.gz:6") != expected[1].doc_id
    assert documents[1].content_hash == expected[1].content_hash
    assert [a.text for a in documents[1].articles] == [a.text for a in expected[1].articles]
    assert [w.path for w in packed_warnings] == [f"{packed}:{n}" for n in (2, 3, 5, 7, 8)]
    assert [w.problem for w in packed_warnings] == [w.problem for w in plain_warnings]


def test_folders_pick_up_jsonl_gz_but_no_other_gzip(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.jsonl.gz").write_bytes(gzip.compress(_records(2).encode()))
    (root / "B.JSONL.GZ").write_bytes(gzip.compress('{"text": "乙。"}'.encode()))
    (root / "c.txt.gz").write_bytes(gzip.compress("正文。".encode()))
    warnings: list[IngestWarning] = []
    documents = list(iter_documents([root], warnings.append))
    assert [d.source for d in documents] == [
        "corpus/B.JSONL.GZ#L1",
        "corpus/a.jsonl.gz#L1",
        "corpus/a.jsonl.gz#L2",
    ]
    assert warnings == []


def test_other_gzip_file_named_explicitly_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "page.txt.gz"
    path.write_bytes(gzip.compress("正文。".encode()))
    warnings: list[IngestWarning] = []
    assert list(iter_documents([path], warnings.append)) == []
    assert [str(w) for w in warnings] == [
        f"{path}: gzip-compressed; of compressed files only .jsonl.gz is read"
    ]


def test_records_are_read_as_they_are_asked_for() -> None:
    rng = random.Random(7)
    lines = (json.dumps({"text": f"{rng.getrandbits(400):x}。"}) + "\n" for _ in range(20000))
    data = gzip.compress("".join(lines).encode())
    stream = io.BytesIO(data)
    documents = iter_jsonl_gz(stream, "big.jsonl.gz", "big.jsonl.gz", print, print)
    first = next(documents)
    assert first.source == "big.jsonl.gz#L1"
    assert stream.tell() < len(data) // 4
    assert sum(1 for _ in documents) == 19999
    assert stream.tell() == len(data)


def test_truncated_gzip_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    _, packed = _pair(tmp_path, _records(300).encode())
    complete = read_path(packed)
    data = packed.read_bytes()
    packed.write_bytes(data[: len(data) * 2 // 3])
    warnings: list[IngestWarning] = []
    documents = read_path(packed, on_warning=warnings.append)
    assert 0 < len(documents) < len(complete)
    assert documents == complete[: len(documents)]
    # One warning: the cut-off last line is part of the damage, not a bad record.
    assert [str(w) for w in warnings] == [
        f"{packed}: {TRUNCATED} after line {len(documents)}; the rest is lost"
    ]


def test_truncated_gzip_raises_one_line_without_a_warning_handler(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(_records(5).encode())[:-4])
    with pytest.raises(InputError) as caught:
        read_path(path)
    assert str(caught.value) == f"{path}: {TRUNCATED} after line 5; the rest is lost"


def test_build_goes_on_after_a_damaged_gzip(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.jsonl.gz").write_bytes(gzip.compress(_records(3).encode())[:-8])
    (root / "b.txt").write_text("## 标题\n\n正文。\n", encoding="utf-8")
    warnings: list[IngestWarning] = []
    documents = list(iter_documents([root], warnings.append))
    assert [d.source for d in documents] == [
        "corpus/a.jsonl.gz#L1",
        "corpus/a.jsonl.gz#L2",
        "corpus/a.jsonl.gz#L3",
        "corpus/b.txt",
    ]
    assert [w.problem for w in warnings] == [f"{TRUNCATED} after line 3; the rest is lost"]


def test_crc_mismatch_is_reported_after_the_records(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    data = bytearray(gzip.compress(_records(4).encode()))
    data[-8] ^= 0xFF  # the CRC-32 of the trailer
    path.write_bytes(bytes(data))
    warnings: list[IngestWarning] = []
    documents = read_path(path, on_warning=warnings.append)
    assert len(documents) == 4
    [warning] = warnings
    assert warning.path == str(path)
    assert warning.problem.startswith("corrupt gzip file (CRC check failed")
    assert warning.problem.endswith("after line 4; the rest is lost")


def test_corrupt_compressed_data_is_one_warning(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    data = bytearray(gzip.compress(_records(50).encode()))
    data[10] ^= 0xFF  # the first byte of the deflate stream
    path.write_bytes(bytes(data))
    warnings: list[IngestWarning] = []
    assert list(iter_documents([path], warnings.append)) == []
    [warning] = warnings
    assert warning.path == str(path)
    assert warning.problem.startswith("corrupt gzip file (")
    assert "\n" not in str(warning)


def test_file_that_is_not_gzip(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(_records(2).encode())
    with pytest.raises(InputError, match=r"a\.jsonl\.gz: not a gzip file$"):
        read_path(path)


def test_gzip_of_text_that_is_not_json_warns_per_line(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress("新区召开推进会。\n会议要求坚持问题导向。\n".encode()))
    warnings: list[IngestWarning] = []
    assert read_path(path, on_warning=warnings.append) == []
    assert [(w.path, w.problem) for w in warnings] == [
        (f"{path}:1", "malformed JSON (Expecting value at column 1)"),
        (f"{path}:2", "malformed JSON (Expecting value at column 1)"),
    ]


def test_gzip_of_binary_data_is_one_warning(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(bytes(range(256)) * 64))
    warnings: list[IngestWarning] = []
    assert list(iter_documents([path], warnings.append)) == []
    assert [str(w) for w in warnings] == [f"{path}: binary file (contains NUL bytes)"]


def test_line_in_another_encoding_after_the_sample_is_a_problem_of_that_line(
    tmp_path: Path,
) -> None:
    # The encoding is judged on the first 64 KiB, so the GB18030 line comes after them.
    head = _records(2000).encode()
    assert len(head) > 65536
    path = tmp_path / "a.jsonl.gz"
    data = head + '{"text": "东湖区"}\n'.encode("gb18030") + '{"text": "该区。"}\n'.encode()
    path.write_bytes(gzip.compress(data))
    warnings: list[IngestWarning] = []
    documents = read_path(path, on_warning=warnings.append)
    assert [d.source for d in documents[-2:]] == ["a.jsonl.gz#L2000", "a.jsonl.gz#L2002"]
    assert [(w.path, w.problem) for w in warnings] == [
        (f"{path}:2001", "not UTF-8 text (bad byte at 10)")
    ]


def test_mixed_encodings_in_the_sample_refuse_the_file_as_jsonl_does(tmp_path: Path) -> None:
    data = _records(2).encode() + '{"text": "东湖区"}\n'.encode("gb18030")
    plain, packed = _pair(tmp_path, data)
    with pytest.raises(InputError) as plain_error:
        read_path(plain)
    with pytest.raises(InputError) as packed_error:
        read_path(packed)
    assert packed_error.value.path == str(packed)
    assert packed_error.value.problem == plain_error.value.problem


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (gzip.compress(b""), "empty file"),
        (gzip.compress(b"\n \r\n\t\n"), "empty file (whitespace only)"),
    ],
    ids=["zero bytes", "empty gzip", "whitespace gzip"],
)
def test_empty_gzip(tmp_path: Path, data: bytes, problem: str) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(data)
    warnings: list[IngestWarning] = []
    assert list(iter_documents([path], warnings.append)) == []
    assert [str(w) for w in warnings] == [f"{path}: {problem}"]
