"""Turning repaired drafts into :class:`~kg.types.Article` records.

Examples
--------
>>> from kg.ingest.layout import Draft
>>> [a] = to_articles([Draft("标题", ["正文。"])], "d41f927b763e40d1", "seeds/x.txt")
>>> a.id, a.headline, a.text
('d41f927b763e40d1-0', '标题', '正文。')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.ingest.layout import Draft
from kg.types import Article

__all__ = ["Page", "to_articles"]


@dataclass(frozen=True)
class Page:
    """A page flattened for layout repair: its ``text`` lines and its date, if known."""

    text: str
    date: str | None = None


def to_articles(
    drafts: Sequence[Draft], doc_id: str, source: str, date: str | None = None
) -> list[Article]:
    """One :class:`Article` per draft, numbered from 0 in page order."""
    return [
        Article(
            id=f"{doc_id}-{index}",
            doc_id=doc_id,
            source=source,
            index=index,
            headline=draft.headline,
            text=draft.text,
            credits=list(draft.credits),
            date=date,
            banners=list(draft.banners),
        )
        for index, draft in enumerate(drafts)
    ]
