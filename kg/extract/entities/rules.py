"""Rule and lexicon matching, driven by the YAML files in ``kg/data/lexicons/``.

* ``entity_rules.yaml``: rules that find University, Project, Company,
  Organization, GovernmentOrganization and Place names (suffix rules grown
  leftwards, prefix rules grown rightwards, the gazetteer);
* ``boundaries.yaml``: where a grown name starts;
* ``stoplist.yaml``: what is never an entity (generic nouns, positions,
  anaphors, titles in 《》);
* ``org_types.yaml``: organisation classes by suffix (see :mod:`.gazetteer`).

:class:`RuleMatcher` is the ``"rules"`` entity extractor.  :class:`Stoplist`
and :func:`refine_type` are shared with the combined ``"ner"`` component.

Examples
--------
>>> from kg.types import Sentence
>>> text = "与电子科技大学合作研发的井下煤矸石智能分选项目位居国内领先地位。"
>>> found = RuleMatcher().extract([Sentence("a", 0, 0, len(text), text)])[0]
>>> [(m.text, m.type) for m in found]
[('电子科技大学', 'University'), ('井下煤矸石智能分选项目', 'Project')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from kg.components import ENTITY_EXTRACTORS
from kg.errors import KGError
from kg.extract.entities import EntityComponent
from kg.extract.entities.features import char_class, segment
from kg.extract.entities.gazetteer import Lexicon, lexicon, load_yaml
from kg.nlp.segment import Token
from kg.types import ORGANIZATION_TYPES, Mention, Sentence

__all__ = [
    "Token",
    "Rule",
    "Boundaries",
    "Stoplist",
    "RuleMatcher",
    "tokens_of",
    "refine_type",
    "stoplist",
    "over_people_methods",
    "project_suffixes",
]

_OPEN = "（("
_CLOSE = "）)"


def tokens_of(text: str) -> list[Token]:
    """jieba words of ``text`` with offsets and dictionary POS tags."""
    out: list[Token] = []
    offset = 0
    for word, pos in segment(text):
        out.append(Token(offset, offset + len(word), word, pos))
        offset += len(word)
    return out


@dataclass(frozen=True)
class Rule:
    """One entry of ``entity_rules.yaml``."""

    name: str
    kind: str
    type: str
    suffixes: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    absorb: tuple[str, ...] = ()
    max_chars: int = 16
    min_stem: int = 2
    stem: str = "any"
    anchors: tuple[str, ...] = ()
    short_levels: tuple[str, ...] = ()
    word_pos: tuple[str, ...] = ()
    stop_pos: frozenset[str] = frozenset()
    max_words: int = 99
    score: float = 0.9
    break_words: tuple[str, ...] = ()
    chain: bool = False
    cross_joiners: bool = False
    over_people: bool = False

    @cached_property
    def last_chars(self) -> frozenset[str]:
        """Last characters of the suffixes: a cheap first test for every word."""
        return frozenset(s[-1] for s in self.suffixes)

    @classmethod
    def from_yaml(cls, spec: dict[str, Any], lex: Lexicon) -> Rule:
        suffixes = list(spec.get("suffixes", []))
        source = spec.get("suffixes_from")
        if source:
            classes = {c.type: c for c in lex.org_classes}
            if source not in classes:
                raise KGError(f"entity_rules.yaml: rule {spec.get('name')}: unknown class {source}")
            suffixes.extend(classes[source].suffixes)
        if spec.get("business_words"):
            from kg.extract.entities.companies import business_words

            suffixes.extend(business_words())
        excluded = set(spec.get("exclude_suffixes", []))
        suffixes = [s for s in suffixes if s not in excluded]
        kind = spec.get("kind")
        if kind not in {"suffix", "prefix", "gazetteer", "word"}:
            raise KGError(f"entity_rules.yaml: rule {spec.get('name')}: unknown kind {kind!r}")
        stem = spec.get("stem", "any")
        if stem not in {"any", "proper", "place", "brand", "name"}:
            raise KGError(f"entity_rules.yaml: rule {spec.get('name')}: unknown stem {stem!r}")
        return cls(
            name=spec["name"],
            kind=kind,
            type=spec["type"],
            # Longest first, so 街道办事处 is tried before 办事处.
            suffixes=tuple(sorted(set(suffixes), key=len, reverse=True)),
            prefixes=tuple(spec.get("prefixes", [])),
            absorb=tuple(spec.get("absorb", [])),
            max_chars=int(spec.get("max_chars", 16)),
            min_stem=int(spec.get("min_stem", 2)),
            stem=stem,
            anchors=tuple(spec.get("anchors", [])),
            short_levels=tuple(spec.get("short_levels", [])),
            word_pos=tuple(spec.get("word_pos", [])),
            stop_pos=frozenset(spec.get("stop_pos", [])),
            max_words=int(spec.get("max_words", 99)),
            score=float(spec.get("score", 0.9)),
            break_words=tuple(spec.get("break_words", [])),
            chain=bool(spec.get("chain", False)),
            cross_joiners=bool(spec.get("cross_joiners", False)),
            over_people=bool(spec.get("over_people", False)),
        )


@dataclass(frozen=True)
class Boundaries:
    """``boundaries.yaml``: where names grown from a suffix start."""

    stop_pos: frozenset[str]
    proper_pos: frozenset[str]
    stop_words: frozenset[str]
    strip_prefixes: tuple[str, ...]
    joiners: frozenset[str]
    lead_pos: frozenset[str]
    verb_pos: frozenset[str]
    strip_from_tagged: tuple[str, ...]
    brand_prefixes: frozenset[str] = frozenset()
    person_trailing_chars: frozenset[str] = frozenset()
    oov_lead_chars: frozenset[str] = frozenset()
    company_ends: tuple[str, ...] = ()
    name_verbs: frozenset[str] = frozenset()
    person_tail_stop: frozenset[str] = frozenset()

    @classmethod
    def load(cls) -> Boundaries:
        data = load_yaml("boundaries.yaml")
        return cls(
            frozenset(data["stop_pos"]),
            frozenset(data["proper_pos"]),
            frozenset(data["stop_words"]),
            tuple(sorted(data["strip_prefixes"], key=len, reverse=True)),
            frozenset(data.get("joiners", [])),
            frozenset(data.get("lead_pos", [])),
            frozenset(data.get("verb_pos", [])),
            tuple(data.get("strip_from_tagged", [])),
            frozenset(data.get("brand_prefixes", [])),
            frozenset(data.get("person_trailing_chars", [])),
            frozenset(data.get("oov_lead_chars", [])),
            tuple(sorted(data.get("company_ends", []), key=len, reverse=True)),
            frozenset(data.get("name_verbs", [])),
            frozenset(data.get("person_tail_stop", [])),
        )

    def stops(self, tok: Token) -> bool:
        return (
            tok.pos in self.stop_pos
            or tok.text in self.stop_words
            or all(char_class(c) == "P" for c in tok.text)
            or tok.text.isspace()
        )


@dataclass
class Stoplist:
    """``stoplist.yaml``: non-entities, positions, anaphors, generic stems."""

    not_entities: frozenset[str]
    positions: tuple[str, ...]
    anaphor_prefixes: tuple[str, ...]
    generic: frozenset[str]
    false_suffix_words: tuple[str, ...]
    _position_set: frozenset[str] = field(default_factory=frozenset)
    room_suffixes: tuple[str, ...] = ()

    @classmethod
    def load(cls) -> Stoplist:
        data = load_yaml("stoplist.yaml")
        positions = tuple(sorted(data["positions"], key=len, reverse=True))
        return cls(
            frozenset(data["not_entities"]),
            positions,
            tuple(data["anaphor_prefixes"]),
            frozenset(data["generic_stem_words"]),
            tuple(data.get("false_suffix_words", [])),
            frozenset(positions),
            tuple(data.get("room_suffixes", [])),
        )

    def is_position(self, word: str) -> bool:
        """Is ``word`` a post title (书记, 负责人)?"""
        return word in self._position_set

    def clean(self, text: str, mentions: Sequence[Mention]) -> list[Mention]:
        """Drop non-entities and cut trailing positions off organisations.

        Examples
        --------
        >>> s = stoplist()
        >>> ms = [Mention(0, 4, "Organization", "供电公司"), Mention(5, 8, "Person", "副局长"),
        ...       Mention(9, 15, "GovernmentOrganization", "商务局副局长"),
        ...       Mention(16, 21, "Organization", "六楼会议室")]
        >>> [m.text for m in s.clean("供电公司，副局长，商务局副局长，六楼会议室", ms)]
        ['商务局']
        """
        titles = _title_ranges(text)
        quotes = _title_ranges(text, "“”")
        out: list[Mention] = []
        for m in mentions:
            if m.type != "Person" and m.type != "Place":
                for pos in self.positions:
                    if m.text.endswith(pos) and len(m.text) > len(pos) + 1:
                        cut = m.end - len(pos)
                        m = Mention(
                            m.start, cut, m.type, text[m.start : cut], m.score, m.method, m.kind
                        )
                        break
            if m.text in self.not_entities or m.text in self._position_set:
                continue
            if m.type in ORGANIZATION_TYPES and m.text.endswith(self.room_suffixes):
                continue
            if m.kind == "name" and m.text.startswith(self.anaphor_prefixes) and m.type != "Person":
                continue
            if self._in_title(m, titles) or self._in_slogan(m, quotes):
                continue
            out.append(m)
        return out

    @staticmethod
    def _in_title(m: Mention, titles: Sequence[tuple[int, int]]) -> bool:
        """Is ``m`` a title, or a fragment of one (see stoplist.yaml)?"""
        for s, e in titles:
            if s <= m.start and m.end <= e:
                if (m.start - 1, m.end + 1) == (s, e):
                    # The whole title: a newspaper is an organisation; a film
                    # called 花木兰 is no person.
                    return m.type not in ORGANIZATION_TYPES
                return m.type not in ("Person", "Place") or m.method.startswith("rules")
        return False

    def _in_slogan(self, m: Mention, quotes: Sequence[tuple[int, int]]) -> bool:
        """An organisation without any organisation suffix, inside “…”, is a slogan's word.

        Unless it is the whole quotation: “四人帮” is a name in quotes.
        """
        if m.type != "Organization" or lexicon().org_type(m.text) is not None:
            return False
        return any(
            s <= m.start and m.end <= e and (m.start - 1, m.end + 1) != (s, e) for s, e in quotes
        )


def _title_ranges(text: str, marks: str = "《》") -> list[tuple[int, int]]:
    """Character ranges of 《…》 (or other paired ``marks``), marks included."""
    ranges: list[tuple[int, int]] = []
    start = -1
    opening, closing = marks[0], marks[1]
    for i, ch in enumerate(text):
        if ch == opening:
            start = i
        elif ch == closing and start >= 0:
            ranges.append((start, i + 1))
            start = -1
    return ranges


@cache
def stoplist() -> Stoplist:
    return Stoplist.load()


@cache
def _boundaries() -> Boundaries:
    return Boundaries.load()


@cache
def _rules() -> tuple[Rule, ...]:
    lex = lexicon()
    data = load_yaml("entity_rules.yaml")
    return tuple(Rule.from_yaml(spec, lex) for spec in data["rules"])


@cache
def project_suffixes() -> tuple[str, ...]:
    """The suffixes of the suffix rules that find projects (项目, 基地, 工程 ...)."""
    return tuple(
        dict.fromkeys(
            x for r in _rules() if r.kind == "suffix" and r.type == "Project" for x in r.suffixes
        )
    )


@cache
def over_people_methods() -> frozenset[str]:
    """Methods of the rules whose names may hold people (``over_people``: 甲乙基金)."""
    return frozenset(f"rules:{r.name}" for r in _rules() if r.over_people)


def refine_type(mention: Mention, lex: Lexicon | None = None) -> Mention:
    """Give an Organization mention the class its suffix names (``org_types.yaml``).

    Examples
    --------
    >>> refine_type(Mention(0, 6, "Organization", "东湖区商务局")).type
    'GovernmentOrganization'
    >>> refine_type(Mention(0, 4, "Organization", "宁波大学")).type
    'University'
    """
    if mention.type != "Organization":
        return mention
    found = (lex or lexicon()).org_type(mention.text)
    if found is None:
        return mention
    return Mention(
        mention.start, mention.end, found, mention.text, mention.score, mention.method, mention.kind
    )


@ENTITY_EXTRACTORS.factory("rules")
class RuleMatcher(EntityComponent):
    """The ``"rules"`` extractor: every rule of ``entity_rules.yaml``, then the stoplist."""

    name = "rules"

    def __init__(self, rules: Sequence[str] | None = None) -> None:
        self.lex = lexicon()
        self.bounds = _boundaries()
        self.stop = stoplist()
        self.rules = [r for r in _rules() if rules is None or r.name in rules]

    # -- growing names ---------------------------------------------------------------
    def _grow_left(self, tokens: Sequence[Token], idx: int, end: int, rule: Rule) -> int:
        """Start offset of a name whose last word is ``tokens[idx]``."""
        bounds, places = self.bounds, self.lex.place_level
        max_chars = rule.max_chars
        start = tokens[idx].start
        seen_place = tokens[idx].text in places
        i = idx - 1
        while i >= 0:
            tok = tokens[i]
            if tok.text in _CLOSE:
                # A bracketed place inside a name: 河南（洛阳）电子半导体产业园.
                j = i - 1
                while j >= 0 and tokens[j].text not in _OPEN and i - j <= 3:
                    j -= 1
                inner = "".join(t.text for t in tokens[j + 1 : i])
                if j >= 1 and tokens[j].text in _OPEN and inner in places:
                    before = tokens[j - 1]
                    if not bounds.stops(before) and end - before.start <= max_chars:
                        start, seen_place, i = before.start, True, j - 2
                        continue
                break
            if tok.text == "”":
                # A quoted word inside a name: “甲乙”丙丁养殖场.
                j = i - 1
                while j >= 0 and tokens[j].text not in "“”" and i - j <= 4:
                    j -= 1
                if (
                    j >= 0
                    and tokens[j].text == "“"
                    and j < i - 1
                    and end - tokens[j].start <= max_chars
                    and not any(bounds.stops(t) for t in tokens[j + 1 : i])
                ):
                    start, i = tokens[j].start, j - 1
                    continue
                break
            if bounds.stops(tok) or end - tok.start > max_chars or tok.pos in rule.stop_pos:
                break
            if self.stop.is_position(tok.text):
                break  # a post (负责人, 主任) ends the name before it
            if idx - i > rule.max_words:
                break
            if rule.break_words and tok.text.endswith(rule.break_words):
                break  # 东湖街道|李家村: a place's name does not hold another place
            if rule.chain and tok.text in self.lex.place_full:
                break  # 东湖区|李家街道: a unit's name does not hold its district
            is_place = tok.text in places
            if seen_place and not is_place and tok.pos not in bounds.proper_pos:
                break
            start = tok.start
            seen_place = seen_place or is_place
            i -= 1
        return start

    def strip_generic(self, text: str, start: int, end: int) -> int:
        """Start of ``text[start:end]`` without a generic leading word (辖区, 我市)."""
        for prefix in self.bounds.strip_from_tagged:
            if text.startswith(prefix, start) and end - start > len(prefix) + 1:
                return start + len(prefix)
        return start

    def _strip(self, text: str, tokens: Sequence[Token], start: int, end: int) -> int:
        """Drop leading generic words (辖区) and leading predicates (建立…, 全力做好…)."""
        ends = {t.end for t in tokens}
        first = next((t for t in tokens if t.start == start), None)
        if (
            first is not None
            and first.pos == "OOV"
            and len(first.text) > 1
            and first.text[0] in self.bounds.oov_lead_chars
            and end - start > 3
        ):
            # jieba glued a preposition to an unknown name (由何|梁何利基金).
            start += 1
        for prefix in self.bounds.strip_prefixes:
            # Only a whole word: 新 of 新港钢铁 is part of the name.
            if (
                text.startswith(prefix, start)
                and end - start > len(prefix)
                and start + len(prefix) in ends
            ):
                start += len(prefix)
                break
        for tok in tokens:
            if tok.end <= start:
                continue
            if (
                tok.start != start
                or tok.end >= end
                or tok.pos not in self.bounds.lead_pos
                or tok.text in self.bounds.name_verbs
            ):
                break
            start = tok.end
        return start

    def _stem_ok(
        self, rule: Rule, text: str, tokens: Sequence[Token], start: int, stem_end: int, last: Token
    ) -> bool:
        stem_tokens = [
            # A word cut by the start (从市|公用集团 -> 市) counts as its rest.
            t if t.start >= start else Token(start, t.end, text[start : t.end], t.pos)
            for t in tokens
            if t.end > start and t.end <= stem_end
        ]
        if last.start < stem_end:
            # The suffix's word also holds part of the stem (行业|协会, 中山|路): that
            # part counts as one word with the whole word's tag.
            stem_tokens.append(
                Token(
                    max(start, last.start),
                    stem_end,
                    text[max(start, last.start) : stem_end],
                    last.pos,
                )
            )
        content = [
            t
            for t in stem_tokens
            if t.text not in self.stop.generic
            and t.pos not in ("m", "q", "mq")
            and not all(char_class(c) in "DP" for c in t.text)
        ]
        places = self.lex.place_level
        proper = any(
            (t.pos in self.bounds.proper_pos and t.pos not in ("j", "OOV")) or t.text in places
            for t in content
        ) or any(t.pos == "OOV" and all(char_class(c) == "H" for c in t.text) for t in content)
        size = sum(t.end - t.start for t in content)
        # A proper-name stem may be short (三峡工程); a common-noun stem needs min_stem.
        if size < (min(2, rule.min_stem) if proper else rule.min_stem):
            return False
        if rule.stem == "proper":
            return proper
        if rule.stem == "name":
            # A name of people (甲乙基金): only words jieba does not know or
            # knows as people's names.
            return bool(content) and all(t.pos in ("OOV", "nr", "nrt", "nrfg") for t in content)
        if rule.stem == "brand":
            # A trade name: one word jieba does not know, or knows as a proper
            # name that is neither a place of the gazetteer nor a person (华星,
            # not 中国 or 智能): a transliteration (莱克) or a known company's
            # trade name (华为 of 华为技术).  jieba's places (ns) are not
            # enough: 都市 and 德国 are ns too.
            from kg.extract.entities.companies import COMMON_POS, trade_names

            if len(content) != 1 or content[0].text in places:
                return False
            word = content[0]
            return (
                word.pos in ("nz", "nrt")
                or (word.pos == "OOV" and all(char_class(c) == "H" for c in word.text))
                or (word.text in trade_names() and word.pos not in COMMON_POS)
            )
        if rule.stem == "place":
            name = text[start:stem_end]
            if name.startswith(rule.anchors):
                return True
            first = self.lex.places(name)
            return bool(first) and first[0][0] == 0
        return True

    def _suffix_rule(self, rule: Rule, text: str, tokens: Sequence[Token]) -> list[Mention]:
        out: list[Mention] = []
        false_words = self.stop.false_suffix_words
        for idx, tok in enumerate(tokens):
            if tok.text[-1] not in rule.last_chars or tok.text.endswith(false_words):
                continue
            for suffix in rule.suffixes:
                if not tok.text.endswith(suffix):
                    continue
                if tok.text != suffix and (
                    tok.pos in self.bounds.verb_pos
                    or (rule.word_pos and tok.pos not in rule.word_pos)
                ):
                    # 举办 is no office, 集成电路 no road: the word holding the
                    # suffix must be a noun (or one of the rule's word_pos).
                    break
                end = tok.end
                narrow = self._grow_left(tokens, idx, end, rule)
                starts = [narrow]
                if rule.stem == "place":
                    starts = [self._cross_joiner(rule, text, tokens, narrow, end, tok)]
                elif rule.cross_joiners:
                    # Both readings, one name or two (甲乙与丙丁实验室): the
                    # merge prefers the longer one unless the tagger's people or
                    # the stoplist rule it out.
                    starts.append(self._cross_joiner(rule, text, tokens, narrow, end, tok))
                for start in dict.fromkeys(starts):
                    start = self._strip(text, tokens, start, end)
                    if self._stem_ok(rule, text, tokens, start, end - len(suffix), tok) or (
                        rule.chain
                        and self._in_chain(rule, tokens, idx, start, suffix)
                        and self._chain_stem_ok(tokens, start, end - len(suffix), tok)
                    ):
                        out.append(
                            Mention(
                                start,
                                end,
                                rule.type,
                                text[start:end],
                                rule.score,
                                f"rules:{rule.name}",
                            )
                        )
                break
        return out

    def _in_chain(
        self, rule: Rule, tokens: Sequence[Token], idx: int, start: int, suffix: str
    ) -> bool:
        """Is the unit from ``start`` to ``tokens[idx]`` one link of a chain or a list of units?

        A chain: right after a full gazetteer name or another unit (东湖区|甲乙街道,
        甲乙街道|丙丁社区).  A list: a separator and a unit of the same suffix
        next to it (甲乙街道、丙丁街道).
        """
        k = next((i for i, t in enumerate(tokens) if t.start == start), -1)
        if k < 1:
            return False
        before = tokens[k - 1]
        if before.text in self.lex.place_full or (
            before.text.endswith(rule.suffixes) and k >= 2 and not self.bounds.stops(tokens[k - 2])
        ):
            return True
        seps = self.bounds.joiners | {"、"}
        if before.text in seps and k >= 2 and tokens[k - 2].text.endswith(suffix):
            return True
        after = tokens[idx + 1 : idx + 4]
        return (
            bool(after)
            and after[0].text in seps
            and any(t.text.endswith(suffix) for t in after[1:])
        )

    def _chain_stem_ok(
        self, tokens: Sequence[Token], start: int, stem_end: int, last: Token
    ) -> bool:
        """A unit's stem in a chain: 2 or more Han characters, not only generic words.

        Numeral words count (numeral words such as 七星 or 九龙), numbers do not.
        """
        if last.start < stem_end:
            return False  # the suffix's word holds part of the stem: jieba saw one word
        words = [t for t in tokens if t.start >= start and t.end <= stem_end]
        if not words or not all(all(char_class(c) == "H" for c in t.text) for t in words):
            return False
        content = [t for t in words if t.text not in self.stop.generic]
        return sum(len(t.text) for t in content) >= 2

    def _cross_joiner(
        self, rule: Rule, text: str, tokens: Sequence[Token], start: int, end: int, last: Token
    ) -> int:
        """Grow over 和/与 inside a body's name (发展和改革局), see boundaries.yaml."""
        k = next((i for i, t in enumerate(tokens) if t.start == start), -1)
        if k < 2 or tokens[k - 1].text not in self.bounds.joiners:
            return start
        before = tokens[k - 2]
        if (
            self.lex.suffix_class(text, before.end) is not None
            or self.bounds.stops(before)
            or before.text.endswith(rule.suffixes)
            or before.text in self.stop.positions
            or before.pos in rule.stop_pos
            or before.pos in self.bounds.lead_pos
        ):
            return start
        wider = self._grow_left(tokens, k - 2, end, rule)
        if rule.stem != "place" and tokens[k - 2].start == self._strip(
            text, tokens, wider, before.end
        ):
            # One word before the joiner (跳板和中转基地) is a list of two things,
            # not a name's first half (精细化工与…, 钢管及…).
            return start
        if self._stem_ok(rule, text, tokens, wider, last.end - 1, last):
            return wider
        return start

    def _prefix_rule(self, rule: Rule, text: str, tokens: Sequence[Token]) -> list[Mention]:
        out: list[Mention] = []
        for idx, tok in enumerate(tokens):
            if tok.text not in rule.prefixes:
                continue  # 年产 starts a project; 年产值 does not
            start, end = tok.start, tok.end
            i = idx + 1
            while i < len(tokens):
                nxt = tokens[i]
                if self.bounds.stops(nxt) or nxt.end - start > rule.max_chars:
                    break
                end = nxt.end
                i += 1
                if nxt.text in rule.absorb:
                    break
            if end - start > len(tok.text) + 1:
                out.append(
                    Mention(
                        start, end, rule.type, text[start:end], rule.score, f"rules:{rule.name}"
                    )
                )
        return out

    def _word_rule(self, rule: Rule, text: str, tokens: Sequence[Token]) -> list[Mention]:
        """Whole jieba words of ``rule.word_pos`` that end with one of the rule's suffixes."""
        out: list[Mention] = []
        for tok in tokens:
            if tok.pos not in rule.word_pos or not tok.text.endswith(rule.suffixes):
                continue
            suffix = next(x for x in rule.suffixes if tok.text.endswith(x))
            if len(tok.text) - len(suffix) >= rule.min_stem:
                out.append(
                    Mention(
                        tok.start, tok.end, rule.type, tok.text, rule.score, f"rules:{rule.name}"
                    )
                )
        return out

    def _gazetteer_rule(self, rule: Rule, text: str, tokens: Sequence[Token]) -> list[Mention]:
        starts = {t.start for t in tokens}
        ends = {t.end for t in tokens}
        out: list[Mention] = []
        for s, e, full in self.lex.places(text):
            name = text[s:e]
            if not full and self.lex.place_level.get(name) not in rule.short_levels:
                continue
            # A place must be whole words: 吉林 in 吉林大学 is left to the longer name.
            if s in starts and e in ends:
                out.append(Mention(s, e, rule.type, name, rule.score, f"rules:{rule.name}"))
        return out

    def match(self, text: str, tokens: Sequence[Token] | None = None) -> list[Mention]:
        """All rule mentions of one text, overlapping, before the stoplist."""
        if tokens is None:
            tokens = tokens_of(text)
        found: list[Mention] = []
        for rule in self.rules:
            if rule.kind == "suffix":
                found.extend(self._suffix_rule(rule, text, tokens))
            elif rule.kind == "word":
                found.extend(self._word_rule(rule, text, tokens))
            elif rule.kind == "prefix":
                found.extend(self._prefix_rule(rule, text, tokens))
            else:
                found.extend(self._gazetteer_rule(rule, text, tokens))
        return list(dict.fromkeys(found))

    def extract(self, sentences: Sequence[Sentence]) -> list[list[Mention]]:
        return [self.stop.clean(s.text, self.match(s.text)) for s in sentences]
