"""The kg ontology and SHACL shapes, loaded from the installed package.

The files live in ``kg/data/ontology/`` (package data, so they are there
after ``pip install``).  ``ontology/`` at the top of the repository is a
symlink to that folder, so ``ontology/kg.ttl`` and ``ontology/shapes.ttl`` are
the same files, not copies.

Examples
--------
>>> property_label("worksFor")
'任职于'
>>> property_label("kg:worksFor", lang="en")
'works for'
>>> property_label("schema:author")
'作者'
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg import resources
from kg.graph.vocab import KG, PREFIXES

__all__ = [
    "ONTOLOGY_FILE",
    "SHAPES_FILE",
    "ontology_text",
    "load_ontology",
    "load_shapes",
    "property_label",
    "term_label",
    "kg_superclasses",
    "kg_classes",
]

ONTOLOGY_FILE = "kg.ttl"
SHAPES_FILE = "shapes.ttl"


def ontology_text(name: str) -> str:
    """Return the text of a packaged ontology file (``kg.ttl`` or ``shapes.ttl``)."""
    return resources.read_text("ontology", name)


def _parse(name: str) -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.parse(data=ontology_text(name), format="turtle")
    return graph


@lru_cache(maxsize=1)
def _cached_ontology() -> Graph:
    # Read-only copy for lookups; callers of load_ontology get their own graph.
    return _parse(ONTOLOGY_FILE)


def load_ontology() -> Graph:
    """Return a fresh graph of ``kg.ttl`` (safe to modify)."""
    return _parse(ONTOLOGY_FILE)


def load_shapes() -> Graph:
    """Return a fresh graph of ``shapes.ttl`` (safe to modify)."""
    return _parse(SHAPES_FILE)


def _expand(name: str) -> URIRef:
    if "://" in name:
        return URIRef(name)
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES:
        return URIRef(PREFIXES[prefix] + local)
    return KG[name]


def term_label(term: str | URIRef, lang: str = "zh") -> str:
    """Return the ontology's ``rdfs:label`` of a class or property.

    Parameters
    ----------
    term : str or URIRef
        A ``kg:`` local name (``"worksFor"``), a prefixed name
        (``"schema:author"``) or a full IRI.
    lang : str
        Language tag of the label wanted (``"zh"`` or ``"en"``).

    Returns
    -------
    str
        The label in ``lang``; else any label; else the local name, so a
        viewer always has something to show.
    """
    iri = term if isinstance(term, URIRef) else _expand(term)
    labels = [o for o in _cached_ontology().objects(iri, RDFS.label) if isinstance(o, Literal)]
    for label in labels:
        if label.language == lang:
            return str(label)
    if labels:
        return str(sorted(labels)[0])
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def property_label(local_name: str | URIRef, lang: str = "zh") -> str:
    """Return the label of a property, for edge labels; see :func:`term_label`."""
    return term_label(local_name, lang)


def kg_superclasses(type_name: str) -> list[str]:
    """Return the ``kg:`` superclasses of a ``kg:`` class, nearest first.

    Examples
    --------
    >>> kg_superclasses("Company")
    ['Organization']
    >>> kg_superclasses("Person")
    []
    """
    return list(_superclasses(type_name))


@lru_cache(maxsize=256)
def _superclasses(type_name: str) -> tuple[str, ...]:
    # Cached: build_quads asks once per entity.
    graph = _cached_ontology()
    found: list[str] = []
    frontier = [KG[type_name]]
    while frontier:
        current = frontier.pop(0)
        for parent in graph.objects(current, RDFS.subClassOf):
            if isinstance(parent, URIRef) and str(parent).startswith(str(KG)):
                local = str(parent)[len(str(KG)) :]
                if local not in found:
                    found.append(local)
                    frontier.append(parent)
    return tuple(found)


@lru_cache(maxsize=1)
def kg_classes() -> frozenset[str]:
    """Return the local names of every ``owl:Class`` in the ``kg:`` namespace.

    Examples
    --------
    >>> {"Person", "Membership"} <= kg_classes()
    True
    """
    graph = _cached_ontology()
    return frozenset(
        str(s)[len(str(KG)) :]
        for s in graph.subjects(RDF.type, OWL.Class)
        if isinstance(s, URIRef) and str(s).startswith(str(KG))
    )
