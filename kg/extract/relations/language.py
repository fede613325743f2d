"""The relation pattern language: YAML entries compiled to regexes.

A pattern is a regular expression over an encoded sentence (see
:mod:`kg.extract.relations.encoding`) in which *slots* in braces stand for
mentions, titles and text.  The full description, with examples, is in
``kg/data/patterns/README.md``; in short:

=====================  ==========================================================
``{PER:p}``            one mention of a type (PER ORG GOV COMPANY UNIV PROJ PLACE
                       EVENT ANY), captured as ``p``; unions: ``{ORG|PLACE:x}``
``{ORG?:x}``           an optional mention
``{ORG*:xs}``          a coordinated list: A、B和C (one relation per element)
``{PLACE+:x}``         adjacent mentions (广东省深圳市); the last, innermost one is used
``{POSTS:p}``          a chain of posts: 〈org〉〈title〉、〈org2〉〈title2〉
``{ROSTER:r}``         chains and names: 〈org〉董事长甲、总经理乙、丙 (each person
                       gets its own chain, read in the previous one's context)
``{PARTIES:r}``        a roster of at least two people joined by ，、和与 (the
                       signatories of 〈org〉局长甲、〈org2〉董事长乙代表双方签约)
``{TITLE:t}``          one plain title of ``titles.yaml`` (no fused body)
``{GAP<=n}``           up to n characters of plain text (no mention, no ，。)
``{NEAR<=n}``          up to n characters within the clause (mentions allowed)
``{SKIP<=n}``          up to n characters up to the full stop (commas allowed)
``{OTHER<=n}``         as SKIP, but crossing no person mention
``{WORDS<=n}``         name-like text: no mention, punctuation or 的
``{GAP>=m<=n}``        any gap slot with at least m characters
``{LIT:x}``            literal text up to the next punctuation (award names)
``{QUOTE:x}``          the text inside “…”
``{NAME}``             a macro from a ``macros:`` mapping
=====================  ==========================================================

Everything outside braces is a Python regular expression.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kg.errors import KGError
from kg.extract.relations.encoding import MENTION_CHARS, SLOT_TYPES, TYPE_CHARS, slot_class
from kg.extract.relations.posts import TitleLexicon
from kg.types import ENTITY_TYPES

__all__ = ["SlotKind", "Emit", "Pattern", "SplitRule", "compile_pattern", "compile_split"]

_TOKEN = re.compile(
    r"\{(?P<kind>[A-Z][A-Z|]*)(?P<mod>[*?+])?(?:>=(?P<least>\d+))?(?:<=(?P<n>\d+))?(?::(?P<name>[A-Za-z_]\w*))?\}"
)
_LIST_SEP = "(?:、|和|及|以及|与|同|跟|,)"
_PUNCT = "，。；！？,;!?"
#: Character classes of the gap slots: GAP is plain text inside a clause, NEAR
#: may cross mentions but not a comma, SKIP may cross commas but not a full stop,
#: OTHER is SKIP without crossing a person, WORDS is name-like text (no 的).
_GAPS = {
    "GAP": f"[^{MENTION_CHARS}{_PUNCT}“”]",
    "NEAR": f"[^{_PUNCT}“”]",
    "SKIP": "[^。；！？;!?]",
    "OTHER": f"[^。；！？;!?{TYPE_CHARS['Person']}]",
    "WORDS": f"[^{MENTION_CHARS}{_PUNCT}、“”的]",
}

SlotKind = str  # "mention", "list", "run", "posts", "title", "text"


@dataclass(frozen=True)
class Emit:
    """One relation to emit per match (or per element of a list slot).

    ``head`` and ``tail`` are tuples of fallbacks: the first slot that matched
    is used; ``@subject`` stands for the clause's subject, ``@named`` for the
    same without a zero-width anaphor, ``@topic`` for a named clause opener of
    any type (see the README).  ``split`` cuts a
    literal into several (A、B和C), ``trim`` removes a regex from each piece.
    """

    relation: str
    head: tuple[str, ...]
    tail: tuple[str, ...] = ()
    literal: tuple[str, ...] = ()
    role: str | None = None
    role_text: str | None = None
    posts: str | None = None
    pairwise: str | None = None
    split: re.Pattern[str] | None = None
    trim: re.Pattern[str] | None = None

    @classmethod
    def from_yaml(cls, data: Any, where: str) -> Emit:
        """Build from one ``emit`` mapping; ``where`` names the pattern in errors."""
        if not isinstance(data, dict) or "relation" not in data:
            raise KGError(f"{where}: each emit needs a 'relation'")

        def fallbacks(key: str) -> tuple[str, ...]:
            """A key's value as a tuple of references (one or a list)."""
            value = data.get(key)
            if value is None:
                return ()
            return tuple(value) if isinstance(value, list) else (str(value),)

        head = fallbacks("head")
        if not head:
            raise KGError(f"{where}: each emit needs a 'head'")
        rx: dict[str, re.Pattern[str] | None] = {}
        for key in ("split", "trim"):
            try:
                rx[key] = re.compile(str(data[key])) if data.get(key) else None
            except re.error as exc:
                raise KGError(f"{where}: {key}: bad regex: {exc}") from None
        return cls(
            relation=str(data["relation"]),
            head=head,
            tail=fallbacks("tail"),
            literal=fallbacks("literal"),
            role=data.get("role"),
            role_text=data.get("role_text"),
            posts=data.get("posts"),
            pairwise=data.get("pairwise"),
            split=rx["split"],
            trim=rx["trim"],
        )


