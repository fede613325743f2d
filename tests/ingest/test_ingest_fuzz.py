"""Property tests: no input crashes the reader; it gives documents or InputError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import IngestWarning, read_path
from kg.ingest.layout import repair

# Characters that exercise layout repair: headings, brackets, markers, captions.
_PAGE_ALPHABET = st.sampled_from(
    [
        *"#＃ \n\r\t　（）()、，。！？“”：；/／·摄影记者本报讯通讯员图卫东区坚持",
        *["\u200b", "\ufeff", "\x00", "\u2028", "王若旭", "## ", "本报讯（记者", "）"],
    ]
)
_SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".jsonl", ".dat"])


def _read(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"page{suffix}"
        path.write_bytes(data)
        warnings: list[IngestWarning] = []
        try:
            documents = read_path(path, on_warning=warnings.append)
        except InputError as exc:
            assert exc.path == str(path)
            assert exc.problem and "\n" not in exc.problem
            return
        for document in documents:
            for article in document.articles:
                assert article.text.strip()
                assert "\ufeff" not in article.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2048), suffix=_SUFFIXES)
def test_random_bytes_never_crash(data: bytes, suffix: str) -> None:
    _read(data, suffix)


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=500), suffix=_SUFFIXES, encoding=st.sampled_from(["utf-8", "gb18030"]))
def test_random_unicode_never_crashes(text: str, suffix: str, encoding: str) -> None:
    _read(text.encode(encoding, errors="replace"), suffix)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_PAGE_ALPHABET, max_size=200))
def test_repair_keeps_every_body_character_once(parts: list[str]) -> None:
    # Repair only removes layout (headings, credits, whitespace); it never
    # invents text, so every article character comes from the page.
    page = "".join(parts)
    for draft in repair(page):
        for paragraph in draft.paragraphs:
            assert paragraph
            assert "\n" not in paragraph
            for ch in set(paragraph):
                assert paragraph.count(ch) <= page.count(ch)
