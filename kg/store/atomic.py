"""Crash-safe file writes: write a temporary file beside the target, fsync, rename.

``os.replace`` is atomic on POSIX when source and target are on the same file
system, which is why the temporary file lives in the target's own folder.  A
reader therefore sees either the old file or the new one, never a torn one,
even if the writer is killed with SIGKILL.

Examples
--------
>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> atomic_write_text(d / "a.txt", "洛阳")
>>> (d / "a.txt").read_text(encoding="utf-8")
'洛阳'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_write_text", "atomic_write_bytes", "atomic_path", "atomic_open", "fsync_dir"]

#: Temporary names start with this, so stale ones can be recognised and removed.
TMP_PREFIX = ".kg-tmp-"


def fsync_dir(directory: Path) -> None:
    """Flush a folder's entry table, so a rename survives a power cut."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # some file systems do not allow opening folders
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    The caller writes (and closes) the temporary file.  On any exception the
    temporary file is removed and ``path`` is untouched.

    Parameters
    ----------
    path : Path
        The final file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=TMP_PREFIX + path.name + ".", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    # mkstemp makes owner-only files; a build's outputs are meant to be shared.
    os.chmod(tmp, 0o644)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def atomic_open(path: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO[Any]]:
    """Open a temporary file for writing that replaces ``path`` when closed cleanly.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> with atomic_open(d / "b.txt") as f:
    ...     _ = f.write("ok")
    >>> (d / "b.txt").read_text()
    'ok'
    """
    if "b" in mode:
        encoding = None
    with atomic_path(path) as tmp, open(tmp, mode, encoding=encoding) as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically."""
    with atomic_open(path, "wb") as handle:
        handle.write(data)


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` atomically."""
    with atomic_open(path, "w", encoding=encoding) as handle:
        handle.write(text)
