"""Chinese display labels for kg's classes and relations.

The ontology is the authority: :func:`relation_label` asks
``kg.graph.ontology.property_label`` first (when that module exists) and
falls back to ``kg/data/viz/labels.toml``, then to the local name, so a label
is always printable.

Examples
--------
>>> relation_label("worksFor")
'任职于'
>>> class_label("Project")
'项目'
>>> most_specific({"Organization", "Company"})
'Company'
>>> relation_label("noSuchRelation")
'noSuchRelation'
"""

from __future__ import annotations

import importlib
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg import resources

__all__ = [
    "LabelTable",
    "label_table",
    "class_label",
    "relation_label",
    "most_specific",
    "entity_classes",
    "relation_names",
    "COOCCURRENCE",
]


@dataclass(frozen=True)
class LabelTable:
    """The contents of ``labels.toml``."""

    classes: dict[str, str]
    parents: dict[str, str]
    relations: dict[str, str]


@cache
def label_table() -> LabelTable:
    """Load ``kg/data/viz/labels.toml`` (once per process)."""
    text = resources.read_text("viz", "labels.toml")
    data: dict[str, Any] = tomllib.loads(text)
    classes = {name: str(spec["label"]) for name, spec in data["classes"].items()}
    parents = {
        name: str(spec["parent"]) for name, spec in data["classes"].items() if "parent" in spec
    }
    relations = {name: str(label) for name, label in data["relations"].items()}
    return LabelTable(classes=classes, parents=parents, relations=relations)


@cache
def _ontology_helper(name: str) -> Callable[..., Any] | None:
    # The ontology module belongs to another stage; if it is missing or
    # broken the fallback table keeps labels Chinese.
    try:
        module = importlib.import_module("kg.graph.ontology")
    except ImportError:
        return None
    helper = getattr(module, name, None)
    return helper if callable(helper) else None


def _from_ontology(helper_name: str, local_name: str, lang: str) -> str | None:
    helper = _ontology_helper(helper_name)
    if helper is None:
        return None
    try:
        label = helper(local_name, lang)
    except (KeyError, LookupError, ValueError, OSError):
        return None
    # The helper answers the bare local name when the ontology has no label.
    return str(label) if label and str(label) != local_name else None


def relation_label(local_name: str, lang: str = "zh") -> str:
    """Display label of a relation given its local name.

    Parameters
    ----------
    local_name : str
        The predicate's local name, e.g. ``"worksFor"``.
    lang : str
        Language tag wanted from the ontology.

    Returns
    -------
    str
        The ontology's label, else the fallback table's, else ``local_name``.

    Examples
    --------
    >>> relation_label("cooperatesWith")
    '合作'
    """
    prefixed = "schema:mentions" if local_name == "mentions" else local_name
    found = _from_ontology("property_label", prefixed, lang)
    return found or label_table().relations.get(local_name, local_name)


def class_label(local_name: str, lang: str = "zh") -> str:
    """Label of an entity class: the ontology's, else the table's, else the name.

    Examples
    --------
    >>> class_label("Person")
    '人物'
    """
    prefixed = "schema:NewsArticle" if local_name == "NewsArticle" else local_name
    found = _from_ontology("term_label", prefixed, lang)
    return found or label_table().classes.get(local_name, local_name)


def entity_classes() -> tuple[str, ...]:
    """Local names of the classes whose instances are graph entities.

    ``NewsArticle`` is listed in the table for display only and is excluded.

    Examples
    --------
    >>> "AdministrativeArea" in entity_classes()
    True
    >>> "NewsArticle" in entity_classes()
    False
    """
    return tuple(name for name in label_table().classes if name != "NewsArticle")


def _depth(name: str, parents: dict[str, str]) -> int:
    depth = 0
    seen = {name}
    while name in parents and parents[name] not in seen:
        name = parents[name]
        seen.add(name)
        depth += 1
    return depth


def most_specific(classes: Iterable[str]) -> str:
    """Pick the deepest class in the subclass tree; ties break alphabetically.

    Examples
    --------
    >>> most_specific(["Place", "AdministrativeArea"])
    'AdministrativeArea'
    """
    parents = label_table().parents
    candidates = sorted(set(classes))
    if not candidates:
        raise ValueError("no classes given")
    # max() keeps the first of equal keys, and candidates are sorted.
    return max(candidates, key=lambda c: _depth(c, parents))


#: Local name of the co-occurrence property (:mod:`kg.graph.cooccurrence`).
COOCCURRENCE = "coOccursWith"


def relation_names() -> tuple[str, ...]:
    """Local names of the ``kg:`` relations between entities (or to literals).

    ``mentions`` (``schema:mentions``, article to entity) is excluded, and so
    is the co-occurrence layer (:data:`COOCCURRENCE`), which is not a relation.

    Examples
    --------
    >>> "worksFor" in relation_names(), "mentions" in relation_names()
    (True, False)
    """
    return tuple(
        name for name in label_table().relations if name not in ("mentions", COOCCURRENCE)
    )
