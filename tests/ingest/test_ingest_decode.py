"""Encodings, normalisation and the one-line errors for files that are not pages."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import read_path
from kg.ingest.decode import decode_bytes, normalise_text

from .conftest import WritePage

PAGE = "## 卫东区举办培训班\n\n本报讯（记者朱江森）近日，卫东区举办培训班。“好！”张伟说。\n"


@pytest.mark.parametrize(
    "data",
    [
        PAGE.encode("utf-8"),
        codecs.BOM_UTF8 + PAGE.encode("utf-8"),
        PAGE.encode("gbk"),
        PAGE.encode("gb18030"),
        PAGE.encode("gb2312"),
        codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "gb2312", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_encodings_read_to_the_same_article(write_page: WritePage, data: bytes) -> None:
    [document] = read_path(write_page(data))
    [article] = document.articles
    assert article.headline == "卫东区举办培训班"
    assert article.text == "近日，卫东区举办培训班。“好！”张伟说。"
    assert "\ufeff" not in article.text


def test_content_hash_does_not_depend_on_encoding(write_page: WritePage) -> None:
    utf8 = read_path(write_page(PAGE.encode("utf-8"), "a.txt"))[0]
    gbk = read_path(write_page(PAGE.encode("gb18030"), "b.txt"))[0]
    assert utf8.content_hash == gbk.content_hash
    assert utf8.doc_id != gbk.doc_id


def test_gb18030_four_byte_characters_survive() -> None:
    # U+20000 is outside GBK; only GB18030's four-byte form encodes it.
    text = "卫东区\U00020000路，平顶山市。"
    assert decode_bytes(text.encode("gb18030"), "x.txt") == text


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n\xe3\x80\x80\n", "empty file (whitespace only)"),
        (codecs.BOM_UTF8, "empty file (whitespace only)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes)"),
        (bytes(range(256)), "binary file (contains NUL bytes)"),
        (b"\x80\x81\xff\xfe\x80", "not UTF-8 or GB18030 text"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "not UTF-8 text despite its BOM"),
        (b"ok\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f", "binary file (control characters)"),
    ],
    ids=["empty", "whitespace", "bom-only", "png", "all-bytes", "undecodable", "bad-bom", "ctrl"],
)
def test_bad_files_raise_one_line_input_error(
    write_page: WritePage, data: bytes, problem: str
) -> None:
    path = write_page(data, "bad.txt")
    with pytest.raises(InputError) as info:
        read_path(path)
    assert info.value.path == str(path)
    assert info.value.problem.startswith(problem)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith(f"{path}: ")


def test_utf8_cut_inside_its_last_character_is_read(write_page: WritePage) -> None:
    data = PAGE.rstrip("\n").encode("utf-8")[:-1]  # half of the final "。"
    [document] = read_path(write_page(data))
    assert document.articles[0].text == "近日，卫东区举办培训班。“好！”张伟说"


def test_damaged_utf8_is_refused_not_read_as_gb18030(write_page: WritePage) -> None:
    data = bytearray((PAGE * 5).encode("utf-8"))
    data[40] = 0xFF
    with pytest.raises(InputError, match=r"damaged UTF-8 text \(\d+ invalid byte sequences"):
        read_path(write_page(bytes(data)))


def test_missing_file_raises_input_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError, match="no such file or directory"):
        read_path(missing)


def test_directory_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_path(tmp_path)


def test_only_headings_is_an_error(write_page: WritePage) -> None:
    with pytest.raises(InputError, match="no article text"):
        read_path(write_page("## 口号一\n\n## 口号二\n\n王若旭 摄\n"))


def test_one_megabyte_line_is_read(write_page: WritePage) -> None:
    # One line of 1 MB without any punctuation: the worst case for joins and
    # end-of-line byline/caption patterns.
    body = "卫东区" * 350_000
    [document] = read_path(write_page("## 标题\n\n" + body + "\n\n王若旭 摄\n"))
    [article] = document.articles
    assert article.text == body
    assert [c.name for c in article.credits] == ["王若旭"]


@pytest.mark.parametrize(
    "line",
    [
        "（记者 " + "张三 记者 " * 100_000 + "x",
        "本报讯（记者 " + "张三 " * 200_000 + "x",
        "。" + "王若旭 " * 200_000 + "x 摄",
        "## " + "# " * 400_000 + "x",
        "卫东区" + " \t\u3000" * 300_000 + "坚",
        "<p>" + "坚\n " * 30_000 + "坚 " * 300_000,
        "[" * 300_000 + "](" * 300_000,
        "**卫" * 300_000,
    ],
    ids=[
        "byline-names",
        "byline-prefix",
        "caption-names",
        "heading-hashes",
        "spaces",
        "html",
        "md-links",
        "md-emphasis",
    ],
)
@pytest.mark.parametrize("suffix", [".txt", ".html", ".md"])
def test_pathological_one_megabyte_lines_are_read(
    write_page: WritePage, line: str, suffix: str
) -> None:
    # Each shape targets a pattern that would backtrack on it if written
    # carelessly; a quadratic pattern makes this test run for hours.
    try:
        documents = read_path(write_page(line, "page" + suffix))
    except InputError as exc:
        assert exc.problem.startswith("no article text")
        return
    text = "".join(a.text for d in documents for a in d.articles)
    assert text
    assert set(text) <= set(line)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("坚\u200b持\u200c\u200d\u2060", "坚持"),
        ("\ufeff卫东区\ufeff", "卫东区"),
        ("，。！？（）：；“”　ＡＢ１", "，。！？（）：；“”　ＡＢ１"),
        ("行\u2028列", "行\n列"),
    ],
)
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


def test_crlf_page_is_repaired_like_lf(write_page: WritePage) -> None:
    page = "## 标题\r\n\r\n该区坚\r\n\r\n## 新时代\r\n\r\n持创新。\r\n"
    [document] = read_path(write_page(page))
    assert document.articles[0].text == "该区坚持创新。"
