"""Each built-in pattern on sentences written for the test, with hand-made mentions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kg.types import RelationCandidate

GOV, ORG, COM, UNI = "GovernmentOrganization", "Organization", "Company", "University"
PER, PLACE, PROJ, EVENT = "Person", "Place", "Project", "Event"

Run = Callable[..., list[RelationCandidate]]
T = Callable[[list[RelationCandidate]], set[tuple[str, str, str | None, str | None]]]


def test_title_apposition_with_short_form(run: Run, as_triples: T) -> None:
    found = run("市发改委主任王建国表示，今年将加快项目建设。",
                [("市发改委", GOV, "short"), ("王建国", PER)])
    assert as_triples(found) == {("王建国", "worksFor", "市发改委", "主任")}
    assert found[0].rule == "post_apposition"


def test_several_posts_each_with_its_organisation(run: Run, as_triples: T) -> None:
    found = run("县委常委、组织部长，副县长孙明出席会议。", [("县委", GOV, "short"), ("孙明", PER)])
    got = {(t[2], t[3]) for t in as_triples(found) if t[1] == "worksFor"}
    assert got == {("县委", "常委"), ("县委组织部", "部长"), ("县政府", "副县长")}
    derived = {c.tail.text: c.tail for c in found if c.tail}
    assert derived["县委组织部"].kind == "short"  # expanded later by the resolver


def test_posts_in_two_organisations_and_an_honorific(run: Run, as_triples: T) -> None:
    text = "江北区文联副主席、中国书法大师陈刚出席。"
    found = run(text, [("江北区文联", ORG), ("中国", PLACE), ("陈刚", PER)])
    assert as_triples(found) == {
        ("陈刚", "worksFor", "江北区文联", "副主席"),
        ("陈刚", "award", "中国书法大师", None),
    }


def test_named_place_with_fused_title(run: Run, as_triples: T) -> None:
    found = run("江北区委书记周强调研。", [("江北区", PLACE), ("周强", PER)])
    assert as_triples(found) == {("周强", "worksFor", "江北区委", "书记")}


def test_government_title_after_named_place(run: Run, as_triples: T) -> None:
    found = run("江北区副区长赵敏参加。", [("江北区", PLACE), ("赵敏", PER)])
    assert as_triples(found) == {("赵敏", "worksFor", "江北区政府", "副区长")}


def test_tagger_glued_party_group_to_the_organisation(run: Run, as_triples: T) -> None:
    found = run("江北区文联党组书记钱进说。", [("江北区文联党组", GOV), ("钱进", PER)])
    assert ("钱进", "worksFor", "江北区文联", "党组书记") in as_triples(found)


def test_bare_department_after_its_committee(run: Run, as_triples: T) -> None:
    found = run("市委常委、宣传部长吴芳讲话。",
                [("市委", GOV, "short"), ("宣传部", GOV), ("吴芳", PER)])
    got = {(t[2], t[3]) for t in as_triples(found)}
    assert got == {("市委", "常委"), ("市委宣传部", "部长")}


def test_bureau_head_written_fused(run: Run, as_triples: T) -> None:
    found = run("江北区商务局长何平介绍。", [("江北区商务局", GOV), ("何平", PER)])
    assert as_triples(found) == {("何平", "worksFor", "江北区商务局", "局长")}


def test_name_as_post(run: Run, as_triples: T) -> None:
    found = run("李娜作为星河公司总经理参加签约。", [("李娜", PER), ("星河公司", COM)])
    assert as_triples(found) == {("李娜", "worksFor", "星河公司", "总经理")}


def test_title_without_organisation_gives_no_post(run: Run, as_triples: T) -> None:
    assert run("主任王建国表示同意。", [("王建国", PER)]) == []


def test_coordinated_partners_with_anaphor_subject(run: Run, as_triples: T) -> None:
    found = run("该公司与清华大学、浙江大学等3所高校签订合作协议。",
                [("该公司", COM, "anaphor"), ("清华大学", UNI), ("浙江大学", UNI)])
    assert as_triples(found) == {
        ("该公司", "cooperatesWith", "清华大学", None),
        ("该公司", "cooperatesWith", "浙江大学", None),
    }


def test_partners_without_subject_get_a_zero_subject(run: Run) -> None:
    found = run("与北京大学和武汉大学签署战略合作协议。", [("北京大学", UNI), ("武汉大学", UNI)])
    tails = {c.tail.text for c in found if c.tail}
    assert tails == {"北京大学", "武汉大学"}
    for c in found:
        assert c.head.kind == "anaphor" and c.head.text == "" and c.head.start == c.head.end


def test_joint_development(run: Run, as_triples: T) -> None:
    text = "该区与本地星河科技有限公司合作研发的智能巡检机器人项目进展顺利。"
    found = run(text, [("该区", PLACE, "anaphor"), ("星河科技有限公司", COM)])
    got = as_triples(found)
    assert ("星河科技有限公司", "develops", "智能巡检机器人项目", None) in got
    assert ("该区", "cooperatesWith", "星河科技有限公司", None) in got
    project = next(c.tail for c in found if c.relation == "develops" and c.tail)
    assert text[project.start : project.end] == project.text


def test_investor_as(run: Run, as_triples: T) -> None:
    found = run("目前，陈刚作为投资人的江北区青瓷文化产业园正在施工。",
                [("陈刚", PER), ("江北区", PLACE), ("青瓷文化产业园", PLACE)])
    assert as_triples(found) == {("陈刚", "investsIn", "青瓷文化产业园", None)}


def test_invest_build(run: Run, as_triples: T) -> None:
    found = run("星河集团投资建设的光伏发电项目年内投产。", [("星河集团", COM), ("光伏发电项目", PROJ)])
    assert as_triples(found) == {("星河集团", "investsIn", "光伏发电项目", None)}


def test_located_at_with_project_from_text(run: Run, as_triples: T) -> None:
    found = run("位于高新区的年产10万吨新材料项目已开工。", [("高新区", PLACE)])
    assert as_triples(found) == {("年产10万吨新材料项目", "locatedIn", "高新区", None)}


def test_located_at_anaphoric_park(run: Run, as_triples: T) -> None:
    found = run("位于该产业园的光纤预制棒项目已投产。",
                [("该产业园", PLACE, "anaphor"), ("光纤预制棒项目", PROJ)])
    assert as_triples(found) == {("光纤预制棒项目", "locatedIn", "该产业园", None)}


def test_adjacent_places_nest(run: Run, as_triples: T) -> None:
    found = run("东湖街道李家村的村民正在植树。", [("东湖街道", PLACE), ("李家村", PLACE)])
    assert as_triples(found) == {("李家村", "containedInPlace", "东湖街道", None)}
    found = run("湖北省武汉市江岸区", [("湖北省", PLACE), ("武汉市", PLACE), ("江岸区", PLACE)])
    assert as_triples(found) == {
        ("武汉市", "containedInPlace", "湖北省", None),
        ("江岸区", "containedInPlace", "武汉市", None),
    }


def test_adjacent_places_in_the_wrong_order_do_not_nest(run: Run) -> None:
    assert run("李家村东湖街道", [("李家村", PLACE), ("东湖街道", PLACE)]) == []


def test_fused_place_is_split(run: Run, as_triples: T) -> None:
    found = run("东湖街道李家村的村民正在植树。", [("东湖街道李家村", PLACE)])
    assert as_triples(found) == {("李家村", "containedInPlace", "东湖街道", None)}
    inner = next(c.head for c in found)
    assert (inner.start, inner.end) == (4, 7)


def test_event_held_in_place(run: Run, as_triples: T) -> None:
    found = run("在深圳举办了招商推介会。", [("深圳", PLACE), ("招商推介会", EVENT)])
    assert as_triples(found) == {("招商推介会", "locatedIn", "深圳", None)}


def test_headquarters(run: Run, as_triples: T) -> None:
    found = run("星河电子有限公司成立于2001年，总部位于杭州。", [("星河电子有限公司", COM), ("杭州", PLACE)])
    assert as_triples(found) == {("星河电子有限公司", "locatedIn", "杭州", None)}


def test_resident_of_named_community(run: Run, as_triples: T) -> None:
    found = run("幸福社区居民王丽告诉记者。", [("幸福社区", PLACE), ("王丽", PER)])
    assert as_triples(found) == {("王丽", "residesIn", "幸福社区", None)}


def test_quote_and_bare_community_resident(run: Run, as_triples: T) -> None:
    found = run("“服务越来越好了。”社区居民刘芳说。", [("刘芳", PER)])
    assert as_triples(found) == {
        ("刘芳", "quotation", "服务越来越好了。", None),
        ("刘芳", "residesIn", "社区", None),
    }
    community = next(c.tail for c in found if c.relation == "residesIn" and c.tail)
    assert community.kind == "anaphor"  # the resolver finds which 社区


def test_retired_worker(run: Run, as_triples: T) -> None:
    found = run("某某机械厂退休职工赵强说。", [("某某机械厂", COM), ("赵强", PER)])
    assert as_triples(found) == {("赵强", "worksFor", "某某机械厂", "退休职工")}


def test_award_literal_without_title_word(run: Run, as_triples: T) -> None:
    found = run("该公司荣获省级专精特新企业称号。", [("该公司", COM, "anaphor")])
    assert as_triples(found) == {("该公司", "award", "省级专精特新企业", None)}


def test_award_verbs(run: Run, as_triples: T) -> None:
    found = run("星河小学连续3年被评为市级文明校园，王强获评优秀教师。",
                [("星河小学", ORG), ("王强", PER)])
    assert as_triples(found) == {
        ("星河小学", "award", "市级文明校园", None),
        ("王强", "award", "优秀教师", None),
    }


def test_quote_then_titled_speaker(run: Run, as_triples: T) -> None:
    found = run("“今年的目标一定能完成。”市长李明说。", [("李明", PER)])
    assert as_triples(found) == {
        ("李明", "quotation", "今年的目标一定能完成。", None),
        ("李明", "worksFor", "市政府", "市长"),
    }


def test_speaker_then_quote(run: Run, as_triples: T) -> None:
    found = run("王芳表示：“我们会继续努力。”", [("王芳", PER)])
    assert as_triples(found) == {("王芳", "quotation", "我们会继续努力。", None)}


def test_graduated(run: Run, as_triples: T) -> None:
    found = run("刘洋，1980年生，2002年毕业于武汉大学。", [("刘洋", PER), ("武汉大学", UNI)])
    assert as_triples(found) == {("刘洋", "alumniOf", "武汉大学", None)}


def test_graduated_does_not_cross_another_person(run: Run) -> None:
    found = run("刘洋的同事张华毕业于武汉大学。", [("刘洋", PER), ("张华", PER), ("武汉大学", UNI)])
    assert {(c.head.text, c.tail.text if c.tail else None) for c in found} == {("张华", "武汉大学")}


def test_founder_both_ways(run: Run, as_triples: T) -> None:
    found = run("周涛创办了星河网络科技有限公司。", [("周涛", PER), ("星河网络科技有限公司", COM)])
    # the founder is also the company's (worksFor, role 创办人)
    assert as_triples(found) == {("星河网络科技有限公司", "founder", "周涛", None),
                                 ("周涛", "worksFor", "星河网络科技有限公司", "创办人")}
    found = run("星河集团创始人兼总裁周涛说。", [("星河集团", COM), ("周涛", PER)])
    assert ("星河集团", "founder", "周涛", None) in as_triples(found)


@pytest.mark.parametrize(
    "text,specs",
    [
        ("王建国在会上发言。", [("王建国", PER)]),
        ("清华大学和浙江大学的学生参加。", [("清华大学", UNI), ("浙江大学", UNI)]),
    ],
)
def test_no_relation_where_none_is_stated(run: Run, text: str, specs: list[tuple[str, str]]) -> None:
    assert run(text, specs) == []


def test_offsets_of_mentions_index_the_sentence(run: Run) -> None:
    text = "据悉，市发改委主任王建国表示，位于高新区的新材料项目已开工。"
    found = run(text, [("市发改委", GOV, "short"), ("王建国", PER), ("高新区", PLACE)])
    assert found
    for c in found:
        for m in (c.head, c.tail):
            if m is not None and m.end > m.start:
                assert text[m.start : m.end] == m.text


def test_glued_party_committee_does_not_carry_to_the_next_title(run: Run, as_triples: T) -> None:
    found = run("星河酒业股份有限公司党委书记、董事长刘淼致辞。",
                [("星河酒业股份有限公司党委", COM), ("刘淼", PER)])
    assert as_triples(found) == {
        ("刘淼", "worksFor", "星河酒业股份有限公司", "党委书记"),
        ("刘淼", "worksFor", "星河酒业股份有限公司", "董事长"),
    }


def test_adjacent_places_as_location_use_the_innermost(run: Run, as_triples: T) -> None:
    found = run("星河电子有限公司成立于2001年，总部位于浙江省杭州市。",
                [("星河电子有限公司", COM), ("浙江省", PLACE), ("杭州市", PLACE)])
    got = as_triples(found)
    assert ("星河电子有限公司", "locatedIn", "杭州市", None) in got
    assert ("星河电子有限公司", "locatedIn", "浙江省", None) not in got
    assert ("杭州市", "containedInPlace", "浙江省", None) in got


def test_headquarters_belong_to_the_sentence_subject(run: Run, as_triples: T) -> None:
    found = run("星河人寿成立于2001年，股东包括明光钢铁有限公司等，公司总部在上海。",
                [("星河人寿", COM), ("明光钢铁有限公司", COM), ("上海", PLACE)])
    assert as_triples(found) == {("星河人寿", "locatedIn", "上海", None)}


def test_cv_style_current_post(run: Run, as_triples: T) -> None:
    found = run("文平，男，1962年出生，高级工程师，现任星河科技股份有限公司董事长、总经理。",
                [("文平", PER), ("星河科技股份有限公司", COM)])
    assert as_triples(found) == {
        ("文平", "worksFor", "星河科技股份有限公司", "董事长"),
        ("文平", "worksFor", "星河科技股份有限公司", "总经理"),
    }


def test_cv_style_schools(run: Run, as_triples: T) -> None:
    found = run("人物简介胡明，男，1969年出生，燕山大学毕业，博士研究生学历。",
                [("胡明", PER), ("燕山大学", UNI)])
    assert as_triples(found) == {("胡明", "alumniOf", "燕山大学", None)}
    found = run("在北京大学读书期间，徐琪热衷社团活动。", [("北京大学", UNI), ("徐琪", PER)])
    assert as_triples(found) == {("徐琪", "alumniOf", "北京大学", None)}
    found = run("1951年，威尔从科斯基尔军校毕业。", [("威尔", PER), ("科斯基尔军校", UNI)])
    assert as_triples(found) == {("威尔", "alumniOf", "科斯基尔军校", None)}


def test_person_subject_blocks_zero_subject_cooperation(run: Run) -> None:
    found = run("去年7月，范冰正式与星河集团签约，成为品牌代言人。", [("范冰", PER), ("星河集团", COM)])
    assert [c for c in found if c.relation == "cooperatesWith"] == []


def test_quoted_nickname_is_not_a_quotation(run: Run) -> None:
    found = run("“弩哥”扮演者诺曼曾透露，两人形影不离。", [("诺曼", PER)])
    assert [c for c in found if c.relation == "quotation"] == []


def test_verb_opening_the_next_quote_is_not_the_first_quotes(run: Run, as_triples: T) -> None:
    text = "导演何念说：“要讲好故事。”而制作人马晨则表示：“上海引进了很多剧目。”"
    found = run(text, [("何念", PER), ("马晨", PER)])
    assert {t for t in as_triples(found) if t[1] == "quotation"} == {
        ("何念", "quotation", "要讲好故事。", None),
        ("马晨", "quotation", "上海引进了很多剧目。", None),
    }


def test_generic_word_is_not_made_a_project(run: Run) -> None:
    found = run("公司决定关闭位于汉福德的工厂的部分业务。", [("汉福德", PLACE)])
    assert found == []


def test_quoted_award_stops_at_the_quote(run: Run, as_triples: T) -> None:
    found = run("李咏被评为“中国最有价值主持人”时曾说过一句话。", [("李咏", PER)])
    assert as_triples(found) == {("李咏", "award", "“中国最有价值主持人”", None)}
    found = run("星河商会连续7年被评为全国“五好”县级商会。", [("星河商会", ORG)])
    assert as_triples(found) == {("星河商会", "award", "全国“五好”县级商会", None)}


def test_ended_cooperation_is_not_cooperation(run: Run) -> None:
    found = run("协会宣布解除与天合集团持续十年的合作关系。", [("天合集团", COM)])
    assert [c for c in found if c.relation == "cooperatesWith"] == []


def test_attributive_graduate_is_the_next_person(run: Run, as_triples: T) -> None:
    found = run("唱作人尚雯和毕业于伯克利音乐学院的刘华都有音乐功底。",
                [("尚雯", PER), ("伯克利音乐学院", UNI), ("刘华", PER)])
    assert as_triples(found) == {("刘华", "alumniOf", "伯克利音乐学院", None)}


def test_mid_clause_person_blocks_zero_subject(run: Run) -> None:
    found = run("作品缘起于导演孟京此前与中国美院的合作。", [("孟京", PER), ("中国美院", UNI)])
    assert [c for c in found if c.relation == "cooperatesWith"] == []


def test_cv_clause_posts(run: Run, as_triples: T) -> None:
    found = run("陈新，1968年出生于湖北省仙桃市，武汉亿星文教股份有限公司董事长，省出版协会副会长。",
                [("陈新", PER), ("湖北省", PLACE), ("仙桃市", PLACE),
                 ("武汉亿星文教股份有限公司", COM)])
    assert ("陈新", "worksFor", "武汉亿星文教股份有限公司", "董事长") in as_triples(found)


def test_name_then_posts_in_a_caption(run: Run, as_triples: T) -> None:
    found = run("阮良 星特玻璃集团股份有限公司董事长", [("阮良", PER), ("星特玻璃集团股份有限公司", COM)])
    assert as_triples(found) == {("阮良", "worksFor", "星特玻璃集团股份有限公司", "董事长")}


def test_fronted_as_post(run: Run, as_triples: T) -> None:
    found = run("作为湖南远帆控股集团有限公司董事长，陈荣爱岗敬业。",
                [("湖南远帆控股集团有限公司", COM), ("陈荣", PER)])
    assert as_triples(found) == {("陈荣", "worksFor", "湖南远帆控股集团有限公司", "董事长")}


def test_post_of_with_de(run: Run, as_triples: T) -> None:
    found = run("宣国同时也是港股上市公司中国星动集团（00569.HK）的董事长。",
                [("宣国", PER), ("中国星动集团", COM)])
    assert as_triples(found) == {("宣国", "worksFor", "中国星动集团", "董事长")}


def test_title_between_org_and_name(run: Run, as_triples: T) -> None:
    found = run("北京罗星科技有限公司汪静董事长亲临现场。", [("北京罗星科技有限公司", COM), ("汪静", PER)])
    assert as_triples(found) == {("汪静", "worksFor", "北京罗星科技有限公司", "董事长")}
    found = run("星叶集团在董事长叶青的带领下起家。", [("星叶集团", COM), ("叶青", PER)])
    assert as_triples(found) == {("叶青", "worksFor", "星叶集团", "董事长")}


def test_more_founder_constructions(run: Run, as_triples: T) -> None:
    found = run("1976年，乔安与另一位联合创始人沃兹一起创立了苹星公司。",
                [("乔安", PER), ("沃兹", PER), ("苹星公司", COM)])
    assert {t for t in as_triples(found) if t[1] == "founder"} == {
        ("苹星公司", "founder", "乔安", None), ("苹星公司", "founder", "沃兹", None)}
    found = run("1987年，任飞与5名股东筹资成立了深圳市星为技术有限公司。",
                [("任飞", PER), ("深圳市星为技术有限公司", COM)])
    assert {t for t in as_triples(found) if t[1] == "founder"} == {
        ("深圳市星为技术有限公司", "founder", "任飞", None)}
    found = run("由田治郎等人创建的快进社后来改名。", [("田治郎", PER), ("快进社", ORG)])
    assert as_triples(found) == {("快进社", "founder", "田治郎", None)}
    found = run("北京巧星网络科技有限公司，成立于2016年，公司创始人戴平。",
                [("北京巧星网络科技有限公司", COM), ("戴平", PER)])
    assert as_triples(found) == {("北京巧星网络科技有限公司", "founder", "戴平", None)}


def test_event_in_several_places_from_text(run: Run, as_triples: T) -> None:
    found = run("在广州、深圳等地举办长三角系列招商推介活动。",
                [("广州", PLACE), ("深圳", PLACE), ("长三角", PLACE)])
    assert as_triples(found) == {
        ("长三角系列招商推介活动", "locatedIn", "广州", None),
        ("长三角系列招商推介活动", "locatedIn", "深圳", None),
    }
    event = next(c.head for c in found)
    assert event.type == EVENT


def test_posts_after_a_bare_place(run: Run, as_triples: T) -> None:
    found = run("东湖街道党工委书记马力、李家村村主任赵军参加活动。",
                [("东湖街道", PLACE), ("马力", PER), ("李家村", PLACE), ("赵军", PER)])
    assert as_triples(found) == {
        ("马力", "worksFor", "东湖街道党工委", "书记"),
        ("赵军", "worksFor", "李家村村委会", "主任"),
    }


def test_provincial_and_town_posts(run: Run, as_triples: T) -> None:
    found = run("省委副书记、省长王明，镇党委书记李强出席。", [("王明", PER), ("李强", PER)])
    assert as_triples(found) == {
        ("王明", "worksFor", "省委", "副书记"),
        ("王明", "worksFor", "省政府", "省长"),
        ("李强", "worksFor", "镇党委", "书记"),
    }


def test_investment_with_amount_and_project_from_text(run: Run, as_triples: T) -> None:
    found = run("星河集团计划投资10亿元建设智能制造产业园项目。", [("星河集团", COM)])
    assert as_triples(found) == {("星河集团", "investsIn", "智能制造产业园项目", None)}
    found = run("该项目由星河集团投资建设。", [("该项目", PROJ, "anaphor"), ("星河集团", COM)])
    assert as_triples(found) == {("星河集团", "investsIn", "该项目", None)}


def test_untagged_project_settles_in_a_park(run: Run, as_triples: T) -> None:
    found = run("总投资5亿元的新能源汽车零部件项目正式落户高新区。", [("高新区", PLACE)])
    assert as_triples(found) == {("新能源汽车零部件项目", "locatedIn", "高新区", None)}


def test_glued_head_is_not_read_twice(run: Run, as_triples: T) -> None:
    found = run("江北区工商联党组书记钱进说。", [("江北区工商联党组", ORG), ("钱进", PER)])
    assert as_triples(found) == {("钱进", "worksFor", "江北区工商联", "党组书记")}


def test_untagged_subject_blocks_zero_subject(run: Run) -> None:
    found = run("10月31日，腾讯与红星美凯龙宣布达成战略合作。", [("红星美凯龙", COM)])
    assert [c for c in found if c.relation == "cooperatesWith"] == []
    found = run("今年以来，同时与北京大学签订战略合作协议。", [("北京大学", UNI)])
    assert [(c.head.text, c.tail.text if c.tail else None) for c in found] == [("", "北京大学")]


def test_award_literal_stops_at_a_space(run: Run, as_triples: T) -> None:
    found = run("王蔷一年斩获1100万奖金 王蔷神奇赛季", [("王蔷", PER), ("王蔷", PER)])
    assert as_triples(found) == {("王蔷", "award", "1100万奖金", None)}


def test_elected_or_appointed(run: Run, as_triples: T) -> None:
    found = run("会上，王五当选为星河商会会长。", [("王五", PER), ("星河商会", ORG)])
    assert as_triples(found) == {("王五", "worksFor", "星河商会", "会长")}


def test_party_working_committee_keeps_its_organisation(run: Run, as_triples: T) -> None:
    found = run("该街道党工委书记周涛介绍。", [("该街道党工委", GOV, "short"), ("周涛", PER)])
    assert as_triples(found) == {("周涛", "worksFor", "该街道党工委", "书记")}


def test_doubled_bureau_character_from_the_tagger(run: Run, as_triples: T) -> None:
    found = run("新华区工信局局长郑伟表示。", [("新华区工信局局", GOV), ("郑伟", PER)])
    assert as_triples(found) == {("郑伟", "worksFor", "新华区工信局", "局长")}
