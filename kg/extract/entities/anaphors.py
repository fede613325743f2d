"""Anaphors (该区, 我市) and short forms (区住建局, 区委区政府) as mentions.

The expressions live in ``kg/data/resolve/anaphors.yaml``; the resolver
(:mod:`kg.resolve`) reads the same table to map each mention to a named
entity.  Anaphors get ``kind="anaphor"``; short forms, including
anaphor-prefixed ones such as 该区工商联, get ``kind="short"``.

Examples
--------
>>> from kg.types import Sentence
>>> text = "该区与区住建局、区委区政府督查局座谈"
>>> [(m.text, m.kind) for m in AnaphorMatcher().extract([Sentence("a", 0, 0, len(text), text)])[0]]
[('该区', 'anaphor'), ('区住建局', 'short'), ('区委区政府督查局', 'short')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.components import ENTITY_EXTRACTORS
from kg.errors import KGError
from kg.extract.entities import EntityComponent
from kg.resources import load_yaml
from kg.types import Mention, Sentence

__all__ = ["Anaphor", "ShortFormTable", "AnaphorTable", "anaphor_table", "AnaphorMatcher"]


@dataclass(frozen=True)
class Anaphor:
    """One anaphoric expression and how its antecedent is chosen."""

    text: str
    type: str
    strategy: str
    level: str | None = None
    suffixes: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    match: bool = True
    #: Name endings that win a ``salient`` choice over names that are likely
    #: parts of them (学校 -> the 大学, not its 某某学院 named without a place).
    prefer: tuple[str, ...] = ()
    #: Also accept a company named short of a suffix when the company lexicon
    #: lists the name with it (某某石化 for 集团公司 when 某某石化集团 is listed).
    lexicon_suffix: bool = False
    #: For ``sole_person``: how many characters back the person may be named.
    window: int = 0

    def accepts(self, etype: str, label: str) -> bool:
        """Could an entity of ``etype`` named ``label`` be the antecedent?"""
        if etype not in (self.types or (self.type,)):
            return False
        if self.level and not label.endswith(self.level):
            return False
        if not self.suffixes or label.endswith(self.suffixes):
            return True
        return self.lexicon_suffix and _listed_with_suffix(label, self.suffixes)


def _listed_with_suffix(label: str, suffixes: tuple[str, ...]) -> bool:
    from kg.extract.entities.companies import company_lexicon

    names = company_lexicon().names
    return any(label + suffix in names for suffix in suffixes)


@dataclass(frozen=True)
class ShortFormTable:
    """The ``short_forms`` section of ``anaphors.yaml``."""

    levels: dict[str, str]  # level word -> anaphor text it resolves as
    bodies: tuple[str, ...]
    generic_body: re.Pattern[str]
    exclude_body: re.Pattern[str]
    joint: dict[str, tuple[str, ...]]
    types: dict[str, str]
    prefixed_by: tuple[str, ...]
    not_after: frozenset[str] = frozenset()

    def body_type(self, body: str) -> str:
        """The entity type of a body (工商联 -> Organization; default government)."""
        for known, etype in self.types.items():
            if body.endswith(known):
                return etype
        return "GovernmentOrganization"


@dataclass(frozen=True)
class AnaphorTable:
    """Anaphors by text and the short-form rules."""

    anaphors: dict[str, Anaphor]
    short: ShortFormTable

    def split_short(self, text: str) -> tuple[Anaphor, str] | None:
        """Split a short form into the anaphor it starts with and the body.

        Examples
        --------
        >>> a, body = anaphor_table().split_short("区住建局")
        >>> a.text, body
        ('该区', '住建局')
        >>> a, body = anaphor_table().split_short("该街道办事处")
        >>> a.text, body
        ('该街道', '办事处')
        """
        for prefix in sorted(self.anaphors, key=len, reverse=True):
            if text.startswith(prefix) and len(text) > len(prefix):
                return self.anaphors[prefix], text[len(prefix) :]
        for level in sorted(self.short.levels, key=len, reverse=True):
            if text.startswith(level) and len(text) > len(level):
                anaphor = self.anaphors.get(self.short.levels[level])
                if anaphor is not None:
                    return anaphor, text[len(level) :]
        return None

    def is_body(self, body: str) -> bool:
        """Is ``body`` a whole body a short form may end with (住建局, 委区政府)?"""
        short = self.short
        if short.exclude_body.match(body):
            return False
        return (
            body in short.joint
            or body in short.bodies
            or short.generic_body.fullmatch(body) is not None
        )

    def is_short_form(self, text: str) -> bool:
        """Is a name as written really a short form (区委, 市委宣传部, 该区工商联)?

        Entity taggers may label 区委 a name; the resolver then expands it
        like the matcher's short forms.

        Examples
        --------
        >>> t = anaphor_table()
        >>> t.is_short_form("区委"), t.is_short_form("市委宣传部"), t.is_short_form("某某区委")
        (True, True, False)
        """
        split = self.split_short(text)
        if split is None:
            return False
        _, body = split
        prefix = text[: len(text) - len(body)]
        if prefix in self.anaphors and prefix not in self.short.prefixed_by:
            return False
        return self.is_body(body)

    def joint_parts(self, body: str) -> tuple[str, ...]:
        """The bodies a joint short form names (委区政府 -> 委, 政府), else ``(body,)``."""
        return self.short.joint.get(body, (body,))


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (str(value),) if isinstance(value, str) else tuple(str(v) for v in value)


@cache
def anaphor_table() -> AnaphorTable:
    """The process-wide table from ``kg/data/resolve/anaphors.yaml``."""
    data = load_yaml("resolve", "anaphors.yaml")
    anaphors: dict[str, Anaphor] = {}
    for entry in data.get("anaphors") or []:
        try:
            a = Anaphor(
                text=str(entry["text"]),
                type=str(entry["type"]),
                strategy=str(entry.get("strategy", "recent")),
                level=entry.get("level"),
                suffixes=_tuple(entry.get("suffix")),
                types=_tuple(entry.get("types")),
                match=bool(entry.get("match", True)),
                prefer=_tuple(entry.get("prefer")),
                lexicon_suffix=bool(entry.get("lexicon_suffix", False)),
                window=int(entry.get("window", 0)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise KGError(f"kg/data/resolve/anaphors.yaml: bad anaphor {entry!r}: {exc}") from None
        if a.strategy not in ("salient", "recent", "home_city", "skip", "sole_person"):
            raise KGError(f"kg/data/resolve/anaphors.yaml: unknown strategy {a.strategy!r}")
        anaphors[a.text] = a
    sf = data.get("short_forms") or {}
    short = ShortFormTable(
        levels={str(k): str(v) for k, v in (sf.get("levels") or {}).items()},
        bodies=tuple(sorted(_tuple(sf.get("bodies")), key=len, reverse=True)),
        generic_body=re.compile(str(sf.get("generic_body", "(?!)"))),
        exclude_body=re.compile(str(sf.get("exclude_body", "(?!)"))),
        joint={str(k): _tuple(v) for k, v in (sf.get("joint") or {}).items()},
        types={str(k): str(v) for k, v in (sf.get("types") or {}).items()},
        prefixed_by=_tuple(sf.get("prefixed_by")),
        not_after=frozenset(str(sf.get("not_after", ""))),
    )
    return AnaphorTable(anaphors, short)


def _place_ends(text: str) -> set[int]:
    """Offsets where a gazetteer place name of two or more characters ends.

    A level word that closes a place name (the 区 of 某某区) is not the start
    of a short form.  Without the gazetteer nothing is excluded.
    """
    try:
        from kg.extract.entities.gazetteer import lexicon
    except ImportError:  # pragma: no cover - the gazetteer is optional here
        return set()
    try:
        return {end for _, end, _ in lexicon().places(text)}
    except KGError:  # pragma: no cover - a missing lexicon file
        return set()


@ENTITY_EXTRACTORS.factory("anaphors")
class AnaphorMatcher(EntityComponent):
    """Finds the expressions of ``anaphors.yaml`` in sentences (longest first)."""

    name = "anaphors"

    def __init__(self) -> None:
        self.table = anaphor_table()
        self._anaphors = sorted(
            (a for a in self.table.anaphors.values() if a.match),
            key=lambda a: len(a.text),
            reverse=True,
        )
        self._levels = sorted(self.table.short.levels, key=len, reverse=True)
        # Only positions starting with one of these characters can match, so
        # the scan skips the rest of the sentence cheaply.
        self._starts = frozenset(w[0] for w in (*(a.text for a in self._anaphors), *self._levels))

    def _body(self, text: str, pos: int) -> str | None:
        """The longest body (joint, listed or generic) starting at ``pos``."""
        short = self.table.short
        if short.exclude_body.match(text, pos):
            return None
        found: list[str] = [b for b in short.joint if text.startswith(b, pos)]
        found += [b for b in short.bodies if text.startswith(b, pos)]
        generic = short.generic_body.match(text, pos)
        if generic:
            found.append(generic.group(0))
        return max(found, key=len) if found else None

    def _at(self, text: str, i: int, place_ends: set[int]) -> Mention | None:
        short = self.table.short
        for a in self._anaphors:
            if text.startswith(a.text, i):
                end = i + len(a.text)
                if a.text in short.prefixed_by:
                    body = self._body(text, end)
                    if body:
                        return Mention(i, end + len(body), short.body_type(body),
                                       text[i : end + len(body)], 0.9, self.name, "short")
                return Mention(i, end, a.type, a.text, 0.9, self.name, "anaphor")
        for level in self._levels:
            if (
                text.startswith(level, i)
                and (i + len(level)) not in place_ends
                and not (i > 0 and text[i - 1] in short.not_after)
            ):
                end = i + len(level)
                body = self._body(text, end)
                if body:
                    return Mention(i, end + len(body), short.body_type(body),
                                   text[i : end + len(body)], 0.8, self.name, "short")
        return None

    def extract(self, sentences: Sequence[Sentence]) -> list[list[Mention]]:
        """One list of anaphor and short-form mentions per sentence."""
        out: list[list[Mention]] = []
        for sentence in sentences:
            text = sentence.text
            if not self._starts.intersection(text):
                out.append([])
                continue
            place_ends = _place_ends(text)
            found: list[Mention] = []
            i = 0
            while i < len(text):
                if text[i] not in self._starts:
                    i += 1
                    continue
                m = self._at(text, i, place_ends)
                if m is None:
                    i += 1
                else:
                    found.append(m)
                    i = m.end
            out.append(found)
        return out
