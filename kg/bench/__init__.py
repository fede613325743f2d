"""End-to-end throughput benchmark on a news corpus (``kg bench``).

The bench runs :func:`kg.pipeline.build` itself on a slice of the corpus, so
its figures are those of the path a build takes, start-up (model loading)
included: seconds and characters per second for each stage of
:data:`kg.pipeline.stages.STAGES` and end to end; jieba.posseg alone on the
same text as the reference; triples per second into the store; peak RSS;
the build's speed with 1 and 2 worker processes; an extrapolation to 1M
articles.  Wall and CPU seconds both: on a machine shared with other jobs
wall time says little, so the 2-worker speed-up is also estimated from the
one-worker build's CPU seconds by stage (:func:`estimated_speed_up`).
"""

from __future__ import annotations

import gzip
import json
import resource
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kg.config import BuildConfig
from kg.errors import KGError

__all__ = [
    "WORKER_STAGES",
    "BenchResult",
    "estimated_speed_up",
    "read_corpus_slice",
    "run_bench",
]

#: The row of the whole build's wall time.
END_TO_END = "end to end"
#: Stages that run per batch in the workers and split between them
#: (``start-up`` runs in every worker: it does not split).
WORKER_STAGES = ("sentences", "entities", "relations", "summaries")


def estimated_speed_up(cpu_seconds: dict[str, float], whole: float, workers: int) -> float:
    """Speed-up of ``workers`` workers over one, from a one-worker run's CPU seconds.

    ``whole`` is that run's CPU seconds from a clean start; the
    :data:`WORKER_STAGES` split evenly between the workers and everything
    else stays serial.  What an idle machine with that many cores would
    show; a shared machine's wall clock cannot.

    Examples
    --------
    >>> estimated_speed_up({"entities": 8.0, "store": 2.0}, 10.0, 2)
    1.6666666666666667
    """
    split = sum(cpu_seconds.get(stage, 0.0) for stage in WORKER_STAGES)
    return whole / (whole - split + split / workers)


@dataclass
class BenchResult:
    articles: int = 0
    characters: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    #: CPU seconds (user + sys) per stage of the same build.
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    chars_per_s: dict[str, float] = field(default_factory=dict)
    triples: int = 0
    triples_per_s: float = 0.0
    peak_rss_mb: float = 0.0
    workers: dict[str, float] = field(default_factory=dict)
    #: Fresh processes, start-up included: ``kg build`` with 1 and 2 workers
    #: and jieba.posseg over the same texts; wall and CPU (user + sys) seconds.
    clean_start: dict[str, float] = field(default_factory=dict)
    extrapolation: dict[str, float] = field(default_factory=dict)


def read_corpus_slice(path: Path, limit: int | None) -> Iterator[dict[str, Any]]:
    """Yield records of a ``.jsonl`` or ``.jsonl.gz`` corpus, at most ``limit``."""
    opener: Callable[..., Any] = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                if limit is not None and n >= limit:
                    return
                if line.strip():
                    yield json.loads(line)
    except OSError as exc:
        raise KGError(f"{path}: cannot read corpus: {exc}") from None


#: jieba.posseg over the texts of a JSON file, from a fresh interpreter:
#: import and dictionary load included, as a build's start-up is.
_JIEBA_SCRIPT = (
    "-c",
    "import json, sys\n"
    "import jieba.posseg as pseg\n"
    "for text in json.load(open(sys.argv[1], encoding='utf-8')):\n"
    "    list(pseg.cut(text))\n",
)


