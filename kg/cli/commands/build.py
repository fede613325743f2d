"""kg build: read news pages and write the graph, its HTML view and a report."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from kg.config import load_config
from kg.errors import BuildFailed, BuildInterrupted, KGError

NAME = "build"
HELP = "build the knowledge graph of news pages"
DESCRIPTION = """\
Read every .txt, .md, .html, .jsonl and .jsonl.gz page under PATHS and write, into OUT:
  graph.ttl    the graph in Turtle (all named graphs merged)
  graph.trig   the graph with one named graph per source document
  graph.html   an interactive network that opens offline
  report.json  counts by class and property, articles read, warnings
  store-*/     the embedded database that kg query/serve/export read
  CURRENT      which store-*/ is current (swapped atomically on rebuild)
  cache/       per-page extraction results for incremental rebuilds

Unreadable files (binary, empty, undecodable) are reported one line each and
skipped; the build goes on.  Rebuilding into the same OUT re-extracts only
pages whose content changed.  Outputs are replaced atomically.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from kg.config import BuildConfig

    # Help shows the defaults the build really uses, read from the
    # configuration's own defaults (the options themselves default to None,
    # so that a kg.toml value is not overridden by an untouched flag).
    defaults = BuildConfig()
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    parser.add_argument(
        "--out", "-o", type=Path, default=Path("build"), help="output folder (default: build/)"
    )
    parser.add_argument("--config", type=Path, help="a kg.toml configuration file")
    parser.add_argument(
        "--base-iri", help=f"base IRI for entities (default: {defaults.base_iri})"
    )
    parser.add_argument(
        "--home-city", help="the newspaper's city, for 我市 when the page does not say"
    )
    parser.add_argument(
        "--extractors",
        help="comma-separated entity extractor components "
        f"(default: {','.join(defaults.entity_extractors)})",
    )
    parser.add_argument(
        "--store",
        choices=["oxigraph", "memory"],
        help=f"graph store (default: {defaults.store})",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        help=f"extraction processes on this machine (default: {defaults.jobs})",
    )
    parser.add_argument(
        "--scheduler", help="run extraction on a Dask cluster, e.g. tcp://127.0.0.1:8786"
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        help=f"documents per extraction batch (default: {defaults.batch_size})",
    )
    parser.add_argument("--no-html", action="store_true", help="skip graph.html")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """SIGINT and SIGTERM stop the build through its clean-up, then the old handlers return.

    SIGINT is taken even when it was inherited as ignored (a build started
    with ``&`` from a script ignores it): ``kill -INT`` is then the only way
    it can arrive, and it means stop.  SIGTERM, whose default would kill the
    process on the spot, also unwinds, so no part, lock or half store is
    left behind.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, _stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            # None: a handler set outside Python, which cannot be put back.
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


def run(args: argparse.Namespace) -> int:
    from kg.pipeline import build

    extractors = args.extractors.split(",") if args.extractors else None
    config = load_config(
        args.config,
        base_iri=args.base_iri,
        home_city=args.home_city,
        entity_extractors=extractors,
        store=args.store,
        jobs=args.jobs,
        batch_size=args.batch_size,
        scheduler=args.scheduler,
    )
    try:
        with _interruptible():
            report = build(
                args.paths, args.out, config, progress=not args.quiet, html=not args.no_html
            )
    except (BuildFailed, BuildInterrupted) as exc:
        # Printed before the error, as a successful build prints them.
        for warning in exc.warnings:
            print(f"kg: warning: {warning}", file=sys.stderr)
        raise
    for warning in report.warnings:
        print(f"kg: warning: {warning}", file=sys.stderr)
    if report.documents == 0:
        raise KGError("no readable pages found in " + ", ".join(map(str, args.paths)))
    if not args.quiet:
        print(
            f"{report.documents} documents, {report.articles} articles, "
            f"{report.entities} entities, {report.facts} facts, {report.triples} triples "
            f"({report.reextracted} extracted, {report.reused} reused) -> {args.out}/"
        )
    return 0
