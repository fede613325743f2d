"""Lines of a page: headings, text, captions and bylines, before context.

:func:`scan` is the first step of layout repair (see :mod:`kg.ingest.layout`):
it splits text into stripped, non-blank :class:`Line` records and cuts
bylines and photo captions out of paragraphs as credits.

Examples
--------
>>> page = "## 标题\\n\\n本报讯（记者王明）正文。\\n李华 摄"
>>> [(line.kind.value, line.text) for line in scan(page)]
[('heading', '标题'), ('text', '正文。'), ('caption', '李华 摄')]
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from kg.ingest.credits import byline_credits, caption_credits, strip_credits
from kg.ingest.rules import Rules, load_rules
from kg.types import Credit

__all__ = ["Kind", "Line", "scan"]

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


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line.  ``gap_before``/``gap_after``: a blank line (or the
    page edge) separates it from its neighbour."""

    kind: Kind
    text: str
    gap_before: bool = True
    gap_after: bool = True
    credits: tuple[Credit, ...] = ()
    #: The line ended with an inline photo caption (``……。 李华 摄``).
    captioned: bool = False
    #: The line opens like an article: byline, date or 近日 first.
    opens: bool = False
    #: Heading level: the number of "#"s (``<h1>`` is 1); 0 for other lines.
    level: int = 0


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
    raw = [rules.without_markup(line).strip() for line in text.split("\n")]
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
