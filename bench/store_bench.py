"""Store benchmark: kg's store vs raw pyoxigraph vs rdflib's memory store.

A synthetic graph shaped like kg's output (people, organisations, places,
posts as ``kg:Membership`` nodes, articles, sentences and ``kg:Assertion``
provenance, one named graph per document) is loaded into each system, each
in its own subprocess so peak RSS is that system's alone.  Reported per
system: load time, peak RSS (``resource.getrusage``), and the median latency
of four queries: a label lookup, a one-hop join, a two-hop path and a
GROUP BY count.  Each run uses a different constant and is timed warm (after
one untimed run), and every run reads every term of every row (kg: converted
to rdflib terms, as its API returns them).  kg's ratio to raw pyoxigraph is
also measured on kg's own database with runs interleaved, which keeps it
stable on a busy machine.

Input generation is not timed.  ``kg`` loads through
``OxigraphStore.add_quads`` (rdflib terms in, as the pipeline calls it) into
an on-disk store; ``pyoxigraph`` bulk-loads pre-built pyoxigraph quads into an
on-disk store; ``rdflib`` adds the same rdflib quads to a memory ``Dataset``.

Usage::

    python bench/store_bench.py                 # 1M triples
    python bench/store_bench.py --triples 200000 --runs 30
    python bench/store_bench.py --skip rdflib   # when rdflib would take too long
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

SYSTEMS = ("kg", "pyoxigraph", "rdflib")

BASE = "https://w3id.org/kgnews/id/"
KG = "https://w3id.org/kgnews/ontology#"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"

PROLOGUE = (
    f"PREFIX kg: <{KG}> PREFIX rdfs: <{RDFS}> PREFIX org: <{ORG}> "
    f"PREFIX schema: <{SCHEMA}> PREFIX prov: <{PROV}>\n"
)

#: name → (query template, how to pick the constant for run i)
QUERIES: dict[str, str] = {
    "label lookup": 'SELECT ?e WHERE {{ ?e rdfs:label "人物{i}"@zh }}',
    "one-hop join": (
        'SELECT ?p ?name WHERE {{ ?org rdfs:label "机构{i}"@zh . '
        "?p kg:worksFor ?org ; rdfs:label ?name }}"
    ),
    "two-hop path": (
        'SELECT ?org ?place ?placeName WHERE {{ ?p rdfs:label "人物{i}"@zh ; kg:worksFor ?org . '
        "?org kg:locatedIn ?place . ?place rdfs:label ?placeName }}"
    ),
    "group-by count": (
        "SELECT ?org (COUNT(?p) AS ?n) WHERE {{ ?p kg:worksFor ?org }} "
        "GROUP BY ?org ORDER BY DESC(?n) LIMIT 10"
    ),
}

TRIPLES_PER_PERSON = 28  # see _person_quads: 28.2 quads per person on average


def _sizes(triples: int) -> tuple[int, int, int]:
    people = max(1, triples // TRIPLES_PER_PERSON)
    orgs = max(1, people // 20)
    places = max(1, orgs // 10)
    return people, orgs, places


def synthetic_quads(triples: int) -> Iterator[tuple[str, str, str, str, str | None]]:
    """``(s, p, o, graph, kind)`` strings; ``kind`` is None for an IRI object,
    ``"zh"`` for a Chinese label, or a datatype IRI for a typed literal."""
    people, orgs, places = _sizes(triples)
    entities = BASE + "graph/entities"
    for j in range(places):
        place = f"{BASE}place/{j}"
        yield place, RDF + "type", KG + "Place", entities, None
        yield place, RDFS + "label", f"地点{j}", entities, "zh"
    for k in range(orgs):
        org = f"{BASE}org/{k}"
        yield org, RDF + "type", KG + "Organization", entities, None
        yield org, RDFS + "label", f"机构{k}", entities, "zh"
        yield org, KG + "locatedIn", f"{BASE}place/{k % places}", entities, None
    for i in range(people):
        yield from _person_quads(i, orgs)


def _person_quads(i: int, orgs: int) -> Iterator[tuple[str, str, str, str, str | None]]:
    person, org = f"{BASE}person/{i}", f"{BASE}org/{(i * 7919) % orgs}"
    doc = i // 10  # ten people per document
    graph, entities = f"{BASE}graph/doc{doc}", BASE + "graph/entities"
    article, sentence = f"{BASE}article/{doc}", f"{BASE}article/{doc}/s{i % 10}"
    post, assertion, mention = f"{BASE}membership/{i}", f"{BASE}assertion/{i}", f"{BASE}mention/{i}"
    integer, double = XSD + "integer", XSD + "double"
    yield person, RDF + "type", KG + "Person", entities, None
    yield person, RDFS + "label", f"人物{i}", entities, "zh"
    yield person, SKOS + "altLabel", f"人物{i}同志", entities, "zh"
    yield person, KG + "worksFor", org, graph, None
    yield post, RDF + "type", KG + "Membership", graph, None
    yield post, ORG + "member", person, graph, None
    yield post, ORG + "organization", org, graph, None
    yield post, KG + "roleTitle", "局长" if i % 3 else "主任", graph, "zh"
    yield post, PROV + "wasDerivedFrom", sentence, graph, None
    yield assertion, RDF + "type", KG + "Assertion", graph, None
    yield assertion, RDF + "subject", person, graph, None
    yield assertion, RDF + "predicate", KG + "worksFor", graph, None
    yield assertion, RDF + "object", org, graph, None
    yield assertion, PROV + "wasDerivedFrom", sentence, graph, None
    yield assertion, KG + "method", "pattern:post", graph, XSD + "string"
    yield assertion, KG + "confidence", "0.9", graph, double
    yield sentence, RDF + "type", KG + "Sentence", graph, None
    yield sentence, SCHEMA + "text", f"人物{i}任机构{(i * 7919) % orgs}局长。", graph, "zh"
    yield sentence, SCHEMA + "isPartOf", article, graph, None
    yield sentence, KG + "startOffset", str(i % 10 * 20), graph, integer
    yield sentence, KG + "endOffset", str(i % 10 * 20 + 19), graph, integer
    yield mention, RDF + "type", KG + "Mention", graph, None
    yield mention, KG + "denotes", person, graph, None
    yield mention, KG + "inSentence", sentence, graph, None
    yield mention, KG + "startOffset", str(i % 10 * 20), graph, integer
    yield mention, KG + "endOffset", str(i % 10 * 20 + 4), graph, integer
    yield mention, KG + "confidence", "0.95", graph, double
    yield article, SCHEMA + "mentions", person, graph, None
    if i % 10 == 0:  # once per document
        yield article, RDF + "type", SCHEMA + "NewsArticle", graph, None
        yield article, SCHEMA + "headline", f"新闻{doc}", graph, "zh"


def _rdflib_quads(triples: int) -> list[Any]:
    from rdflib import Literal, URIRef

    def obj(value: str, kind: str | None) -> Any:
        if kind is None:
            return URIRef(value)
        if kind == "zh":
            return Literal(value, lang="zh")
        if kind == XSD + "string":
            return Literal(value)
        return Literal(value, datatype=URIRef(kind))

    return [
        (URIRef(s), URIRef(p), obj(o, kind), URIRef(g))
        for s, p, o, g, kind in synthetic_quads(triples)
    ]


def _ox_quads(triples: int) -> list[Any]:
    import pyoxigraph as ox

    def obj(value: str, kind: str | None) -> Any:
        if kind is None:
            return ox.NamedNode(value)
        if kind == "zh":
            return ox.Literal(value, language="zh")
        return ox.Literal(value, datatype=ox.NamedNode(kind))

    return [
        ox.Quad(ox.NamedNode(s), ox.NamedNode(p), obj(o, kind), ox.NamedNode(g))
        for s, p, o, g, kind in synthetic_quads(triples)
    ]


def _cpu_s() -> float:
    """CPU seconds of this process, all threads: steadier than wall time on a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _measure(
    runners: dict[str, Callable[[str], int]], triples: int, runs: int
) -> dict[str, dict[str, Any]]:
    """Median warm latency per query for each runner, runs interleaved.

    Each run picks a new constant (so no result is reused), runs the query
    once untimed so every runner finds the same warm caches, then times each
    runner, alternating which goes first.  Interleaving matters on a shared
    machine: runners timed in the same moments see the same background load.
    """
    people, orgs, _ = _sizes(triples)
    results: dict[str, dict[str, Any]] = {name: {} for name in runners}
    names = list(runners)
    for query_name, template in QUERIES.items():
        times: dict[str, list[float]] = {name: [] for name in runners}
        rows: dict[str, int] = {}
        for r in range(runs):
            i = (r * 104729) % (orgs if "机构" in template else people)
            text = PROLOGUE + template.format(i=i)
            runners[names[0]](text)  # warm-up for this constant
            order = names if r % 2 == 0 else names[::-1]
            for name in order:
                start = time.perf_counter()
                rows[name] = runners[name](text)
                times[name].append(time.perf_counter() - start)
        for name in runners:
            results[name][query_name] = {
                "median_ms": statistics.median(times[name]) * 1000,
                "rows_last": rows[name],
            }
    return results


