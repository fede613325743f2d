"""Fixtures for ingest tests: temporary pages and the bundled seed page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kg.ingest import IngestWarning, read_path
from kg.types import Article

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_a4f8358ce5a9584d.txt"
FIXTURES = REPO / "tests" / "fixtures" / "ingest"

WritePage = Callable[..., Path]
ReadArticles = Callable[..., list[Article]]


@pytest.fixture
def write_page(tmp_path: Path) -> WritePage:
    """Write text (or bytes) to a file in a temporary folder; return its path."""

    def write(content: str | bytes, name: str = "page.txt", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode(encoding)
        path.write_bytes(data)
        return path

    return write


@pytest.fixture
def read_articles(write_page: WritePage) -> ReadArticles:
    """Write a page and return the articles read from it."""

    def read(content: str, name: str = "page.txt") -> list[Article]:
        documents = read_path(write_page(content, name))
        return [article for document in documents for article in document.articles]

    return read


@pytest.fixture
def warnings() -> list[IngestWarning]:
    return []


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed page missing: {SEED}")
    return SEED


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
