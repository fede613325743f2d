"""Train the relation classifier shipped as ``kg/data/models/relations.npz``.

Reproduce the shipped model::

    nice python -m kg.train.relations

It reads DuIE 2.0 (``re/duie2_train.jsonl``) and FinRE
(``re/finre_train.jsonl.gz``), maps their labels onto kg's relations with
``kg/data/relations/classifier.yaml``, and holds out a fixed tenth of each
(by a hash of the record id) for the dev figures it prints and stores in the
model.  Entity spans are the gold ones (typed by kg's own mention on the
same span where there is one, since that is what the classifier sees at run
time), plus kg's mentions elsewhere in the sentence, whose pairs teach the
model what "no relation" looks like.  The model is a multinomial logistic
regression with an L2 penalty, fitted with scipy's L-BFGS over a fixed data
order: deterministic.  ``--write-dev DIR`` writes the held-out records, for
``kg eval-relations``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kg.errors import KGError
from kg.extract.relations.classifier import (
    MODEL_FILE,
    NONE,
    ClassifierSpec,
    RelationModel,
    candidate_pairs,
    decide,
    label_allowed,
    label_for,
    pair_features,
    segment_tokens,
    sentence_marks,
    spec,
)
from kg.extract.relations.encoding import non_overlapping
from kg.types import Mention, Sentence

__all__ = ["DATA_DIR", "Example", "is_dev", "read_source", "examples", "fit", "main"]

DATA_DIR = Path(os.environ.get("KG_DATA_DIR", "/work/shared/data"))
SOURCES = {"duie": "re/duie2_train.jsonl", "finre": "re/finre_train.jsonl.gz"}
#: Sources of the dev report: the labelled ones and the corpus's weak labels.
REPORTED = (*SOURCES, "weak")
DEFAULTS: dict[str, Any] = {
    "l2": 1.0, "min_count": 2, "iterations": 300, "min_precision": 0.65, "positive_weight": 1.0,
}


def is_dev(record_id: str) -> bool:
    """The fixed held-out tenth: a hash of the id, not the file order.

    Examples
    --------
    >>> sum(is_dev(f"r{i}") for i in range(1000)) in range(70, 130)
    True
    """
    return int(hashlib.sha1(record_id.encode("utf-8")).hexdigest(), 16) % 10 == 0


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except ValueError as exc:
                        raise KGError(f"{path}:{n}: not JSON: {exc}") from None
    except OSError as exc:
        raise KGError(f"{path}: cannot read: {exc}") from None


@dataclass
class Record:
    """One gold sentence: spans typed for kg, and labelled (head, tail) text pairs."""

    id: str
    source: str
    text: str
    spans: list[tuple[int, int, str | None]]  # type None: take kg's, else the default
    pairs: dict[tuple[str, str], str]  # (head text, tail text) -> kg relation
    ignored: set[tuple[str, str]]
    default_type: str | None = None


def read_source(name: str, path: Path, s: ClassifierSpec) -> list[Record]:
    """The records of one training source with their labels mapped to kg's."""
    conf = s.sources[name]
    types: dict[str, str] = conf.get("types") or {}
    labels: dict[str, dict[str, Any]] = conf.get("labels") or {}
    ignore = set(conf.get("ignore") or [])
    default = conf.get("default_type")
    out: list[Record] = []
    for data in _lines(path):
        text = str(data["text"])
        spans: list[tuple[int, int, str | None]] = []
        for e in data.get("entities") or []:
            start, end = int(e["start"]), int(e["end"])
            if text[start:end] != e.get("text"):
                continue
            if default is not None:
                spans.append((start, end, None))
            elif str(e.get("type")) in types:
                spans.append((start, end, types[str(e["type"])]))
        pairs: dict[tuple[str, str], str] = {}
        ignored: set[tuple[str, str]] = set()
        for r in data.get("relations") or []:
            head, tail, rel = str(r["head"]), str(r["tail"]), str(r["relation"])
            if rel in ignore:
                ignored.add((head, tail))
                ignored.add((tail, head))
                continue
            m = labels.get(rel)
            if m is None:
                continue
            if m.get("flip"):
                head, tail = tail, head
            pairs[(head, tail)] = str(m["relation"])
        out.append(Record(str(data.get("id")), name, text, spans, pairs, ignored, default))
    return out


