"""Post titles and chains of posts: 〈org〉〈title〉、〈org2〉〈title2〉〈name〉.

The title lexicon lives in ``kg/data/patterns/titles.yaml``.  A chain of
posts (the ``{POSTS}`` slot of the pattern language) is parsed left to right:
each title belongs to the organisation named most recently before it, unless
the title says otherwise:

* ``unit`` fuses a body into the title: 宣传部长 after 区委 is 部长 of 区委宣传部;
* ``place_unit`` alone names the body a title has after a bare place:
  东湖街道 + 党工委书记 is 书记 of 东湖街道党工委;
* ``implies`` names the body a title always belongs to: 副区长 is a post of
  the district's 政府 whatever was named before it;
* ``after`` lets a bare ending attach to an organisation ending in one of the
  given characters: 商务局 + 长 = 局长 of 商务局;
* ``honorific`` titles (中国陶瓷艺术大师) are distinctions, not posts: they
  become ``award`` literals;
* ``modifiers`` (执行, 轮值, 二级 ...) may stand before a title and stay in
  its role: 执行副主任, 二级巡视员;
* ``shared`` titles (副主任, 常委, 委员) may be held by several people at
  once, so in a roster 副主任甲、乙 both are 副主任; a title held by one
  person (书记, 董事长) does not pass to the bare names after it.

A *roster* (:func:`parse_roster`) is a run of chains and names,
〈org〉董事长甲、总经理乙、丙: each chain is read in the context (organisation,
place) the previous one left, so 总经理 is 乙's post in the same company.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kg.errors import KGError
from kg.extract.relations.encoding import SLOT_TYPES, EncodedSentence
from kg.types import Mention

__all__ = ["Title", "TitleLexicon", "Post", "PostChain", "parse_posts", "parse_roster"]

#: What may qualify an honorific (陶瓷艺术 of 陶瓷艺术大师): Han characters but
#: not function words, so 著名的大师 does not swallow 的.
_QUALIFIER = "(?:(?![的是和与及为在等有被称当作])[\u4e00-\u9fff])"
_ORG_TYPES = frozenset(SLOT_TYPES["ORG"])
_SEPARATORS = frozenset("、，,兼及和")


@dataclass(frozen=True)
class Title:
    """One entry of the title lexicon."""

    text: str
    role: str
    unit: str | None = None
    place_unit: str | None = None
    implies: str | None = None
    level: str | None = None
    after: tuple[str, ...] = ()
    prefix: int = 0
    honorific: bool = False
    shared: bool = False

    @classmethod
    def from_yaml(cls, entry: Any) -> Title:
        """Build a title from a YAML entry: a string or a mapping with ``title``."""
        if isinstance(entry, str):
            return cls(entry, entry)
        if not isinstance(entry, dict) or "title" not in entry:
            raise KGError(f"titles.yaml: bad entry {entry!r}: need a string or a 'title' key")
        text = str(entry["title"])
        after = entry.get("after", ())
        return cls(
            text=text,
            role=str(entry.get("role", text)),
            unit=entry.get("unit"),
            place_unit=entry.get("place_unit"),
            implies=entry.get("implies"),
            level=entry.get("level"),
            after=tuple([after] if isinstance(after, str) else after),
            prefix=int(entry.get("prefix", 0)),
            honorific=bool(entry.get("honorific", False)),
            shared=bool(entry.get("shared", False)),
        )

    @property
    def held_by_many(self) -> bool:
        """Can several people in one list hold this title (副主任, 委员)?"""
        return self.shared or "副" in self.role


class TitleLexicon:
    """Titles, longest first, with the regex that finds them.

    Examples
    --------
    >>> lex = TitleLexicon([Title("书记", "书记"), Title("副书记", "副书记")])
    >>> lex.match("副书记王五", 0).text
    '副书记'
    """

    def __init__(
        self,
        titles: Sequence[Title],
        heads: Sequence[str] = (),
        modifiers: Sequence[str] = (),
        glued_base: str = "",
        inner_unit: str = "",
    ) -> None:
        self.titles = sorted(titles, key=lambda t: (-(t.prefix > 0), -len(t.text), t.text))
        self.by_text = {t.text: t for t in self.titles}
        parts = [
            (f"{_QUALIFIER}{{0,{t.prefix}}}" if t.prefix else "") + re.escape(t.text)
            for t in self.titles
        ]
        mods = sorted(modifiers, key=len, reverse=True)
        #: Regex source of the words that may qualify a title (执行, 二级).
        self.modifier_regex = "(?:" + "|".join(map(re.escape, mods)) + ")" if mods else "(?!)"
        modifiable = [
            re.escape(t.text) for t in self.titles if self._modifiable(t)
        ]
        with_mods = (
            [f"{self.modifier_regex}+(?:{'|'.join(modifiable)})"] if mods and modifiable else []
        )
        #: Regex source matching any one title (no capture groups).
        self.regex = "(?:" + "|".join(parts + with_mods) + ")" if parts else "(?!)"
        plain = [
            re.escape(t.text) for t in self.titles
            if not (t.unit or t.implies or t.after or t.prefix or t.honorific)
        ]
        plain_alt = "|".join(plain)
        #: Titles that are roles as written (for ``{TITLE}``: no fused bodies).
        self.plain_regex = (
            f"(?:(?:{self.modifier_regex})*(?:{plain_alt}))" if plain else "(?!)"
        )
        self._compiled = [(t, re.compile(p)) for t, p in zip(self.titles, parts, strict=True)]
        self._modifier = re.compile(self.modifier_regex + "+") if mods else None
        #: What an organisation must end with to lose a glued title head
        #: (某某公司党委 + 书记 -> 某某公司); empty: any organisation.
        self.glued_base = re.compile(glued_base) if glued_base else None
        #: Regex source of an untagged internal unit before a title (地区部 of
        #: 〈company〉地区部总裁): the post stays with the organisation.
        self.inner_unit = inner_unit
        #: Bodies fused into titles (宣传部 of 宣传部长): a tagger's bare 宣传部 in a
        #: chain is that body of the organisation named before it.
        self.units: dict[str, str] = {
            t.unit: t.place_unit or t.unit for t in self.titles if t.unit and len(t.unit) > 1
        }
        #: Title heads a tagger may glue to the organisation (党组 of 党组书记).
        self.heads: tuple[str, ...] = tuple(sorted(heads, key=len, reverse=True))

    def match(self, text: str, pos: int) -> Title | None:
        """The title starting at ``pos`` (longest first), or ``None``."""
        found = self.match_span(text, pos)
        return found[0] if found else None

    @staticmethod
    def _modifiable(title: Title) -> bool:
        """May modifiers stand before ``title``?  Not before a bare ending (长)
        or a distinction (those have their own qualifiers)."""
        return not (title.after or title.prefix or title.honorific)

    def match_span(self, text: str, pos: int) -> tuple[Title, int] | None:
        """The title starting at ``pos`` and where it ends; a title after
        modifiers (执行副主任) keeps them in its role."""
        for title, rx in self._compiled:
            m = rx.match(text, pos)
            if m:
                return title, m.end()
        if self._modifier is None:
            return None
        mod = self._modifier.match(text, pos)
        if mod is None:
            return None
        for title, rx in self._compiled:
            m = rx.match(text, mod.end())
            if m and self._modifiable(title):
                lead = mod.group(0)
                return replace(title, text=lead + title.text, role=lead + title.role), m.end()
        return None


@dataclass(frozen=True)
class Post:
    """One post in a chain: the organisation, the title as written and the role."""

    org: Mention
    role: str
    title_start: int  # sentence offsets of the title
    title_end: int


@dataclass
class PostChain:
    """What a ``{POSTS}`` slot says: posts, and honorifics that are not posts."""

    posts: list[Post] = field(default_factory=list)
    #: Honorific titles as written with what qualifies them (中国陶瓷艺术大师).
    honors: list[tuple[str, int, int]] = field(default_factory=list)
    #: The organisation and place in context where the chain ends.
    org: Mention | None = None
    place: Mention | None = None
    #: The titles read, in order (to tell whether several people may share them).
    titles: list[Title] = field(default_factory=list)


def _derived(base: Mention, text: str, start: int, end: int, method: str) -> Mention:
    """An organisation named by composition; short forms stay short."""
    kind = "short" if base.kind in ("short", "anaphor") else "name"
    return Mention(start, end, "GovernmentOrganization", text, base.score, method, kind)


def _implied_org(
    title: Title,
    place: Mention | None,
    org: Mention | None,
    start: int,
    end: int,
    method: str,
) -> Mention:
    """The body a title like 副区长 implies, named from the chain's context."""
    body = title.implies or ""
    level = title.level or ""
    if place is not None and (not level or place.text.endswith(level)):
        return Mention(start, end, "GovernmentOrganization", place.text + body, place.score,
                       method, "short" if place.kind != "name" else "name")
    if org is not None and level:
        if org.kind != "name" and org.text.startswith(level):
            return Mention(start, end, "GovernmentOrganization", level + body, org.score, method,
                           "short")
        cut = org.text.rfind(level)
        if org.kind == "name" and cut > 0:
            name = org.text[: cut + len(level)] + body
            return Mention(start, end, "GovernmentOrganization", name, org.score, method, "name")
    return Mention(start, end, "GovernmentOrganization", level + body, 0.5, method, "short")


