"""End to end on a page written for the test (not the seed), with kg's real
components: ingest -> sentences -> EntityPipeline(ner, anaphors) ->
RelationPipeline(patterns) via kg.pipeline.stages -> DefaultResolver.
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

PAGE = """\
## 鹿城区科技招商再结硕果

本报讯（记者李文涛）记者11月20日从鹿城区科技局获悉，今年以来，全区新签约科技项目42个。

该区与浙江大学、温州大学、温州医科大学等3所高校签订产学研合作协议，与辖区瑞明科技有限公司合作研发的智能水务监测项目已投入使用。

“我们将继续当好服务员，让企业安心发展。”鹿城区委书记陈国华说。

## 五马街道打造幸福社区

本报讯（记者李文涛）近日，五马街道墨池社区新建的邻里中心正式启用。“以前办事要跑好几趟，现在家门口就能办好。”社区居民周丽娟说。

该街道办事处主任林晓东介绍，下一步将在全街道推广这一模式。

## 区商会助力民企发展

本报讯（记者李文涛）11月18日，鹿城区工商联副主席、中国工艺美术大师陈国华入选“浙江工匠”名单。

目前，陈国华作为投资人的鹿城区瓯窑文化产业园正在建设。“园区建成后可带动就业500余人。”陈国华说。

瑞明科技荣获省级专精特新企业称号。
"""

ENTITIES = ["ner", "anaphors"]


def _missing() -> str | None:
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
def res(tmp_path_factory: pytest.TempPathFactory) -> Resolution:
    reason = _missing()
    if reason:
        pytest.skip(reason)
    from kg.ingest import read_path

    page = tmp_path_factory.mktemp("page") / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    analyses = load_pipeline(BuildConfig(entity_extractors=ENTITIES)).analyse(read_path(Path(page)))
    return DefaultResolver().resolve(analyses, BuildConfig())


def _labels(res: Resolution, key: str) -> set[str]:
    e = res.entities[key]
    return {e.label, *e.alt_labels}


def _rel(res: Resolution, predicate: str) -> set[tuple[str, str]]:
    return {
        (res.entities[f.subject].label, res.entities[f.object].label)
        for f in res.facts
        if f.predicate == predicate and not f.object_is_literal
    }


def test_universities_cooperate_with_the_district(res: Resolution) -> None:
    partners = {o for s, o in _rel(res, "cooperatesWith") if s == "鹿城区"}
    assert {"浙江大学", "温州大学", "温州医科大学"} <= partners


def test_joint_development(res: Resolution) -> None:
    assert any(s == "瑞明科技有限公司" and "智能水务监测项目" in o for s, o in _rel(res, "develops"))


def test_company_alias_merges_the_award(res: Resolution) -> None:
    awards = {
        (res.entities[f.subject].label, f.object) for f in res.facts if f.predicate == "award"
    }
    assert ("瑞明科技有限公司", "省级专精特新企业") in awards  # 瑞明科技 merged into the company


def test_two_people_of_one_name(res: Resolution) -> None:
    people = sorted(k for k, e in res.entities.items() if e.label == "陈国华")
    assert len(people) == 2
    posts = {
        k: {(n, f.role) for f in res.facts if f.subject == k and f.predicate == "worksFor"
            for n in _labels(res, f.object)}
        for k in people
    }
    secretary = next(k for k in people if ("鹿城区委", "书记") in posts[k])
    chair = next(k for k in people if ("鹿城区工商联", "副主席") in posts[k])
    assert secretary != chair
    investors = {f.subject for f in res.facts if f.predicate == "investsIn"}
    assert investors == {chair}


def test_subdistrict_short_form(res: Resolution) -> None:
    # The page never writes 五马街道办事处: the short form stays as written,
    # and a decision says which body it likely is.
    assert ("林晓东", "该街道办事处") in _rel(res, "worksFor")
    assert not any(e.label == "五马街道办事处" for e in res.entities.values())
    [decision] = [d for d in res.decisions if d.mention_text == "该街道办事处"]
    assert "五马街道办事处" in decision.reason
    assert res.entities[decision.entity_key].label == "该街道办事处"
