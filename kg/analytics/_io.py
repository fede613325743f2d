"""Read a build folder's graph for the analytics and viewer commands.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from kg.dev.synthetic import demo_graph
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = demo_graph().serialize(Path(tmp) / "graph.ttl", format="turtle", encoding="utf-8")
...     len(load_build_graph(Path(tmp))) > 0
True
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import KGError

__all__ = ["load_build_graph"]

# Plain RDF files accepted when the folder has no store (a graph copied in by
# hand, or an export), in order of preference.
_LOOSE_FILES = (("graph.trig", "trig"), ("graph.nq", "nquads"), ("graph.ttl", "turtle"))


def load_build_graph(build_dir: Path) -> Graph:
    """Return the graph of a build folder, read-only.

    Opens the folder's current store with ``kg.store.build_dir.open_build``
    (Oxigraph or memory, as ``CURRENT`` says) and returns its ``Dataset``
    with ``default_union`` on, so queries see every named graph.  A folder
    without a store but with ``graph.trig``, ``graph.nq`` or ``graph.ttl`` is
    parsed into memory instead.

    Parameters
    ----------
    build_dir : Path
        A folder written by ``kg build``.

    Raises
    ------
    KGError
        When the folder does not exist or holds no graph.
    """
    build_dir = Path(build_dir)
    if not build_dir.is_dir():
        raise KGError(f"{build_dir}: no such build folder")
    from kg.store.build_dir import has_graph, open_build

    if has_graph(build_dir):
        dataset = open_build(build_dir, read_only=True).dataset
        # kg keeps facts in per-document named graphs; read their union.
        dataset.default_union = True
        return dataset
    for name, fmt in _LOOSE_FILES:
        path = build_dir / name
        if path.is_file():
            graph: Graph = Dataset(default_union=True) if fmt != "turtle" else Graph()
            try:
                graph.parse(path, format=fmt)
            except Exception as exc:  # rdflib raises many parser-specific types
                raise KGError(f"{path}: cannot parse: {exc}") from None
            return graph
    raise KGError(f"{build_dir}: no graph here; run `kg build` first")