def _glued(org: Mention, title: Title, lexicon: TitleLexicon, a: int, b: int,
            method: str) -> Post:
    """A post whose organisation swallowed the head of its title: a tagger's
    某某工商联党组 + 书记 is 党组书记 of 某某工商联."""
    for head in lexicon.heads:
        fused = lexicon.by_text.get(head + title.text)
        # only where the fused title keeps its head as the role (党组书记); a
        # title whose head is a body of its own (党工委书记 = 书记 of the 党工委)
        # already has the right organisation
        if (
            fused is not None
            and fused.role == fused.text
            and org.text.endswith(head)
            and len(org.text) > len(head) + 1
            # 市科技工作党委 is a committee of its own, not 党委 of 市科技工作
            and (lexicon.glued_base is None
                 or lexicon.glued_base.search(org.text[: -len(head)]) is not None)
        ):
            base = Mention(org.start, org.end - len(head), org.type, org.text[: -len(head)],
                           org.score, method, org.kind)
            return Post(base, fused.role, a, b)
    return Post(org, title.role, a, b)


def parse_posts(
    enc: EncodedSentence,
    start: int,
    end: int,
    lexicon: TitleLexicon,
    method: str,
    org: Mention | None = None,
    place: Mention | None = None,
) -> PostChain:
    """Parse the encoded span ``[start, end)`` as a chain of posts.

    Parameters
    ----------
    enc
        The encoded sentence.
    start, end
        Encoded offsets of the ``{POSTS}`` slot's match.
    lexicon
        The titles.
    method
        Recorded on derived organisation mentions.
    org, place
        The context a previous chain left (in a roster): the organisation and
        place a title with none of its own belongs to.
    """
    chain = PostChain()
    segment_start: int | None = None  # sentence offset where the current element began
    i = start
    while i < end:
        m = enc.mention_at(i)
        if m is not None:
            if segment_start is None:
                segment_start = m.start
            if m.type in _ORG_TYPES and m.text in lexicon.units and (org or place):
                # a bare department after its organisation: 区委常委、宣传部长
                base = org if org is not None else place
                assert base is not None
                unit = m.text if org is not None else lexicon.units[m.text]
                org = _derived(base, base.text + unit, m.start, m.end, method)
            elif m.type in _ORG_TYPES:
                org = m
            elif m.type == "Place":
                place = m
                # A place resets the organisation only if it starts a new element.
                if org is not None and org.end <= m.start and segment_start == m.start:
                    org = None
            i += 1
            continue
        ch = enc.text[i]
        if ch in _SEPARATORS:
            segment_start = None
            i += 1
            continue
        found = lexicon.match_span(enc.text, i)
        if found is None:
            i += 1
            continue
        title, j = found
        a, b = enc.decode(i, j)
        chain.titles.append(title)
        if title.honorific:
            lead = segment_start if segment_start is not None else a
            chain.honors.append((enc.sentence[lead:b], lead, b))
        elif title.implies is not None:
            chain.posts.append(
                Post(_implied_org(title, place, org, a, b, method), title.role, a, b)
            )
        elif title.unit is not None and (org is not None or place is not None):
            if org is not None:
                base, unit = org, title.unit
            else:
                assert place is not None
                base, unit = place, title.place_unit or title.unit
            derived = _derived(base, base.text + unit, a, b, method)
            chain.posts.append(Post(derived, title.role, a, b))
        elif title.place_unit and org is None and place is not None:
            # 东湖街道党工委书记: after a bare place the body is the place's 党工委
            derived = _derived(place, place.text + title.place_unit, a, b, method)
            chain.posts.append(Post(derived, title.role, a, b))
        elif title.after:
            if org is not None and org.text.endswith(title.after):
                base = org
                if len(org.text) > 3 and org.text[-1] == org.text[-2]:
                    # a tagger's 某某局局 + 长: the name ends at the first 局
                    base = Mention(org.start, org.end - 1, org.type, org.text[:-1], org.score,
                                   method, org.kind)
                chain.posts.append(Post(base, org.text[-1] + title.text, a, b))
                org = base
        elif org is not None:
            post = _glued(org, title, lexicon, a, b, method)
            chain.posts.append(post)
            org = post.org  # 某公司党委书记、董事长: 董事长 of 某公司, not of its 党委
        segment_start = None
        i = j
    chain.org, chain.place = org, place
    return chain


