"""Roles of lines in context: title, banner, body, subhead, ...

:func:`classify` is the second step of layout repair (see
:mod:`kg.ingest.layout`).  All look-ahead facts are computed once, in linear
time, by :class:`_Context`, so a page of many lines stays fast.

Examples
--------
>>> from kg.ingest.lines import scan
>>> lines = scan("## 标题\\n\\n该区坚\\n\\n## 新时代\\n\\n持创新。")
>>> [role.value for role in classify(lines)]
['title', 'body', 'interruption', 'body']
"""

from __future__ import annotations

import enum
from collections import Counter

from kg.ingest.lines import Kind, Line
from kg.ingest.rules import Rules, load_rules

__all__ = ["Role", "classify"]


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
    CAPTION = "caption"  # names who a photo shows: kept, never joined


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
    if follower is not None and follower.kind is Kind.TEXT and rules.names_next(
        line.text, follower.text
    ):
        # "……市长王明" above "王明代表……": the photo's caption, not the start of
        # the paragraph's first sentence (which would read 王明王明).
        return Role.DESCRIPTION if broken else Role.CAPTION
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
        if role in (Role.TITLE, Role.HEADLINE, Role.SUBHEAD, Role.CAPTION):
            last_body = ""
        elif role is Role.BODY:
            last_body = line.text
        if role is not Role.META:
            previous = role
        roles.append(role)
    return roles
