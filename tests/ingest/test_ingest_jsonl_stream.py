"""``.jsonl``: read line by line as the documents are asked for, not whole."""

from __future__ import annotations

import codecs
import errno
import io
import json
from contextlib import closing
from pathlib import Path

import pytest

from kg.ingest import IngestWarning, read_path
from kg.ingest.jsonl import LineProblem, iter_jsonl_stream
from kg.ingest.readers import iter_path


def _records(count: int, word: str = "召开") -> str:
    return "".join(
        json.dumps(
            {"id": f"r{i:05d}", "text": f"第{i:05d}条新闻，该区{word}会议。"}, ensure_ascii=False
        )
        + "\n"
        for i in range(count)
    )


def _no_damage(exc: Exception, first: bool) -> str | None:
    return None


def test_records_are_read_as_they_are_asked_for() -> None:
    data = _records(20000).encode()
    stream = io.BytesIO(data)
    problems: list[LineProblem] = []
    documents = iter_jsonl_stream(
        stream, "big.jsonl", "big.jsonl", problems.append, print, _no_damage
    )
    first = next(documents)
    assert first.source == "big.jsonl#L1"
    assert stream.tell() < len(data) // 4
    assert sum(1 for _ in documents) == 19999
    assert stream.tell() == len(data)
    assert problems == []


def test_file_is_not_read_whole_before_its_first_document(tmp_path: Path) -> None:
    # Rewrite the second half of the file once the first document is out:
    # a reader that had read the whole file would still give the old records.
    path = tmp_path / "big.jsonl"
    old, new = _records(20000, "召开").encode(), _records(20000, "举行").encode()
    assert len(old) == len(new)
    path.write_bytes(old)
    with closing(iter_path(path)) as documents:
        first = next(documents)
        with path.open("r+b") as rewrite:
            rewrite.seek(len(old) // 2)
            rewrite.write(new[len(old) // 2 :])
        rest = list(documents)
    assert first.articles[0].text == "第00000条新闻，该区召开会议。"
    assert len(rest) == 19999
    assert rest[-1].articles[0].text == "第19999条新闻，该区举行会议。"


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        (
            '{"text": "括号没有闭合"'.encode(),
            "malformed JSON (Expecting ',' delimiter at column 18)",
        ),
        ('{"text": "东湖区"}'.encode("gb18030"), "not UTF-8 text (bad byte at 10)"),
    ],
    ids=["malformed-json", "other-encoding"],
)
def test_bad_line_in_the_middle_of_a_big_file_is_one_warning(
    tmp_path: Path, bad: bytes, problem: str
) -> None:
    lines = _records(6000).encode().split(b"\n")
    assert len(b"\n".join(lines[:2999])) > 65536  # past the sample the encoding is judged on
    lines[2999] = bad
    path = tmp_path / "big.jsonl"
    path.write_bytes(b"\n".join(lines))
    warnings: list[IngestWarning] = []
    documents = read_path(path, on_warning=warnings.append)
    assert [(w.path, w.problem) for w in warnings] == [(f"{path}:3000", problem)]
    assert len(documents) == 5999
    assert [d.source for d in documents[2998:3000]] == ["big.jsonl#L2999", "big.jsonl#L3001"]
    assert documents[-1].source == "big.jsonl#L6000"


# U+4E0A "上" and U+0A0A hold a "\n" byte in UTF-16 that does not end a line.
_TEXT = _records(3000, "上\u0a0a")


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF16_LE + _TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + _TEXT.encode("utf-16-be"),
        codecs.BOM_UTF8 + _TEXT.replace("\n", "\r\n").encode(),
        _TEXT.replace("\n", "\r").encode("gb18030"),
    ],
    ids=["utf-16-le", "utf-16-be", "utf-8-bom-crlf", "gb18030-cr"],
)
def test_big_file_in_any_encoding_reads_as_in_utf8(tmp_path: Path, data: bytes) -> None:
    assert len(data) > 65536
    (tmp_path / "utf8.jsonl").write_bytes(_TEXT.encode())
    (tmp_path / "other.jsonl").write_bytes(data)
    warnings: list[IngestWarning] = []
    documents = read_path(tmp_path / "other.jsonl", on_warning=warnings.append)
    expected = read_path(tmp_path / "utf8.jsonl")
    assert len(documents) == 3000
    assert [(d.source.replace("other", "utf8"), d.content_hash) for d in documents] == [
        (d.source, d.content_hash) for d in expected
    ]
    assert [a.text for d in documents for a in d.articles] == [
        a.text for d in expected for a in d.articles
    ]
    assert warnings == []


def test_read_error_after_the_first_records_keeps_them_and_warns_once() -> None:
    data = _records(20000).encode()

    class Failing(io.BytesIO):
        def readline(self, size: int | None = -1, /) -> bytes:
            if self.tell() > len(data) // 2:
                raise OSError(errno.EIO, "Input/output error")
            return super().readline(size)

    damage: list[str] = []
    documents = list(
        iter_jsonl_stream(
            Failing(data),
            "big.jsonl",
            "big.jsonl",
            print,
            damage.append,
            lambda exc, first: f"cannot read file ({exc})" if isinstance(exc, OSError) else None,
        )
    )
    assert 0 < len(documents) < 20000
    assert [d.source for d in documents] == [
        f"big.jsonl#L{n}" for n in range(1, len(documents) + 1)
    ]
    assert damage == [
        f"cannot read file ([Errno 5] Input/output error) after line {len(documents)};"
        " the rest is lost"
    ]
