"""End to end on the seed page with kg's real components.

ingest.read_path -> nlp.split_sentences -> EntityPipeline(ner, anaphors) ->
RelationPipeline(patterns) via kg.pipeline.stages -> DefaultResolver.  The names below come from the
seed page; kg itself knows none of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import BuildConfig
from kg.errors import KGError
from kg.extract.entities import ENTITY_EXTRACTORS
from kg.pipeline.stages import load_pipeline
from kg.resolve.resolver import DefaultResolver
from kg.types import Resolution

SEED = next((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"), None)
ENTITIES = ["ner", "anaphors"]


def _missing() -> str | None:
    if SEED is None:
        return "no seed page in seeds/"
    try:
        from kg.ingest import read_path  # noqa: F401
    except ImportError as exc:
        return f"kg.ingest is missing: {exc}"
    for name in ENTITIES:
        if name not in ENTITY_EXTRACTORS.names():
            return f"entity component {name!r} is not registered"
        try:
            ENTITY_EXTRACTORS.create(name)
        except KGError as exc:
            return f"entity component {name!r} cannot load: {exc}"
    return None


@pytest.fixture(scope="module")
def res() -> Resolution:
    reason = _missing()
    if reason:
        pytest.skip(reason)
    from kg.ingest import read_path

    assert SEED is not None
    docs = read_path(SEED)
    analyses = load_pipeline(BuildConfig(entity_extractors=ENTITIES)).analyse(docs)
    return DefaultResolver().resolve(analyses, BuildConfig())


def _names(res: Resolution, key: str) -> set[str]:
    entity = res.entities.get(key)
    return {entity.label, *entity.alt_labels} if entity else set()


def _posts(res: Resolution, person: str) -> set[tuple[str, str | None]]:
    """(organisation label, role) of every worksFor of people labelled ``person``."""
    out: set[tuple[str, str | None]] = set()
    for f in res.facts:
        if f.predicate == "worksFor" and res.entities[f.subject].label == person:
            out |= {(n, f.role) for n in _names(res, f.object)}
    return out


def _people(res: Resolution, name: str) -> list[str]:
    return sorted(k for k, e in res.entities.items() if e.type == "Person" and e.label == name)


@pytest.mark.parametrize(
    "person,org,role",
    [
        ("陈彩云", "小神马酒店", "总经理"),
        ("王珂", "卫东区工商联", "党组书记"),
        ("张大庆", "卫东区住建局", "副局长"),
        # The page never names 平顶山市委宣传部, 卫东区委宣传部, 卫东区人民政府 or
        # 光华路街道办事处: those short forms stay as written (issue 15).
        ("刘光", "市委宣传部", "部长"),
        ("吕可", "卫东区委", "常委"),
        ("吕可", "区委宣传部", "部长"),
        ("吕可", "区政府", "副区长"),
        ("张艳娟", "该街道办事处", "主任"),
        ("张伟", "卫东区委", "书记"),
        ("张伟", "卫东区工商联", "副主席"),
    ],
)
def test_posts_of_named_officials(res: Resolution, person: str, org: str, role: str) -> None:
    assert (org, role) in _posts(res, person)


def test_two_people_called_zhang_wei(res: Resolution) -> None:
    keys = _people(res, "张伟")
    assert len(keys) == 2
    orgs = [
        {n for f in res.facts if f.subject == k and f.predicate == "worksFor"
         for n in _names(res, f.object)}
        for k in keys
    ]
    secretary, craftsman = sorted(orgs, key=lambda o: "卫东区委" not in o)
    assert "卫东区委" in secretary and "卫东区工商联" not in secretary
    assert "卫东区工商联" in craftsman and "卫东区委" not in craftsman


def test_five_universities_cooperate_with_the_district(res: Resolution) -> None:
    partners = {
        n for f in res.facts
        if f.predicate == "cooperatesWith" and res.entities[f.subject].label == "卫东区"
        for n in _names(res, f.object)
    }
    assert {"电子科技大学", "宁波大学", "郑州大学", "河南大学", "河南师范大学"} <= partners


def test_company_develops_its_project(res: Resolution) -> None:
    developed = {
        res.entities[f.object].label for f in res.facts
        if f.predicate == "develops" and "恒冠卓科技有限公司" in _names(res, f.subject)
    }
    assert any("井下煤矸石智能分选项目" in p for p in developed)


def test_investor_of_the_park_is_the_federation_vice_chair(res: Resolution) -> None:
    investors = {
        f.subject for f in res.facts
        if f.predicate == "investsIn" and any("蒲城古陶文化产业园" in n for n in _names(res, f.object))
    }
    assert len(investors) == 1
    [investor] = investors
    assert res.entities[investor].label == "张伟"
    roles = {(n, f.role) for f in res.facts if f.subject == investor and f.predicate == "worksFor"
             for n in _names(res, f.object)}
    assert ("卫东区工商联", "副主席") in roles
    assert not any(org == "卫东区委" for org, _ in roles)


def test_project_in_the_park(res: Resolution) -> None:
    located = {
        (res.entities[f.subject].label, res.entities[f.object].label)
        for f in res.facts if f.predicate == "locatedIn"
    }
    assert any("2000吨电子级碳化硅粉体一期项目" in p and "电子半导体产业园" in park
               for p, park in located)


def test_village_in_subdistrict(res: Resolution) -> None:
    nested = {
        (res.entities[f.subject].label, res.entities[f.object].label)
        for f in res.facts if f.predicate == "containedInPlace"
    }
    assert ("土寨沟村", "东高皇街道") in nested


def test_greening_quote_is_the_secretarys(res: Resolution) -> None:
    speakers = {
        f.subject for f in res.facts
        if f.predicate == "quotation" and "绿水青山就是金山银山" in f.object
    }
    assert len(speakers) == 1
    [speaker] = speakers
    assert ("卫东区委", "书记") in {
        (n, f.role) for f in res.facts if f.subject == speaker and f.predicate == "worksFor"
        for n in _names(res, f.object)
    }


def test_every_fact_has_sentence_evidence(res: Resolution) -> None:
    assert res.facts
    for f in res.facts:
        assert f.evidence is not None and f.evidence.method and f.evidence.article_id
