"""The pipeline, written once: its stages, in order, with typed inputs and outputs.

========== ============================================ =========================
stage      in -> out                                    where
========== ============================================ =========================
ingest     paths -> :class:`~kg.types.Document`         :mod:`kg.ingest`
start-up   configuration -> loaded :class:`Pipeline`    component ``load()``
sentences  article -> list of :class:`~kg.types.Sentence` :mod:`kg.nlp`
entities   sentences -> mentions of each                :mod:`kg.extract.entities`
relations  sentences, mentions -> candidates of each    :mod:`kg.extract.relations`
summaries  analysis -> :class:`ExtractedDocument`       resolver ``prepare``, article quads
resolve    summaries of the build -> Resolution         resolver ``finish``
graph      resolution -> quads, as N-Quads parts        :mod:`kg.graph`
store      all parts -> a new store, swapped in         :mod:`kg.store`
outputs    parts, store -> graph.ttl/.trig/.html        :mod:`kg.viz`
========== ============================================ =========================

:data:`STAGES` is that order; the stage names are the keys of a build's
``report.json`` ``"seconds"`` and of ``kg bench``'s table.  The first five
stages run per batch of documents, in the build's workers
(:func:`extract_documents`); :func:`kg.pipeline.build` runs the rest once.
``kg build``, ``kg bench`` (which runs a build), ``kg extract``, ``kg eval``,
``kg eval-relations`` and :func:`kg.pipeline.api.extract_text` all go through
:class:`Pipeline`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.config import BuildConfig
from kg.extract.entities import EntityPipeline
from kg.extract.relations import RelationPipeline
from kg.nlp.sentences import SLICE_CHARS, split_sentences_sliced
from kg.pipeline.timing import StageTimer
from kg.resolve import RESOLVERS, Resolver
from kg.types import (
    Article,
    ArticleAnalysis,
    Document,
    DocumentAnalysis,
    Mention,
    RelationCandidate,
    Sentence,
    SentenceAnalysis,
)

__all__ = [
    "STAGES",
    "ExtractedBatch",
    "ExtractedDocument",
    "Pipeline",
    "extract_documents",
    "load_pipeline",
    "resolver_for",
    "summarise",
]

#: The stages of a build, in the order data flows through them.
STAGES: tuple[str, ...] = (
    "ingest",
    "start-up",
    "sentences",
    "entities",
    "relations",
    "summaries",
    "resolve",
    "graph",
    "store",
    "outputs",
)


class Pipeline:
    """The loaded components of the per-document stages (sentences to relations).

    Make one with :meth:`load` (or :func:`load_pipeline`, once per process);
    the per-batch stages are :meth:`sentences`, :meth:`entities` and
    :meth:`relations`, and :meth:`analyse` runs them in order.
    """

    def __init__(self, entities: EntityPipeline, relations: RelationPipeline) -> None:
        self.entity_pipeline = entities
        self.relation_pipeline = relations

    @classmethod
    def load(cls, config: BuildConfig) -> Pipeline:
        """Load the configured entity and relation components (models included)."""
        return cls(
            EntityPipeline(config.entity_extractors), RelationPipeline(config.relation_extractors)
        )

    def sentences(self, articles: Sequence[Article]) -> list[list[Sentence]]:
        """Stage ``sentences``: each article's sentences (a long one split slice by slice)."""
        return [
            [s for part in split_sentences_sliced(a.text, a.id, SLICE_CHARS) for s in part]
            for a in articles
        ]

    def entities(self, sentences: Sequence[Sentence]) -> list[list[Mention]]:
        """Stage ``entities``: the merged mentions of each sentence, all in one batch."""
        return self.entity_pipeline.extract(sentences)

    def relations(
        self, sentences: Sequence[Sentence], mentions: Sequence[Sequence[Mention]]
    ) -> list[list[RelationCandidate]]:
        """Stage ``relations``: the candidates of each sentence, given its mentions."""
        return self.relation_pipeline.pipe(sentences, mentions)

    def analyse(
        self, documents: Sequence[Document], timer: StageTimer | None = None
    ) -> list[DocumentAnalysis]:
        """Run the per-document stages over a batch; all its sentences are tagged at once."""
        timer = timer or StageTimer()
        articles = [a for d in documents for a in d.articles]
        with timer.stage("sentences"):
            per_article = self.sentences(articles)
        flat = [s for group in per_article for s in group]
        mentions: list[list[Mention]] = []
        relations: list[list[RelationCandidate]] = []
        # The taggers' working memory grows with their batch: a batch holding a
        # huge document goes through them a slice of sentences at a time.
        for chunk in _chunks(flat, SLICE_CHARS):
            with timer.stage("entities"):
                found = self.entities(chunk)
            with timer.stage("relations"):
                relations.extend(self.relations(chunk, found))
            mentions.extend(found)
        rows = iter(zip(flat, mentions, relations, strict=True))
        analysed = iter(
            ArticleAnalysis(article, [SentenceAnalysis(*next(rows)) for _ in sents])
            for article, sents in zip(articles, per_article, strict=True)
        )
        return [DocumentAnalysis(d, [next(analysed) for _ in d.articles]) for d in documents]


