"""RDF → networkx: the graph analysts compute on and kg's viewer draws.

:func:`to_networkx` reads kg's data model (see :mod:`kg.graph`) with a few
SPARQL queries, so it works on any rdflib ``Graph`` or ``Dataset``, including
Oxigraph-backed ones where a query runs inside the store instead of
streaming every triple through Python.

Examples
--------
>>> from rdflib import Graph, Literal, URIRef
>>> from kg.graph.vocab import KG, RDF, RDFS
>>> g = Graph()
>>> li, bureau = URIRef("urn:x:li"), URIRef("urn:x:bureau")
>>> g += [
...     (li, RDF.type, KG.Person),
...     (li, RDFS.label, Literal("李明", lang="zh")),
...     (bureau, RDF.type, KG.GovernmentOrganization),
...     (bureau, RDFS.label, Literal("东湖区商务局", lang="zh")),
...     (li, KG.worksFor, bureau),
... ]
>>> nxg = to_networkx(g)
>>> nxg.nodes["urn:x:li"]["label"], nxg.nodes["urn:x:bureau"]["type"]
('李明', 'GovernmentOrganization')
>>> [(u, v, k, d["label"]) for u, v, k, d in nxg.edges(keys=True, data=True)]
[('urn:x:li', 'urn:x:bureau', 'worksFor', '任职于')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.query import ResultRow
from rdflib.term import Node

from kg.analytics.labels import (
    COOCCURRENCE,
    entity_classes,
    most_specific,
    relation_label,
    relation_names,
)
from kg.graph.vocab import KG, PREFIXES, SCHEMA

__all__ = ["to_networkx"]

# The class list comes from kg's own data file, never from user input, so
# writing it into the query text is safe.
_ENTITIES = """
SELECT ?e ?cls ?label WHERE {{
  VALUES ?cls {{ {classes} }}
  ?e rdf:type ?cls .
  OPTIONAL {{ ?e rdfs:label ?label }}
}}
"""

_ALIASES = "SELECT DISTINCT ?e ?alias WHERE { ?e skos:altLabel ?alias }"

_POSTS = """
SELECT DISTINCT ?person ?org ?orgLabel ?role WHERE {
  ?m rdf:type kg:Membership ; org:member ?person .
  OPTIONAL { ?m org:organization ?org . OPTIONAL { ?org rdfs:label ?orgLabel } }
  OPTIONAL { ?m kg:roleTitle ?role }
}
"""

# The relations of labels.toml, bound with VALUES so that every store can use
# its predicate index (a FILTER over all triples is ~5x slower in rdflib).
# IRI objects become edges, literal objects (kg:award) node facts.
_RELATIONS = """
SELECT DISTINCT ?s ?p ?o WHERE {{
  VALUES ?p {{ {predicates} }}
  ?s ?p ?o .
}}
"""

_EVIDENCE = """
SELECT DISTINCT ?s ?p ?o ?text WHERE {
  ?a rdf:type kg:Assertion ;
     rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     prov:wasDerivedFrom ?sentence .
  ?sentence schema:text ?text .
}
"""

_MENTION_SOURCES = """
SELECT DISTINCT ?e ?text WHERE {
  ?m kg:denotes ?e ; kg:inSentence ?sentence .
  ?sentence schema:text ?text .
}
"""

# One row per pair: the node has exactly two kg:between (the shapes say so).
_COOCCURRENCES = """
SELECT ?a ?b ?n WHERE {
  ?c rdf:type kg:CoOccurrence ; kg:between ?a , ?b ; kg:sentenceCount ?n .
  FILTER (STR(?a) < STR(?b))
}
"""

_ARTICLES = """
SELECT ?article ?headline ?entity WHERE {
  ?article rdf:type schema:NewsArticle .
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:mentions ?entity }
}
"""


@contextmanager
def _union_view(graph: Graph) -> Iterator[Graph]:
    # A Dataset answers queries from its default graph only; kg keeps facts in
    # per-document named graphs, so query the union and restore the flag.
    if isinstance(graph, Dataset):
        before = graph.default_union
        graph.default_union = True
        try:
            yield graph
        finally:
            graph.default_union = before
    else:
        yield graph


def _rows(graph: Graph, query: str) -> Iterator[ResultRow]:
    for row in graph.query(query, initNs=PREFIXES):
        assert isinstance(row, ResultRow)
        yield row


def _local(iri: Node) -> str:
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1]
            break
    return text


def _best_label(labels: list[Literal]) -> str | None:
    # Prefer Chinese, then untagged, then anything; shortest-then-sorted keeps
    # the choice deterministic when a store returns rows in any order.
    def rank(lit: Literal) -> tuple[int, int, str]:
        lang = (lit.language or "").lower()
        tier = 0 if lang.startswith("zh") else 1 if not lang else 2
        return (tier, len(str(lit)), str(lit))

    return str(min(labels, key=rank)) if labels else None


def to_networkx(
    graph: Graph | Dataset, *, include_articles: bool = False, cooccurrence: bool = False
) -> nx.MultiDiGraph:
    """Convert a kg RDF graph into a networkx ``MultiDiGraph``.

    Parameters
    ----------
    graph : rdflib.Graph or rdflib.Dataset
        A graph in kg's data model.  For a ``Dataset`` the union of all named
        graphs is read.
    include_articles : bool
        Also add ``NewsArticle`` nodes (type ``"NewsArticle"``, label = the
        headline) with a ``mentions`` edge to each entity they name.
    cooccurrence : bool
        Also add the co-occurrence layer: one ``coOccursWith`` edge per pair
        of entities named in a sentence together (from the lesser IRI to the
        greater), with ``weight`` (the number of sentences) and
        ``cooccurrence=True``.  Off by default: it is not a relation.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are entity IRIs (strings) with attributes

        ``label``
            the ``rdfs:label`` (Chinese preferred), else the IRI;
        ``type``
            the most specific kg class, e.g. ``"Company"``;
        ``types``
            every kg class the entity has (sorted list);
        ``aliases``
            sorted ``skos:altLabel`` values;
        ``posts``
            ``"organization role"`` strings from ``kg:Membership`` nodes;
        ``sources``
            sorted texts of the sentences that mention the entity or state a
            fact about it;
        ``facts``
            literal-valued relations, e.g. ``{"award": ["劳动模范"]}``.

        Edges go subject → object, keyed by the predicate's local name, with
        ``predicate`` (the IRI), ``label`` (Chinese) and ``evidence`` (sorted
        sentence texts).

    Examples
    --------
    >>> from rdflib import Graph, URIRef
    >>> from kg.graph.vocab import KG, RDF
    >>> g = Graph()
    >>> g += [(URIRef("urn:x:a"), RDF.type, KG.Company),
    ...       (URIRef("urn:x:a"), RDF.type, KG.Organization)]
    >>> to_networkx(g).nodes["urn:x:a"]["type"]
    'Company'
    """
    out = nx.MultiDiGraph()
    with _union_view(graph) as g:
        classes_sparql = " ".join(f"kg:{name}" for name in entity_classes())
        types: dict[str, set[str]] = defaultdict(set)
        labels: dict[str, list[Literal]] = defaultdict(list)
        for row in _rows(g, _ENTITIES.format(classes=classes_sparql)):
            if not isinstance(row.e, URIRef):
                continue
            key = str(row.e)
            types[key].add(_local(row.cls))
            if isinstance(row.label, Literal) and row.label not in labels[key]:
                labels[key].append(row.label)

        aliases: dict[str, set[str]] = defaultdict(set)
        for row in _rows(g, _ALIASES):
            if str(row.e) in types:
                aliases[str(row.e)].add(str(row.alias))

        posts: dict[str, set[str]] = defaultdict(set)
        for row in _rows(g, _POSTS):
            person = str(row.person)
            if person not in types:
                continue
            parts = [str(row.orgLabel) if row.orgLabel is not None else None, row.role]
            text = " ".join(str(p) for p in parts if p is not None)
            if text:
                posts[person].add(text)

        sources: dict[str, set[str]] = defaultdict(set)
        for row in _rows(g, _MENTION_SOURCES):
            if str(row.e) in types:
                sources[str(row.e)].add(str(row.text))

        evidence: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for row in _rows(g, _EVIDENCE):
            s, o = str(row.s), str(row.o)
            evidence[(s, str(row.p), o)].add(str(row.text))
            # A fact's sentence is also a source for both of its ends.
            for end in (s, o):
                if end in types:
                    sources[end].add(str(row.text))

        predicates = " ".join(f"kg:{name}" for name in relation_names())
        facts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        relations: list[tuple[str, str, str]] = []
        for row in _rows(g, _RELATIONS.format(predicates=predicates)):
            s = str(row.s)
            if s not in types:
                continue
            if isinstance(row.o, Literal):
                facts[s][_local(row.p)].add(str(row.o))
            elif str(row.o) in types:
                relations.append((s, str(row.p), str(row.o)))

        for key in sorted(types):
            out.add_node(
                key,
                label=_best_label(labels[key]) or key,
                type=most_specific(types[key]),
                types=sorted(types[key]),
                aliases=sorted(aliases[key]),
                posts=sorted(posts[key]),
                sources=sorted(sources[key]),
                facts={name: sorted(values) for name, values in sorted(facts[key].items())},
            )

        for s, p, o in sorted(relations):
            name = _local(URIRef(p))
            out.add_edge(
                s,
                o,
                key=name,
                predicate=p,
                label=relation_label(name),
                evidence=sorted(evidence[(s, p, o)]),
            )

        if cooccurrence:
            _add_cooccurrences(g, out)
        if include_articles:
            _add_articles(g, out)
    return out


def _add_cooccurrences(g: Graph, out: nx.MultiDiGraph) -> None:
    pairs: list[tuple[str, str, int]] = []
    for row in _rows(g, _COOCCURRENCES):
        a, b = str(row.a), str(row.b)
        if a in out and b in out:
            pairs.append((a, b, int(row.n)))
    label = relation_label(COOCCURRENCE)
    for a, b, n in sorted(pairs):
        out.add_edge(a, b, key=COOCCURRENCE, predicate=str(KG[COOCCURRENCE]), label=label,
                     evidence=[], weight=n, cooccurrence=True)


def _add_articles(g: Graph, out: nx.MultiDiGraph) -> None:
    headlines: dict[str, str | None] = {}
    mentioned: dict[str, set[str]] = defaultdict(set)
    for row in _rows(g, _ARTICLES):
        article = str(row.article)
        if row.headline is not None or article not in headlines:
            headlines[article] = str(row.headline) if row.headline is not None else None
        if row.entity is not None and str(row.entity) in out:
            mentioned[article].add(str(row.entity))
    mentions_iri = str(SCHEMA.mentions)
    for article in sorted(headlines):
        out.add_node(
            article,
            label=headlines[article] or _local(URIRef(article)),
            type="NewsArticle",
            types=["NewsArticle"],
            aliases=[],
            posts=[],
            sources=[],
            facts={},
        )
        for entity in sorted(mentioned[article]):
            out.add_edge(
                article,
                entity,
                key="mentions",
                predicate=mentions_iri,
                label=relation_label("mentions"),
                evidence=[],
            )
