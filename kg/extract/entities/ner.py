"""The ``"ner"`` component: the CRF and the rules, combined.

Both see the same jieba segmentation (computed once per sentence).  Then:

1. CRF Organization mentions get the class of their suffix (``org_types.yaml``);
   a Place (or a suffix-less Organization) that is two known places in a
   row is split (河北保定 -> 河北, 保定);
2. rule mentions are reconciled with the CRF's (:func:`reconcile`): the CRF,
   trained on real boundaries, decides where a name starts; rules decide its
   class and may extend it rightwards to a suffix (东湖区 + 商务局) or add a
   name the CRF did not see.  Projects, which the CRF never tags, are kept
   as the rules found them;
3. people listed beside a CRF person (王明、李强) are people too when they
   start with a surname;
   The company lexicon (:mod:`.companies`) is one of these rule sources:
   its Company replaces the tagger's person or place of the same span
   (西门子 is no person);
4. the stoplist drops generic nouns, positions, anaphors and 《titles》 from
   the pool *before* merging, so a dropped long span cannot hide a good
   shorter one;
5. :func:`merge_mentions` settles what still overlaps (longest span first);
6. per article, the short forms of its full company names (华星 of
   华星科技有限公司) are companies wherever the article uses them
   (:func:`.companies.add_short_forms`).

Examples
--------
>>> text = "国务院总理李强在北京会见了美国国务卿。"
>>> [(m.text, m.type) for m in NERComponent().extract_text(text)]
[('国务院', 'GovernmentOrganization'), ('李强', 'Person'), ('北京', 'Place'), ('美国', 'Place')]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kg.components import ENTITY_EXTRACTORS
from kg.extract.entities import EntityComponent, merge_mentions
from kg.extract.entities.companies import add_short_forms, company_lexicon, company_lists
from kg.extract.entities.ensemble import EnsembleTagger
from kg.extract.entities.features import char_class, segment
from kg.extract.entities.gazetteer import lexicon
from kg.extract.entities.rules import (
    RuleMatcher,
    Token,
    over_people_methods,
    project_suffixes,
    refine_type,
    stoplist,
)
from kg.types import ORGANIZATION_TYPES, Mention, Sentence

__all__ = [
    "NERComponent",
    "CRFNERComponent",
    "reconcile",
    "settle_units",
    "trim_span",
    "RULE_ONLY_TYPES",
]

#: Classes only rules find; the CRF has no say about their boundaries.
RULE_ONLY_TYPES: frozenset[str] = frozenset({"Project"})


def reconcile(text: str, crf: Sequence[Mention], rules: Sequence[Mention]) -> list[Mention]:
    """CRF mentions plus the rule mentions that agree with them (see the module docstring).

    Examples
    --------
    >>> text = "记者从东湖区商务局获悉"
    >>> crf = [Mention(3, 6, "Place", "东湖区")]
    >>> rules = [Mention(2, 9, "GovernmentOrganization", "从东湖区商务局")]
    >>> [(m.text, m.type) for m in reconcile(text, crf, rules)]
    [('东湖区', 'Place'), ('东湖区商务局', 'GovernmentOrganization')]
    """
    out = list(crf)
    for r in rules:
        overlapping = [c for c in crf if c.start < r.end and r.start < c.end]
        if r.method in over_people_methods():
            # 甲乙 + 基金: a fund named after people; they are part of its name.
            # Without people in it the rule has no say (科创基金 is a kind of fund).
            people = [c for c in overlapping if c.type == "Person"]
            if people and all(r.start <= c.start and c.end <= r.end for c in overlapping):
                out = [m for m in out if m not in overlapping]
                out.append(r)
            continue
        if not overlapping or r.type in RULE_ONLY_TYPES:
            out.append(r)
            continue
        clash = [c for c in overlapping if _family(c.type) != _family(r.type)]
        if (
            clash
            and all(r.start <= c.start and c.end <= r.end for c in clash)
            and any(c.end == r.end for c in clash)
            and not any(c.type == "Place" and (c.start, c.end) == (r.start, r.end) for c in clash)
        ):
            # The CRF calls a span ending in 酒店 or 路 a person: the suffix is
            # stronger evidence than the CRF, so its spans inside give way.  A
            # place of exactly the rule's span stays a place (a hall, a tower).
            out = [m for m in out if m not in clash]
            out.append(r)
            continue
        if _unsure_person_before_suffix(clash, r):
            # 华星 + 科技: a name the tagger doubted was a person, followed by
            # no more than the organisation's suffix, is the organisation's name.
            out = [m for m in out if m not in clash]
            out.append(r)
            continue
        if any(c.type == "Person" for c in clash):
            # A person the CRF found inside, not at the suffix: the rule grew
            # over a clause (李强带队走村), not over a name.
            continue
        if _unsure_tail(overlapping, r):
            # 甲乙与丙丁 + 实验室: the tagger doubted a name that is only the rule's
            # tail (it stopped at a joiner the rule crossed); the rule's start wins.
            out = [m for m in out if m not in overlapping]
            out.append(r)
            continue
        if any(c.end >= r.end for c in overlapping):
            # The CRF saw a name ending here (or running past the rule's end):
            # its boundaries stand, the rule only contributes the class.
            out = [
                Mention(m.start, m.end, r.type, m.text, m.score, m.method, m.kind)
                if m.type == "Organization" and m in overlapping and m.end == r.end
                else m
                for m in out
            ]
            continue
        if r.type != "GovernmentOrganization" and _bare_suffix(text, overlapping, r):
            # 墨西哥 + 银行: the CRF saw a place and a common noun after it
            # ("a Mexican bank"), not a bank's name; a body after a place
            # (东湖区 + 法院) is the place's own.
            continue
        start = min(c.start for c in overlapping)
        out.append(Mention(start, r.end, r.type, text[start : r.end], r.score, r.method, r.kind))
    return out


#: The most characters a suffix rule may add after an unsure person
#: (:func:`_unsure_person_before_suffix`), and how unsure the person must be.
_SUFFIX_AFTER_PERSON = 4
_UNSURE_PERSON = 0.9


#: Rules whose places are units of a chain (entity_rules.yaml, ``chain: true``).
_UNIT_METHODS: frozenset[str] = frozenset({"rules:subdistrict"})


def settle_units(pool: Sequence[Mention], units: Sequence[Mention]) -> list[Mention]:
    """Let chained place units (甲乙街道丙丁社区) override the spans that run across them.

    The tagger reads a chain of units as one place, or cuts it in the middle
    (甲乙街道丙丁); the units' suffixes are better evidence.  A place, or an
    organisation without any organisation suffix, that overlaps a unit
    without being it gives way to the unit, unless it is that unit and more
    of its own name after it (甲乙村 + 广场).  An organisation that opens with
    two or more units (甲乙街道丙丁社区党支部) keeps only the last one in its name:
    the units before it are its address, and become places of their own.

    Examples
    --------
    >>> pool = [Mention(0, 6, "Place", "甲乙街道丙丁")]
    >>> units = [Mention(0, 4, "Place", "甲乙街道"), Mention(4, 8, "Place", "丙丁社区")]
    >>> [m.text for m in settle_units(pool, units)]
    ['甲乙街道', '丙丁社区']
    """
    if not units:
        return list(pool)
    lex = lexicon()
    # A unit over a person the tagger found is a clause (李强带队走村), no unit.
    people = [m for m in pool if m.type == "Person"]
    units = [
        u
        for u in units
        if not any(p.start < u.end and u.start < p.end for p in people) and not _glued(u.text)
    ]
    starts = {u.start: u for u in units}
    out: list[Mention] = []
    for m in pool:
        if m in units:
            continue
        crossing = [u for u in units if u.start < m.end and m.start < u.end]
        if not crossing:
            out.append(m)
            continue
        placelike = m.type == "Place" or (
            m.type == "Organization" and lex.org_type(m.text) is None
        )
        if placelike and not _one_unit_and_its_own_words(m, crossing):
            continue
        if m.type in ORGANIZATION_TYPES:
            start = m.start
            while (
                start in starts
                and starts[start].end in starts
                and starts[starts[start].end].end < m.end
            ):
                start = starts[start].end
            if start != m.start:
                cut = start - m.start
                m = Mention(start, m.end, m.type, m.text[cut:], m.score, m.method, m.kind)
        out.append(m)
    return [*out, *units]


#: Below this score the tagger's span of a name is a guess (:func:`_unsure_tail`).
_UNSURE_SPAN = 0.5


def _unsure_tail(overlapping: Sequence[Mention], rule: Mention) -> bool:
    """Is ``overlapping`` one doubtful name of the rule's family that is only the rule's tail?"""
    if len(overlapping) != 1:
        return False
    c = overlapping[0]
    return (
        c.end == rule.end
        and c.start > rule.start
        and c.score < _UNSURE_SPAN
        and _family(c.type) == _family(rule.type)
        and c.type != "Place"
    )


#: Last characters of the places a chain links (东湖区|甲乙街道): what ends a link.
_LINK_ENDS = ("省", "市", "区", "县", "州", "旗", "镇", "乡", "村", "街道", "社区")


def _glued(name: str) -> bool:
    """Does a unit hold another whole unit (甲乙镇丙丁村, where jieba cut 乙镇|丙)?

    The rule's walk stops at words that end like a unit; when jieba's words
    straddle two units it cannot, and the tagger's spans are better.
    """
    return any(name[:k].endswith(_LINK_ENDS) for k in range(2, len(name) - 2))


def _one_unit_and_its_own_words(m: Mention, units: Sequence[Mention]) -> bool:
    """Is ``m`` one whole unit and more words of its own name (甲乙村广场, 前甲乙村)?

    Words before the unit that end like a place (东湖区|甲乙街道) make a chain,
    not a name.
    """
    if len(units) != 1:
        return False
    u = units[0]
    if not (m.start <= u.start and u.end <= m.end) or (m.start, m.end) == (u.start, u.end):
        return False
    before = m.text[: u.start - m.start]
    return not before.endswith(_LINK_ENDS) and before not in lexicon().place_level


def _unsure_person_before_suffix(clash: Sequence[Mention], rule: Mention) -> bool:
    """Is ``clash`` one doubtful person at the start of ``rule``, followed only by a suffix?"""
    if len(clash) != 1:
        return False
    person = clash[0]
    return (
        person.type == "Person"
        and person.start == rule.start
        and 0 < rule.end - person.end <= _SUFFIX_AFTER_PERSON
        and person.score < _UNSURE_PERSON
        and rule.type in ORGANIZATION_TYPES
    )


_PAIRS = dict(zip("“‘（(《「『【〈", "”’）)》」』】〉", strict=True))
_CLOSING = frozenset(_PAIRS.values())


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without the edges a name cannot have.

    A name neither starts nor ends with whitespace or punctuation other than
    a balanced bracket pair (全国“五好”县级工商联 keeps its quotes; the
    heading mark of ``## 东湖区商务局`` and the quote of ``五星”支部`` go: a
    closing mark whose opening lies outside the span cuts the span after it,
    an opening mark never closed inside it cuts the span before it).

    Examples
    --------
    >>> text = "## 东湖区“五好”商会创“五星”支部"
    >>> [text[slice(*trim_span(text, s, e))] for s, e in [(0, 6), (3, 12), (14, 19)]]
    ['东湖区', '东湖区“五好”商会', '支部']
    """
    opened: list[tuple[str, int]] = []  # (the closing mark awaited, where it opened)
    for k in range(start, end):
        ch = text[k]
        if ch in _PAIRS:
            opened.append((_PAIRS[ch], k))
        elif ch in _CLOSING:
            if opened and opened[-1][0] == ch:
                opened.pop()
            else:
                start, opened = k + 1, []
    if opened and opened[0][1] == start:
        start, opened = start + 1, opened[1:]  # 《洛阳 -> 洛阳
    if opened:
        end = opened[0][1]  # 洛阳《日报 -> 洛阳
    while start < end and _edge(text[start]) and text[start] not in _PAIRS:
        start += 1
    while end > start and _edge(text[end - 1]) and text[end - 1] not in _CLOSING:
        end -= 1
    return start, end


