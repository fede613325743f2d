"""Small hand-made analyses and resolutions for graph tests.

The text is written for these tests; offsets are computed with ``str.index``
so a typo in the text cannot silently shift them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from rdflib import Dataset

from kg.config import BuildConfig
from kg.graph.build import build_quads
from kg.types import (
    Article,
    ArticleAnalysis,
    Credit,
    Document,
    DocumentAnalysis,
    Entity,
    Evidence,
    Fact,
    IdentityDecision,
    MentionLink,
    Resolution,
    Sentence,
    SentenceAnalysis,
)

BASE = "https://test.example/id/"

BODY = (
    "区委书记李明说：“要把项目抓实。”"
    "东山区与南湖大学、北岭学院签订战略合作协议。"
    "青石科技有限公司获评省级专精特新企业。"
)
SECOND_BODY = "区工商联副主席李明投资建设了古陶产业园。"

PERSON = "Person:李明#1"
PERSON2 = "Person:李明#2"
COMMITTEE = "GovernmentOrganization:东山区委"
DISTRICT = "Place:东山区"
UNI1 = "University:南湖大学"
UNI2 = "University:北岭学院"
COMPANY = "Company:青石科技有限公司"
FEDERATION = "GovernmentOrganization:东山区工商联"
PARK = "Project:古陶产业园"


def _sentences(article_id: str, body: str) -> list[SentenceAnalysis]:
    # A full stop ends a sentence, together with a closing quote right after it.
    return [
        SentenceAnalysis(Sentence(article_id, index, m.start(), m.end(), m.group()))
        for index, m in enumerate(re.finditer(r"[^。]+。”?|[^。]+$", body))
    ]


def _span(body: str, text: str, after: int = 0) -> tuple[int, int]:
    start = body.index(text, after)
    return start, start + len(text)


def _ev(article_id: str, body: str, sentences: list[SentenceAnalysis], text: str) -> Evidence:
    start, end = _span(body, text)
    index = next(
        sa.sentence.index for sa in sentences if sa.sentence.start <= start < sa.sentence.end
    )
    return Evidence(article_id, index, start, end, "test-rule", 0.75)


@dataclass
class Sample:
    analyses: list[DocumentAnalysis]
    resolution: Resolution
    config: BuildConfig

    def quads(self) -> list[tuple[object, ...]]:
        return list(build_quads(self.analyses, self.resolution, self.config))

    def dataset(self) -> Dataset:
        ds = Dataset(default_union=True)
        for quad in build_quads(self.analyses, self.resolution, self.config):
            ds.add(quad)
        return ds


def make_sample() -> Sample:
    a1 = Article(
        id="doc1-0",
        doc_id="doc1",
        source="pages/doc1.txt",
        index=0,
        headline="东山区签约五所高校",
        text=BODY,
        credits=[
            Credit("王 小红", "author"),
            Credit("赵刚", "correspondent"),
            Credit("孙丽", "photographer"),
        ],
        date="2024-12-25",
    )
    a2 = Article("doc2-0", "doc2", "pages/doc2.md", 0, None, SECOND_BODY)
    s1 = _sentences(a1.id, BODY)
    s2 = _sentences(a2.id, SECOND_BODY)
    analyses = [
        DocumentAnalysis(Document("doc1", a1.source, "h1", [a1]), [ArticleAnalysis(a1, s1)]),
        DocumentAnalysis(Document("doc2", a2.source, "h2", [a2]), [ArticleAnalysis(a2, s2)]),
    ]
    entities = {
        PERSON: Entity(PERSON, "Person", "李明"),
        PERSON2: Entity(PERSON2, "Person", "李明"),
        COMMITTEE: Entity(COMMITTEE, "GovernmentOrganization", "东山区委", {"区委", "东山区委"}),
        DISTRICT: Entity(DISTRICT, "AdministrativeArea", "东山区"),
        UNI1: Entity(UNI1, "University", "南湖大学"),
        UNI2: Entity(UNI2, "University", "北岭学院"),
        COMPANY: Entity(COMPANY, "Company", "青石科技有限公司"),
        FEDERATION: Entity(FEDERATION, "GovernmentOrganization", "东山区工商联", {"区工商联"}),
        PARK: Entity(PARK, "Project", "古陶产业园"),
    }

    def ev1(text: str) -> Evidence:
        return _ev(a1.id, BODY, s1, text)

    def ev2(text: str) -> Evidence:
        return _ev(a2.id, SECOND_BODY, s2, text)

    links = [
        MentionLink(COMMITTEE, ev1("区委"), "区委"),
        MentionLink(PERSON, ev1("李明"), "李明"),
        MentionLink(DISTRICT, ev1("东山区"), "东山区"),
        MentionLink(UNI1, ev1("南湖大学"), "南湖大学"),
        MentionLink(UNI2, ev1("北岭学院"), "北岭学院"),
        MentionLink(COMPANY, ev1("青石科技有限公司"), "青石科技有限公司"),
        MentionLink(FEDERATION, ev2("区工商联"), "区工商联"),
        MentionLink(PERSON2, ev2("李明"), "李明"),
        MentionLink(PARK, ev2("古陶产业园"), "古陶产业园"),
    ]
    facts = [
        Fact(PERSON, "worksFor", COMMITTEE, role="书记", evidence=ev1("区委书记李明")),
        Fact(PERSON, "quotation", "要把项目抓实。", True, evidence=ev1("要把项目抓实。")),
        Fact(DISTRICT, "cooperatesWith", UNI1, evidence=ev1("东山区与南湖大学")),
        Fact(DISTRICT, "cooperatesWith", UNI2, evidence=ev1("北岭学院签订战略合作协议")),
        Fact(COMPANY, "award", "省级专精特新企业", True, evidence=ev1("获评省级专精特新企业")),
        Fact(PERSON2, "worksFor", FEDERATION, role="副主席", evidence=ev2("区工商联副主席李明")),
        Fact(PERSON2, "investsIn", PARK, evidence=ev2("李明投资建设了古陶产业园")),
    ]
    decisions = [
        IdentityDecision(COMMITTEE, "区委", a1.id, 0.9, "short form expanded with district"),
        IdentityDecision(PERSON2, "李明", a2.id, 0.8, "post incompatible with 东山区委书记"),
    ]
    return Sample(
        analyses, Resolution(entities, links, facts, decisions), BuildConfig(base_iri=BASE)
    )


@pytest.fixture
def sample() -> Sample:
    return make_sample()
