"""``kg serve``: a read-only SPARQL endpoint over a build folder."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kg.errors import KGError

__all__ = ["NAME", "HELP", "DESCRIPTION", "add_arguments", "run"]

NAME = "serve"
HELP = "serve a build as a read-only SPARQL 1.1 endpoint (and a query page)"
DESCRIPTION = """\
Serve a build folder at http://HOST:PORT/sparql (SPARQL 1.1 Protocol: GET
?query=, POST application/sparql-query or form-encoded) with a query page at /.

Read-only: SPARQL Update, LOAD and SERVICE are refused (403).  With
--allow-update and --token, POSTed updates carrying "Authorization: Bearer
TOKEN" are applied (LOAD and SERVICE stay refused).  Each query runs
in a worker process and is killed after --timeout seconds (503).  Results over
--max-results rows are cut, with the header X-KG-Result-Truncated.  Request
bodies over --max-body bytes are refused (413).  Binds 127.0.0.1 unless told.

Cheap queries do not queue behind expensive ones: when every general worker
is busy, a query runs on a quick worker (--quick-workers); one still running
after --quick-seconds keeps running but leaves the quick lane, and a fresh
quick worker takes its place.

example:
  kg serve build/ --port 7878
  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * {?s ?p ?o} LIMIT 5' \\
       http://127.0.0.1:7878/sparql
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("build", type=Path, help="build folder")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7878, help="default: 7878; 0 picks a free port")
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds per query (default: 10)"
    )
    parser.add_argument(
        "--max-results", type=int, default=10_000, help="rows per result (default: 10000)"
    )
    parser.add_argument(
        "--max-body", type=int, default=1_000_000, help="request body bytes (default: 1000000)"
    )
    parser.add_argument(
        "--allow-update",
        action="store_true",
        help="accept SPARQL Update (not LOAD/SERVICE) with the token; needs --token",
    )
    parser.add_argument(
        "--token",
        default=os.environ.get("KG_SERVE_TOKEN"),
        help="bearer token updates must present (default: $KG_SERVE_TOKEN)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=min(4, os.cpu_count() or 1),
        help="query worker processes = concurrent queries (default: CPUs, at most 4)",
    )
    parser.add_argument(
        "--quick-workers",
        type=int,
        default=1,
        help="extra workers for cheap queries while the others are busy (default: %(default)s)",
    )
    parser.add_argument(
        "--quick-seconds",
        type=float,
        default=1.0,
        help="how long a query may run on a quick worker before it leaves the quick lane "
        "(default: %(default)s)",
    )


def run(args: argparse.Namespace) -> int:
    from kg.serve import ServeConfig, make_server
    from kg.store.build_dir import has_graph

    if not has_graph(args.build):
        raise KGError(f"{args.build}: no graph here; run `kg build` first")
    if args.timeout <= 0 or args.max_results <= 0 or args.max_body <= 0 or args.workers <= 0:
        raise KGError("serve: --timeout, --max-results, --max-body and --workers must be positive")
    if args.allow_update and not args.token:
        raise KGError("serve: --allow-update needs --token (or KG_SERVE_TOKEN)")
    if args.quick_workers < 0 or args.quick_seconds <= 0:
        raise KGError("serve: --quick-workers must be 0 or more and --quick-seconds positive")
    config = ServeConfig(
        args.build,
        args.host,
        args.port,
        args.timeout,
        args.max_results,
        args.max_body,
        args.workers,
        quick_workers=args.quick_workers,
        quick_seconds=args.quick_seconds,
        allow_update=args.allow_update,
        token=args.token,
    )
    try:
        server = make_server(config)
    except OSError as exc:
        raise KGError(f"serve: cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"kg serve: warning: listening on {args.host}, reachable from other machines",
            file=sys.stderr,
        )
    mode = "updates need the token" if args.allow_update else "read-only"
    print(f"kg serve: {server.url} ({mode}; Ctrl-C stops)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.pool.close()
    return 0
