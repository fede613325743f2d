"""AnaphorMatcher and the anaphor table (kg/data/resolve/anaphors.yaml)."""

from __future__ import annotations

import pytest

from kg.extract.entities import ENTITY_EXTRACTORS, EntityPipeline
from kg.extract.entities.anaphors import AnaphorMatcher, anaphor_table
from kg.types import Sentence


def _found(text: str) -> list[tuple[str, str, str]]:
    sentence = Sentence("t", 0, 0, len(text), text)
    return [(m.text, m.kind, m.type) for m in AnaphorMatcher().extract([sentence])[0]]


def test_registered() -> None:
    assert isinstance(ENTITY_EXTRACTORS.create("anaphors"), AnaphorMatcher)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("该区召开大会", [("该区", "anaphor", "Place")]),
        ("全市上下齐努力", [("全市", "anaphor", "Place")]),
        ("该局局长说", [("该局", "anaphor", "GovernmentOrganization")]),
        ("本报讯 昨日", [("本报", "anaphor", "Organization")]),
        ("位于我县南山镇的工程", [("我县", "anaphor", "Place")]),
        ("区住建局和区工信局", [("区住建局", "short", "GovernmentOrganization"),
                              ("区工信局", "short", "GovernmentOrganization")]),
        ("区委区政府高度重视", [("区委区政府", "short", "GovernmentOrganization")]),
        ("区委区政府督查局", [("区委区政府督查局", "short", "GovernmentOrganization")]),
        ("该区工商联坚持引导", [("该区工商联", "short", "Organization")]),
        ("该街道办事处主任", [("该街道办事处", "short", "GovernmentOrganization")]),
        ("该区与区住建局座谈", [("该区", "anaphor", "Place"),
                             ("区住建局", "short", "GovernmentOrganization")]),
    ],
)
def test_matches(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    ["市场监督管理所开展巡查", "市民又多了去处", "开发区管委会", "社区居民说", "城市更新", "区域发展", "区长讲话"],
)
def test_ordinary_words_are_not_short_forms(text: str) -> None:
    assert _found(text) == []


def test_level_word_closing_a_place_name_is_not_a_short_form() -> None:
    # 鹿城区 is a gazetteer name: its 区 does not start 区住建局
    assert _found("鹿城区住建局") == []


def test_merge_keeps_the_longer_tagger_span() -> None:
    text = "区委书记周强"
    [merged] = EntityPipeline(["anaphors"]).extract([Sentence("t", 0, 0, len(text), text)])
    assert [(m.text, m.kind) for m in merged] == [("区委", "short")]


def test_table_splits_and_joint_parts() -> None:
    table = anaphor_table()
    anaphor, body = table.split_short("区委区政府")  # type: ignore[misc]
    assert (anaphor.text, body) == ("该区", "委区政府")
    assert table.joint_parts(body) == ("委", "政府")
    assert table.split_short("区") is None
    assert table.anaphors["该街道"].accepts("Place", "光华路街道")
    assert not table.anaphors["该街道"].accepts("Place", "光华社区")
