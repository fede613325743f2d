"""SPARQL over a build: a runner, result formats and the shipped query library.

>>> from kg.query import run_query, format_result, load_query
"""

from __future__ import annotations

from kg.query.format import (
    GRAPH_FORMATS,
    MEDIA_TYPES,
    SOLUTION_FORMATS,
    Formatted,
    format_result,
    load_context,
)
from kg.query.library import LibraryQuery, Param, library_dir, library_names, load_query
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
