"""CPU seconds of the build's entity stage on the first N articles of the corpus.

CPU time (user + sys of this process), not wall time, so the figure holds on
a machine shared with other jobs.  With ``--dump``, the mentions are pickled,
so two versions of kg can be checked to find exactly the same ones::

    PYTHONPATH=A python bench/entity_cpu.py 150 --dump /tmp/a.pkl
    PYTHONPATH=B python bench/entity_cpu.py 150 --dump /tmp/b.pkl --compare /tmp/a.pkl
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import resource
from pathlib import Path

from kg.config import BuildConfig
from kg.nlp.sentences import split_sentences
from kg.pipeline.stages import Pipeline

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/data/corpus/news_2018.jsonl.gz"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, nargs="?", default=150)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--dump", type=Path, help="pickle the mentions here")
    parser.add_argument("--compare", type=Path, help="a --dump of another run to compare with")
    args = parser.parse_args(argv)
    texts: list[str] = []
    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(texts) >= args.articles:
                break
            texts.append(json.loads(line)["text"])
    pipeline = Pipeline.load(BuildConfig())
    sentences = [s for k, t in enumerate(texts) for s in split_sentences(t, str(k))]
    pipeline.entities(sentences[:50])  # jieba's dictionary loads on first use
    chars = sum(len(s.text) for s in sentences)
    start = _cpu()
    found = pipeline.entities(sentences)
    cpu = _cpu() - start
    print(f"{chars} chars, {cpu:.2f} CPU s, {chars / cpu:,.0f} chars per CPU second")
    if args.dump:
        args.dump.write_bytes(pickle.dumps(found))
    if args.compare:
        same = pickle.loads(args.compare.read_bytes()) == found
        print("same mentions as", args.compare, ":", same)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
