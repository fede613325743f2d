"""The resolution data files, with user overlays.

``kg/data/resolve/<name>`` ships with kg.  Folders named in ``KG_RESOLVE_PATH``
(``os.pathsep``-separated) may hold files of the same name whose entries are
added to the shipped ones: lists are extended, mappings merged (the user's
value wins for a key both have), other values replaced.  So a user adds an
abbreviation or an anaphor without editing the package.

Examples
--------
>>> merge({"a": [1], "b": {"x": 1}}, {"a": [2], "b": {"y": 2}, "c": 3})
{'a': [1, 2], 'b': {'x': 1, 'y': 2}, 'c': 3}
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kg.errors import KGError

__all__ = ["RESOLVE_ENV", "load_resolve_yaml", "merge"]

#: Environment variable naming folders with extra resolution data.
RESOLVE_ENV = "KG_RESOLVE_PATH"


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


def _parse(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise KGError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise KGError(f"{where}: expected a mapping")
    return data


def load_resolve_yaml(name: str) -> dict[str, Any]:
    """``kg/data/resolve/<name>`` merged with the same file in ``$KG_RESOLVE_PATH`` folders.

    Raises
    ------
    KGError
        When a file cannot be read or is not a YAML mapping; the message names it.
    """
    where = f"kg/data/resolve/{name}"
    try:
        text = resources.files("kg").joinpath("data", "resolve", name).read_text(encoding="utf-8")
    except OSError as exc:
        raise KGError(f"{where}: {exc}") from None
    data = _parse(text, where)
    for folder in filter(None, os.environ.get(RESOLVE_ENV, "").split(os.pathsep)):
        path = Path(folder) / name
        if path.is_file():
            try:
                extra = path.read_text(encoding="utf-8")
            except OSError as exc:
                raise KGError(f"{path}: {exc.strerror or exc}") from None
            data = merge(data, _parse(extra, str(path)))
    return data
