"""Place containment from the gazetteer: places the build names, linked to the
administrative parent it also names, with the gazetteer (not a sentence) as
the source; no place the text does not name is created.

The article is written for these tests.
"""

from __future__ import annotations

import pytest
from rdflib import Dataset, Literal, URIRef

from kg.config import BuildConfig
from kg.errors import KGError
from kg.graph import gazetteer as gz
from kg.graph.build import build_quads
from kg.graph.gazetteer import Gazetteer, containment, gazetteer
from kg.graph.iris import entity_iri
from kg.graph.validate import validate_graph
from kg.graph.vocab import KG, PROV, RDF, RDFS
from kg.types import (
    Article,
    ArticleAnalysis,
    Document,
    DocumentAnalysis,
    Entity,
    Evidence,
    MentionLink,
    Resolution,
    Sentence,
    SentenceAnalysis,
)

BASE = "https://test.example/id/"
BODY = "来自苏州的客商和江苏省商务厅、姑苏区的代表座谈，朝阳的客商也到了。"
NAMED = ("苏州", "江苏省", "姑苏区", "朝阳")


def _build(*pages: tuple[str, tuple[str, ...]]) -> Dataset:
    """A build of one document per ``(body, place names)``, each place linked."""
    analyses: list[DocumentAnalysis] = []
    res = Resolution()
    for n, (body, names) in enumerate(pages):
        article = Article(f"d{n}-0", f"d{n}", f"page{n}.txt", 0, None, body)
        sentence = Sentence(article.id, 0, 0, len(body), body)
        analyses.append(DocumentAnalysis(
            Document(f"d{n}", article.source, "h", [article]),
            [ArticleAnalysis(article, [SentenceAnalysis(sentence)])],
        ))
        for name in names:
            key = f"Place:{name}"
            res.entities[key] = Entity(key, "Place", name)
            start = body.index(name)
            res.links.append(
                MentionLink(key, Evidence(article.id, 0, start, start + len(name), "test"), name)
            )
    ds = Dataset(default_union=True)
    for quad in build_quads(analyses, res, BuildConfig(base_iri=BASE)):
        ds.add(quad)
    return ds


def _iri(name: str) -> URIRef:
    return entity_iri(Entity(f"Place:{name}", "Place", name), BASE)


def test_named_places_are_linked_to_their_named_parent_with_gazetteer_provenance() -> None:
    ds = _build((BODY, NAMED))
    edges = {(s, o) for s, o in ds.subject_objects(KG.containedInPlace)}
    assert edges == {(_iri("苏州"), _iri("江苏省")), (_iri("姑苏区"), _iri("苏州"))}
    for s, o in edges:
        (node,) = [
            a for a in ds.subjects(RDF.subject, s)
            if (a, RDF.object, o) in ds and (a, RDF.predicate, KG.containedInPlace) in ds
        ]
        assert (node, KG.method, Literal(gz.METHOD)) in ds
        (source,) = ds.objects(node, PROV.wasDerivedFrom)
        assert (source, RDF.type, KG.ReferenceSource) in ds
        assert not list(ds.objects(node, KG.startOffset))  # no sentence offsets
    assert validate_graph(ds).conforms


def test_a_parent_the_text_does_not_name_is_not_created() -> None:
    ds = _build(("姑苏区的代表到了。", ("姑苏区",)))
    assert not list(ds.subject_objects(KG.containedInPlace))
    places = set(ds.subjects(RDF.type, KG.Place))
    assert places == {_iri("姑苏区")}


def test_place_and_parent_must_share_an_article() -> None:
    ds = _build(("苏州的客商到了。", ("苏州",)), ("江苏省商务厅发布通知。", ("江苏省",)))
    assert not list(ds.subject_objects(KG.containedInPlace))
    ds = _build(("苏州的客商到了。", ("苏州",)), ("苏州和江苏省的代表到了。", ("苏州", "江苏省")))
    assert set(ds.subject_objects(KG.containedInPlace)) == {(_iri("苏州"), _iri("江苏省"))}


def test_ambiguous_names_are_no_parents_and_readings_must_agree() -> None:
    table = gazetteer()
    # 朝阳 is a prefecture and three districts: never a parent
    assert len(table.codes["朝阳"]) > 1
    places = {k: Entity(k, "Place", k[6:]) for k in ("Place:朝阳", "Place:双塔区")}
    assert containment(places) == []
    # a name of a prefecture and of a district elsewhere is read as the prefecture
    places = {k: Entity(k, "Place", k[6:]) for k in ("Place:西安", "Place:黑龙江")}
    assert containment(places) == []
    # 鼓楼区 is in several cities: linked to the one the build names
    places = {k: Entity(k, "Place", k[6:]) for k in ("Place:鼓楼区", "Place:南京")}
    assert containment(places) == [("Place:鼓楼区", "Place:南京")]


def test_a_hand_made_table_is_read_as_given() -> None:
    table = Gazetteer({"A": "", "B": "A", "C": "B"},
                      {"甲省": frozenset({"A"}), "乙市": frozenset({"B"}), "丙县": frozenset({"C"})})
    places = {f"Place:{n}": Entity(f"Place:{n}", "Place", n) for n in ("甲省", "丙县")}
    assert containment(places, table) == [("Place:丙县", "Place:甲省")]


def test_bad_table_line_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gz.resources, "read_text", lambda *parts: "110000\tCN\tprovince\n")
    gazetteer.cache_clear()
    try:
        with pytest.raises(KGError, match=r"place_parents\.tsv: line 1: expected"):
            gazetteer()
    finally:
        gazetteer.cache_clear()


def test_a_club_named_with_its_sport_is_a_sports_team() -> None:
    from kg.graph.teams import is_sports_team

    assert is_sports_team("青川足球俱乐部") and is_sports_team("青川男篮")
    assert not is_sports_team("青川消防救援队") and not is_sports_team("青川读书俱乐部")
    body = "青川足球俱乐部和青川消防救援队开展共建。"
    article = Article("d1-0", "d1", "page.txt", 0, None, body)
    sentence = Sentence(article.id, 0, 0, len(body), body)
    analysis = DocumentAnalysis(
        Document("d1", "page.txt", "h", [article]),
        [ArticleAnalysis(article, [SentenceAnalysis(sentence)])],
    )
    res = Resolution()
    for name in ("青川足球俱乐部", "青川消防救援队"):
        key = f"Organization:{name}"
        res.entities[key] = Entity(key, "Organization", name)
        start = body.index(name)
        res.links.append(
            MentionLink(key, Evidence(article.id, 0, start, start + len(name), "test"), name)
        )
    ds = Dataset(default_union=True)
    for quad in build_quads([analysis], res, BuildConfig(base_iri=BASE)):
        ds.add(quad)
    teams = {str(o) for s in ds.subjects(RDF.type, KG.SportsTeam) for o in ds.objects(s, RDFS.label)}
    assert teams == {"青川足球俱乐部"}
