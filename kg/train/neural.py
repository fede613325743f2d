"""Train the BiLSTM-CRF shipped as ``kg/data/models/ner.lstm.npz``.

Reproduce the shipped model (needs the ``train`` extra: PyTorch and gensim)::

    pip install -e '.[train]'
    nice python -m kg.train.neural

Two steps, both seeded:

1. character and bigram embeddings (word2vec skip-gram, gensim) over the
   unlabelled news corpus plus the training texts, so that characters and
   bigrams the labelled data never shows get useful vectors;
2. the BiLSTM-CRF (:mod:`kg.extract.entities.neural`) on ``news_train.jsonl``
   with the CRF tagger's discrete features; the name-list feature comes from
   the same jackknifed lists the CRF is trained with;
3. the share of each model in the average kg tags with, chosen on news_dev
   against the CRF beside it (so train the CRF first: ``python -m kg.train.ner``).

The weights are saved for numpy (float16 embeddings) with the vocabularies
and the news_dev figures.  Exact bits depend on the BLAS and thread count;
the figures are stable to a few tenths.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import random
import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kg.eval.metrics import score_spans
from kg.extract.entities.crf import default_model_path as default_crf_path
from kg.extract.entities.features import FEATURE_VERSION, sentence_features
from kg.extract.entities.gazetteer import NameList
from kg.extract.entities.lattice import best_path, decode_bioes
from kg.extract.entities.neural import SLOTS, BiLSTMCRF, Encoder, default_model_path
from kg.train.ner import DATA_DIR, bioes_labels, build_names, jackknife_names, read_jsonl

__all__ = ["LABELS", "DEFAULTS", "pretrain_embeddings", "main"]

LABELS = ["O"] + [f"{p}-{t}" for t in ("PER", "LOC", "ORG") for p in "BIES"]

DEFAULTS: dict[str, Any] = {
    "dim": 64,
    "hidden": 128,
    "slot_dim": 8,
    "dropout": 0.3,
    "epochs": 10,
    "batch": 32,
    "lr": 2e-3,
    "decay": 0.9,
    "ema": 0.998,
    "max_bigrams": 20_000,
    "w2v_epochs": 3,
    "seed": 1,
}

_SENTENCE_END = re.compile(r"[。！？!?\n]")


def _unlabelled_sentences(data: Path) -> Iterator[str]:
    """Corpus and training-set texts cut at sentence ends (news_dev is never read)."""
    with gzip.open(data / "corpus" / "news_2018.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            for text in (rec.get("title") or "", rec.get("text") or ""):
                yield from _SENTENCE_END.split(text)
    for name in ("news_train.jsonl", "cluener_train.jsonl"):
        for rec in read_jsonl(data / "ner" / name):
            yield from _SENTENCE_END.split(rec["text"])


def pretrain_embeddings(
    data: Path, dim: int, epochs: int, seed: int
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], Counter[str]]:
    """word2vec vectors for characters and bigrams, and bigram counts."""
    from gensim.models import Word2Vec

    sentences = [s.strip() for s in _unlabelled_sentences(data)]
    sentences = [s for s in sentences if len(s) > 1]
    common = {
        "vector_size": dim,
        "window": 5,
        "sg": 1,
        "workers": 2,
        "epochs": epochs,
        "seed": seed,
    }
    chars = Word2Vec([list(s) for s in sentences], min_count=2, **common).wv
    bigram_seqs = [[s[i : i + 2] for i in range(len(s) - 1)] for s in sentences]
    bigrams = Word2Vec(bigram_seqs, min_count=3, **common).wv
    counts = Counter({b: int(bigrams.get_vecattr(b, "count")) for b in bigrams.index_to_key})
    return (
        {c: chars[c] for c in chars.index_to_key},
        {b: bigrams[b] for b in bigrams.index_to_key},
        counts,
    )


def _vocab_matrix(
    keys: Sequence[str], vectors: dict[str, np.ndarray], dim: int, rng: np.random.Generator
) -> np.ndarray:
    """Rows for ``keys`` (row 0 unknown): pretrained where known, small random otherwise."""
    mat = rng.normal(0.0, 0.1, size=(len(keys), dim)).astype(np.float32)
    mat[0] = 0.0
    for i, k in enumerate(keys):
        if k in vectors:
            vec = vectors[k]
            mat[i] = vec / (np.linalg.norm(vec) + 1e-6)
    return mat


def _decode(
    model: BiLSTMCRF, texts: Sequence[str], feats: Sequence[Any]
) -> list[list[tuple[int, int, str]]]:
    out = []
    for probs in model.marginals(texts, feats):
        out.append(decode_bioes(best_path(probs, model.labels)))
    return out


def _dev_f1(
    model: BiLSTMCRF, dev: Sequence[dict[str, Any]], feats: Sequence[Any]
) -> dict[str, Any]:
    gold = [[(e["start"], e["end"], e["type"]) for e in r["entities"]] for r in dev]
    scores = score_spans(gold, _decode(model, [r["text"] for r in dev], feats))
    return {
        "micro": scores.micro.to_json(),
        "per_type": {t: s.to_json() for t, s in scores.per_type.items()},
    }


def _embeddings(
    args: argparse.Namespace,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], Counter[str]]:
    """:func:`pretrain_embeddings`, read from / written to ``--embeddings`` when given."""
    cache = args.embeddings / f"w2v-{args.dim}-{args.w2v_epochs}.npz" if args.embeddings else None
    if cache is not None and cache.is_file():
        with np.load(cache, allow_pickle=False) as z:
            bigram_keys = z["bigram_keys"].tolist()
            return (
                dict(zip(z["char_keys"].tolist(), z["char_vecs"], strict=True)),
                dict(zip(bigram_keys, z["bigram_vecs"], strict=True)),
                Counter(dict(zip(bigram_keys, z["bigram_counts"].tolist(), strict=True))),
            )
    char_vecs, bigram_vecs, counts = pretrain_embeddings(
        args.data, args.dim, args.w2v_epochs, args.seed
    )
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        keys = list(bigram_vecs)
        np.savez(
            cache,
            char_keys=np.array(list(char_vecs)),
            char_vecs=np.array(list(char_vecs.values())),
            bigram_keys=np.array(keys),
            bigram_vecs=np.array([bigram_vecs[k] for k in keys]),
            bigram_counts=np.array([counts[k] for k in keys]),
        )
    return char_vecs, bigram_vecs, counts


def choose_ensemble(
    model: BiLSTMCRF, dev: Sequence[dict[str, Any]], feats: Sequence[Any], crf_model: Path
) -> dict[str, Any]:
    """The BiLSTM's share and the recovery threshold that score best on news_dev.

    The averaged tagger (:class:`kg.extract.entities.ensemble.EnsembleTagger`)
    reads them from the model's metadata.
    """
    from kg.extract.entities.crf import CRFTagger, spans_from_marginals

    crf = CRFTagger(crf_model)
    order = [crf.labels.index(lab) for lab in model.labels]
    crf_probs = [crf.marginals(f)[1][:, order] for f in feats]
    lstm_probs = model.marginals([r["text"] for r in dev], feats)
    gold = [[(e["start"], e["end"], e["type"]) for e in r["entities"]] for r in dev]
    results = []
    for weight in (0.3, 0.4, 0.5, 0.6, 0.7):
        mixed = [(1 - weight) * c + weight * n for c, n in zip(crf_probs, lstm_probs, strict=True)]
        paths = [best_path(p, model.labels) for p in mixed]
        for recover in (0.35, 0.45, 1.0):
            pred = [
                [(s, e, t) for s, e, t, _ in spans_from_marginals(p, model.labels, path, recover)]
                for p, path in zip(mixed, paths, strict=True)
            ]
            f1 = score_spans(gold, pred).micro.f1
            results.append((round(f1, 4), weight, recover))
            print(f"ensemble lstm_weight={weight} recover={recover}: dev F1 {f1:.4f}", flush=True)
    f1, weight, recover = max(results, key=lambda r: (r[0], -abs(r[1] - 0.5)))
    return {"lstm_weight": weight, "recover": recover, "news_dev_f1": f1}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Train kg's BiLSTM-CRF NER model.")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="shared data folder")
    parser.add_argument("--out", type=Path, default=default_model_path())
    parser.add_argument(
        "--crf", type=Path, default=default_crf_path(), help="the CRF to average with"
    )
    for key, value in DEFAULTS.items():
        parser.add_argument(f"--{key.replace('_', '-')}", type=type(value), default=value)
    parser.add_argument("--embeddings", type=Path, help="cache folder for the pretrained vectors")
    parser.add_argument(
        "--snapshots", action="store_true", help="also save the model after each epoch"
    )
    return parser


@dataclass(frozen=True)
class _Corpus:
    """news_train and news_dev records with their CRF features.

    Training features use the jackknifed name lists the CRF is trained with;
    dev features the list built from all of news_train.
    """

    train: list[dict[str, Any]]
    train_feats: list[Any]
    dev: list[dict[str, Any]]
    dev_feats: list[Any]


def _corpus(data: Path) -> _Corpus:
    train = [r for r in read_jsonl(data / "ner" / "news_train.jsonl") if r["text"]]
    dev = list(read_jsonl(data / "ner" / "news_dev.jsonl"))
    lists = jackknife_names(train)
    full = NameList(build_names(train))
    train_feats = [
        sentence_features(r["text"], name_list=lists[i % len(lists)]) for i, r in enumerate(train)
    ]
    dev_feats = [sentence_features(r["text"], name_list=full) for r in dev]
    return _Corpus(train, train_feats, dev, dev_feats)


@dataclass(frozen=True)
class _Vocabulary:
    """The network's vocabularies and its initial embedding tables."""

    chars: list[str]
    bigrams: list[str]
    slots: list[list[str]]
    char_matrix: np.ndarray
    bigram_matrix: np.ndarray

    @property
    def encoder(self) -> Encoder:
        return Encoder(self.chars, self.bigrams, self.slots)


