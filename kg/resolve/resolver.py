"""DefaultResolver: mentions and relation candidates become entities and facts.

Step 1 runs per document (:meth:`DefaultResolver.prepare`, in the extraction
workers, keeping no text); steps 2 and 3 run once over the whole build
(:meth:`DefaultResolver.finish`):

1. Per article, in reading order, every mention is resolved to one or more
   names: a name as written; an anaphor (该区, 该局, a zero subject) to its
   antecedent in the article's :class:`~kg.resolve.discourse.Discourse`; a
   short form (区住建局, 区委区政府, 该区工商联) to its antecedent's name plus
   the body, one name per body.  我市/本市 is the page's city
   (:func:`~kg.resolve.discourse.home_city`); 本报 is not resolved (the
   newspaper is not an entity of the news).  A surname + post form (李书记,
   张总) is the person of that surname named with that post earlier on the
   page (:mod:`kg.resolve.titled`), or nobody.
2. Build-wide, names become keys: organisation names are expanded to their
   formal form (``aliases.yaml``: 工商联 = 工商业联合会) and bare company
   cores merge with the full company name (星河瑞 = 星河瑞科技有限公司); people
   are clustered by their posts, employers and homes, and across pages only
   with shared evidence (:mod:`kg.resolve.persons`).
3. Links, facts (with the sentence, offsets and rule as evidence), derived
   ``subOrganizationOf`` facts (``structure.yaml``) and identity decisions are
   emitted.  Keys are ``"〈group〉:〈label〉"`` with group one of Person,
   Organization, Place, Project, Event; persons that must be told apart get
   ``"Person:〈name〉#〈organisation〉"``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from kg.config import BuildConfig
from kg.extract.entities.anaphors import anaphor_table
from kg.extract.entities.companies import short_forms
from kg.graph.iris import person_key_for_name
from kg.resolve.discourse import Antecedent, Discourse, home_city, place_prefix
from kg.resolve.names import alias_rules, clean_label
from kg.resolve.persons import PersonClusterer, person_evidence
from kg.resolve.structure import parent_of, structure_rules
from kg.resolve.titled import PostHolders, TitledForm, titled_form, titled_table
from kg.types import (
    ORGANIZATION_TYPES,
    DocumentAnalysis,
    Entity,
    Evidence,
    Fact,
    IdentityDecision,
    Mention,
    MentionLink,
    RelationCandidate,
    Resolution,
    Sentence,
    SentenceAnalysis,
)

__all__ = ["DefaultResolver", "PreparedDocument", "group_of"]

_SPECIFIC_FIRST = ("GovernmentOrganization", "Company", "University", "Organization")


def group_of(etype: str) -> str:
    """The key group of an entity type: organisation subclasses share one."""
    return "Organization" if etype in ORGANIZATION_TYPES else etype


@dataclass(frozen=True)
class _Where:
    """A sentence's place in its article, without its text."""

    article_id: str
    index: int
    start: int
    end: int

    @classmethod
    def of(cls, sentence: Sentence) -> _Where:
        return cls(sentence.article_id, sentence.index, sentence.start, sentence.end)


def _mention_id(where: _Where, m: Mention) -> tuple[object, ...]:
    return (where.article_id, where.index, m.start, m.end, m.type, m.text, m.kind)


def _gazetteer_place(name: str) -> bool:
    try:
        from kg.extract.entities.gazetteer import lexicon

        return name in lexicon().place_level
    except Exception:  # the gazetteer is optional for resolution
        return False


def _gazetteer_full_place(name: str) -> bool:
    try:
        from kg.extract.entities.gazetteer import lexicon

        return name in lexicon().place_full
    except Exception:  # the gazetteer is optional for resolution
        return False


def _gazetteer_places(text: str) -> list[str]:
    try:
        from kg.extract.entities.gazetteer import lexicon

        return [text[a:b] for a, b, full in lexicon().places(text) if full]
    except Exception:  # the gazetteer is optional for resolution
        return []


