"""Place containment from the gazetteer: places the build names, in the parents it names.

A news page says 苏州 and 江苏 without ever writing that one is in the other;
China's administrative divisions (``kg/data/lexicons/place_parents.tsv``,
generated from cpca by :mod:`kg.train.place_parents`) say so.  When an
article names a place and one of its administrative ancestors, the place gets
a ``kg:containedInPlace`` edge to the nearest ancestor the article names, and a
``kg:Assertion`` whose ``prov:wasDerivedFrom`` is the gazetteer itself (a
``kg:ReferenceSource``), not a sentence, with ``kg:method "gazetteer"``.

Only places the text names are linked: no ancestor is created.  A name the
gazetteer gives to several divisions is read at its highest level (西安 is
the prefecture, not the district of 牡丹江 of that name); if several
readings remain (鼓楼区 is in four cities), the ones that reach a named
ancestor below the country must agree on it (named with 江苏, 鼓楼区 is
one of the two in that province; named with 南京 and 福州, it is left
alone).  A parent's name must denote one division (朝阳 is a prefecture
and three districts: no parent).

Examples
--------
>>> from kg.types import Entity
>>> places = {k: Entity(k, "Place", k.split(":")[1]) for k in
...           ("Place:苏州", "Place:江苏省", "Place:姑苏区", "Place:鼓楼区", "Place:中国")}
>>> for pair in sorted(containment(places)):
...     print(*pair)
Place:姑苏区 Place:苏州
Place:江苏省 Place:中国
Place:苏州 Place:江苏省
Place:鼓楼区 Place:江苏省
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg import resources
from kg.errors import KGError
from kg.graph import iris
from kg.graph.ontology import kg_superclasses
from kg.graph.vocab import KG, PROV, RDF, RDFS, XSD
from kg.types import Entity

__all__ = ["Gazetteer", "gazetteer", "containment", "containment_quads", "METHOD"]

#: ``kg:method`` of a containment the gazetteer states.
METHOD = "gazetteer"

_FILE = ("lexicons", "place_parents.tsv")

_RANKS = {"country": 0, "province": 1, "city": 2, "county": 3}

#: The table's code of the country, the root every province hangs from.
COUNTRY = "CN"

Quad = tuple[Node, Node, Node, Node]


@dataclass(frozen=True)
class Gazetteer:
    """Divisions by code: their parent and the codes each name denotes."""

    parent: Mapping[str, str]
    codes: Mapping[str, frozenset[str]]
    #: Rank of each code's level: 0 country, 1 province, 2 city, 3 county.
    rank: Mapping[str, int] = field(default_factory=dict)

    def readings(self, name: str) -> frozenset[str]:
        """The divisions ``name`` most likely denotes: of its readings, those of
        the highest level (西安 is a prefecture and a district of another
        province; news that writes 西安 means the prefecture)."""
        found = self.codes.get(name, frozenset())
        if len(found) < 2 or not self.rank:
            return found
        top = min(self.rank.get(c, 3) for c in found)
        return frozenset(c for c in found if self.rank.get(c, 3) == top)

    def ancestors(self, code: str) -> Iterator[str]:
        """The codes above ``code``, nearest first."""
        seen = {code}
        up = self.parent.get(code, "")
        while up and up not in seen:
            seen.add(up)
            yield up
            up = self.parent.get(up, "")


@cache
def gazetteer() -> Gazetteer:
    """The shipped table, read once.

    Raises
    ------
    KGError
        A line does not have five tab-separated fields; the message names the file.
    """
    parent: dict[str, str] = {}
    codes: dict[str, set[str]] = defaultdict(set)
    rank: dict[str, int] = {}
    for number, line in enumerate(resources.read_text(*_FILE).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 5 or not fields[0] or not fields[3]:
            raise KGError(
                f"{resources.where(*_FILE)}: line {number}: expected code, parent, level,"
                " full name and short name separated by tabs"
            )
        code, up, level, full, short = fields
        parent[code] = up
        rank[code] = _RANKS.get(level, 3)
        codes[full].add(code)
        if short:
            codes[short].add(code)
    return Gazetteer(parent, {name: frozenset(c) for name, c in codes.items()}, rank)


def _is_place(etype: str) -> bool:
    return etype == "Place" or "Place" in kg_superclasses(etype)


def containment(
    entities: Mapping[str, Entity], table: Gazetteer | None = None
) -> list[tuple[str, str]]:
    """``(place key, parent key)`` for each place whose nearest named ancestor is known.

    Parameters
    ----------
    entities : mapping
        The build's entities by key; only ``Place`` entities take part.
    table : Gazetteer, optional
        Defaults to the shipped one.
    """
    table = table or gazetteer()
    places = {k: e.label for k, e in entities.items() if _is_place(e.type)}
    # A parent must be unambiguous: the one division its name denotes, of
    # any level (朝阳 is a prefecture and three districts: no parent).
    named: dict[str, list[str]] = defaultdict(list)
    for key, label in places.items():
        found = table.codes.get(label, frozenset())
        if len(found) == 1:
            named[next(iter(found))].append(key)
    out: list[tuple[str, str]] = []
    for key, label in sorted(places.items()):
        readings = table.readings(label)
        nearest = {
            next((a for a in table.ancestors(code) if a in named), "") for code in readings
        }
        nearest.discard("")
        if len(nearest) > 1:
            # The country is every reading's ancestor: a reading that reaches a
            # named city or province says more.
            nearest.discard(COUNTRY)
        if len(nearest) != 1:
            continue  # no named ancestor, or readings that disagree
        up = nearest.pop()
        out.extend((key, parent) for parent in named[up] if parent != key)
    return out


def containment_quads(
    entities: Mapping[str, Entity],
    entity_iri: Mapping[str, URIRef],
    mentioned_in: Mapping[str, Collection[str]],
    graph: URIRef,
    base: str,
) -> Iterator[Quad]:
    """The edges of :func:`containment` among the places each article names,
    and their assertions, in ``graph``.

    A place and its parent must be named in one article: 德州 in a story
    about a concert in Texas (德州 is also its Chinese name) and the Chinese
    city's province in another story are no evidence.  ``mentioned_in`` gives each entity key's
    articles; ``entity_iri`` the IRIs of the entities the build wrote.
    """
    by_article: dict[str, dict[str, Entity]] = defaultdict(dict)
    for key, articles in mentioned_in.items():
        entity = entities.get(key)
        if entity is None or key not in entity_iri or not _is_place(entity.type):
            continue
        for article in articles:
            by_article[article][key] = entity
    pairs = sorted({pair for named in by_article.values() for pair in containment(named)})
    if not pairs:
        return
    source = iris.reference_source_iri("gazetteer", base)
    yield (source, RDF.type, KG.ReferenceSource, graph)
    yield (source, RDF.type, PROV.Entity, graph)
    yield (
        source,
        RDFS.label,
        Literal("China's administrative divisions (cpca adcodes)", lang="en"),
        graph,
    )
    yield (source, RDFS.label, Literal("中国行政区划（cpca）", lang="zh"), graph)
    one = Literal("1", datatype=XSD.double, normalize=False)
    for child, parent in pairs:
        s, o = entity_iri[child], entity_iri[parent]
        yield (s, KG.containedInPlace, o, graph)
        node = iris.reference_assertion_iri(METHOD, child, parent, base=base)
        yield (node, RDF.type, KG.Assertion, graph)
        yield (node, RDF.subject, s, graph)
        yield (node, RDF.predicate, KG.containedInPlace, graph)
        yield (node, RDF.object, o, graph)
        yield (node, PROV.wasDerivedFrom, source, graph)
        yield (node, KG.method, Literal(METHOD), graph)
        yield (node, KG.confidence, one, graph)
