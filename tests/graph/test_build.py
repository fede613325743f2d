"""build_quads on hand-made analyses: the data model of kg.graph, triple by triple."""

from __future__ import annotations

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.config import BuildConfig
from kg.graph.build import build_quads
from kg.graph.iris import (
    article_iri,
    cooccurrence_graph_iri,
    entities_graph_iri,
    entity_iri,
    graph_iri,
    person_key_for_name,
    sentence_iri,
)
from kg.graph.provenance import FACT_PROVENANCE_QUERY
from kg.graph.validate import validate_graph
from kg.graph.vocab import KG, PREFIXES, PROV, SCHEMA
from kg.types import (
    Article,
    ArticleAnalysis,
    Document,
    DocumentAnalysis,
    Entity,
    Evidence,
    Fact,
    MentionLink,
    Resolution,
)

from .conftest import (
    BASE,
    BODY,
    COMMITTEE,
    COMPANY,
    DISTRICT,
    FEDERATION,
    PARK,
    PERSON,
    PERSON2,
    UNI1,
    UNI2,
    Sample,
)


def iri(sample: Sample, key: str) -> URIRef:
    return entity_iri(sample.resolution.entities[key], BASE)


def graph_of(ds: Dataset, name: URIRef) -> set[tuple[object, object, object]]:
    return set(ds.graph(name).triples((None, None, None)))


def select(ds: Dataset, query: str) -> list[tuple[object, ...]]:
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    return [tuple(row) for row in ds.query(prefixes + query)]  # type: ignore[arg-type]


def test_worksfor_gives_direct_triple_and_membership(sample: Sample) -> None:
    ds = sample.dataset()
    person, committee = iri(sample, PERSON), iri(sample, COMMITTEE)
    doc1 = graph_iri("doc1", BASE)
    assert (person, KG.worksFor, committee) in graph_of(ds, doc1)
    rows = select(
        ds,
        """SELECT ?m ?role ?sent WHERE { GRAPH ?g {
             ?m a kg:Membership ; org:member ?p ; org:organization ?o ; kg:roleTitle ?role ;
                prov:wasDerivedFrom ?sent } }""".replace("?p", person.n3()).replace(
            "?o", committee.n3()
        ),
    )
    assert len(rows) == 1
    _, role, sent = rows[0]
    assert role == Literal("书记", lang="zh")
    assert sent == sentence_iri("doc1-0", 0, BASE)


def test_each_membership_has_one_member_org_and_title(sample: Sample) -> None:
    ds = sample.dataset()
    rows = select(
        ds,
        """SELECT ?m (COUNT(DISTINCT ?p) AS ?np) (COUNT(DISTINCT ?o) AS ?no)
                  (COUNT(DISTINCT ?r) AS ?nr)
           WHERE { ?m a kg:Membership ; org:member ?p ; org:organization ?o ; kg:roleTitle ?r }
           GROUP BY ?m""",
    )
    roles_with_role = [f for f in sample.resolution.facts if f.predicate == "worksFor" and f.role]
    assert len(rows) == len(roles_with_role) == 2
    assert all(int(n) == 1 for row in rows for n in row[1:])  # type: ignore[call-overload]


def test_every_fact_has_assertion_with_provenance(sample: Sample) -> None:
    ds = sample.dataset()
    rows = select(
        ds,
        """SELECT ?s ?p ?o ?sent ?start ?end ?method ?conf WHERE {
             ?a a kg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                prov:wasDerivedFrom ?sent ; kg:startOffset ?start ; kg:endOffset ?end ;
                kg:method ?method ; kg:confidence ?conf }""",
    )
    assert len(rows) == len(sample.resolution.facts)
    by_triple = {(s, p, o): rest for s, p, o, *rest in rows}
    ev = sample.resolution.facts[0].evidence
    assert ev is not None
    sent, start, end, method, conf = by_triple[
        (iri(sample, PERSON), KG.worksFor, iri(sample, COMMITTEE))
    ]
    assert sent == sentence_iri(ev.article_id, ev.sentence_index, BASE)
    assert (int(start), int(end)) == (ev.start, ev.end)  # type: ignore[call-overload]
    assert str(method) == "test-rule"
    assert conf == Literal(0.75, datatype=XSD.double)
    # Every assertion's object exists as a direct triple in the same document graph.
    for s, p, o in by_triple:
        if p != SCHEMA.creator:
            assert any(ds.quads((s, p, o, None))), (s, p, o)


def test_literal_fact_is_zh_literal(sample: Sample) -> None:
    ds = sample.dataset()
    objects = set(ds.objects(iri(sample, COMPANY), KG.award))
    assert objects == {Literal("省级专精特新企业", lang="zh")}


def test_quotation_node(sample: Sample) -> None:
    ds = sample.dataset()
    quotes = set(ds.subjects(RDF.type, KG.Quotation))
    assert len(quotes) == 1
    quote = quotes.pop()
    assert set(ds.objects(quote, SCHEMA.text)) == {Literal("要把项目抓实。", lang="zh")}
    assert set(ds.objects(quote, SCHEMA.creator)) == {iri(sample, PERSON)}
    assert set(ds.objects(quote, PROV.wasDerivedFrom)) == {sentence_iri("doc1-0", 0, BASE)}
    assert not any(ds.quads((None, KG.quotation, None, None)))


def test_article_description_and_credits(sample: Sample) -> None:
    ds = sample.dataset()
    art = article_iri("doc1-0", BASE)
    doc1 = graph_of(ds, graph_iri("doc1", BASE))
    assert (art, RDF.type, SCHEMA.NewsArticle) in doc1
    assert (art, SCHEMA.headline, Literal("东山区签约五所高校", lang="zh")) in doc1
    assert (art, SCHEMA.articleBody, Literal(BODY, lang="zh")) in doc1
    assert (art, KG.sourceFile, Literal("pages/doc1.txt")) in doc1
    assert (art, SCHEMA.datePublished, Literal("2024-12-25", datatype=XSD.date)) in doc1
    credited = {
        str(p): {str(o) for o in ds.objects(who, RDFS.label)}
        for p, who in ((p, o) for _, p, o in ds.triples((art, None, None)))
        if p in {SCHEMA.author, KG.correspondent, KG.photographer}
    }
    assert credited == {
        str(SCHEMA.author): {"王小红"},
        str(KG.correspondent): {"赵刚"},
        str(KG.photographer): {"孙丽"},
    }
    # Credited people are minted as Person entities with the documented key.
    author = next(ds.objects(art, SCHEMA.author))
    assert (author, RDF.type, KG.Person) in graph_of(ds, entities_graph_iri(BASE))
    assert person_key_for_name("王 小红") == "Person:王小红"


def test_article_without_headline_has_none(sample: Sample) -> None:
    ds = sample.dataset()
    assert not list(ds.objects(article_iri("doc2-0", BASE), SCHEMA.headline))


def test_mentions_from_article_to_linked_entities(sample: Sample) -> None:
    ds = sample.dataset()
    for article_id in ("doc1-0", "doc2-0"):
        expected = {
            iri(sample, link.entity_key)
            for link in sample.resolution.links
            if link.evidence.article_id == article_id
        }
        assert set(ds.objects(article_iri(article_id, BASE), SCHEMA.mentions)) == expected


def test_mention_text_equals_body_slice(sample: Sample) -> None:
    ds = sample.dataset()
    rows = select(
        ds,
        """SELECT ?m ?text ?start ?end ?body ?e WHERE {
             ?m a kg:Mention ; schema:text ?text ; kg:startOffset ?start ; kg:endOffset ?end ;
                kg:inSentence ?s ; kg:denotes ?e .
             ?s schema:isPartOf ?art . ?art schema:articleBody ?body }""",
    )
    assert len(rows) == len(sample.resolution.links)
    for _, text, start, end, body, _ in rows:
        assert str(body)[int(start) : int(end)] == str(text)  # type: ignore[call-overload]


