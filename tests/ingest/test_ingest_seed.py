"""The bundled seed page: the layout problems the issue names are repaired."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest import IngestWarning, iter_documents
from kg.types import Article, Credit


@pytest.fixture(scope="module")
def seed_articles(seed_path: Path) -> list[Article]:
    warnings: list[IngestWarning] = []
    docs = list(iter_documents([seed_path.parent], warnings.append))
    assert warnings == []
    [document] = [d for d in docs if d.source == f"seeds/{seed_path.name}"]
    return document.articles


@pytest.mark.parametrize("joined", ["坚持重大产业项目", "厦门市集成电路行业协会", "东高皇街道"])
def test_broken_paragraphs_are_joined(seed_articles: list[Article], joined: str) -> None:
    assert any(joined in a.text for a in seed_articles)


@pytest.mark.parametrize("metadata", ["王若旭 摄", "朱泉荣 摄", "本报讯", "（本报记者", "## "])
def test_captions_and_bylines_are_not_body_text(
    seed_articles: list[Article], metadata: str
) -> None:
    assert all(metadata not in a.text for a in seed_articles)


@pytest.mark.parametrize(
    "credit",
    [Credit("朱江森", "author"), Credit("张翔", "correspondent"), Credit("王若旭", "photographer")],
)
def test_credits(seed_articles: list[Article], credit: Credit) -> None:
    assert any(credit in a.credits for a in seed_articles)


@pytest.mark.parametrize(
    "headline",
    ["卫东区招商引资撬动经济发展强力引擎", "传承红色基因 激发奉献精神", "“卫东老字号”名单出炉"],
)
def test_real_headlines(seed_articles: list[Article], headline: str) -> None:
    assert headline in [a.headline for a in seed_articles]


@pytest.mark.parametrize("banner", ["新时代 新征程 新伟业", "打造一流营商环境"])
def test_banners_are_not_headlines_or_text(seed_articles: list[Article], banner: str) -> None:
    assert banner not in [a.headline for a in seed_articles]
    assert all(banner not in a.text for a in seed_articles)
    assert any(banner in a.banners for a in seed_articles)


def test_banner_joined_sentence_has_no_separator(seed_articles: list[Article]) -> None:
    [article] = [a for a in seed_articles if a.headline == "卫东区招商引资撬动经济发展强力引擎"]
    assert "招商工作机制，坚持重大产业项目推进例会机制" in article.text


def test_photo_description_stays_a_paragraph(seed_articles: list[Article]) -> None:
    paragraphs = [p for a in seed_articles for p in a.text.split("\n")]
    described = [p for p in paragraphs if "干部群众在“道窈妙境”" in p]
    assert len(described) == 1
    assert described[0].startswith("12月27日上午")
    assert described[0].endswith("开展植树活动。")


def test_every_article_has_text_and_stable_ids(seed_articles: list[Article]) -> None:
    assert all(a.text.strip() for a in seed_articles)
    assert [a.index for a in seed_articles] == list(range(len(seed_articles)))
    assert len({a.id for a in seed_articles}) == len(seed_articles)
