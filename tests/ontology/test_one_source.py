"""``ontology/`` and ``queries/`` at the repository root are the packaged files.

The package data (``kg/data/ontology``, ``kg/data/queries``) is the one source;
the root folders are symlinks to it, kept for people browsing the source and
for tools that take ``--ontology ontology``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import resources
from kg.graph.ontology import ONTOLOGY_FILE, SHAPES_FILE, ontology_text
from kg.query import library_dir, load_query

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("folder", ["ontology", "queries"])
def test_root_folder_is_the_package_data(folder: str) -> None:
    root = ROOT / folder
    assert root.is_symlink()
    assert root.resolve() == (ROOT / "kg" / "data" / folder).resolve()


@pytest.mark.parametrize("name", [ONTOLOGY_FILE, SHAPES_FILE])
def test_ontology_read_through_the_root_path(name: str) -> None:
    assert (ROOT / "ontology" / name).read_text(encoding="utf-8") == ontology_text(name)


def test_queries_read_through_the_root_path() -> None:
    names = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    assert names == sorted(p.stem for p in library_dir().glob("*.rq"))
    for name in names:
        assert (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8") == load_query(name).text
    assert resources.list_files("queries", suffix=".rq") == [f"{n}.rq" for n in names]
