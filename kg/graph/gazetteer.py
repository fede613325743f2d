"""Place containment from the gazetteer: places the build names, in the parents it names.

A news page says 杭州 and 浙江 without ever writing that one is in the other;
China's administrative divisions (``kg/data/lexicons/place_parents.tsv``,
generated from cpca by :mod:`kg.train.place_parents`) say so.  When a build
names a place and one of its administrative ancestors, the place gets a
``kg:containedInPlace`` edge to the nearest ancestor the build names, and a
``kg:Assertion`` whose ``prov:wasDerivedFrom`` is the gazetteer itself (a
``kg:ReferenceSource``), not a sentence, with ``kg:method "gazetteer"``.

Only places the build names are linked: no ancestor is created.  A name the
gazetteer gives to several divisions (鼓楼区 is in four cities) is linked
only when exactly one nearest named ancestor fits its readings (every
鼓楼区 is in China; the one in 南京 only if 南京 is named); a
parent's name must denote one division (吉林 is a province and a city: it is
no parent).

Examples
--------
>>> from kg.types import Entity
>>> places = {k: Entity(k, "Place", k.split(":")[1]) for k in
...           ("Place:杭州", "Place:浙江省", "Place:西湖区", "Place:鼓楼区", "Place:中国")}
>>> for pair in sorted(containment(places)):
...     print(*pair)
Place:杭州 Place:浙江省
Place:浙江省 Place:中国
Place:西湖区 Place:杭州
Place:鼓楼区 Place:中国
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
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

#: The table's code of the country, the root every province hangs from.
COUNTRY = "CN"

Quad = tuple[Node, Node, Node, Node]


@dataclass(frozen=True)
class Gazetteer:
    """Divisions by code: their parent and the codes each name denotes."""

    parent: Mapping[str, str]
    codes: Mapping[str, frozenset[str]]

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
    for number, line in enumerate(resources.read_text(*_FILE).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 5 or not fields[0] or not fields[3]:
            raise KGError(
                f"{resources.where(*_FILE)}: line {number}: expected code, parent, level,"
                " full name and short name separated by tabs"
            )
        code, up, _level, full, short = fields
        parent[code] = up
        codes[full].add(code)
        if short:
            codes[short].add(code)
    return Gazetteer(parent, {name: frozenset(c) for name, c in codes.items()})


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
    # A parent must be unambiguous: the one division its name denotes.
    named: dict[str, list[str]] = defaultdict(list)
    for key, label in places.items():
        found = table.codes.get(label, frozenset())
        if len(found) == 1:
            named[next(iter(found))].append(key)
    out: list[tuple[str, str]] = []
    for key, label in sorted(places.items()):
        readings = table.codes.get(label, frozenset())
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
    graph: URIRef,
    base: str,
) -> Iterator[Quad]:
    """The edges of :func:`containment` and their assertions, in ``graph``.

    ``entity_iri`` holds the IRIs of the entities the build wrote; an entity
    without one (never mentioned) takes no part.
    """
    pairs = containment({k: e for k, e in entities.items() if k in entity_iri})
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
