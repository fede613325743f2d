"""PatternExtractor: relation candidates from the YAML patterns in ``kg/data/patterns/``.

The patterns are data (see ``kg/data/patterns/README.md``); this module only
loads, compiles and applies them.  Users add patterns by dropping a YAML file
into that folder, or into a folder named by ``KG_PATTERNS_PATH``
(``os.pathsep``-separated), or by passing ``paths=`` to the extractor.

Examples
--------
>>> from kg.types import Mention, Sentence
>>> text = "市发改委主任王建国表示"
>>> ms = [Mention(0, 4, "GovernmentOrganization", "市发改委", kind="short"),
...       Mention(6, 9, "Person", "王建国")]
>>> [(c.head.text, c.relation, c.tail.text, c.role)
...  for c in PatternExtractor().extract(Sentence("a", 0, 0, len(text), text), ms)]
[('王建国', 'worksFor', '市发改委', '主任')]
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kg import resources
from kg.components import RELATION_EXTRACTORS
from kg.errors import KGError
from kg.extract.relations import RelationComponent
from kg.extract.relations.encoding import SLOT_TYPES, EncodedSentence, non_overlapping
from kg.extract.relations.language import (
    Emit,
    Pattern,
    SplitRule,
    compile_pattern,
    compile_split,
)
from kg.extract.relations.posts import PostChain, Title, TitleLexicon, parse_posts, parse_roster
from kg.types import Mention, RelationCandidate, Sentence

__all__ = [
    "PatternExtractor",
    "PatternSet",
    "load_pattern_set",
    "patterns_fingerprint",
    "PATTERNS_ENV",
]

#: Environment variable naming extra pattern files or folders.
PATTERNS_ENV = "KG_PATTERNS_PATH"
_SUBJECT_TYPES = frozenset((*SLOT_TYPES["ORG"], "Place"))
#: Further subjects ``@topic`` accepts (award patterns: people and parks win prizes).
_TOPIC_TYPES = frozenset(("Person", "Project"))
_CLAUSE_OPENERS = frozenset("，,：:；;。")
#: References to the clause's subject (see ``_subject``).
_SUBJECT_REFS = ("@subject", "@named", "@topic")


def _builtin_files() -> list[tuple[str, str]]:
    return [
        (resources.where("patterns", name), resources.read_text("patterns", name))
        for name in resources.list_files("patterns", suffix=".yaml")
    ]


def _user_files(paths: Iterable[str | Path]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw)
        targets = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
        for t in targets:
            try:
                out.append((str(t), t.read_text(encoding="utf-8")))
            except OSError as exc:
                raise KGError(f"{t}: cannot read patterns: {exc}") from None
    return out


class PatternSet:
    """Titles, macros, sequence patterns and split rules from a set of YAML files."""

    def __init__(self, files: Sequence[tuple[str, str]]) -> None:
        docs = [(where, resources.parse_yaml(text, where)) for where, text in files]
        titles: list[Title] = []
        heads: list[str] = []
        modifiers: list[str] = []
        glued_base = ""
        inner_unit = ""
        macros: dict[str, str] = {}
        for where, data in docs:
            for entry in data.get("titles") or []:
                titles.append(Title.from_yaml(entry))
            heads.extend(str(h) for h in data.get("glued_heads") or [])
            modifiers.extend(str(m) for m in data.get("title_modifiers") or [])
            for key in ("glued_base", "inner_unit"):
                if key not in data:
                    continue
                try:
                    re.compile(str(data[key]))
                except re.error as exc:
                    raise KGError(f"{where}: {key}: bad regex: {exc}") from None
            glued_base = str(data.get("glued_base", glued_base))
            inner_unit = str(data.get("inner_unit", inner_unit))
            for key, value in (data.get("macros") or {}).items():
                if not re.fullmatch(r"[A-Z][A-Z0-9_]*", str(key)):
                    raise KGError(f"{where}: macro names are UPPERCASE: {key!r}")
                macros[str(key)] = str(value)
        self.titles = TitleLexicon(titles, heads, modifiers, glued_base, inner_unit)
        lead = "".join(str(d["zero_subject_lead"]) for _, d in docs if "zero_subject_lead" in d)
        generic = "|".join(str(d["generic_subjects"]) for _, d in docs if "generic_subjects" in d)
        try:
            #: What may open a clause before a dropped subject's verb (同时, 此外).
            self.zero_subject_lead = re.compile(lead or "")
            #: A clause opened by a common noun standing for the article's
            #: organisation (学校先后与…): the noun, between lead words.
            self.generic_subject: re.Pattern[str] | None = (
                re.compile(f"(?:{lead})(?P<noun>{generic})(?:{lead})") if generic else None
            )
        except re.error as exc:
            raise KGError(f"zero_subject_lead / generic_subjects: bad regex: {exc}") from None
        bodies = "|".join(str(d["generic_bodies"]) for _, d in docs if "generic_bodies" in d)
        try:
            #: A common noun for the article's organisation right before a title
            #: (现任校党委书记, 兼任公司董事长): not inside a word, so 某某公司 is not.
            self.generic_body: re.Pattern[str] | None = (
                re.compile(
                    "(?:(?<=现任)|(?<=兼任)|(?<=原任)|(?:(?<=担任)|(?<=出任)|(?<=任了))(?!校长)"
                    "|(?<![\u4e00-\u9fff、]))"
                    # 学校就业指导中心主任: an untagged unit may stand between
                    f"(?P<noun>{bodies})(?=(?:{self.titles.inner_unit})?{self.titles.regex})"
                )
                if bodies else None
            )
        except re.error as exc:
            raise KGError(f"generic_bodies: bad regex: {exc}") from None
        self.macros = macros
        self.patterns: list[Pattern] = []
        self.splits: list[SplitRule] = []
        #: ``named_after_developer`` (projects.yaml): a project whose name starts
        #: with the name of a body the same sentence names (某某国际医疗中心 …
        #: 某某) is that body's; ``None`` when no file sets it.
        self.named_after: dict[str, Any] | None = None
        for where, data in docs:
            spec = data.get("named_after_developer")
            if spec is None:
                continue
            try:
                self.named_after = {
                    "name": str(spec["name"]),
                    "developers": frozenset(str(t) for t in spec["developers"]),
                    "min_rest": int(spec.get("min_rest", 2)),
                    "score": float(spec.get("score", 0.7)),
                }
            except (KeyError, TypeError, ValueError) as exc:
                raise KGError(f"{where}: named_after_developer: {exc}") from None
        names: set[str] = set()
        for where, data in docs:
            for entry in data.get("patterns") or []:
                p = compile_pattern(entry, self.titles, macros, where)
                if p.name in names:
                    raise KGError(f"{where}: pattern name {p.name!r} is used twice")
                names.add(p.name)
                self.patterns.append(p)
            for entry in data.get("splits") or []:
                self.splits.append(compile_split(entry, where))


@cache
def _builtin_set(extra: tuple[str, ...]) -> PatternSet:
    return PatternSet(_builtin_files() + _user_files(extra))


def load_pattern_set(paths: Sequence[str | Path] = ()) -> PatternSet:
    """The built-in patterns plus ``paths`` and ``$KG_PATTERNS_PATH`` (cached)."""
    env = [p for p in os.environ.get(PATTERNS_ENV, "").split(os.pathsep) if p]
    return _builtin_set(tuple(str(p) for p in (*env, *paths)))


def patterns_fingerprint(paths: Sequence[str | Path] = ()) -> str:
    """A hash of every pattern file in use (built-in, ``$KG_PATTERNS_PATH``,
    ``paths``) and of the anaphor table, so a build cache can tell when
    extraction results are stale after a user edits a pattern.

    Examples
    --------
    >>> len(patterns_fingerprint())
    16
    """
    env = [p for p in os.environ.get(PATTERNS_ENV, "").split(os.pathsep) if p]
    digest = hashlib.sha1()
    anaphors = yaml.safe_dump(resources.load_yaml("resolve", "anaphors.yaml"), allow_unicode=True)
    files = [*_builtin_files(), *_user_files([*env, *paths]), ("anaphors.yaml", anaphors)]
    for where, text in files:
        digest.update(where.encode("utf-8") + b"\0" + text.encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]


def _subject(
    enc: EncodedSentence,
    before: int,
    exclude: set[Mention],
    lead: re.Pattern[str],
    generic: re.Pattern[str] | None = None,
    topic: bool = False,
    zero: bool = True,
) -> Mention | None:
    """The clause subject before encoded offset ``before``: the last organisation or
    place that opens the sentence or a clause; else a common noun that stands for
    the article's organisation (学校先后与…, matched by ``generic``), as an anaphor
    of the type ``anaphors.yaml`` gives it; else a zero-width anaphor that the
    resolver maps to the discourse topic (Chinese drops repeated subjects).  When
    the clause opens with a person, or with words ``lead`` does not accept (an
    untagged name: 腾讯与…), there is no subject to take: ``None``.

    ``topic`` (the ``@topic`` reference of award patterns): persons and
    projects may be the subject too, a person in the opening clause is
    preferred to the place or body before it (〈country〉名将〈name〉), and only
    a named opener counts (no zero-width anaphor, no common noun).
    ``zero=False`` (``@named``): no zero-width anaphor either."""
    found: Mention | None = None
    for i in range(before):
        m = enc.mention_at(i)
        if m is None or m in exclude:
            continue
        prev = enc.text[i - 1] if i > 0 else "，"
        if prev in _CLAUSE_OPENERS:
            found = m
            # 某县某镇某社区与…: a run of places names the innermost one
            j = i + 1
            while j < before and m.type == "Place":
                nxt = enc.mention_at(j)
                if nxt is None or nxt.type != "Place" or nxt in exclude:
                    break
                found = nxt
                j += 1
    if found is not None and topic and found.type != "Person":
        # 〈place〉名将〈name〉…，夺得…: the person of the opening clause
        opener = enc.mentions.index(found)
        for i in range(opener + 1, before):
            if enc.text[i] in _CLAUSE_OPENERS:
                break
            m = enc.mention_at(i)
            if m is not None and m.type == "Person" and m not in exclude:
                found = m
                break
    if found is not None:
        if found.type in _SUBJECT_TYPES or (topic and found.type in _TOPIC_TYPES):
            return found
        return None
    if topic:
        return None
    # A dropped subject leaves the clause opening with the match (与A签订…);
    # a mention between the clause start and the match is an unparsed subject.
    clause_start = max((i + 1 for i in range(before) if enc.text[i] in _CLAUSE_OPENERS), default=0)
    if any(enc.mention_at(i) is not None for i in range(clause_start, before)):
        return None
    raw = enc.text[clause_start:before]
    if not lead.fullmatch(raw.strip()):
        noun = generic.fullmatch(raw.strip()) if generic is not None else None
        if noun is None:
            return None
        from kg.extract.entities.anaphors import anaphor_table

        known = anaphor_table().anaphors.get(noun["noun"])
        if known is None:
            return None
        at = clause_start + (len(raw) - len(raw.lstrip())) + noun.start("noun")
        a, b = enc.decode(at, at + len(noun["noun"]))
        return Mention(a, b, known.type, noun["noun"], 0.6, "patterns:generic-subject", "anaphor")
    if not zero:
        return None
    at = enc.decode(before, before)[0] if before < len(enc.text) else len(enc.sentence)
    return Mention(at, at, "Place", "", 0.5, "patterns:zero-subject", "anaphor")


@RELATION_EXTRACTORS.factory("patterns")
class PatternExtractor(RelationComponent):
    """Relation candidates from data-driven patterns.

    Parameters
    ----------
    paths
        Extra pattern files or folders, on top of the built-in ones.
    use_anaphors
        Also look for anaphors and short forms (``AnaphorMatcher``) where the
        given mentions leave gaps, so 区委书记 finds its organisation even when
        the entity pipeline was configured without the matcher.
    """

    name = "patterns"

    def __init__(self, paths: Sequence[str | Path] = (), use_anaphors: bool = True) -> None:
        self.patterns = load_pattern_set(paths)
        self._anaphors: Any = None
        if use_anaphors:
            from kg.extract.entities.anaphors import AnaphorMatcher

            self._anaphors = AnaphorMatcher()

    def _mentions(self, sentence: Sentence, mentions: Sequence[Mention]) -> list[Mention]:
        base = non_overlapping(mentions)
        extra = self._generic_bodies(sentence)
        if self._anaphors is not None:
            extra += self._anaphors.extract([sentence])[0]
        free = [
            a for a in extra if all(a.end <= m.start or a.start >= m.end for m in base)
        ]
        return non_overlapping(base + free)

    def _generic_bodies(self, sentence: Sentence) -> list[Mention]:
        """Anaphors for common nouns that stand for the article's organisation
        before a title (现任校党委书记甲、校长乙), typed by ``anaphors.yaml``."""
        rx = self.patterns.generic_body
        if rx is None:
            return []
        from kg.extract.entities.anaphors import anaphor_table

        table = anaphor_table().anaphors
        out: list[Mention] = []
        for m in rx.finditer(sentence.text):
            known = table.get(m["noun"])
            if known is not None:
                out.append(Mention(m.start("noun"), m.end("noun"), known.type, m["noun"], 0.6,
                                   "patterns:generic-body", "anaphor"))
        return out

    def extract(self, sentence: Sentence, mentions: Sequence[Mention]) -> list[RelationCandidate]:
        """All candidates the patterns find in ``sentence``, without duplicates."""
        ms = self._mentions(sentence, mentions)
        enc = EncodedSentence.build(sentence.text, ms)
        found: list[RelationCandidate] = []
        for pattern in self.patterns.patterns:
            found.extend(self._apply(pattern, enc))
        for rule in self.patterns.splits:
            for m in ms:
                found.extend(self._split(rule, m))
        found.extend(self._named_after(ms))
        return _dedupe(found)

    def _named_after(self, ms: Sequence[Mention]) -> list[RelationCandidate]:
        """develops for a project named after a body the sentence also names."""
        spec = self.patterns.named_after
        if spec is None:
            return []
        out: list[RelationCandidate] = []
        for project in ms:
            if project.type != "Project":
                continue
            for body in ms:
                if (body.type in spec["developers"] and body.kind == "name"
                        and project.text.startswith(body.text)
                        and len(project.text) - len(body.text) >= spec["min_rest"]):
                    out.append(RelationCandidate(body, "develops", project, spec["name"],
                                                 spec["score"]))
        return out

    # -- sequence patterns -------------------------------------------------

    def _matches(self, pattern: Pattern, enc: EncodedSentence) -> Iterable[re.Match[str]]:
        if not pattern.overlap:
            yield from pattern.regex.finditer(enc.text)
            return
        pos = 0
        while pos <= len(enc.text):
            m = pattern.regex.search(enc.text, pos)
            if m is None:
                return
            yield m
            pos = m.start() + 1

    def _apply(self, pattern: Pattern, enc: EncodedSentence) -> list[RelationCandidate]:
        out: list[RelationCandidate] = []
        for match in self._matches(pattern, enc):
            slots = self._slot_mentions(pattern, enc, match)
            if slots is None:
                continue
            for emit in pattern.emits:
                out.extend(self._emit(pattern, emit, enc, match, slots))
        return out

    def _slot_mentions(
        self, pattern: Pattern, enc: EncodedSentence, match: re.Match[str]
    ) -> dict[str, list[Mention]] | None:
        slots: dict[str, list[Mention]] = {}
        for name, kind in pattern.slots.items():
            if kind not in ("mention", "list", "run") or match.start(name) < 0:
                continue
            ms = enc.mentions_in(match.start(name), match.end(name))
            if kind == "run":
                ms = ms[-1:]  # 广东省深圳市: the innermost place
            rx = pattern.where.get(name)
            if rx is not None:
                ms = [m for m in ms if rx.search(m.text)]
                if not ms:
                    return None  # a constraint failed: the match does not count
            slots[name] = ms
        return slots

    def _refs(
        self,
        pattern: Pattern,
        refs: Sequence[str],
        enc: EncodedSentence,
        match: re.Match[str],
        slots: dict[str, list[Mention]],
        exclude: set[Mention],
    ) -> list[Mention]:
        """The mentions of the first reference that matched (see ``Emit``)."""
        for ref in refs:
            if ref in _SUBJECT_REFS:
                subject = _subject(enc, match.start(), exclude, self.patterns.zero_subject_lead,
                                   self.patterns.generic_subject, topic=ref == "@topic",
                                   zero=ref == "@subject")
                return [subject] if subject is not None else []
            if ref.startswith("@"):
                made = self._made(pattern, ref, enc, match)
                if made is not None:
                    return [made]
                continue
            if slots.get(ref):
                return slots[ref]
        return []

    def _made(
        self, pattern: Pattern, ref: str, enc: EncodedSentence, match: re.Match[str]
    ) -> Mention | None:
        """A mention made from a text group: ``@Project:g`` or ``@anaphor:g``."""
        etype, _, group = ref[1:].partition(":")
        if match.start(group) < 0:
            return None
        a, b = enc.decode(match.start(group), match.end(group))
        text = enc.sentence[a:b]
        if not text.strip() or text != text.strip():
            return None
        method = f"patterns:{pattern.name}"
        if etype == "anaphor":
            from kg.extract.entities.anaphors import anaphor_table

            known = anaphor_table().anaphors.get(text)
            return Mention(a, b, known.type if known else "Place", text, 0.7, method, "anaphor")
        return Mention(a, b, etype, text, 0.6, method, "name")

    def _text(self, enc: EncodedSentence, match: re.Match[str], ref: str | None) -> str | None:
        if ref is None or match.start(ref) < 0:
            return None
        text = enc.literal(match.start(ref), match.end(ref)).strip()
        return text or None

    def _emit(
        self,
        pattern: Pattern,
        emit: Emit,
        enc: EncodedSentence,
        match: re.Match[str],
        slots: dict[str, list[Mention]],
    ) -> list[RelationCandidate]:
        named = {m for ms in slots.values() for m in ms}
        if emit.pairwise is not None:
            return self._pairwise(pattern, emit, enc, match)
        if emit.posts is not None and pattern.slots.get(emit.posts) in ("roster", "parties"):
            return self._roster(pattern, emit, enc, match)
        heads = self._refs(pattern, emit.head, enc, match, slots, named)
        out: list[RelationCandidate] = []
        if emit.posts is not None:
            if match.start(emit.posts) < 0:
                return []
            chain: PostChain = parse_posts(
                enc, match.start(emit.posts), match.end(emit.posts), self.patterns.titles,
                f"patterns:{pattern.name}",
            )
            for head in heads:
                out.extend(_chain_candidates(head, chain, emit, pattern))
            return out
        literal = next(
            (t for t in (self._text(enc, match, ref) for ref in emit.literal) if t), None
        )
        role = emit.role_text or self._text(enc, match, emit.role)
        if emit.literal:
            if literal is None:
                return []
            literals = [literal]
            if emit.split is not None:
                # 被评为A、B和C: one literal each, without a count (一项…)
                pieces = (emit.split.split(literal))
                trimmed = (emit.trim.sub("", x) if emit.trim else x for x in pieces)
                literals = [x.strip() for x in trimmed if x and x.strip()]
            return [
                RelationCandidate(h, emit.relation, None, pattern.name, pattern.score,
                                  role=role, literal=text)
                for h in heads
                for text in literals
            ]
        tails = self._refs(pattern, emit.tail, enc, match, slots, named)
        for h in heads:
            for t in tails:
                if h is not t:
                    out.append(RelationCandidate(h, emit.relation, t, pattern.name,
                                                 pattern.score, role=role))
        return out

    def _roster(
        self, pattern: Pattern, emit: Emit, enc: EncodedSentence, match: re.Match[str]
    ) -> list[RelationCandidate]:
        """One relation per post of each person of a roster slot."""
        name = emit.posts
        assert name is not None
        if match.start(name) < 0:
            return []
        out: list[RelationCandidate] = []
        roster = parse_roster(enc, match.start(name), match.end(name),
                              self.patterns.titles, f"patterns:{pattern.name}")
        for person, chain in roster:
            out.extend(_chain_candidates(person, chain, emit, pattern))
        return out

    def _pairwise(
        self, pattern: Pattern, emit: Emit, enc: EncodedSentence, match: re.Match[str]
    ) -> list[RelationCandidate]:
        """The relation between every two parties of a slot: the organisations
        of a roster's people (甲方〈org〉董事长A、乙方〈org2〉总经理B), or the
        elements of a list."""
        name = emit.pairwise
        assert name is not None
        if match.start(name) < 0:
            return []
        start, end = match.start(name), match.end(name)
        parties: list[Mention] = []
        if pattern.slots.get(name) in ("roster", "parties"):
            for _, chain in parse_roster(enc, start, end, self.patterns.titles,
                                         f"patterns:{pattern.name}"):
                if chain.posts:
                    parties.append(chain.posts[0].org)
        else:
            parties = enc.mentions_in(start, end)
        unique: list[Mention] = []
        for m in parties:
            if all(m.text != u.text for u in unique):
                unique.append(m)
        return [
            RelationCandidate(a, emit.relation, b, pattern.name, pattern.score)
            for i, a in enumerate(unique)
            for b in unique[i + 1:]
        ]

    # -- split rules ---------------------------------------------------------

    def _split(self, rule: SplitRule, mention: Mention) -> list[RelationCandidate]:
        if mention.type not in rule.types:
            return []
        m = rule.regex.fullmatch(mention.text)
        if m is None:
            return []
        parts = {
            group: Mention(mention.start + m.start(group), mention.start + m.end(group), etype,
                           m.group(group), mention.score, f"patterns:{rule.name}", mention.kind)
            for group, etype in rule.parts.items()
            if m.start(group) >= 0
        }
        out: list[RelationCandidate] = []
        for emit in rule.emits:
            heads = [parts[h] for h in emit.head if h in parts][:1]
            tails = [parts[t] for t in emit.tail if t in parts][:1]
            out.extend(
                RelationCandidate(h, emit.relation, t, rule.name, rule.score)
                for h in heads
                for t in tails
            )
        return out


def _chain_candidates(
    person: Mention, chain: PostChain, emit: Emit, pattern: Pattern
) -> list[RelationCandidate]:
    """One relation per post of ``chain`` held by ``person``, and one award per honour."""
    out = [
        RelationCandidate(person, emit.relation, post.org, pattern.name, pattern.score,
                          role=post.role)
        for post in chain.posts
    ]
    out.extend(
        RelationCandidate(person, "award", None, f"{pattern.name}.honor", pattern.score,
                          literal=honor)
        for honor, _, _ in chain.honors
    )
    return out


def _dedupe(candidates: Iterable[RelationCandidate]) -> list[RelationCandidate]:
    seen: set[tuple[Any, ...]] = set()
    out: list[RelationCandidate] = []
    for c in candidates:
        tail = (c.tail.start, c.tail.end, c.tail.text) if c.tail else None
        key = (c.head.start, c.head.end, c.head.text, c.relation, tail, c.literal, c.role)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