@dataclass
class Example:
    """One candidate pair: its features and its label."""

    source: str
    record: str
    features: list[str]
    label: str
    head: str
    tail: str


def _mentions(record: Record, predicted: Sequence[Mention]) -> list[Mention]:
    """Gold spans (typed like kg's mention on the same span, where there is one)
    and kg's own mentions where no gold span is."""
    by_span = {(m.start, m.end): m for m in predicted}
    gold: list[Mention] = []
    for start, end, gtype in record.spans:
        same = by_span.get((start, end))
        t = same.type if same is not None and same.kind == "name" else gtype
        if t is None:
            t = record.default_type or "Organization"
        gold.append(Mention(start, end, t, record.text[start:end], 1.0, "gold"))
    rest = [
        m for m in predicted
        if all(m.end <= g.start or m.start >= g.end for g in gold)
    ]
    return non_overlapping(gold + rest)


def examples(records: Sequence[Record], predicted: Sequence[Sequence[Mention]],
             s: ClassifierSpec) -> list[Example]:
    """The labelled pairs of ``records`` (with kg's mentions ``predicted``)."""
    out: list[Example] = []
    for record, pred in zip(records, predicted, strict=True):
        ms = _mentions(record, pred)
        pairs = candidate_pairs(ms, s)
        if not pairs:
            continue
        tokens = segment_tokens(record.text)
        marks = sentence_marks(record.text, s)
        for a, b in pairs:
            if (a.text, b.text) in record.ignored:
                continue
            label = NONE
            if (a.text, b.text) in record.pairs:
                label = label_for(record.pairs[(a.text, b.text)], True, s)
            elif (b.text, a.text) in record.pairs:
                label = label_for(record.pairs[(b.text, a.text)], False, s)
            ta, tb = s.types[a.type], s.types[b.type]
            if not label_allowed(label, ta, tb, s):
                continue  # a type the classifier never sees for this relation
            feats = pair_features(record.text, tokens, a, b, ms, s, marks)
            out.append(Example(record.source, record.id, feats, label, a.text, b.text))
    return out


def _matrix(exs: Sequence[Example], index: dict[str, int]) -> Any:
    from scipy import sparse

    rows: list[int] = []
    cols: list[int] = []
    for k, ex in enumerate(exs):
        idx = sorted({index[f] for f in ex.features if f in index})
        rows.extend([k] * len(idx))
        cols.extend(idx)
    data = np.ones(len(rows), dtype=np.float64)
    x = sparse.csr_matrix((data, (rows, cols)), shape=(len(exs), len(index)))
    bias = sparse.csr_matrix(np.ones((len(exs), 1)))
    return sparse.hstack([x, bias], format="csr")


def fit(x: Any, y: np.ndarray, n_labels: int, l2: float, iterations: int,
        positive_weight: float = 1.0) -> np.ndarray:
    """Multinomial logistic regression: ``(features + 1, labels)`` weights.

    Pairs with a relation (label index > 0) count ``positive_weight`` times:
    "no relation" outnumbers every relation by ten to one or more.
    """
    from scipy.optimize import minimize

    n, d = x.shape
    onehot = np.zeros((n, n_labels))
    onehot[np.arange(n), y] = 1.0
    onehot[y > 0] *= positive_weight
    penalty = np.ones((d, 1))
    penalty[-1] = 0.0  # the bias is not shrunk

    def loss(w_flat: np.ndarray) -> tuple[float, np.ndarray]:
        w = w_flat.reshape(d, n_labels)
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        value = -(onehot * logp).sum() + 0.5 * l2 * float((penalty * w * w).sum())
        # onehot rows sum to the example's weight, so this is the weighted gradient
        grad = x.T @ (np.exp(logp) * onehot.sum(axis=1, keepdims=True) - onehot) + l2 * penalty * w
        return value, np.asarray(grad).ravel()

    w0 = np.zeros(d * n_labels)
    result = minimize(loss, w0, jac=True, method="L-BFGS-B",
                      options={"maxiter": iterations, "maxcor": 20})
    return np.asarray(result.x).reshape(d, n_labels)


