"""Walking files and folders into a stream of documents.

Examples
--------
>>> import tempfile
>>> warnings: list[IngestWarning] = []
>>> with tempfile.TemporaryDirectory() as tmp:
...     folder = Path(tmp) / "pages"
...     folder.mkdir()
...     _ = (folder / "a.txt").write_text("该区坚持创新。", encoding="utf-8")
...     _ = (folder / "b.txt").write_bytes(b"\\x00\\x01")
...     docs = list(iter_documents([folder], warnings.append))
>>> [d.source for d in docs], [w.problem for w in warnings]
(['pages/a.txt'], ['binary file (contains NUL bytes)'])
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from pathlib import Path

from kg.errors import InputError
from kg.ingest.ids import printable
from kg.ingest.problems import IngestWarning
from kg.ingest.readers import READ_EXTENSIONS, iter_path, read_extension
from kg.types import Document

__all__ = ["iter_documents", "walk_files"]


# CJK Unified Ideographs and Extension A: any one of them makes a text Chinese.
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")

def walk_files(root: Path) -> list[Path]:
    """Readable page files under the folder ``root``, sorted by relative path.

    Hidden files and folders (``.git``, ``.DS_Store``) are skipped, and
    symbolic links to folders are not followed, so a link loop cannot hang
    the walk.
    """
    found: list[tuple[tuple[str, ...], Path]] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(folder) / name
            if name.startswith(".") or read_extension(path) not in READ_EXTENSIONS:
                continue
            # A dangling link is kept so that reading it reports the problem.
            if path.is_file() or path.is_symlink():
                found.append((path.relative_to(root).parts, path))
    # Sorting on path parts, not strings, keeps "a/b" next to "a" everywhere.
    return [path for _, path in sorted(found)]


def iter_documents(
    paths: Sequence[Path | str], on_warning: Callable[[IngestWarning], None]
) -> Iterator[Document]:
    """Documents of every page under ``paths``, in a deterministic order.

    Folders are walked recursively for ``.txt``, ``.md``, ``.html``, ``.htm``,
    ``.jsonl`` and ``.jsonl.gz`` files; a file named explicitly is read
    whatever its extension (as text unless it is HTML or JSONL).  A
    ``.jsonl`` or ``.jsonl.gz`` file is read record by record as the
    documents are asked for.  A file that cannot be read becomes one
    :class:`IngestWarning` and the walk goes on.  A file reached twice
    (named and inside a named folder) is read once, and a document whose id
    was already produced is skipped with a warning.

    Raises
    ------
    kg.errors.InputError
        A path in ``paths`` does not exist.  All paths are checked before the
        first document is produced.
    """
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise InputError(printable(str(root)), "no such file or directory")
    read: set[Path] = set()
    ids: dict[str, str] = {}
    for root in roots:
        files = walk_files(root) if root.is_dir() else [root]
        if root.is_dir() and not files:
            on_warning(
                IngestWarning(
                    printable(str(root)), "no .txt, .md, .html, .htm, .jsonl or .jsonl.gz files"
                )
            )
        for path in files:
            key = path.resolve()
            if key in read:
                continue
            read.add(key)
            with closing(iter_path(path, root, on_warning=on_warning)) as documents:
                yield from _checked(documents, ids, on_warning)


def _checked(
    documents: Iterator[Document],
    ids: dict[str, str],
    on_warning: Callable[[IngestWarning], None],
) -> Iterator[Document]:
    """``documents`` whose ids are new; a file's error ends its documents."""
    while True:
        try:
            document = next(documents)
        except StopIteration:
            break
        except InputError as exc:
            on_warning(IngestWarning(exc.path, exc.problem))
            break
        if document.doc_id in ids:
            on_warning(
                IngestWarning(document.source, f"same id as {ids[document.doc_id]}; skipped")
            )
            continue
        ids[document.doc_id] = document.source
        if not any(_HAN.search(a.text) or _HAN.search(a.headline or "") for a in document.articles):
            # Still read (a caller may want it), but a page with no Chinese
            # at all is almost always the wrong file or a broken encoding,
            # and would otherwise pass silently as hundreds of "sentences".
            on_warning(IngestWarning(document.source, "no Chinese text; is this the right file?"))
        yield document
