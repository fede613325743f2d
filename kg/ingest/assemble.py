"""Articles from classified lines: the last step of layout repair.

A paragraph that ends without closing punctuation stays open and takes the
next body line with no separator; see :mod:`kg.ingest.layout`.

Examples
--------
>>> from kg.ingest.lines import scan
>>> from kg.ingest.roles import classify
>>> lines = scan("## 标题\\n\\n该区坚\\n\\n## 新时代\\n\\n持创新。")
>>> [draft] = assemble(lines, classify(lines))
>>> draft.headline, draft.text, draft.banners
('标题', '该区坚持创新。', ['新时代'])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.ingest.lines import Line
from kg.ingest.roles import Role
from kg.ingest.rules import Rules, load_rules
from kg.types import Credit

__all__ = ["Draft", "assemble"]


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
        elif role in (Role.SUBHEAD, Role.CAPTION):
            builder.standalone(line.text)
        elif role is Role.DESCRIPTION:
            builder.deferred.append(line.text)
        builder.current.credits.extend(line.credits)
    return builder.finish()