@dataclass
class _Ref:
    """One mention in context and the names it resolved to."""

    doc: str
    where: _Where
    mention: Mention
    #: The body's text at the mention's offsets (texts are not kept past step 1).
    surface: str
    names: list[Antecedent] = field(default_factory=list)
    why: str | None = None  # set for non-trivial resolutions
    #: True when what is written depends on context (该区, 区委): not an altLabel.
    contextual: bool = False
    #: A fused name that a split rule cut into parts, standing in for its last part.
    proxy: bool = False
    score: float = 1.0
    keys: list[str] = field(default_factory=list)
    #: The extractor's mention this one replaced (the 李 of 李书记), so that
    #: relation candidates found on it still find their entity.
    replaced: Mention | None = None
    #: The organisation or place written just before a person's name with a
    #: title between (某某医院主任医师张三): its employer or home, for identity.
    appositive: _Ref | None = None
    #: For a short form (区委): each name's form as written (区委) and the
    #: context it was expanded with (东湖区); used when the build names no
    #: body of the expanded name.
    written: list[str] = field(default_factory=list)
    context: str = ""


@dataclass
class _Cand:
    where: _Where
    candidate: RelationCandidate


@dataclass
class PreparedDocument:
    """Step 1's result for one document: resolved mentions, no text.

    Small and picklable, so extraction workers can prepare documents and a
    build keeps only these (not the articles) until the build-wide step.
    """

    doc_id: str
    refs: list[_Ref] = field(default_factory=list)
    cands: list[_Cand] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)


def _sentence_mentions(
    sa: SentenceAnalysis,
) -> tuple[list[Mention], list[tuple[Mention, Mention]]]:
    """The sentence's mentions plus those only found in its candidates.

    A mention that a split rule cut into parts (东湖街道李家村 -> 东湖街道 +
    李家村), or that a pattern cut short (某某局局 -> 某某局), is replaced by
    its parts: it names no entity of its own, and is returned as ``(fused,
    last part)`` so relations found on it still land on the innermost part.
    """
    seen: dict[tuple[object, ...], Mention] = {}
    derived: list[Mention] = []
    for c in sa.relations:
        for m in (c.head, c.tail):
            if m is not None:
                derived.append(m)
    for m in [*sa.mentions, *derived]:
        seen.setdefault((m.start, m.end, m.type, m.text, m.kind), m)
    split: set[tuple[int, int, str]] = set()
    proxies: list[tuple[Mention, Mention]] = []
    for w in sa.mentions:
        parts = sorted(
            (d for d in derived
             if d.method.startswith("patterns:") and w.start <= d.start
             and d.end <= w.end and (d.start, d.end) != (w.start, w.end)),
            key=lambda d: (d.start, d.end),
        )
        if len(parts) >= 2 and parts[0].start == w.start and parts[-1].end == w.end:
            split.add((w.start, w.end, w.text))
            proxies.append((w, parts[-1]))
        elif len(parts) == 1 and parts[0].start == w.start and w.text.startswith(parts[0].text):
            # a pattern cut a tagger's overlong name (某某局局 of 某某局局长)
            split.add((w.start, w.end, w.text))
            proxies.append((w, parts[0]))
    kept = [m for m in seen.values() if (m.start, m.end, m.text) not in split]
    return sorted(kept, key=lambda m: (m.start, -(m.end - m.start))), proxies


def _opens_clause(sentence: Sentence, m: Mention, mentions: Sequence[Mention]) -> bool:
    """Does ``m`` open its sentence (after at most a short adverbial clause)?"""
    if m.start == 0:
        return True
    before = sentence.text[: m.start]
    if any(o.end <= m.start and o.end > o.start for o in mentions if o is not m):
        return False
    return len(before) <= 12 and before.endswith(("，", ","))


def _post_holders(doc: DocumentAnalysis) -> PostHolders:
    """The people of a page named with a post, in order: the heads of worksFor
    with a title, and names written right after a title (学校党委书记张三)."""
    holders = PostHolders()
    titles = titled_table().titles
    for number, aa in enumerate(doc.articles):
        for sa in aa.sentences:
            start, text = sa.sentence.start, sa.sentence.text
            for c in sa.relations:
                head = c.head
                if c.relation == "worksFor" and c.role and head.type == "Person" \
                        and head.kind == "name":
                    name = alias_rules().person_name(clean_label(head.text))
                    holders.add(number, start + head.start, name, c.role)
            for m in sa.mentions:
                if m.type != "Person" or m.kind != "name":
                    continue
                title = next((t for t in titles if text.endswith(t, 0, m.start)), None)
                if title is not None:
                    name = alias_rules().person_name(clean_label(m.text))
                    holders.add(number, start + m.start, name, title)
    return holders


