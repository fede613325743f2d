"""Layout repair on small pages: titles vs banners, joins, captions, bylines."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg import resources
from kg.errors import KGError
from kg.ingest.layout import Role, classify, repair, scan
from kg.ingest.rules import load_rules
from kg.types import Credit

from .conftest import ReadArticles


def _page(*blocks: str) -> str:
    """Blocks separated by blank lines, as news pages are laid out."""
    return "\n\n".join(blocks) + "\n"


def test_heading_that_interrupts_a_sentence_is_a_banner() -> None:
    [article] = repair(
        _page("## 园区建设提速", "该区完善机制，坚", "## 奋进新时代 建功新征程", "持例会制度。")
    )
    assert article.headline == "园区建设提速"
    assert article.text == "该区完善机制，坚持例会制度。"
    assert article.banners == ["奋进新时代 建功新征程"]


def test_heading_after_complete_paragraph_is_a_title() -> None:
    articles = repair(_page("## 第一篇", "第一段完整。", "## 第二篇", "第二段完整。"))
    assert [a.headline for a in articles] == ["第一篇", "第二篇"]
    assert [a.text for a in articles] == ["第一段完整。", "第二段完整。"]
    assert all(a.banners == [] for a in articles)


def test_heading_without_body_labels_the_next_article() -> None:
    articles = repair(_page("## 第一篇", "正文一。", "## 优化营商环境", "## 第二篇", "正文二。"))
    assert [a.headline for a in articles] == ["第一篇", "第二篇"]
    assert articles[1].banners == ["优化营商环境"]
    assert "优化营商环境" not in articles[0].text + articles[1].text


def test_heading_at_the_end_is_a_banner_of_the_last_article() -> None:
    [article] = repair(_page("## 第一篇", "正文一。", "## 共建美好家园"))
    assert article.banners == ["共建美好家园"]


def test_bare_slogan_line_before_a_heading_is_a_banner() -> None:
    [article] = repair(_page("携手奋进 共创辉煌", "## 真正的标题", "正文。"))
    assert article.headline == "真正的标题"
    assert article.banners == ["携手奋进 共创辉煌"]
    assert article.text == "正文。"


@pytest.mark.parametrize("opening", ["本报讯（记者李明）近日，", "12月3日，", "近日，"])
def test_heading_before_an_article_opening_is_a_title_even_after_a_broken_paragraph(
    opening: str,
) -> None:
    articles = repair(
        _page("## 第一篇", "该区召开会议，研究部署工作", "## 第二篇", opening + "该区开会。")
    )
    assert [a.headline for a in articles] == ["第一篇", "第二篇"]
    assert articles[0].text == "该区召开会议，研究部署工作"


def test_caption_inside_a_broken_sentence_is_credited_and_removed() -> None:
    [article] = repair(
        _page("## 标题", "仪式上，区领导带头，拉开了大绿化", "李华 摄", "行动的序幕。")
    )
    assert article.text == "仪式上，区领导带头，拉开了大绿化行动的序幕。"
    assert article.credits == [Credit("李华", "photographer")]


def test_photo_description_is_kept_after_the_joined_paragraph() -> None:
    page = _page(
        "## 标题",
        "早在11月，该区就在东高",
        "11月15日，干部群众在园区植树。",
        "李华 摄",
        "皇街道举行了启动仪式，拉开了大绿化",
        "行动的序幕。",
        "下一段。",
    )
    [article] = repair(page)
    assert article.text.split("\n") == [
        "早在11月，该区就在东高皇街道举行了启动仪式，拉开了大绿化行动的序幕。",
        "11月15日，干部群众在园区植树。",
        "下一段。",
    ]
    assert article.credits == [Credit("李华", "photographer")]


def test_inline_caption_description_is_kept_apart_too() -> None:
    page = _page(
        "## 标题", "早在11月，该区就在东高", "干部群众在园区植树。 李华 摄", "皇街道举行仪式。"
    )
    [article] = repair(page)
    assert article.text.split("\n") == [
        "早在11月，该区就在东高皇街道举行仪式。",
        "干部群众在园区植树。",
    ]
    assert article.credits == [Credit("李华", "photographer")]


def test_stray_short_line_inside_a_sentence_is_skipped() -> None:
    [article] = repair(
        _page("## 标题", "主动联系，对接厦门市集", "文明城市 你我共建", "成电路行业协会。")
    )
    assert article.text == "主动联系，对接厦门市集成电路行业协会。"
    assert article.banners == ["文明城市 你我共建"]


def test_hard_wrapped_lines_are_joined_and_not_mistaken_for_banners() -> None:
    page = "## 标题\n\n该区召开推进会议研究部署\n加压奋进出台实施方案\n确保工作落到实处。\n"
    [article] = repair(page)
    assert article.text == "该区召开推进会议研究部署加压奋进出台实施方案确保工作落到实处。"
    assert article.banners == []


def test_untitled_photo_news_block_becomes_its_own_article() -> None:
    page = _page(
        "## 第一篇",
        "正文一。",
        "抓紧施工",
        "近日，园区职工正在施工。",
        "为了保证用电，指挥部积极",
        "对接供电公司。",
        "李华 摄",
        "## 第二篇",
        "正文二。",
    )
    articles = repair(page)
    assert [a.headline for a in articles] == ["第一篇", "抓紧施工", "第二篇"]
    assert articles[1].text == "近日，园区职工正在施工。\n为了保证用电，指挥部积极对接供电公司。"
    assert articles[1].credits == [Credit("李华", "photographer")]
    assert articles[0].credits == articles[2].credits == []


@pytest.mark.parametrize(
    "subhead",
    ["多方聚力提“硬件”", "一、强化组织领导", "（二）优化服务，做实保障", "3.加快项目建设"],
)
def test_section_heads_stay_their_own_paragraph(subhead: str) -> None:
    page = _page("## 标题", "第一段完整。", subhead, "说了就办，定了就干。")
    [article] = repair(page)
    assert article.headline == "标题"
    assert article.text.split("\n") == ["第一段完整。", subhead, "说了就办，定了就干。"]


def test_enumerated_head_is_not_glued_to_an_unfinished_paragraph() -> None:
    [article] = repair(_page("## 标题", "第一段没有句号", "二、强化组织领导", "说了就办。"))
    assert article.text.split("\n") == ["第一段没有句号", "二、强化组织领导", "说了就办。"]


def test_short_line_under_a_title_is_a_subtitle_not_a_join() -> None:
    [article] = repair(_page("## 主标题", "副题短语在此", "正文第一句。"))
    assert article.headline == "主标题"
    assert article.text == "副题短语在此\n正文第一句。"


def test_untitled_text_is_one_article_without_headline() -> None:
    [article] = repair("该区召开会议。\n会议强调要抓落实。\n")
    assert article.headline is None
    assert article.text == "该区召开会议。\n会议强调要抓落实。"


def test_hashtag_is_not_a_heading() -> None:
    [article] = repair(_page("#两会# 代表们热议发展。"))
    assert article.headline is None
    assert article.text == "#两会# 代表们热议发展。"


def test_trailing_byline_line_credits_its_article() -> None:
    articles = repair(_page("## 第一篇", "正文一。", "（本报记者 李明）", "## 第二篇", "正文二。"))
    assert articles[0].credits == [Credit("李明", "author")]
    assert articles[0].text == "正文一。"
    assert articles[1].credits == []


def test_byline_prefix_is_removed_and_the_paragraph_kept() -> None:
    [article] = repair(_page("## 标题", "本报讯（记者李明 通讯员王芳、赵强）12月1日，该区开会。"))
    assert article.text == "12月1日，该区开会。"
    assert article.credits == [
        Credit("李明", "author"),
        Credit("王芳", "correspondent"),
        Credit("赵强", "correspondent"),
    ]


def test_credits_are_not_repeated() -> None:
    page = _page(
        "## 标题", "本报讯（记者李明）正文。", "李华 摄", "又一段。", "李华 摄", "（记者 李明）"
    )
    [article] = repair(page)
    assert article.credits == [Credit("李明", "author"), Credit("李华", "photographer")]


def test_jsonl_mode_has_no_heading_logic() -> None:
    lines = scan("## 不是标题\n该区坚\n持创新。", headings=False)
    roles = classify(lines, headings=False)
    assert Role.TITLE not in roles
    [draft] = repair("## 不是标题\n该区坚\n持创新。", headings=False)
    assert draft.headline is None
    assert draft.text == "## 不是标题该区坚持创新。"


def test_markdown_page_reads_like_text(read_articles: ReadArticles) -> None:
    page = _page("# 园区建设", "该区完善机制，坚", "## 奋进新时代", "持例会制度。")
    [article] = read_articles(page, "page.md")
    assert (article.headline, article.text) == ("园区建设", "该区完善机制，坚持例会制度。")


def test_deeper_heading_right_under_a_heading_is_its_subtitle() -> None:
    [article] = repair(_page("# 主标题", "## ——副标题", "正文。"))
    assert article.headline == "主标题"
    assert article.text == "——副标题\n正文。"
    assert article.banners == []


def test_page_heading_above_several_articles_is_a_banner() -> None:
    articles = repair(_page("# 第三版 要闻", "## 文章一", "正文一。", "## 文章二", "正文二。"))
    assert [a.headline for a in articles] == ["文章一", "文章二"]
    assert articles[0].banners == ["第三版 要闻"]


def test_custom_rules_file(tmp_path: Path) -> None:
    data = yaml.safe_load(resources.read_text("ingest", "layout.yaml"))
    data["caption_verbs"] = ["供图"]
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rules = load_rules(path)
    [article] = repair(_page("## 标题", "正文。", "李华 供图", "王若旭 摄"), rules=rules)
    assert article.credits == [Credit("李华", "photographer")]
    # With only 供图 as a caption verb, "王若旭 摄" is ordinary text.
    assert article.text == "正文。\n王若旭 摄"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[1, 2]", "layout rules must be a mapping"),
        ("name_pattern: 3", "'name_pattern' must be a str"),
        ("key: [unclosed", "cannot load layout rules"),
    ],
)
def test_bad_rules_file_is_one_clear_error(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KGError) as info:
        load_rules(path)
    assert str(info.value).startswith(f"{path}: ")
    assert problem in str(info.value)
    assert "\n" not in str(info.value)


def test_caption_naming_the_next_paragraphs_subject_is_not_glued() -> None:
    [article] = repair(
        _page(
            "## 新区召开项目推进会",
            "本报讯 5月8日，新区召开重点项目推进会。",
            "图为东湖区委副书记、区长周海平",
            "周海平代表区委区政府讲话。他说，要抓进度。",
        )
    )
    assert "周海平周海平" not in article.text
    assert article.paragraphs[1:] == [
        "图为东湖区委副书记、区长周海平",
        "周海平代表区委区政府讲话。他说，要抓进度。",
    ]


def test_caption_inside_a_broken_paragraph_is_kept_after_it() -> None:
    [article] = repair(
        _page(
            "## 园区建设提速",
            "该区完善招商机制，坚",
            "副区长秦文斌",
            "秦文斌表示，要持续优化营商环境。",
        )
    )
    # The caption is no continuation of 坚…; it is kept as its own paragraph.
    assert "秦文斌秦文斌" not in article.text
    assert "副区长秦文斌" in article.paragraphs


def test_line_ending_with_another_word_than_the_next_opening_is_joined() -> None:
    [article] = repair(_page("## 园区建设提速", "该区完善招商机制，坚", "持例会制度。"))
    assert article.text == "该区完善招商机制，坚持例会制度。"


def test_name_caption_rule_is_data() -> None:
    rules = load_rules()
    assert rules.names_next("区长周海平", "周海平说。")
    assert not rules.names_next("区长周海平" + "很" * rules.caption_max, "周海平说。")
    assert not rules.names_next("区长周海平。", "周海平说。")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("演员周小川[微博]、刘一禾[微博]出席发布会。", "演员周小川、刘一禾出席发布会。"),
        ("她说：“我很开心[偷笑]。”", "她说：“我很开心。”"),
        # Latin letters in brackets are citations, not markup.
        ("见文献[J]和附表[3]。", "见文献[J]和附表[3]。"),
    ],
)
def test_inline_web_markup_is_cut_from_lines(line: str, expected: str) -> None:
    assert [x.text for x in scan(line)] == [expected]


def test_a_line_of_markup_alone_leaves_no_line() -> None:
    assert [x.text for x in scan("正文第一段。\n[微博]\n正文第二段。")] == ["正文第一段。", "正文第二段。"]
