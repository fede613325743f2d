"""A build folder's store, replaced atomically.

Layout::

    build/
      CURRENT                 {"store": "oxigraph", "path": "store-…"}  (JSON)
      store-20261127T161500-3fa2c1/   the current store (a RocksDB folder, or
                                      graph.trig for the memory store)

:func:`write_store` loads quads into a *new* ``store-*`` folder, then replaces
``CURRENT`` with ``os.replace`` (atomic), then deletes the old folder.  A build
killed at any moment therefore leaves ``CURRENT`` naming a complete store: the
old one before the rename, the new one after it.  Folders that ``CURRENT``
does not name are leftovers of killed builds and are removed by the next
:func:`write_store`.  Which class opens a folder is looked up in
:data:`kg.store.STORES` by the name recorded in ``CURRENT``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from kg.errors import KGError
from kg.store import STORES, GraphStore, Quad
from kg.store.atomic import TMP_PREFIX, atomic_write_text, fsync_dir

__all__ = [
    "CURRENT_NAME",
    "STORE_PREFIX",
    "open_build",
    "write_store",
    "fill_store",
    "load_files",
    "current_store",
    "has_graph",
    "remove_stale",
    "update_store",
]

CURRENT_NAME = "CURRENT"
STORE_PREFIX = "store-"
_LOCK_NAME = ".store.lock"
#: A plain TriG file in the build folder, opened with the memory store when
#: there is no ``CURRENT`` (e.g. a graph copied in by hand).
_LOOSE_TRIG = "graph.trig"


def current_store(build_dir: Path) -> tuple[str, Path] | None:
    """Return ``(store name, folder)`` of the current store, or ``None``."""
    pointer = Path(build_dir) / CURRENT_NAME
    try:
        record = json.loads(pointer.read_text(encoding="utf-8"))
        return str(record["store"]), Path(build_dir) / str(record["path"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KGError(f"{pointer}: unreadable store pointer ({exc})") from None


def has_graph(build_dir: Path) -> bool:
    """Whether :func:`open_build` would find a graph."""
    return current_store(build_dir) is not None or (Path(build_dir) / _LOOSE_TRIG).is_file()


def open_build(build_dir: Path, read_only: bool = True) -> GraphStore:
    """Open the current store of a build folder.

    Parameters
    ----------
    build_dir : Path
        A folder written by ``kg build``.
    read_only : bool
        Open without the write lock, so many readers can share the store.

    Raises
    ------
    KGError
        When the folder holds no graph.
    """
    build_dir = Path(build_dir)
    # A writer may delete the old folder between our reading CURRENT and
    # opening it; CURRENT then already names the new one, so read it again.
    for _attempt in range(3):
        found = current_store(build_dir)
        if found is None:
            break
        name, folder = found
        if not folder.exists():
            time.sleep(0.05)
            continue
        factory = STORES.get(name)
        try:
            return factory(folder, read_only=read_only)
        except OSError as exc:
            if folder.exists():
                raise KGError(f"{folder}: cannot open store: {exc}") from None
    if (build_dir / _LOOSE_TRIG).is_file():
        return STORES.create("memory", build_dir, read_only=True)
    raise KGError(f"{build_dir}: no graph here; run `kg build` first")


@contextlib.contextmanager
def _locked(build_dir: Path) -> Iterator[None]:
    """Serialise writers of one build folder (readers never take it).

    The lock file is removed on release, so a finished or failed build
    leaves none behind.  A writer that opened the file just before another
    removed it would lock a file no one else sees; it therefore checks that
    the path still names the file it locked, and tries again if not.
    """
    path = build_dir / _LOCK_NAME
    for _attempt in range(10):
        handle = open(path, "a+b")  # noqa: SIM115 - closed below, after the unlock
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise KGError(f"{build_dir}: another build is writing this folder") from None
        try:
            same = os.fstat(handle.fileno()).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        handle.close()
    else:
        raise KGError(f"{path}: cannot take the build lock (it keeps being removed)")
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def remove_stale(build_dir: Path) -> list[Path]:
    """Delete store folders and temporary files that ``CURRENT`` does not name."""
    found = current_store(build_dir)
    keep = found[1].name if found else None
    removed = []
    for entry in Path(build_dir).iterdir():
        if entry.name == keep:
            continue
        if entry.name.startswith(STORE_PREFIX) or entry.name.startswith(TMP_PREFIX + CURRENT_NAME):
            _remove(entry)
            removed.append(entry)
    return removed


def _swap_in(
    build_dir: Path,
    store_name: str,
    fill: Callable[[GraphStore, tuple[str, Path] | None], int],
    before_swap: Callable[[GraphStore], None] | None = None,
) -> int:
    """Fill a new store folder and make it current, atomically.

    ``fill(new_store, previous)`` runs under the writer lock, so ``previous``
    (name and folder of the current store, or ``None``) cannot change meanwhile.
    ``before_swap(new_store)``, given the filled store opened read-only, runs
    before the swap: if it fails, the new store is removed and the previous
    one stays current.
    """
    build_dir = Path(build_dir)
    build_dir.mkdir(parents=True, exist_ok=True)
    factory = STORES.get(store_name)
    with _locked(build_dir):
        remove_stale(build_dir)
        previous = current_store(build_dir)
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        folder = build_dir / f"{STORE_PREFIX}{stamp}-{uuid.uuid4().hex[:8]}"
        store = factory(folder, read_only=False)
        try:
            count = fill(store, previous)
        except BaseException:
            store.close()
            _remove(folder)  # a failed fill leaves nothing behind (SIGKILL: next write)
            raise
        store.close()
        fsync_dir(folder)
        if before_swap is not None:
            try:
                filled = factory(folder, read_only=True)
                try:
                    before_swap(filled)
                finally:
                    filled.close()
            except BaseException:
                _remove(folder)
                raise
        record = {"store": store_name, "path": folder.name}
        atomic_write_text(build_dir / CURRENT_NAME, json.dumps(record) + "\n")
        if previous is not None and previous[1] != folder:
            _remove(previous[1])
        fsync_dir(build_dir)
    return count


def fill_store(
    build_dir: Path, fill: Callable[[GraphStore], int], store_name: str = "oxigraph"
) -> int:
    """Let ``fill(store)`` load a new store, then make it the build's current store.

    For loads that are more than one stream of quads (N-Quads files, then
    quads); :func:`write_store` is the one-stream case.  Returns what
    ``fill`` returns, the number of quads it loaded.
    """
    return _swap_in(build_dir, store_name, lambda store, _previous: fill(store))


def load_files(
    build_dir: Path,
    files: Sequence[Path],
    store_name: str = "oxigraph",
    before_swap: Callable[[GraphStore], None] | None = None,
) -> None:
    """Bulk-load N-Quads ``files`` into a new store and make it the build's current store.

    The swap is atomic: until every file is loaded, ``CURRENT`` names the
    previous store, and a load that fails or is killed leaves it in place.

    Parameters
    ----------
    build_dir : Path
        The build folder (created if missing).
    files : sequence of Path
        N-Quads files, loaded in order.
    store_name : str
        A name registered in :data:`kg.store.STORES`.
    before_swap : callable, optional
        Called with the loaded store (read-only) before it is made current,
        to write outputs from it; if it raises, the previous store stays.
    """

    def fill(store: GraphStore, _previous: tuple[str, Path] | None) -> int:
        for path in files:
            store.load_nquads(path)
        return len(files)

    _swap_in(build_dir, store_name, fill, before_swap)


def write_store(build_dir: Path, quads: Iterable[Quad], store_name: str = "oxigraph") -> int:
    """Load ``quads`` into a new store and make it the build's current store.

    Parameters
    ----------
    build_dir : Path
        The build folder (created if missing).
    quads : iterable of (s, p, o, graph)
        rdflib terms; consumed once, streamed.
    store_name : str
        A name registered in :data:`kg.store.STORES`.

    Returns
    -------
    int
        The number of quads given.
    """
    return _swap_in(build_dir, store_name, lambda store, _previous: store.add_quads(quads))


def update_store(build_dir: Path, sparql: str) -> int:
    """Apply SPARQL Update to a copy of the current store, then swap the copy in.

    Readers keep seeing the old graph until the update has fully succeeded;
    an update that fails, or a process killed half-way, changes nothing.  The
    copy costs time proportional to the graph, which suits occasional edits
    (``kg serve --allow-update``), not bulk loading.

    Returns
    -------
    int
        The number of quads copied before the update.
    """
    import io

    import pyoxigraph as ox

    from kg.store.convert import from_ox_term

    found = current_store(build_dir)
    if found is None:
        raise KGError(f"{build_dir}: no graph here; run `kg build` first")

    def fill(store: GraphStore, previous: tuple[str, Path] | None) -> int:
        if previous is None:
            raise KGError(f"{build_dir}: the graph disappeared during the update")
        buffer = io.BytesIO()
        old = STORES.get(previous[0])(previous[1], read_only=True)
        try:
            old.dump(buffer, "nq")
        finally:
            old.close()
        quads = (
            (
                from_ox_term(q.subject),
                from_ox_term(q.predicate),
                from_ox_term(q.object),
                from_ox_term(q.graph_name),
            )
            for q in ox.parse(buffer.getvalue(), ox.RdfFormat.N_QUADS)
        )
        count = store.add_quads(quads)
        store.update(sparql)
        return count

    return _swap_in(build_dir, found[0], fill)
