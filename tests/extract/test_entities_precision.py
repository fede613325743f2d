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


# -- names versus designations, events and the edges of names ----------------


def test_a_designation_is_no_project_but_a_named_project_in_its_style_is(
    stage: PrecisionFilter,
) -> None:
    text = "该园已获评国家级青少年足球示范基地和市级蔬菜标准化种植基地，青禾鑫茂源茶叶示范园区也榜上有名。"
    assert _run(
        stage,
        text,
        ("国家级青少年足球示范基地", "Project"),
        ("市级蔬菜标准化种植基地", "Project"),
        ("青禾鑫茂源茶叶示范园区", "Project"),
    ) == [("青禾鑫茂源茶叶示范园区", "Project")]


def test_a_county_with_a_designation_is_no_project(stage: PrecisionFilter) -> None:
    text = "东湖区现代渔业园区今年扩容，东湖区光电产业园也在建设。"
    assert _run(
        stage, text, ("东湖区现代渔业园区", "Project"), ("东湖区光电产业园", "Project")
    ) == [("东湖区光电产业园", "Project")]


def test_groups_need_a_name_part(stage: PrecisionFilter) -> None:
    text = "青禾医院组建专家团下乡义诊，两家医院成立技术联盟，松林村党支部和车间党支部参加。"
    assert _run(
        stage,
        text,
        ("专家团", "Organization"),
        ("技术联盟", "Organization"),
        ("松林村党支部", "Organization"),
        ("车间党支部", "Organization"),
    ) == [("松林村党支部", "Organization")]


def test_a_company_with_no_trade_name_or_of_a_kind_is_dropped(stage: PrecisionFilter) -> None:
    text = "青禾将培育一批医药化工公司和服务型公司，华茂化工公司率先响应。"
    assert _run(
        stage,
        text,
        ("医药化工公司", "Company"),
        ("服务型公司", "Company"),
        ("华茂化工公司", "Company"),
    ) == [("华茂化工公司", "Company")]


def test_a_meeting_is_no_organization(stage: PrecisionFilter) -> None:
    text = "全省代表大会闭幕后，大家学习十八届三中全会精神，四届二次职代会随后召开，市人民代表大会审议报告。"
    assert _run(
        stage,
        text,
        ("全省代表大会", "Organization"),
        ("十八届三中全会", "Organization"),
        ("四届二次职代会", "Organization"),
        ("市人民代表大会", "GovernmentOrganization"),
    ) == [("市人民代表大会", "GovernmentOrganization")]


def test_abbreviations_before_a_road_word_are_the_road(stage: PrecisionFilter) -> None:
    text = "湘赣公路沿线车流量大。"
    assert _run(stage, text, ("湘", "Place"), ("赣", "Place")) == [("湘赣公路", "Place")]


def test_standalone_abbreviations_in_a_list_stay_places(stage: PrecisionFilter) -> None:
    text = "湘、赣、粤三省代表出席。"
    found = _run(stage, text, ("湘", "Place"), ("赣", "Place"), ("粤", "Place"))
    assert found == [("湘", "Place"), ("赣", "Place"), ("粤", "Place")]


def test_boundary_descriptions_and_spots_on_roads_are_no_places(stage: PrecisionFilter) -> None:
    text = "规划区东至白沙河，西至长丰路口处，北至云溪路平交口；车辆由青禾高速白沙南出口驶入。"
    assert _run(
        stage,
        text,
        ("东至", "Place"),
        ("西至长丰路口处", "Organization"),
        ("云溪路平交口", "Place"),
        ("青禾高速白沙南", "Place"),
    ) == [("云溪路", "Place"), ("青禾高速", "Place")]


def test_touching_projects_and_an_output_joined_to_a_project_are_one(
    stage: PrecisionFilter,
) -> None:
    text = "签约年产5万吨高纯石英砂及石英制品项目，参观青禾良种工程云溪试验基地。"
    assert _run(
        stage,
        text,
        ("年产5万吨高纯石英砂", "Project"),
        ("石英制品项目", "Project"),
        ("青禾良种工程", "Project"),
        ("云溪试验基地", "Project"),
    ) == [
        ("年产5万吨高纯石英砂及石英制品项目", "Project"),
        ("青禾良种工程云溪试验基地", "Project"),
    ]


def test_lead_symbols_and_dates_are_no_part_of_a_project(stage: PrecisionFilter) -> None:
    text = "▲青禾冷链仓储中心项目开工，2019年青禾湾污水处理项目投用。"
    assert _run(
        stage, text, ("▲青禾冷链仓储中心项目", "Project"), ("2019年青禾湾污水处理项目", "Project")
    ) == [("青禾冷链仓储中心项目", "Project"), ("青禾湾污水处理项目", "Project")]


