"""Lexicons kept as data files under ``kg/data/lexicons/``, loaded once.

* ``places.tsv``: China's administrative divisions (generated from cpca by
  ``python -m kg.train.gazetteer``), full and short forms.
* ``org_types.yaml``: organisation classes and their name suffixes.
* ``surnames.yaml``: single and compound surnames.

:class:`Lexicon` answers the questions the CRF features and the rules ask:
which place names occur in a text, which organisation suffix ends at a
character, is a character a surname.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kg import resources

__all__ = ["LEXICON_PACKAGE", "Lexicon", "NameList", "load_yaml", "lexicon", "OrgClass", "names"]

LEXICON_PACKAGE = "kg.data.lexicons"


def load_yaml(name: str) -> dict[str, Any]:
    """Load one YAML data file from ``kg/data/lexicons/``."""
    return resources.load_yaml("lexicons", name)


@dataclass(frozen=True)
class OrgClass:
    """One organisation class of ``org_types.yaml``."""

    type: str
    create: bool
    suffixes: tuple[str, ...]


def _lengths_by_first(names: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """For each first character, the lengths of the names it starts, longest first.

    Maximum matching then tries only lengths some name with that first
    character has (a handful), not every length in the lexicon.
    """
    found: dict[str, set[int]] = {}
    for name in names:
        if name:
            found.setdefault(name[0], set()).add(len(name))
    return {c: tuple(sorted(lengths, reverse=True)) for c, lengths in found.items()}


class Lexicon:
    """Place names, organisation suffixes and surnames, with fast lookups.

    Examples
    --------
    >>> lex = lexicon()
    >>> [(s, e, full) for s, e, full in lex.places("在洛阳市西工区")]
    [(1, 4, True), (4, 7, True)]
    >>> lex.suffix_class("东湖区商务局", 6)
    ('GovernmentOrganization', 1)
    """

    def __init__(self) -> None:
        self.place_level: dict[str, str] = {}
        self.place_full: set[str] = set()
        for line in resources.read_text("lexicons", "places.tsv").splitlines():
            if not line or line.startswith("#"):
                continue
            name, level, form = line.split("\t")
            self.place_level.setdefault(name, level)
            if form == "full":
                self.place_full.add(name)
        self._place_first = _lengths_by_first(self.place_level)

        data = load_yaml("org_types.yaml")
        self.org_classes: list[OrgClass] = [
            OrgClass(name, bool(spec.get("create", False)), tuple(spec["suffixes"]))
            for name, spec in data["classes"].items()
        ]
        self.suffix_type: dict[str, str] = {}
        # Longest suffix wins across classes, so insertion order does not matter.
        for cls in self.org_classes:
            for suffix in cls.suffixes:
                self.suffix_type[suffix] = cls.type
        self._suffix_lengths = sorted({len(s) for s in self.suffix_type}, reverse=True)
        # Most characters end no suffix; checking the last character first is cheap.
        self._suffix_last = frozenset(s[-1] for s in self.suffix_type)

        names = load_yaml("surnames.yaml")
        self.surnames: frozenset[str] = frozenset(names["single"])
        self.compound_surnames: frozenset[str] = frozenset(names["compound"])

    def places(self, text: str, min_len: int = 2) -> list[tuple[int, int, bool]]:
        """Forward maximum matching of place names: ``(start, end, is_full_name)``."""
        out: list[tuple[int, int, bool]] = []
        i, n = 0, len(text)
        level, first = self.place_level, self._place_first
        while i < n:
            lengths = first.get(text[i])
            if lengths is not None:
                for length in lengths:
                    if length < min_len or i + length > n:
                        continue
                    word = text[i : i + length]
                    if word in level:
                        out.append((i, i + length, word in self.place_full))
                        i += length
                        break
                else:
                    i += 1
            else:
                i += 1
        return out

    def suffix_class(self, text: str, end: int) -> tuple[str, int] | None:
        """The organisation class whose longest suffix ends at ``end``, with its length."""
        if end <= 0 or text[end - 1] not in self._suffix_last:
            return None
        for length in self._suffix_lengths:
            if length <= end and text[end - length : end] in self.suffix_type:
                return self.suffix_type[text[end - length : end]], length
        return None

    def org_type(self, name: str) -> str | None:
        """The class a name's suffix gives it, or ``None``.

        Examples
        --------
        >>> lexicon().org_type("洛阳市东湖区街道办事处"), lexicon().org_type("某某宾馆")
        ('GovernmentOrganization', 'Company')
        """
        found = self.suffix_class(name, len(name))
        return found[0] if found else None


class NameList:
    """Names with a type, matched longest-first: the CRF's name-list feature.

    The shipped list, ``kg/data/models/ner.names.tsv``, is written by
    ``python -m kg.train.ner`` beside the model: names that are an entity in
    most of their occurrences in the training sentences.

    Examples
    --------
    >>> NameList({"北京": "LOC", "北京大学": "ORG"}).matches("在北京大学")
    [(1, 5, 'ORG')]
    """

    def __init__(self, entries: dict[str, str]) -> None:
        self.entries = entries
        self._first = _lengths_by_first(entries)

    @classmethod
    def load(cls, path: Path) -> NameList:
        entries: dict[str, str] = {}
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    name, _, tag = line.partition("\t")
                    entries[name] = tag
        return cls(entries)

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        i, n = 0, len(text)
        entries, first = self.entries, self._first
        while i < n:
            lengths = first.get(text[i])
            if lengths is not None:
                for length in lengths:
                    if i + length <= n and text[i : i + length] in entries:
                        out.append((i, i + length, entries[text[i : i + length]]))
                        i += length
                        break
                else:
                    i += 1
            else:
                i += 1
        return out


@cache
def names() -> NameList:
    """The name list shipped beside the CRF model (empty if there is none)."""
    return NameList.load(resources.path("models", "ner.names.tsv"))


@cache
def lexicon() -> Lexicon:
    """The process-wide :class:`Lexicon`."""
    return Lexicon()
