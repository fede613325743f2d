"""Layout repair: from the lines of a page to articles.

A news page as text is a sequence of headings, paragraphs, bylines and photo
captions.  Print layout breaks it in ways that hurt extraction: a slogan
banner or a photo caption lands in the middle of a sentence (``坚`` / ``## 新时代
新征程 新伟业`` / ``持重大产业项目……``), and bylines sit inside the first paragraph.
:func:`repair` undoes that in three steps:

1. :func:`scan` (:mod:`kg.ingest.lines`) turns text into :class:`Line`
   records (heading, text, caption, byline), cutting bylines and captions
   out of paragraphs as credits.
2. :func:`classify` (:mod:`kg.ingest.roles`) gives every line a
   :class:`Role`: a heading is a title if it has a body and does not
   interrupt a sentence, otherwise a banner.
3. :func:`assemble` (:mod:`kg.ingest.assemble`) builds articles, re-joining a
   paragraph that ends without closing punctuation with the next body line,
   with no separator.

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
>>> page = "## 标题\\n\\n本报讯（记者王明）该区坚\\n\\n## 新时代 新征程\\n\\n"
>>> page += "持创新。\\n\\n李华 摄"
>>> [draft] = repair(page)
>>> draft.headline, draft.text, draft.banners
('标题', '该区坚持创新。', ['新时代 新征程'])
>>> [(c.name, c.role) for c in draft.credits]
[('王明', 'author'), ('李华', 'photographer')]
"""

from __future__ import annotations

from kg.ingest.assemble import Draft, assemble
from kg.ingest.lines import Kind, Line, scan
from kg.ingest.roles import Role, classify
from kg.ingest.rules import Rules, load_rules

__all__ = ["Kind", "Role", "Line", "Draft", "scan", "classify", "assemble", "repair"]


def repair(text: str, *, headings: bool = True, rules: Rules | None = None) -> list[Draft]:
    """Turn normalised page ``text`` into article drafts (see module docs)."""
    rules = rules or load_rules()
    lines = scan(text, headings=headings, rules=rules)
    return assemble(lines, classify(lines, headings=headings, rules=rules), rules)
