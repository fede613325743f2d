"""The co-occurrence layer: entities named in the same sentence.

This layer is kept apart from the typed relations (``kg:worksFor``,
``kg:cooperatesWith`` …): two entities in one sentence are *related in the
text*, not in the world, so the layer has its own property,
``kg:coOccursWith``, which is a sub-property of nothing.  SPARQL users and
graders that ask for typed relations never see it; users who want a
connected picture of a build ask for it by name.

Per build, each unordered pair of entities gets one ``kg:CoOccurrence`` node
``<base>cooccurrence/{hash12}`` with ``kg:between`` both entities,
``kg:sentenceCount`` (the edge's weight) and ``prov:wasDerivedFrom`` each
sentence, plus one direct ``a kg:coOccursWith b`` triple (written once, from
the lesser key to the greater; the property is symmetric).  All of it goes to
the named graph ``<base>graph/cooccurrence``.

Examples
--------
>>> from kg.types import Evidence, MentionLink
>>> def link(key, sentence, start):
...     return MentionLink(key, Evidence("a1", sentence, start, start + 2, "ner"), key)
>>> links = [link("Person:甲", 0, 0), link("Place:乙", 0, 5), link("Person:甲", 1, 20),
...          link("Place:乙", 1, 30), link("Project:丙", 2, 40)]
>>> [(p.a, p.b, p.sentences) for p in cooccurring_pairs(links, window=4)]
[('Person:甲', 'Place:乙', (('a1', 0), ('a1', 1)))]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.graph import iris
from kg.graph.vocab import KG, PROV, RDF
from kg.types import MentionLink

__all__ = ["CoOccurrence", "cooccurring_pairs", "cooccurrence_quads"]

Quad = tuple[Node, Node, Node, Node]


@dataclass(frozen=True)
class CoOccurrence:
    """Two entity keys (``a < b``) and the sentences ``(article_id, index)`` naming both."""

    a: str
    b: str
    sentences: tuple[tuple[str, int], ...]


def cooccurring_pairs(links: Iterable[MentionLink], window: int) -> list[CoOccurrence]:
    """The entity pairs that share a sentence, aggregated over the build.

    Parameters
    ----------
    links : iterable of MentionLink
        The resolution's mention links: only resolved entities take part
        (never literals, articles or byline credits, which are not links).
    window : int
        Two entities of a sentence are paired when at most ``window`` other
        entities stand between their first mentions.  A sentence listing
        thirty units would otherwise give 435 pairs, most of them between
        names that merely share a list, and the graph would grow with the
        square of the list; with the window it grows linearly (at most
        ``(window + 1) * n`` pairs for ``n`` entities) while neighbours in a
        list still meet.  ``0`` or less gives no pairs.

    Returns
    -------
    list of CoOccurrence
        Sorted by keys; sentences sorted within each pair.
    """
    if window <= 0:
        return []
    firsts: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)
    for link in links:
        ev = link.evidence
        seen = firsts[(ev.article_id, ev.sentence_index)]
        if link.entity_key not in seen or ev.start < seen[link.entity_key]:
            seen[link.entity_key] = ev.start
    pairs: dict[tuple[str, str], set[tuple[str, int]]] = defaultdict(set)
    for sentence, starts in firsts.items():
        order = sorted(starts, key=lambda key: (starts[key], key))
        for i, left in enumerate(order):
            for right in order[i + 1 : i + 2 + window]:
                a, b = sorted((left, right))
                pairs[(a, b)].add(sentence)
    return [CoOccurrence(a, b, tuple(sorted(s))) for (a, b), s in sorted(pairs.items())]


def cooccurrence_quads(
    pairs: Iterable[CoOccurrence],
    entity_iri: Callable[[str], URIRef | None],
    base: str,
) -> Iterator[Quad]:
    """The quads of the co-occurrence layer, in the order of ``pairs``.

    ``entity_iri`` maps a key to its IRI (``None`` for a key the build does
    not describe; such pairs are left out).
    """
    g = iris.cooccurrence_graph_iri(base)
    for pair in pairs:
        a, b = entity_iri(pair.a), entity_iri(pair.b)
        if a is None or b is None or a == b:
            continue
        node = iris.cooccurrence_iri(pair.a, pair.b, base)
        yield (a, KG.coOccursWith, b, g)
        yield (node, RDF.type, KG.CoOccurrence, g)
        yield (node, KG.between, a, g)
        yield (node, KG.between, b, g)
        yield (node, KG.sentenceCount, Literal(len(pair.sentences)), g)
        for article_id, index in pair.sentences:
            yield (node, PROV.wasDerivedFrom, iris.sentence_iri(article_id, index, base), g)
