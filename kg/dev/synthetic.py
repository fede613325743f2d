"""Graphs in kg's data model built without the pipeline, for tests and benchmarks.

:class:`GraphWriter` writes entities, facts (direct triple + ``kg:Assertion``
with its sentence), posts (``kg:Membership``), mentions and articles exactly as
:mod:`kg.graph` documents them.  :func:`demo_graph` is a small hand-made news
graph; :func:`synthetic_graph` a random one of any size.

Examples
--------
>>> g = demo_graph()
>>> from kg.analytics.networkx_bridge import to_networkx
>>> nxg = to_networkx(g)
>>> nxg.number_of_nodes() > 5
True
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef

from kg.config import DEFAULT_BASE_IRI
from kg.graph.vocab import KG, ORG, PROV, RDF, RDFS, SCHEMA, SKOS

__all__ = ["HOSTILE_NAME", "HOSTILE_ALIAS", "GraphWriter", "demo_graph", "synthetic_graph"]

#: An entity name in :func:`demo_graph` that breaks naive SPARQL and HTML.
HOSTILE_NAME = 'A"} UNION {?s ?p ?o} #<script>alert(1)</script>'
#: Its alias: SQL-style quoting and braces.
HOSTILE_ALIAS = "x' OR '1'='1 }} {{"


@dataclass
class GraphWriter:
    """Write kg's data model into an rdflib graph.

    With a ``Dataset``, entity descriptions go to ``<base>graph/entities`` and
    everything from an article to ``<base>graph/{doc}``, as the real build does.

    Examples
    --------
    >>> w = GraphWriter(Graph())
    >>> li = w.entity("Person", "李明")
    >>> str(li).startswith(DEFAULT_BASE_IRI + "person/")
    True
    """

    graph: Graph
    base: str = DEFAULT_BASE_IRI
    doc: str = "doc1"
    _sentences: int = field(default=0, init=False)

    def _target(self, name: str) -> Graph:
        if isinstance(self.graph, Dataset):
            return self.graph.graph(URIRef(f"{self.base}graph/{name}"))
        return self.graph

    def entity(self, cls: str, label: str, *aliases: str) -> URIRef:
        """Add an entity of kg class ``cls`` and return its IRI."""
        digest = hashlib.sha1(f"{cls}|{label}".encode()).hexdigest()[:8]
        iri = URIRef(f"{self.base}{cls.lower()}/{digest}")
        g = self._target("entities")
        g.add((iri, RDF.type, KG[cls]))
        g.add((iri, RDFS.label, Literal(label, lang="zh")))
        for alias in aliases:
            g.add((iri, SKOS.altLabel, Literal(alias, lang="zh")))
        return iri

    def article(self, article_id: str, headline: str) -> URIRef:
        """Add a ``schema:NewsArticle``."""
        iri = URIRef(f"{self.base}article/{article_id}")
        g = self._target(self.doc)
        g.add((iri, RDF.type, SCHEMA.NewsArticle))
        g.add((iri, SCHEMA.headline, Literal(headline, lang="zh")))
        return iri

    def sentence(self, article: URIRef, text: str) -> URIRef:
        """Add a ``kg:Sentence`` of ``article``."""
        self._sentences += 1
        iri = URIRef(f"{article}/s{self._sentences}")
        g = self._target(self.doc)
        g.add((iri, RDF.type, KG.Sentence))
        g.add((iri, SCHEMA.text, Literal(text, lang="zh")))
        g.add((iri, SCHEMA.isPartOf, article))
        return iri

    def mention(self, entity: URIRef, sentence: URIRef, text: str) -> None:
        """Add a ``kg:Mention`` of ``entity`` in ``sentence``."""
        g = self._target(self.doc)
        m = URIRef(f"{sentence}/m/{hashlib.sha1(str(entity).encode()).hexdigest()[:8]}")
        g.add((m, RDF.type, KG.Mention))
        g.add((m, KG.denotes, entity))
        g.add((m, KG.inSentence, sentence))
        g.add((m, SCHEMA.text, Literal(text)))
        article = URIRef(str(sentence).rsplit("/", 1)[0])
        g.add((article, SCHEMA.mentions, entity))

    def fact(
        self, s: URIRef, relation: str, o: URIRef | Literal, sentence: URIRef | None = None
    ) -> None:
        """Add the direct triple and, with a sentence, its ``kg:Assertion``."""
        g = self._target(self.doc)
        g.add((s, KG[relation], o))
        if sentence is None:
            return
        key = hashlib.sha1(f"{s}|{relation}|{o}|{sentence}".encode()).hexdigest()[:12]
        a = URIRef(f"{self.base}assertion/{key}")
        g.add((a, RDF.type, KG.Assertion))
        g.add((a, RDF.subject, s))
        g.add((a, RDF.predicate, KG[relation]))
        g.add((a, RDF.object, o))
        g.add((a, PROV.wasDerivedFrom, sentence))
        g.add((a, KG.method, Literal("synthetic")))
        g.add((a, KG.confidence, Literal(Decimal("1.0"))))

    def post(self, person: URIRef, org: URIRef, role: str, sentence: URIRef | None = None) -> None:
        """Add ``person kg:worksFor org`` and a ``kg:Membership`` with ``role``."""
        self.fact(person, "worksFor", org, sentence)
        g = self._target(self.doc)
        key = hashlib.sha1(f"{person}|{org}|{role}".encode()).hexdigest()[:12]
        m = URIRef(f"{self.base}membership/{key}")
        g.add((m, RDF.type, KG.Membership))
        g.add((m, ORG.member, person))
        g.add((m, ORG.organization, org))
        g.add((m, KG.roleTitle, Literal(role, lang="zh")))


def demo_graph(graph: Graph | None = None) -> Graph:
    """A small news graph: one district, its bureaus, firms, projects and people.

    It has one isolated entity (``孤立公司``, an extraction miss) and names
    that try to break out of SPARQL strings and HTML.

    Examples
    --------
    >>> len(demo_graph()) > 50
    True
    """
    g = graph if graph is not None else Graph()
    w = GraphWriter(g)
    art = w.article("a1", "东湖区招商引资撬动经济发展强力引擎")
    area = w.entity("AdministrativeArea", "东湖区", "该区")
    city = w.entity("AdministrativeArea", "洛阳市", "我市")
    bureau = w.entity("GovernmentOrganization", "东湖区商务局", "区商务局")
    li = w.entity("Person", "李明")
    wang = w.entity("Person", "王芳")
    firm = w.entity("Company", "天工管道有限公司", "天工管道")
    uni = w.entity("University", "洛阳学院")
    park = w.entity("Project", "电子半导体产业园")
    line = w.entity("Project", "RTP缠绕增强复合管道生产线")
    fair = w.entity("Event", "重大项目集中签约仪式")
    w.entity("Company", "孤立公司")
    hostile = w.entity("Company", HOSTILE_NAME, HOSTILE_ALIAS)

    s1 = w.sentence(art, "东湖区商务局局长李明介绍，电子半导体产业园位于东湖区。")
    s2 = w.sentence(art, "天工管道有限公司投资建设RTP缠绕增强复合管道生产线。")
    s3 = w.sentence(art, "天工管道有限公司与洛阳学院合作，王芳任公司总经理。")
    s4 = w.sentence(art, "东湖区隶属于洛阳市。")
    s5 = w.sentence(art, f"奇怪的名字{HOSTILE_NAME}与天工管道合作。")
    for entity, sentence, text in [
        (bureau, s1, "东湖区商务局"),
        (li, s1, "李明"),
        (park, s1, "电子半导体产业园"),
        (area, s1, "东湖区"),
        (firm, s2, "天工管道有限公司"),
        (line, s2, "RTP缠绕增强复合管道生产线"),
        (firm, s3, "天工管道有限公司"),
        (uni, s3, "洛阳学院"),
        (wang, s3, "王芳"),
        (area, s4, "东湖区"),
        (city, s4, "洛阳市"),
    ]:
        w.mention(entity, sentence, text)
    w.post(li, bureau, "局长", s1)
    w.post(wang, firm, "总经理", s3)
    w.fact(park, "locatedIn", area, s1)
    w.fact(bureau, "locatedIn", area, s1)
    w.fact(firm, "develops", line, s2)
    w.fact(firm, "investsIn", line, s2)
    w.fact(firm, "cooperatesWith", uni, s3)
    w.fact(area, "containedInPlace", city, s4)
    w.fact(hostile, "cooperatesWith", firm, s5)
    w.fact(fair, "locatedIn", area)
    w.fact(li, "award", Literal("劳动模范", lang="zh"))
    return g


def synthetic_graph(n_entities: int, *, seed: int = 0, edges_per_node: float = 2.0) -> Graph:
    """A random graph of ``n_entities`` entities in kg's data model.

    Degrees are skewed (preferential attachment), as in news, where a few
    bureaus and districts are named in most articles.

    Examples
    --------
    >>> g = synthetic_graph(50, seed=1)
    >>> from kg.analytics.networkx_bridge import to_networkx
    >>> to_networkx(g).number_of_nodes()
    50
    """
    rng = random.Random(seed)
    g = Graph()
    w = GraphWriter(g)
    classes = [
        "Person",
        "GovernmentOrganization",
        "Company",
        "University",
        "Project",
        "AdministrativeArea",
        "Event",
        "Place",
        "Organization",
    ]
    weights = [30, 12, 20, 3, 15, 6, 4, 5, 5]
    relations = {
        "Person": ("worksFor", ["GovernmentOrganization", "Company", "University"]),
        "Company": ("investsIn", ["Project", "Company"]),
        "GovernmentOrganization": ("subOrganizationOf", ["GovernmentOrganization"]),
        "University": ("cooperatesWith", ["Company", "University"]),
        "Project": ("locatedIn", ["AdministrativeArea", "Place"]),
        "AdministrativeArea": ("containedInPlace", ["AdministrativeArea"]),
        "Event": ("locatedIn", ["AdministrativeArea", "Place"]),
        "Place": ("locatedIn", ["AdministrativeArea"]),
        "Organization": ("cooperatesWith", ["Company", "Organization"]),
    }
    surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
    suffix = {
        "GovernmentOrganization": "局",
        "Company": "有限公司",
        "University": "大学",
        "Project": "项目",
        "AdministrativeArea": "区",
        "Event": "大会",
        "Place": "广场",
        "Organization": "协会",
    }
    art = w.article("synthetic", "合成新闻")
    by_class: dict[str, list[URIRef]] = {c: [] for c in classes}
    nodes: list[tuple[str, URIRef]] = []
    for i in range(n_entities):
        cls = rng.choices(classes, weights)[0]
        if cls == "Person":
            label = f"{rng.choice(surnames)}{rng.choice(surnames)}{i}"
        else:
            label = f"第{i}{suffix[cls]}"
        iri = w.entity(cls, label)
        by_class[cls].append(iri)
        nodes.append((cls, iri))
    # One entry per edge end, per class: preferential attachment.
    attach: dict[str, list[URIRef]] = {c: [] for c in classes}
    n_edges = int(n_entities * edges_per_node / 2)
    for j in range(n_edges):
        cls, s = nodes[rng.randrange(len(nodes))]
        relation, targets = relations[cls]
        target = rng.choice([c for c in targets if by_class[c]] or [cls])
        pool = attach[target] if attach[target] and rng.random() < 0.5 else by_class[target]
        o = rng.choice(pool)
        if o == s:
            continue
        sentence = w.sentence(art, f"第{j}句：合成事实。") if j % 4 == 0 else None
        w.fact(s, relation, o, sentence)
        attach[cls].append(s)
        attach[target].append(o)
    return g
