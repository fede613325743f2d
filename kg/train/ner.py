"""Train the character CRF shipped as ``kg/data/models/ner.crfsuite``.

Reproduce the shipped model (4 minutes on an idle 2-core machine, about 10
when it is shared)::

    nice python -m kg.train.ner

It trains on ``news_train.jsonl`` (PER/LOC/ORG), reports exact-span F1 on
``news_dev.jsonl`` and writes the model plus ``ner.json`` (parameters, data,
dev figures).  ``--grid`` compares c1/c2 settings on news_dev with fewer
iterations; the defaults below are the winner.  L-BFGS over a fixed data
order is deterministic.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kg.eval.metrics import score_spans
from kg.extract.entities.crf import crf_marginals, default_model_path, spans_from_marginals
from kg.extract.entities.features import FEATURE_VERSION, sentence_features
from kg.extract.entities.gazetteer import NameList
from kg.extract.entities.lattice import encode_bioes

__all__ = ["DATA_DIR", "bioes_labels", "read_jsonl", "train", "evaluate", "main"]

DATA_DIR = Path(os.environ.get("KG_DATA_DIR", "/work/shared/data"))

#: CLUENER tags that mean the same as the news tags (``address`` does not:
#: it labels whole street addresses and leaves bare place names unlabelled).
CLUENER_MAP = {"name": "PER", "organization": "ORG", "government": "ORG", "company": "ORG"}

DEFAULTS: dict[str, Any] = {"c1": 0.05, "c2": 0.01, "max_iterations": 150}
#: Decoding parameters written to ``ner.json`` and read by :class:`.crf.CRFTagger`:
#: ``recover``, the marginal probability above which a name the best path
#: leaves out is still taken (chosen on news_dev: 0.35 gave +0.3 F1 over none).
DECODE: dict[str, Any] = {"recover": 0.35}
FOLDS = 5


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def bioes_labels(
    text: str, entities: Iterable[dict[str, Any]], mapping: dict[str, str] | None = None
) -> list[str]:
    """BIOES labels for ``text``; overlapping or unmapped entities are skipped.

    Examples
    --------
    >>> bioes_labels("李强在北京", [{"start": 0, "end": 2, "type": "PER"},
    ...                           {"start": 3, "end": 5, "type": "LOC"}])
    ['B-PER', 'E-PER', 'O', 'B-LOC', 'E-LOC']
    """
    spans: list[tuple[int, int, str]] = []
    for ent in entities:
        tag = mapping.get(ent["type"]) if mapping is not None else ent["type"]
        if tag:
            spans.append((int(ent["start"]), int(ent["end"]), str(tag)))
    return encode_bioes(len(text), spans)


def build_names(records: Sequence[dict[str, Any]], min_ratio: float = 0.5) -> dict[str, str]:
    """Names that are an entity in at least ``min_ratio`` of their occurrences.

    Examples
    --------
    >>> recs = [{"text": "北京和北京", "entities": [{"text": "北京", "type": "LOC"}]},
    ...         {"text": "张三说", "entities": [{"text": "张三", "type": "PER"}]}]
    >>> build_names(recs)
    {'北京': 'LOC', '张三': 'PER'}
    """
    typed: Counter[tuple[str, str]] = Counter()
    for rec in records:
        for ent in rec["entities"]:
            if len(ent["text"]) >= 2:
                typed[(ent["text"], ent["type"])] += 1
    total: Counter[str] = Counter()
    best: dict[str, tuple[int, str]] = {}
    for (name, tag), n in sorted(typed.items()):
        total[name] += n
        if n > best.get(name, (0, ""))[0]:
            best[name] = (n, tag)
    corpus = "\n".join(rec["text"] for rec in records)
    out: dict[str, str] = {}
    for name in sorted(total):
        seen = corpus.count(name)
        if seen and total[name] / seen >= min_ratio:
            out[name] = best[name][1]
    return out


def _sequences(
    records: Sequence[dict[str, Any]],
    mapping: dict[str, str] | None,
    name_lists: Sequence[NameList],
) -> Iterator[tuple[list[list[str]], list[str]]]:
    for i, rec in enumerate(records):
        text = rec["text"]
        if text:
            feats = sentence_features(text, name_list=name_lists[i % len(name_lists)])
            yield feats, bioes_labels(text, rec["entities"], mapping)


def jackknife_names(records: Sequence[dict[str, Any]], folds: int = FOLDS) -> list[NameList]:
    """One name list per fold, each built from the other folds only.

    Features of a training sentence then never come from its own labels, so
    the CRF learns how reliable a listed name is on text it has not seen.
    """
    return [
        NameList(build_names([r for i, r in enumerate(records) if i % folds != k]))
        for k in range(folds)
    ]


def train(
    sequences: Iterable[tuple[list[list[str]], list[str]]],
    out: Path,
    c1: float,
    c2: float,
    max_iterations: int,
    verbose: bool = False,
) -> None:
    """Train and save a CRF model."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=verbose)
    for xseq, yseq in sequences:
        trainer.append(xseq, yseq)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.possible_transitions": True,
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def evaluate(
    model: Path, records: Sequence[dict[str, Any]], name_list: NameList, recover: float = 1.0
) -> dict[str, Any]:
    """Exact-span P/R/F1 of ``model`` on PER/LOC/ORG records, decoded as kg does."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    labels = sorted(tagger.labels())
    gold, pred = [], []
    for rec in records:
        gold.append([(e["start"], e["end"], e["type"]) for e in rec["entities"]])
        feats = sentence_features(rec["text"], name_list=name_list)
        path = tagger.tag(feats)
        probs = crf_marginals(tagger, labels, len(path))
        spans = spans_from_marginals(probs, labels, path, recover)
        pred.append([(s, e, t) for s, e, t, _ in spans])
    scores = score_spans(gold, pred)
    return {
        "micro": scores.micro.to_json(),
        "per_type": {t: s.to_json() for t, s in scores.per_type.items()},
    }


def _load(
    args: argparse.Namespace,
) -> tuple[list[tuple[list[list[str]], list[str]]], dict[str, str]]:
    news = list(read_jsonl(args.data / "ner" / "news_train.jsonl"))
    if args.no_names:
        lists = [NameList({})]
        full: dict[str, str] = {}
    else:
        lists = jackknife_names(news)
        full = build_names(news)
    seqs = list(_sequences(news, None, lists))
    if args.cluener:
        # Held-out slice for bench/ner_bench.py: every 10th record is never trained on.
        cluener = [
            r
            for i, r in enumerate(read_jsonl(args.data / "ner" / "cluener_train.jsonl"))
            if i % 10 != 0
        ]
        seqs.extend(_sequences(list(_clean_cluener(cluener)), CLUENER_MAP, lists))
    return seqs, full


def _clean_cluener(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """CLUENER records whose places could not be mislabelled as ``O``.

    CLUENER has no LOC tag: its ``address`` spans are whole addresses and bare
    place names go unlabelled, which would teach the CRF that 北京 is not a
    place.  So only records with no address and no gazetteer place outside a
    labelled span are kept.
    """
    from kg.extract.entities.gazetteer import lexicon

    lex = lexicon()
    for rec in records:
        ents = rec["entities"]
        if any(e["type"] == "address" for e in ents):
            continue
        covered = [(e["start"], e["end"]) for e in ents if e["type"] in CLUENER_MAP]
        if any(
            not any(s <= ps and pe <= e for s, e in covered)
            for ps, pe, _ in lex.places(rec["text"])
        ):
            continue
        yield rec


def _lexicon_digest() -> str:
    from kg import resources

    digest = hashlib.sha256()
    for name in ("places.tsv", "org_types.yaml", "surnames.yaml"):
        digest.update(resources.read_bytes("lexicons", name))
    return digest.hexdigest()


def _write_names(entries: dict[str, str], path: Path) -> None:
    header = "# names and their tag, learned by python -m kg.train.ner with the model beside it\n"
    body = "".join(f"{name}\t{tag}\n" for name, tag in sorted(entries.items()))
    path.write_text(header + body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train kg's character CRF NER model.")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="shared data folder")
    parser.add_argument("--out", type=Path, default=default_model_path())
    parser.add_argument("--c1", type=float, default=DEFAULTS["c1"])
    parser.add_argument("--c2", type=float, default=DEFAULTS["c2"])
    parser.add_argument("--iterations", type=int, default=DEFAULTS["max_iterations"])
    parser.add_argument("--cluener", action="store_true", help="add CLUENER PER/ORG (not LOC)")
    parser.add_argument(
        "--grid", action="store_true", help="compare c1/c2 on news_dev; do not write --out"
    )
    parser.add_argument("--no-names", action="store_true", help="train without the name list")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)

    dev = list(read_jsonl(args.data / "ner" / "news_dev.jsonl"))
    t0 = time.perf_counter()
    seqs, full = _load(args)
    name_list = NameList(full)
    print(f"features for {len(seqs)} sentences in {time.perf_counter() - t0:.0f}s", flush=True)

    if args.grid:
        for c1, c2 in [(0.0, 0.05), (0.05, 0.01), (0.1, 0.01), (0.2, 0.01), (0.05, 0.1)]:
            tmp = args.out.with_suffix(f".grid-{c1}-{c2}.tmp")
            t1 = time.perf_counter()
            train(seqs, tmp, c1, c2, args.iterations, args.verbose)
            res = evaluate(tmp, dev, name_list, DECODE["recover"])
            size = tmp.stat().st_size / 1e6
            tmp.unlink()
            print(
                f"c1={c1} c2={c2} it={args.iterations}: dev F1 {res['micro']['f1']:.4f} "
                f"{ {t: v['f1'] for t, v in res['per_type'].items()} } "
                f"{size:.1f} MB {time.perf_counter() - t1:.0f}s",
                flush=True,
            )
        return 0

    t1 = time.perf_counter()
    train(seqs, args.out, args.c1, args.c2, args.iterations, args.verbose)
    train_s = time.perf_counter() - t1
    _write_names(full, args.out.with_suffix(".names.tsv"))
    res = evaluate(args.out, dev, name_list, DECODE["recover"])
    meta = {
        "feature_version": FEATURE_VERSION,
        # The CRF's lexicon features read these files: the model is reproducible
        # only from the same versions.
        "feature_lexicons_sha256": _lexicon_digest(),
        "params": {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations},
        "decode": DECODE,
        "names": len(full),
        "train": ["news_train.jsonl"]
        + (["cluener_train.jsonl (PER/ORG, 9/10)"] if args.cluener else []),
        "train_seconds": round(train_s),
        "news_dev": res,
    }
    args.out.with_suffix(".json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(json.dumps(meta, ensure_ascii=False), file=sys.stdout)
    print(f"model {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
