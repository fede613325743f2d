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


def test_bare_mention_prefers_same_article_then_page() -> None:
    c = PersonClusterer()
    a = c.add_with_posts("王五", "art1", 0, {"Organization:甲"}, doc="d1")
    b = c.add_with_posts("王五", "art2", 0, {"Organization:乙"}, doc="d1")
    near = c.add_bare("王五", "art2", 30, doc="d1")
    elsewhere = c.add_bare("王五", "art3", 0, doc="d1")
    named = c.add_bare("王五", "art4", 0, doc="d1", context={"Organization:乙"})
    keys = c.keys({"Organization:甲": "甲", "Organization:乙": "乙"})
    assert keys[a] == "Person:王五#甲" and keys[b] == keys[near] == "Person:王五#乙"
    assert keys[elsewhere] == "Person:王五"  # ambiguous on its page: kept apart
    assert c.assignments[elsewhere].score < c.assignments[near].score
    assert keys[named] == keys[b]  # its article names 乙, where one 王五 holds a post

    page = PersonClusterer()
    h = page.add_with_posts("赵六", "art1", 0, {"Organization:甲"}, doc="d1")
    same_page = page.add_bare("赵六", "art2", 0, doc="d1")
    keys = page.keys({})
    assert keys[h] == keys[same_page] == "Person:赵六"


def test_across_pages_only_evidence_merges() -> None:
    c = PersonClusterer()
    first = c.add_with_posts("赵六", "p1-0", 0, {"Organization:甲公司"}, doc="p1")
    unrelated = c.add_bare("赵六", "p2-0", 0, doc="p2", context={"Organization:丙协会"})
    shared_org = c.add_bare("赵六", "p3-0", 0, doc="p3", context={"Organization:甲公司"})
    posted = c.add_with_posts("赵六", "p4-0", 0, {"Organization:甲公司"}, doc="p4")
    elsewhere = c.add_with_posts("赵六", "p5-0", 0, {"Organization:丁学院"}, doc="p5")
    keys = c.keys({})
    assert keys[first] == keys[shared_org] == keys[posted]
    assert keys[unrelated] not in (keys[first], keys[elsewhere])
    assert len({keys[first], keys[unrelated], keys[elsewhere]}) == 3
    reasons = {h: c.assignments[h].reason for h in (unrelated, shared_org, elsewhere)}
    assert "no shared post, organisation or place" in reasons[unrelated]
    assert "甲公司" in reasons[shared_org]
    assert "incompatible" in reasons[elsewhere]

    # two bare namesakes on two pages sharing a village are one person; a city is
    # too common to count (the caller leaves it out of the context)
    v = PersonClusterer()
    x = v.add_bare("钱七", "q1-0", 0, doc="q1", context={"Place:幸福村"})
    y = v.add_bare("钱七", "q2-0", 0, doc="q2", context={"Place:幸福村"})
    z = v.add_bare("钱七", "q3-0", 0, doc="q3", context=set())
    keys = v.keys({})
    assert keys[x] == keys[y] != keys[z]
    assert keys[z] == "Person:钱七@q3-0" and keys[x] == "Person:钱七"

    # another person both pages name is evidence; the name itself is not
    w = PersonClusterer()
    m = w.add_bare("周九", "s1-0", 0, doc="s1", context={"Person:周九", "Person:吴十"})
    n = w.add_bare("周九", "s2-0", 0, doc="s2", context={"Person:周九", "Person:吴十"})
    o = w.add_bare("周九", "s3-0", 0, doc="s3", context={"Person:周九"})
    keys = w.keys({})
    assert keys[m] == keys[n] != keys[o]
    assert "Person:吴十" in w.assignments[n].reason


def test_conflicting_homes_split_within_a_page() -> None:
    c = PersonClusterer()
    a = c.add_with_posts("孙八", "r-0", 0, set(), places={"Place:东村"}, doc="r")
    b = c.add_with_posts("孙八", "r-0", 40, set(), places={"Place:西村"}, doc="r")
    works = c.add_with_posts("孙八", "r-0", 80, {"Organization:某合作社"}, doc="r")
    keys = c.keys({})
    assert keys[a] != keys[b]
    assert keys[works] == keys[a]  # a post does not conflict with a home


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
