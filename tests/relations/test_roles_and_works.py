"""Entertainment news: who plays whom (playsCharacter), the works people act in,
direct or are known for (actedIn, directed, notableWork), and the role gate
that keeps the classifier's family ties away from actors and characters.

Sentences and names written for these tests in the style of entertainment news.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.extract.relations import RelationPipeline
from kg.extract.relations.classifier import RelationClassifier
from kg.types import RelationCandidate, Sentence

from .conftest import make_mentions

PER = "Person"

Run = Callable[..., list[RelationCandidate]]
T = Callable[[list[RelationCandidate]], set[tuple[str, str, str | None, str | None]]]


def _rel(found: list[RelationCandidate], relation: str) -> set[tuple[str, str]]:
    return {(c.head.text, c.tail.text) for c in found if c.relation == relation and c.tail}


# -- who plays whom ------------------------------------------------------------


def test_actor_plays_character_in_a_named_series(run: Run) -> None:
    text = "顾晚秋曾在《江城往事》中饰演沈云笙，这个角色让她走红。"
    found = run(text, [("顾晚秋", PER), ("沈云笙", PER)])
    assert _rel(found, "playsCharacter") == {("顾晚秋", "沈云笙")}
    assert _rel(found, "actedIn") == {("顾晚秋", "江城往事")}
    work = next(c.tail for c in found if c.relation == "actedIn" and c.tail)
    assert work.type == "CreativeWork" and text[work.start:work.end] == "江城往事"


def test_cast_list_asides_give_each_actor_their_character(run: Run) -> None:
    text = "剧中，掌柜林素心（柏晓雯 饰）与账房先生秦守拙（韩立川 饰）斗了半辈子。"
    found = run(text, [("林素心", PER), ("柏晓雯", PER), ("秦守拙", PER), ("韩立川", PER)])
    assert _rel(found, "playsCharacter") == {("柏晓雯", "林素心"), ("韩立川", "秦守拙")}


def test_character_of_someone_is_not_that_someone(run: Run) -> None:
    # 饰演沈云笙的丫鬟: the role is the maid, not 沈云笙
    text = "新人许若棠在剧中饰演沈云笙的贴身丫鬟。"
    found = run(text, [("许若棠", PER), ("沈云笙", PER)])
    assert not _rel(found, "playsCharacter")


def test_attributive_and_reverse_forms(run: Run) -> None:
    a = run("柏晓雯饰演的林素心精明能干。", [("柏晓雯", PER), ("林素心", PER)])
    b = run("此前，饰演林素心的柏晓雯接受了采访。", [("林素心", PER), ("柏晓雯", PER)])
    c = run("林素心的扮演者柏晓雯说，这是她最喜欢的角色。", [("林素心", PER), ("柏晓雯", PER)])
    for found in (a, b, c):
        assert _rel(found, "playsCharacter") == {("柏晓雯", "林素心")}


def test_two_actors_two_characters_are_not_paired_blindly(run: Run) -> None:
    text = "剧组请来了韩立川和柏晓雯来扮演秦守拙和林素心。"
    found = run(text, [("韩立川", PER), ("柏晓雯", PER), ("秦守拙", PER), ("林素心", PER)])
    assert not _rel(found, "playsCharacter")


# -- works ---------------------------------------------------------------------


def test_cast_list_acts_in_the_work(run: Run) -> None:
    text = "由韩立川、柏晓雯等主演的电视剧《江城往事》今晚开播。"
    found = run(text, [("韩立川", PER), ("柏晓雯", PER)])
    assert _rel(found, "actedIn") == {("韩立川", "江城往事"), ("柏晓雯", "江城往事")}


def test_refusing_a_part_is_not_acting_in_it(run: Run) -> None:
    found = run("韩立川拒绝出演《江城往事》。", [("韩立川", PER)])
    assert not _rel(found, "actedIn")


def test_director_both_ways(run: Run) -> None:
    a = run("《北岸来信》导演宋知远透露，影片明年上映。", [("宋知远", PER)])
    b = run("宋知远执导的新片《北岸来信》定档。", [("宋知远", PER)])
    for found in (a, b):
        assert _rel(found, "directed") == {("宋知远", "北岸来信")}
        assert not _rel(found, "actedIn")


def test_aside_titles_are_notable_works(run: Run) -> None:
    text = "艾琳·霍桑（《雾港》《长夜将尽》）加盟新片。"
    found = run(text, [("艾琳·霍桑", PER)])
    assert _rel(found, "notableWork") == {("艾琳·霍桑", "雾港"), ("艾琳·霍桑", "长夜将尽")}


def test_a_title_without_a_person_is_no_work(run: Run) -> None:
    found = run("《江城往事》今晚在两家卫视开播，收视率领先。", [])
    assert not found


# -- the role gate ---------------------------------------------------------------


def _classify(text: str, specs: list[tuple[str, str]]) -> list[RelationCandidate]:
    sentence = Sentence("t", 0, 0, len(text), text)
    return RelationClassifier().extract(sentence, make_mentions(text, specs))


def test_family_sentence_without_roles_keeps_its_spouse() -> None:
    # the control: without it the gate test below could pass on a deaf model
    found = _classify("韩立川和妻子柏晓雯昨天一起出席了活动。", [("韩立川", PER), ("柏晓雯", PER)])
    assert {(c.head.text, c.relation, c.tail.text) for c in found if c.tail} & {
        ("韩立川", "spouse", "柏晓雯"), ("柏晓雯", "spouse", "韩立川")
    }


def test_actor_playing_a_character_gets_no_spouse_edge() -> None:
    text = "秦守拙的妻子林素心（柏晓雯 饰）精明能干。"
    specs = [("秦守拙", PER), ("林素心", PER), ("柏晓雯", PER)]
    assert not [c for c in _classify(text, specs) if c.relation in ("spouse", "parent")]
    sentence = Sentence("t", 0, 0, len(text), text)
    found = RelationPipeline(["patterns", "classifier"]).extract(
        sentence, make_mentions(text, specs)
    )
    assert not [c for c in found if c.relation in ("spouse", "parent")]
    assert _rel(found, "playsCharacter") == {("柏晓雯", "林素心")}


# -- sports ----------------------------------------------------------------------


ORG = "Organization"


def test_coach_and_his_club(run: Run) -> None:
    text = "青川足球俱乐部主教练马骁腾赛后表示，球队踢出了水平。"
    found = run(text, [("青川足球俱乐部", ORG), ("马骁腾", PER)])
    assert {(c.head.text, c.relation, c.tail.text if c.tail else None, c.role)
            for c in found} == {("马骁腾", "memberOf", "青川足球俱乐部", "主教练")}


def test_player_joins_a_team_named_with_its_sport(run: Run) -> None:
    found = run("后卫唐一鸣正式加盟青川男篮。", [("唐一鸣", PER), ("青川男篮", ORG)])
    assert _rel(found, "memberOf") == {("唐一鸣", "青川男篮")}


def test_captain_of_a_non_sports_team_is_no_member(run: Run) -> None:
    found = run("青川消防救援队队长钱立峰带队出发。", [("青川消防救援队", ORG), ("钱立峰", PER)])
    assert not _rel(found, "memberOf")
    found = run("钱立峰加盟青川科技有限公司。", [("钱立峰", PER), ("青川科技有限公司", "Company")])
    assert not _rel(found, "memberOf")


def test_a_name_after_a_squad_is_its_member(run: Run) -> None:
    found = run("青川队唐一鸣全场拿下20分。", [("青川队", ORG), ("唐一鸣", PER)])
    assert _rel(found, "memberOf") == {("唐一鸣", "青川队")}
    found = run("青川科技有限公司唐一鸣出席。", [("青川科技有限公司", "Company"), ("唐一鸣", PER)])
    assert not _rel(found, "memberOf")
