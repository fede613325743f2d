"""SPARQL over a build: a runner, result formats and the shipped query library.

>>> from kg.query import run_query, format_result, load_query

The names below are imported on first use, so that importing a light part of
the package (:mod:`kg.query.media`, which ``kg --help`` needs) does not load
rdflib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.query.format import Formatted, format_result, load_context
    from kg.query.library import LibraryQuery, Param, library_dir, library_names, load_query
    from kg.query.media import GRAPH_FORMATS, MEDIA_TYPES, SOLUTION_FORMATS
    from kg.query.params import check_params, parse_params
    from kg.query.runner import run_query

__all__ = [
    "GRAPH_FORMATS",
    "MEDIA_TYPES",
    "SOLUTION_FORMATS",
    "Formatted",
    "LibraryQuery",
    "Param",
    "check_params",
    "format_result",
    "library_dir",
    "library_names",
    "load_context",
    "load_query",
    "parse_params",
    "run_query",
]

_HOME = {
    "GRAPH_FORMATS": "media",
    "MEDIA_TYPES": "media",
    "SOLUTION_FORMATS": "media",
    "Formatted": "format",
    "format_result": "format",
    "load_context": "format",
    "LibraryQuery": "library",
    "Param": "library",
    "library_dir": "library",
    "library_names": "library",
    "load_query": "library",
    "check_params": "params",
    "parse_params": "params",
    "run_query": "runner",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
