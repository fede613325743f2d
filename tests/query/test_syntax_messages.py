"""A malformed query is named plainly, whichever store parses it."""

from __future__ import annotations

import pytest

from kg.errors import KGError
from kg.query.runner import run_query
from kg.store.memory import MemoryStore
from kg.store.oxigraph import OxigraphStore


@pytest.fixture(params=["oxigraph", "memory"])
def store(request: pytest.FixtureRequest) -> object:
    return OxigraphStore(None) if request.param == "oxigraph" else MemoryStore()


def message(store: object, sparql: str) -> str:
    with pytest.raises(KGError) as info:
        run_query(store, sparql)  # type: ignore[arg-type]
    text = str(info.value)
    assert "\n" not in text
    return text


def test_unclosed_brace_is_named_with_its_place(store: object) -> None:
    text = message(store, "SELECT ?x WHERE {\n  ?x ?y")
    assert "'{' opened at line 1, column 17 is never closed (missing '}')" in text
    assert "Expected SelectQuery" not in text and "expected one of" not in text


def test_a_brace_too_many_is_named(store: object) -> None:
    text = message(store, "SELECT ?x WHERE { ?x ?y ?z } }")
    assert "'}' at line 1, column 30 closes nothing" in text


def test_brackets_inside_strings_iris_and_comments_do_not_count(store: object) -> None:
    # Balanced once strings, IRIs and comments are set aside: the fault is
    # the misspelt keyword, and that is what the message says.
    text = message(store, 'SELEC ?x WHERE { ?x <http://a/x> "}" } # {\n')
    assert "a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE" in text
    assert "'SELEC'" in text


def test_other_errors_show_where_reading_stopped(store: object) -> None:
    text = message(store, "SELECT ?x WHERE { ?x ?y ?z ?w }")
    assert "cannot read the query near '" in text and "?x ?y" in text
