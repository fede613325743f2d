"""The discourse of one article: which names came before, which dominate.

Anaphors resolve against it (see ``kg/data/resolve/anaphors.yaml``):

* ``salient``: the most frequent accepted name in the article, the headline
  counted and place names counted where they prefix an organisation name
  (某某区 in 某某区商务局); ties go to the most recent; an article naming
  none falls back to the most frequent one on the page;
* ``recent``: the most recent accepted name before the anaphor;
* ``home_city``: decided per page by :func:`home_city`;
* ``sole_person``: the one person named within the anaphor's ``window``
  characters before it (他/她 opening a clause), none if two are named.

A zero subject (a clause with no subject, ``与A、B签订…``) resolves to the
*topic*: the last organisation or place that opened a sentence.

Examples
--------
>>> from kg.extract.entities.anaphors import anaphor_table
>>> d = Discourse(headline="某某区召开大会")
>>> d.observe("Place", "Place", "某某区", 0)
>>> d.observe("GovernmentOrganization", "Organization", "某某区商务局", 5)
>>> d.resolve(anaphor_table().anaphors["该局"], 9)
Antecedent(group='Organization', type='GovernmentOrganization', label='某某区商务局')
>>> d.resolve(anaphor_table().anaphors["该区"], 9).label
'某某区'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from kg import resources
from kg.extract.entities.anaphors import Anaphor

__all__ = [
    "Discourse",
    "Antecedent",
    "place_prefix",
    "nested_places",
    "district_parents",
    "home_city",
]

class Antecedent(NamedTuple):
    """A resolved name an anaphor can point to."""

    #: ``Organization``, ``Place`` or ``Person``: the class an anaphor asks for.
    group: str
    #: The most specific kg class (``GovernmentOrganization``, ...).
    type: str
    label: str

_PLACE_PREFIX = re.compile(r"^([\u4e00-\u9fff]{2,6}?(?:自治区|自治县|街道|省|市|区|县|旗|镇|乡))")
#: Places nested at the start of a longer name (东湖街道幸福社区文化广场).
_NESTED_PLACE = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:街道|镇|乡|社区|村)")


def nested_places(label: str) -> list[str]:
    """Places a name opens with, outermost first: 东湖街道幸福社区文化广场 ->
    东湖街道, 幸福社区.  The name itself is not included.

    Examples
    --------
    >>> nested_places("东湖街道幸福社区文化广场")
    ['东湖街道', '幸福社区']
    >>> nested_places("幸福社区")
    []
    """
    out: list[str] = []
    pos = 0
    while True:
        m = _NESTED_PLACE.match(label, pos)
        if m is None or m.end() >= len(label):
            return out
        out.append(label[pos : m.end()])
        pos = m.end()


def place_prefix(label: str, known: Set[str] = frozenset()) -> str | None:
    """The place an organisation name starts with (某某区商务局 -> 某某区).

    The longest known place name that starts ``label`` (and is shorter) wins;
    else the shortest prefix ending in a level word.  Only ``label``'s own
    prefixes are looked up, so the cost does not grow with ``known``: an
    article's discourse asks this for every name it observes.

    Examples
    --------
    >>> place_prefix("某某区商务局", {"某某区", "某某"})
    '某某区'
    >>> place_prefix("东湖街道办事处")
    '东湖街道'
    """
    for end in range(len(label) - 1, -1, -1):
        if label[:end] in known:
            return label[:end]
    m = _PLACE_PREFIX.match(label)
    return m.group(1) if m and len(label) > len(m.group(1)) else None


@dataclass
class Discourse:
    """Names seen so far in one article, in order, with salience counts."""

    headline: str = ""
    history: list[tuple[int, Antecedent]] = field(default_factory=list)
    counts: Counter[Antecedent] = field(default_factory=Counter)
    last_seen: dict[Antecedent, int] = field(default_factory=dict)
    #: ``(position, antecedent)`` of names that opened a sentence or clause.
    topics: list[tuple[int, Antecedent]] = field(default_factory=list)
    home: Antecedent | None = None
    #: ``(position, sentence start, person)`` of the people named so far.
    people: list[tuple[int, int, Antecedent]] = field(default_factory=list)
    #: Names of the whole page, for an article that names no antecedent itself
    #: (区委 in a short piece on a district's page).
    page: Counter[Antecedent] = field(default_factory=Counter)
    #: Labels of the places among ``counts``, for :func:`place_prefix`.
    places: set[str] = field(default_factory=set)

    def _count(self, ante: Antecedent, times: int = 1) -> None:
        self.counts[ante] += times
        if ante.group == "Place":
            self.places.add(ante.label)

    def observe(self, etype: str, group: str, label: str, position: int,
                topic: bool = False, sentence: int = -1) -> None:
        """Record a resolved name at ``position`` (article offset); people
        with the start of their ``sentence`` (for ``sole_person``)."""
        ante = Antecedent(group, etype, label)
        if group == "Person":
            self.people.append((position, sentence, ante))
        if group in ("Organization", "Place"):
            # the places a name starts with (某某区商务局, 五马街道墨池,
            # 东湖街道幸福社区文化广场) are named too
            prefix = place_prefix(label, self.places)
            inner = nested_places(label)
            for name in dict.fromkeys([*([prefix] if prefix else []), *inner]):
                place = Antecedent("Place", "Place", name)
                self.history.append((position, place))
                self._count(place)
                self.last_seen[place] = position
        self.history.append((position, ante))
        self._count(ante)
        self.last_seen[ante] = position
        if topic and group in ("Organization", "Place"):
            self.topics.append((position, ante))

    def prime(self, names: Iterable[Antecedent]) -> None:
        """Count names of the whole article (and headline) before resolving.

        Salience is a property of the article, so an early 全区 can refer to
        a district the article names mostly later or in its headline.
        """
        for ante in names:
            bonus = self.headline.count(ante.label) if ante.label else 0
            self._count(ante, 1 + bonus)
            self.last_seen.setdefault(ante, -1)
        lead = place_prefix(self.headline)
        if lead:
            # a headline that opens with a place (五马街道打造…) makes it the
            # first antecedent of the article
            place = Antecedent("Place", "Place", lead)
            self._count(place)
            self.last_seen.setdefault(place, -1)
            self.history.insert(0, (-1, place))

    def _salient(self, anaphor: Anaphor, position: int) -> Antecedent | None:
        candidates = _preferred(anaphor, [a for a in self.counts
                                          if anaphor.accepts(a.type, a.label)])
        if not candidates:
            on_page = _preferred(anaphor, [a for a in self.page
                                           if anaphor.accepts(a.type, a.label)])
            return max(on_page, key=lambda a: (self.page[a], a.label), default=None)
        return max(candidates, key=lambda a: (self.counts[a], self.last_seen.get(a, -1)))

    def _recent(self, anaphor: Anaphor, position: int) -> Antecedent | None:
        allowed = set(_preferred(anaphor, [a for a in self.counts
                                           if anaphor.accepts(a.type, a.label)]))
        for pos, ante in reversed(self.history):
            if pos < position and ante in allowed:
                return ante
        # no antecedent before: take the first one after (a headline-like lead)
        for _, ante in self.history:
            if ante in allowed:
                return ante
        return None

    def resolve(self, anaphor: Anaphor, position: int) -> Antecedent | None:
        """The antecedent of ``anaphor`` at article offset ``position``."""
        if anaphor.strategy == "skip":
            return None
        if anaphor.strategy == "home_city":
            return self.home
        if anaphor.strategy == "salient":
            return self._salient(anaphor, position)
        if anaphor.strategy == "sole_person":
            return self._sole_person(anaphor, position)
        return self._recent(anaphor, position)

    def _sole_person(self, anaphor: Anaphor, position: int) -> Antecedent | None:
        """The person named last before ``position`` (within ``window``
        characters), when the sentence naming them names no one else: in
        〈甲〉会见了〈乙〉。他… 他 is either, so none."""
        before = [(pos, sent, ante) for pos, sent, ante in self.people
                  if position - anaphor.window <= pos < position
                  and anaphor.accepts(ante.type, ante.label)]
        if not before:
            return None
        last = before[-1]
        named = {ante for _, sent, ante in self.people if sent == last[1]}
        return last[2] if len(named) == 1 else None

    def topic(self, position: int) -> Antecedent | None:
        """The discourse topic at ``position``: the last sentence-opening
        organisation or place, else the most salient district-level place."""
        for pos, ante in reversed(self.topics):
            if pos < position:
                return ante
        places = [a for a in self.counts if _is_district_place(a)]
        if places:
            return max(places, key=lambda a: (self.counts[a], self.last_seen.get(a, -1)))
        on_page = [a for a in self.page if _is_district_place(a)]
        return max(on_page, key=lambda a: (self.page[a], a.label), default=None)


def _preferred(anaphor: Anaphor, candidates: list[Antecedent]) -> list[Antecedent]:
    """Candidates without the likely parts of a preferred one.

    With ``prefer: [大学]``, a 学院 named without a place in front
    (创新学院, 计算机学院), or named after it (某某大学计算机学院), is a unit of
    the 大学 the article also names, not the school that 学校 means;
    某某市职业学院 stays a candidate.
    """
    if not anaphor.prefer:
        return candidates
    top = [a for a in candidates if a.label.endswith(anaphor.prefer)]
    if not top:
        return candidates
    return [a for a in candidates
            if a in top or (_opens_with_place(a.label)
                            and not any(a.label.startswith(t.label) for t in top))]


def _opens_with_place(label: str) -> bool:
    """Does ``label`` start with a place name (a level word or the gazetteer)?"""
    if place_prefix(label):
        return True
    try:
        from kg.extract.entities.gazetteer import lexicon

        return any(a == 0 and b - a >= 2 for a, b, _ in lexicon().places(label))
    except Exception:  # the gazetteer is optional for resolution
        return False


def _is_district_place(ante: Antecedent) -> bool:
    return ante.group == "Place" and ante.label.endswith(("区", "县", "市"))


@cache
def district_parents() -> dict[str, tuple[str, ...]]:
    """County-level division -> the cities it may belong to (several for 鼓楼区)."""
    text = resources.read_text("resolve", "district_parents.tsv")
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            child, parent = line.split("\t")
            out.setdefault(child, []).append(parent)
    return {k: tuple(v) for k, v in out.items()}


def home_city(
    page_text: str,
    districts: Counter[str],
    cities: Counter[str],
    configured: str | None,
) -> tuple[str | None, str]:
    """The newspaper's city for 我市/本市, and why.

    Parameters
    ----------
    page_text
        All text of the page (headlines and bodies).
    districts
        District-level place names of the page with their counts.
    cities
        City names (``…市``) named on the page with their counts.
    configured
        ``BuildConfig.home_city``.

    Returns
    -------
    tuple
        ``(city or None, reason)``.
    """
    parents = district_parents()
    for district, _ in districts.most_common():
        options = parents.get(district, ())
        named = [c for c in options if c in page_text or c[:-1] in page_text]
        if len(named) == 1:
            return named[0], f"parent city of {district} (gazetteer), named on the page"
        if len(options) == 1:
            return options[0], f"parent city of {district} (gazetteer)"
    if cities:
        city, _ = cities.most_common(1)[0]
        return city, "the city most named on the page"
    if configured:
        return configured, "home_city from the configuration"
    return None, "no city on the page and no home_city configured"