def parse_roster(
    enc: EncodedSentence, start: int, end: int, lexicon: TitleLexicon, method: str
) -> list[tuple[Mention, PostChain]]:
    """Parse a roster, chains of posts each followed by a name, into each
    person's chain: 〈org〉董事长甲、总经理乙 gives 乙 总经理 of 〈org〉, and a
    bare name after a shared title shares it (副主任甲、乙).

    Parameters
    ----------
    enc
        The encoded sentence.
    start, end
        Encoded offsets of the roster's match.
    lexicon
        The titles.
    method
        Recorded on derived organisation mentions.
    """
    out: list[tuple[Mention, PostChain]] = []
    org: Mention | None = None
    place: Mention | None = None
    last: PostChain | None = None
    seg = start
    for i in range(start, end):
        person = enc.mention_at(i)
        if person is None or person.type != "Person":
            continue
        between = enc.text[seg:i]
        if not between.strip("、") and last is not None:
            # a bare name after a name: it shares a title many may hold
            shared = bool(last.titles) and all(t.held_by_many for t in last.titles)
            chain = last if shared else PostChain()
        else:
            chain = parse_posts(enc, seg, i, lexicon, method, org, place)
            org, place = chain.org, chain.place
        out.append((person, chain))
        last = chain if chain.posts else last
        seg = i + 1
    return out
