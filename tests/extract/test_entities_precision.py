"""The precision stage: each check on sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.config import BuildConfig
from kg.errors import KGError
from kg.extract.entities import EntityPipeline
from kg.extract.entities.precision import PrecisionFilter, PrecisionSettings
from kg.types import Mention, Sentence


@pytest.fixture(scope="module")
def stage() -> PrecisionFilter:
    return PrecisionFilter()


def _at(text: str, name: str, type_: str) -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), type_, name)


def _run(stage: PrecisionFilter, text: str, *spans: tuple[str, str]) -> list[tuple[str, str]]:
    sentence = Sentence("t", 0, 0, len(text), text)
    found = stage.refine([sentence], [[_at(text, n, t) for n, t in spans]])[0]
    return [(m.text, m.type) for m in found]


def test_leading_preposition_is_cut_off_a_body(stage: PrecisionFilter) -> None:
    text = "记者从东湖区水务集团了解到，工程已开工。"
    assert _run(stage, text, ("从东湖区水务集团", "Company")) == [("东湖区水务集团", "Company")]


def test_body_is_cut_back_to_its_suffix_before_a_person_and_post(stage: PrecisionFilter) -> None:
    text = "会上，东湖区科学技术局王建新副局长讲话。"
    assert _run(stage, text, ("东湖区科学技术局王建新", "Organization")) == [
        ("东湖区科学技术局", "GovernmentOrganization"),
        ("王建新", "Person"),
    ]


def test_bodies_without_a_name_are_dropped(stage: PrecisionFilter) -> None:
    text = "华星科技有限公司与有限公司、国家重点实验室和附属医院签约。"
    spans = [
        ("华星科技有限公司", "Company"),
        ("有限公司", "Company"),
        ("国家重点实验室", "University"),
        ("附属医院", "Organization"),
    ]
    assert _run(stage, text, *spans) == [("华星科技有限公司", "Company")]


def test_bodies_named_by_ordinary_words_stay(stage: PrecisionFilter) -> None:
    text = "电子科技大学和小神马酒店合作。"
    spans = [("电子科技大学", "University"), ("小神马酒店", "Company")]
    assert _run(stage, text, *spans) == [("电子科技大学", "University"), ("小神马酒店", "Company")]


def test_government_bodies_named_by_function_stay(stage: PrecisionFilter) -> None:
    text = "科技部和县委联合发文。"
    spans = [("科技部", "GovernmentOrganization"), ("县委", "GovernmentOrganization")]
    assert _run(stage, text, *spans) == [
        ("科技部", "GovernmentOrganization"),
        ("县委", "GovernmentOrganization"),
    ]


def test_a_generic_project_gives_back_the_place_it_swallowed(stage: PrecisionFilter) -> None:
    text = "这是湖南省大型重点项目，也是一批重点项目。"
    spans = [("湖南省大型重点项目", "Project"), ("一批重点项目", "Project")]
    assert _run(stage, text, *spans) == [("湖南省", "Place")]


def test_a_descriptive_project_stays(stage: PrecisionFilter) -> None:
    text = "华星公司的年产5000吨新型包装材料项目开工。"
    assert _run(stage, text, ("年产5000吨新型包装材料项目", "Project")) == [
        ("年产5000吨新型包装材料项目", "Project")
    ]


def test_one_character_places_only_in_a_place_context() -> None:
    stage = PrecisionFilter(checks=["one_char_place"])
    text = "粤港澳大湾区里有不少豫籍商人，中美关系稳定，北京天气好。"
    spans = [
        ("粤", "Place"),
        ("港", "Place"),
        ("豫", "Place"),
        ("中", "Place"),
        ("美", "Place"),
        ("京", "Place"),
    ]
    assert _run(stage, text, *spans) == [("豫", "Place"), ("中", "Place"), ("美", "Place")]


def test_common_words_are_no_people(stage: PrecisionFilter) -> None:
    text = "手术顺利完成，刘建华表示满意。"
    spans = [("顺利", "Person"), ("刘建华", "Person")]
    assert _run(stage, text, *spans) == [("刘建华", "Person")]


def test_a_person_that_is_a_known_place_is_a_place(stage: PrecisionFilter) -> None:
    text = "他来自兰考。"
    assert _run(stage, text, ("兰考", "Person")) == [("兰考", "Place")]


def test_a_place_inside_an_idiom_is_dropped(stage: PrecisionFilter) -> None:
    text = "新书上市后洛阳纸贵，东湖区书店脱销。"
    spans = [("洛阳", "Place"), ("东湖区", "Place")]
    assert _run(stage, text, *spans) == [("东湖区", "Place")]


def test_nothing_inside_a_title_is_a_mention() -> None:
    stage = PrecisionFilter(checks=["title"])  # off by default (precision.yaml)
    text = "全体起立，齐唱《中华人民共和国国歌》，随后北京代表发言。"
    spans = [("中华人民共和国", "Place"), ("北京", "Place")]
    assert _run(stage, text, *spans) == [("北京", "Place")]


def test_a_place_becomes_the_geographic_feature_it_names(stage: PrecisionFilter) -> None:
    text = "该县位于准噶尔盆地南缘。"
    assert _run(stage, text, ("准噶尔", "Place")) == [("准噶尔盆地", "Place")]


def test_a_place_starting_a_name_of_the_article_is_that_name(stage: PrecisionFilter) -> None:
    first = "华星科技有限公司与东湖集团签约。"
    second = "东湖集团负责人说，项目年底投产。"
    sentences = [Sentence("a", 0, 0, len(first), first), Sentence("a", 1, 0, len(second), second)]
    mentions = [[_at(first, "东湖集团", "Company")], [_at(second, "东湖", "Place")]]
    out = stage.refine(sentences, mentions)
    assert [(m.text, m.type) for m in out[1]] == [("东湖集团", "Company")]
    other = [Sentence("b", 1, 0, len(second), second)]
    alone = stage.refine(other, [[_at(second, "东湖", "Place")]])
    assert [(m.text, m.type) for m in alone[0]] == [("东湖", "Place")]


def test_checks_can_be_switched_off(stage: PrecisionFilter) -> None:
    text = "他说有限公司已注册。"
    sentence = Sentence("t", 0, 0, len(text), text)
    loose = PrecisionFilter(checks=["title"])
    assert loose.refine([sentence], [[_at(text, "有限公司", "Company")]])[0] != []
    assert stage.refine([sentence], [[_at(text, "有限公司", "Company")]])[0] == []


def test_unknown_check_is_a_clear_error() -> None:
    with pytest.raises(KGError, match="unknown checks: nosuch"):
        PrecisionFilter(checks=["nosuch"])
    with pytest.raises(KGError, match=r"precision\.yaml"):
        PrecisionSettings.load({"checks": ["title"]})


def test_the_build_runs_the_stage_after_ner() -> None:
    names = BuildConfig().entity_extractors
    assert names.index("ner") < names.index("precision") < names.index("anaphors")
    text = "记者从东湖区水务集团了解到，有限公司已注册。"
    sentence = Sentence("t", 0, 0, len(text), text)
    found = EntityPipeline(["ner", "precision"]).extract([sentence])[0]
    texts = [m.text for m in found]
    assert "有限公司" not in texts
    assert not any(t.startswith("从") for t in texts)


def test_a_name_before_a_road_word_is_the_road(stage: PrecisionFilter) -> None:
    text = "店铺开在青峰二路和明德街交口。"
    spans = [("青峰", "Place"), ("明德", "Person")]
    assert _run(stage, text, *spans) == [("青峰二路", "Place"), ("明德街", "Place")]


def test_a_quoted_word_is_no_person(stage: PrecisionFilter) -> None:
    text = "学院每月举办“创业沙龙”，孩子说‘谢谢’，王丽萍笑了。"
    spans = [("沙龙", "Person"), ("谢谢", "Person"), ("王丽萍", "Person")]
    assert _run(stage, text, *spans) == [("王丽萍", "Person")]


def test_a_place_of_common_words_is_dropped(stage: PrecisionFilter) -> None:
    text = "他们在养殖场走访，又去了临江区。"
    spans = [("养殖场", "Place"), ("临江区", "Place")]
    assert _run(stage, text, *spans) == [("临江区", "Place")]


def test_a_counted_set_of_projects_is_no_project(stage: PrecisionFilter) -> None:
    text = "东湖镇敬老院5大项目和华星新材料项目同时开工。"
    spans = [("东湖镇敬老院5大项目", "Project"), ("华星新材料项目", "Project")]
    assert _run(stage, text, *spans) == [("华星新材料项目", "Project")]


def test_a_place_running_on_into_a_name_of_the_article_takes_the_shared_part(
    stage: PrecisionFilter,
) -> None:
    first = "来源：东华石化报"
    second = "他参观了东华石化研究中心和东华大学。"
    sentences = [Sentence("a", 0, 0, len(first), first), Sentence("a", 1, 0, len(second), second)]
    mentions = [
        [_at(first, "东华石化报", "Organization")],
        [_at(second, "东华", "Place"), Mention(13, 15, "Place", "东华")],
    ]
    out = stage.refine(sentences, mentions)
    assert [(m.start, m.text, m.type) for m in out[1]] == [
        (4, "东华石化", "Organization"),
        (13, "东华", "Place"),
    ]


def test_a_count_before_the_words_makes_a_set_of_projects(stage: PrecisionFilter) -> None:
    text = "全县建成7项饮水工程和东湖饮水工程。"
    spans = [("7项饮水工程", "Project"), ("东湖饮水工程", "Project")]
    assert _run(stage, text, *spans) == [("东湖饮水工程", "Project")]
