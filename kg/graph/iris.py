"""Deterministic IRIs for everything kg writes.

IRIs are minted here and nowhere else.  They depend only on their inputs
(entity keys, article ids, offsets), never on run order, time or machine, so
two builds of the same pages give the same IRIs and can be merged.

Chinese labels stay readable in IRIs (IRIs allow Unicode), but whitespace,
control characters and characters that are illegal in IRIs or would change
the path structure (``/ ? # % < > " { } | \\ ^ ` [ ]``) are percent-encoded.

Examples
--------
>>> from kg.types import Entity
>>> iri = entity_iri(Entity("Person:王明", "Person", "王明"), "https://ex.org/id/")
>>> str(iri).startswith("https://ex.org/id/person/王明-")
True
>>> str(article_iri("a 1", "https://ex.org/id/"))
'https://ex.org/id/article/a%201'
>>> person_key_for_name(" 王明 ")
'Person:王明'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from rdflib import URIRef

from kg.graph.terms import checked_uri
from kg.types import Entity

__all__ = [
    "ENTITIES_GRAPH",
    "PERSON_KEY_PREFIX",
    "iri_segment",
    "short_hash",
    "class_slug",
    "person_key_for_name",
    "type_from_key",
    "entity_iri",
    "article_iri",
    "sentence_iri",
    "body_part_iri",
    "mention_iri",
    "assertion_iri",
    "membership_iri",
    "quotation_iri",
    "decision_iri",
    "cooccurrence_iri",
    "graph_iri",
    "reference_source_iri",
    "reference_assertion_iri",
    "entities_graph_iri",
    "cooccurrence_graph_iri",
]

#: Local name of the named graph holding entity descriptions and identity decisions.
ENTITIES_GRAPH = "entities"

#: Local name of the named graph holding the co-occurrence layer.
COOCCURRENCE_GRAPH = "cooccurrence"

#: Entity keys of people credited in bylines are ``"Person:" + name``.
PERSON_KEY_PREFIX = "Person:"

# ASCII characters kept as they are in a path segment: RFC 3987 iunreserved
# plus the sub-delims and ":" "@" that are legal inside a segment.
_SAFE_ASCII = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@"
)
# Unicode categories that are invisible or not characters; encoding them
# keeps IRIs unambiguous when copied from a browser or terminal.
_ENCODED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})
_LABEL_MAX = 40


def iri_segment(text: str) -> str:
    """Return ``text`` as one IRI path segment.

    Parameters
    ----------
    text : str
        Any string: a label, an article id.

    Returns
    -------
    str
        The same characters where legal; others as ``%XX`` UTF-8 bytes.

    Examples
    --------
    >>> iri_segment("东湖区 商务局/2")
    '东湖区%20商务局%2F2'
    >>> iri_segment("a\\u3000b")
    'a%E3%80%80b'
    """
    out: list[str] = []
    for char in text:
        if char in _SAFE_ASCII or (
            ord(char) > 0x7F and unicodedata.category(char) not in _ENCODED_CATEGORIES
        ):
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


def short_hash(*parts: object, length: int = 8) -> str:
    """Return the first ``length`` hex digits of SHA-256 over ``parts``.

    Parts are joined with a separator that cannot occur in text, so
    ``("ab", "c")`` and ``("a", "bc")`` hash differently.

    Examples
    --------
    >>> short_hash("Person:李强")
    '05003b84'
    >>> short_hash("ab", "c") != short_hash("a", "bc")
    True
    """
    data = "\x1f".join(str(part) for part in parts).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:length]


def class_slug(type_name: str) -> str:
    """Return the path slug for an ontology class name.

    Examples
    --------
    >>> class_slug("GovernmentOrganization")
    'government-organization'
    """
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", type_name).lower()


def person_key_for_name(name: str) -> str:
    """Return the entity key of a person known only by name.

    Used for people credited in bylines (authors, correspondents,
    photographers) and by the resolver for any person it does not need to
    split.  The format is ``"Person:" + name`` with surrounding whitespace and
    inner spaces removed and the name NFC-normalised, so ``"王 明"`` from a
    byline and ``"王明"`` from the body give the same key.

    Examples
    --------
    >>> person_key_for_name("王 明")
    'Person:王明'
    """
    name = unicodedata.normalize("NFC", name)
    return PERSON_KEY_PREFIX + re.sub(r"\s+", "", name)


def type_from_key(key: str) -> tuple[str, str] | None:
    """Split a ``"Type:label"`` key into ``(type, label)``, or ``None``.

    Only keys whose prefix is a capitalised identifier count, so a key that
    merely contains a colon is not mistaken for a typed key.

    Examples
    --------
    >>> type_from_key("Person:李强")
    ('Person', '李强')
    >>> type_from_key("李强") is None
    True
    """
    match = re.fullmatch(r"([A-Z][A-Za-z]*):(.+)", key, flags=re.DOTALL)
    if match is None:
        return None
    return match.group(1), match.group(2)


@lru_cache(maxsize=64)
def _base(base: str) -> str:
    full = base if base.endswith(("/", "#")) else base + "/"
    URIRef(full)  # rdflib checks (and warns about) the user-given part once
    return full


def _minted(value: str) -> URIRef:
    # A checked base plus iri_segment() text: rdflib's per-IRI validation
    # (a third of graph building) could only pass, so it is skipped.
    return checked_uri(value)


def entity_iri(entity: Entity, base: str) -> URIRef:
    """Return ``<base>{class-slug}/{label}-{hash8}``.

    The hash is over ``entity.key`` only, so the IRI is stable across runs and
    two entities with the same label but different keys (two people called
    李强) get different IRIs.  The label part is for people reading IRIs.
    """
    label = iri_segment(entity.label[:_LABEL_MAX]) or "_"
    return _minted(f"{_base(base)}{class_slug(entity.type)}/{label}-{short_hash(entity.key)}")


def article_prefix(base: str) -> str:
    """The start of every article's IRI and of the nodes scoped to one article.

    Examples
    --------
    >>> article_prefix("https://news.example.org/id/")
    'https://news.example.org/id/article/'
    """
    return f"{_base(base)}article/"


@lru_cache(maxsize=4096)
def article_iri(article_id: str, base: str) -> URIRef:
    """Return ``<base>article/{article_id}``."""
    return _minted(f"{article_prefix(base)}{iri_segment(article_id)}")


def body_part_iri(article_id: str, index: int, base: str) -> URIRef:
    """Return ``<article>/b{index}``, a part of a body too long for one literal."""
    return _minted(f"{article_iri(article_id, base)}/b{index}")


def sentence_iri(article_id: str, index: int, base: str) -> URIRef:
    """Return ``<article>/s{index}``."""
    return _minted(f"{article_iri(article_id, base)}/s{index}")


def mention_iri(article_id: str, start: int, end: int, entity_key: str, base: str) -> URIRef:
    """Return ``<article>/m{start}-{end}-{hash6}``.

    The entity key is part of the hash because one span may denote two
    entities (区委区政府 → the party committee and the government).
    """
    return _minted(
        f"{article_iri(article_id, base)}/m{start}-{end}-{short_hash(entity_key, length=6)}"
    )


def assertion_iri(article_id: str, *identity: object, base: str) -> URIRef:
    """Return ``<article>/a-{hash10}`` for a fact; ``identity`` is what makes it unique."""
    return _minted(f"{article_iri(article_id, base)}/a-{short_hash(*identity, length=10)}")


def quotation_iri(article_id: str, *identity: object, base: str) -> URIRef:
    """Return ``<article>/q-{hash10}`` for a quotation."""
    return _minted(f"{article_iri(article_id, base)}/q-{short_hash(*identity, length=10)}")


def membership_iri(member_key: str, organization_key: str, role: str, base: str) -> URIRef:
    """Return ``<base>membership/{hash12}``.

    One post is one node however many articles report it; each report adds a
    ``prov:wasDerivedFrom`` to its sentence.
    """
    return _minted(
        f"{_base(base)}membership/{short_hash(member_key, organization_key, role, length=12)}"
    )


def decision_iri(
    entity_key: str, mention_text: str, article_id: str, reason: str, base: str
) -> URIRef:
    """Return ``<base>decision/{hash12}`` for an identity decision."""
    digest = short_hash(entity_key, mention_text, article_id, reason, length=12)
    return _minted(f"{_base(base)}decision/{digest}")


def cooccurrence_iri(key_a: str, key_b: str, base: str) -> URIRef:
    """Return ``<base>cooccurrence/{hash12}`` for the pair of entity keys (in any order)."""
    first, second = sorted((key_a, key_b))
    return _minted(f"{_base(base)}cooccurrence/{short_hash(first, second, length=12)}")


def reference_source_iri(name: str, base: str) -> URIRef:
    """Return ``<base>source/{name}``: a reference resource kg states facts from."""
    return _minted(f"{_base(base)}source/{iri_segment(name)}")


def reference_assertion_iri(source: str, *identity: object, base: str) -> URIRef:
    """Return ``<base>source/{source}/a-{hash10}`` for a fact a reference resource states."""
    return _minted(
        f"{_base(base)}source/{iri_segment(source)}/a-{short_hash(*identity, length=10)}"
    )


def graph_iri(doc_id: str, base: str) -> URIRef:
    """Return ``<base>graph/{doc_id}``, the named graph of one source document."""
    return _minted(f"{_base(base)}graph/{iri_segment(doc_id)}")


def entities_graph_iri(base: str) -> URIRef:
    """Return ``<base>graph/entities``, the named graph of entity descriptions."""
    return _minted(f"{_base(base)}graph/{ENTITIES_GRAPH}")


def cooccurrence_graph_iri(base: str) -> URIRef:
    """Return ``<base>graph/cooccurrence``, the named graph of the co-occurrence layer."""
    return _minted(f"{_base(base)}graph/{COOCCURRENCE_GRAPH}")
