"""How long a big graph takes to become a usable page.  Prints numbers; asserts nothing.

For a synthetic graph in kg's data model (default 5,000 entities):

* ``to_networkx`` on the rdflib graph;
* PageRank + layout + HTML assembly (``write_html``), and the file size;
* time until headless Chromium reports the page ready (first frame drawn
  with every node), both as wall clock of the whole Chromium run and as the
  page's own ``performance.now()`` at ready.  A trivial page is timed too,
  so browser start-up can be subtracted.

Run::

    . .venv/bin/activate
    python bench/viz_bench.py            # 5,000 entities
    python bench/viz_bench.py --nodes 1000 2000 5000
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from kg.analytics.networkx_bridge import to_networkx
from kg.dev.synthetic import synthetic_graph
from kg.viz import write_html
from kg.viz.headless import find_chromium, open_page
from kg.viz.layout import layout_positions
from kg.viz.style import load_style


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[5000])
    parser.add_argument("--runs", type=int, default=3, help="browser runs per size")
    args = parser.parse_args()
    chromium = find_chromium()
    with tempfile.TemporaryDirectory() as tmp:
        if chromium is not None:
            blank = Path(tmp) / "blank.html"
            blank.write_text(
                '<!DOCTYPE html><meta charset="utf-8"><body data-ready="1">', encoding="utf-8"
            )
            base = statistics.median(
                open_page(blank, chromium=chromium, budget_ms=1000).seconds
                for _ in range(args.runs)
            )
            print(f"chromium start-up (blank page): {base:.2f} s")
        else:
            print("chromium not found: browser timings skipped")
        for n in args.nodes:
            t = time.perf_counter()
            rdf = synthetic_graph(n, seed=0)
            t_rdf = time.perf_counter() - t
            t = time.perf_counter()
            g = to_networkx(rdf)
            t_bridge = time.perf_counter() - t
            t = time.perf_counter()
            layout_positions(g)
            t_layout = time.perf_counter() - t
            out = Path(tmp) / f"graph-{n}.html"
            t = time.perf_counter()
            write_html(g, out, title=f"{n} entities")
            t_html = time.perf_counter() - t
            size = out.stat().st_size
            print(
                f"\n{n} entities, {g.number_of_edges()} relations, {len(rdf)} triples"
                f" (synthetic graph built in {t_rdf:.2f} s)"
            )
            print(f"  to_networkx:            {t_bridge:6.2f} s")
            physics = n <= load_style().physics_threshold
            print(f"  layout alone:           {t_layout:6.2f} s")
            print(
                f"  write_html:             {t_html:6.2f} s  ("
                + ("physics in the page, no Python layout" if physics else "incl. Python layout")
                + ")"
            )
            print(f"  file size:              {size / 1e6:6.2f} MB")
            if chromium is None:
                continue
            walls, readies, frames = [], [], []
            for _ in range(args.runs):
                report = open_page(out, chromium=chromium, budget_ms=60000, timeout=600)
                if not report.ready or int(report.data["nodes"]) != g.number_of_nodes():
                    print(f"  NOT READY: {report.data}")
                    break
                walls.append(report.seconds)
                readies.append(int(report.data["ready-ms"]) / 1000)
                if "frame-ms" in report.data:
                    frames.append(int(report.data["frame-ms"]))
            if walls:
                print(
                    f"  chromium run to ready:  {statistics.median(walls):6.2f} s wall"
                    f" (median of {len(walls)}; minus start-up ≈ "
                    f"{statistics.median(walls) - base:.2f} s)"
                )
                print(f"  page performance.now() at ready: {statistics.median(readies):6.2f} s")
                if frames:
                    print(f"  one full redraw (pan/zoom step): {statistics.median(frames)} ms")
                print(f"  page requests to other hosts: {len(report.page_requests)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
