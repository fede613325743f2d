"""Awards (lists, places and parks as winners, the sentence's subject as the
winner) and residence (家住, 住在, 是…村民).

Sentences written for these tests in the style of local news.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.types import RelationCandidate

ORG, UNI, PER, PLACE, PROJ = "Organization", "University", "Person", "Place", "Project"

Run = Callable[..., list[RelationCandidate]]
T = Callable[[list[RelationCandidate]], set[tuple[str, str, str | None, str | None]]]


def awards(found: list[RelationCandidate]) -> set[tuple[str, str | None]]:
    return {(c.head.text, c.literal) for c in found if c.relation == "award"}


def test_a_list_of_honours_gives_one_award_each(run: Run) -> None:
    found = run("江城大学捧回一项国家科技进步二等奖和两项省自然科学一等奖。", [("江城大学", UNI)])
    assert awards(found) == {("江城大学", "国家科技进步二等奖"), ("江城大学", "省自然科学一等奖")}


def test_a_development_zone_wins_a_title(run: Run) -> None:
    found = run("青川经济开发区连续三年被评为省级优秀开发区。", [("青川经济开发区", PLACE)])
    assert awards(found) == {("青川经济开发区", "省级优秀开发区")}


def test_honours_of_the_subject_named_clauses_before(run: Run) -> None:
    text = "据介绍，该园区发展生态农业，先后被评为全国休闲农业示范点、省级现代农业园区等。"
    found = run(text, [("该园区", PLACE, "anaphor")])
    assert awards(found) == {("该园区", "全国休闲农业示范点"), ("该园区", "省级现代农业园区")}


def test_honour_tagged_as_entities_is_still_a_literal(run: Run) -> None:
    text = "桃源村发展乡村旅游，被评为全国文明村、省级美丽乡村示范村。"
    found = run(text, [("桃源村", PLACE), ("全国文明村", PROJ), ("省级美丽乡村示范村", PROJ)])
    assert awards(found) == {("桃源村", "全国文明村"), ("桃源村", "省级美丽乡村示范村")}
    assert all(c.tail is None for c in found if c.relation == "award")


def test_a_person_subject_wins(run: Run) -> None:
    found = run("李秀兰扎根乡村教育三十年，荣获全国优秀教师称号。", [("李秀兰", PER)])
    assert awards(found) == {("李秀兰", "全国优秀教师")}


def test_no_named_subject_no_award(run: Run) -> None:
    assert awards(run("经过评审，被评为省级示范单位。", [])) == set()


def test_a_prize_after_other_clauses_goes_to_the_subject(run: Run) -> None:
    text = "青川经济开发区规划面积12平方公里，其中去年在全省考核中荣获一等奖。"
    found = run(text, [("青川经济开发区", PLACE), ("全省", PLACE, "anaphor")])
    assert awards(found) == {("青川经济开发区", "一等奖")}


def test_home_of_a_person(run: Run, as_triples: T) -> None:
    found = run("家住城关镇的张桂芳今年70岁。", [("城关镇", PLACE), ("张桂芳", PER)])
    assert as_triples(found) == {("张桂芳", "residesIn", "城关镇", None)}
    found = run("张桂芳，今年70岁，住在城关镇桃源社区。",
                [("张桂芳", PER), ("城关镇", PLACE), ("桃源社区", PLACE)])
    assert ("张桂芳", "residesIn", "桃源社区", None) in as_triples(found)
    found = run("张桂芳是桃源村村民。", [("张桂芳", PER), ("桃源村", PLACE)])
    assert as_triples(found) == {("张桂芳", "residesIn", "桃源村", None)}


def test_home_is_not_taken_across_another_person(run: Run, as_triples: T) -> None:
    found = run("张桂芳告诉记者，李明住在城关镇。",
                [("张桂芳", PER), ("李明", PER), ("城关镇", PLACE)])
    assert ("张桂芳", "residesIn", "城关镇", None) not in as_triples(found)
    assert ("李明", "residesIn", "城关镇", None) in as_triples(found)


def test_honour_conferred_by_a_giver(run: Run) -> None:
    found = run("市政府授予星河机械有限公司“市长质量奖”称号。",
                [("市政府", "GovernmentOrganization", "short"), ("星河机械有限公司", "Company")])
    assert awards(found) == {("星河机械有限公司", "“市长质量奖”")}


def test_the_person_of_the_opening_clause_wins(run: Run) -> None:
    text = "江北区选手周敏发挥稳定，第二次夺得全国跳水锦标赛冠军。"
    found = run(text, [("江北区", PLACE), ("周敏", PER)])
    assert awards(found) == {("周敏", "全国跳水锦标赛冠军")}


def test_award_of_the_person_closing_the_opening_clause(run: Run) -> None:
    text = "参加创业大赛的南湖理工学院大三学生郑阳，带着自己设计的无人船一路闯关，获得全省金奖。"
    found = run(text, [("南湖理工学院", UNI), ("郑阳", PER)])
    assert awards(found) == {("郑阳", "全省金奖")}
    # a person named after the verb's clause began is not its subject
    found = run("赛后，评委郑阳点评说，作品获得全省金奖。", [("郑阳", PER)])
    assert awards(found) == set()