def _decide(model: RelationModel, exs: Sequence[Example], s: ClassifierSpec
            ) -> list[tuple[str, float]]:
    """What the classifier decides for each example: label and probability."""
    rows = [model.indices(ex.features) for ex in exs]
    probs = model.probabilities(rows) if rows else np.zeros((0, len(model.labels)))
    return [decide(model.labels, p, ex.features, s) for ex, p in zip(exs, probs, strict=True)]


def pair_scores(gold: Sequence[str], decided: Sequence[tuple[str, float]], threshold: float
                ) -> dict[str, tuple[int, int, int]]:
    """``(correct, predicted, gold)`` per relation and ``ALL`` at ``threshold``."""
    table: dict[str, list[int]] = {}
    for g, (lab, p) in zip(gold, decided, strict=True):
        pred = lab if lab != NONE and p >= threshold else NONE
        for key in {g[:-1] if g != NONE else None, pred[:-1] if pred != NONE else None, "ALL"}:
            if key is None:
                continue
            row = table.setdefault(key, [0, 0, 0])
            if key == "ALL":
                row[0] += pred != NONE and pred == g
                row[1] += pred != NONE
                row[2] += g != NONE
            else:
                row[0] += pred == g and pred[:-1] == key
                row[1] += pred != NONE and pred[:-1] == key
                row[2] += g != NONE and g[:-1] == key
    return {k: (v[0], v[1], v[2]) for k, v in table.items()}


def _prf(c: int, p: int, g: int) -> tuple[float, float, float]:
    prec = c / p if p else 0.0
    rec = c / g if g else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def choose_threshold(gold: Sequence[str], decided: Sequence[tuple[str, float]],
                     min_precision: float) -> float:
    """The lowest threshold whose dev precision is at least ``min_precision``
    (the best-F1 one if none reaches it)."""
    grid = [round(0.3 + 0.05 * k, 2) for k in range(14)]
    scored = [(t, _prf(*pair_scores(gold, decided, t)["ALL"])) for t in grid]
    ok = [t for t, (p, _, _) in scored if p >= min_precision]
    if ok:
        return min(ok)
    return max(scored, key=lambda x: x[1][2])[0]


def weak_records(data_dir: Path, s: ClassifierSpec) -> list[Record]:
    """Corpus sentences for the weak rules of the spec (unlabelled until tagged)."""
    import re

    from kg.nlp import split_sentences

    conf = s.sources.get("weak") or {}
    if not conf:
        return []
    words = s.triggers[str(conf["trigger_class"])]
    trigger = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    categories = set(conf.get("categories") or [])
    limit = int(conf.get("max_sentences", 5000))
    out: list[Record] = []
    for data in _lines(data_dir / str(conf["corpus"])):
        if categories and data.get("category") not in categories:
            continue
        for sent in split_sentences(str(data.get("text") or ""), str(data.get("id"))):
            if len(sent.text) <= 200 and trigger.search(sent.text):
                rid = f"{sent.article_id}#{sent.index}"
                out.append(Record(rid, "weak", sent.text, [], {}, set()))
                if len(out) >= limit:
                    return out
    return out