def _edge(ch: str) -> bool:
    return ch.isspace() or char_class(ch) in ("P", "O")


def _bare_suffix(text: str, crf: Sequence[Mention], rule: Mention) -> bool:
    """Does ``rule`` add only an organisation suffix word to the CRF places before it?"""
    if any(c.type != "Place" for c in crf):
        return False
    found = lexicon().suffix_class(text, rule.end)
    return found is not None and rule.end - found[1] <= max(c.end for c in crf)


def _item_after(text: str, end: int, seps: frozenset[str]) -> tuple[int, int]:
    """The list item after the separator at ``end`` (empty if there is none)."""
    if end >= len(text) or text[end] not in seps:
        return end, end
    k = end + 1
    while k < len(text) and text[k] not in seps and char_class(text[k]) == "H":
        k += 1
    if k >= len(text) or (text[k] not in seps and char_class(text[k]) != "P"):
        return end, end  # the item runs on (李强说) or the text is cut off
    return end + 1, k


def _item_before(text: str, start: int, seps: frozenset[str]) -> tuple[int, int]:
    """The list item before the separator ending at ``start`` (empty if there is none)."""
    if start < 1 or text[start - 1] not in seps:
        return start, start
    k = start - 1
    while k > 0 and text[k - 1] not in seps and char_class(text[k - 1]) == "H":
        k -= 1
    if k > 0 and text[k - 1] not in seps and char_class(text[k - 1]) != "P":
        return start, start
    return k, start - 1


