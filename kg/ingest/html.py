"""HTML pages to the line layout that :mod:`kg.ingest.layout` repairs.

The page is flattened with the standard library's :mod:`html.parser`: block
elements become paragraphs (separated by blank lines), ``<br>`` a line
break, ``<h1>``-``<h6>`` ``#``-``######`` headings; scripts, styles and navigation are
dropped.  ``<title>`` is used as the first heading when the page has no
``<h1>``-``<h6>``.  The publication date comes from the first date ``<meta>`` tag
(``article:published_time``, ``pubdate``, ...) or ``<time datetime>``.

Examples
--------
>>> html_to_text("<title>站点</title><h1>T</h1><p>该区坚</p><h2>新时代</h2><p>持创新。</p>")
'# T\\n\\n该区坚\\n\\n## 新时代\\n\\n持创新。'
>>> read_html('<meta name="pubdate" content="2023-12-28 08:00"><p>正文。</p>').date
'2023-12-28'
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from kg.ingest.records import Page
from kg.ingest.rules import Rules, load_rules

__all__ = ["read_html", "html_to_text"]

_SPACE = re.compile(r"\s+")
_CJK_EDGE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_ISO_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")


def _date(value: str) -> str | None:
    """``YYYY-MM-DD`` from a date-time string, or the trimmed string itself."""
    value = value.strip()
    match = _ISO_DATE.search(value[:64])
    if match:
        year, month, day = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return value[:64] or None


def _level(tag: str) -> int:
    """Heading level of ``h1``-``h6``; other heading tags count as level 2."""
    return int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit() else 2


def _collapse(text: str) -> str:
    """Collapse whitespace; drop it between CJK characters, where source
    line wrapping would otherwise put a space inside a word (坚 持)."""

    def repl(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() > 0 else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if "\n" in match.group() and _CJK_EDGE.match(before) and _CJK_EDGE.match(after):
            return ""
        return " "

    return _SPACE.sub(repl, text).strip()


class _Flattener(HTMLParser):
    def __init__(self, rules: Rules) -> None:
        super().__init__(convert_charrefs=True)
        self.skip, self.blocks, self.headings = (
            rules.html_skip,
            rules.html_block,
            rules.html_heading,
        )
        self.blocks_out: list[str] = []
        self.buffer: list[str] = []
        self.skipping = 0
        self.heading = 0
        self.in_title = False
        self.title: list[str] = []
        self.has_heading = False
        self.date: str | None = None
        self.time_date: str | None = None
        self.date_keys = rules.html_date_meta

    def flush(self) -> None:
        text = _collapse("".join(self.buffer))
        self.buffer = []
        if text:
            self.blocks_out.append(f"{'#' * self.heading} {text}" if self.heading else text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag == "meta" and self.date is None:
            fields = {k.lower(): v for k, v in attrs if v}
            key = fields.get("property") or fields.get("name") or fields.get("itemprop") or ""
            if key.lower() in self.date_keys and fields.get("content"):
                self.date = _date(fields["content"])
        elif tag == "time" and self.time_date is None:
            stamp = dict(attrs).get("datetime")
            self.time_date = _date(stamp) if stamp else None
        elif tag in self.skip:
            self.skipping += 1
        elif tag in self.headings:
            self.flush()
            self.heading = _level(tag)
            self.has_heading = True
        elif tag in self.blocks:
            self.flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.blocks:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in self.skip:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.headings:
            self.flush()
            self.heading = 0
        elif tag in self.blocks:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.buffer.append(data)


def read_html(html: str, rules: Rules | None = None) -> Page:
    """Flatten ``html`` to text lines (paragraphs and ``#`` headings) and its date."""
    parser = _Flattener(rules or load_rules())
    parser.feed(html)
    parser.close()
    parser.flush()
    blocks = parser.blocks_out
    title = _collapse("".join(parser.title))
    # <title> often carries the site name too, so it is the last resort.
    if title and not parser.has_heading:
        blocks.insert(0, f"# {title}")
    return Page("\n\n".join(blocks), parser.date or parser.time_date)


def html_to_text(html: str, rules: Rules | None = None) -> str:
    """The text lines of :func:`read_html`."""
    return read_html(html, rules).text