def _vocabulary(
    args: argparse.Namespace,
    corpus: _Corpus,
    char_vecs: dict[str, np.ndarray],
    bigram_vecs: dict[str, np.ndarray],
    counts: Counter[str],
) -> _Vocabulary:
    train_chars = Counter(c for r in corpus.train for c in r["text"])
    char_keys = ["", *sorted(set(char_vecs) | set(train_chars))]
    train_bigrams = Counter(
        b
        for r in corpus.train
        for t in [f"\x02{r['text']}\x03"]
        for b in (t[i : i + 2] for i in range(len(t) - 1))
    )
    # The corpus's commonest bigrams plus those seen twice in training: 64k
    # rows instead of 395k, and news_dev F1 within 0.1 of keeping them all.
    frequent = {b for b, _ in counts.most_common(args.max_bigrams)}
    repeated = {b for b, n in train_bigrams.items() if n >= 2}
    bigram_keys = ["", *sorted(frequent | repeated)]
    slots = Encoder.slot_values(corpus.train_feats)
    rng = np.random.default_rng(args.seed)
    char_mat = _vocab_matrix(char_keys, char_vecs, args.dim, rng)
    bigram_mat = _vocab_matrix(bigram_keys, bigram_vecs, args.dim, rng)
    return _Vocabulary(char_keys, bigram_keys, slots, char_mat, bigram_mat)


