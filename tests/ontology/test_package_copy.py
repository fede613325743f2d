"""The package ships a byte-for-byte copy of ontology/*.ttl in kg/data/ontology/.

If this fails after editing the ontology, run::

    cp ontology/kg.ttl ontology/shapes.ttl kg/data/ontology/
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.graph.ontology import ONTOLOGY_FILE, SHAPES_FILE, ontology_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", [ONTOLOGY_FILE, SHAPES_FILE])
def test_package_copy_equals_source(name: str) -> None:
    source = (ROOT / "ontology" / name).read_bytes()
    copy = (ROOT / "kg" / "data" / "ontology" / name).read_bytes()
    assert copy == source
    assert ontology_text(name).encode("utf-8") == source
