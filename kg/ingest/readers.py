"""Reading one file into :class:`~kg.types.Document` records.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     page = Path(tmp) / "p.txt"
...     _ = page.write_text("## 标题\\n\\n该区坚\\n\\n## 新时代\\n\\n持创新。", encoding="gb18030")
...     [doc] = read_path(page)
>>> doc.source, doc.articles[0].text
('p.txt', '该区坚持创新。')
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Generator
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.ingest.decode import decode_bytes, normalise_text
from kg.ingest.gzjsonl import iter_jsonl_gz
from kg.ingest.html import read_html
from kg.ingest.ids import content_hash, printable, relative_source, short_sha1
from kg.ingest.jsonl import LineProblem, iter_jsonl_stream
from kg.ingest.layout import repair
from kg.ingest.markdown import strip_markdown
from kg.ingest.problems import IngestWarning
from kg.ingest.records import Page, to_articles
from kg.types import Document

__all__ = ["READ_EXTENSIONS", "read_extension", "read_path", "iter_path"]

#: Extensions read when walking a folder; other files are read only when named.
READ_EXTENSIONS: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm", ".jsonl", ".jsonl.gz"})


def read_extension(path: Path) -> str:
    """The extension that decides how ``path`` is read, in lower case.

    That is the last suffix, but for ``.jsonl.gz``, which is read as JSON Lines.

    >>> read_extension(Path("news.2018.JSONL.gz")), read_extension(Path("a.b.txt"))
    ('.jsonl.gz', '.txt')
    """
    return ".jsonl.gz" if path.name.lower().endswith(".jsonl.gz") else path.suffix.lower()


def _read_bytes(path: Path, display: str) -> bytes:
    with _open(path, display) as stream:
        try:
            return stream.read()
        except OSError as exc:
            raise InputError(display, f"cannot read file ({_reason(exc)})") from None


def _open(path: Path, display: str) -> BinaryIO:
    try:
        if path.is_dir():
            raise InputError(display, "is a directory")
        if path.exists() and not path.is_file():
            # A FIFO or device would block or never end.
            raise InputError(display, "not a regular file")
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(display, "no such file or directory") from None
    except OSError as exc:
        raise InputError(display, f"cannot read file ({_reason(exc)})") from None


def _reason(exc: OSError) -> str:
    return (exc.strerror or errno.errorcode.get(exc.errno or 0, "") or str(exc)).lower()


def _text(path: Path, display: str) -> str:
    data = _read_bytes(path, display)
    if not data:
        raise InputError(display, "empty file")
    text = normalise_text(decode_bytes(data, display))
    if not text.strip():
        raise InputError(display, "empty file (whitespace only)")
    return text


def _plain(text: str) -> Page:
    return Page(text)


def _markdown(text: str) -> Page:
    return Page(strip_markdown(text))


def _html(text: str) -> Page:
    return read_html(text)


# Each turns a decoded page into the line layout that layout repair expects.
_PAGE_READERS: dict[str, Callable[[str], Page]] = {
    ".html": _html,
    ".htm": _html,
    ".md": _markdown,
}


def read_path(
    path: Path,
    root: Path | None = None,
    *,
    on_warning: Callable[[IngestWarning], None] | None = None,
) -> list[Document]:
    """Read the page at ``path``; ``root`` is the folder being walked, if any.

    ``.txt`` and files of unknown extension are read as text pages, ``.md``
    as text after its inline markup is stripped, ``.html``/``.htm`` as HTML,
    ``.jsonl`` and gzip-compressed ``.jsonl.gz`` as one article per line.
    A bad ``.jsonl`` line, or damage to a ``.jsonl.gz`` file's compressed
    data, is passed to ``on_warning`` as an :class:`IngestWarning` naming
    ``path:line`` (or ``path``) and skipped; without ``on_warning`` it
    raises :class:`~kg.errors.InputError`.  See :func:`iter_path` for
    reading a large ``.jsonl`` or ``.jsonl.gz`` file without holding all its
    documents.

    Raises
    ------
    kg.errors.InputError
        The file cannot be read as a news page; the message is one line that
        names the file and the problem.
    """
    return list(iter_path(path, root, on_warning=on_warning))


def iter_path(
    path: Path,
    root: Path | None = None,
    *,
    on_warning: Callable[[IngestWarning], None] | None = None,
) -> Generator[Document, None, None]:
    """The documents of :func:`read_path`, one at a time.

    A ``.jsonl`` file is read record by record, as the documents are asked
    for, and so is a ``.jsonl.gz`` file, decompressed as it is read; other
    files are read whole first.  With
    ``on_warning``, :class:`~kg.errors.InputError` is raised only before the
    first document, so a file that raises has produced none.

    Raises
    ------
    kg.errors.InputError
        As for :func:`read_path`.
    """
    path = Path(path)
    display = printable(str(path))
    suffix = read_extension(path)
    source = relative_source(path, root)
    if suffix == ".jsonl.gz":
        with _open(path, display) as stream:
            yield from iter_jsonl_gz(
                stream,
                display,
                source,
                _line_handler(on_warning),
                _file_handler(display, on_warning),
            )
        return
    if suffix == ".jsonl":
        with _open(path, display) as stream:
            yield from iter_jsonl_stream(
                stream,
                display,
                source,
                _line_handler(on_warning),
                _file_handler(display, on_warning),
                _read_damage,
            )
        return
    if suffix == ".gz":
        raise InputError(display, "gzip-compressed; of compressed files only .jsonl.gz is read")
    text = _text(path, display)
    page = _PAGE_READERS.get(suffix, _plain)(text)
    drafts = repair(page.text)
    if not drafts:
        raise InputError(display, "no article text (only headings, captions or bylines)")
    doc_id = short_sha1(source)
    articles = to_articles(drafts, doc_id, source, page.date)
    yield Document(doc_id, source, content_hash(text), articles)


def _read_damage(exc: Exception, first: bool) -> str | None:
    """``exc``, raised while reading a file, as one line of damage."""
    if isinstance(exc, OSError):
        return f"cannot read file ({_reason(exc)})"
    return None


def _line_handler(
    on_warning: Callable[[IngestWarning], None] | None,
) -> Callable[[LineProblem], None]:
    def handle(problem: LineProblem) -> None:
        where, what = problem
        if on_warning is None:
            raise InputError(where, what)
        on_warning(IngestWarning(where, what))

    return handle


def _file_handler(
    display: str, on_warning: Callable[[IngestWarning], None] | None
) -> Callable[[str], None]:
    def handle(problem: str) -> None:
        if on_warning is None:
            raise InputError(display, problem)
        on_warning(IngestWarning(display, problem))

    return handle
