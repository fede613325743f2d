"""The built seed graph keeps the data model's promises (needs the whole pipeline)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset

from kg.graph.provenance import FACT_PROVENANCE_QUERY
from kg.graph.vocab import PREFIXES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_dataset(seed_build: Path) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(seed_build / "graph.trig", format="trig")
    return ds


def select(ds: Dataset, query: str) -> list[tuple[object, ...]]:
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    return [tuple(row) for row in ds.query(prefixes + query)]  # type: ignore[arg-type]


def test_every_mention_text_is_its_body_slice(seed_dataset: Dataset) -> None:
    rows = select(
        seed_dataset,
        """SELECT ?text ?start ?end ?body WHERE {
             ?m a kg:Mention ; schema:text ?text ; kg:startOffset ?start ; kg:endOffset ?end ;
                kg:inSentence/schema:isPartOf/schema:articleBody ?body }""",
    )
    assert rows
    bad = [
        (str(text), int(start), int(end))  # type: ignore[call-overload]
        for text, start, end, body in rows
        if str(body)[int(start) : int(end)] != str(text)  # type: ignore[call-overload]
    ]
    assert bad == []


def test_every_assertion_is_answered_by_the_provenance_query(seed_dataset: Dataset) -> None:
    count = len(select(seed_dataset, "SELECT ?a WHERE { ?a a kg:Assertion }"))
    rows = list(seed_dataset.query(FACT_PROVENANCE_QUERY))
    assert count > 0
    assert len(rows) == count


def test_every_article_is_in_its_own_document_graph(seed_dataset: Dataset) -> None:
    rows = select(
        seed_dataset,
        """SELECT ?g (COUNT(?a) AS ?n) WHERE { GRAPH ?g { ?a a schema:NewsArticle } }
           GROUP BY ?g""",
    )
    assert rows
    assert all(not str(g).endswith("/graph/entities") for g, _ in rows)