def weak_examples(records: Sequence[Record], predicted: Sequence[Sequence[Mention]],
                  s: ClassifierSpec) -> list[Example]:
    """Pairs that a weak rule labels; other pairs of these sentences are left out."""
    import re

    rules = [
        (str(r["relation"]), set(r["first"]), set(r["second"]), r["head"] == "first",
         re.compile(str(r["between"])))
        for r in (s.sources.get("weak") or {}).get("rules") or []
    ]
    out: list[Example] = []
    for record, pred in zip(records, predicted, strict=True):
        ms = non_overlapping([m for m in pred if m.kind == "name"])
        pairs = candidate_pairs(ms, s)
        if not pairs:
            continue
        tokens: list[Any] | None = None
        marks = sentence_marks(record.text, s)
        for a, b in pairs:
            ta, tb = s.types[a.type], s.types[b.type]
            between = record.text[a.end : b.start]
            for relation, first, second, head_first, rx in rules:
                if ta in first and tb in second and rx.fullmatch(between):
                    label = label_for(relation, head_first, s)
                    if tokens is None:
                        tokens = segment_tokens(record.text)
                    feats = pair_features(record.text, tokens, a, b, ms, s, marks)
                    out.append(Example("weak", record.id, feats, label, a.text, b.text))
                    break
    return out