def _with_titled_forms(
    s: Sentence, mentions: list[Mention], holders: PostHolders, article: int
) -> tuple[list[Mention], dict[tuple[int, int, str], Mention | None]]:
    """The mentions with surname + title forms (李书记) as Person anaphors.

    A person mention inside such a form (the lone surname 李 a tagger found,
    or a "name" 张总) is replaced by the form, whether or not it resolves: a
    form of address is never a person's name.  A mention of another type
    that starts with a form (a tagger's organisation 张书记代表学校党委), or
    a form no mention covers, becomes the form only when the page names the
    person it refers to.  Returns the mentions and, per form, the mention it
    replaced.
    """
    text = s.text
    out: list[Mention] = []
    originals: dict[tuple[int, int, str], Mention | None] = {}

    def resolves(form: TitledForm) -> bool:
        return holders.resolve(form, article, s.start + form.start) is not None

    for m in mentions:
        form = titled_form(text, m.start) if m.kind != "anaphor" else None
        person = m.type == "Person" and form is not None and m.end <= form.end
        if form is not None and (person or (m.kind == "name" and m.end > form.end
                                            and resolves(form))):
            titled = Mention(form.start, form.end, "Person", form.text, m.score,
                             m.method or "titled", "anaphor")
            out.append(titled)
            originals[(titled.start, titled.end, titled.text)] = m
        else:
            out.append(m)
    covered = [(m.start, m.end) for m in out]
    for i in range(len(text) if holders.holders else 0):
        if any(a <= i < b for a, b in covered):
            continue
        form = titled_form(text, i)
        if form is None or any(a < form.end and form.start < b for a, b in covered):
            continue
        if not resolves(form):
            continue
        titled = Mention(form.start, form.end, "Person", form.text, 0.8, "titled", "anaphor")
        out.append(titled)
        originals[(titled.start, titled.end, titled.text)] = None
        covered.append((form.start, form.end))
    return sorted(out, key=lambda m: (m.start, -(m.end - m.start))), originals


def _resolve_titled(ref: _Ref, holders: PostHolders, article: int, s: Sentence) -> None:
    """李书记 -> the person surnamed 李 who holds a 书记 post earlier on the page."""
    m = ref.mention
    form = TitledForm(m.start, m.end, *_split_form(m.text))
    found = holders.resolve(form, article, s.start + m.start)
    ref.contextual = True
    if found is None:
        return  # no such person: unresolved, never a person of its own
    name, role = found
    ref.names = [Antecedent("Person", "Person", name)]
    ref.why, ref.score = f"surname and post {m.text} -> {name} ({role})", 0.8


def _split_form(text: str) -> tuple[str, str]:
    form = titled_form(text, 0)
    assert form is not None  # the mention was made from a form
    return form.surname, form.title


def _appositives(s: Sentence, refs: Sequence[_Ref]) -> None:
    """Note the employer or home written just before a person (某某医院主任医师张三)."""
    rules = person_evidence()
    ordered = sorted((r for r in refs if not r.proxy), key=lambda r: r.mention.start)
    for before, ref in pairwise(ordered):
        if not (ref.names and ref.names[0].group == "Person" and ref.mention.kind == "name"):
            continue
        if not before.names or before.names[0].group not in ("Organization", "Place"):
            continue
        if before.mention.end <= ref.mention.start and rules.appositive_gap(
            s.text[before.mention.end : ref.mention.start]
        ):
            ref.appositive = before