def _family(kg_type: str) -> str:
    return "Organization" if kg_type in ORGANIZATION_TYPES else kg_type


@ENTITY_EXTRACTORS.factory("ner")
class NERComponent(EntityComponent):
    """Statistical tagger (CRF + BiLSTM-CRF) + rules + type refinement + stoplist.

    Parameters
    ----------
    model
        A CRF model file; the shipped model by default.
    rules
        Names of ``entity_rules.yaml`` rules to run; all by default.
    lstm_weight
        The BiLSTM's share in the statistical tagger (:class:`.EnsembleTagger`);
        the trained share by default, 0 for the CRF alone.
    """

    name = "ner"

    def __init__(
        self,
        model: str | Path | None = None,
        rules: Sequence[str] | None = None,
        lstm_weight: float | None = None,
    ) -> None:
        self.tagger = EnsembleTagger(model, lstm_weight=lstm_weight)
        self.crf = self.tagger.crf
        self.rules = RuleMatcher(rules)
        self.lex = lexicon()
        self.stop = stoplist()
        self.companies = company_lexicon()
        self.company_lists = company_lists()

    def extract_text(self, text: str) -> list[Mention]:
        """Mentions of one sentence (offsets into ``text``)."""
        return self.extract_texts([text])[0]

    def extract_texts(self, texts: Sequence[str]) -> list[list[Mention]]:
        """Mentions of each text; the statistical tagger runs over all of them at once."""
        live = [k for k, t in enumerate(texts) if t.strip()]
        words = [segment(texts[k]) for k in live]
        tagged = self.tagger.tag_many([texts[k] for k in live], words)
        out: list[list[Mention]] = [[] for _ in texts]
        for k, w, spans in zip(live, words, tagged, strict=True):
            out[k] = self._extract_one(texts[k], w, spans)
        return out

    def _extract_one(
        self,
        text: str,
        words: Sequence[tuple[str, str]],
        tagged: Sequence[tuple[int, int, str, float]],
    ) -> list[Mention]:
        tokens: list[Token] = []
        offset = 0
        for word, pos in words:
            tokens.append(Token(offset, offset + len(word), word, pos))
            offset += len(word)
        pool: list[Mention] = []
        trailing = self.rules.bounds.person_trailing_chars
        for s, e, t, score in tagged:
            s, e = trim_span(text, s, e)
            if s >= e:
                continue
            if t == "Organization":
                s = self.rules.strip_generic(text, s, e)  # 辖区某某… -> 某某…
                e = self._company_end(text, s, e)
            if t == "Person" and e - s >= 3 and text[e - 1] in trailing:
                e -= 1  # 刘光以《…》为题: the name swallowed the next word
            elif t == "Person":
                e = self._dangling_tail(text, tokens, s, e, score)
            # A lone surname (王某's 王, 胡老's 胡) only names someone in context:
            # a short form for the resolver, like 区住建局.
            kind = "short" if t == "Person" and e - s < 2 else "name"
            if (
                t == "Organization"
                and text.endswith(project_suffixes(), s, e)
                and self.lex.org_type(text[s:e]) is None
            ):
                # The tagger knows no projects: a name it calls an organisation
                # that ends like one (某某示范基地) and like no body is a project.
                t = "Project"
            pool.append(refine_type(Mention(s, e, t, text[s:e], score, "crf", kind), self.lex))
        pool = [part for m in pool for part in self._split_places(m)]
        found = [
            *self.rules.match(text, tokens),
            *self.companies.match(text, tokens),
            *self.company_lists.match(text),
        ]
        pool = reconcile(text, pool, found)
        pool = settle_units(pool, [m for m in found if m.method in _UNIT_METHODS])
        pool = [self._take_brand_prefix(text, tokens, m) for m in pool]
        pool = self._coordinated_people(text, pool)
        return merge_mentions(self.stop.clean(text, pool))

    def _dangling_tail(
        self, text: str, tokens: Sequence[Token], start: int, end: int, score: float
    ) -> int:
        """End of a long name the tagger cut one character short (甲乙丙 + 丁 + ，).

        Transliterated names (of Uyghur, Tibetan or foreign people) run to
        four characters and more, and the tagger, trained mostly on Han
        names, stops after three.  A doubtful person of three or more
        characters, followed by one character that jieba reads as a word of
        its own and then by punctuation, takes that character in unless it
        is a function word or a verb (王小明家, 李华摄): nothing else stands
        between a name and a comma.
        """
        if end - start < 3 or score >= _UNSURE_PERSON or end >= len(text):
            return end
        if end + 1 < len(text) and char_class(text[end + 1]) != "P":
            return end
        bounds = self.rules.bounds
        tok = next((t for t in tokens if t.start == end), None)
        if (
            tok is None
            or tok.end != end + 1
            or char_class(tok.text) != "H"
            or tok.text in bounds.person_trailing_chars
            or tok.text in bounds.person_tail_stop
            or tok.pos in bounds.verb_pos
            or tok.pos in bounds.stop_pos
        ):
            return end
        return end + 1

    def _company_end(self, text: str, start: int, end: int) -> int:
        """End of a tagged organisation that runs on past a full company name.

        甲乙有限公司丙丁场厂 + 长: the tagger took the company, a unit of it and
        the first character of a post (厂长) for one name.  A head's post
        (X长) is cut off first; then, if what follows the company's legal
        suffix (``company_ends`` of boundaries.yaml) is no body by its own
        suffix, the name ends with the company.
        """
        span = text[start:end]
        if not any(suffix in span[:-1] for suffix in self.rules.bounds.company_ends):
            return end
        if end < len(text) and text[end] == "长":
            end -= 1
            span = text[start:end]
        for suffix in self.rules.bounds.company_ends:
            cut = span.find(suffix)
            if cut < 2:
                continue
            stop = start + cut + len(suffix)
            if stop < end and self.lex.org_type(text[stop:end]) is None:
                return stop
        return end

    def _split_places(self, m: Mention) -> list[Mention]:
        """Split a Place that is two known places in a row: 河北保定 -> 河北, 保定.

        The same for an Organization without any organisation suffix: the CRF
        took two places for a name.

        News names the province before the city; in the training data such
        runs are two places more than 50 times as often as one name.  Known
        places are the gazetteer's and the model's name list's.
        """
        if len(m.text) < 4 or not (
            m.type == "Place" or (m.type == "Organization" and self.lex.org_type(m.text) is None)
        ):
            return [m]
        for cut in range(len(m.text) - 2, 1, -1):
            head, tail = m.text[:cut], m.text[cut:]
            if self._known_place(head) and self._known_place(tail):
                mid = m.start + cut
                return [
                    Mention(m.start, mid, "Place", head, m.score, m.method, m.kind),
                    Mention(mid, m.end, "Place", tail, m.score, m.method, m.kind),
                ]
        return [m]

    def _known_place(self, name: str) -> bool:
        return name in self.lex.place_level or self.crf.names.entries.get(name) == "LOC"

    def _coordinated_people(self, text: str, pool: list[Mention]) -> list[Mention]:
        """Add the people of a list the CRF left out: 王明、李强、赵丽 -> all three.

        An item right beside a person's name (CRF score at least 0.5) across 、
        (or a joiner: 和, 与) is a person too if it is two or three Han
        characters starting with a surname, bounded by list punctuation, and
        overlaps no other mention.
        """
        seps = self.rules.bounds.joiners | {"、"}
        surnames, compound = self.lex.surnames, self.lex.compound_surnames
        out = list(pool)
        # Only a name the CRF is sure of starts a list: in 很有范儿、高级感 an
        # unsure 范儿 starts none.
        todo = [m for m in pool if m.type == "Person" and m.end - m.start >= 2 and m.score >= 0.5]
        while todo:
            m = todo.pop()
            for start, end in (
                _item_after(text, m.end, seps),
                _item_before(text, m.start, seps),
            ):
                name = text[start:end]
                if not 2 <= len(name) <= 3 or not all(char_class(c) == "H" for c in name):
                    continue
                if name[0] not in surnames and name[:2] not in compound:
                    continue
                if any(o.start < end and start < o.end for o in out):
                    continue
                found = Mention(start, end, "Person", name, 0.6, "ner:list")
                out.append(found)
                todo.append(found)
        return out

    def _take_brand_prefix(self, text: str, tokens: Sequence[Token], m: Mention) -> Mention:
        """Extend a Company over a split-off brand word (see boundaries.yaml)."""
        bounds = self.rules.bounds
        if m.type != "Company" or m.start == 0:
            return m
        before = [t for t in tokens if t.end <= m.start]
        if not before or before[-1].end != m.start:
            return m
        prefix = before[-1]
        if prefix.text not in bounds.brand_prefixes:
            return m
        if len(before) > 1 and not bounds.stops(before[-2]):
            return m
        start = prefix.start
        return Mention(start, m.end, m.type, text[start : m.end], m.score, m.method, m.kind)

    def extract(self, sentences: Sequence[Sentence]) -> list[list[Mention]]:
        found = self.extract_texts([s.text for s in sentences])
        # A company's short form (华星 for 华星科技有限公司) is known only from
        # its article, so it is added once the article's names are all found.
        add_short_forms(sentences, found)
        return found


@ENTITY_EXTRACTORS.factory("ner-crf")
class CRFNERComponent(NERComponent):
    """``ner`` with the CRF alone as its statistical tagger (``ner-crf``).

    For archives where speed matters more than the last point of F1: on
    news_dev, F1 89.4 instead of 90.6 at twice the speed (``kg eval``: 32.7k
    against 16.1k characters a second).
    """

    name = "ner-crf"

    def __init__(self, model: str | Path | None = None, rules: Sequence[str] | None = None) -> None:
        super().__init__(model, rules, lstm_weight=0.0)
