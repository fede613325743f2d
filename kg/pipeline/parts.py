"""N-Quads part files: where a streaming build puts quads until the store load.

Extraction hands over each document's resolution-free quads as N-Quads
bytes; they are appended to part files of at most :data:`PART_QUADS` quads
in a private folder of the build directory and bulk-loaded into the new
store (by Oxigraph's Rust parser).  The resolved mentions, facts and
entities follow as more parts; then all of them go to the store's atomic
load (:func:`kg.store.build_dir.load_files`), and ``graph.ttl``/``graph.trig``
are written from them.  The folder is named after the building process, so a
later build can tell a killed build's leftovers from a running build's.
"""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, BinaryIO

import pyoxigraph as ox

from kg.batching import batched
from kg.graph.vocab import PREFIXES
from kg.store import GraphStore, Quad
from kg.store.convert import to_nquads

__all__ = ["PART_QUADS", "PARTS_PREFIX", "NQuadsParts", "remove_stale_parts"]

#: Quads per part file.  Oxigraph's bulk loader holds a whole file in memory
#: (a 2.4M-quad file: 1.65 GB peak; the same quads as ten 250k-quad files:
#: 273 MB, no slower, and queries on the result no slower either).
PART_QUADS = 250_000

PARTS_PREFIX = ".parts-"

#: Quads serialised at a time by :meth:`NQuadsParts.add_quads`.
ADD_CHUNK = 20_000

_DATASET_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}
_GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}


class NQuadsParts:
    """Append-only N-Quads part files, removed when the build is done.

    Examples
    --------
    >>> import tempfile
    >>> with NQuadsParts(Path(tempfile.mkdtemp())) as parts:
    ...     parts.append(b'<http://e.org/s> <http://e.org/p> "o" <http://e.org/g> .\\n', 1)
    ...     parts.quads, len(parts.files())
    (1, 1)
    """

    def __init__(self, build_dir: Path, part_quads: int = PART_QUADS) -> None:
        self.folder = build_dir / f"{PARTS_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.part_quads = part_quads
        self.quads = 0
        self._paths: list[Path] = []
        self._loaded = 0
        self._loaded_files = 0
        self._handle: BinaryIO | None = None
        self._in_part = 0

    def append(self, data: bytes, quads: int) -> None:
        """Add the N-Quads ``data`` holding ``quads`` quads."""
        if not quads:
            return
        if self._handle is None or self._in_part >= self.part_quads:
            self._roll()
        assert self._handle is not None
        self._handle.write(data)
        self._in_part += quads
        self.quads += quads

    def add_quads(self, quads: Iterable[Quad]) -> int:
        """Serialise rdflib quads into parts, :data:`ADD_CHUNK` at a time; return how many.

        Small chunks keep the graph stage's working memory flat: 250k rdflib
        quads held at once, with their N-Quads bytes, cost about 270 MB on top
        of the resolution; 20k cost a tenth of it.  A part may exceed
        ``part_quads`` by less than one chunk.
        """
        added = 0
        for chunk in batched(quads, min(ADD_CHUNK, self.part_quads)):
            data, count = to_nquads(chunk)
            self.append(data, count)
            added += count
        return added

    def _roll(self) -> None:
        if self._handle is not None:
            self._handle.close()
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"part-{len(self._paths):05d}.nq"
        self._paths.append(path)
        self._handle = path.open("wb")
        self._in_part = 0

    def files(self) -> list[Path]:
        """The part files written so far, closed for reading."""
        if self._handle is not None:
            self._handle.flush()
        return list(self._paths)

    def seal(self) -> list[Path]:
        """Close the open part and return every part file, for the store's bulk load."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        return list(self._paths)

    def load_into(self, store: GraphStore) -> int:
        """Bulk-load the parts not loaded yet into ``store``; return their quads.

        Parts written afterwards go to new files, so a build can load what
        extraction wrote, then add the resolution's quads as more parts.
        """
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        quads = self.quads - self._loaded
        for path in self._paths[self._loaded_files :]:
            store.load_nquads(path)
        self._loaded_files = len(self._paths)
        self._loaded = self.quads
        return quads

    def write(self, output: IO[bytes], fmt: str, scoped_prefix: str) -> None:
        """Serialise every part: ``trig``/``nq`` keep graphs, ``ttl``/``nt`` merge them.

        This reads the parts back rather than the store: parsing and
        serialising N-Quads in Rust is several times faster than scanning
        the store.  The union (``ttl``/``nt``) must state each triple once;
        a triple whose subject IRI starts with ``scoped_prefix`` (articles
        and what hangs off them) lives in one graph only, so only the
        others are remembered to drop repeats.
        """
        if self._handle is not None:
            self._handle.flush()
        quads: Iterator[ox.Quad] = itertools.chain.from_iterable(
            ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS) for path in self._paths
        )
        if fmt in _DATASET_FORMATS:
            ox.serialize(quads, output, format=_DATASET_FORMATS[fmt], prefixes=PREFIXES)
            return
        if fmt not in _GRAPH_FORMATS:
            raise ValueError(f"cannot write parts as {fmt!r}")
        seen: set[ox.Triple] = set()

        def union() -> Iterator[ox.Triple]:
            for quad in quads:
                triple = quad.triple
                subject = triple.subject
                if not (isinstance(subject, ox.NamedNode)
                        and subject.value.startswith(scoped_prefix)):
                    if triple in seen:
                        continue
                    seen.add(triple)
                yield triple

        ox.serialize(union(), output, format=_GRAPH_FORMATS[fmt], prefixes=PREFIXES)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> NQuadsParts:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_parts(build_dir: Path) -> list[Path]:
    """Delete part folders of builds that were killed (their process is gone)."""
    removed: list[Path] = []
    if not build_dir.is_dir():
        return removed
    for entry in build_dir.iterdir():
        if not entry.name.startswith(PARTS_PREFIX):
            continue
        pid_text = entry.name[len(PARTS_PREFIX) :].split("-", 1)[0]
        if pid_text.isdigit() and (int(pid_text) == os.getpid() or _alive(int(pid_text))):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed
