"""Ingest: from files to :class:`~kg.types.Document` and :class:`~kg.types.Article`.

Reading (encoding detection, normalisation), per-format readers (text,
Markdown, HTML, and JSON Lines, plain or gzip-compressed, read record by
record) and layout repair (banners, photo captions,
bylines, broken paragraphs).  The layout rules live in
``kg/data/ingest/layout.yaml``.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     page = Path(tmp) / "page.md"
...     _ = page.write_text("## 标题\\n\\n本报讯（记者王明）该区坚\\n\\n## 口号\\n\\n持创新。")
...     [doc] = read_path(page)
>>> article = doc.articles[0]
>>> article.headline, article.text, article.banners, article.credits[0].role
('标题', '该区坚持创新。', ['口号'], 'author')
"""

from kg.ingest.problems import IngestWarning
from kg.ingest.readers import READ_EXTENSIONS, read_path
from kg.ingest.walk import iter_documents

__all__ = ["iter_documents", "read_path", "IngestWarning", "READ_EXTENSIONS"]