@dataclass
class Pattern:
    """A compiled sequence pattern."""

    name: str
    regex: re.Pattern[str]
    slots: dict[str, SlotKind]
    emits: list[Emit]
    where: dict[str, re.Pattern[str]] = field(default_factory=dict)
    score: float = 0.8
    overlap: bool = False


@dataclass
class SplitRule:
    """A pattern applied inside one mention's text (a fused 〈街道〉〈村〉 name)."""

    name: str
    types: frozenset[str]
    regex: re.Pattern[str]
    parts: dict[str, str]  # group name -> entity type of the part
    emits: list[Emit]
    score: float = 0.8


def _slot_regex(
    kind: str, mod: str | None, least: str | None, n: str | None, name: str | None,
    titles: TitleLexicon, macros: Mapping[str, str], where: str,
) -> tuple[str, SlotKind | None]:
    group = (lambda body: f"(?P<{name}>{body})") if name else (lambda body: f"(?:{body})")
    optional = "?" if mod == "?" else ""
    parts = kind.split("|")
    if all(p in SLOT_TYPES for p in parts):
        cls = slot_class(parts)
        if mod == "*":
            return group(f"{cls}(?:{_LIST_SEP}{cls})*"), "list"
        if mod == "+":
            return group(f"{cls}+"), "run"
        return group(cls) + optional, "mention"
    if kind in ("POSTS", "ROSTER", "PARTIES"):
        unit = slot_class(["ORG", "PLACE"])
        # 〈org〉(市场部)经理: an untagged internal unit may stand before the title
        inner = f"(?:{titles.inner_unit})?" if titles.inner_unit else ""
        element = f"{unit}{{0,3}}{inner}{titles.regex}"
        body = f"{element}(?:[、，,兼及和]?{element})*"
        if kind == "POSTS":
            return group(body) + optional, "posts"
        person = slot_class(["PER"])
        if kind == "ROSTER":
            # a bare name shares the title before it only after 、 (副主任甲、乙);
            # a titled name may follow after ，和及 too (局长甲，副局长乙)
            roster = f"{body}{person}(?:、(?:{body})?{person}|(?:[，,]|和|及){body}{person})*"
            return group(roster) + optional, "roster"
        parties = f"{body}{person}(?:(?:[、，,]|和|与|及|同){body}{person})+"
        return group(parties) + optional, "parties"
    if kind == "TITLE":
        return group(titles.plain_regex) + optional, "title"
    if kind in _GAPS:
        if n is None:
            raise KGError(f"{where}: {{{kind}}} needs a length, e.g. {{{kind}<=8}}")
        return group(f"{_GAPS[kind]}{{{least or 0},{n}}}?"), "text" if name else None
    if kind == "LIT":
        return group(f"[^{_PUNCT}、\\s]+?"), "text"
    if kind == "QUOTE":
        return group("[^“”]+"), "text"
    if kind in macros:
        return group(macros[kind]) + optional, "text" if name else None
    raise KGError(f"{where}: unknown slot {{{kind}}}")


