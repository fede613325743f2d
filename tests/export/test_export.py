"""Exports round-trip: no triple (or quad) is lost, networks have the right rows."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.export import FORMATS
from kg.query.sample import HOSTILE_NAME, sample_quads
from kg.store import STORES, open_build
from kg.store.build_dir import write_store


@pytest.fixture(scope="module", params=STORES.names())
def build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp(f"export-{request.param}")
    write_store(folder, sample_quads(), store_name=request.param)
    return folder


def original_quads(build: Path) -> set[ox.Quad]:
    """The store's own quads, read with pyoxigraph from an independent N-Quads dump."""
    store = open_build(build)
    try:
        import io

        buffer = io.BytesIO()
        store.dump(buffer, "nq")
    finally:
        store.close()
    return set(ox.parse(buffer.getvalue(), ox.RdfFormat.N_QUADS))


def export(build: Path, fmt: str, out: Path) -> Path:
    assert main(["export", str(build), "--format", fmt, "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize(
    ("fmt", "rdf_format"), [("nq", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG)]
)
def test_quad_formats_keep_every_quad(
    build: Path, tmp_path: Path, fmt: str, rdf_format: ox.RdfFormat
) -> None:
    expected = original_quads(build)
    assert len(expected) == len(sample_quads())
    path = export(build, fmt, tmp_path / f"g.{fmt}")
    back = set(ox.parse(path.read_bytes(), rdf_format))
    assert back == expected
    assert {q.graph_name for q in back} == {q.graph_name for q in expected}


@pytest.mark.parametrize(
    ("fmt", "rdf_format"), [("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES)]
)
def test_triple_formats_keep_every_triple(
    build: Path, tmp_path: Path, fmt: str, rdf_format: ox.RdfFormat
) -> None:
    expected = {q.triple for q in original_quads(build)}
    back = {
        q.triple
        for q in ox.parse(export(build, fmt, tmp_path / f"g.{fmt}").read_bytes(), rdf_format)
    }
    assert back == expected


def test_jsonld_keeps_every_quad_and_uses_the_context(build: Path, tmp_path: Path) -> None:
    from rdflib import Dataset

    path = export(build, "jsonld", tmp_path / "g.jsonld")
    text = path.read_text(encoding="utf-8")
    assert '"label"' in text and '"@context"' in text  # compacted with kg's short names
    dataset = Dataset()
    dataset.parse(data=text, format="json-ld")
    nq = dataset.serialize(format="nquads").encode()
    back = set(ox.parse(nq, ox.RdfFormat.N_QUADS))
    expected = original_quads(build)
    assert len(back) == len(expected)
    assert {str(q.graph_name) for q in back} == {str(q.graph_name) for q in expected}
    assert {(q.subject, q.predicate, q.graph_name) for q in back} == {
        (q.subject, q.predicate, q.graph_name) for q in expected
    }


def test_graphml_and_csv_network(build: Path, tmp_path: Path) -> None:
    graphml = nx.read_graphml(export(build, "graphml", tmp_path / "g.graphml"))
    labels = {data["label"] for _, data in graphml.nodes(data=True)}
    assert {"张三", "华星集团", HOSTILE_NAME, "智慧城市项目"} <= labels
    folder = export(build, "csv", tmp_path / "net")
    with open(folder / "nodes.csv", encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with open(folder / "edges.csv", encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    assert list(nodes[0]) == ["iri", "label", "type"]
    assert list(edges[0]) == ["source", "target", "predicate", "label"]
    by_iri = {n["iri"]: n for n in nodes}
    assert len(nodes) == graphml.number_of_nodes() and len(edges) == graphml.number_of_edges()
    named = {
        (
            by_iri[e["source"]]["label"],
            e["predicate"].rsplit("#", 1)[1],
            by_iri[e["target"]]["label"],
        )
        for e in edges
    }
    assert ("华星集团", "investsIn", "智慧城市项目") in named
    assert ("张三", "worksFor", "洛阳市住建局") in named
    assert {n["type"] for n in nodes} >= {"Person", "Company", "University", "Project"}


def test_every_format_is_registered() -> None:
    from kg.export import EXPORTERS

    assert set(FORMATS) == set(EXPORTERS.names())
