"""The build folder's store is swapped atomically and survives SIGKILL."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.errors import KGError
from kg.store import STORES, Quad
from kg.store.build_dir import CURRENT_NAME, STORE_PREFIX, open_build, write_store

BASE = "https://w3id.org/kgnews/id/"


def quads(n: int, tag: str) -> list[Quad]:
    graph = URIRef(f"{BASE}graph/{tag}")
    return [
        (URIRef(f"{BASE}person/{tag}{i}"), RDFS.label, Literal(f"{tag}{i}"), graph)
        for i in range(n)
    ]


def count(build: Path) -> int:
    store = open_build(build)
    try:
        return int(next(iter(store.query("SELECT (COUNT(*) AS ?c) WHERE { ?s ?p ?o }")))[0])
    finally:
        store.close()


def store_dirs(build: Path) -> list[str]:
    return sorted(p.name for p in build.iterdir() if p.name.startswith(STORE_PREFIX))


def test_missing_graph_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KGError, match="no graph here; run `kg build` first"):
        open_build(tmp_path)


@pytest.mark.parametrize("name", STORES.names())
def test_write_replaces_and_removes_old(tmp_path: Path, name: str) -> None:
    build = tmp_path / "build"
    assert write_store(build, quads(30, "a"), store_name=name) == 30
    first = store_dirs(build)
    assert count(build) == 30
    assert write_store(build, quads(7, "b"), store_name=name) == 7
    assert count(build) == 7
    assert len(store_dirs(build)) == 1 and store_dirs(build) != first
    record = json.loads((build / CURRENT_NAME).read_text())
    assert record["store"] == name


def test_reader_and_store_switch(tmp_path: Path) -> None:
    build = tmp_path / "build"
    write_store(build, quads(3, "a"), store_name="memory")
    write_store(build, quads(4, "b"), store_name="oxigraph")
    assert count(build) == 4
    assert type(open_build(build)).__name__ == "OxigraphStore"


# The child loads a never-ending stream of quads, printing progress, until killed.
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS
    from kg.store.build_dir import write_store

    def endless():
        i = 0
        while True:
            if i % 20000 == 0:
                print(i, flush=True)
            yield (URIRef(f"https://w3id.org/kgnews/id/x/{i}"), RDFS.label, Literal(str(i)),
                   URIRef("https://w3id.org/kgnews/id/graph/x"))
            i += 1

    write_store(Path(sys.argv[1]), endless(), store_name=sys.argv[2])
    """
)


@pytest.mark.parametrize(("name", "lines"), [("oxigraph", 1), ("oxigraph", 8), ("memory", 3)])
def test_sigkill_mid_write_leaves_old_store(tmp_path: Path, name: str, lines: int) -> None:
    build = tmp_path / "build"
    write_store(build, quads(25, "old"), store_name=name)
    old_dirs = store_dirs(build)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(build), name], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    for _ in range(lines):  # wait until it is well into loading the new store
        assert child.stdout.readline(), "child died before it was killed"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    # The half-written store exists beside the old one, but is not current.
    assert len(store_dirs(build)) == 2
    assert count(build) == 25
    # The next build completes and cleans up the leftovers.
    assert write_store(build, quads(5, "new"), store_name=name) == 5
    assert count(build) == 5
    remaining = store_dirs(build)
    assert len(remaining) == 1 and remaining != old_dirs