def _translate(
    source: str, titles: TitleLexicon, macros: Mapping[str, str], where: str
) -> tuple[str, dict[str, SlotKind]]:
    out: list[str] = []
    slots: dict[str, SlotKind] = {}
    pos = 0
    for m in _TOKEN.finditer(source):
        out.append(source[pos : m.start()])
        regex, kind = _slot_regex(
            m["kind"], m["mod"], m["least"], m["n"], m["name"], titles, macros, where
        )
        if m["name"] and kind is not None:
            if m["name"] in slots:
                raise KGError(f"{where}: slot name {m['name']!r} used twice")
            slots[m["name"]] = kind
        out.append(regex)
        pos = m.end()
    out.append(source[pos:])
    return "".join(out), slots


def _emits(data: Any, where: str) -> list[Emit]:
    raw = data.get("emit")
    if not isinstance(raw, list) or not raw:
        raise KGError(f"{where}: needs a non-empty 'emit' list")
    return [Emit.from_yaml(e, where) for e in raw]


def compile_pattern(
    data: Mapping[str, Any], titles: TitleLexicon, macros: Mapping[str, str], source: str
) -> Pattern:
    """Compile one ``patterns:`` entry.

    Raises
    ------
    KGError
        On a malformed entry, naming the file and the pattern.
    """
    name = str(data.get("name", "?"))
    where = f"{source}: pattern {name!r}"
    if "pattern" not in data:
        raise KGError(f"{where}: needs 'pattern'")
    regex, slots = _translate(str(data["pattern"]), titles, macros, where)
    try:
        compiled = re.compile(regex)
    except re.error as exc:
        raise KGError(f"{where}: bad regex: {exc}") from None
    groups = set(compiled.groupindex)
    emits = _emits(data, where)
    for e in emits:
        for ref in (*e.head, *e.tail, *e.literal, e.role, e.posts, e.pairwise):
            if not ref or ref in ("@subject", "@named", "@topic"):
                continue
            if ref.startswith("@"):
                etype, _, group = ref[1:].partition(":")
                if etype not in (*ENTITY_TYPES, "anaphor") or group not in groups:
                    raise KGError(f"{where}: bad reference {ref!r}: use @Type:group")
            elif ref not in groups:
                raise KGError(f"{where}: emit refers to unknown slot {ref!r}")
    where_rx = {k: re.compile(str(v)) for k, v in (data.get("where") or {}).items()}
    return Pattern(
        name=name,
        regex=compiled,
        slots=slots,
        emits=emits,
        where=where_rx,
        score=float(data.get("score", 0.8)),
        overlap=bool(data.get("overlap", False)),
    )


def compile_split(data: Mapping[str, Any], source: str) -> SplitRule:
    """Compile one ``splits:`` entry (a regex with named groups over a mention's text)."""
    name = str(data.get("name", "?"))
    where = f"{source}: split {name!r}"
    try:
        regex = re.compile(str(data["regex"]))
        kinds = data.get("mention", "ANY").split("|")
        types = frozenset(t for k in kinds for t in SLOT_TYPES[k])
    except (KeyError, re.error) as exc:
        raise KGError(f"{where}: {exc}") from None
    parts = {str(k): str(v) for k, v in (data.get("parts") or {}).items()}
    if not parts or not set(parts) <= set(regex.groupindex):
        raise KGError(f"{where}: 'parts' must map the regex's named groups to entity types")
    return SplitRule(name, types, regex, parts, _emits(data, where), float(data.get("score", 0.8)))
