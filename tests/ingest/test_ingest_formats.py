"""HTML and JSON Lines readers."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import IngestWarning, read_path
from kg.ingest.html import html_to_text
from kg.types import Credit

from .conftest import WritePage


def test_html_title_credits_and_joins(fixtures_dir: Path) -> None:
    [document] = read_path(fixtures_dir / "page.html")
    [article] = document.articles
    assert article.headline == "新区推进项目建设"
    assert article.text.split("\n") == [
        "12月1日，新区召开项目推进会，会议要求各部门坚持问题导向，加快推进重点项目建设。",
        "会议指出，全年共签约项目 20 个。",
        "总投资超过&百亿元。",
    ]
    assert article.banners == ["奋进新时代 建功新征程"]
    assert article.credits == [
        Credit("李明", "author"),
        Credit("王芳", "correspondent"),
        Credit("赵强", "photographer"),
    ]


@pytest.mark.parametrize("dropped", ["不应出现", "首页", "color", "版权所有", "示例日报"])
def test_html_drops_scripts_styles_navigation_and_chrome(fixtures_dir: Path, dropped: str) -> None:
    [document] = read_path(fixtures_dir / "page.html")
    article = document.articles[0]
    assert dropped not in article.text + (article.headline or "") + "".join(article.banners)


def test_html_title_is_used_without_h1() -> None:
    text = html_to_text("<html><head><title>标题</title></head><body><p>正文。</p></body></html>")
    assert text == "# 标题\n\n正文。"


def test_gbk_html_page(write_page: WritePage) -> None:
    page = '<meta charset="gbk"><h1>标题</h1><p>卫东区召开会议。</p>'
    [document] = read_path(write_page(page, "page.htm", encoding="gbk"))
    assert (document.articles[0].headline, document.articles[0].text) == (
        "标题",
        "卫东区召开会议。",
    )


def test_jsonl_reads_good_lines_and_warns_about_bad_ones(fixtures_dir: Path) -> None:
    path = fixtures_dir / "articles.jsonl"
    warnings: list[IngestWarning] = []
    documents = read_path(path, fixtures_dir, on_warning=warnings.append)
    assert [d.source for d in documents] == ["ingest/articles.jsonl#L1", "ingest/articles.jsonl#L6"]
    first, second = (d.articles[0] for d in documents)
    assert first.headline == "新区召开推进会"
    assert first.text == "新区召开推进会，会议要求坚持问题导向。"
    assert first.date == "2023-12-01"
    assert first.credits == [Credit("李明", "author"), Credit("赵强", "photographer")]
    assert first.id == f"{documents[0].doc_id}-0"
    assert documents[0].doc_id == hashlib.sha1(b"n-1").hexdigest()[:16]
    expected_id = hashlib.sha1(b"ingest/articles.jsonl:6").hexdigest()[:16]
    assert documents[1].doc_id == expected_id
    assert second.headline is None
    assert second.date == "20231202"
    line = path.read_text(encoding="utf-8").split("\n")[0]
    assert documents[0].content_hash == hashlib.sha256(line.encode()).hexdigest()
    assert [(w.path.rsplit(":", 1)[1], w.problem.split(" (")[0]) for w in warnings] == [
        ("2", 'missing "text"'),
        ("3", "malformed JSON"),
        ("5", "a JSON list, not an object"),
        ("7", "duplicate id, first used on line 1"),
        ("8", '"text" is a int, not a string'),
    ]
    assert all(w.path.startswith(str(path)) for w in warnings)


def test_jsonl_bad_line_raises_without_a_warning_handler(fixtures_dir: Path) -> None:
    with pytest.raises(InputError, match=r"articles\.jsonl:2: missing \"text\""):
        read_path(fixtures_dir / "articles.jsonl")


def test_jsonl_line_numbers_ignore_unicode_line_separators(write_page: WritePage) -> None:
    path = write_page('{"text": "甲\u2028乙。"}\n{"nope": 1}\n', "a.jsonl")
    warnings: list[IngestWarning] = []
    [document] = read_path(path, on_warning=warnings.append)
    assert document.source == "a.jsonl#L1"
    assert document.articles[0].text == "甲乙。"  # a line break, then re-joined
    assert [w.path for w in warnings] == [f"{path}:2"]


def test_file_of_unknown_extension_is_read_as_text(write_page: WritePage, tmp_path: Path) -> None:
    path = write_page("## 标题\n\n正文。", "page.log")
    [document] = read_path(path)
    assert document.articles[0].headline == "标题"
    copy = tmp_path / "copy.txt"
    shutil.copy(path, copy)
    assert read_path(copy)[0].content_hash == document.content_hash


def test_markdown_markup_is_stripped(write_page: WritePage) -> None:
    page = (
        "# 园区建设\n\n"
        "![现场](photo.jpg)\n\n"
        "> 本报讯（记者李明）**新区**召开[推进会](https://example.org/a)，坚\n\n"
        "## 奋进新时代\n\n"
        "- 持问题导向。\n\n"
        "---\n\n"
        "赵强 摄\n"
    )
    [document] = read_path(write_page(page, "page.md"))
    [article] = document.articles
    assert article.headline == "园区建设"
    assert article.text == "新区召开推进会，坚持问题导向。"
    assert article.banners == ["奋进新时代"]
    assert article.credits == [Credit("李明", "author"), Credit("赵强", "photographer")]


def test_markdown_markup_is_kept_in_text_pages(write_page: WritePage) -> None:
    [document] = read_path(write_page("**卫东区**召开会议。", "page.txt"))
    assert document.articles[0].text == "**卫东区**召开会议。"


@pytest.mark.parametrize(
    ("head", "date"),
    [
        ('<meta name="PubDate" content="2023-12-28 09:30">', "2023-12-28"),
        ('<meta itemprop="datePublished" content="2023/1/5">', "2023-01-05"),
        ('<meta name="publishdate" content="2023年12月8日">', "2023-12-08"),
        ('<meta name="description" content="2023-12-28">', None),
        ("<time datetime='2024-02-03T10:00'>二月三日</time>", "2024-02-03"),
        ("", None),
    ],
)
def test_html_publication_date(write_page: WritePage, head: str, date: str | None) -> None:
    [document] = read_path(write_page(f"<html><head>{head}</head><p>正文。</p></html>", "p.html"))
    assert document.articles[0].date == date


def test_html_fixture_date(fixtures_dir: Path) -> None:
    [document] = read_path(fixtures_dir / "page.html")
    assert document.articles[0].date == "2023-12-01"


def test_html_h1_with_h2_subtitle(write_page: WritePage) -> None:
    page = "<title>站点 - 新闻</title><h1>主标题</h1><h2>副标题</h2><p>正文。</p>"
    [document] = read_path(write_page(page, "p.html"))
    [article] = document.articles
    assert (article.headline, article.text) == ("主标题", "副标题\n正文。")


def test_html_title_is_ignored_when_the_page_has_headings(write_page: WritePage) -> None:
    page = "<title>站点 - 新闻</title><h2>文章标题</h2><p>正文。</p>"
    [document] = read_path(write_page(page, "p.html"))
    assert document.articles[0].headline == "文章标题"
    assert document.articles[0].banners == []