class DefaultResolver:
    """The resolver registered as ``default``."""

    def resolve(self, analyses: Sequence[DocumentAnalysis], config: BuildConfig) -> Resolution:
        """Resolve a whole build (see the module docstring)."""
        return self.finish([self.prepare(doc, config) for doc in analyses])

    def prepare(self, doc: DocumentAnalysis, config: BuildConfig) -> PreparedDocument:
        """Step 1 for one document: what each mention names in its article."""
        prepared = PreparedDocument(doc.document.doc_id)
        self._document(doc, config, prepared)
        return prepared

    def finish(self, prepared: Sequence[PreparedDocument]) -> Resolution:
        """Steps 2 and 3 over the prepared documents of the whole build."""
        return _Finisher(prepared).finish()

    # -- step 1: per article ------------------------------------------------------

    def _document(
        self, doc: DocumentAnalysis, config: BuildConfig, out: PreparedDocument
    ) -> None:
        refs, cands = out.refs, out.cands
        page = "\n".join(
            [a.article.headline or "" for a in doc.articles]
            + [a.article.text for a in doc.articles]
        )
        districts: Counter[str] = Counter()
        cities: Counter[str] = Counter()
        page_names: Counter[Antecedent] = Counter()
        for aa in doc.articles:
            out.credits.extend(credit.name for credit in aa.article.credits)
            for name in self._named(aa.sentences, aa.article.headline or ""):
                page_names[name] += 1
                label = name.label
                if name.group == "Place" and label.endswith(("区", "县")):
                    districts[label] += 1
                elif name.group == "Place" and label.endswith("市"):
                    cities[label] += 1
        city, city_why = home_city(page, districts, cities, config.home_city)
        holders = _post_holders(doc)
        for number, aa in enumerate(doc.articles):
            discourse = Discourse(headline=aa.article.headline or "", page=page_names)
            if city is not None:
                discourse.home = Antecedent("Place", "Place", city)
            discourse.prime(self._named(aa.sentences, discourse.headline))
            body = aa.article.text
            for sa in aa.sentences:
                s = sa.sentence
                where = _Where.of(s)
                mentions, proxies = _sentence_mentions(sa)
                mentions, originals = _with_titled_forms(s, mentions, holders, number)
                resolved: dict[tuple[int, int, str], _Ref] = {}
                for m in mentions:
                    surface = body[s.start + m.start : s.start + m.end]
                    ref = _Ref(doc.document.doc_id, where, m, surface)
                    if (m.start, m.end, m.text) in originals:
                        ref.replaced = originals[(m.start, m.end, m.text)]
                        _resolve_titled(ref, holders, number, s)
                    else:
                        self._resolve_mention(ref, s, discourse, mentions, city_why)
                    refs.append(ref)
                    resolved[(m.start, m.end, m.text)] = ref
                _appositives(s, list(resolved.values()))
                for fused, part in proxies:
                    # relations found on the fused name go to its innermost part
                    inner = resolved.get((part.start, part.end, part.text))
                    if inner is not None:
                        proxy = _Ref(doc.document.doc_id, where, fused, "",
                                     names=list(inner.names), proxy=True)
                        refs.append(proxy)
                cands.extend(_Cand(where, c) for c in sa.relations)

    def _named(self, sentences: Iterable[SentenceAnalysis], headline: str) -> list[Antecedent]:
        """Names of an article for salience: names, the places prefixing
        organisation names, and gazetteer places of the headline."""
        out: list[Antecedent] = []
        places: set[str] = set()
        orgs: list[str] = []
        generic = anaphor_table().anaphors
        for sa in sentences:
            for m in sa.mentions:
                if m.kind != "name" or m.type == "Person":
                    continue
                label = clean_label(m.text)
                if label in generic and not generic[label].match:
                    continue  # a tagged 学校 stands for a name; it is none
                etype = "Place" if _gazetteer_full_place(label) else m.type
                out.append(Antecedent(group_of(etype), etype, label))
                if etype == "Place":
                    places.add(label)
                elif group_of(m.type) == "Organization":
                    orgs.append(label)
        for label in [*orgs, *places]:
            prefix = place_prefix(label, places)
            if prefix and prefix != label:
                out.append(Antecedent("Place", "Place", prefix))
        out.extend(Antecedent("Place", "Place", p) for p in _gazetteer_places(headline))
        return out

    def _resolve_mention(
        self,
        ref: _Ref,
        s: Sentence,
        discourse: Discourse,
        mentions: Sequence[Mention],
        city_why: str,
    ) -> None:
        m = ref.mention
        position = s.start + m.start
        table = anaphor_table()
        if m.type == "Person" and m.kind == "name":
            name = alias_rules().person_name(clean_label(m.text))
            ref.names = [Antecedent("Person", "Person", name)]
            # people are antecedents too (他 of a later clause: sole_person)
            discourse.observe("Person", "Person", name, position, sentence=s.start)
            return
        short_name = (
            m.kind == "name"
            and group_of(m.type) == "Organization"
            and table.is_short_form(clean_label(m.text))
        )
        generic = table.anaphors.get(clean_label(m.text)) if m.kind == "name" else None
        if generic is not None and not generic.match and group_of(m.type) != "Person":
            # a tagger's 学校 / 公司 "name" is the common noun that stands for
            # the article's body (学校党委书记甲): resolve it like that anaphor
            ante = discourse.resolve(generic, position)
            ref.contextual = True
            if ante is not None:
                ref.names = [ante]
                ref.why, ref.score = f"anaphor {m.text} -> {ante.label} ({generic.strategy})", 0.8
            return
        if m.kind == "name" and not short_name:
            label = clean_label(m.text)
            etype = m.type
            if group_of(etype) == "Organization":
                label = alias_rules().strip(label)
                if _gazetteer_full_place(label):
                    etype = "Place"  # a tagger's 某某区 "organisation" is the district
            if label:
                ref.names = [Antecedent(group_of(etype), etype, label)]
                discourse.observe(etype, group_of(etype), label, position,
                                  topic=_opens_clause(s, m, mentions))
            return
        ref.contextual = True  # below: anaphors and short forms
        if m.kind == "anaphor" and not m.text:
            topic = discourse.topic(position)
            if topic is not None:
                ref.names = [topic]
                ref.why, ref.score = f"zero subject: discourse topic {topic[2]}", 0.6
            return
        if m.kind == "anaphor":
            anaphor = table.anaphors.get(m.text)
            if anaphor is None:
                return
            ante = discourse.resolve(anaphor, position)
            if ante is None:
                return
            ref.names = [ante]
            how = city_why if anaphor.strategy == "home_city" else anaphor.strategy
            ref.why, ref.score = f"anaphor {m.text} -> {ante.label} ({how})", 0.8
            discourse.observe(ante.type, ante.group, ante.label, position,
                              topic=_opens_clause(s, m, mentions))
            return
        split = table.split_short(clean_label(m.text))
        if split is None:
            return
        anaphor, body = split
        ante = discourse.resolve(anaphor, position)
        if ante is None:
            return
        prefix = clean_label(m.text)[: len(clean_label(m.text)) - len(body)]
        ref.context = ante.label
        for part in table.joint_parts(body):
            etype = table.short.body_type(part) if part != body else m.type
            label = ante.label + part
            ref.names.append(Antecedent(group_of(etype), etype, label))
            ref.written.append(clean_label(m.text) if part == body else prefix + part)
            discourse.observe(etype, group_of(etype), label, position,
                              topic=_opens_clause(s, m, mentions))
        labels = " + ".join(n.label for n in ref.names)
        ref.why, ref.score = f"short form {m.text} -> {labels} (context {ante.label})", 0.8