def _clean_run(args: list[Any]) -> tuple[float, float]:
    """Wall and CPU seconds (user + sys, its children included) of ``python *args``."""
    import os
    import subprocess
    import sys
    import time

    flat = [a for arg in args for a in (arg if isinstance(arg, tuple) else (arg,))]
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *flat], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    after = os.times()
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no message"]
        raise KGError(f"bench run {' '.join(flat[:4])} failed: {tail[0]}")
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bench(
    corpus: Path,
    limit: int | None,
    config: BuildConfig,
    workers: bool = True,
    config_file: Path | None = None,
) -> BenchResult:
    """Build the first ``limit`` records of ``corpus`` and report each stage's speed.

    The stage figures come from the build's own timer (``report.json``
    ``"seconds"``) of a one-process build.  The worker runs are ``kg build``
    in fresh processes with ``--jobs`` 1 and 2, timed from a clean start
    (interpreter, imports and model loading included) against jieba.posseg
    in a fresh process over the same texts; each also reports how many
    times its workers loaded the models (once per worker).
    """
    from kg.ingest import iter_documents
    from kg.nlp.segment import posseg
    from kg.pipeline import build
    from kg.pipeline.timing import StageTimer

    result = BenchResult()
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        src = Path(tmp) / "corpus.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for rec in read_corpus_slice(corpus, limit):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")

        serial = replace(config, jobs=1, executor="serial", scheduler=None)
        report = build([src], Path(tmp) / "build", serial, progress=False)
        result.articles = report.articles
        result.characters = report.characters
        result.triples = report.triples
        result.seconds = {k: v for k, v in report.seconds.items() if k != "total"}
        result.seconds[END_TO_END] = report.seconds["total"]
        result.cpu_seconds = {k: v for k, v in report.cpu_seconds.items() if k != "total"}
        result.cpu_seconds[END_TO_END] = report.cpu_seconds.get("total", 0.0)
        result.triples_per_s = result.triples / max(result.seconds.get("store", 0.0), 1e-9)
        result.peak_rss_mb = _peak_rss_mb()

        # After the build, so the build's start-up pays for loading jieba as
        # a fresh `kg build` does.
        texts = [a.text for d in iter_documents([src], lambda _w: None) for a in d.articles]
        pos = posseg()
        reference = StageTimer()
        with reference.stage("jieba.posseg (reference)"):
            for text in texts:
                list(pos.cut(text))
        result.seconds.update(reference.seconds)
        result.cpu_seconds.update(reference.cpu)
        for stage, secs in result.seconds.items():
            result.chars_per_s[stage] = result.characters / max(secs, 1e-9)

        if workers:
            # The fresh builds read the same configuration file, if any.
            config_args = ["--config", str(config_file)] if config_file else []
            texts_file = Path(tmp) / "texts.json"
            texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
            ref_wall, ref_cpu = _clean_run([_JIEBA_SCRIPT, str(texts_file)])
            result.clean_start["jieba.posseg wall s"] = ref_wall
            result.clean_start["jieba.posseg CPU s"] = ref_cpu
            stage_cpu: dict[str, float] = {}
            one_cpu = 0.0
            for jobs in (1, 2):
                out = Path(tmp) / f"jobs{jobs}"
                wall, cpu = _clean_run(
                    ["-m", "kg", "build", str(src), "--out", str(out), "--quiet",
                     "--jobs", str(jobs), *config_args]
                )
                timed = json.loads((out / "report.json").read_text(encoding="utf-8"))
                result.clean_start[f"{jobs} worker(s) wall s"] = wall
                result.clean_start[f"{jobs} worker(s) CPU s"] = cpu
                result.clean_start[f"{jobs} worker(s) / jieba.posseg"] = ref_wall / wall
                result.clean_start[f"{jobs} worker(s) / jieba.posseg, CPU"] = ref_cpu / cpu
                result.clean_start[f"{jobs} worker(s) model loads"] = timed["pipeline_loads"]
                result.workers[f"{jobs} worker(s) chars/s"] = result.characters / wall
                if jobs == 1:
                    stage_cpu = timed.get("cpu_seconds", {})
                    one_cpu = cpu
            one = result.workers["1 worker(s) chars/s"]
            result.workers["speed-up at 2 workers"] = result.workers["2 worker(s) chars/s"] / one
            result.workers["speed-up at 2 workers, estimated from CPU s"] = estimated_speed_up(
                stage_cpu, one_cpu, 2
            )

        per_article = result.seconds[END_TO_END] / max(result.articles, 1)
        result.extrapolation["hours for 1M articles, 1 process"] = per_article * 1e6 / 3600
        if "speed-up at 2 workers" in result.workers:
            result.extrapolation["hours for 1M articles, 2 workers"] = (
                per_article * 1e6 / 3600 / result.workers["speed-up at 2 workers"]
            )
    return result


def format_result(result: BenchResult) -> str:
    lines = [
        f"articles: {result.articles}   characters: {result.characters:,}",
        "",
        f"{'stage':<28}{'seconds':>10}{'CPU s':>10}{'chars/s':>14}",
    ]
    for stage, secs in result.seconds.items():
        cpu = result.cpu_seconds.get(stage, float("nan"))
        lines.append(f"{stage:<28}{secs:>10.2f}{cpu:>10.2f}{result.chars_per_s[stage]:>14,.0f}")
    ref = result.chars_per_s.get("jieba.posseg (reference)", 0.0)
    e2e = result.chars_per_s.get(END_TO_END, 0.0)
    if ref:
        lines.append(f"\nend-to-end speed / jieba.posseg speed: {e2e / ref:.2f}x")
    lines.append(f"triples into store: {result.triples:,} ({result.triples_per_s:,.0f}/s)")
    lines.append(f"peak RSS: {result.peak_rss_mb:,.0f} MB")
    if result.clean_start:
        lines.append("\nfrom a clean start (fresh processes, start-up included):")
        for key, value in result.clean_start.items():
            lines.append(f"  {key}: {value:,.2f}")
    for key, value in result.workers.items():
        lines.append(f"{key}: {value:,.2f}")
    for key, value in result.extrapolation.items():
        lines.append(f"extrapolation — {key}: {value:,.1f}")
    return "\n".join(lines)
