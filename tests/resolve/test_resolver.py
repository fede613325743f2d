"""DefaultResolver on documents written for the test."""

from __future__ import annotations

from collections.abc import Callable

from kg.config import BuildConfig
from kg.resolve import RESOLVERS
from kg.resolve.resolver import DefaultResolver
from kg.types import Credit, DocumentAnalysis, Resolution

GOV, ORG, COM, UNI = "GovernmentOrganization", "Organization", "Company", "University"
PER, PLACE, PROJ = "Person", "Place", "Project"

Doc = Callable[..., DocumentAnalysis]


def _resolve(*docs: DocumentAnalysis, home_city: str | None = None) -> Resolution:
    return DefaultResolver().resolve(list(docs), BuildConfig(home_city=home_city))


def _facts(res: Resolution, predicate: str) -> set[tuple[str, str, str | None]]:
    return {(f.subject, f.object, f.role) for f in res.facts if f.predicate == predicate}


def _linked(res: Resolution, text: str) -> set[str]:
    return {link.entity_key for link in res.links if link.text == text}


def test_registered_as_default() -> None:
    assert isinstance(RESOLVERS.create("default"), DefaultResolver)


def test_district_anaphors_resolve_to_salient_district(doc: Doc) -> None:
    d = doc("d1", [("鹿城区招商引资成效显著", [
        ("记者从鹿城区商务局获悉，全区新引进项目70个。",
         [("鹿城区商务局", GOV), ("全区", PLACE, "anaphor")]),
        ("在江南区举办推介会。", [("江南区", PLACE)]),
        ("该区与清华大学、浙江大学签订战略合作协议。",
         [("该区", PLACE, "anaphor"), ("清华大学", UNI), ("浙江大学", UNI)]),
    ])])
    res = _resolve(d)
    assert _linked(res, "该区") == {"Place:鹿城区"}
    assert _linked(res, "全区") == {"Place:鹿城区"}
    assert _facts(res, "cooperatesWith") == {
        ("Place:鹿城区", "Organization:清华大学", None),
        ("Place:鹿城区", "Organization:浙江大学", None),
    }
    reasons = [d.reason for d in res.decisions if d.mention_text == "该区"]
    assert reasons and "鹿城区" in reasons[0]


def test_zero_subject_takes_the_discourse_topic(doc: Doc) -> None:
    d = doc("d2", [(None, [
        ("鹿城区创新招商模式。", [("鹿城区", PLACE)]),
        ("与北京大学签订战略合作协议。", [("北京大学", UNI)]),
    ])])
    res = _resolve(d)
    assert _facts(res, "cooperatesWith") == {("Place:鹿城区", "Organization:北京大学", None)}
    zero = [x for x in res.decisions if x.mention_text == "∅"]
    assert zero and zero[0].entity_key == "Place:鹿城区" and zero[0].score < 1


def test_recent_bureau_and_quote(doc: Doc) -> None:
    d = doc("d3", [(None, [
        ("鹿城区住建局职工在植树。", [("鹿城区住建局", GOV)]),
        ("鹿城区商务局也参加了。", [("鹿城区商务局", GOV)]),
        ("“我们新栽了800棵树。”该局副局长吴明说。", [("该局", GOV, "anaphor"), ("吴明", PER)]),
    ])])
    res = _resolve(d)
    assert _facts(res, "worksFor") == {("Person:吴明", "Organization:鹿城区商务局", "副局长")}
    assert ("Person:吴明", "我们新栽了800棵树。", None) in _facts(res, "quotation")


def test_short_forms_expand_to_bodies_the_page_names(doc: Doc) -> None:
    d = doc("d4", [("鹿城区开展活动", [
        ("鹿城区委、鹿城区政府的工作人员参加。", [("鹿城区委", GOV), ("鹿城区政府", GOV)]),
        ("区委区政府高度重视。", [("区委区政府", GOV, "short")]),
        ("区委书记周强说。", [("区委", GOV, "short"), ("周强", PER)]),
    ])])
    res = _resolve(d)
    assert _linked(res, "区委区政府") == {"Organization:鹿城区委", "Organization:鹿城区人民政府"}
    assert _facts(res, "worksFor") == {("Person:周强", "Organization:鹿城区委", "书记")}


def test_short_form_of_an_unnamed_body_stays_as_written(doc: Doc) -> None:
    d = doc("d4b", [("鹿城区开展活动", [
        ("鹿城区委办、区保密局的工作人员参加。",
         [("鹿城区委办", GOV), ("区保密局", GOV, "short")]),
    ])])
    res = _resolve(d)
    [key] = _linked(res, "区保密局")
    assert res.entities[key].label == "区保密局"
    assert "Organization:鹿城区保密局" not in res.entities
    [decision] = [x for x in res.decisions if x.entity_key == key]
    assert "鹿城区保密局" in decision.reason


