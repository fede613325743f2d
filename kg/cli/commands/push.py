"""``kg push``: load a build's named graphs into an external SPARQL server."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path

from kg.errors import KGError

__all__ = ["NAME", "HELP", "DESCRIPTION", "add_arguments", "run"]

NAME = "push"
HELP = "load the graph into an external SPARQL server (Graph Store Protocol or SPARQL Update)"
DESCRIPTION = """\
Push every named graph of a build to a SPARQL server: Oxigraph, Fuseki,
GraphDB, Virtuoso.  Each graph is replaced on the server (pushing twice gives
the same state); other graphs on the server are left alone.

  --endpoint URL       SPARQL Update endpoint (DROP + INSERT DATA in chunks);
                       a server's base URL with no path, as `oxigraph serve`
                       prints it (http://host:7878), means its /update
  --graph-store URL    use the Graph Store Protocol instead (PUT per graph);
                       a base URL with no path means its /store

The password may also come from the KG_PUSH_PASSWORD environment variable, or
is asked for when --user is given without it.

examples:
  kg push build/ --endpoint http://127.0.0.1:7878                   # oxigraph serve
  kg push build/ --endpoint http://127.0.0.1:7878/update            # the same
  kg push build/ --endpoint http://localhost:3030/ds/update --graph-store http://localhost:3030/ds/data
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("build", type=Path, help="build folder")
    parser.add_argument(
        "--endpoint",
        required=True,
        help="SPARQL Update endpoint URL, or a server's base URL (then /update is used)",
    )
    parser.add_argument(
        "--graph-store",
        help="Graph Store Protocol URL (PUT per named graph), or a base URL (then /store)",
    )
    parser.add_argument("--user", help="HTTP basic-auth user")
    parser.add_argument("--password", help="HTTP basic-auth password (or KG_PUSH_PASSWORD)")
    parser.add_argument(
        "--chunk", type=int, default=5_000, help="triples per INSERT DATA request (default: 5000)"
    )


def _check_url(url: str, option: str) -> None:
    if not url.startswith(("http://", "https://")):
        raise KGError(f"push: {option} must be an http:// or https:// URL, not {url!r}")


def run(args: argparse.Namespace) -> int:
    from kg.serve.push import PushTarget, push_store, service_url
    from kg.store import open_build

    _check_url(args.endpoint, "--endpoint")
    if args.graph_store:
        _check_url(args.graph_store, "--graph-store")
    if args.chunk <= 0:
        raise KGError("push: --chunk must be positive")
    password = args.password or os.environ.get("KG_PUSH_PASSWORD")
    if args.user and password is None:
        password = getpass.getpass(f"password for {args.user}: ")
    endpoint = service_url(args.endpoint, "update")
    graph_store = service_url(args.graph_store, "store") if args.graph_store else None
    target = PushTarget(endpoint, graph_store, args.user, password, args.chunk)
    store = open_build(args.build)
    try:
        report = push_store(store, target)
    finally:
        store.close()
    how = "Graph Store Protocol" if args.graph_store else "SPARQL Update"
    print(
        f"kg push: {report.total} triples in {len(report.triples)} graphs "
        f"({report.requests} {how} requests)"
    )
    return 0
