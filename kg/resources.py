"""kg's packaged data (``kg/data/...``): the one way every module reads it.

Files are named by their parts below ``kg/data``, e.g.
``read_text("resolve", "aliases.yaml")``.  Reading through
:mod:`importlib.resources` keeps kg working from a wheel, an editable install
or a zip; every failure is a :class:`~kg.errors.KGError` naming the file.

:func:`load_yaml` also merges user overlays: for the kinds in
:data:`OVERLAY_ENV`, folders named in the environment variable
(``os.pathsep``-separated) may hold a file of the same name whose entries are
added to the shipped ones: lists are extended, mappings merged (the user's
value wins for a key both have), other values replaced.  So a user adds an
abbreviation or an anaphor without editing the package.

This module sits on the bottom floor: it imports nothing of kg but
:mod:`kg.errors`, so any stage may use it.

Examples
--------
>>> merge({"a": [1], "b": {"x": 1}}, {"a": [2], "b": {"y": 2}, "c": 3})
{'a': [1, 2], 'b': {'x': 1, 'y': 2}, 'c': 3}
>>> "kg.ttl" in list_files("ontology")
True
"""

from __future__ import annotations

import atexit
import os
from contextlib import ExitStack
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from kg.errors import KGError

__all__ = [
    "OVERLAY_ENV",
    "RESOLVE_ENV",
    "where",
    "read_text",
    "read_bytes",
    "path",
    "list_files",
    "walk",
    "parse_yaml",
    "load_yaml",
    "merge",
    "overlay_folders",
]

#: Environment variable naming folders with extra resolution data.
RESOLVE_ENV = "KG_RESOLVE_PATH"

#: Data kinds (folders of ``kg/data``) that users may extend, and the
#: environment variable naming the overlay folders for each.
OVERLAY_ENV: dict[str, str] = {"resolve": RESOLVE_ENV}

# Files extracted from a zipped package must outlive the call that asked for
# them (a model path is kept by its loader), so they are removed at exit.
_EXTRACTED = ExitStack()
atexit.register(_EXTRACTED.close)


def where(*parts: str) -> str:
    """The name messages use for a packaged file: ``kg/data/<parts>``."""
    return "/".join(("kg", "data", *parts))


def _node(*parts: str) -> Traversable:
    return resources.files("kg").joinpath("data", *parts)


def _problem(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__


def _yaml_problem(exc: yaml.YAMLError) -> str:
    # PyYAML's message spans lines; keep the problem and where it is.
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    if mark is not None and problem:
        return f"{problem} (line {mark.line + 1}, column {mark.column + 1})"
    return _problem(exc)


def read_bytes(*parts: str) -> bytes:
    """The bytes of ``kg/data/<parts>``.

    Raises
    ------
    KGError
        The file is missing or cannot be read; the message names it.
    """
    try:
        return _node(*parts).read_bytes()
    except OSError as exc:
        raise KGError(f"{where(*parts)}: cannot read: {_problem(exc)}") from None


def read_text(*parts: str) -> str:
    """The UTF-8 text of ``kg/data/<parts>``.

    Raises
    ------
    KGError
        The file is missing, cannot be read or is not UTF-8; the message names it.
    """
    try:
        return _node(*parts).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KGError(f"{where(*parts)}: cannot read: {_problem(exc)}") from None


def path(*parts: str) -> Path:
    """A file-system path of ``kg/data/<parts>``, for libraries that want a path.

    The file need not exist (a loader may report a missing model itself).  From
    a zipped package the file is extracted to a temporary file that lives until
    the process exits.
    """
    node = _node(*parts)
    if isinstance(node, Path):
        return node
    if not node.is_file():
        return Path(str(node))
    return _EXTRACTED.enter_context(resources.as_file(node))


def list_files(*parts: str, suffix: str = "") -> list[str]:
    """Names of the files directly in folder ``kg/data/<parts>`` ending in
    ``suffix``, sorted; empty if there is no such folder."""
    folder = _node(*parts)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.name.endswith(suffix))


def walk(*parts: str) -> list[tuple[str, ...]]:
    """Every file below folder ``kg/data/<parts>``, recursively, as parts
    relative to ``kg/data`` (ready for :func:`read_bytes`), sorted."""
    out: list[tuple[str, ...]] = []
    stack = [parts]
    while stack:
        current = stack.pop()
        node = _node(*current)
        if not node.is_dir():
            continue
        for child in node.iterdir():
            if child.is_dir():
                stack.append((*current, child.name))
            elif child.is_file():
                out.append((*current, child.name))
    return sorted(out)


def parse_yaml(text: str, origin: str) -> dict[str, Any]:
    """``text`` as a YAML mapping (empty text is ``{}``).

    Raises
    ------
    KGError
        ``text`` is not YAML or not a mapping; the message starts with ``origin``.
    """
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise KGError(f"{origin}: not valid YAML: {_yaml_problem(exc)}") from None
    if not isinstance(data, dict):
        raise KGError(f"{origin}: expected a mapping at top level")
    return data


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``extra`` added (lists extended, mappings merged)."""
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if isinstance(old, list) and isinstance(value, list):
            out[key] = [*old, *value]
        elif isinstance(old, dict) and isinstance(value, dict):
            out[key] = merge(old, value)
        else:
            out[key] = value
    return out


def overlay_folders(kind: str) -> list[Path]:
    """The user folders that extend ``kg/data/<kind>`` (none for most kinds)."""
    env = OVERLAY_ENV.get(kind)
    if env is None:
        return []
    return [Path(f) for f in os.environ.get(env, "").split(os.pathsep) if f]


def load_yaml(kind: str, name: str) -> dict[str, Any]:
    """``kg/data/<kind>/<name>`` as a mapping, merged with the user's overlays.

    Parameters
    ----------
    kind
        The data folder: ``resolve``, ``lexicons``, ``ingest``, ...
    name
        The file name in it.

    Raises
    ------
    KGError
        A file cannot be read or is not a YAML mapping; the message names it.
    """
    data = parse_yaml(read_text(kind, name), where(kind, name))
    for folder in overlay_folders(kind):
        user = folder / name
        if user.is_file():
            try:
                text = user.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise KGError(f"{user}: cannot read: {_problem(exc)}") from None
            data = merge(data, parse_yaml(text, str(user)))
    return data