def test_mentions_point_into_their_sentence(sample: Sample) -> None:
    ds = sample.dataset()
    rows = select(
        ds,
        """SELECT ?ms ?me ?ss ?se WHERE {
             ?m a kg:Mention ; kg:startOffset ?ms ; kg:endOffset ?me ; kg:inSentence ?s .
             ?s kg:startOffset ?ss ; kg:endOffset ?se }""",
    )
    assert rows
    for ms, me, ss, se in rows:
        assert int(ss) <= int(ms) < int(me) <= int(se)  # type: ignore[call-overload]


def test_named_graphs(sample: Sample) -> None:
    ds = sample.dataset()
    entities = entities_graph_iri(BASE)
    doc1, doc2 = graph_iri("doc1", BASE), graph_iri("doc2", BASE)
    names = {q[3] for q in sample.quads()}
    assert names == {entities, doc1, doc2, cooccurrence_graph_iri(BASE)}
    ent = graph_of(ds, entities)
    committee = iri(sample, COMMITTEE)
    assert (committee, RDFS.label, Literal("东山区委", lang="zh")) in ent
    assert (committee, SKOS.altLabel, Literal("区委", lang="zh")) in ent
    assert (committee, SKOS.altLabel, Literal("东山区委", lang="zh")) not in ent
    # Superclasses are materialised: a university is an organisation without a reasoner.
    assert (iri(sample, UNI1), RDF.type, KG.Organization) in ent
    assert (iri(sample, DISTRICT), RDF.type, KG.Place) in ent
    assert len(set(ds.subjects(RDF.type, KG.IdentityDecision))) == 2
    assert not any((s, p, o) in ent for s, p, o in graph_of(ds, doc1))
    # Document 2's facts are in document 2's graph only.
    invest = (iri(sample, PERSON2), KG.investsIn, iri(sample, PARK))
    assert invest in graph_of(ds, doc2)
    assert invest not in graph_of(ds, doc1)


def test_same_name_people_stay_two_nodes(sample: Sample) -> None:
    ds = sample.dataset()
    people = {s for s in ds.subjects(RDFS.label, Literal("李明", lang="zh"))}
    assert people == {iri(sample, PERSON), iri(sample, PERSON2)}
    triples = set(ds.triples((None, None, None)))
    assert (iri(sample, PERSON2), KG.worksFor, iri(sample, FEDERATION)) in triples
    assert (iri(sample, PERSON), KG.worksFor, iri(sample, FEDERATION)) not in triples


def test_build_is_deterministic(sample: Sample) -> None:
    first = sample.quads()
    second = sample.quads()
    assert first == second
    assert len(first) == len(set(first))


def test_base_iri_is_used_for_every_minted_iri(sample: Sample) -> None:
    sample.config = BuildConfig(base_iri="https://other.example/kg/")
    minted = {
        term for quad in sample.quads() for term in (quad[0], quad[3]) if isinstance(term, URIRef)
    }
    assert minted
    assert all(str(t).startswith("https://other.example/kg/") for t in minted)


def test_provenance_query_answers_where_a_fact_comes_from(sample: Sample) -> None:
    ds = sample.dataset()
    rows = list(ds.query(FACT_PROVENANCE_QUERY))
    assert len(rows) == len(sample.resolution.facts)
    invest = [r for r in rows if r.predicate == KG.investsIn]  # type: ignore[union-attr]
    assert len(invest) == 1
    row = invest[0]
    assert str(row.subject) == "李明"  # type: ignore[union-attr]
    assert str(row.object) == "古陶产业园"  # type: ignore[union-attr]
    assert str(row.sentence) == "区工商联副主席李明投资建设了古陶产业园。"  # type: ignore[union-attr]
    assert str(row.file) == "pages/doc2.md"  # type: ignore[union-attr]
    assert str(row.method) == "test-rule"  # type: ignore[union-attr]