def _chunks(sentences: Sequence[Sentence], limit: int) -> Iterator[Sequence[Sentence]]:
    """Consecutive runs of ``sentences`` of at most ``limit`` characters (at least one each)."""
    start, size = 0, 0
    for k, sentence in enumerate(sentences):
        if size and size + len(sentence.text) > limit:
            yield sentences[start:k]
            start, size = k, 0
        size += len(sentence.text)
    if start < len(sentences):
        yield sentences[start:]


#: This process's loaded pipelines, by component names: a worker loads its
#: models once and keeps them for every batch it is sent.
_LOADED: dict[tuple[tuple[str, ...], tuple[str, ...]], Pipeline] = {}


def load_pipeline(config: BuildConfig, timer: StageTimer | None = None) -> Pipeline:
    """This process's :class:`Pipeline` for ``config``, loaded on first use (stage ``start-up``)."""
    key = (tuple(config.entity_extractors), tuple(config.relation_extractors))
    if key not in _LOADED:
        with (timer or StageTimer()).stage("start-up"):
            _LOADED[key] = Pipeline.load(config)
    return _LOADED[key]


_RESOLVERS: dict[str, Resolver] = {}


def resolver_for(name: str) -> Resolver:
    """This process's resolver ``name``, for its per-document ``prepare``."""
    if name not in _RESOLVERS:
        _RESOLVERS[name] = RESOLVERS.create(name)
    return _RESOLVERS[name]


@dataclass
class ExtractedDocument:
    """What a build keeps of one document, and what it writes once.

    ``nquads`` (the articles and sentences, see
    :func:`kg.graph.build.document_quads`) and ``cache_record`` are written
    to disk by the build and dropped; ``prepared`` and ``articles`` stay
    until resolution.
    """

    doc_id: str
    source: str
    prepared: Any
    articles: list[Any]
    nquads: bytes
    quads: int
    sentences: int
    cache_record: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class ExtractedBatch:
    """A batch's documents, and the seconds the worker spent in each stage."""

    documents: list[ExtractedDocument]
    seconds: dict[str, float] = field(default_factory=dict)
    #: The worker's CPU seconds in each stage.
    cpu: dict[str, float] = field(default_factory=dict)
    #: Times this batch's worker loaded the pipeline for it (0 once loaded):
    #: a build adds them up, so a report shows each worker loads its models once.
    loads: int = 0

    def __iter__(self) -> Iterator[ExtractedDocument]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)


def summarise(
    analysis: DocumentAnalysis, config: BuildConfig, fingerprint: str | None = None
) -> ExtractedDocument:
    """Stage ``summaries``: prepare ``analysis`` for resolution and serialise its own quads.

    With ``fingerprint``, the cache record is made here too, so that work
    happens in the worker rather than in the build's main process.
    """
    from kg.graph.build import article_infos, document_quads
    from kg.pipeline.cache import cache_record
    from kg.store.convert import to_nquads

    warnings: list[str] = []
    nquads, count = to_nquads(document_quads(analysis, config, warnings.append))
    doc = analysis.document
    return ExtractedDocument(
        doc_id=doc.doc_id,
        source=doc.source,
        prepared=resolver_for(config.resolver).prepare(analysis, config),
        articles=list(article_infos([analysis])),
        nquads=nquads,
        quads=count,
        sentences=sum(len(aa.sentences) for aa in analysis.articles),
        cache_record=None if fingerprint is None else cache_record(analysis, fingerprint),
        warnings=warnings,
    )


def extract_documents(
    documents: Sequence[Document], config: BuildConfig, fingerprint: str
) -> ExtractedBatch:
    """The per-document stages over a batch, timed.

    Top-level, so process pools and Dask can pickle it.
    """
    timer = StageTimer()
    loaded = len(_LOADED)
    pipeline = load_pipeline(config, timer)
    analyses = pipeline.analyse(documents, timer)
    with timer.stage("summaries"):
        extracted = [summarise(a, config, fingerprint) for a in analyses]
    return ExtractedBatch(extracted, timer.seconds, timer.cpu, loads=len(_LOADED) - loaded)