def _tensors(corpus: _Corpus, vocab: _Vocabulary) -> tuple[list[Any], list[Any]]:
    """Each training sentence's input ids and gold label ids, as torch tensors."""
    import torch

    encoder = vocab.encoder
    label_index = {lab: i for i, lab in enumerate(LABELS)}
    xs = [
        torch.from_numpy(encoder.encode(r["text"], f))
        for r, f in zip(corpus.train, corpus.train_feats, strict=True)
    ]
    ys = [
        torch.tensor([label_index[lab] for lab in bioes_labels(r["text"], r["entities"])])
        for r in corpus.train
    ]
    return xs, ys


def _network(args: argparse.Namespace, vocab: _Vocabulary) -> Any:
    """The BiLSTM-CRF in torch, with the CRF's negative log-likelihood as loss.

    The class is made here, not at module level, so that importing this module
    needs no torch.
    """
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.char = nn.Embedding.from_pretrained(
                torch.from_numpy(vocab.char_matrix), freeze=False
            )
            self.bigram = nn.Embedding.from_pretrained(
                torch.from_numpy(vocab.bigram_matrix), freeze=True
            )
            self.slots = nn.ModuleList(nn.Embedding(len(v), args.slot_dim) for v in vocab.slots)
            width = 3 * args.dim + len(SLOTS) * args.slot_dim
            self.drop = nn.Dropout(args.dropout)
            self.lstm = nn.LSTM(width, args.hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * args.hidden, len(LABELS))
            self.trans = nn.Parameter(torch.zeros(len(LABELS), len(LABELS)))
            self.start = nn.Parameter(torch.zeros(len(LABELS)))
            self.end = nn.Parameter(torch.zeros(len(LABELS)))

        def emissions(self, ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
            parts = [self.char(ids[..., 0]), self.bigram(ids[..., 1]), self.bigram(ids[..., 2])]
            parts += [emb(ids[..., 3 + k]) for k, emb in enumerate(self.slots)]
            x = self.drop(torch.cat(parts, dim=-1))
            packed = nn.utils.rnn.pack_padded_sequence(
                x, lengths, batch_first=True, enforce_sorted=False
            )
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=ids.shape[1])
            scores: torch.Tensor = self.out(self.drop(h))
            return scores

        def nll(self, em: torch.Tensor, tags: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
            steps = em.shape[1]
            mask = torch.arange(steps)[None, :] < lengths[:, None]
            gold = self.start[tags[:, 0]] + em[:, 0].gather(1, tags[:, :1]).squeeze(1)
            alpha = self.start[None, :] + em[:, 0]
            for t in range(1, steps):
                live = mask[:, t]
                step = self.trans[tags[:, t - 1], tags[:, t]] + em[:, t].gather(
                    1, tags[:, t : t + 1]
                ).squeeze(1)
                gold = gold + step * live
                nxt = torch.logsumexp(
                    alpha[:, :, None] + self.trans[None] + em[:, t, None, :], dim=1
                )
                alpha = torch.where(live[:, None], nxt, alpha)
            last = tags.gather(1, (lengths - 1)[:, None]).squeeze(1)
            gold = gold + self.end[last]
            log_z = torch.logsumexp(alpha + self.end[None, :], dim=1)
            return (log_z - gold).mean()

    return Net()


def _export(ema: Any, vocab: _Vocabulary) -> BiLSTMCRF:
    """The averaged torch weights as the numpy model kg ships."""
    arrays: dict[str, np.ndarray] = {
        "char_emb": ema.char.weight.detach().numpy().astype(np.float16),
        "bigram_emb": ema.bigram.weight.detach().numpy().astype(np.float16),
        "out_w": ema.out.weight.detach().numpy(),
        "out_b": ema.out.bias.detach().numpy(),
        "transitions": ema.trans.detach().numpy(),
        "start": ema.start.detach().numpy(),
        "end": ema.end.detach().numpy(),
    }
    for k, emb in enumerate(ema.slots):
        arrays[f"slot{k}_emb"] = emb.weight.detach().numpy()
    for d, suffix in (("fw", ""), ("bw", "_reverse")):
        lstm = ema.lstm
        arrays[f"w_ih_{d}"] = getattr(lstm, f"weight_ih_l0{suffix}").detach().numpy()
        arrays[f"w_hh_{d}"] = getattr(lstm, f"weight_hh_l0{suffix}").detach().numpy()
        bias = getattr(lstm, f"bias_ih_l0{suffix}") + getattr(lstm, f"bias_hh_l0{suffix}")
        arrays[f"b_{d}"] = bias.detach().numpy()
    meta = {
        "feature_version": FEATURE_VERSION,
        "labels": LABELS,
        "chars": vocab.chars,
        "bigrams": vocab.bigrams,
        "slots": vocab.slots,
    }
    return BiLSTMCRF(arrays, meta)


def _epoch(
    net: Any, ema: Any, optimiser: Any, batches: list[list[int]], xs: list[Any], ys: list[Any],
    ema_rate: float,
) -> float:
    """One pass over ``batches`` (in a new random order); the mean loss."""
    import torch
    from torch import nn

    net.train()
    random.shuffle(batches)
    total = 0.0
    for batch in batches:
        lengths = torch.tensor([len(xs[i]) for i in batch])
        ids = nn.utils.rnn.pad_sequence([xs[i] for i in batch], batch_first=True)
        tags = nn.utils.rnn.pad_sequence([ys[i] for i in batch], batch_first=True)
        loss = net.nll(net.emissions(ids, lengths), tags, lengths)
        optimiser.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        optimiser.step()
        with torch.no_grad():
            for averaged, current in zip(ema.parameters(), net.parameters(), strict=True):
                averaged.lerp_(current, 1.0 - ema_rate)
        total += float(loss.detach())
    net.eval()
    return total / len(batches)


def _train(
    args: argparse.Namespace, corpus: _Corpus, vocab: _Vocabulary
) -> tuple[BiLSTMCRF, dict[str, Any], list[float]]:
    """Train for ``args.epochs``; the last epoch's model, its dev figures and dev F1 by epoch."""
    import torch

    xs, ys = _tensors(corpus, vocab)
    net = _network(args, vocab)
    # Dev F1 of the raw weights swung by up to two points from one epoch to
    # the next; an exponential moving average of the weights does not.
    ema: Any = copy.deepcopy(net)
    ema.eval()
    optimiser = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=args.lr)
    # Halving the step every ~7 epochs settles the late epochs (dev F1 wobbled
    # by half a point from epoch to epoch at a constant rate).
    schedule = torch.optim.lr_scheduler.ExponentialLR(optimiser, gamma=args.decay)
    order = sorted(range(len(xs)), key=lambda i: len(xs[i]))
    batches = [order[k : k + args.batch] for k in range(0, len(order), args.batch)]

    history: list[float] = []
    for epoch in range(1, args.epochs + 1):
        t1 = time.perf_counter()
        loss = _epoch(net, ema, optimiser, batches, xs, ys, args.ema)
        schedule.step()
        model = _export(ema, vocab)
        res = _dev_f1(model, corpus.dev, corpus.dev_feats)
        history.append(res["micro"]["f1"])
        if args.snapshots:
            model.save(args.out.with_suffix(f".epoch{epoch}.npz"))
        print(
            f"epoch {epoch}: loss {loss:.3f} dev F1 {res['micro']['f1']:.4f} "
            f"{ {t: v['f1'] for t, v in res['per_type'].items()} } {time.perf_counter() - t1:.0f}s",
            flush=True,
        )
    return model, res, history


def main(argv: list[str] | None = None) -> int:
    """Train the BiLSTM-CRF, choose its share in the ensemble, and save it to ``--out``."""
    import torch

    args = _parser().parse_args(argv)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    t0 = time.perf_counter()

    char_vecs, bigram_vecs, counts = _embeddings(args)
    print(
        f"embeddings: {len(char_vecs)} chars, {len(bigram_vecs)} bigrams "
        f"({time.perf_counter() - t0:.0f}s)",
        flush=True,
    )
    corpus = _corpus(args.data)
    print(f"features ({time.perf_counter() - t0:.0f}s)", flush=True)
    vocab = _vocabulary(args, corpus, char_vecs, bigram_vecs, counts)

    model, res, history = _train(args, corpus, vocab)
    model.meta["news_dev"] = res
    model.meta["ensemble"] = choose_ensemble(model, corpus.dev, corpus.dev_feats, args.crf)
    model.meta["params"] = {k: getattr(args, k) for k in DEFAULTS}
    model.meta["train_seconds"] = round(time.perf_counter() - t0)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"dev F1 by epoch: {history}")
    print(f"model {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
