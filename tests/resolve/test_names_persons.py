"""Alias rules and person clustering in isolation."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.resolve.names import alias_rules
from kg.resolve.persons import PersonClusterer, orgs_compatible


def test_abbreviations_expand_once() -> None:
    rules = alias_rules()
    assert rules.expand("某区住建局") == "某区住房和城乡建设局"
    assert rules.expand("某区住房和城乡建设局") == "某区住房和城乡建设局"
    assert rules.expand("某区发改委") == "某区发展和改革委员会"
    assert rules.expand("某市科协") == "某市科学技术协会"
    assert rules.expand("某某协会") == "某某协会"


def test_company_core() -> None:
    rules = alias_rules()

    def place(s: str) -> bool:
        return s in {"河南", "平阳"}

    assert rules.company_core("恒远达科技有限公司", place) == "恒远达"
    assert rules.company_core("河南六和网络科技有限公司", place) == "六和"
    assert rules.company_core("平阳集团", place) is None  # nothing left but the place
    assert rules.strip("辖区恒远达科技有限公司") == "恒远达科技有限公司"


def test_org_compatibility() -> None:
    assert orgs_compatible({"Organization:甲区委"}, {"Organization:甲区委宣传部"})
    assert not orgs_compatible({"Organization:甲区委"}, {"Organization:甲区工商联"})
    assert orgs_compatible(set(), {"Organization:甲区委"})


def test_bare_mention_prefers_same_article_then_only_cluster() -> None:
    c = PersonClusterer()
    a = c.add_with_posts("王五", "art1", 0, {"Organization:甲"})
    b = c.add_with_posts("王五", "art2", 0, {"Organization:乙"})
    near = c.add_bare("王五", "art2", 30)
    elsewhere = c.add_bare("王五", "art3", 0)
    keys = c.keys({"Organization:甲": "甲", "Organization:乙": "乙"})
    assert keys[a] == "Person:王五#甲" and keys[b] == keys[near] == "Person:王五#乙"
    assert keys[elsewhere] == "Person:王五"  # ambiguous: kept apart
    assert c.assignments[elsewhere].score < c.assignments[near].score

    single = PersonClusterer()
    h = single.add_with_posts("赵六", "art1", 0, {"Organization:甲"})
    other = single.add_bare("赵六", "art9", 0)
    keys = single.keys({})
    assert keys[h] == keys[other] == "Person:赵六"


def test_person_courtesy_words() -> None:
    rules = alias_rules()
    assert rules.person_name("叶华俊先生") == "叶华俊"
    assert rules.person_name("王女士") == "王女士"  # nothing left to be a name


def test_person_key_uses_main_organisation_whatever_the_order() -> None:
    labels = {"Organization:甲": "甲", "Organization:乙": "乙", "Organization:丙": "丙"}

    def key(order: list[set[str]]) -> str:
        c = PersonClusterer()
        c.add_with_posts("王五", "x", 0, {"Organization:丙"})  # another 王五
        handles = [c.add_with_posts("王五", "a", i, orgs) for i, orgs in enumerate(order)]
        keys = c.keys(labels)
        assert len({keys[h] for h in handles}) == 1
        return keys[handles[0]]

    posts = [{"Organization:甲"}, {"Organization:甲", "Organization:乙"}, {"Organization:乙"},
             {"Organization:乙"}]
    assert key(posts) == key(list(reversed(posts))) == "Person:王五#乙"


def test_user_overlay_adds_abbreviations_and_anaphors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.extract.entities.anaphors import AnaphorMatcher, anaphor_table
    from kg.types import Sentence

    (tmp_path / "aliases.yaml").write_text("abbreviations:\n  体育局: 体育运动管理局\n",
                                           encoding="utf-8")
    (tmp_path / "anaphors.yaml").write_text(
        "anaphors:\n  - {text: 该馆, type: Organization, suffix: [馆], strategy: recent}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("KG_RESOLVE_PATH", str(tmp_path))
    alias_rules.cache_clear()
    anaphor_table.cache_clear()
    try:
        assert alias_rules().expand("某区体育局") == "某区体育运动管理局"
        assert alias_rules().expand("某区住建局") == "某区住房和城乡建设局"  # shipped ones kept
        text = "该馆馆长说"
        found = AnaphorMatcher().extract([Sentence("t", 0, 0, len(text), text)])[0]
        assert [m.text for m in found] == ["该馆"]
    finally:
        monkeypatch.delenv("KG_RESOLVE_PATH")
        alias_rules.cache_clear()
        anaphor_table.cache_clear()
    assert alias_rules().expand("某区体育局") == "某区体育局"
