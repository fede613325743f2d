"""The ``"precision"`` stage: is each candidate span an entity of its type?

It runs after the ``ner`` component (and before ``anaphors``) on all the
candidates of a batch, grouped by article, and drops, cuts or retypes spans
by checks whose settings live in ``kg/data/lexicons/precision.yaml``:

* ``clause`` / ``suffix_tail``: boundaries — a body or project grown over a
  clause (按照X, 张书记代表X) starts after its last predicate word; a body
  that runs past its suffix (X联盟计划打造, X局李明) ends at the suffix;
* ``generic``: a body or project with no name (有限公司, 国家队, 重点项目);
* ``one_char_place``: one-character places only as known abbreviations in a
  context that makes them places (粤籍, 中美关系);
* ``common_word`` / ``idiom``: people and places that are common words or
  lie inside an idiom or slogan (jieba's dictionary, the training data);
* ``title``: nothing strictly inside 《…》;
* ``nested``: a place or person at the start of a longer name the same
  article gives elsewhere is that name (中国 + 钢研);
* ``geo_feature``: 柴达木 + 盆地 is one place;
* ``place_person``: a "person" that is a gazetteer place is a place;
* ``designation``: a project, zone or body named by descriptive and rank
  words only (省级…示范基地), a group with no name part (技术联盟), a company
  with no trade name (医药化工公司);
* ``meeting``, ``plural``: meetings (X大会) and sets (各市县X协会) are no bodies;
* ``position``, ``split_place``, ``function_place``: boundary descriptions
  (东至X), spots on roads (X路平交口 → X路), X街道+Y社区 as two places,
  places holding a function word (X以村);
* ``word_edge``, ``in_event``, ``in_name``: fragments of words (其中+国际),
  of an event's or honour's name (中国+国际…博览会), people before a fund's
  head (何X何Y+基金);
* ``join``, ``lead``, ``post_tail``, ``apposition``, ``company_unit``,
  ``locative``: project and body boundaries (X工程+Y基地, ▲, X场厂+长,
  明星企业X公司, X有限公司+Y场) and 除X外.

Their word lists are the ``names:`` section of ``precision.yaml``.

Examples
--------
>>> from kg.types import Sentence
>>> text = "他说，按照东湖区商务局部署，华星科技有限公司与有限公司合作。"
>>> s = Sentence("a", 0, 0, len(text), text)
>>> ms = [Mention(3, 11, "GovernmentOrganization", "按照东湖区商务局"),
...       Mention(14, 22, "Company", "华星科技有限公司"), Mention(23, 27, "Company", "有限公司")]
>>> [m.text for m in PrecisionFilter().refine([s], [ms])[0]]
['东湖区商务局', '华星科技有限公司']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from kg import resources
from kg.errors import KGError
from kg.extract.entities import ENTITY_EXTRACTORS, EntityComponent
from kg.extract.entities.companies import business_words
from kg.extract.entities.features import char_class
from kg.extract.entities.gazetteer import Lexicon, lexicon, load_yaml, names
from kg.extract.entities.rules import Stoplist, stoplist
from kg.nlp.segment import Token, posseg, tokenize
from kg.types import ORGANIZATION_TYPES, Mention, Sentence

__all__ = ["PrecisionFilter", "PrecisionSettings", "CHECKS", "vocabulary"]

#: Types the boundary and genericity checks look at: bodies and projects.
_NAMED_BODIES = ORGANIZATION_TYPES | {"Project"}
_NUMERALS = frozenset("0123456789０１２３４５６７８９一二三四五六七八九十百千万亿两几多上余个")
#: Single characters that join words and are never part of an unknown name.
_JOINING_CHARS = frozenset("的和与及等之在了暨或、")


@dataclass(frozen=True)
class PrecisionSettings:
    """``precision.yaml``: which checks run, and their word lists."""

    checks: tuple[str, ...]
    clause_words: frozenset[str]
    tail_pos: frozenset[str]
    name_pos: frozenset[str]
    naming_prefixes: frozenset[str]
    number_pos: frozenset[str]
    generic_words: frozenset[str]
    modifiers: frozenset[str]
    place_abbreviations: frozenset[str]
    abbreviation_after: tuple[str, ...]
    region_after: tuple[str, ...]
    fragment_pos: frozenset[str]
    idiom_max_chars: int
    geo_suffixes: tuple[str, ...]
    unit_chars: tuple[str, ...]
    road_modifiers: frozenset[str]
    road_words: tuple[str, ...]
    place_suffixes: tuple[str, ...]
    quote_pairs: tuple[str, ...]
    quote_max_chars: int
    count_measures: tuple[str, ...]
    nested_min_chars: int
    nested_max_rest: int
    names: NameSettings

    @classmethod
    def load(cls, data: dict[str, Any] | None = None) -> PrecisionSettings:
        data = load_yaml("precision.yaml") if data is None else data
        try:
            checks = tuple(data["checks"])
            unknown = [c for c in checks if c not in CHECKS]
            if unknown:
                raise KGError(f"precision.yaml: unknown checks: {', '.join(unknown)}")
            return cls(
                checks,
                frozenset(data["clause_words"]),
                frozenset(data["tail_pos"]),
                frozenset(data["name_pos"]),
                frozenset(data["naming_prefixes"]),
                frozenset(data["number_pos"]),
                frozenset(data["generic_words"])
                | frozenset(data["project_words"])
                | stoplist().generic,
                frozenset(data["generic_words"]),
                frozenset(data["place_abbreviations"]),
                tuple(data["abbreviation_after"]),
                tuple(data["region_after"]),
                frozenset(data["fragment_pos"]),
                int(data["idiom_max_chars"]),
                tuple(data["geo_suffixes"]),
                tuple(data["unit_chars"]),
                frozenset(data["road_modifiers"]),
                tuple(sorted(data["road_words"], key=len, reverse=True)),
                tuple(sorted(data["place_suffixes"], key=len, reverse=True)),
                tuple(data["quote_pairs"]),
                int(data["quote_max_chars"]),
                tuple(data["count_measures"]),
                int(data["nested_min_chars"]),
                int(data["nested_max_rest"]),
                NameSettings.load(data["names"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise KGError(f"precision.yaml: missing or malformed setting: {exc}") from None


def _longest_first(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted((str(w) for w in words), key=len, reverse=True))


@dataclass(frozen=True)
class NameSettings:
    """``precision.yaml``'s ``names:`` section: name versus designation, events, edges."""

    designation_words: frozenset[str]
    heads: tuple[str, ...]
    weak_heads: frozenset[str]
    kind_chars: tuple[str, ...]
    plural_words: tuple[str, ...]
    meeting_heads: tuple[str, ...]
    standing_bodies: tuple[str, ...]
    session_marks: tuple[tuple[str, str], ...]
    lead_symbols: frozenset[str]
    bound_prefixes: tuple[str, ...]
    position_tails: tuple[str, ...]
    exit_words: tuple[str, ...]
    exit_roads: tuple[str, ...]
    joiners: frozenset[str]
    output_starts: tuple[str, ...]
    name_heads_after_person: tuple[str, ...]
    locative_chars: frozenset[str]
    locative_before: frozenset[str]
    apposition_titles: tuple[str, ...]
    post_words: frozenset[str]
    unit_suffixes: tuple[str, ...]
    event_heads: frozenset[str]
    event_name_tags: frozenset[str]
    event_max_gap: int
    split_outer: tuple[str, ...]
    split_inner: tuple[str, ...]
    split_min_chars: int
    company_forms: tuple[str, ...]
    branch_suffixes: tuple[str, ...]
    doubled_heads: dict[str, str]
    zone_heads: tuple[str, ...]
    community_after_road: tuple[str, ...]
    function_tags: frozenset[str]
    quantifier_tags: frozenset[str]
    quantity_chars: frozenset[str]
    word_edge_tags: frozenset[str]
    word_start_tags: frozenset[str]
    member_chars: frozenset[str]
    word_min_chars: int

    @classmethod
    def load(cls, data: dict[str, Any]) -> NameSettings:
        return cls(
            designation_words=frozenset(data["designation_words"]),
            heads=_longest_first(data["heads"]),
            weak_heads=frozenset(data["weak_heads"]),
            kind_chars=tuple(data["kind_chars"]),
            plural_words=tuple(data["plural_words"]),
            meeting_heads=_longest_first(data["meeting_heads"]),
            standing_bodies=tuple(data["standing_bodies"]),
            session_marks=tuple((str(a), str(b)) for a, b in data["session_marks"]),
            lead_symbols=frozenset(str(data["lead_symbols"])),
            bound_prefixes=tuple(data["bound_prefixes"]),
            position_tails=_longest_first(data["position_tails"]),
            exit_words=tuple(data["exit_words"]),
            exit_roads=tuple(data["exit_roads"]),
            joiners=frozenset(str(data["joiners"])),
            output_starts=tuple(data["output_starts"]),
            name_heads_after_person=_longest_first(data["name_heads_after_person"]),
            locative_chars=frozenset(str(data["locative_chars"])),
            locative_before=frozenset(str(data["locative_before"])),
            apposition_titles=_longest_first(data["apposition_titles"]),
            post_words=frozenset(data["post_words"]),
            unit_suffixes=tuple(data["unit_suffixes"]),
            event_heads=frozenset(data["meeting_heads"]) | frozenset(data["honour_heads"]),
            event_name_tags=frozenset(data["event_name_tags"]),
            event_max_gap=int(data["event_max_gap"]),
            split_outer=tuple(data["split_outer"]),
            split_inner=tuple(data["split_inner"]),
            split_min_chars=int(data["split_min_chars"]),
            company_forms=_longest_first(data["company_forms"]),
            branch_suffixes=tuple(data["branch_suffixes"]),
            doubled_heads={str(k): str(v) for k, v in data["doubled_heads"].items()},
            zone_heads=_longest_first(data["zone_heads"]),
            community_after_road=tuple(data["community_after_road"]),
            function_tags=frozenset(data["function_tags"]),
            quantifier_tags=frozenset(data["quantifier_tags"]),
            quantity_chars=frozenset(str(data["quantity_chars"])),
            word_edge_tags=frozenset(data["word_edge_tags"]),
            word_start_tags=frozenset(data["word_start_tags"]),
            member_chars=frozenset(str(data["member_chars"])),
            word_min_chars=int(data["word_min_chars"]),
        )


