"""ontology/kg.ttl: parses, documents every term in 中文 and English, aligns it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.graph.build import CREDIT_PROPERTIES, FACT_PREDICATES
from kg.graph.ontology import kg_superclasses, load_ontology, property_label, term_label
from kg.graph.vocab import KG, ORG, PROV, SCHEMA
from kg.types import ENTITY_TYPES, ORGANIZATION_TYPES

ROOT = Path(__file__).resolve().parents[2]
TERM_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
)
ALIGNMENT = (
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    SKOS.relatedMatch,
    SKOS.closeMatch,
)

REQUIRED_CLASSES = {
    "Person": {SCHEMA.Person},
    "Organization": {SCHEMA.Organization, ORG.Organization},
    "GovernmentOrganization": {KG.Organization, SCHEMA.GovernmentOrganization},
    "Company": {KG.Organization, SCHEMA.Corporation},
    "University": {KG.Organization, SCHEMA.CollegeOrUniversity},
    "Project": {SCHEMA.Project},
    "Place": {SCHEMA.Place},
    "AdministrativeArea": {KG.Place, SCHEMA.AdministrativeArea},
    "Event": {SCHEMA.Event},
    "Membership": {ORG.Membership},
    "Assertion": {RDF.Statement, PROV.Entity},
    "IdentityDecision": {PROV.Entity},
    "Quotation": {SCHEMA.Quotation},
    "Sentence": {PROV.Entity},
    "Mention": {PROV.Entity},
}
REQUIRED_PROPERTIES = {
    "worksFor": {SCHEMA.worksFor},
    "cooperatesWith": {ORG.linkedTo},
    "locatedIn": {SCHEMA.location},
    "containedInPlace": {KG.locatedIn, SCHEMA.containedInPlace},
    "subOrganizationOf": {ORG.subOrganizationOf},
    "residesIn": {SCHEMA.homeLocation},
    "award": {SCHEMA.award},
    "alumniOf": {SCHEMA.alumniOf},
    "founder": {SCHEMA.founder},
    "correspondent": {SCHEMA.contributor},
    "photographer": {SCHEMA.contributor},
    "roleTitle": set(),
    "develops": set(),
    "investsIn": set(),
    "denotes": set(),
    "inSentence": set(),
    "startOffset": set(),
    "endOffset": set(),
    "method": set(),
    "confidence": set(),
    "reason": set(),
    "about": set(),
    "mentionText": set(),
    "sourceFile": set(),
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


def kg_terms(graph: Graph) -> list[URIRef]:
    terms = {
        s
        for t in TERM_TYPES
        for s in graph.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(str(KG))
    }
    return sorted(terms)


def test_source_file_parses_and_has_header() -> None:
    graph = Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")
    header = URIRef("https://w3id.org/kgnews/ontology")
    assert (header, RDF.type, OWL.Ontology) in graph
    assert graph.value(header, OWL.versionInfo) is not None
    langs = {lit.language for lit in graph.objects(header, RDFS.label) if isinstance(lit, Literal)}
    assert {"zh", "en"} <= langs


def test_every_term_is_labelled_commented_and_aligned(onto: Graph) -> None:
    terms = kg_terms(onto)
    assert len(terms) >= len(REQUIRED_CLASSES) + len(REQUIRED_PROPERTIES)
    problems: list[str] = []
    for term in terms:
        for lang in ("zh", "en"):
            for predicate in (RDFS.label, RDFS.comment):
                if not any(
                    isinstance(o, Literal) and o.language == lang and str(o).strip()
                    for o in onto.objects(term, predicate)
                ):
                    problems.append(f"{term}: no {predicate.n3()}@{lang}")
        external = [
            o
            for p in ALIGNMENT
            for o in onto.objects(term, p)
            if isinstance(o, URIRef) and not str(o).startswith(str(KG))
        ]
        if not external:
            problems.append(f"{term}: not aligned to any standard term")
    assert problems == []


def test_every_kg_term_used_is_declared(onto: Graph) -> None:
    declared = set(kg_terms(onto))
    used = {
        node
        for triple in onto
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(str(KG))
    }
    assert used - declared == set()


@pytest.mark.parametrize(("name", "parents"), sorted(REQUIRED_CLASSES.items()))
def test_required_classes(onto: Graph, name: str, parents: set[URIRef]) -> None:
    assert (KG[name], RDF.type, OWL.Class) in onto
    assert parents <= set(onto.objects(KG[name], RDFS.subClassOf))


@pytest.mark.parametrize(("name", "parents"), sorted(REQUIRED_PROPERTIES.items()))
def test_required_properties(onto: Graph, name: str, parents: set[URIRef]) -> None:
    types = set(onto.objects(KG[name], RDF.type))
    assert types & {OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property}
    assert parents <= set(onto.objects(KG[name], RDFS.subPropertyOf))


def test_cooperates_with_is_symmetric(onto: Graph) -> None:
    assert (KG.cooperatesWith, RDF.type, OWL.SymmetricProperty) in onto


def test_own_terms_use_no_rdfs_inference_bearing_domain(onto: Graph) -> None:
    # rdfs:domain/range would let a reasoner re-type wrongly linked nodes.
    assert not any(str(s).startswith(str(KG)) for s in onto.subjects(RDFS.domain, None))
    assert not any(str(s).startswith(str(KG)) for s in onto.subjects(RDFS.range, None))


def test_pipeline_names_are_ontology_terms(onto: Graph) -> None:
    for type_name in (*ENTITY_TYPES, *ORGANIZATION_TYPES):
        assert (KG[type_name], RDF.type, OWL.Class) in onto, type_name
    for name in FACT_PREDICATES:
        assert set(onto.objects(KG[name], RDF.type)) & {
            OWL.ObjectProperty,
            OWL.DatatypeProperty,
            RDF.Property,
        }
    for prop in CREDIT_PROPERTIES.values():
        assert (prop, RDFS.label, None) in onto


def test_organization_subclasses(onto: Graph) -> None:
    for name in ORGANIZATION_TYPES - {"Organization"}:
        assert kg_superclasses(name) == ["Organization"]
    assert kg_superclasses("AdministrativeArea") == ["Place"]
    assert kg_superclasses("Person") == []


def test_property_labels_for_edges(onto: Graph) -> None:
    for name in FACT_PREDICATES:
        zh = property_label(name)
        en = property_label(name, lang="en")
        assert zh != name and any("\u4e00" <= ch <= "\u9fff" for ch in zh), name
        assert en == str(next(o for o in onto.objects(KG[name], RDFS.label) if o.language == "en"))  # type: ignore[union-attr]
    assert property_label("schema:author") == "作者"
    assert property_label(str(SCHEMA.mentions)) == "提及"
    assert term_label("Membership") == "任职"
    assert property_label("noSuchProperty") == "noSuchProperty"