def test_short_form_expands_to_a_body_another_article_names(doc: Doc) -> None:
    named = doc("d4c", [("鹿城区开会", [("鹿城区保密局召开会议。", [("鹿城区保密局", GOV)])])])
    short = doc("d4d", [("鹿城区开展活动", [
        ("鹿城区组织区保密局开展培训。", [("鹿城区", PLACE), ("区保密局", GOV, "short")]),
    ])])
    assert _linked(_resolve(named, short), "区保密局") == {"Organization:鹿城区保密局"}


def test_short_forms_of_one_context_share_an_entity_and_others_do_not(doc: Doc) -> None:
    a = doc("d4e", [("鹿城区开会", [("区委书记周强说。", [("区委", GOV, "short"), ("周强", PER)])])])
    b = doc("d4f", [("鹿城区开会", [("区委副书记王明说。", [("区委", GOV, "short"), ("王明", PER)])])])
    c = doc("d4g", [("龙湾区开会", [("区委书记李华说。", [("区委", GOV, "short"), ("李华", PER)])])])
    res = _resolve(a, b, c)
    objects = {f.object for f in res.facts if f.predicate == "worksFor"}
    assert len(objects) == 2
    assert {res.entities[k].label for k in objects} == {"区委"}


def test_short_form_tagged_as_a_name_is_still_resolved(doc: Doc) -> None:
    d = doc("d5", [("鹿城区开会", [("区委书记周强说。", [("区委", GOV), ("周强", PER)])])])
    [(person, org, role)] = _facts(_resolve(d), "worksFor")
    assert (person, role) == ("Person:周强", "书记")
    assert org.startswith("Organization:区委#") and "鹿城区" in org


def test_my_city_from_gazetteer_parent(doc: Doc) -> None:
    d = doc("d6", [("鹿城区召开会议", [
        ("鹿城区落实市委要求，为我市发展作贡献。",
         [("鹿城区", PLACE), ("市委", GOV, "short"), ("我市", PLACE, "anaphor")]),
    ])])
    res = _resolve(d, home_city="别的市")
    assert _linked(res, "我市") == {"Place:温州市"}
    # 温州市委 is not named: 市委 stays as written, in the city's context
    assert _linked(res, "市委") == {"Organization:市委#温州市"}


def test_my_city_from_configuration_when_page_is_silent(doc: Doc) -> None:
    sentences = [("为我市发展作贡献。", [("我市", PLACE, "anaphor")])]
    assert _linked(_resolve(doc("d7", [(None, sentences)]), home_city="星城市"), "我市") == {
        "Place:星城市"
    }
    assert _linked(_resolve(doc("d7", [(None, sentences)])), "我市") == set()


def test_ambiguous_district_takes_the_parent_named_on_the_page(doc: Doc) -> None:
    d = doc("d8", [(None, [
        ("江北区与宁波大学签约，为我市添彩。",
         [("江北区", PLACE), ("宁波大学", UNI), ("我市", PLACE, "anaphor")]),
    ])])
    assert _linked(_resolve(d), "我市") == {"Place:宁波市"}


def test_newspaper_is_not_resolved(doc: Doc) -> None:
    d = doc("d9", [(None, [("本报讯，鹿城区开会。", [("本报", ORG, "anaphor"), ("鹿城区", PLACE)])])])
    assert _linked(_resolve(d), "本报") == set()


def test_abbreviation_aliases_merge_with_alt_label(doc: Doc) -> None:
    d = doc("d10", [
        (None, [("鹿城区工商联副主席陈刚出席。", [("鹿城区工商联", ORG), ("陈刚", PER)])]),
        (None, [("鹿城区工商业联合会举办培训。", [("鹿城区工商业联合会", ORG)])]),
    ])
    res = _resolve(d)
    entity = res.entities["Organization:鹿城区工商业联合会"]
    assert entity.label == "鹿城区工商业联合会"
    assert "鹿城区工商联" in entity.alt_labels
    assert not any(k == "Organization:鹿城区工商联" for k in res.entities)
    assert _facts(res, "worksFor") == {
        ("Person:陈刚", "Organization:鹿城区工商业联合会", "副主席")
    }