def test_cooperation_partners_of_district(sample: Sample) -> None:
    ds = sample.dataset()
    partners = set(
        ds.query(
            "SELECT ?u WHERE { ?d kg:cooperatesWith|^kg:cooperatesWith ?u }",
            initNs={"kg": KG},
            initBindings={"d": iri(sample, DISTRICT)},
        )
    )
    assert {row[0] for row in partners} == {iri(sample, UNI1), iri(sample, UNI2)}  # type: ignore[index]


def test_built_graph_conforms_to_shapes(sample: Sample) -> None:
    result = validate_graph(sample.dataset())
    assert result.conforms, "\n".join(map(str, result.violations))


def test_bad_input_is_reported_not_written(sample: Sample) -> None:
    warnings: list[str] = []
    sample.resolution.facts.append(Fact(PERSON, "likes", UNI1))
    sample.resolution.facts.append(Fact("no-such-key", "worksFor", UNI1))
    quads = list(
        build_quads(sample.analyses, sample.resolution, sample.config, on_warning=warnings.append)
    )
    assert not any(q[1] == KG.likes for q in quads)
    assert any("likes" in w for w in warnings)
    assert any("no-such-key" in w for w in warnings)


def test_fact_without_evidence_goes_to_entities_graph_without_assertion() -> None:
    article = Article("x-0", "x", "x.txt", 0, "题", "甲乙。")
    analysis = DocumentAnalysis(Document("x", "x.txt", "h", [article]), [ArticleAnalysis(article)])
    fact = Fact("Company:甲公司", "locatedIn", "Place:乙市")
    quads = list(build_quads([analysis], Resolution(facts=[fact]), BuildConfig(base_iri=BASE)))
    direct = [q for q in quads if q[1] == KG.locatedIn]
    assert len(direct) == 1
    assert direct[0][3] == entities_graph_iri(BASE)
    assert not any(q[2] == KG.Assertion for q in quads)


def test_mention_with_bad_offsets_is_skipped(sample: Sample) -> None:
    warnings: list[str] = []
    bad = MentionLink(UNI1, Evidence("doc1-0", 0, 5, 500, "x"), "南湖大学")
    sample.resolution.links = [bad]
    quads = list(
        build_quads(sample.analyses, sample.resolution, sample.config, on_warning=warnings.append)
    )
    assert not any(q[2] == KG.Mention for q in quads)
    assert warnings and "offsets" in warnings[0]


def test_entity_of_unknown_class_is_warned(sample: Sample) -> None:
    warnings: list[str] = []
    sample.resolution.entities["Gadget:x"] = Entity("Gadget:x", "Gadget", "某物")
    list(build_quads(sample.analyses, sample.resolution, sample.config, on_warning=warnings.append))
    assert warnings == ["entity 'Gadget:x': type 'Gadget' is not an ontology class"]


def test_duplicate_records_give_one_node_with_the_best_score(sample: Sample) -> None:
    link = sample.resolution.links[0]
    fact = sample.resolution.facts[0]
    assert fact.evidence is not None
    better = Evidence(**{**fact.evidence.__dict__, "score": 0.99})
    sample.resolution.links.append(
        MentionLink(
            link.entity_key, Evidence(**{**link.evidence.__dict__, "score": 0.2}), link.text
        )
    )
    sample.resolution.facts.append(
        Fact(fact.subject, fact.predicate, fact.object, role=fact.role, evidence=better)
    )
    ds = sample.dataset()
    confidences = select(
        ds,
        """SELECT ?n (GROUP_CONCAT(STR(?c)) AS ?cs) WHERE {
             ?n a ?cls ; kg:confidence ?c . FILTER (?cls IN (kg:Mention, kg:Assertion)) }
           GROUP BY ?n HAVING (COUNT(?c) > 1)""",
    )
    assert confidences == []
    assertion = select(
        ds,
        f"""SELECT ?c WHERE {{ ?a rdf:predicate kg:worksFor ; rdf:subject {iri(sample, PERSON).n3()} ;
             kg:confidence ?c }}""",
    )
    assert [float(c) for (c,) in assertion] == [0.99]  # type: ignore[arg-type]
    assert validate_graph(ds).conforms
