"""Load a build's named graphs into an external SPARQL server.

Two standard ways, chosen by the caller:

* **Graph Store Protocol** (``graph_store`` given): one ``PUT {graph_store}?graph=IRI``
  per named graph, body N-Triples, which *replaces* that graph on the server;
* **SPARQL Update** (default): per named graph, ``DROP SILENT GRAPH`` then
  ``INSERT DATA`` in chunks of ``chunk`` triples, POSTed to ``endpoint``.

Either way pushing twice gives the same server state (graphs are replaced,
not appended to), and graphs the build does not have are left alone.  A graph
containing blank nodes is sent in one request, because a blank node label
only means the same node within one request.
"""

from __future__ import annotations

import base64
import io
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import KGError
from kg.store import GraphStore

__all__ = ["PushTarget", "PushReport", "push_store", "graphs_of", "service_url"]

GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


@dataclass(frozen=True)
class PushTarget:
    """Where to push.  ``endpoint`` takes SPARQL Update; ``graph_store`` takes GSP."""

    endpoint: str
    graph_store: str | None = None
    user: str | None = None
    password: str | None = None
    chunk: int = 5_000
    timeout: float = 300.0


@dataclass
class PushReport:
    """Triples sent per graph (``""`` is the default graph) and requests made."""

    triples: dict[str, int] = field(default_factory=dict)
    requests: int = 0

    @property
    def total(self) -> int:
        return sum(self.triples.values())


def graphs_of(
    store: GraphStore,
) -> dict[GraphName, list[ox.Triple]]:
    """Every graph of the store with its triples (via one N-Quads dump)."""
    buffer = io.BytesIO()
    store.dump(buffer, "nq")
    graphs: dict[GraphName, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(buffer.getvalue(), ox.RdfFormat.N_QUADS):
        graphs[quad.graph_name].append(quad.triple)
    return dict(graphs)


def service_url(url: str, service: str) -> str:
    """``url`` as given, or, for a server's bare base URL, its ``service`` path.

    A user naturally passes the address the server printed on start-up
    (``http://host:7878``); Oxigraph answers SPARQL Update at ``/update``
    and the Graph Store Protocol at ``/store``, and a bare base URL answers
    neither (HTTP 404).  A URL with any path is taken as it is (Fuseki:
    ``http://host:3030/DATASET/update``).

    Examples
    --------
    >>> service_url("http://host:7878", "update")
    'http://host:7878/update'
    >>> service_url("http://host:7878/", "store")
    'http://host:7878/store'
    >>> service_url("http://host:3030/ds/update", "update")
    'http://host:3030/ds/update'
    """
    parts = urllib.parse.urlsplit(url)
    if parts.path in ("", "/") and not parts.query:
        return urllib.parse.urlunsplit(parts._replace(path="/" + service))
    return url


def _headers(target: PushTarget, content_type: str) -> dict[str, str]:
    headers = {"Content-Type": content_type, "User-Agent": "kg-push/1"}
    if target.user is not None:
        token = f"{target.user}:{target.password or ''}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
    return headers


def _send(target: PushTarget, url: str, method: str, body: bytes, content_type: str) -> None:
    request = urllib.request.Request(url, data=body, method=method)
    for name, value in _headers(target, content_type).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=target.timeout) as response:
            response.read()
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", "replace").strip().splitlines()
        reason = detail[0][:200] if detail else err.reason
        hint = ""
        if err.code in (404, 405):
            hint = (
                " (is this the server's SPARQL Update or Graph Store URL? e.g. "
                "http://host:7878/update for Oxigraph, http://host:3030/DATASET/update for Fuseki)"
            )
        raise KGError(f"push: {method} {url}: HTTP {err.code}: {reason}{hint}") from None
    except urllib.error.URLError as err:
        raise KGError(f"push: cannot reach {url}: {err.reason}") from None
    except (TimeoutError, OSError) as err:
        raise KGError(f"push: {url}: {err}") from None


def _has_blank(triples: Iterable[ox.Triple]) -> bool:
    return any(
        isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples
    )


def _chunks(triples: list[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    if _has_blank(triples):
        yield triples
        return
    for start in range(0, len(triples), size):
        yield triples[start : start + size]


def _ntriples(triples: Iterable[ox.Triple]) -> str:
    # pyoxigraph terms print in N-Triples syntax, escapes included.
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)


def _push_update(
    target: PushTarget, graph: object, triples: list[ox.Triple], report: PushReport
) -> None:
    named = not isinstance(graph, ox.DefaultGraph)
    first = True
    for chunk in _chunks(triples, target.chunk):
        data = _ntriples(chunk)
        body = f"GRAPH {graph} {{\n{data}}}" if named else data
        update = f"INSERT DATA {{\n{body}}}"
        if first:
            drop = f"DROP SILENT GRAPH {graph}" if named else "DROP SILENT DEFAULT"
            update = f"{drop} ;\n{update}"
            first = False
        form = urllib.parse.urlencode({"update": update}).encode("utf-8")
        _send(target, target.endpoint, "POST", form, "application/x-www-form-urlencoded")
        report.requests += 1


def _push_gsp(
    target: PushTarget, graph: object, triples: list[ox.Triple], report: PushReport
) -> None:
    assert target.graph_store is not None
    separator = "&" if "?" in target.graph_store else "?"
    if isinstance(graph, ox.NamedNode):
        url = f"{target.graph_store}{separator}{urllib.parse.urlencode({'graph': graph.value})}"
    elif isinstance(graph, ox.DefaultGraph):
        url = f"{target.graph_store}{separator}default"
    else:
        raise KGError(
            "push: a blank-node graph name cannot be addressed by the Graph Store Protocol"
        )
    body = _ntriples(triples).encode("utf-8")
    _send(target, url, "PUT", body, "application/n-triples")
    report.requests += 1


def push_store(store: GraphStore, target: PushTarget) -> PushReport:
    """Push every graph of ``store`` to ``target``; return what was sent."""
    report = PushReport()
    send = _push_gsp if target.graph_store else _push_update
    for graph, triples in sorted(graphs_of(store).items(), key=lambda item: str(item[0])):
        if not triples:
            continue
        send(target, graph, triples, report)
        name = graph.value if isinstance(graph, ox.NamedNode | ox.BlankNode) else ""
        report.triples[name] = len(triples)
    return report
