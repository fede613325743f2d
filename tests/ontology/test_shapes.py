"""ontology/shapes.ttl: each shape passes a good graph and catches a broken one."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.graph.validate import validate_graph

PREFIXES = """\
@prefix kg: <https://w3id.org/kgnews/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://test.example/> .
"""

GOOD = """
:p a kg:Person ; rdfs:label "李明"@zh ; kg:worksFor :c .
:c a kg:Company ; rdfs:label "青石公司"@zh .
:g a kg:GovernmentOrganization ; rdfs:label "东山区委"@zh .
:m a kg:Membership ; org:member :p ; org:organization :g ; kg:roleTitle "书记"@zh .
:art a schema:NewsArticle ; schema:headline "标题"@zh ; kg:sourceFile "a.txt" ;
     schema:articleBody "李明在东山区委。"@zh .
:s a kg:Sentence ; schema:text "李明在东山区委。"@zh ; kg:startOffset 0 ; kg:endOffset 8 ;
   schema:isPartOf :art .
:men a kg:Mention ; kg:denotes :p ; kg:inSentence :s ; schema:text "李明"@zh ;
     kg:startOffset 0 ; kg:endOffset 2 ; kg:method "rule" ; kg:confidence "0.9"^^xsd:double .
:a a kg:Assertion ; rdf:subject :p ; rdf:predicate kg:worksFor ; rdf:object :c ;
   prov:wasDerivedFrom :s ; kg:method "rule" ; kg:confidence "0.9"^^xsd:double .
"""


def check(turtle: str) -> tuple[bool, list[str]]:
    graph = Graph().parse(data=PREFIXES + turtle, format="turtle")
    result = validate_graph(graph)
    return result.conforms, [f"{v.focus} {v.path} {v.message}" for v in result.violations]


def test_good_graph_conforms() -> None:
    conforms, violations = check(GOOD)
    assert conforms, violations


def test_membership_without_member() -> None:
    conforms, violations = check(GOOD.replace("org:member :p ; ", ""))
    assert not conforms
    assert violations == [":m org:member a kg:Membership has exactly one org:member, a kg:Person"]


def test_membership_with_two_titles() -> None:
    conforms, violations = check(GOOD + ':m kg:roleTitle "副书记"@zh .')
    assert not conforms and all(":m kg:roleTitle" in v for v in violations)


def test_works_for_subclass_counts_but_place_does_not() -> None:
    # GOOD already has worksFor -> kg:Company and conforms (RDFS inference).
    to_place = GOOD + ':x a kg:Place ; rdfs:label "东山区"@zh . :p kg:worksFor :x .'
    conforms, violations = check(to_place)
    assert not conforms
    assert any(v.startswith(":p kg:worksFor") for v in violations)


def test_entity_without_label() -> None:
    conforms, violations = check(GOOD + ":u a kg:University .")
    assert not conforms
    assert violations == [":u rdfs:label an entity needs at least one language-tagged rdfs:label"]


def test_assertion_without_sentence() -> None:
    conforms, violations = check(GOOD.replace("prov:wasDerivedFrom :s ; ", ""))
    assert not conforms
    assert any(v.startswith(":a prov:wasDerivedFrom") for v in violations)


def test_mention_offsets_must_be_ordered_integers() -> None:
    reversed_span = GOOD.replace(
        "kg:startOffset 0 ; kg:endOffset 2", "kg:startOffset 2 ; kg:endOffset 2"
    )
    conforms, violations = check(reversed_span)
    assert not conforms
    assert any("less than" in v for v in violations)
    as_text = GOOD.replace(
        "kg:startOffset 0 ; kg:endOffset 2", 'kg:startOffset "0" ; kg:endOffset 2'
    )
    assert not check(as_text)[0]


def test_article_headline_and_source_file() -> None:
    two_headlines = GOOD + ':art schema:headline "另一个"@zh .'
    conforms, violations = check(two_headlines)
    assert not conforms and any("at most one schema:headline" in v for v in violations)
    no_file = GOOD.replace('kg:sourceFile "a.txt" ;', "")
    conforms, violations = check(no_file)
    assert not conforms and any("exactly one kg:sourceFile" in v for v in violations)


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_subclasses_count_with_and_without_reasoner(inference: str) -> None:
    # GOOD types its employer only as kg:Company, never as kg:Organization.
    graph = Graph().parse(data=PREFIXES + GOOD, format="turtle")
    assert validate_graph(graph, inference=inference).conforms
    broken = GOOD + ':x a kg:Place ; rdfs:label "东山区"@zh . :p kg:worksFor :x .'
    graph = Graph().parse(data=PREFIXES + broken, format="turtle")
    assert not validate_graph(graph, inference=inference).conforms
