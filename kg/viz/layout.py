"""Node positions computed in Python, for graphs too big for browser physics.

vis-network's force simulation runs in the page and does not settle on a
few thousand nodes in a usable time, so above the style's
``physics_threshold`` kg lays the graph out here once and the page draws it
with physics off.

The algorithm is Fruchterman–Reingold in its *grid variant* (repulsion only
between nodes closer than ``2k``, as in the original paper), which is
O(n + m) per iteration instead of the O(n²) of ``networkx.spring_layout``:

1. split the graph into connected components (networkx);
2. lay out small components with ``networkx.spring_layout``; start big ones
   from ``networkx.spectral_layout`` (global shape), with each axis
   replaced by its rank so that nodes the spectrum piles on one point are
   spread evenly, then refine with the grid variant, finding close pairs
   with a k-d tree (``scipy.spatial.cKDTree``), plus a weak far-field push
   from the centroids of an 8×8 grid so the component opens up instead of
   keeping the stretched shape it started from;
3. pack components on shelves, biggest first, isolated nodes in a grid
   underneath.

Measured on a 5,000-entity synthetic graph (3,559-node main component) on a
busy 2-core machine: ``networkx.spring_layout`` (and ``forceatlas2_layout``)
took about 70 s; this takes 4-7 s (see ``bench/viz_bench.py``).

Examples
--------
>>> import networkx as nx
>>> pos = layout_positions(nx.path_graph(4), seed=1)
>>> sorted(pos) == [0, 1, 2, 3]
True
>>> all(isinstance(x, float) and isinstance(y, float) for x, y in pos.values())
True
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

__all__ = ["layout_positions"]

# Pixels between neighbouring nodes (the FR ideal edge length k, scaled).
_SPACING = 60.0
# Components up to this size use networkx's exact O(n²) spring layout.
_EXACT_LIMIT = 200


def _far_field(pos: np.ndarray, k: float, cells: int = 8) -> np.ndarray:
    # Repulsion from distant nodes, approximated by the centroids of a coarse
    # grid (one level of Barnes-Hut): without it only neighbours push, and
    # the layout stays as cramped and stretched as its starting point.
    low = pos.min(axis=0)
    span = np.maximum(pos.max(axis=0) - low, 1e-9)
    xy = np.minimum(((pos - low) / span * cells).astype(np.int64), cells - 1)
    ids = xy[:, 0] * cells + xy[:, 1]
    counts = np.bincount(ids, minlength=cells * cells)
    occupied = np.flatnonzero(counts)
    centroids = (
        np.stack(
            [
                np.bincount(ids, weights=pos[:, a], minlength=cells * cells)[occupied]
                for a in (0, 1)
            ],
            axis=1,
        )
        / counts[occupied, None]
    )
    delta = pos[:, None, :] - centroids[None, :, :]
    dist2 = np.maximum((delta**2).sum(axis=2), 0.01)
    weight = k * k * counts[occupied][None, :] / dist2
    weight[ids[:, None] == occupied[None, :]] = 0.0  # own cell: the k-d tree's job
    return (weight[:, :, None] * delta).sum(axis=1)


def _grid_fr(sub: nx.Graph, *, seed: int, iterations: int) -> dict[Hashable, tuple[float, float]]:
    nodes = list(sub)
    index = {n: i for i, n in enumerate(nodes)}
    n = len(nodes)
    rng = np.random.default_rng(seed)
    spectral = nx.spectral_layout(sub)
    init = np.array([spectral[v] for v in nodes], dtype=float)
    init += rng.normal(scale=1e-9, size=init.shape)  # break ties before ranking
    side = math.sqrt(n)  # unit density: k = 1
    pos = np.empty_like(init)
    for axis in (0, 1):
        pos[np.argsort(init[:, axis]), axis] = np.linspace(0.0, side, n)
    edges = np.array([(index[u], index[v]) for u, v in sub.edges() if u != v], dtype=np.int64)
    k = 1.0
    t0 = side / 10
    for step in range(iterations):
        disp = np.zeros_like(pos)
        pairs = cKDTree(pos).query_pairs(2 * k, output_type="ndarray")
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist = np.maximum(np.linalg.norm(delta, axis=1), 0.01)
            force = (k * k / dist**2)[:, None] * delta  # k²/d along the unit vector
            np.add.at(disp, pairs[:, 0], force)
            np.add.at(disp, pairs[:, 1], -force)
        # Weak: a tenth of full FR repulsion keeps the picture compact.
        disp += 0.1 * _far_field(pos, k)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            dist = np.linalg.norm(delta, axis=1)
            force = (dist / k)[:, None] * delta  # d²/k along the unit vector
            np.add.at(disp, edges[:, 0], -force)
            np.add.at(disp, edges[:, 1], force)
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        temperature = t0 * (1 - step / iterations) + 0.05
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
    pos -= pos.mean(axis=0)
    return {
        v: (float(x) * _SPACING, float(y) * _SPACING) for v, (x, y) in zip(nodes, pos, strict=True)
    }


def layout_positions(
    g: nx.Graph, *, seed: int = 0, iterations: int = 100
) -> dict[Hashable, tuple[float, float]]:
    """Return ``{node: (x, y)}`` in vis-network pixel coordinates.

    Parameters
    ----------
    g : networkx.Graph
        Any graph; direction and parallel edges are ignored.
    seed : int
        Layout seed, so the same graph always looks the same.
    iterations : int
        Refinement iterations for big components.

    Returns
    -------
    dict
        Positions; components are placed left to right, top to bottom.
    """
    simple = nx.Graph(g)  # drops direction and parallel edges
    components = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(map(str, c))))
    cells: list[tuple[float, dict[Hashable, tuple[float, float]]]] = []
    singletons: list[Hashable] = []
    for nodes in components:
        if len(nodes) == 1:
            singletons.extend(nodes)
            continue
        sub = simple.subgraph(nodes)
        if len(nodes) <= _EXACT_LIMIT:
            scale = _SPACING * math.sqrt(len(nodes)) / 2
            raw = nx.spring_layout(sub, seed=seed, scale=scale)
            local = {v: (float(x), float(y)) for v, (x, y) in raw.items()}
        else:
            local = _grid_fr(sub, seed=seed, iterations=iterations)
        radius = max(max(math.hypot(x, y) for x, y in local.values()), _SPACING / 2)
        cells.append((radius, local))

    # Shelf packing: rows of components, each cell as wide as its diameter.
    positions: dict[Hashable, tuple[float, float]] = {}
    row_width = max(2000.0, math.sqrt(sum((2 * r) ** 2 for r, _ in cells) or 1.0) * 1.2)
    x = y = row_height = 0.0
    for radius, local in cells:
        size = 2 * radius + _SPACING
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + size / 2, y + size / 2
        for v, (px, py) in local.items():
            positions[v] = (cx + px, cy + py)
        x += size
        row_height = max(row_height, size)

    # Isolated nodes (often extraction misses) go in a grid underneath.
    y += row_height + _SPACING
    per_row = max(1, int(row_width // _SPACING))
    for i, v in enumerate(sorted(singletons, key=str)):
        positions[v] = ((i % per_row) * _SPACING, y + (i // per_row) * _SPACING)
    return positions
