"""``kg build``: from news pages to a stored, exported and drawn graph.

The stages and their order are defined once, in :mod:`kg.pipeline.stages`
(:data:`~kg.pipeline.stages.STAGES`)::

    ingest -> start-up -> sentences -> entities -> relations -> summaries
      (per batch of documents, in the executor's workers: serial, processes or Dask)
    -> resolve (build-wide, over the summaries)
    -> graph (the resolution's quads, as N-Quads parts beside the documents')
    -> store (every part bulk-loaded into a new store, swapped in atomically)
    -> outputs (graph.ttl/.trig from the parts, graph.html, report.json)

The store only loads parts: resolution and graph building are done before
it is touched.  Extraction results are cached per document
(``<out>/cache``) so a rebuild re-extracts only documents whose content
changed; resolution and graph construction always cover the whole build so
identity stays global.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import cast

from rdflib.query import ResultRow
from tqdm import tqdm

from kg.batching import batched
from kg.config import BuildConfig, validate
from kg.errors import BuildFailed, BuildInterrupted
from kg.ingest import IngestWarning, iter_documents
from kg.pipeline.cache import ExtractionCache, data_fingerprint
from kg.pipeline.parts import NQuadsParts, remove_stale_parts
from kg.pipeline.stages import STAGES, ExtractedDocument, extract_documents, summarise
from kg.pipeline.timing import StageTimer
from kg.store import GraphStore
from kg.types import Document

__all__ = [
    "PARALLEL_BATCH",
    "STAGES",
    "BuildReport",
    "batch_size",
    "build",
    "extract_paths",
]


@dataclass
class BuildReport:
    out_dir: str
    documents: int = 0
    articles: int = 0
    sentences: int = 0
    characters: int = 0
    reextracted: int = 0
    reused: int = 0
    removed: int = 0
    entities: int = 0
    facts: int = 0
    triples: int = 0
    classes: dict[str, int] = field(default_factory=dict)
    properties: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: Records the graph stage refused or repaired (a stage disagreeing with another).
    consistency_warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Times a process loaded the extraction pipeline (its models): one per
    #: worker that got work, however many batches it ran.
    pipeline_loads: int = 0
    #: Seconds per stage of :data:`~kg.pipeline.stages.STAGES` (the workers'
    #: stages added up over batches), then ``"total"``, the build's wall time.
    seconds: dict[str, float] = field(default_factory=dict)
    #: CPU seconds (user + system) per stage, of the process that ran it:
    #: the workers' for the per-batch stages, the build's own for the rest.
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    #: Peak resident memory (MB) of the build's own process when each stage it
    #: ran ended (workers' stages are not in it): the first stage that
    #: reaches the final value is where the build peaked.
    peak_rss_mb: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)


#: Most documents per batch when workers share the extraction.  A batch is
#: the unit a worker takes: with a few big batches, one worker is still on
#: its last while the other has nothing left (300 documents in batches of 64
#: are 3 batches for one worker and 2 for the other).  The taggers batch
#: sentences, not documents, so 8 documents still fill their batches.
PARALLEL_BATCH = 8


def batch_size(config: BuildConfig) -> int:
    """Documents per extraction batch: ``config.batch_size``, capped by :data:`PARALLEL_BATCH`
    when several workers share the work.

    Examples
    --------
    >>> batch_size(BuildConfig()), batch_size(BuildConfig(jobs=2))
    (64, 8)
    """
    if config.executor_name == "serial":
        return config.batch_size
    return min(config.batch_size, PARALLEL_BATCH)


#: What the serial stages after extraction import (resolution, RDF, the
#: store, the HTML view with networkx and pyvis).
_TAIL_MODULES = (
    "kg.resolve",
    "kg.graph.build",
    "kg.store.build_dir",
    "kg.analytics.networkx_bridge",
    "kg.viz",
)


def _import_tail_modules() -> None:
    import importlib

    for name in _TAIL_MODULES:
        importlib.import_module(name)


def extract_paths(
    paths: Sequence[Path | str],
    config: BuildConfig,
    report: BuildReport,
    cache: ExtractionCache,
    timer: StageTimer,
    progress: bool = True,
) -> Iterator[ExtractedDocument]:
    """Stages ``ingest`` to ``summaries`` in batches, reusing cached analyses.

    Documents stream through: at most a few batches are in flight, and what
    comes back is the small :class:`ExtractedDocument` of each.  Order
    follows the executor, not the input; :func:`build` sorts.
    """
    from kg.components import EXECUTORS

    def warn(w: IngestWarning) -> None:
        report.warnings.append(str(w))

    todo_docs: Iterator[Document] = timer.iterate("ingest", iter_documents(paths, warn))
    bar = tqdm(desc="extract", unit="doc", disable=None if progress else True, leave=False)
    reused: list[ExtractedDocument] = []

    def pending() -> Iterator[Document]:
        for doc in todo_docs:
            report.documents += 1
            report.articles += len(doc.articles)
            report.characters += sum(len(a.text) for a in doc.articles)
            with timer.stage("summaries"):
                hit = cache.get(doc)
                if hit is not None:
                    reused.append(summarise(hit, config))
            if hit is not None:
                report.reused += 1
                bar.update(1)
            else:
                yield doc

    executor = EXECUTORS.create(config.executor_name, jobs=config.jobs, scheduler=config.scheduler)
    # With workers, the main process mostly waits: meanwhile it imports what
    # the build's serial end needs, off the critical path.  Started once the
    # first batch is back, when a process pool has forked all its workers (a
    # fork while another thread imports could copy a held import lock).
    warm = config.executor_name != "serial"
    try:
        for batch in executor.map_ordered(
            extract_documents, batched(pending(), batch_size(config)), config, cache.fingerprint
        ):
            if warm:
                threading.Thread(target=_import_tail_modules, daemon=True).start()
                warm = False
            timer.merge(batch.seconds, batch.cpu)
            report.pipeline_loads += batch.loads
            yield from reused
            reused.clear()
            for extracted in batch:
                report.reextracted += 1
                if extracted.cache_record is not None:
                    cache.put_record(extracted.doc_id, extracted.cache_record)
                    extracted.cache_record = None
                bar.update(1)
                yield extracted
        yield from reused
    finally:
        executor.close()
        bar.close()


def build(
    paths: Sequence[Path | str],
    out_dir: Path | str,
    config: BuildConfig | None = None,
    *,
    progress: bool = True,
    html: bool = True,
) -> BuildReport:
    """Build the graph of ``paths`` into ``out_dir``: every stage of :data:`STAGES`, in order.

    The build streams: documents are extracted in batches of
    ``config.batch_size`` (on ``config.executor_name``); their articles and
    sentences go to N-Quads part files at once, and only the resolver's
    summaries stay in memory.  Identity is then resolved over the summaries
    of the whole build, the mentions, facts and entities go to more parts,
    and all the parts are bulk-loaded into a new store that replaces the old
    one atomically.  Every output is replaced atomically: a build that is
    interrupted leaves the previous graph intact.

    Raises
    ------
    BuildFailed
        When any stage fails: one line naming the cause, with the per-file
        warnings gathered so far (``.warnings``); the previous graph, if
        any, stays current and no lock or part file is left.
    BuildInterrupted
        On ``KeyboardInterrupt`` (Ctrl-C; ``kg build`` turns SIGTERM into
        one too), after the same clean-up, with the same ``.warnings``.

    Examples
    --------
    >>> from pathlib import Path
    >>> import tempfile
    >>> src = Path(tempfile.mkdtemp()) / "page.txt"
    >>> _ = src.write_text("## 标题\\n\\n本报讯（记者王明）李华在北京工作。", encoding="utf-8")
    >>> report = build([src], Path(tempfile.mkdtemp()), progress=False, html=False)
    >>> report.articles
    1
    """
    config = config or BuildConfig()
    validate(config)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    report = BuildReport(out_dir=str(out))
    try:
        return _build(paths, out, config, report, progress=progress, html=html)
    except Exception as exc:
        # The parts folder and the half-loaded store are gone by now (their
        # context managers); the warnings go with the error so none is lost.
        raise BuildFailed(str(out), exc, list(report.warnings)) from exc
    except KeyboardInterrupt as exc:
        # Ctrl-C: cleaned up the same way, and still an interrupt.
        raise BuildInterrupted(str(out), list(report.warnings)) from exc


def _build(
    paths: Sequence[Path | str],
    out: Path,
    config: BuildConfig,
    report: BuildReport,
    *,
    progress: bool,
    html: bool,
) -> BuildReport:
    """The stages of :func:`build`, filling ``report``."""
    from kg.extract.relations.patterns import patterns_fingerprint
    from kg.graph.build import resolution_quads
    from kg.graph.iris import article_prefix
    from kg.resolve import RESOLVERS
    from kg.store.build_dir import load_files

    timer = StageTimer()
    with timer.stage("total"):
        # User overlays ($KG_PATTERNS_PATH) live outside kg/data, so hash them too.
        fingerprint = data_fingerprint(f"{config.fingerprint()}|{patterns_fingerprint()}")
        cache = ExtractionCache(out / "cache", fingerprint)
        remove_stale_parts(out)
        with NQuadsParts(out) as parts:
            kept: list[ExtractedDocument] = []
            for extracted in extract_paths(paths, config, report, cache, timer, progress):
                parts.append(extracted.nquads, extracted.quads)
                extracted.nquads = b""
                report.sentences += extracted.sentences
                report.consistency_warnings.extend(extracted.warnings)
                kept.append(extracted)
            # Cached and fresh results arrive interleaved; order by source for determinism.
            kept.sort(key=lambda e: (e.source, e.doc_id))

            with timer.stage("resolve"):
                # Identity is resolved once, over the summaries of the whole build.
                resolution = RESOLVERS.create(config.resolver).finish([e.prepared for e in kept])
                articles = [info for e in kept for info in e.articles]
                kept.clear()
                report.entities = len(resolution.entities)
                report.facts = len(resolution.facts)
            with timer.stage("graph"):
                # As N-Quads parts too, so the store loads every quad in bulk and
                # the Turtle and TriG files are written from the parts.
                parts.add_quads(
                    resolution_quads(
                        articles,
                        resolution,
                        config,
                        on_warning=lambda msg: report.consistency_warnings.append(str(msg)),
                    )
                )
            report.triples = parts.quads

            def outputs(store: GraphStore) -> None:
                # Written before the new store is swapped in: an output that
                # cannot be written fails the build with the previous graph current.
                with timer.stage("outputs"):
                    _write_outputs(
                        out,
                        report,
                        parts,
                        store,
                        html=html,
                        scoped_prefix=article_prefix(config.base_iri),
                    )

            with timer.stage("store"):
                load_files(out, parts.seal(), config.store, before_swap=outputs)
            # The outputs ran inside the store stage's swap: count them once.
            timer.add("store", -timer.seconds.get("outputs", 0.0), -timer.cpu.get("outputs", 0.0))
        report.removed = cache.prune()
    report.seconds = timer.rounded((*STAGES, "total"))
    report.cpu_seconds = timer.rounded((*STAGES, "total"), cpu=True)
    report.peak_rss_mb = {n: timer.peak_mb[n] for n in (*STAGES, "total") if n in timer.peak_mb}
    _write_report(out, report)
    return report


#: The overview page stays usable up to about this many nodes (bench/viz_bench.py).
HTML_MAX_NODES = 5000

_CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?class } } GROUP BY ?class
"""
_PROPERTY_COUNTS = """
SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p
"""