class _Finisher:
    """Steps 2 and 3: keys, persons, links, facts, decisions."""

    def __init__(self, prepared: Sequence[PreparedDocument]) -> None:
        self.refs = [ref for doc in prepared for ref in doc.refs]
        self.cands = [cand for doc in prepared for cand in doc.cands]
        self.credits = [name for doc in prepared for name in doc.credits]
        self.res = Resolution()
        self.by_id: dict[tuple[object, ...], _Ref] = {
            _mention_id(r.where, r.mention): r for r in self.refs
        }
        for r in self.refs:
            if r.replaced is not None:
                self.by_id.setdefault(_mention_id(r.where, r.replaced), r)
        self.aliases = alias_rules()
        self.alias_why: dict[str, str] = {}
        self.types: dict[str, Counter[str]] = defaultdict(Counter)
        self.surfaces: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, str] = {}

    def finish(self) -> Resolution:
        """Keys, people, links, facts, structure and credits, then the entities."""
        org_map = self._organisation_names()

        def key_of(ref: _Ref, group: str, label: str) -> tuple[str, str]:
            canonical = org_map.get((ref.doc, label), label) if group == "Organization" else label
            return f"{group}:{canonical}", canonical

        # Bodies the build names as written; a short form's expansion that is
        # none of them would invent a name the text never uses.
        named = {
            key_of(ref, group, label)[0]
            for ref in self.refs
            if not (ref.contextual or ref.proxy)
            for group, _, label in ref.names
            if group != "Person"
        }
        as_written = self._unnamed_short_forms(key_of, named)
        for ref in self.refs:
            for group, etype, label in ref.names:
                if group == "Person":
                    continue
                key, canonical = key_of(ref, group, label)
                contextual = ref.contextual or ref.proxy
                surface = label if contextual else clean_label(ref.mention.text)
                if contextual and key in as_written:
                    key, canonical = as_written[key]
                    surface = canonical
                ref.keys.append(key)
                self._note(key, etype, canonical, surface)
        self._persons()
        self._links()
        self._facts()
        self._structure()
        self._credits()
        for key, label in sorted(self.labels.items()):
            types = self.types[key]
            specific = next((t for t in _SPECIFIC_FIRST if types.get(t)), None)
            if key.startswith("Organization:") and specific is not None:
                etype = specific
            else:
                etype = types.most_common(1)[0][0] if types else key.split(":", 1)[0]
            alt = {s for s in self.surfaces[key] if s and s != label}
            self.res.entities[key] = Entity(key, etype, label, alt)
        return self.res

    def _unnamed_short_forms(
        self, key_of: Callable[[_Ref, str, str], tuple[str, str]], named: set[str]
    ) -> dict[str, tuple[str, str]]:
        """``expanded key -> (key, label)`` for short forms whose body nobody names.

        区委 on a page about 东湖区 is likely 东湖区委, but if no article of the
        build writes that name (or a form of it), the graph keeps the short
        form as written: an entity labelled 区委, keyed apart per context
        (``Organization:区委#东湖区``), with an identity decision that says what
        it likely is.  Anaphors resolved to the same expansion follow it.
        """
        out: dict[str, tuple[str, str]] = {}
        for ref in self.refs:
            if not ref.written or ref.proxy:
                continue
            whys: list[str] = []
            for (group, _, label), written in zip(ref.names, ref.written, strict=True):
                key, canonical = key_of(ref, group, label)
                if key in named:
                    continue
                out.setdefault(key, (f"{group}:{written}#{ref.context}", written))
                whys.append(
                    f"short form {written} kept as written: likely {canonical} "
                    f"(context {ref.context}), a name the text does not use"
                )
            if whys:
                ref.why, ref.score = "; ".join(whys), 0.6
        return out

    def _note(self, key: str, etype: str, label: str, surface: str) -> None:
        self.types[key][etype] += 1
        self.labels.setdefault(key, label)
        self.surfaces[key].add(surface)

    # -- organisation aliases ------------------------------------------------------

    def _organisation_names(self) -> dict[tuple[str, str], str]:
        """``(doc, label) -> canonical label`` for organisation names."""
        labels: dict[str, set[str]] = defaultdict(set)  # doc -> org labels
        for ref in self.refs:
            for group, _, label in ref.names:
                if group == "Organization":
                    labels[ref.doc].add(label)
        places = {n.label for r in self.refs for n in r.names if n.group == "Place"}

        def is_place(text: str) -> bool:
            """A place of the build or of the gazetteer."""
            return text in places or _gazetteer_place(text)

        out: dict[tuple[str, str], str] = {}
        rules = self.aliases
        # company names by the core of their name, per page
        full_by_core: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for doc, names in labels.items():
            for label in names:
                if rules.is_company_name(label):
                    core = rules.name_core(label, is_place)
                    if core:
                        full_by_core[core].add((doc, label))
        # short forms of each page's full company names (华星 of 洛阳华星科技有限公司),
        # the forms the entity extractor links to the company in the article
        by_short: dict[tuple[str, str], set[str]] = defaultdict(set)
        for doc, names in labels.items():
            for label in names:
                for form in short_forms(label):
                    by_short[(doc, form)].add(label)
        for doc, names in labels.items():
            for label in names:
                fulls = by_short.get((doc, label), set())
                if len(fulls) == 1:
                    [target] = fulls
                    self.alias_why[label] = f"company name {label} = {target} (short form)"
                    out[(doc, label)] = rules.expand(target)
                    continue
                target = self._company_target(doc, label, full_by_core, is_place)
                if target != label:
                    self.alias_why[label] = f"company name {label} = {target} (same core)"
                expanded = rules.expand(target)
                if expanded != target:
                    self.alias_why.setdefault(label, f"abbreviation {label} = {expanded}")
                out[(doc, label)] = expanded
        return out

    def _company_target(
        self,
        doc: str,
        label: str,
        full_by_core: dict[str, set[tuple[str, str]]],
        is_place: Callable[[str], bool],
    ) -> str:
        """The full company name ``label`` stands for, or ``label`` itself.

        A bare name (华星科技, 星河瑞) joins the one company on the page whose
        name has the same core (else the one in the build); a full name joins a
        longer one that extends it (星河瑞公司 -> 星河瑞科技有限公司), but two
        companies that differ in more than legal form stay apart (某某科技有限公司
        and 某某建设有限公司 share a core but are different firms).
        """
        rules = self.aliases
        core = rules.name_core(label, is_place)
        if core is None:
            return label
        fulls = full_by_core.get(core, set())
        on_page = sorted(
            {f for d, f in fulls if d == doc and f != label}, key=lambda f: (-len(f), f)
        )
        if rules.is_company_name(label):
            stem = rules.legal_stem(label)
            longer = [
                f for f in on_page
                if len(f) > len(label) and rules.legal_stem(f).startswith(stem)
            ]
            return longer[0] if len(longer) == 1 else label  # two firms extend it: unclear
        extending = [f for f in on_page if rules.legal_stem(f).startswith(label)]
        if len(extending) == 1:
            return extending[0]
        if len(on_page) == 1:
            return on_page[0]
        everywhere = {f for _, f in fulls}
        if not on_page and len(everywhere) == 1:
            return next(iter(everywhere))
        return label

    # -- persons ---------------------------------------------------------------------

    def _persons(self) -> None:
        """Person keys: mentions clustered by posts, homes and pages (:mod:`.persons`)."""
        orgs: dict[int, set[str]] = defaultdict(set)
        places: dict[int, set[str]] = defaultdict(set)
        for c in self.cands:
            cand = c.candidate
            if cand.relation not in ("worksFor", "residesIn") or cand.tail is None:
                continue
            head = self.by_id.get(_mention_id(c.where, cand.head))
            tail = self.by_id.get(_mention_id(c.where, cand.tail))
            if head is None or tail is None:
                continue
            # a post or an employer; a home
            into = orgs if cand.relation == "worksFor" else places
            into[id(head)].update(k for k in tail.keys if not k.startswith("Person:"))
        persons = [r for r in self.refs if r.names and r.names[0].group == "Person"]
        for ref in persons:
            if ref.appositive is not None:
                for key in ref.appositive.keys:
                    if key.startswith("Organization:"):
                        orgs[id(ref)].add(key)
                    elif key.startswith("Place:") and self._specific(key):
                        places[id(ref)].add(key)
        context = self._article_context()
        clusterer = PersonClusterer()
        handles: list[tuple[_Ref, int]] = []
        for ref in persons:
            if orgs.get(id(ref)) or places.get(id(ref)):
                handle = clusterer.add_with_posts(
                    ref.names[0].label, ref.where.article_id, ref.where.start + ref.mention.start,
                    orgs.get(id(ref), set()), places=places.get(id(ref), set()), doc=ref.doc,
                    context=context[ref.where.article_id],
                )
                handles.append((ref, handle))
        for ref in persons:
            if not (orgs.get(id(ref)) or places.get(id(ref))):
                handle = clusterer.add_bare(
                    ref.names[0].label, ref.where.article_id, ref.where.start + ref.mention.start,
                    doc=ref.doc, context=context[ref.where.article_id],
                )
                handles.append((ref, handle))
        keys = clusterer.keys(self.labels)
        for ref, handle in handles:
            key = keys[handle]
            ref.keys = [key]
            self._note(key, "Person", ref.names[0].label, ref.names[0].label)
            a = clusterer.assignments[handle]
            # Only decisions that could have gone otherwise are recorded: the
            # name is shared by several people, or a mention joined (or was
            # kept apart from) a person of another page.
            if len(clusterer.clusters.get(ref.names[0].label, [])) > 1 or a.score <= 0.7:
                why = f"person {ref.names[0].label}: {a.reason}"
                ref.why = f"{ref.why}; {why}" if ref.why else why
                ref.score = min(ref.score, a.score)

    def _specific(self, key: str) -> bool:
        return person_evidence().specific_place(key.split(":", 1)[1])

    def _article_context(self) -> dict[str, set[str]]:
        """Per article: the organisations, specific places and people it names
        (people by their name's key: their own keys are being decided)."""
        out: dict[str, set[str]] = defaultdict(set)
        for ref in self.refs:
            if ref.names and ref.names[0].group == "Person":
                out[ref.where.article_id].add(person_key_for_name(ref.names[0].label))
            for key in ref.keys:
                if key.startswith("Organization:") or (
                    key.startswith("Place:") and self._specific(key)
                ):
                    out[ref.where.article_id].add(key)
        return out

    # -- links and decisions --------------------------------------------------------

    def _links(self) -> None:
        seen: set[tuple[str, str, int, int]] = set()
        decided: set[tuple[str, str, str, str]] = set()
        for ref in self.refs:
            m, s = ref.mention, ref.where
            # A mention composed by a pattern (区委 + 宣传部长 -> 区委宣传部) is linked
            # by the part of its name written at its offsets, or not at all.
            surface = ref.surface
            linkable = (
                not ref.proxy and m.end > m.start and (surface == m.text or surface in m.text)
            )
            for key in ref.keys:
                if linkable:
                    ev = Evidence(s.article_id, s.index, s.start + m.start, s.start + m.end,
                                  m.method or "mention", m.score)
                    ident = (key, ref.where.article_id, ev.start, ev.end)
                    if ident not in seen:
                        seen.add(ident)
                        self.res.links.append(MentionLink(key, ev, surface))
                reason = ref.why or self.alias_why.get(clean_label(m.text))
                if reason:
                    text = m.text or "∅"
                    ident2 = (key, text, ref.where.article_id, reason)
                    if ident2 not in decided:
                        decided.add(ident2)
                        score = ref.score if ref.why else 0.9
                        self.res.decisions.append(
                            IdentityDecision(key, text, ref.where.article_id, score, reason)
                        )

    # -- facts ---------------------------------------------------------------------------

    def _keys(self, c: _Cand, m: Mention) -> list[str]:
        ref = self.by_id.get(_mention_id(c.where, m))
        return ref.keys if ref else []

    def _facts(self) -> None:
        seen: set[tuple[object, ...]] = set()
        for c in self.cands:
            cand, s = c.candidate, c.where
            heads = self._keys(c, cand.head)
            if cand.tail is None:
                spans = [cand.head] if cand.head.end > cand.head.start else []
                start = s.start + min((m.start for m in spans), default=0)
                ev = Evidence(c.where.article_id, s.index, start, s.end, cand.rule, cand.score)
                tails: list[tuple[str, bool]] = (
                    [(cand.literal, True)] if cand.literal else []
                )
            else:
                spans = [m for m in (cand.head, cand.tail) if m.end > m.start]
                ev = Evidence(
                    c.where.article_id, s.index,
                    s.start + min(m.start for m in spans), s.start + max(m.end for m in spans),
                    cand.rule, cand.score,
                )
                tails = [(k, False) for k in self._keys(c, cand.tail)]
            for h in heads:
                for obj, literal in tails:
                    if obj == h:
                        continue
                    ident = (h, cand.relation, obj, literal, cand.role, c.where.article_id, s.index)
                    if ident in seen:
                        continue
                    seen.add(ident)
                    self.res.facts.append(Fact(h, cand.relation, obj, literal, cand.role, ev))

    def _structure(self) -> None:
        """subOrganizationOf from names (``structure.yaml``), evidenced by a mention."""
        places = {label for key, label in self.labels.items() if key.startswith("Place:")}

        def known(place: str) -> bool:
            """A place of the build or of the gazetteer."""
            return place in places or _gazetteer_place(place)

        first_link: dict[str, MentionLink] = {}
        for link in self.res.links:
            first_link.setdefault(link.entity_key, link)
        rules = structure_rules()
        for key, label in sorted(self.labels.items()):
            if not key.startswith("Organization:") or key not in first_link:
                continue
            found = parent_of(label, rules, known)
            if found is None:
                continue
            parent_label = self.aliases.expand(found[0])
            parent = f"Organization:{parent_label}"
            if parent not in self.labels:
                continue  # a parent the text never names is not invented
            ev = first_link[key].evidence
            self.res.facts.append(
                Fact(key, "subOrganizationOf", parent, False, None,
                     Evidence(ev.article_id, ev.sentence_index, ev.start, ev.end,
                              f"structure:{found[1]}", 0.7))
            )

    def _credits(self) -> None:
        """Byline people are entities keyed by name (the graph links them)."""
        for name in self.credits:
            key = person_key_for_name(name)
            self._note(key, "Person", clean_label(name), clean_label(name))
