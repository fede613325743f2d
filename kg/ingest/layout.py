"""Layout repair: from the lines of a page to articles.

A news page as text is a sequence of headings, paragraphs, bylines and photo
captions.  Print layout breaks it in ways that hurt extraction: a slogan
banner or a photo caption lands in the middle of a sentence (``坚`` / ``## 新时代
新征程 新伟业`` / ``持重大产业项目……``), and bylines sit inside the first paragraph.
:func:`repair` undoes that in three steps:

1. :func:`scan` turns text into :class:`Line` records (heading, text, caption,
   byline), cutting bylines and captions out of paragraphs as credits.
2. :func:`classify` gives every line a :class:`Role`: a heading is a title if
   it has a body and does not interrupt a sentence, otherwise a banner.
3. :func:`assemble` builds articles, re-joining a paragraph that ends without
   closing punctuation with the next body line, with no separator.

A photo description that sits between a broken paragraph and its
continuation (a line directly followed by ``X 摄``) is not glued into the
sentence: it is kept as its own paragraph right after the re-joined one, so
its entities are still found.

Banners that stand alone (no body) label what follows them and are attached to
the next article; banners that interrupt a sentence belong to the article they
interrupt.

Short lines set apart by blank lines are judged by context: inside an
unfinished sentence they are stray banners (skipped); followed by text that
opens like an article (a date, 近日, a byline) or by a photo caption they title
an untitled photo-news block (a new article); otherwise they are section heads
(小标题), kept as their own paragraph and never glued to the next one.
Hard-wrapped lines (no blank lines between them) are always joined.

Examples
--------
>>> page = "## 标题\\n\\n本报讯（记者朱江森）该区坚\\n\\n## 新时代 新征程\\n\\n"
>>> page += "持创新。\\n\\n王若旭 摄"
>>> [draft] = repair(page)
>>> draft.headline, draft.text, draft.banners
('标题', '该区坚持创新。', ['新时代 新征程'])
>>> [(c.name, c.role) for c in draft.credits]
[('朱江森', 'author'), ('王若旭', 'photographer')]
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from dataclasses import dataclass, field

from kg.ingest.credits import byline_credits, caption_credits, strip_credits
from kg.ingest.rules import Rules, load_rules
from kg.types import Credit

__all__ = ["Kind", "Role", "Line", "Draft", "scan", "classify", "assemble", "repair"]

# Only the marker is matched by a pattern; trailing "#"s are cut by rstrip,
# because a lazy group before a trailing class backtracks quadratically.
_HEADING = re.compile(r"#{1,6}(?:[ \t\u3000]+|$)")
_HEADING_END = " \t\u3000#"


class Kind(enum.Enum):
    """What a line is on its own, before looking at its neighbours."""

    HEADING = "heading"
    TEXT = "text"
    CAPTION = "caption"
    BYLINE = "byline"


class Role(enum.Enum):
    """What a line is in its context."""

    TITLE = "title"  # heading that opens an article
    HEADLINE = "headline"  # short unmarked line that opens an untitled article
    BANNER = "banner"  # slogan that labels the next article
    INTERRUPTION = "interruption"  # banner or stray line inside a sentence
    BODY = "body"
    SUBHEAD = "subhead"  # subtitle or section head (小标题): kept, never joined
    DESCRIPTION = "description"  # photo description inside a broken sentence
    META = "meta"  # byline or caption: credits only


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line.  ``gap_before``/``gap_after``: a blank line (or the
    page edge) separates it from its neighbour."""

    kind: Kind
    text: str
    gap_before: bool = True
    gap_after: bool = True
    credits: tuple[Credit, ...] = ()
    #: The line ended with an inline photo caption (``……。 王若旭 摄``).
    captioned: bool = False
    #: The line opens like an article: byline, date or 近日 first.
    opens: bool = False
    #: Heading level: the number of "#"s (``<h1>`` is 1); 0 for other lines.
    level: int = 0


@dataclass
class Draft:
    """An article being assembled; :mod:`kg.ingest.readers` makes it an Article."""

    headline: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    banners: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def _line(text: str, headings: bool, rules: Rules, before: bool, after: bool) -> Line | None:
    heading = _HEADING.match(text) if headings else None
    if heading:
        title = text[heading.end() :].rstrip(_HEADING_END)
        level = len(text) - len(text.lstrip("#"))
        # A bare "##" is a layout rule, not a heading.
        return Line(Kind.HEADING, title, before, after, level=level) if title else None
    caption = caption_credits(text, rules)
    if caption:
        return Line(Kind.CAPTION, text, before, after, tuple(caption))
    byline = byline_credits(text, rules)
    if byline:
        return Line(Kind.BYLINE, text, before, after, tuple(byline))
    rest, credits = strip_credits(text, rules)
    captioned = any(c.role == "photographer" for c in credits)
    # A line that was nothing but credits keeps them and leaves no text.
    kind = Kind.TEXT if rest else Kind.BYLINE
    return Line(kind, rest, before, after, tuple(credits), captioned, rules.starts_article(text))


