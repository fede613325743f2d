"""Fast rdflib terms for values kg has already checked.

rdflib's constructors validate every IRI and parse every language tag, a
few microseconds each; building a large graph, or converting a large query
result, makes millions of terms whose IRIs kg minted (or Oxigraph parsed)
and whose language tags are kg's own.  The constructors here fill rdflib's
slots directly.  At import they are compared with rdflib's own on sample
values, and rdflib's are used instead if the two ever disagree (a future
rdflib with other internals).
"""

from __future__ import annotations

from rdflib.term import Literal, URIRef

__all__ = ["checked_uri", "text_literal"]


def _fast_uri(value: str) -> URIRef:
    return str.__new__(URIRef, value)


def _fast_text(value: str, language: str | None) -> Literal:
    literal = str.__new__(Literal, value)
    literal._language = language
    literal._datatype = None
    literal._value = value
    literal._ill_typed = None
    return literal


def _slow_uri(value: str) -> URIRef:
    return URIRef(value)


def _slow_text(value: str, language: str | None) -> Literal:
    return Literal(value, lang=language)


def _fast_path_agrees() -> bool:
    """Whether the fast constructors build terms identical to rdflib's own."""
    try:
        for value, language in (("洛阳", "zh"), ("x y", None), ("", "en")):
            fast, slow = _fast_text(value, language), Literal(value, lang=language)
            if not (fast.eq(slow) and hash(fast) == hash(slow) and fast.n3() == slow.n3()):
                return False
            if (fast.value, fast.language, fast.datatype) != (
                slow.value,
                slow.language,
                slow.datatype,
            ):
                return False
        iri = "https://w3id.org/kgnews/id/person/张三"
        return _fast_uri(iri) == URIRef(iri) and type(_fast_uri(iri)) is URIRef
    except (AttributeError, TypeError):
        return False


_FAST = _fast_path_agrees()

#: ``URIRef(value)`` without validation, for an IRI already known to be valid.
checked_uri = _fast_uri if _FAST else _slow_uri

#: ``Literal(value, lang=language)`` for a plain or language-tagged string.
text_literal = _fast_text if _FAST else _slow_text
