"""``kg query``: run SPARQL (text, a file, or a library query) against a build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.errors import KGError
from kg.query.media import GRAPH_FORMATS, SOLUTION_FORMATS

__all__ = ["NAME", "HELP", "DESCRIPTION", "add_arguments", "run"]

NAME = "query"
HELP = "run a SPARQL query (or a library query by name) against a build"
DESCRIPTION = """\
Run SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE against a build folder.
Prefixes kg:, schema:, org:, prov:, rdf:, rdfs:, skos:, xsd: and owl: are
predeclared, and the default graph is the union of all named graphs.

examples:
  kg query build/ 'SELECT ?p ?l WHERE { ?p a kg:Person ; rdfs:label ?l }'
  kg query build/ -f my.rq --format csv
  kg query build/ people-and-posts --param name=张三
  kg query --list
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("build", nargs="?", type=Path, help="build folder")
    parser.add_argument("query", nargs="?", help="SPARQL text, or the name of a library query")
    parser.add_argument("-f", "--file", type=Path, help="read the query from a file")
    parser.add_argument(
        "--format",
        choices=SOLUTION_FORMATS + GRAPH_FORMATS,
        help="output format (default: table for SELECT/ASK, ttl for CONSTRUCT/DESCRIBE)",
    )
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a query variable to a string (or <IRI>); repeatable",
    )
    parser.add_argument("--list", action="store_true", help="list the library queries and exit")


def _list() -> int:
    from kg.query import library_names, load_query

    for name in library_names():
        query = load_query(name)
        print(f"{name}\n    {query.description}")
        for param in query.params:
            print(f"    --param {param.name}=…  {param.meaning}")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.list:
        return _list()
    if args.build is None:
        raise KGError("query: give a build folder (or --list)")
    # rdflib loads only once a query runs, so `kg --help` stays quick.
    from kg.query import check_params, format_result, load_query, parse_params, run_query

    bindings = parse_params(args.param)
    if args.file is not None:
        if args.query is not None:
            raise KGError("query: give either query text or -f FILE, not both")
        try:
            text = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KGError(f"{args.file}: cannot read query: {exc}") from None
        source = str(args.file)
    elif args.query is None:
        raise KGError("query: give SPARQL text, -f FILE, or a library query name")
    elif args.query.strip().replace("-", "").replace("_", "").isalnum():
        library = load_query(args.query.strip())
        check_params(library, bindings)
        text, source = library.text, str(library.name)
    else:
        text, source = args.query, "query"

    import rdflib.plugins.sparql

    from kg.store import open_build

    # rdflib (the memory store) would download FROM <url> graphs; a query of
    # a build should read the build only, as it does on the Oxigraph store.
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    store = open_build(args.build)
    try:
        result = run_query(store, text, bindings, source=source)
        try:
            formatted = format_result(result, args.format)
        except (RuntimeError, OSError, ValueError) as exc:  # evaluation errors surface lazily
            raise KGError(f"{source}: {exc}") from None
    finally:
        store.close()
    sys.stdout.buffer.write(formatted.data)
    sys.stdout.flush()
    return 0
