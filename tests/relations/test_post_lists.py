"""Posts over lists of names: rosters, shared titles, modifiers, signatories.

Sentences written for these tests in the style of local news.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.types import RelationCandidate

GOV, ORG, COM, UNI = "GovernmentOrganization", "Organization", "Company", "University"
PER, PLACE = "Person", "Place"

Run = Callable[..., list[RelationCandidate]]
T = Callable[[list[RelationCandidate]], set[tuple[str, str, str | None, str | None]]]


def posts(found: list[RelationCandidate]) -> set[tuple[str, str | None, str | None]]:
    return {
        (c.head.text, c.tail.text if c.tail else None, c.role)
        for c in found
        if c.relation == "worksFor"
    }


def test_roster_titles_after_the_first_belong_to_the_same_company(run: Run) -> None:
    found = run("星河机械有限公司董事长周立、总经理吴涛、副总经理郑岚陪同参观。",
                [("星河机械有限公司", COM), ("周立", PER), ("吴涛", PER), ("郑岚", PER)])
    assert posts(found) == {
        ("周立", "星河机械有限公司", "董事长"),
        ("吴涛", "星河机械有限公司", "总经理"),
        ("郑岚", "星河机械有限公司", "副总经理"),
    }


def test_university_leaders_in_a_roster(run: Run) -> None:
    found = run("江城理工大学党委书记许文、校长邓林、副校长罗琴出席开幕式。",
                [("江城理工大学", UNI), ("许文", PER), ("邓林", PER), ("罗琴", PER)])
    assert posts(found) == {
        ("许文", "江城理工大学", "党委书记"),
        ("邓林", "江城理工大学", "校长"),
        ("罗琴", "江城理工大学", "副校长"),
    }


def test_a_deputy_title_is_shared_by_the_bare_names_after_it(run: Run) -> None:
    found = run("区住建局副局长马骏、韩雪参加调研。",
                [("区住建局", GOV, "short"), ("马骏", PER), ("韩雪", PER)])
    assert posts(found) == {("马骏", "区住建局", "副局长"), ("韩雪", "区住建局", "副局长")}


def test_a_title_one_person_holds_is_not_shared(run: Run) -> None:
    found = run("县文旅局局长郭平、孟凡等人参加。",
                [("县文旅局", GOV, "short"), ("郭平", PER), ("孟凡", PER)])
    assert posts(found) == {("郭平", "县文旅局", "局长")}


def test_a_later_organisation_starts_a_new_context(run: Run) -> None:
    found = run("东岭公司董事长唐军、南湖大学教授梁宇、副教授钱晴座谈。",
                [("东岭公司", COM), ("唐军", PER), ("南湖大学", UNI), ("梁宇", PER), ("钱晴", PER)])
    assert posts(found) == {
        ("唐军", "东岭公司", "董事长"),
        ("梁宇", "南湖大学", "教授"),
        ("钱晴", "南湖大学", "副教授"),
    }


def test_modifiers_stay_in_the_role(run: Run) -> None:
    found = run("市发改委二级巡视员陶然、园区管委会执行副主任钟毅出席。",
                [("市发改委", GOV, "short"), ("陶然", PER), ("园区管委会", GOV), ("钟毅", PER)])
    assert posts(found) == {
        ("陶然", "市发改委", "二级巡视员"),
        ("钟毅", "园区管委会", "执行副主任"),
    }


def test_vice_chair_of_a_committee_is_one_title(run: Run) -> None:
    found = run("省医学会儿科分会副主任委员田静介绍。", [("省医学会儿科分会", ORG), ("田静", PER)])
    assert posts(found) == {("田静", "省医学会儿科分会", "副主任委员")}


def test_academician_is_a_distinction_and_does_not_break_the_chain(
    run: Run, as_triples: T
) -> None:
    found = run("省政协副主席、中国科学院院士蒋华出席。",
                [("省政协", GOV, "short"), ("中国科学院", ORG), ("蒋华", PER)])
    assert as_triples(found) == {
        ("蒋华", "worksFor", "省政协", "副主席"),
        ("蒋华", "award", "中国科学院院士", None),
    }


def test_party_committee_of_its_own_keeps_its_name(run: Run) -> None:
    found = run("市教育工作党委书记林峰讲话。", [("市教育工作党委", GOV), ("林峰", PER)])
    assert posts(found) == {("林峰", "市教育工作党委", "书记")}
    found = run("星河集团党委书记林峰讲话。", [("星河集团党委", GOV), ("林峰", PER)])
    assert posts(found) == {("林峰", "星河集团", "党委书记")}


def test_community_committee_head_after_the_community_party_committee(run: Run) -> None:
    found = run("青石街道桂园社区党委书记、居委会主任孔琳说。",
                [("青石街道", PLACE), ("桂园社区党委", GOV), ("孔琳", PER)])
    assert posts(found) == {
        ("孔琳", "桂园社区党委", "书记"),
        ("孔琳", "桂园社区居委会", "主任"),
    }


def test_people_from_an_organisation(run: Run) -> None:
    found = run("来自省农科院的专家卢川、齐悦现场指导。",
                [("省农科院", ORG), ("卢川", PER), ("齐悦", PER)])
    assert posts(found) == {("卢川", "省农科院", None), ("齐悦", "省农科院", None)}


def test_signatories_make_their_organisations_partners(run: Run) -> None:
    text = "东湖新区管委会主任秦朗，星河能源有限公司董事长魏峥，南湖大学副校长罗琴代表三方签署合作协议。"
    found = run(text, [("东湖新区管委会", GOV), ("秦朗", PER), ("星河能源有限公司", COM),
                       ("魏峥", PER), ("南湖大学", UNI), ("罗琴", PER)])
    pairs = {frozenset((c.head.text, c.tail.text)) for c in found
             if c.relation == "cooperatesWith" and c.tail}
    assert pairs == {
        frozenset(("东湖新区管委会", "星河能源有限公司")),
        frozenset(("东湖新区管委会", "南湖大学")),
        frozenset(("星河能源有限公司", "南湖大学")),
    }


def test_people_at_a_meeting_are_not_partners(run: Run) -> None:
    text = "东湖新区管委会主任秦朗，星河能源有限公司董事长魏峥出席签约仪式。"
    found = run(text, [("东湖新区管委会", GOV), ("秦朗", PER), ("星河能源有限公司", COM),
                       ("魏峥", PER)])
    assert not [c for c in found if c.relation == "cooperatesWith"]


def test_attributive_post_with_its_organisation(run: Run) -> None:
    found = run("兼任星河置业有限公司董事长的冯建国表示。", [("星河置业有限公司", COM), ("冯建国", PER)])
    assert posts(found) == {("冯建国", "星河置业有限公司", "董事长")}


def test_attributive_post_of_the_company_in_context(run: Run) -> None:
    found = run("兼任公司董事长的冯建国表示。", [("冯建国", PER)])
    assert posts(found) == {("冯建国", "公司", "董事长")}
    company = next(c.tail for c in found if c.tail)
    assert company.kind == "anaphor" and company.type == "Company"


def test_a_name_ending_in_a_common_noun_is_not_that_noun(run: Run) -> None:
    found = run("星河分公司董事长冯建国表示。", [("冯建国", PER)])
    assert posts(found) == set()


def test_former_post_keeps_its_organisation(run: Run) -> None:
    found = run("原县水利局局长钱松介绍。", [("县水利局", GOV, "short"), ("钱松", PER)])
    assert posts(found) == {("钱松", "县水利局", "局长")}


def test_student_of_a_university(run: Run) -> None:
    found = run("“90后”吴晨是江城科技大学硕士研究生。", [("吴晨", PER), ("江城科技大学", UNI)])
    assert posts(found) == {("吴晨", "江城科技大学", "硕士研究生")}
    found = run("江城科技大学机械学院大三学生吴晨说。", [("江城科技大学机械学院", UNI), ("吴晨", PER)])
    assert posts(found) == {("吴晨", "江城科技大学机械学院", "大三学生")}


def test_comrade_appointed(run: Run) -> None:
    found = run("冯建国同志任县农业农村局局长。", [("冯建国", PER), ("县农业农村局", GOV, "short")])
    assert posts(found) == {("冯建国", "县农业农村局", "局长")}


def test_school_leaders_named_by_the_common_noun(run: Run) -> None:
    found = run("现任校党委书记许文、校长邓林、副校长罗琴出席。",
                [("许文", PER), ("邓林", PER), ("罗琴", PER)])
    assert posts(found) == {("许文", "校", "党委书记"), ("邓林", "校", "校长"),
                            ("罗琴", "校", "副校长")}
    school = next(c.tail for c in found if c.tail)
    assert school.kind == "anaphor" and school.type == "University"


def test_a_title_inside_a_word_has_no_common_noun_body(run: Run) -> None:
    assert posts(run("据校长邓林介绍。", [("邓林", PER)])) == set()


def test_post_taken_up_at_a_named_organisation(run: Run) -> None:
    found = run("邓林2005年离开江城大学，到南湖师范学院担任校长。",
                [("邓林", PER), ("江城大学", UNI), ("南湖师范学院", UNI)])
    assert posts(found) == {("邓林", "南湖师范学院", "校长")}


def test_former_post_between_organisation_and_name(run: Run) -> None:
    found = run("南湖大学原校长邓林出席。", [("南湖大学", UNI), ("邓林", PER)])
    assert posts(found) == {("邓林", "南湖大学", "原校长")}


def test_appointed_by_a_body(run: Run) -> None:
    found = run("邓林近日被省委任命为南湖大学校长、党委副书记。",
                [("邓林", PER), ("省委", GOV, "short"), ("南湖大学", UNI)])
    assert posts(found) == {("邓林", "南湖大学", "校长"), ("邓林", "南湖大学", "党委副书记")}


def test_an_untagged_internal_unit_keeps_the_post_in_the_organisation(run: Run) -> None:
    found = run("星河电子有限公司高级副总裁、华东地区部总裁冯建国出席。",
                [("星河电子有限公司", COM), ("冯建国", PER)])
    assert posts(found) == {("冯建国", "星河电子有限公司", "高级副总裁"),
                            ("冯建国", "星河电子有限公司", "总裁")}


def test_roster_after_a_comma(run: Run) -> None:
    found = run("县水利局局长钱松，副局长马骏、韩雪参加。",
                [("县水利局", GOV, "short"), ("钱松", PER), ("马骏", PER), ("韩雪", PER)])
    assert posts(found) == {("钱松", "县水利局", "局长"), ("马骏", "县水利局", "副局长"),
                            ("韩雪", "县水利局", "副局长")}


def test_a_student_with_major_class_or_year_before_the_name(run: Run) -> None:
    found = run("江城理工大学机械工程专业研二学生邵婷设计了这款产品。",
                [("江城理工大学", UNI), ("邵婷", PER)])
    assert posts(found) == {("邵婷", "江城理工大学", "机械工程专业研二学生")}
    found = run("江城理工大学材料学院金属1802班学生柯南谈起灵感。",
                [("江城理工大学材料学院", UNI), ("柯南", PER)])
    assert posts(found) == {("柯南", "江城理工大学材料学院", "金属1802班学生")}
    found = run("江城理工大学大四学生邵婷说。", [("江城理工大学", UNI), ("邵婷", PER)])
    assert posts(found) == {("邵婷", "江城理工大学", "大四学生")}


def test_a_company_then_a_major_is_no_student(run: Run) -> None:
    found = run("星河机械有限公司装配车间班组长学生邵婷参观。", [("星河机械有限公司", COM), ("邵婷", PER)])
    assert not {p for p in posts(found) if p[2] and p[2].endswith("学生")}


def test_a_unit_of_the_school_between_the_common_noun_and_the_title(run: Run) -> None:
    found = run("学校就业指导中心主任祝清主动与他联系。", [("祝清", PER)])
    assert posts(found) == {("祝清", "学校", "主任")}


def test_founder_and_post_in_later_clauses_of_the_persons_sentence(run: Run) -> None:
    text = "耳濡目染的邵婷，很快找准了方向，并与同学一起，成立了“星澜科技有限公司”。"
    found = run(text, [("邵婷", PER), ("星澜科技有限公司", COM)])
    assert ("邵婷", "星澜科技有限公司", "创办人") in posts(found)
    assert {(c.head.text, c.tail.text if c.tail else None) for c in found
            if c.relation == "founder"} == {("星澜科技有限公司", "邵婷")}
    # a speaker is not the founder of what they talk about
    found = run("邵婷说，后来成立了星澜科技有限公司。", [("邵婷", PER), ("星澜科技有限公司", COM)])
    assert not [c for c in found if c.relation == "founder"]


def test_a_pronoun_holds_the_post_of_a_later_clause(run: Run) -> None:
    found = run("他回村成立了星澜科技有限公司，担任了村党支部书记。", [("星澜科技有限公司", COM)])
    held = {(c.head.text, c.head.kind, c.tail.text if c.tail else None) for c in found
            if c.relation == "worksFor"}
    assert ("他", "anaphor", "村党支部") in held
