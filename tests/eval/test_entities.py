"""Which predicted mentions ``kg eval`` scores."""

from __future__ import annotations

import pytest

from kg.eval.entities import predicted_spans
from kg.types import Mention


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        (Mention(0, 2, "Place", "该区", kind="anaphor"), []),
        (Mention(0, 2, "GovernmentOrganization", "区委", kind="short"), [(0, 2, "Organization")]),
        (Mention(0, 2, "Person", "李明"), [(0, 2, "Person")]),
    ],
)
def test_anaphors_are_not_scored_names_and_short_forms_are(
    mention: Mention, expected: list[tuple[int, int, str]]
) -> None:
    assert predicted_spans([mention], frozenset({"Person", "Place", "Organization"})) == expected