def test_company_core_merges_on_the_same_page(doc: Doc) -> None:
    d = doc("d11", [(None, [
        ("星河瑞科技有限公司获评三等奖。", [("星河瑞科技有限公司", COM)]),
        ("星河瑞荣获优秀奖。", [("星河瑞", COM)]),
    ])])
    res = _resolve(d)
    awards = {(f.subject, f.object) for f in res.facts if f.predicate == "award"}
    assert awards == {
        ("Organization:星河瑞科技有限公司", "三等奖"),
        ("Organization:星河瑞科技有限公司", "优秀奖"),
    }
    assert "星河瑞" in res.entities["Organization:星河瑞科技有限公司"].alt_labels
    assert any("company name 星河瑞 = 星河瑞科技有限公司" in x.reason for x in res.decisions)


def test_one_character_core_does_not_merge(doc: Doc) -> None:
    d = doc("d12", [(None, [
        ("瑞科技有限公司获评三等奖。", [("瑞科技有限公司", COM)]),
        ("瑞荣获优秀奖。", [("瑞", COM)]),
    ])])
    assert "Organization:瑞" in _resolve(d).entities


def test_same_name_different_people_split_and_merge(doc: Doc) -> None:
    d = doc("d13", [
        (None, [("“要抓项目。”鹿城区委书记陈刚说。", [("鹿城区委", GOV), ("陈刚", PER)])]),
        (None, [
            ("鹿城区工商联副主席、中国陶瓷艺术大师陈刚入选名单。",
             [("鹿城区工商联", ORG), ("中国", PLACE), ("陈刚", PER)]),
            ("目前，陈刚作为投资人的青瓷文化产业园正在施工。", [("陈刚", PER), ("青瓷文化产业园", PLACE)]),
            ("“首期3条生产线下月投产。”陈刚说。", [("陈刚", PER)]),
        ]),
        (None, [
            ("区委书记陈刚等领导带头植树。", [("区委", GOV, "short"), ("陈刚", PER)]),
            ("“让绿色成为底色。”陈刚说。", [("陈刚", PER)]),
        ]),
    ])
    res = _resolve(d)
    secretary = "Person:陈刚#鹿城区委"
    craftsman = "Person:陈刚#鹿城区工商业联合会"
    assert {k for k in res.entities if k.startswith("Person:陈刚")} == {secretary, craftsman}
    assert _facts(res, "investsIn") == {(craftsman, "Place:青瓷文化产业园", None)}
    quotes = {(f.subject, f.object) for f in res.facts if f.predicate == "quotation"}
    assert quotes == {
        (secretary, "要抓项目。"),
        (craftsman, "首期3条生产线下月投产。"),
        (secretary, "让绿色成为底色。"),
    }
    assert (secretary, "Organization:鹿城区委", "书记") in _facts(res, "worksFor")
    split = [x for x in res.decisions if x.entity_key == craftsman and "incompatible" in x.reason]
    assert split and 0 < split[0].score < 1


def test_same_name_compatible_posts_merge_across_articles(doc: Doc) -> None:
    d = doc("d14", [
        (None, [("鹿城区委常委孙明出席。", [("鹿城区委", GOV), ("孙明", PER)])]),
        (None, [("鹿城区委宣传部长孙明讲话。", [("鹿城区委宣传部", GOV), ("孙明", PER)])]),
    ])
    res = _resolve(d)
    assert {k for k in res.entities if k.startswith("Person:孙明")} == {"Person:孙明"}


def test_keys_are_deterministic_and_order_independent(doc: Doc) -> None:
    a = doc("e1", [(None, [("鹿城区委书记陈刚说。", [("鹿城区委", GOV), ("陈刚", PER)])])])
    b = doc("e2", [(None, [("鹿城区工商联副主席陈刚说。", [("鹿城区工商联", ORG), ("陈刚", PER)])])])
    first, again, reversed_ = _resolve(a, b), _resolve(a, b), _resolve(b, a)
    assert sorted(first.entities) == sorted(again.entities) == sorted(reversed_.entities)
    assert [(f.subject, f.object) for f in first.facts] == [
        (f.subject, f.object) for f in again.facts
    ]


def test_links_point_into_the_article_text(doc: Doc) -> None:
    d = doc("d15", [("鹿城区", [
        ("今天，鹿城区住建局召开会议。", [("鹿城区住建局", GOV)]),
        ("“很好。”社区居民刘芳说。", [("刘芳", PER)]),
    ])])
    res = _resolve(d)
    text = d.articles[0].article.text
    assert res.links
    for link in res.links:
        assert text[link.evidence.start : link.evidence.end] == link.text
    for fact in res.facts:
        assert fact.evidence is not None and fact.evidence.method
        assert 0 <= fact.evidence.start <= fact.evidence.end <= len(text)