def _read_ox(solutions: Any) -> int:
    """Iterate pyoxigraph solutions reading every term, as a caller would."""
    count = 0
    for solution in solutions:
        for _term in solution:
            pass
        count += 1
    return count


def child(system: str, triples: int, runs: int) -> dict[str, Any]:
    """Run one system in this process and return its figures."""
    workdir = Path(tempfile.mkdtemp(prefix=f"store-bench-{system}-"))
    runners: dict[str, Callable[[str], int]] = {}
    if system == "pyoxigraph":
        import pyoxigraph as ox

        quads = _ox_quads(triples)
        rss_input = _rss_mb()
        store = ox.Store(str(workdir / "db"))
        start, cpu = time.perf_counter(), _cpu_s()
        store.bulk_extend(quads)
        store.flush()
        load, load_cpu = time.perf_counter() - start, _cpu_s() - cpu
        del quads

        def run_query(text: str) -> int:
            return _read_ox(store.query(text, use_default_graph_as_union=True))

    elif system == "kg":
        from kg.store.oxigraph import OxigraphStore

        quads = _rdflib_quads(triples)
        rss_input = _rss_mb()
        kg_store = OxigraphStore(workdir / "db")
        start, cpu = time.perf_counter(), _cpu_s()
        kg_store.add_quads(quads)
        kg_store.flush()
        load, load_cpu = time.perf_counter() - start, _cpu_s() - cpu
        del quads

        def run_query(text: str) -> int:
            return sum(1 for _ in kg_store.query(text))

        def run_raw(text: str) -> int:
            return _read_ox(kg_store.inner.query(text, use_default_graph_as_union=True))

        # Also time raw pyoxigraph on kg's own database, interleaved with kg's
        # queries: the fairest kg/raw ratio on a busy machine.
        runners["raw pyoxigraph, same db"] = run_raw

    elif system == "rdflib":
        from rdflib import Dataset

        quads = _rdflib_quads(triples)
        rss_input = _rss_mb()
        dataset = Dataset(default_union=True)
        start, cpu = time.perf_counter(), _cpu_s()
        dataset.addN(quads)
        load, load_cpu = time.perf_counter() - start, _cpu_s() - cpu
        del quads

        def run_query(text: str) -> int:
            return sum(1 for _ in dataset.query(text))

    else:
        raise SystemExit(f"unknown system {system!r}")
    figures = {"system": system, "load_s": load, "load_cpu_s": load_cpu, "rss_input_mb": rss_input}
    measured = _measure({system: run_query, **runners}, triples, runs)
    figures["queries"] = measured.pop(system)
    figures["interleaved"] = measured
    figures["peak_rss_mb"] = _rss_mb()
    shutil.rmtree(workdir, ignore_errors=True)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20, help="runs per query (median reported)")
    parser.add_argument("--rdflib-runs", type=int, default=5, help="runs per query for rdflib")
    parser.add_argument("--skip", action="append", default=[], choices=SYSTEMS)
    parser.add_argument("--child", choices=SYSTEMS, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print raw figures as JSON")
    args = parser.parse_args(argv)
    if args.child:
        runs = args.rdflib_runs if args.child == "rdflib" else args.runs
        print(json.dumps(child(args.child, args.triples, runs)))
        return 0

    total = sum(1 for _ in synthetic_quads(args.triples))
    print(
        f"store benchmark: {total:,} quads ({args.triples:,} asked), "
        f"{args.runs} runs per query ({args.rdflib_runs} for rdflib)",
        flush=True,
    )
    figures: dict[str, dict[str, Any]] = {}
    for system in SYSTEMS:
        if system in args.skip:
            continue
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                system,
                "--triples",
                str(args.triples),
                "--runs",
                str(args.runs),
                "--rdflib-runs",
                str(args.rdflib_runs),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            print(f"{system}: failed\n{done.stderr}", file=sys.stderr)
            continue
        figures[system] = json.loads(done.stdout.strip().splitlines()[-1])
        f = figures[system]
        print(
            f"  {system:<10} load {f['load_s']:7.2f} s wall {f['load_cpu_s']:7.2f} s CPU   "
            f"peak RSS {f['peak_rss_mb']:6.0f} MB (input alone {f['rss_input_mb']:.0f} MB)",
            flush=True,
        )
    if args.json:
        print(json.dumps(figures, indent=2))
    _report(figures)
    return 0


def _report(figures: dict[str, dict[str, Any]]) -> None:
    systems = list(figures)
    print("\nmedian query latency (ms)")
    print(f"  {'query':<16}" + "".join(f"{s:>12}" for s in systems) + "   kg/pyoxigraph")
    for name in QUERIES:
        cells = [figures[s]["queries"][name]["median_ms"] for s in systems]
        ratio = ""
        if "kg" in figures and "pyoxigraph" in figures:
            kg_ms = figures["kg"]["queries"][name]["median_ms"]
            ratio = f"{kg_ms / figures['pyoxigraph']['queries'][name]['median_ms']:14.2f}"
        print(f"  {name:<16}" + "".join(f"{c:12.3f}" for c in cells) + f" {ratio}")
    same_db = figures.get("kg", {}).get("interleaved", {}).get("raw pyoxigraph, same db")
    if same_db:
        print("\nkg vs raw pyoxigraph on kg's own database, runs interleaved (ms)")
        for name in QUERIES:
            kg_ms, raw_ms = figures["kg"]["queries"][name]["median_ms"], same_db[name]["median_ms"]
            print(f"  {name:<16}{kg_ms:12.3f}{raw_ms:12.3f}   ratio {kg_ms / raw_ms:5.2f}")
    for other, phrase in (
        ("rdflib", "faster than rdflib memory"),
        ("pyoxigraph", "vs raw pyoxigraph"),
    ):
        if "kg" in figures and other in figures:
            wall = figures[other]["load_s"] / figures["kg"]["load_s"]
            cpu = figures[other]["load_cpu_s"] / figures["kg"]["load_cpu_s"]
            print(f"load: kg {wall:.2f}x (wall), {cpu:.2f}x (CPU) {phrase}")


if __name__ == "__main__":
    raise SystemExit(main())