def test_names_at_word_edges(stage: PrecisionFilter) -> None:
    text = "其中国际合作项目5个，华茂公司扩建年产500吨茶油项目，他从一份研究报告中得知，云溪大学校长到场。"
    assert _run(
        stage,
        text,
        ("中国", "Place"),
        ("建年产500吨茶油项目", "Project"),
        ("研究报", "Organization"),
        ("云溪大学", "University"),
    ) == [("扩建年产500吨茶油项目", "Project"), ("云溪大学", "University")]


def test_founders_in_a_fund_name_are_no_people(stage: PrecisionFilter) -> None:
    text = "钱方钱园基金评审委员会日前公布名单，他获钱方钱园基金奖。"
    assert _run(
        stage,
        text,
        ("钱方", "Person"),
        ("钱园基金评审委员会", "Organization"),
    ) == [("钱方钱园基金评审委员会", "Organization")]


def test_a_founder_the_article_names_alone_stays(stage: PrecisionFilter) -> None:
    texts = ["钱方基金会成立。", "钱方出席了仪式。"]
    sentences = [Sentence("a", k, 0, len(t), t) for k, t in enumerate(texts)]
    found = stage.refine(sentences, [[_at(t, "钱方", "Person")] for t in texts])
    assert [[m.text for m in ms] for ms in found] == [["钱方"], ["钱方"]]


def test_a_person_ending_in_a_locative_is_dropped(stage: PrecisionFilter) -> None:
    text = "供水范围覆盖白鹭镇(除江湾外)全境。"
    assert _run(stage, text, ("江湾外", "Person")) == []


def test_a_body_after_a_title_and_a_body_before_a_post(stage: PrecisionFilter) -> None:
    text = "作为龙头企业华茂公司的供应商，青禾丰源牧业有限公司白沙种猪场场长李明说。"
    assert _run(
        stage,
        text,
        ("龙头企业华茂公司", "Company"),
        ("青禾丰源牧业有限公司白沙种猪场场", "Company"),
    ) == [
        ("华茂公司", "Company"),
        ("青禾丰源牧业有限公司", "Company"),
        ("白沙种猪场", "Organization"),
    ]


def test_a_set_of_bodies_is_no_body(stage: PrecisionFilter) -> None:
    text = "青禾各区县茶叶协会联合发布倡议。"
    assert _run(stage, text, ("青禾各区县茶叶协会", "Organization")) == []


def test_a_place_starting_an_event_name_is_part_of_it(stage: PrecisionFilter) -> None:
    text = "第五届中国国际茶叶博览会在此举行，他获得湖南省金奖。"
    assert _run(stage, text, ("中国", "Place"), ("湖南省", "Place")) == [("湖南省", "Place")]


def test_a_subdistrict_run_into_its_community_is_two_places(stage: PrecisionFilter) -> None:
    text = "云溪街道松林社区开展义诊。"
    assert _run(stage, text, ("云溪街道松林社区", "Place")) == [
        ("云溪街道", "Place"),
        ("松林社区", "Place"),
    ]


def test_a_place_with_a_function_word_is_dropped(stage: PrecisionFilter) -> None:
    text = "青禾以村为单位组织评比。"
    assert _run(stage, text, ("青禾以村", "Place")) == []


def test_a_project_with_a_doubled_head_ends_at_the_first(stage: PrecisionFilter) -> None:
    text = "青禾体育馆改造项目工程进展顺利。"
    assert _run(stage, text, ("青禾体育馆改造项目工程", "Project")) == [
        ("青禾体育馆改造项目", "Project")
    ]


def test_a_road_split_off_a_subdistrict_takes_the_community_after_it(
    stage: PrecisionFilter,
) -> None:
    text = "白鹭街道长丰南路社区举办邻里节。"
    assert _run(stage, text, ("白鹭街道长丰南路", "Place")) == [
        ("白鹭街道", "Place"),
        ("长丰南路社区", "Place"),
    ]


def test_a_ranked_zone_is_no_place_but_a_named_zone_is(stage: PrecisionFilter) -> None:
    text = "湖南省省级开发区名单公布，青禾经济开发区入选。"
    assert _run(stage, text, ("湖南省省级开发区", "Place"), ("青禾经济开发区", "Place")) == [
        ("青禾经济开发区", "Place")
    ]


def test_a_village_of_quantifiers_is_no_place(stage: PrecisionFilter) -> None:
    text = "活动带动很多村参与评比，五里街道也在其中。"
    assert _run(stage, text, ("很多村", "Place"), ("五里街道", "Place")) == [("五里街道", "Place")]