def test_bare_community_resolves_to_recent_community(doc: Doc) -> None:
    d = doc("d16", [(None, [
        ("记者走进光华社区文化广场。", [("光华社区", PLACE)]),
        ("“服务真好。”社区居民刘芳说。", [("刘芳", PER)]),
    ])])
    assert _facts(_resolve(d), "residesIn") == {("Person:刘芳", "Place:光华社区", None)}


def test_anaphor_prefixed_short_form(doc: Doc) -> None:
    d = doc("d17", [(None, [
        ("记者走进光华路街道便民市场。", [("光华路街道", PLACE)]),
        ("“下一步继续努力。”该街道办事处主任王芳说。",
         [("该街道办事处", GOV, "short"), ("王芳", PER)]),
    ])])
    res = _resolve(d)
    assert _facts(res, "worksFor") == {
        ("Person:王芳", "Organization:该街道办事处#光华路街道", "主任")
    }
    [decision] = [x for x in res.decisions if x.mention_text == "该街道办事处"]
    assert "光华路街道办事处" in decision.reason


def test_sub_organization_from_names(doc: Doc) -> None:
    d = doc("d18", [(None, [
        ("鹿城区住建局和鹿城区委宣传部参加。", [("鹿城区住建局", GOV), ("鹿城区委宣传部", GOV)]),
        ("鹿城区人民政府、鹿城区委部署工作。", [("鹿城区人民政府", GOV), ("鹿城区委", GOV)]),
    ])])
    res = _resolve(d)
    assert _facts(res, "subOrganizationOf") == {
        ("Organization:鹿城区住房和城乡建设局", "Organization:鹿城区人民政府", None),
        ("Organization:鹿城区委宣传部", "Organization:鹿城区委", None),
    }


def test_sub_organization_never_invents_the_parent(doc: Doc) -> None:
    d = doc("d18b", [(None, [("鹿城区住建局参加。", [("鹿城区住建局", GOV)])])])
    res = _resolve(d)
    assert _facts(res, "subOrganizationOf") == set()
    assert "Organization:鹿城区人民政府" not in res.entities


def test_credits_become_people(doc: Doc) -> None:
    d = doc("d19", [(None, [("鹿城区开会。", [("鹿城区", PLACE)])])],
            credits=[[Credit("朱小明", "author")]])
    res = _resolve(d)
    assert res.entities["Person:朱小明"].type == "Person"


def test_composed_organisations_link_only_what_is_written(doc: Doc) -> None:
    d = doc("d20", [("鹿城区", [("区委常委、宣传部长，副区长吕可讲话。",
                                [("区委", GOV, "short"), ("吕可", PER)])])])
    res = _resolve(d)
    # The page names none of the three bodies: each stays a short form.
    assert _facts(res, "worksFor") == {
        ("Person:吕可", "Organization:区委#鹿城区", "常委"),
        ("Person:吕可", "Organization:区委宣传部#鹿城区", "部长"),
        ("Person:吕可", "Organization:区政府#鹿城区", "副区长"),
    }
    text = d.articles[0].article.text
    for link in res.links:
        assert text[link.evidence.start : link.evidence.end] == link.text
    assert not any(link.entity_key == "Organization:区政府#鹿城区" for link in res.links)


def test_context_dependent_forms_are_not_alt_labels(doc: Doc) -> None:
    d = doc("d21", [("鹿城区开会", [
        ("鹿城区委书记周强说。", [("鹿城区委", GOV), ("周强", PER)]),
        ("区委书记周强又说。", [("区委", GOV), ("周强", PER)]),
        ("区住建局参加。", [("区住建局", GOV, "short")]),
        ("鹿城区住建局也参加。", [("鹿城区住建局", GOV)]),
    ])])
    res = _resolve(d)
    assert res.entities["Organization:鹿城区委"].alt_labels == set()
    alt = res.entities["Organization:鹿城区住房和城乡建设局"].alt_labels
    assert "区住建局" not in alt and "鹿城区住建局" in alt


def test_fused_place_names_no_entity_of_its_own(doc: Doc) -> None:
    d = doc("d22", [(None, [("东湖街道李家村举行植树活动。", [("东湖街道李家村", PLACE)])])])
    res = _resolve(d)
    assert "Place:东湖街道李家村" not in res.entities
    assert _facts(res, "containedInPlace") == {("Place:李家村", "Place:东湖街道", None)}


