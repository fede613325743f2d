"""The incremental-build cache: one JSON file of extraction results per document.

A document is re-extracted only when its content hash or the extraction
fingerprint (components, models, rule files) changed.  Resolution and graph
construction always run over the whole build, so identity stays global.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kg import resources
from kg.types import (
    Article,
    ArticleAnalysis,
    Credit,
    Document,
    DocumentAnalysis,
    Mention,
    RelationCandidate,
    Sentence,
    SentenceAnalysis,
)

__all__ = [
    "analysis_to_json",
    "analysis_from_json",
    "cache_record",
    "ExtractionCache",
    "data_fingerprint",
]

_CACHE_FORMAT = 1


def analysis_to_json(analysis: DocumentAnalysis) -> dict[str, Any]:
    doc = analysis.document
    return {
        "format": _CACHE_FORMAT,
        "document": {
            "doc_id": doc.doc_id,
            "source": doc.source,
            "content_hash": doc.content_hash,
        },
        "articles": [
            {
                "article": asdict(aa.article),
                "sentences": [
                    {
                        "sentence": asdict(sa.sentence),
                        "mentions": [m.to_json() for m in sa.mentions],
                        "relations": [r.to_json() for r in sa.relations],
                    }
                    for sa in aa.sentences
                ],
            }
            for aa in analysis.articles
        ],
    }


def analysis_from_json(data: dict[str, Any]) -> DocumentAnalysis:
    articles: list[ArticleAnalysis] = []
    for item in data["articles"]:
        raw = dict(item["article"])
        raw["credits"] = [Credit(**c) for c in raw.get("credits", [])]
        article = Article(**raw)
        sentences = [
            SentenceAnalysis(
                Sentence(**s["sentence"]),
                [Mention.from_json(m) for m in s["mentions"]],
                [RelationCandidate.from_json(r) for r in s["relations"]],
            )
            for s in item["sentences"]
        ]
        articles.append(ArticleAnalysis(article, sentences))
    d = data["document"]
    document = Document(d["doc_id"], d["source"], d["content_hash"], [a.article for a in articles])
    return DocumentAnalysis(document, articles)


def cache_record(analysis: DocumentAnalysis, fingerprint: str) -> str:
    """The cache file's text for ``analysis`` under the extraction ``fingerprint``.

    The JSON of :func:`analysis_to_json`, written a sentence at a time: a
    huge document's record never exists as one tree of dicts.
    """
    doc = analysis.document
    head = json.dumps(
        {
            "format": _CACHE_FORMAT,
            "document": {
                "doc_id": doc.doc_id,
                "source": doc.source,
                "content_hash": doc.content_hash,
            },
            "fingerprint": fingerprint,
        },
        ensure_ascii=False,
    )
    articles = []
    for aa in analysis.articles:
        sentences = ",".join(
            json.dumps(
                {
                    "sentence": asdict(sa.sentence),
                    "mentions": [m.to_json() for m in sa.mentions],
                    "relations": [r.to_json() for r in sa.relations],
                },
                ensure_ascii=False,
            )
            for sa in aa.sentences
        )
        article = json.dumps(asdict(aa.article), ensure_ascii=False)
        articles.append(f'{{"article": {article}, "sentences": [{sentences}]}}')
    return f'{head[:-1]}, "articles": [{", ".join(articles)}]}}'


def data_fingerprint(extra: str = "") -> str:
    """Hash of kg's version, shipped models and rule files, plus ``extra``.

    Any change to a lexicon, pattern file or model invalidates the cache.
    """
    from kg import __version__

    digest = hashlib.sha256(f"{__version__}|{_CACHE_FORMAT}|{extra}".encode())
    for sub in ("lexicons", "patterns", "models", "resolve", "ingest"):
        for parts in resources.walk(sub):
            digest.update("/".join(parts).encode())
            digest.update(resources.read_bytes(*parts))
    return digest.hexdigest()[:16]


class ExtractionCache:
    """``<build>/cache/<doc_id>.json`` keyed by content hash and fingerprint."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint
        self.used: set[str] = set()

    def _path(self, doc_id: str) -> Path:
        return self.folder / f"{doc_id}.json"

    def get(self, document: Document) -> DocumentAnalysis | None:
        self.used.add(document.doc_id)
        path = self._path(document.doc_id)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if (
            data.get("fingerprint") != self.fingerprint
            or data.get("document", {}).get("content_hash") != document.content_hash
            or data.get("format") != _CACHE_FORMAT
        ):
            return None
        try:
            analysis = analysis_from_json(data)
        except (KeyError, TypeError):
            return None
        # The source path may have moved while the content stayed the same.
        analysis.document.source = document.source
        return analysis

    def put(self, analysis: DocumentAnalysis) -> None:
        self.put_record(analysis.document.doc_id, cache_record(analysis, self.fingerprint))

    def put_record(self, doc_id: str, record: str) -> None:
        """Store a :func:`cache_record` made elsewhere (by an extraction worker)."""
        self.used.add(doc_id)
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(doc_id)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        try:
            tmp.write_text(record, encoding="utf-8")
            os.replace(tmp, path)
        except BaseException:
            # A full disk or an interrupt must not leave half a record behind.
            tmp.unlink(missing_ok=True)
            raise

    def prune(self) -> int:
        """Delete entries of documents that were not part of this build."""
        removed = 0
        if not self.folder.is_dir():
            return 0
        for path in self.folder.iterdir():
            if path.suffix == ".json" and path.stem not in self.used:
                path.unlink(missing_ok=True)
                removed += 1
            elif ".tmp" in path.suffix:
                path.unlink(missing_ok=True)
        return removed