def scan(text: str, *, headings: bool = True, rules: Rules | None = None) -> list[Line]:
    """Split normalised ``text`` into classified, stripped, non-blank lines."""
    rules = rules or load_rules()
    raw = [line.strip() for line in text.split("\n")]
    lines: list[Line] = []
    for i, stripped in enumerate(raw):
        if not stripped:
            continue
        before = i == 0 or not raw[i - 1]
        after = i + 1 == len(raw) or not raw[i + 1]
        line = _line(stripped, headings, rules, before, after)
        if line is not None:
            lines.append(line)
    return lines


def _next_contents(lines: list[Line]) -> list[int | None]:
    """For each line, the index of the next heading or text line (one pass)."""
    result: list[int | None] = [None] * len(lines)
    upcoming: int | None = None
    for i in range(len(lines) - 1, -1, -1):
        result[i] = upcoming
        if lines[i].kind in (Kind.HEADING, Kind.TEXT):
            upcoming = i
    return result


class _Context:
    """Look-ahead facts about every line, computed in linear time."""

    def __init__(self, lines: list[Line], rules: Rules) -> None:
        self.lines = lines
        self.next = _next_contents(lines)
        self.slogan = [self._slogan(i, rules) for i in range(len(lines))]
        # has_body[i]: body text follows line i before the next heading.
        # next_caption[i]: the first photo caption after line i, if it comes
        # before the next heading.
        self.has_body = [False] * len(lines)
        self.next_caption: list[int | None] = [None] * len(lines)
        seen_body = False
        caption: int | None = None
        for i in range(len(lines) - 1, -1, -1):
            self.has_body[i] = seen_body
            self.next_caption[i] = caption
            line = lines[i]
            if line.kind is Kind.HEADING:
                seen_body, caption = False, None
            elif line.kind is Kind.TEXT and not self.slogan[i]:
                seen_body = True
            if line.kind is Kind.CAPTION or line.captioned:
                caption = i
        # A caption closes one photo-news block, so it titles only one line.
        self.claimed: set[int] = set()
        self.level_counts = Counter(line.level for line in lines if line.kind is Kind.HEADING)
        # Headings found to be subtitles of the heading just above them.
        self.subtitles: set[int] = set()

    def titled_with_subtitle(self, i: int) -> bool:
        """Heading ``i`` has no body of its own but is followed by the only
        heading of a deeper level, which has one: title and subtitle
        (``<h1>`` then ``<h2>`` on an article page).  Headings of equal level,
        or a deeper level used for several articles, make ``i`` a banner.
        """
        j = self.next[i]
        if j is None:
            return False
        below = self.lines[j]
        if below.kind is not Kind.HEADING or below.level <= self.lines[i].level:
            return False
        if self.level_counts[below.level] != 1 or not self.has_body[j]:
            return False
        self.subtitles.add(j)
        return True

    def follower(self, i: int) -> Line | None:
        j = self.next[i]
        return self.lines[j] if j is not None else None

    def _slogan(self, i: int, rules: Rules) -> bool:
        """A short unpunctuated line directly followed by a heading."""
        line = self.lines[i]
        if line.kind is not Kind.TEXT or not rules.is_short_bare(line.text):
            return False
        follower = self.follower(i)
        return follower is not None and follower.kind is Kind.HEADING

    def opens_block(self, i: int) -> bool:
        """Line ``i`` titles an untitled block: text follows that opens like an
        article (a date, 近日, a byline) or that carries a photo caption.

        Without such evidence a short unpunctuated line is more likely a
        fragment of a broken paragraph than a title.
        """
        follower = self.follower(i)
        if follower is None or follower.kind is not Kind.TEXT:
            return False
        caption = self.next_caption[i]
        free = caption is not None and caption not in self.claimed
        if not (follower.opens or free):
            return False
        if caption is not None:
            self.claimed.add(caption)
        return True

    def describes_photo(self, i: int) -> bool:
        """Line ``i`` is a photo description: a caption follows it, then more text."""
        captioned = self.lines[i].captioned or (
            i + 1 < len(self.lines) and self.lines[i + 1].kind is Kind.CAPTION
        )
        follower = self.follower(i)
        return captioned and follower is not None and follower.kind is Kind.TEXT


def _opens(line: Line | None) -> bool:
    return line is None or line.opens


def _text_role(
    ctx: _Context, i: int, broken: bool, previous: Role | None, headings: bool, rules: Rules
) -> Role:
    """The role of text line ``i``; ``broken``: the paragraph before it is unfinished."""
    line = ctx.lines[i]
    follower = ctx.follower(i)
    if headings and ctx.slogan[i]:
        return Role.BANNER
    if broken and ctx.describes_photo(i):
        return Role.DESCRIPTION
    # Only a line set apart by blank lines can be a title, subhead or stray
    # banner; hard-wrapped paragraphs have no blank lines between their lines.
    apart = line.gap_before and line.gap_after
    if apart and rules.is_subhead(line.text):
        return Role.SUBHEAD
    if not (apart and rules.is_short_bare(line.text)):
        return Role.BODY
    if broken:
        # A stray line inside a sentence, unless the sentence ends here.
        has_rest = follower is not None and follower.kind is Kind.TEXT
        return Role.INTERRUPTION if has_rest else Role.BODY
    if headings and previous not in (Role.TITLE, Role.HEADLINE) and ctx.opens_block(i):
        return Role.HEADLINE
    # A short line between finished paragraphs heads a section (小标题): it is
    # kept as its own paragraph and never glued to the next one.
    return Role.SUBHEAD


