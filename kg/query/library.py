"""The shipped query library: named SPARQL files with a header saying what they answer.

A library query is a ``.rq`` file whose leading ``#`` lines describe it::

    # People and their posts: …
    # param: name — a person's name or alias (optional)
    SELECT … ?name WHERE { … }

Parameters are bound by :func:`kg.query.runner.run_query` as values (SPARQL
substitution), never pasted into the text, so every parameter variable must
appear in the SELECT projection.  The files live in
``kg/data/queries``; the repository's top-level ``queries/`` is a symlink to
that folder, for people browsing the source.

Examples
--------
>>> "people-and-posts" in library_names()
True
>>> [p.name for p in load_query("people-and-posts").params]
['name']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg import resources
from kg.errors import KGError

__all__ = [
    "Param",
    "LibraryQuery",
    "library_dir",
    "library_names",
    "load_query",
    "parse_library_text",
]

_PARAM = re.compile(r"^param:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:—|--|-|:)\s*(?P<meaning>.*)$")


@dataclass(frozen=True)
class Param:
    """A named query parameter; ``optional`` when its meaning says so."""

    name: str
    meaning: str

    @property
    def optional(self) -> bool:
        return "(optional" in self.meaning


@dataclass(frozen=True)
class LibraryQuery:
    name: str
    text: str
    description: str
    params: list[Param] = field(default_factory=list)
    path: Path | None = None


def library_dir() -> Path:
    """The folder of shipped ``.rq`` files (inside the installed package)."""
    return resources.path("queries")


def library_names() -> list[str]:
    return sorted(p.stem for p in library_dir().glob("*.rq"))


def parse_library_text(name: str, text: str, path: Path | None = None) -> LibraryQuery:
    """Split a library file's header comments into description and parameters."""
    description: list[str] = []
    params: list[Param] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        comment = stripped.lstrip("#").strip()
        match = _PARAM.match(comment)
        if match:
            params.append(Param(match["name"], match["meaning"].strip()))
        elif comment:
            description.append(comment)
    return LibraryQuery(name, text, " ".join(description), params, path)


def load_query(name: str) -> LibraryQuery:
    """Load a library query by name (the file name without ``.rq``)."""
    path = library_dir() / f"{name}.rq"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name) or not path.is_file():
        known = ", ".join(library_names())
        raise KGError(f"no library query named {name!r}; known: {known}")
    return parse_library_text(name, path.read_text(encoding="utf-8"), path)