class Vocabulary:
    """jieba's dictionary (frequencies, tags, idioms) and the common-word list."""

    def __init__(self) -> None:
        dt = posseg().dt
        self.tags: dict[str, str] = dt.word_tag_tab
        self.freq: dict[str, int] = dt.tokenizer.FREQ
        self.idioms = frozenset(w for w, t in self.tags.items() if t in ("i", "l") and len(w) >= 4)
        self.common = frozenset(
            line.strip()
            for line in resources.read_text("lexicons", "common_words.txt").splitlines()
            if line.strip() and not line.startswith("#")
        )

    def known(self, word: str) -> bool:
        return self.freq.get(word, 0) > 0


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary()


def _with(m: Mention, start: int, end: int, text: str, type_: str | None = None) -> Mention:
    return Mention(start, end, type_ or m.type, text[start:end], m.score, m.method, m.kind)


@ENTITY_EXTRACTORS.factory("precision")
class PrecisionFilter(EntityComponent):
    """The ``"precision"`` entity component (see the module docstring).

    As an extractor it finds nothing; :meth:`refine` is called by
    :class:`~kg.extract.entities.EntityPipeline` on the candidates of the
    components before it.

    Parameters
    ----------
    checks
        The checks to run, in order; those of ``precision.yaml`` by default.
    """

    name = "precision"

    def __init__(self, checks: Sequence[str] | None = None) -> None:
        self.settings = PrecisionSettings.load()
        self.checks = tuple(checks) if checks is not None else self.settings.checks
        unknown = [c for c in self.checks if c not in CHECKS]
        if unknown:
            raise KGError(f"precision: unknown checks: {', '.join(unknown)}")
        self.vocab = vocabulary()
        self.lex: Lexicon = lexicon()
        # Names the training data labels as entities most of the times they
        # occur (中央电视台): known names, whatever their words.
        self.known_names: dict[str, str] = names().entries
        self.stop: Stoplist = stoplist()

    def extract(self, sentences: Sequence[Sentence]) -> list[list[Mention]]:
        return [[] for _ in sentences]

    def refine(
        self, sentences: Sequence[Sentence], mentions: Sequence[Sequence[Mention]]
    ) -> list[list[Mention]]:
        """The candidates of each sentence that pass every check (cut or retyped)."""
        out = [self._refine_sentence(s.text, ms) for s, ms in zip(sentences, mentions, strict=True)]
        if "nested" in self.checks:
            out = self._nested(sentences, out)
        if "in_name" in self.checks:
            out = self._in_name(sentences, out)
        return out

    def _refine_sentence(self, text: str, mentions: Sequence[Mention]) -> list[Mention]:
        pool = list(mentions)
        for check in self.checks:
            if check == "join":
                pool = self._join(text, pool)
                continue
            method = CHECKS[check]
            if method is None:
                continue
            nxt: list[Mention] = []
            for m in pool:
                if m.kind != "name":
                    nxt.append(m)
                    continue
                nxt.extend(method(self, text, m))
            pool = nxt
        # Two checks can make one span of two mentions (湘 and 赣 of 湘赣公路).
        seen: set[tuple[int, int, str]] = set()
        unique: list[Mention] = []
        for m in pool:
            key = (m.start, m.end, m.type)
            if key not in seen:
                seen.add(key)
                unique.append(m)
        return unique

    # -- boundaries ---------------------------------------------------------

    def _clause(self, text: str, m: Mention) -> list[Mention]:
        """Cut a body or project after the last predicate word inside it."""
        if m.type not in _NAMED_BODIES and m.type != "Place":
            return [m]
        toks = _tokens(m.text)
        cut = 0
        clause = self.settings.clause_words
        for k, tok in enumerate(toks[:-1]):
            if (
                tok.text in clause
                or (len(tok.text) > 2 and tok.text[:2] in clause)
                or (k == 0 and m.type != "Place" and tok.pos in ("p", "c", "r", "d", "ad"))
            ):
                cut = tok.end
        if cut == 0:
            return [m]
        start = m.start + cut
        if m.end - start < 2:
            return []
        new = _with(m, start, m.end, text)
        return [] if self.stop.clean(text, [new]) == [] else [new]

    def _suffix_tail(self, text: str, m: Mention) -> list[Mention]:
        """Cut an organisation that runs past its suffix back to the suffix."""
        if m.type not in ORGANIZATION_TYPES or self.lex.org_type(m.text) is not None:
            return [m]
        for end in range(m.end - 1, m.start + 1, -1):
            found = self.lex.suffix_class(text, end)
            if found is None or end - found[1] < m.start + 1:
                continue
            tail = text[end : m.end]
            toks = _tokens(tail)
            person = (
                2 <= len(tail) <= 3
                and text.startswith(self.stop.positions, m.end)
                and (tail[0] in self.lex.surnames or tail[:2] in self.lex.compound_surnames)
                and all(char_class(c) == "H" for c in tail)
            )
            clause = any(
                t.pos in self.settings.tail_pos or t.text in self.settings.clause_words
                for t in toks
            )
            if not person and (not clause or tail.endswith(self.settings.unit_chars)):
                return [m]  # 某某学会 + 青年委员会: a unit of the body
            out = [_with(m, m.start, end, text, found[0])]
            if person:
                out.append(Mention(end, m.end, "Person", tail, 0.6, "precision:tail"))
            return out
        return [m]

    def _road(self, text: str, m: Mention) -> list[Mention]:
        """A place or person directly followed by a road word is the road (光明 + 二路)."""
        words = self.settings.road_words
        if m.type not in ("Place", "Person") or m.text in self.lex.place_full:
            return [m]
        if m.text.endswith(words):
            return [m]  # 光华路 + 街道 is a subdistrict, not a road 光华路街
        start, k = m.start, m.end
        if m.end - m.start == 1:
            # A run of abbreviations names a road after them (桂 + 黄 + 公路).
            abbr = self.settings.place_abbreviations
            while start > 0 and m.start - start < 2 and text[start - 1] in abbr:
                start -= 1
            while k < len(text) and k - m.end < 2 and text[k] in abbr:
                k += 1
        while k < len(text) and k - m.end < 2 and text[k] in self.settings.road_modifiers:
            k += 1
        for word in words:
            if text.startswith(word, k) and not text.startswith(word + "道", k):
                return [
                    Mention(
                        start,
                        k + len(word),
                        "Place",
                        text[start : k + len(word)],
                        m.score,
                        m.method,
                    )
                ]
        return [m]

    def _geo_feature(self, text: str, m: Mention) -> list[Mention]:
        if m.type != "Place":
            return [m]
        for suffix in self.settings.geo_suffixes:
            if text.startswith(suffix, m.end):
                return [_with(m, m.start, m.end + len(suffix), text)]
        return [m]

    # -- is it a name at all? -----------------------------------------------

    def _generic(self, text: str, m: Mention) -> list[Mention]:
        """Drop a body or project whose words before the suffix name nothing."""
        if m.type == "Place":
            return self._generic_place(m)
        if m.type not in _NAMED_BODIES or m.type == "GovernmentOrganization":
            # A government body is named by its function (科技部); a bare
            # 县委 is a short form the resolver links.
            return [m]
        stem = self._stem(m)
        if stem is None or m.text in self.known_names:
            return [m]
        toks = self._words(stem)
        if m.type == "Project":
            # A place does not make a project specific (吉林省重点项目), and a
            # count before the suffix makes a set of projects (X敬老院4大项目).
            if self._counted(stem):
                return []
            generic = all(self._generic_word(t) or t.text in self.lex.place_level for t in toks)
        else:
            # A body named by ordinary words is still a name (电子科技大学,
            # 神马酒店); it is generic when nothing names it and a modifier
            # says it is a kind (高水平大学, 国家重点实验室) — or when there is
            # nothing before the suffix at all (有限公司).
            generic = not toks or (
                not any(self._naming(t, k) for k, t in enumerate(toks))
                and any(self._modifier(t.text) for t in toks)
            )
        if not generic:
            return [m]
        # A place the project or body swallowed (吉林省 + 大型重点项目) is
        # still a place.
        places = self.lex.places(m.text)
        if places and places[0][0] == 0:
            _, e, _ = places[0]
            return [Mention(m.start, m.start + e, "Place", m.text[:e], m.score, m.method)]
        return []

    def _generic_place(self, m: Mention) -> list[Mention]:
        """Drop a place whose words before its place-type suffix name nothing (平房区)."""
        if m.text in self.known_names or m.text in self.lex.place_level:
            return [m]
        suffix = next((x for x in self.settings.place_suffixes if m.text.endswith(x)), None)
        if suffix is None:
            return [m]
        toks = self._words(m.text[: -len(suffix)])
        if any(self._naming(t, k) for k, t in enumerate(toks)):
            return [m]
        return []

    def _stem(self, m: Mention) -> str | None:
        """The text before the (longest) suffix of the mention's class, if any."""
        if m.type == "Project":
            for suffix in ("项目", "工程", "基地", "园区", "产业园", "生产线", "综合体"):
                if m.text.endswith(suffix):
                    return m.text[: -len(suffix)]
            return None
        found = self.lex.suffix_class(m.text, len(m.text))
        if found is None:
            return None  # the tagger's own judgment (攀钢): common_word looks at it
        return m.text[: len(m.text) - found[1]]

    def _words(self, stem: str) -> tuple[Token, ...]:
        return _dictionary_words(stem)

    @staticmethod
    def _uncached_words(stem: str) -> tuple[Token, ...]:
        """jieba's dictionary words of ``stem``; a run of single characters is one unknown word.

        Without jieba's HMM an unknown name (鑫嘉源) falls apart into single
        characters; such a run of two or more is taken back together.
        """
        out: list[Token] = []
        run: list[Token] = []
        offset = 0

        def flush() -> None:
            if len(run) >= 2:
                text = "".join(t.text for t in run)
                out.append(Token(run[0].start, run[-1].end, text, "OOV"))
            else:
                out.extend(run)
            run.clear()

        for pair in posseg().cut(stem, HMM=False):
            tok = Token(offset, offset + len(pair.word), pair.word, pair.flag)
            offset = tok.end
            if (
                len(tok.text) == 1
                and char_class(tok.text) == "H"
                and tok.text not in _JOINING_CHARS
            ):
                run.append(tok)
                continue
            flush()
            out.append(tok)
        flush()
        return tuple(out)

    def _generic_word(self, tok: Token) -> bool:
        return (
            self._generic_compound(tok.text)
            or tok.pos in self.settings.number_pos
            or all(c in _NUMERALS for c in tok.text)
            or all(char_class(c) in ("D", "P") or c.isspace() for c in tok.text)
        )

    def _modifier(self, word: str) -> bool:
        """Is ``word`` made of `generic_words` of precision.yaml only (全国, 高水平)?"""
        # One character (小, 新) is as often the start of a brand (小神马酒店).
        return len(word) >= 2 and self._split_into(word, self.settings.modifiers)

    def _counted(self, stem: str) -> bool:
        """Does ``stem`` end in a count (X敬老院4大, 十大)?"""
        measures = self.settings.count_measures
        k = 0
        while k < len(stem) and stem[k] in _NUMERALS and stem[k] not in measures:
            k += 1
        if 0 < k < len(stem) and stem[k] in measures:
            return True  # 7项X工程: seven projects
        stem = stem.rstrip("".join(measures))
        return bool(stem) and stem[-1] in _NUMERALS and stem[-1] != "上"

    def _generic_compound(self, word: str) -> bool:
        """Is ``word`` one or more generic words in a row (公共服务 = 公共 + 服务)?"""
        return self._split_into(word, self.settings.generic_words)

    @staticmethod
    def _split_into(word: str, generic: frozenset[str]) -> bool:
        if word in generic:
            return True
        ok = [True] + [False] * len(word)
        for end in range(1, len(word) + 1):
            ok[end] = any(
                ok[start] and word[start:end] in generic for start in range(max(0, end - 4), end)
            )
        return ok[-1]

    def _naming(self, tok: Token, index: int) -> bool:
        if index == 0 and tok.text in self.settings.naming_prefixes:
            return True
        if self.lex.places(tok.text) or tok.text in self.lex.place_level:
            return True
        if tok.pos in self.settings.name_pos:
            # jieba tags many common words nr (高水平, 宿舍楼).
            return tok.text not in self.vocab.common
        if len(tok.text) >= 3 and any(
            self.vocab.tags.get(tok.text[:k]) in self.settings.name_pos
            and tok.text[:k] not in self.vocab.common
            for k in (2, 3)
            if k < len(tok.text)
        ):
            return True  # 华为技术: a dictionary word that starts with a name
        if tok.pos == "OOV" and not all(
            self._generic_word(Token(0, 1, c, self.vocab.tags.get(c, "x"))) for c in tok.text
        ):
            return True  # an unknown word: mostly a name (鑫嘉源)
        return any(char_class(c) == "L" for c in tok.text)

    def _one_char_place(self, text: str, m: Mention) -> list[Mention]:
        """Keep a one-character place only where it is an abbreviation used as one.

        It is a fragment when it belongs to
        a dictionary word with its neighbours that names something else or is
        a common noun (苏 of 苏州, 华 of 华为, 中 of 中药材), or when a run of
        abbreviations forms a region's name (粤港澳大湾区).
        """
        if m.type != "Place" or m.end - m.start != 1:
            return [m]
        s = self.settings
        if text.startswith(s.abbreviation_after, m.end):
            return [m]
        a, b = m.start, m.end
        while a > 0 and text[a - 1] in s.place_abbreviations:
            a -= 1
        while b < len(text) and text[b] in s.place_abbreviations:
            b += 1
        if b - a >= 2 and text.startswith(s.region_after, b):
            return []
        for start in range(max(0, m.start - 2), m.start + 1):
            for end in range(max(m.end, start + 2), min(len(text), start + 3) + 1):
                word = text[start:end]
                if all(c in s.place_abbreviations for c in word):
                    continue  # 中美, 京沪: abbreviations side by side
                if self.vocab.tags.get(word) in s.fragment_pos:
                    return []
        return [m]

    def _common_word(self, text: str, m: Mention) -> list[Mention]:
        if m.text not in self.vocab.common:
            return [m]
        if m.type in ("Person", "Place"):
            return []
        # A body the tagger found without any suffix (依托) that is a common word.
        suffixless = m.type in ORGANIZATION_TYPES and self.lex.org_type(m.text) is None
        return [] if suffixless else [m]

    def _idiom(self, text: str, m: Mention) -> list[Mention]:
        """Drop a person or place that is, or lies inside, an idiom of the text."""
        if m.type not in ("Person", "Place"):
            return [m]
        idioms = self.vocab.idioms
        if m.text in idioms:
            return []
        longest = self.settings.idiom_max_chars
        for start in range(max(0, m.end - longest), m.start + 1):
            for end in range(max(m.end, start + 4), min(len(text), start + longest) + 1):
                if (end - start) > (m.end - m.start) and text[start:end] in idioms:
                    return []
        return [m]

    def _title(self, text: str, m: Mention) -> list[Mention]:
        depth = 0
        for c in text[: m.start]:
            if c == "《":
                depth += 1
            elif c == "》" and depth:
                depth -= 1
        if depth == 0:
            return [m]
        whole = m.start > 0 and text[m.start - 1] == "《" and text.startswith("》", m.end)
        return [m] if whole and m.type in ORGANIZATION_TYPES else []

    def _quoted_person(self, text: str, m: Mention) -> list[Mention]:
        """A "person" in quotation marks is a word being quoted (‘谢谢’, “创业沙龙”)."""
        if m.type != "Person":
            return [m]
        for pair in self.settings.quote_pairs:
            opening, closing = pair[0], pair[-1]
            start = text.rfind(opening, 0, m.start)
            if start < 0 or m.start - start > self.settings.quote_max_chars:
                continue
            end = text.find(closing, m.end)
            if end < 0 or end - m.end > self.settings.quote_max_chars:
                continue
            inside = text[start + 1 : end]
            if closing not in text[start + 1 : m.start] and all(
                char_class(c) == "H" for c in inside
            ):
                return []
        return [m]

    def _place_person(self, text: str, m: Mention) -> list[Mention]:
        if m.type == "Person" and m.text in self.lex.place_level:
            return [_with(m, m.start, m.end, text, "Place")]
        return [m]

    # -- names versus designations, events and edges -----------------------

    def _head(self, name: str) -> str | None:
        """The name's head of ``names.heads``, if it is a word of its own (团, not of 集团)."""
        head = next((h for h in self.settings.names.heads if name.endswith(h)), None)
        if head is None:
            return None
        words = _dictionary_words(name)
        if not words or len(words[-1].text) <= len(head):
            return head
        # 专家团 is one dictionary word but 专家 + 团; 集团 is no 集 + 团.
        rest = words[-1].text[: -len(head)]
        return head if len(rest) >= 2 and self.vocab.known(rest) else None

    def _designation(self, text: str, m: Mention) -> list[Mention]:
        """Drop a project or body named only by descriptive and designation words.

        市级蔬菜标准化种植基地 and X县现代渔业园区 are designations or
        programmes; 光电产业园 (no designation word) and 鑫茂源茶叶示范园 (an
        unknown word names it) stay.  A weak head (联盟, 团, 团队) needs a name
        part whether or not a designation word is there (技术联盟, 专家团).
        """
        ns = self.settings.names
        zone = m.type == "Place" and m.text.endswith(ns.zone_heads)
        if (m.type not in _NAMED_BODIES and not zone) or m.type == "GovernmentOrganization":
            return [m]
        if m.text in self.known_names or m.text in self.lex.place_level:
            return [m]
        head = self._head(m.text)
        if zone:
            head = next(h for h in ns.zone_heads if m.text.endswith(h))
        stem = m.text[: -len(head)] if head is not None else self._stem(m)
        if stem is None:
            return [m]
        if stem.endswith(ns.kind_chars) and len(stem) >= 2:
            return []  # 服务型公司: a kind of company
        toks = list(self._words(stem))
        designated = m.type in ("Project", "Place") and any(
            d in t.text for t in toks for d in ns.designation_words
        )
        # An administrative place or a date at the start locates the
        # designation; it does not name it (X省重点项目, X县现代渔业园区).
        located = False
        while toks and (toks[0].text in self.lex.place_full or self._generic_word(toks[0])):
            located = located or toks[0].text in self.lex.place_full
            toks.pop(0)
        # A body may start with its scope (全国X中心 is a body); only the words
        # after it make it a designation.
        designated = designated or any(d in t.text for t in toks for d in ns.designation_words)
        if (
            not designated
            and not located
            and m.type in ORGANIZATION_TYPES
            and self._no_trade_name(toks)
        ):
            return []  # 医药化工公司: a line of business and no trade name
        if not designated and (head not in ns.weak_heads or located):
            return [m]  # X省戏曲学校: a place names a school
        if not designated:
            # A group is named by any name-like word (阿拉伯 + 联盟), as bodies are.
            return [m] if any(self._naming(t, k) for k, t in enumerate(toks)) else []
        return [m] if any(self._proper(t) for t in toks) else []

    def _proper(self, tok: Token) -> bool:
        """Is ``tok`` a proper-name part: a place, a name-tagged or unknown word, Latin?"""
        if self.lex.places(tok.text) or tok.text in self.lex.place_level:
            return True
        if tok.pos in self.settings.name_pos and not tok.pos.startswith("nr"):
            # jieba's person tags sit on many common words (青少年, 科普).
            return tok.text not in self.vocab.common
        if tok.pos == "OOV":
            return not all(
                self._generic_word(Token(0, 1, c, self.vocab.tags.get(c, "x"))) for c in tok.text
            )
        return any(char_class(c) == "L" for c in tok.text)

    def _no_trade_name(self, toks: Sequence[Token]) -> bool:
        """Are the words of a company's stem only lines of business (新能源 + 科技)?"""
        lines = frozenset(business_words())
        return bool(toks) and all(self._generic_word(t) or t.text in lines for t in toks)

    def _plural(self, text: str, m: Mention) -> list[Mention]:
        """Drop a body or project that names a set of them (各市县基层协会)."""
        if m.type not in _NAMED_BODIES:
            return [m]
        plural = self.settings.names.plural_words
        return [] if any(m.text.find(w) > 0 for w in plural) else [m]

    def _meeting(self, text: str, m: Mention) -> list[Mention]:
        """Meetings are events, not bodies (全省代表大会, 十八届三中全会)."""
        if m.type not in ORGANIZATION_TYPES:
            return [m]
        ns = self.settings.names
        if m.text.endswith(ns.standing_bodies):
            return [m]
        if m.text.endswith(ns.meeting_heads):
            return []
        for mark, count in ns.session_marks:
            k = m.text.find(mark)
            if k > 0 and m.text[k - 1] in _NUMERALS and count in m.text[k:]:
                return []  # X届X次: a session of a body is a meeting
        return [m]

    def _lead(self, text: str, m: Mention) -> list[Mention]:
        """Strip lead symbols (▲X项目), a project's leading date and doubled head (X项目工程)."""
        ns = self.settings.names
        k = m.start
        while k < m.end and text[k] in ns.lead_symbols:
            k += 1
        if m.type == "Project":
            j = k
            while j < m.end and text[j] in _NUMERALS:
                j += 1
            if j - k >= 2 and text.startswith("年", j):
                k = j + 1
                if text.startswith("度", k):
                    k += 1
        end = m.end
        if m.type == "Project":
            doubled = next((d for d in ns.doubled_heads if m.text.endswith(d)), None)
            if doubled is not None:
                end -= len(ns.doubled_heads[doubled])
        if (k, end) == (m.start, m.end):
            return [m]
        return [] if end - k < 2 else [_with(m, k, end, text)]

    def _position(self, text: str, m: Mention) -> list[Mention]:
        """Boundary descriptions and spots on roads are no places (东至X, X路平交口)."""
        if m.type not in ("Place", "Project") and m.type not in ORGANIZATION_TYPES:
            return [m]
        ns = self.settings.names
        start, end = m.start, m.end
        prefix = next((p for p in ns.bound_prefixes if m.text.startswith(p)), None)
        if prefix is not None:
            start += len(prefix)
        name = text[start:end]
        tail = next((t for t in ns.position_tails if name.endswith(t)), None)
        if tail is not None:
            end -= len(tail)
            while end > start and text[end - 1] in self.settings.road_modifiers:
                end -= 1  # X路 + 东 + 平交口 is still X路
        elif text.startswith(ns.exit_words, end):
            # X高速 + Y北 + 出口: the exit's name is no place; the road is.
            name = text[start:end]
            ends = [name.rfind(w) + len(w) for w in ns.exit_roads if w in name]
            cut = max(ends, default=0)
            if 0 < cut < len(name):
                end = start + cut
        if (start, end) == (m.start, m.end):
            return [m]
        rest = text[start:end]
        if len(rest) < 2 or (tail is not None and not rest.endswith(self.settings.road_words)):
            return []  # 东至 alone; a spot on no named road
        if end != m.end:
            return [_with(m, start, end, text, "Place")]  # cut back to the road
        return [_with(m, start, end, text)]

    def _apposition(self, text: str, m: Mention) -> list[Mention]:
        """A body after a title (明星企业X公司) starts after the title."""
        if m.type not in ORGANIZATION_TYPES:
            return [m]
        for title in self.settings.names.apposition_titles:
            k = m.text.find(title)
            if k < 0:
                continue
            start = m.start + k + len(title)
            rest = text[start : m.end]
            head = self.lex.suffix_class(rest, len(rest)) or (
                (self._head(rest) or "", len(self._head(rest) or ""))
            )
            if head[1] and len(rest) - head[1] >= 2:
                return [_with(m, start, m.end, text)]
        return [m]

    def _post_tail(self, text: str, m: Mention) -> list[Mention]:
        """A body whose last character starts a post (X场厂 + 长) ends before it."""
        if m.type not in ORGANIZATION_TYPES or m.end - m.start < 4:
            return [m]
        if text[m.end - 1 : m.end + 1] not in self.settings.names.post_words:
            return [m]
        # Only where the name without that character still ends in a suffix
        # (X种猪场场 + 长); 商务部 + 长 is the body's own suffix.
        if not m.text[:-1].endswith(self.settings.names.unit_suffixes):
            return [m]
        return [_with(m, m.start, m.end - 1, text)]

    def _locative(self, text: str, m: Mention) -> list[Mention]:
        """A person ending in a locative after 除/在 (除X外) is a place phrase."""
        ns = self.settings.names
        if (
            m.type == "Person"
            and m.text[-1] in ns.locative_chars
            and m.start > 0
            and text[m.start - 1] in ns.locative_before
        ):
            return []
        return [m]

    def _word_edge(self, text: str, m: Mention) -> list[Mention]:
        """A name that starts inside a word, or ends inside a common word, is a fragment.

        A project that starts inside a word takes the word (新建 + 年产…项目).
        """
        ns = self.settings.names
        if m.end - m.start < ns.word_min_chars:
            return [m]
        words = _sentence_words(text)
        first = _word_at(words, m.start)
        if first is not None and first.start < m.start:
            if m.type == "Project":
                return [_with(m, first.start, m.end, text)] if m.start - first.start <= 2 else [m]
            if first.pos in ns.word_start_tags and (
                m.type in ("Person", "Place") or m.type in ORGANIZATION_TYPES
            ):
                return []
        last = _word_at(words, m.end)
        if (
            last is not None
            and last.start < m.end < last.end
            and (
                last.start > m.start
                # A whole name at the start of a word (马克思 + 主义) is a name;
                # an unknown one (研究报 of 研究报告) is not.
                or (len(m.text) >= 3 and not self.vocab.known(m.text))
            )
            and last.pos in ns.word_edge_tags
            and (m.type in ("Person", "Place") or m.type in ORGANIZATION_TYPES)
        ):
            posts = self.stop.positions + tuple(ns.post_words)
            if m.type in ORGANIZATION_TYPES and (
                last.text.endswith(posts)
                or text.startswith(posts, m.end)
                or text[m.end - 1 : m.end + 1] in ns.post_words
                or text[m.end] in ns.member_chars
            ):
                return [m]  # 大学 + 校长, X队 + 员: a post or a member of the body
            return []
        return [m]

    def _in_event(self, text: str, m: Mention) -> list[Mention]:
        """A place that starts the name of an event or honour is part of it.

        中国 + 国际茶叶 + 博览会, X山 + 学者: the words up to the head are
        nouns of the name (no verb, no punctuation), at most
        ``event_max_gap`` characters.
        """
        if m.type != "Place" or m.text in self.lex.place_full:
            return [m]  # X省 + 金奖: a province is the level of an honour, and a place
        ns = self.settings.names
        words = _sentence_words(text)
        k = m.end
        while k - m.end <= ns.event_max_gap and k < len(text):
            word = _word_at(words, k)
            if word is None or word.start != k:
                return [m]
            if word.text in ns.event_heads:
                return []
            if word.pos not in ns.event_name_tags:
                return [m]
            k = word.end
        return [m]

    def _split_place(self, text: str, m: Mention) -> list[Mention]:
        """A subdistrict or town run into the community or road in it is two places.

        X街道 + Y社区, X镇 + Y路: each is a place of its own.
        """
        if m.type != "Place":
            return [m]
        ns = self.settings.names
        name = m.text
        for outer in ns.split_outer:
            k = name.find(outer)
            while k >= 0:
                cut = k + len(outer)
                inner = name[cut:]
                if (
                    cut >= ns.split_min_chars
                    and len(inner) >= ns.split_min_chars
                    and inner.endswith(ns.split_inner)
                ):
                    end = m.end
                    after = next(
                        (c for c in ns.community_after_road if text.startswith(c, end)), ""
                    )
                    if inner.endswith(self.settings.road_words):
                        end += len(after)  # X街道 + Y南路 + 社区: the community named by its road
                    return [
                        _with(m, m.start, m.start + cut, text),
                        _with(m, m.start + cut, end, text),
                    ]
                k = name.find(outer, k + 1)
        return [m]

    def _company_unit(self, text: str, m: Mention) -> list[Mention]:
        """A company run into a unit of it (X有限公司 + Y种猪场) is the company and the unit.

        Branches (分公司, 分厂) are part of the company's name and stay whole.
        """
        if m.type not in ORGANIZATION_TYPES:
            return [m]
        ns = self.settings.names
        for form in ns.company_forms:
            k = m.text.find(form)
            if k <= 0:
                continue
            cut = k + len(form)
            unit = m.text[cut:]
            if (
                len(unit) >= ns.split_min_chars
                and unit.endswith(ns.unit_suffixes)
                and not unit.endswith(ns.branch_suffixes)
            ):
                company = _with(m, m.start, m.start + cut, text, "Company")
                return [company, _with(m, m.start + cut, m.end, text, "Organization")]
        return [m]

    def _function_place(self, text: str, m: Mention) -> list[Mention]:
        """A place with a one-character function word in it (X + 以 + 村) is no name."""
        if m.type != "Place" or m.text in self.lex.place_level or m.text in self.known_names:
            return [m]
        tags = self.settings.names.function_tags
        words = _sentence_words(m.text)
        if any(len(w.text) == 1 and w.pos in tags for w in words):
            return []
        # 很多 + 村: a stem of adverbs and numerals that counts names nothing.
        ns = self.settings.names
        stem = words[:-1]
        counted = any(c in ns.quantity_chars for w in stem for c in w.text)
        return [] if counted and all(w.pos in ns.quantifier_tags for w in stem) else [m]

    def _join(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Projects that touch are one (X工程 + Y基地), and so is 年产N吨X + 及Y项目."""
        ns = self.settings.names
        projects = sorted((m for m in mentions if m.type == "Project"), key=lambda m: m.start)
        joined: dict[int, Mention] = {}
        used: set[int] = set()
        for a in projects:
            if id(a) in used:
                continue
            cur = a
            for b in projects:
                if b is cur or id(b) in used or b.end <= cur.end:
                    continue
                gap = text[cur.end : b.start]
                touching = b.start == cur.end and self._head(cur.text) is not None
                output = (
                    len(gap) == 1
                    and gap in ns.joiners
                    and cur.text.startswith(ns.output_starts)
                    and self._head(cur.text) is None
                    and self._head(b.text) is not None
                )
                if touching or output:
                    used.add(id(b))
                    cur = _with(cur, cur.start, b.end, text)
            if cur is not a:
                joined[id(a)] = cur
        if not joined:
            return mentions
        out: list[Mention] = []
        for m in mentions:
            if id(m) in used:
                continue
            out.append(joined.get(id(m), m))
        # A place inside a joined project is part of its name (X工程 + Y示范基地).
        spans = [(j.start, j.end) for j in joined.values()]
        return [
            m
            for m in out
            if m.type != "Place" or not any(a <= m.start and m.end <= b for a, b in spans)
        ]

    def _in_name(
        self, sentences: Sequence[Sentence], found: list[list[Mention]]
    ) -> list[list[Mention]]:
        """People directly followed by a name's head (何X何Y + 基金) are part of that name.

        They stay where the article also names them alone.  A body that
        starts inside such a run (何Y + 基金评审委员会) takes the run's start.
        """
        alone: dict[str, set[str]] = defaultdict(set)
        runs: list[list[tuple[int, int]]] = []
        for s, ms in zip(sentences, found, strict=True):
            people = sorted((m for m in ms if m.type == "Person"), key=lambda m: m.start)
            spans: list[tuple[int, int]] = []
            k = 0
            while k < len(people):
                j = k
                while j + 1 < len(people) and people[j + 1].start == people[j].end:
                    j += 1
                start, end = people[k].start, people[j].end
                if self._name_head_after(s.text, end):
                    spans.append((start, end))
                else:
                    alone[s.article_id].update(p.text for p in people[k : j + 1])
                k = j + 1
            runs.append(spans)
        out: list[list[Mention]] = []
        for s, ms, spans in zip(sentences, found, runs, strict=True):
            if not spans:
                out.append(ms)
                continue
            row: list[Mention] = []
            for m in ms:
                run = next((r for r in spans if r[0] <= m.start <= r[1]), None)
                if run is None:
                    row.append(m)
                elif m.type == "Person":
                    if m.text in alone[s.article_id]:
                        row.append(m)
                elif m.start > run[0] and m.end > run[1]:
                    row.append(_with(m, run[0], m.end, s.text))
                else:
                    row.append(m)
            out.append(row)
        return out

    def _name_head_after(self, text: str, end: int) -> bool:
        """Does a name's head (基金, 奖) follow ``end``, as a word, maybe after a second name?

        The tagger may have missed the second founder (何X + 何Y + 基金): up
        to two characters starting with a surname may come first.
        """
        heads = self.settings.names.name_heads_after_person
        words = _sentence_words(text)
        for k in (end, end + 2, end + 3):
            if k >= len(text):
                break
            if k > end and not (
                text[end] in self.lex.surnames and all(char_class(c) == "H" for c in text[end:k])
            ):
                continue
            word = _word_at(words, k)
            if word is not None and word.start == k and word.text in heads:
                return True
        return False

    # -- across an article ---------------------------------------------------

    def _shared_stem(self, text: str, m: Mention, longer: dict[str, str]) -> Mention | None:
        """The name ``m`` starts when the text goes on as a longer name of its article does.

        中国 + 钢研与… where the article names 中国钢研报: the text after the
        place goes on as that name does for at least ``nested_min_chars`` more
        characters (钢研), and the longer name has at most ``nested_max_rest``
        characters more (报), so the place is the start of a body's name; the
        shared part (中国钢研) is taken as that body, with the longer name's
        class family.
        """
        if m.type != "Place":
            return None
        rest = text[m.start :]
        need = len(m.text) + self.settings.nested_min_chars
        best, kind = "", "Organization"
        for n in longer:
            if len(n) < need or not n.startswith(m.text) or not rest.startswith(n[:need]):
                continue
            k = need
            while k < len(n) and k < len(rest) and n[k] == rest[k]:
                k += 1
            if k > len(best) and len(n) - k <= self.settings.nested_max_rest:
                best, kind = n[:k], longer[n]
        if not best:
            return None
        type_ = kind if best in longer else "Organization"
        return _with(m, m.start, m.start + len(best), text, type_)

    def _nested(
        self, sentences: Sequence[Sentence], found: list[list[Mention]]
    ) -> list[list[Mention]]:
        """A place or person that begins a longer name of its article is that name.

        When the text here does not give the whole longer name, but goes on
        as it does, the shared part is the name (:meth:`_shared_stem`).
        """
        names: dict[str, dict[str, str]] = defaultdict(dict)
        for s, ms in zip(sentences, found, strict=True):
            for m in ms:
                if m.kind == "name" and m.type in ORGANIZATION_TYPES and len(m.text) >= 3:
                    names[s.article_id].setdefault(m.text, m.type)
        out: list[list[Mention]] = []
        for s, ms in zip(sentences, found, strict=True):
            longer = names.get(s.article_id, {})
            row: list[Mention] = []
            for m in ms:
                if m.kind == "name" and m.type in ("Place", "Person"):
                    best = max(
                        (
                            n
                            for n in longer
                            if len(n) > len(m.text)
                            and n.startswith(m.text)
                            and s.text.startswith(n, m.start)
                            and not any(
                                o is not m and o.start < m.start + len(n) and m.start < o.end
                                for o in ms
                            )
                        ),
                        key=len,
                        default=None,
                    )
                    if best is not None:
                        m = _with(m, m.start, m.start + len(best), s.text, longer[best])
                    else:
                        stem = self._shared_stem(s.text, m, longer)
                        if stem is not None:
                            if any(
                                o is not m and o.start < stem.end and stem.start < o.end for o in ms
                            ):
                                continue  # inside a name found here: the place is a fragment
                            m = stem
                row.append(m)
            out.append(row)
        return out


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[Token, ...]:
    """jieba's words of a candidate; names recur, so each is cut once."""
    return tuple(tokenize(text))


@lru_cache(maxsize=4096)
def _sentence_words(text: str) -> tuple[Token, ...]:
    """jieba's dictionary cut of a sentence (no HMM: unknown names stay in pieces)."""
    out: list[Token] = []
    offset = 0
    for pair in posseg().cut(text, HMM=False):
        out.append(Token(offset, offset + len(pair.word), pair.word, pair.flag))
        offset += len(pair.word)
    return tuple(out)


def _word_at(words: Sequence[Token], pos: int) -> Token | None:
    """The word that holds the character at ``pos`` (binary search over ``words``)."""
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi) // 2
        if words[mid].end <= pos:
            lo = mid + 1
        else:
            hi = mid
    return words[lo] if lo < len(words) and words[lo].start <= pos else None


@lru_cache(maxsize=65536)
def _dictionary_words(stem: str) -> tuple[Token, ...]:
    return PrecisionFilter._uncached_words(stem)


_Check = Callable[[PrecisionFilter, str, Mention], list[Mention]]

#: Per-mention checks by name; ``nested`` works across an article (``None`` here).
CHECKS: dict[str, _Check | None] = {
    "clause": PrecisionFilter._clause,
    "suffix_tail": PrecisionFilter._suffix_tail,
    "geo_feature": PrecisionFilter._geo_feature,
    "road": PrecisionFilter._road,
    "generic": PrecisionFilter._generic,
    "one_char_place": PrecisionFilter._one_char_place,
    "common_word": PrecisionFilter._common_word,
    "idiom": PrecisionFilter._idiom,
    "title": PrecisionFilter._title,
    "place_person": PrecisionFilter._place_person,
    "quoted_person": PrecisionFilter._quoted_person,
    "designation": PrecisionFilter._designation,
    "plural": PrecisionFilter._plural,
    "meeting": PrecisionFilter._meeting,
    "lead": PrecisionFilter._lead,
    "position": PrecisionFilter._position,
    "apposition": PrecisionFilter._apposition,
    "post_tail": PrecisionFilter._post_tail,
    "locative": PrecisionFilter._locative,
    "word_edge": PrecisionFilter._word_edge,
    "in_event": PrecisionFilter._in_event,
    "split_place": PrecisionFilter._split_place,
    "company_unit": PrecisionFilter._company_unit,
    "function_place": PrecisionFilter._function_place,
    "nested": None,
    "in_name": None,
    "join": None,
}