def classify(lines: list[Line], *, headings: bool = True, rules: Rules | None = None) -> list[Role]:
    """Give each line of :func:`scan` its :class:`Role`.

    ``headings=False`` (for ``.jsonl`` records, which have no page layout
    beyond paragraphs) never makes titles, headlines or standalone banners.
    """
    rules = rules or load_rules()
    ctx = _Context(lines, rules)
    roles: list[Role] = []
    # Text of the last body line of the current article; "" after a title.
    last_body = ""
    previous: Role | None = None
    for i, line in enumerate(lines):
        broken = last_body != "" and not rules.is_complete(last_body)
        role: Role
        if line.kind in (Kind.CAPTION, Kind.BYLINE):
            role = Role.META
        elif line.kind is Kind.HEADING:
            if i in ctx.subtitles:
                role = Role.SUBHEAD
            elif ctx.titled_with_subtitle(i):
                role = Role.TITLE
            elif not ctx.has_body[i]:
                role = Role.BANNER
            elif broken and not _opens(ctx.follower(i)):
                role = Role.INTERRUPTION
            else:
                role = Role.TITLE
        else:
            role = _text_role(ctx, i, broken, previous, headings, rules)
        if role in (Role.TITLE, Role.HEADLINE, Role.SUBHEAD):
            last_body = ""
        elif role is Role.BODY:
            last_body = line.text
        if role is not Role.META:
            previous = role
        roles.append(role)
    return roles


class _Builder:
    """Accumulates drafts; keeps a broken paragraph open for its continuation."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.drafts: list[Draft] = []
        self.current = Draft()
        self.pending_banners: list[str] = []
        # Fragments of the open paragraph, joined once: no quadratic concatenation.
        self.open: list[str] = []
        self.deferred: list[str] = []

    def close_paragraph(self) -> None:
        if self.open:
            self.current.paragraphs.append("".join(self.open))
            self.open = []
        self.current.paragraphs.extend(self.deferred)
        self.deferred = []

    def start(self, headline: str | None) -> None:
        self.close_paragraph()
        self.drafts.append(self.current)
        self.current = Draft(headline=headline, banners=self.pending_banners)
        self.pending_banners = []

    def body(self, text: str) -> None:
        if not self.open:
            self.close_paragraph()
        self.open.append(text)
        if self.rules.is_complete(text):
            self.close_paragraph()

    def standalone(self, text: str) -> None:
        self.close_paragraph()
        self.current.paragraphs.append(text)

    def finish(self) -> list[Draft]:
        self.start(None)
        # Banners and credits seen where no article has text yet (a slogan
        # above the first title) label the next article with text.
        carry_banners: list[str] = []
        carry_credits: list[Credit] = []
        drafts: list[Draft] = []
        for draft in self.drafts:
            if not draft.paragraphs:
                carry_banners += draft.banners
                carry_credits += draft.credits
                continue
            draft.banners = carry_banners + draft.banners
            draft.credits = carry_credits + draft.credits
            carry_banners, carry_credits = [], []
            drafts.append(draft)
        if drafts:
            drafts[-1].banners += carry_banners + self.current.banners
            drafts[-1].credits += carry_credits
        for draft in drafts:
            draft.credits = list(dict.fromkeys(draft.credits))
            draft.banners = list(dict.fromkeys(draft.banners))
        return drafts


def assemble(lines: list[Line], roles: list[Role], rules: Rules | None = None) -> list[Draft]:
    """Build articles from lines and their roles (see :func:`classify`)."""
    builder = _Builder(rules or load_rules())
    for line, role in zip(lines, roles, strict=True):
        if role in (Role.TITLE, Role.HEADLINE):
            builder.start(line.text)
        elif role is Role.BANNER:
            builder.pending_banners.append(line.text)
        elif role is Role.INTERRUPTION:
            builder.current.banners.append(line.text)
        elif role is Role.BODY:
            builder.body(line.text)
        elif role is Role.SUBHEAD:
            builder.standalone(line.text)
        elif role is Role.DESCRIPTION:
            builder.deferred.append(line.text)
        builder.current.credits.extend(line.credits)
    return builder.finish()


def repair(text: str, *, headings: bool = True, rules: Rules | None = None) -> list[Draft]:
    """Turn normalised page ``text`` into article drafts (see module docs)."""
    rules = rules or load_rules()
    lines = scan(text, headings=headings, rules=rules)
    return assemble(lines, classify(lines, headings=headings, rules=rules), rules)