def _curie(iri: str) -> str:
    from kg.graph.vocab import PREFIXES

    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _counts(store: GraphStore, query: str) -> dict[str, int]:
    rows = cast(Iterable[ResultRow], store.query(query))
    return dict(sorted((_curie(str(row[0])), int(row[1])) for row in rows))


def _write_outputs(
    out: Path,
    report: BuildReport,
    parts: NQuadsParts,
    store: GraphStore,
    *,
    html: bool,
    scoped_prefix: str,
) -> None:
    """Counts and the HTML view from the new store; Turtle and TriG from the parts.

    Every file is written to a temporary name first and renamed only once
    all are written: a file that cannot be written leaves every output as it
    was (a rename that fails leaves the files renamed after it as they were).
    """
    import contextlib

    from kg.store.atomic import atomic_path

    with contextlib.ExitStack() as files:
        # Exited last-in first-out: the renames run in reverse, after every write.
        for name, fmt in (("graph.ttl", "ttl"), ("graph.trig", "trig")):
            tmp = files.enter_context(atomic_path(out / name))
            with tmp.open("wb") as fh:
                parts.write(fh, fmt, scoped_prefix)
        report.classes = _counts(store, _CLASS_COUNTS)
        report.properties = _counts(store, _PROPERTY_COUNTS)
        if html:
            _write_html(files.enter_context(atomic_path(out / "graph.html")), report, store)


def _write_html(path: Path, report: BuildReport, store: GraphStore) -> None:
    from kg.analytics.networkx_bridge import to_networkx
    from kg.viz import write_html

    # The picture shows the co-occurrence layer faint (kg.viz.html).
    network = to_networkx(store.dataset, cooccurrence=True)
    if network.number_of_nodes() > HTML_MAX_NODES:
        from kg.viz.select import select_subgraph

        report.notes.append(
            f"graph.html shows the {HTML_MAX_NODES} most central of "
            f"{network.number_of_nodes()} entities; use kg viz --focus for the rest"
        )
        network = select_subgraph(network, max_nodes=HTML_MAX_NODES)
    # Titled after the build folder; ``path`` is a temporary file inside it.
    write_html(network, path, title=path.parent.resolve().name)


def _write_report(out: Path, report: BuildReport) -> None:
    from kg.store.atomic import atomic_write_bytes

    atomic_write_bytes(out / "report.json", report.to_json().encode("utf-8"))