def test_district_tagged_as_organisation_is_a_place(doc: Doc) -> None:
    d = doc("d23", [(None, [
        ("鹿城区召开大会。", [("鹿城区", GOV)]),
        ("该区与浙江大学签订合作协议。", [("该区", PLACE, "anaphor"), ("浙江大学", UNI)]),
    ])])
    res = _resolve(d)
    assert res.entities["Place:鹿城区"].type == "Place"
    assert _facts(res, "cooperatesWith") == {("Place:鹿城区", "Organization:浙江大学", None)}


def test_company_short_names_and_distinct_firms(doc: Doc) -> None:
    d = doc("d24", [(None, [
        ("瑞星科技有限公司开业。", [("瑞星科技有限公司", COM)]),
        ("瑞星科技荣获优秀奖。", [("瑞星科技", ORG)]),
        ("瑞星公司获评三等奖。", [("瑞星公司", COM)]),
        ("瑞星建设有限公司入选名单。", [("瑞星建设有限公司", COM)]),
        ("明达公司和明达电子有限公司签约。", [("明达公司", COM), ("明达电子有限公司", COM)]),
    ])])
    res = _resolve(d)
    orgs = {k for k in res.entities if k.startswith("Organization:")}
    assert orgs == {
        "Organization:瑞星科技有限公司",
        "Organization:瑞星建设有限公司",
        "Organization:瑞星公司",  # two 瑞星 firms on the page: which one is unclear
        "Organization:明达电子有限公司",
    }
    assert "瑞星科技" in res.entities["Organization:瑞星科技有限公司"].alt_labels
    assert "明达公司" in res.entities["Organization:明达电子有限公司"].alt_labels


def test_relations_on_a_fused_name_go_to_its_innermost_part(doc: Doc) -> None:
    d = doc("d25", [(None, [
        ("位于东湖街道李家村的光伏发电项目已开工。", [("东湖街道李家村", PLACE), ("光伏发电项目", PROJ)]),
        ("刘洋，1980年生，毕业于湖南大学商学院。", [("刘洋", PER), ("湖南大学商学院", UNI)]),
    ])])
    res = _resolve(d)
    assert _facts(res, "locatedIn") == {("Project:光伏发电项目", "Place:李家村", None)}
    assert _facts(res, "alumniOf") == {("Person:刘洋", "Organization:湖南大学商学院", None)}
    # the faculty would be part of its university (structure.yaml), but the
    # text names no 湖南大学 on its own, so none is invented
    assert "Organization:湖南大学" not in res.entities
    assert "Place:东湖街道李家村" not in res.entities
    assert not any(link.text == "东湖街道李家村" for link in res.links)


def test_overlong_tagger_name_cut_by_a_pattern(doc: Doc) -> None:
    d = doc("d26", [(None, [
        ("鹿城区工信局局长郑伟表示，该局将加大扶持。",
         [("鹿城区工信局局", GOV), ("郑伟", PER), ("该局", GOV, "anaphor")]),
    ])])
    res = _resolve(d)
    assert _facts(res, "worksFor") == {
        ("Person:郑伟", "Organization:鹿城区工业和信息化局", "局长")
    }
    assert "Organization:鹿城区工信局局" not in res.entities
    assert _linked(res, "该局") == {"Organization:鹿城区工业和信息化局"}


def test_community_named_inside_a_longer_place(doc: Doc) -> None:
    d = doc("d27", [(None, [
        ("记者走进光华路街道光华社区文化广场。", [("光华路街道光华社区文化广场", PLACE)]),
        ("“真方便。”社区居民李英说。", [("李英", PER)]),
    ])])
    assert _facts(_resolve(d), "residesIn") == {("Person:李英", "Place:光华社区", None)}


def test_company_short_forms_are_aliases_of_the_full_name(doc: Doc) -> None:
    d = doc("d28", [(None, [
        ("洛阳瑞丰塑业有限公司和洛阳明达电子有限公司签约。",
         [("洛阳瑞丰塑业有限公司", COM), ("洛阳明达电子有限公司", COM)]),
        ("瑞丰塑业负责人说，瑞丰将扩产。", [("瑞丰塑业", COM), ("瑞丰", COM)]),
    ])])
    res = _resolve(d)
    firm = res.entities["Organization:洛阳瑞丰塑业有限公司"]
    assert {"瑞丰塑业", "瑞丰"} <= firm.alt_labels
    assert _linked(res, "瑞丰") == {"Organization:洛阳瑞丰塑业有限公司"}
    assert "Organization:瑞丰" not in res.entities
