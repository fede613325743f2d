"""Turn analysed documents and their resolution into RDF quads with provenance.

The data model is described in :mod:`kg.graph`; this module is the only
place that writes it.  Quads are ``(subject, predicate, object, graph)``
ready for :meth:`kg.store.GraphStore.add_quads`.

Examples
--------
>>> from kg.config import BuildConfig
>>> from kg.types import Article, ArticleAnalysis, Document, DocumentAnalysis, Resolution
>>> article = Article("a1", "d1", "page.txt", 0, "标题", "正文。")
>>> analysis = DocumentAnalysis(Document("d1", "page.txt", "h", [article]),
...                             [ArticleAnalysis(article)])
>>> quads = list(build_quads([analysis], Resolution(), BuildConfig()))
>>> sorted({str(q[3]) for q in quads})
['https://w3id.org/kgnews/id/graph/d1']
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.config import BuildConfig
from kg.graph import iris
from kg.graph.cooccurrence import cooccurrence_quads, cooccurring_pairs
from kg.graph.gazetteer import containment_quads
from kg.graph.ontology import kg_classes, kg_superclasses
from kg.graph.teams import is_sports_team
from kg.graph.terms import text_literal
from kg.graph.vocab import KG, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from kg.types import (
    Credit,
    DocumentAnalysis,
    Entity,
    Evidence,
    Fact,
    IdentityDecision,
    MentionLink,
    Resolution,
)

__all__ = [
    "ArticleInfo",
    "article_infos",
    "document_quads",
    "resolution_quads",
    "LANG",
    "FACT_PREDICATES",
    "QUOTATION",
    "CREDIT_PROPERTIES",
    "build_quads",
]

Quad = tuple[Node, Node, Node, Node]

#: Language tag of Chinese text: labels, headlines, bodies, titles, quotes.
LANG = "zh"

#: ``Fact.predicate`` values that become ``kg:`` properties of the same name.
FACT_PREDICATES: frozenset[str] = frozenset(
    {
        "worksFor",
        "cooperatesWith",
        "develops",
        "investsIn",
        "locatedIn",
        "containedInPlace",
        "subOrganizationOf",
        "residesIn",
        "award",
        "alumniOf",
        "founder",
        "memberOf",
        "owns",
        "spouse",
        "parent",
        "playsCharacter",
        "actedIn",
        "directed",
        "notableWork",
    }
)

#: ``Fact.predicate`` of a quotation: subject is the speaker, object the words.
QUOTATION = "quotation"

#: ``Credit.role`` → article property.
CREDIT_PROPERTIES: dict[str, URIRef] = {
    "author": SCHEMA.author,
    "correspondent": KG.correspondent,
    "photographer": KG.photographer,
}

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Located:
    """An article and the named graph its derived statements go to."""

    article: ArticleInfo
    graph: URIRef


def _text(value: str) -> Literal:
    return text_literal(value, LANG)


# Offsets, positions and confidences repeat across a build; rdflib's Literal
# constructor costs microseconds, so the literals are cached.
@lru_cache(maxsize=65536)
def _int(value: int) -> Literal:
    return Literal(value)


@lru_cache(maxsize=4096)
def _plain(value: str) -> Literal:
    return text_literal(value, None)


@lru_cache(maxsize=4096)
def _score(value: float) -> Literal:
    """An ``xsd:double`` in the lexical form stores give back (``1``, not ``1.0``).

    Oxigraph keeps doubles as numbers and writes them in that form, so a
    graph file written from the build's own quads matches one dumped from
    the store.
    """
    number = float(value)
    text = repr(number)
    if "e" in text or "n" in text:  # 1e-05, inf, nan: rare for a confidence
        return Literal(number, datatype=XSD.double)
    return Literal(text.removesuffix(".0"), datatype=XSD.double, normalize=False)


T = TypeVar("T")


def _best(
    items: Iterable[T], identity: Callable[[T], Hashable], score: Callable[[T], float]
) -> list[T]:
    """Keep one item per identity, the highest-scoring (first on ties), in input order.

    Records that mint the same node (the same span linked twice, the same
    fact found by two passes) would otherwise give it two ``kg:confidence``
    values, which the shapes reject.
    """
    best: dict[Hashable, T] = {}
    for item in items:
        key = identity(item)
        if key not in best or score(item) > score(best[key]):
            best[key] = item
    return list(best.values())


def _link_identity(link: MentionLink) -> Hashable:
    ev = link.evidence
    return (ev.article_id, ev.start, ev.end, link.entity_key)


def _fact_identity(fact: Fact) -> Hashable:
    ev = fact.evidence
    where = (ev.article_id, ev.start, ev.end, ev.method) if ev else None
    return (fact.subject, fact.predicate, fact.object, fact.object_is_literal, fact.role, where)


def _fact_score(fact: Fact) -> float:
    return fact.evidence.score if fact.evidence else 0.0


def _decision_identity(decision: IdentityDecision) -> Hashable:
    return (decision.entity_key, decision.mention_text, decision.article_id, decision.reason)


@dataclass(frozen=True)
class ArticleInfo:
    """What the resolution's part of the graph needs of an article: no text.

    A streaming build keeps one of these per article, not the article.
    """

    id: str
    doc_id: str
    length: int
    credits: tuple[Credit, ...] = ()


def article_infos(analyses: Iterable[DocumentAnalysis]) -> list[ArticleInfo]:
    """The :class:`ArticleInfo` of every article of ``analyses``, in order."""
    return [
        ArticleInfo(aa.article.id, da.document.doc_id, len(aa.article.text),
                    tuple(aa.article.credits))
        for da in analyses
        for aa in da.articles
    ]


class _Builder:
    """One build: keeps minted entities and the quads emitted per graph."""

    def __init__(
        self,
        articles: Iterable[ArticleInfo],
        resolution: Resolution,
        config: BuildConfig,
        warn: Callable[[str], None],
    ) -> None:
        self.resolution = resolution
        self.base = config.base_iri
        self.window = config.cooccurrence_window
        self.warn = warn
        self.entities_graph = iris.entities_graph_iri(self.base)
        self.entities: dict[str, Entity] = dict(resolution.entities)
        self.entity_iris: dict[str, URIRef] = {}
        self.articles: dict[str, _Located] = {
            info.id: _Located(info, iris.graph_iri(info.doc_id, self.base)) for info in articles
        }
        # The store would drop duplicates too, but a Turtle writer or a
        # counting caller should not see them.  Quads of different graphs
        # differ, so a document's set is dropped once its quads are out.
        self.seen: set[Quad] = set()
        self.seen_entities: set[Quad] = set()
        # Mention nodes, most of a graph's quads, are described whole, once:
        # their IRIs are remembered instead of their eight quads each, so one
        # huge document's graph does not hold all its quads in ``seen``.
        self.described: set[Node] = set()

    # -- helpers -----------------------------------------------------------

    def emit(self, s: Node, p: Node, o: Node, g: Node) -> Iterator[Quad]:
        quad = (s, p, o, g)
        seen = self.seen_entities if g == self.entities_graph else self.seen
        if quad not in seen:
            seen.add(quad)
            yield quad

    def fresh(self, node: Node) -> bool:
        """Whether the mention ``node`` is not described yet; it is now.

        A mention's IRI is its identity (article, span, entity key) and
        :func:`_best` keeps one link per identity, so a node met twice would
        only repeat quads.
        """
        if node in self.described:
            return False
        self.described.add(node)
        return True

    def entity(self, key: str) -> Entity | None:
        """The entity of ``key``; typed keys unknown to the resolver are minted."""
        found = self.entities.get(key)
        if found is None:
            parsed = iris.type_from_key(key)
            if parsed is None:
                return None
            found = Entity(key=key, type=parsed[0], label=parsed[1])
            self.entities[key] = found
        return found

    def entity_iri(self, key: str) -> URIRef | None:
        iri = self.entity_iris.get(key)
        if iri is None:
            found = self.entity(key)
            if found is None:
                return None
            iri = self.entity_iris[key] = iris.entity_iri(found, self.base)
        return iri

    def locate(self, evidence: Evidence | None, what: str) -> _Located | None:
        if evidence is None:
            self.warn(f"{what}: no evidence, provenance omitted")
            return None
        located = self.articles.get(evidence.article_id)
        if located is None:
            self.warn(f"{what}: article {evidence.article_id!r} is not among the analyses")
        return located

    # -- articles ----------------------------------------------------------

    def credit_quads(self, located: _Located) -> Iterator[Quad]:
        article, g = located.article, located.graph
        node = iris.article_iri(article.id, self.base)
        for credit in article.credits:
            prop = CREDIT_PROPERTIES.get(credit.role)
            if prop is None:
                self.warn(f"article {article.id}: unknown credit role {credit.role!r}")
                continue
            person = self.entity_iri(iris.person_key_for_name(credit.name))
            if person is not None:
                yield from self.emit(node, prop, person, g)

    # -- mentions ----------------------------------------------------------

    def mention_quads(self, link: MentionLink) -> Iterator[Quad]:
        ev = link.evidence
        located = self.locate(ev, f"mention {link.text!r}")
        entity = self.entity_iri(link.entity_key)
        if located is None:
            return
        if entity is None:
            self.warn(f"mention {link.text!r}: unknown entity key {link.entity_key!r}")
            return
        article, g = located.article, located.graph
        if not 0 <= ev.start < ev.end <= article.length:
            self.warn(f"mention {link.text!r} in {article.id}: bad offsets {ev.start}-{ev.end}")
            return
        art = iris.article_iri(article.id, self.base)
        node = iris.mention_iri(article.id, ev.start, ev.end, link.entity_key, self.base)
        yield from self.emit(art, SCHEMA.mentions, entity, g)
        if not self.fresh(node):
            return
        yield (node, RDF.type, KG.Mention, g)
        yield (node, KG.denotes, entity, g)
        yield (node, KG.inSentence, iris.sentence_iri(article.id, ev.sentence_index, self.base), g)
        yield (node, KG.startOffset, _int(ev.start), g)
        yield (node, KG.endOffset, _int(ev.end), g)
        # The resolver takes a link's text from the body at its offsets.
        yield (node, SCHEMA.text, _text(link.text), g)
        if ev.method:
            yield (node, KG.method, _plain(ev.method), g)
        yield (node, KG.confidence, _score(ev.score), g)

    # -- facts -------------------------------------------------------------

    def provenance_quads(self, node: URIRef, ev: Evidence, g: URIRef) -> Iterator[Quad]:
        sentence = iris.sentence_iri(ev.article_id, ev.sentence_index, self.base)
        yield from self.emit(node, PROV.wasDerivedFrom, sentence, g)
        yield from self.emit(node, KG.startOffset, _int(ev.start), g)
        yield from self.emit(node, KG.endOffset, _int(ev.end), g)
        yield from self.emit(node, KG.method, _plain(ev.method or "unknown"), g)
        yield from self.emit(node, KG.confidence, _score(ev.score), g)

    def assertion_quads(
        self, fact: Fact, s: URIRef, p: URIRef, o: Node, located: _Located
    ) -> Iterator[Quad]:
        ev = fact.evidence
        assert ev is not None  # located implies evidence
        g = located.graph
        node = iris.assertion_iri(
            ev.article_id,
            fact.subject,
            fact.predicate,
            fact.object,
            fact.object_is_literal,
            fact.role or "",
            ev.start,
            ev.end,
            ev.method,
            base=self.base,
        )
        yield from self.emit(node, RDF.type, KG.Assertion, g)
        yield from self.emit(node, RDF.subject, s, g)
        yield from self.emit(node, RDF.predicate, p, g)
        yield from self.emit(node, RDF.object, o, g)
        yield from self.provenance_quads(node, ev, g)

    def fact_quads(self, fact: Fact) -> Iterator[Quad]:
        what = f"fact {fact.subject} {fact.predicate} {fact.object}"
        if fact.predicate == QUOTATION:
            yield from self.quotation_quads(fact, what)
            return
        if fact.predicate not in FACT_PREDICATES:
            self.warn(f"{what}: unknown predicate {fact.predicate!r}")
            return
        s = self.entity_iri(fact.subject)
        o: Node | None = (
            _text(fact.object) if fact.object_is_literal else self.entity_iri(fact.object)
        )
        if s is None or o is None:
            self.warn(f"{what}: unknown entity key")
            return
        p = KG[fact.predicate]
        located = self.locate(fact.evidence, what)
        g = located.graph if located else self.entities_graph
        yield from self.emit(s, p, o, g)
        if fact.predicate == "worksFor" and fact.role and isinstance(o, URIRef):
            node = iris.membership_iri(fact.subject, fact.object, fact.role, self.base)
            yield from self.emit(node, RDF.type, KG.Membership, g)
            yield from self.emit(node, ORG.member, s, g)
            yield from self.emit(node, ORG.organization, o, g)
            yield from self.emit(node, KG.roleTitle, _text(fact.role), g)
            if located is not None and fact.evidence is not None:
                sentence = iris.sentence_iri(
                    fact.evidence.article_id, fact.evidence.sentence_index, self.base
                )
                yield from self.emit(node, PROV.wasDerivedFrom, sentence, g)
        if located is not None:
            yield from self.assertion_quads(fact, s, p, o, located)

    def quotation_quads(self, fact: Fact, what: str) -> Iterator[Quad]:
        speaker = self.entity_iri(fact.subject)
        if speaker is None:
            self.warn(f"{what}: unknown speaker key")
            return
        located = self.locate(fact.evidence, what)
        ev = fact.evidence
        if located is None or ev is None:
            return  # a quotation without its sentence cannot be cited
        g = located.graph
        node = iris.quotation_iri(
            ev.article_id, fact.subject, fact.object, ev.start, ev.end, base=self.base
        )
        yield from self.emit(node, RDF.type, KG.Quotation, g)
        yield from self.emit(node, SCHEMA.text, _text(fact.object), g)
        yield from self.emit(node, SCHEMA.creator, speaker, g)
        yield from self.emit(
            node,
            PROV.wasDerivedFrom,
            iris.sentence_iri(ev.article_id, ev.sentence_index, self.base),
            g,
        )
        yield from self.assertion_quads(fact, node, SCHEMA.creator, speaker, located)

    # -- entities and identity --------------------------------------------

    def entity_quads(self, entity: Entity) -> Iterator[Quad]:
        g = self.entities_graph
        node = iris.entity_iri(entity, self.base)
        if entity.type not in kg_classes():
            self.warn(f"entity {entity.key!r}: type {entity.type!r} is not an ontology class")
        yield from self.emit(node, RDF.type, KG[entity.type], g)
        # Superclasses are materialised because stores run no reasoner:
        # ``?x a kg:Organization`` must find companies and universities.
        for parent in kg_superclasses(entity.type):
            yield from self.emit(node, RDF.type, KG[parent], g)
        if entity.type in ("Organization", "Company") and is_sports_team(entity.label):
            yield from self.emit(node, RDF.type, KG.SportsTeam, g)
        yield from self.emit(node, RDFS.label, _text(entity.label), g)
        for alt in sorted(entity.alt_labels - {entity.label}):
            yield from self.emit(node, SKOS.altLabel, _text(alt), g)

    def decision_quads(self, decision: IdentityDecision) -> Iterator[Quad]:
        about = self.entity_iri(decision.entity_key)
        if about is None:
            self.warn(f"identity decision: unknown entity key {decision.entity_key!r}")
            return
        g = self.entities_graph
        node = iris.decision_iri(
            decision.entity_key,
            decision.mention_text,
            decision.article_id,
            decision.reason,
            self.base,
        )
        yield from self.emit(node, RDF.type, KG.IdentityDecision, g)
        yield from self.emit(node, KG.about, about, g)
        yield from self.emit(node, KG.mentionText, _text(decision.mention_text), g)
        yield from self.emit(node, KG.confidence, _score(decision.score), g)
        yield from self.emit(node, KG.reason, Literal(decision.reason), g)
        if decision.article_id in self.articles:
            article = iris.article_iri(decision.article_id, self.base)
            yield from self.emit(node, PROV.wasDerivedFrom, article, g)

    # -- all ---------------------------------------------------------------

    def graph_of(self, evidence: Evidence | None) -> URIRef:
        located = self.articles.get(evidence.article_id) if evidence else None
        return located.graph if located else self.entities_graph

    def quads(self) -> Iterator[Quad]:
        res = self.resolution
        links: dict[URIRef, list[MentionLink]] = {}
        for link in _best(res.links, _link_identity, lambda x: x.evidence.score):
            links.setdefault(self.graph_of(link.evidence), []).append(link)
        facts: dict[URIRef, list[Fact]] = {}
        for fact in _best(res.facts, _fact_identity, _fact_score):
            facts.setdefault(self.graph_of(fact.evidence), []).append(fact)
        by_graph: dict[URIRef, list[_Located]] = {}
        for located in self.articles.values():
            by_graph.setdefault(located.graph, []).append(located)
        for graph in [*by_graph, *(g for g in [*links, *facts] if g not in by_graph)]:
            for located in by_graph.get(graph, ()):
                yield from self.credit_quads(located)
            for link in links.pop(graph, ()):
                yield from self.mention_quads(link)
            for fact in facts.pop(graph, ()):
                yield from self.fact_quads(fact)
            self.seen.clear()
            self.described.clear()
        for decision in _best(res.decisions, _decision_identity, lambda x: x.score):
            yield from self.decision_quads(decision)
        # Only links whose mention quads could be written: a pair must be
        # traceable to sentences the graph holds.
        cited = [
            link for link in res.links
            if link.evidence.article_id in self.articles and link.entity_key in self.entity_iris
        ]
        yield from cooccurrence_quads(
            cooccurring_pairs(cited, self.window), self.entity_iris.get, self.base
        )
        # Containment the gazetteer states between places the text names: a
        # place is named where one of its mentions was written above.
        mentioned_in: dict[str, set[str]] = {}
        for link in cited:
            mentioned_in.setdefault(link.entity_key, set()).add(link.evidence.article_id)
        yield from containment_quads(
            self.entities, self.entity_iris, mentioned_in, self.entities_graph, self.base
        )
        # Last, so entities minted above (credited people) are described too.
        for key in sorted(self.entities):
            yield from self.entity_quads(self.entities[key])


def _literal_date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date) if _DATE.fullmatch(value) else Literal(value)


#: A body longer than this many characters is stored as ``kg:BodyPart`` nodes
#: of at most this many, not as one ``schema:articleBody`` literal (whose
#: N-Quads line would grow with the input, past the store's load buffer).
BODY_PART_CHARS = 100_000


def document_quads(
    analysis: DocumentAnalysis,
    config: BuildConfig,
    on_warning: Callable[[str], None] | None = None,
) -> Iterator[Quad]:
    """Yield the quads of a document that need no resolution: articles and sentences.

    They go to the document's named graph, each at most once.  Extraction
    workers call this, so a build never holds the texts of the whole corpus.
    """
    warn = on_warning if on_warning is not None else log.warning
    base = config.base_iri
    g = iris.graph_iri(analysis.document.doc_id, base)
    seen: set[Quad] = set()
    sentences_seen: set[Node] = set()

    def emit(s: Node, p: Node, o: Node) -> Iterator[Quad]:
        quad = (s, p, o, g)
        if quad not in seen:
            seen.add(quad)
            yield quad

    for aa in analysis.articles:
        article = aa.article
        node = iris.article_iri(article.id, base)
        yield from emit(node, RDF.type, SCHEMA.NewsArticle)
        if article.headline:
            yield from emit(node, SCHEMA.headline, _text(article.headline))
        if len(article.text) <= BODY_PART_CHARS:
            yield from emit(node, SCHEMA.articleBody, _text(article.text))
        else:
            # One literal per body would grow with the input, past what a store
            # loads in one line: a long body is stored as parts (see kg:BodyPart).
            for index, start in enumerate(range(0, len(article.text), BODY_PART_CHARS)):
                end = min(start + BODY_PART_CHARS, len(article.text))
                part = iris.body_part_iri(article.id, index, base)
                yield (node, KG.bodyPart, part, g)
                yield (part, RDF.type, KG.BodyPart, g)
                yield (part, SCHEMA.text, _text(article.text[start:end]), g)
                yield (part, KG.startOffset, _int(start), g)
                yield (part, KG.endOffset, _int(end), g)
                yield (part, SCHEMA.position, _int(index), g)
        yield from emit(node, KG.sourceFile, Literal(article.source))
        yield from emit(node, SCHEMA.position, _int(article.index))
        if article.date:
            yield from emit(node, SCHEMA.datePublished, _literal_date(article.date))
        for sa in aa.sentences:
            index, start, end = sa.sentence.index, sa.sentence.start, sa.sentence.end
            if not 0 <= start < end <= len(article.text):
                warn(f"article {article.id}: sentence {index} has bad offsets {start}-{end}")
                continue
            sentence = iris.sentence_iri(article.id, index, base)
            if sentence in sentences_seen:
                continue
            # Each sentence's quads are new once its IRI is: only the IRIs are
            # remembered, so the set stays small for a huge document.
            sentences_seen.add(sentence)
            yield (sentence, RDF.type, KG.Sentence, g)
            yield (sentence, SCHEMA.text, _text(article.text[start:end]), g)
            yield (sentence, KG.startOffset, _int(start), g)
            yield (sentence, KG.endOffset, _int(end), g)
            yield (sentence, SCHEMA.position, _int(index), g)
            yield (sentence, SCHEMA.isPartOf, node, g)


def resolution_quads(
    articles: Iterable[ArticleInfo],
    resolution: Resolution,
    config: BuildConfig,
    on_warning: Callable[[str], None] | None = None,
) -> Iterator[Quad]:
    """Yield the quads that depend on resolution: mentions, facts, credits, entities.

    Together with :func:`document_quads` of every document this is
    :func:`build_quads`; a streaming build calls the two separately.
    """
    warn = on_warning if on_warning is not None else log.warning
    yield from _Builder(articles, resolution, config, warn).quads()


def build_quads(
    analyses: Sequence[DocumentAnalysis],
    resolution: Resolution,
    config: BuildConfig,
    on_warning: Callable[[str], None] | None = None,
) -> Iterator[Quad]:
    """Yield the quads of a build, each at most once.

    Parameters
    ----------
    analyses : sequence of DocumentAnalysis
        Every document of the build, with its articles and sentences.
    resolution : Resolution
        Entities, mention links, facts and identity decisions over them.
        Keys that are not in ``resolution.entities`` but have the
        ``"Type:label"`` form (see :func:`kg.graph.iris.person_key_for_name`)
        are minted as entities, so credited people need no resolver entry.
    config : BuildConfig
        ``base_iri`` is the namespace of every IRI minted.
    on_warning : callable, optional
        Called with a one-line message for input that cannot be written
        faithfully (unknown predicate or key, offsets outside the body);
        defaults to logging.

    Yields
    ------
    tuple
        ``(subject, predicate, object, graph)``.
    """
    for analysis in analyses:
        yield from document_quads(analysis, config, on_warning)
    yield from resolution_quads(article_infos(analyses), resolution, config, on_warning)