def _tag(records: Sequence[Record], entities: Sequence[str]) -> list[list[Mention]]:
    from kg.extract.entities import EntityPipeline

    pipe = EntityPipeline(entities)
    sents = [Sentence(r.id, 0, 0, len(r.text), r.text) for r in records]
    out: list[list[Mention]] = []
    for k in range(0, len(sents), 256):
        out.extend(pipe.extract(sents[k : k + 256]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train kg's relation classifier.")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="shared data folder")
    shipped = Path(__file__).resolve().parents[1] / "data" / "models" / MODEL_FILE
    parser.add_argument("--out", type=Path, default=shipped)
    parser.add_argument("--l2", type=float, default=DEFAULTS["l2"])
    parser.add_argument("--min-count", type=int, default=DEFAULTS["min_count"])
    parser.add_argument("--positive-weight", type=float, default=DEFAULTS["positive_weight"],
                        help="weight of a pair with a relation against a pair without")
    parser.add_argument("--iterations", type=int, default=DEFAULTS["iterations"])
    parser.add_argument("--min-precision", type=float, default=DEFAULTS["min_precision"],
                        help="the threshold is the lowest reaching this dev precision")
    parser.add_argument("--entities", default="ner,anaphors",
                        help="entity extractors whose mentions join the gold spans")
    parser.add_argument("--mentions-cache", type=Path,
                        help="keep kg's mentions of the training texts here between runs")
    parser.add_argument("--write-dev", type=Path, metavar="DIR",
                        help="write the held-out records of each source here (JSON Lines)")
    parser.add_argument("--evaluate", type=Path, metavar="MODEL",
                        help="only score MODEL on the held-out pairs; write nothing")
    parser.add_argument("--reuse-weights", type=Path, metavar="MODEL",
                        help="take the weights of MODEL, trained by this script with the same "
                             "data and parameters, instead of fitting again (the fit is "
                             "deterministic); choose the threshold and write --out")
    args = parser.parse_args(argv)
    started = time.time()
    s = spec()
    records: list[Record] = []
    for name, rel in SOURCES.items():
        records.extend(read_source(name, args.data / rel, s))
    records.extend(weak_records(args.data, s))
    print(f"{len(records)} records", file=sys.stderr)
    if args.write_dev is not None:
        args.write_dev.mkdir(parents=True, exist_ok=True)
        for name, rel in SOURCES.items():
            with (args.write_dev / f"{name}_dev.jsonl").open("w", encoding="utf-8") as fh:
                for data in _lines(args.data / rel):
                    if is_dev(str(data.get("id"))):
                        fh.write(json.dumps(data, ensure_ascii=False) + "\n")

    # kg's mentions of each text, kept by record id between runs when asked
    known: dict[str, list[Mention]] = {}
    if args.mentions_cache is not None and args.mentions_cache.exists():
        cached = json.loads(args.mentions_cache.read_text(encoding="utf-8"))
        known = {k: [Mention.from_json(m) for m in ms] for k, ms in cached.items()}
    todo = [r for r in records if f"{r.source}:{r.id}" not in known]
    for r, ms in zip(todo, _tag(todo, args.entities.split(",")) if todo else [], strict=True):
        known[f"{r.source}:{r.id}"] = ms
    if args.mentions_cache is not None and todo:
        args.mentions_cache.write_text(json.dumps(
            {k: [m.to_json() for m in ms] for k, ms in known.items()}, ensure_ascii=False))
    predicted = [known[f"{r.source}:{r.id}"] for r in records]
    print(f"tagged in {time.time() - started:.0f}s", file=sys.stderr)

    labelled = [k for k, r in enumerate(records) if r.source != "weak"]
    weak = [k for k, r in enumerate(records) if r.source == "weak"]
    exs = examples([records[k] for k in labelled], [predicted[k] for k in labelled], s)
    exs += weak_examples([records[k] for k in weak], [predicted[k] for k in weak], s)
    train = [e for e in exs if not is_dev(e.record)]
    dev = [e for e in exs if is_dev(e.record)]
    counts = Counter(f for e in train for f in set(e.features))
    vocab = sorted(f for f, n in counts.items() if n >= args.min_count)
    index = {f: i for i, f in enumerate(vocab)}
    labels = s.labels()
    lab_index = {lab: i for i, lab in enumerate(labels)}
    print(f"{len(train)} train pairs, {len(dev)} dev pairs, {len(vocab)} features; "
          f"labels {Counter(e.label for e in train).most_common()}", file=sys.stderr)
    reuse = args.evaluate if args.evaluate is not None else args.reuse_weights
    if reuse is not None:
        # a model already trained (e.g. after changing the cues): no fitting
        model = RelationModel.load(reuse)
        vocab, w, labels = model.vocab, model.weights, model.labels
    else:
        x = _matrix(train, index)
        y = np.array([lab_index[e.label] for e in train])
        w = fit(x, y, len(labels), args.l2, args.iterations, args.positive_weight)
        model = RelationModel(vocab, w, labels)

    report: dict[str, Any] = {}
    decided = _decide(model, dev, s)
    gold = [e.label for e in dev]
    threshold = choose_threshold(gold, decided, args.min_precision)
    curve = {
        t: [round(v, 3) for v in _prf(*pair_scores(gold, decided, t)["ALL"])]
        for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
    }
    print(f"dev P/R/F1 by threshold: {curve}", file=sys.stderr)
    for src in REPORTED:
        keep = [k for k, e in enumerate(dev) if e.source == src]
        table = pair_scores([gold[k] for k in keep], [decided[k] for k in keep], threshold)
        report[src] = {
            rel: {"correct": c, "predicted": p, "gold": g,
                  **dict(zip(("P", "R", "F1"), (round(v, 4) for v in _prf(c, p, g)), strict=True))}
            for rel, (c, p, g) in sorted(table.items())
        }
    model = RelationModel(vocab, w, labels, threshold, {
        "trained_on": {**SOURCES, "weak": str((s.sources.get("weak") or {}).get("corpus"))},
        "held_out": "sha1(id) % 10 == 0",
        "params": {"l2": args.l2, "min_count": args.min_count, "iterations": args.iterations,
                   "positive_weight": args.positive_weight,
                   "min_precision": args.min_precision, "entities": args.entities},
        "train_pairs": len(train),
        "dev_pairs_by_source": report,
    })
    if args.evaluate is not None:
        print(json.dumps({"threshold": threshold, "dev": report}, ensure_ascii=False, indent=1))
        return 0
    model.save(args.out)
    print(json.dumps({"threshold": threshold, "dev": report}, ensure_ascii=False, indent=1))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) in "
          f"{time.time() - started:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
