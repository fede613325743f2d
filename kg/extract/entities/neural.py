"""A character BiLSTM-CRF tagger, run with numpy.

The model reads, for every character, its embedding, the embeddings of the
bigrams on its left and right (both pretrained on a 16M-character news corpus
by ``python -m kg.train.neural``, so names the labelled data never saw still
land near names it did), and the CRF tagger's discrete features: jieba word
position and POS, gazetteer place, organisation suffix, surname and the
learned name list (:func:`.features.sentence_features`).  A BiLSTM reads the
sentence both ways and a linear CRF scores the BIOES label sequence.

Training needs PyTorch; running the shipped weights (``ner.lstm.npz``) needs
only numpy, so kg's install stays small.  :func:`marginals` returns the
per-character label distribution, which :mod:`.ensemble` averages with the
character CRF's.

Examples
--------
>>> from kg.extract.entities.features import sentence_features
>>> model = default_model()
>>> text = "李强在北京会见王明。"
>>> probs = model.marginals([text], [sentence_features(text)])[0]
>>> probs.shape == (len(text), len(model.labels))
True
>>> model.labels[int(probs[0].argmax())]
'B-PER'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import chain, repeat
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from kg import resources
from kg.errors import KGError
from kg.extract.entities.features import FEATURE_VERSION, CharFeatures
from kg.extract.entities.lattice import forward_backward, single_threaded

__all__ = [
    "SLOTS",
    "BiLSTMCRF",
    "Encoder",
    "default_model",
    "default_model_path",
]

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

#: Feature-name prefixes of :func:`.features.sentence_features` the network
#: reads, one embedding slot each (a character has at most one value per slot).
SLOTS: tuple[str, ...] = ("wpp=", "gzf=", "sx=", "sx+1=", "nl=", "k=", "sn")
#: Feature name (before ``=``) -> slot; a bare flag (``sn``) has the value ``+``.
_SLOT_OF = {prefix.rstrip("="): k for k, prefix in enumerate(SLOTS)}
_SLOT_INITIALS = frozenset(prefix[0] for prefix in SLOTS)
#: The :data:`.features.TEMPLATES` behind the slots (absent is ``""``, id 0).
_SLOT_TEMPLATES = tuple(prefix.rstrip("=") for prefix in SLOTS)

_PAD_LEFT, _PAD_RIGHT = "\x02", "\x03"

#: Embedding tables stored as int8 (per-row scale in ``NAME + _SCALE``).
_QUANTISED = frozenset({"char_emb", "bigram_emb"})
_SCALE = "__scale"
#: Most padded characters (sentences x longest) in one batch: long sentences
#: go in small batches, so padding and memory stay small.  4,096 keeps a
#: batch's input gates (16 MB) nearer the cache than 8,192 did: the BiLSTM's
#: marginals on 111k characters took 2.0-2.2 CPU s against 2.4-2.6.
_BATCH_CHARS = 4096


def default_model_path() -> Path:
    return resources.path("models", "ner.lstm.npz")


class Encoder:
    """Turns a sentence and its CRF features into the network's integer inputs.

    Id 0 of every vocabulary means unknown (or, for a slot, absent).
    """

    def __init__(
        self, chars: Sequence[str], bigrams: Sequence[str], slots: Sequence[Sequence[str]]
    ):
        self.chars = {c: i for i, c in enumerate(chars)}
        self.bigrams = {b: i for i, b in enumerate(bigrams)}
        self.slots = [{v: i for i, v in enumerate(values)} for values in slots]

    def encode(self, text: str, feats: Sequence[Sequence[str]]) -> IntArray:
        """``(len(text), 3 + len(SLOTS))`` ids: character, left bigram, right bigram, slots."""
        chars, bigrams, slots = self.chars, self.bigrams, self.slots
        padded = _PAD_LEFT + text + _PAD_RIGHT
        rows: list[list[int]] = []
        for i, char_feats in enumerate(feats):
            row = [
                chars.get(text[i], 0),
                bigrams.get(padded[i : i + 2], 0),
                bigrams.get(padded[i + 1 : i + 3], 0),
            ] + [0] * len(SLOTS)
            for feat in char_feats:
                if feat[0] not in _SLOT_INITIALS:
                    continue  # most features are n-grams (c0=, b0=, ...): skip them cheaply
                name, _, value = feat.partition("=")
                k = _SLOT_OF.get(name)
                if k is not None:
                    row[3 + k] = slots[k].get(value or "+", 0)
            rows.append(row)
        return np.array(rows, dtype=np.int64).reshape(len(rows), 3 + len(SLOTS))

    def encode_many(self, sentences: Sequence[CharFeatures]) -> list[IntArray]:
        """:meth:`encode` of each sentence, read from its template values.

        One dictionary lookup per character and input over the whole batch;
        the left and right bigrams are the CRF's ``b-1`` and ``b0`` values.
        """
        total = sum(len(cf) for cf in sentences)
        ids = np.empty((total, 3 + len(SLOTS)), dtype=np.int64)

        def column(table: dict[str, int], template: str) -> IntArray:
            values = chain.from_iterable(cf.values[template] for cf in sentences)
            return np.fromiter(map(table.get, values, repeat(0)), dtype=np.int64, count=total)

        ids[:, 0] = column(self.chars, "c0")
        ids[:, 1] = column(self.bigrams, "b-1")
        ids[:, 2] = column(self.bigrams, "b0")
        for k, template in enumerate(_SLOT_TEMPLATES):
            ids[:, 3 + k] = column(self.slots[k], template)
        ends = np.cumsum([len(cf) for cf in sentences])
        return [ids[end - len(cf) : end] for cf, end in zip(sentences, ends, strict=True)]

    @staticmethod
    def slot_values(feature_lists: Sequence[Sequence[Sequence[str]]]) -> list[list[str]]:
        """Every value each slot takes in ``feature_lists`` (id 0 kept for "absent")."""
        values: list[set[str]] = [set() for _ in SLOTS]
        for feats in feature_lists:
            for char_feats in feats:
                for feat in char_feats:
                    name, _, value = feat.partition("=")
                    k = _SLOT_OF.get(name)
                    if k is not None:
                        values[k].add(value or "+")
        return [["", *sorted(v - {""})] for v in values]


def _batches(
    order: Sequence[int], lengths: Sequence[int], most: int, budget: int
) -> list[list[int]]:
    """Consecutive runs of ``order`` (sorted by length) of at most ``most``
    items whose padded size (count x longest) stays within ``budget``.

    Examples
    --------
    >>> _batches([0, 1, 2, 3], [2, 2, 5, 9], most=8, budget=10)
    [[0, 1], [2], [3]]
    """
    out: list[list[int]] = []
    chunk: list[int] = []
    for i in order:
        if chunk and (len(chunk) == most or (len(chunk) + 1) * lengths[i] > budget):
            out.append(chunk)
            chunk = []
        chunk.append(i)
    if chunk:
        out.append(chunk)
    return out


def _strings(features: Sequence[Sequence[str]] | CharFeatures) -> Sequence[Sequence[str]]:
    return features.strings() if isinstance(features, CharFeatures) else features


class BiLSTMCRF:
    """Weights of a trained model and the numpy forward pass.

    ``labels`` are the BIOES labels in the order of the CRF's rows.
    """

    def __init__(self, arrays: dict[str, Any], meta: dict[str, Any]) -> None:
        self.arrays = arrays
        self.meta = meta
        self.labels: list[str] = list(meta["labels"])
        self.encoder = Encoder(meta["chars"], meta["bigrams"], meta["slots"])
        self.char_emb = arrays["char_emb"].astype(np.float32)
        self.bigram_emb = arrays["bigram_emb"].astype(np.float32)
        self.slot_emb = [arrays[f"slot{k}_emb"].astype(np.float32) for k in range(len(SLOTS))]
        self.lstm = {d: self._direction(arrays, d) for d in ("fw", "bw")}
        self.w_ih = np.concatenate([self.lstm["fw"][0], self.lstm["bw"][0]], axis=1)
        self.b_ih = np.concatenate([self.lstm["fw"][2], self.lstm["bw"][2]])
        # The characters' share of the input gates, bias included, one row per
        # character of the vocabulary (6k x 8H, 25 MB): a gather per character
        # instead of a quarter of the input product (bench: 0.85 -> 0.64 s on
        # 111k characters).
        # The three sigmoid gates' inputs are halved in the weights, so the
        # recurrence squashes all four gates with one tanh (:meth:`_lstm`).
        size = self.lstm["fw"][1].shape[0]
        quarter = np.ones(4 * size, dtype=np.float32)
        quarter[: 3 * size] = 0.5
        self._gate_scale = np.concatenate([quarter, quarter])
        width = self.char_emb.shape[1]
        self.char_gates = (self.char_emb @ self.w_ih[:width] + self.b_ih) * self._gate_scale
        self.w_ih_rest = self.w_ih[width:] * self._gate_scale
        self._w_hh = np.stack([self.lstm[d][1] for d in ("fw", "bw")]) * quarter
        self.out_w = arrays["out_w"].astype(np.float32).T.copy()
        self.out_b = arrays["out_b"].astype(np.float32)
        self.transitions = arrays["transitions"].astype(np.float32)
        self.start = arrays["start"].astype(np.float32)
        self.end = arrays["end"].astype(np.float32)

    @staticmethod
    def _direction(arrays: dict[str, Any], d: str) -> tuple[FloatArray, FloatArray, FloatArray]:
        """``(W_ih.T, W_hh.T, bias)`` with PyTorch's gate order (i, f, g, o) made (i, f, o, g)."""
        w_ih, w_hh, bias = (
            arrays[f"{name}_{d}"].astype(np.float32) for name in ("w_ih", "w_hh", "b")
        )
        i, f, g, o = np.split(np.arange(len(bias)), 4)
        order = np.concatenate([i, f, o, g])
        return w_ih[order].T.copy(), w_hh[order].T.copy(), bias[order].copy()

    @classmethod
    def load(cls, path: str | Path) -> BiLSTMCRF:
        path = Path(path)
        if not path.is_file():
            raise KGError(f"NER model not found: {path} (train it with: python -m kg.train.neural)")
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files if k != "meta"}
                meta = json.loads(str(data["meta"]))
        except Exception as exc:  # numpy raises half a dozen types for a damaged file
            raise KGError(f"{path}: not a kg BiLSTM-CRF model ({exc})") from exc
        version = meta.get("feature_version", FEATURE_VERSION)
        if version != FEATURE_VERSION:
            # A model trained on other features tags garbage without failing: refuse it.
            raise KGError(
                f"NER model {path} was trained on features v{version}, kg uses "
                f"v{FEATURE_VERSION}; retrain it with: python -m kg.train.neural"
            )
        for name in [k for k in arrays if k.endswith(_SCALE)]:
            base = name[: -len(_SCALE)]
            arrays[base] = arrays[base].astype(np.float32) * arrays.pop(name)[:, None] / 127.0
        return cls(arrays, meta)

    def save(self, path: str | Path) -> None:
        """Write the weights and ``meta`` (vocabularies, labels, figures) to one ``.npz``."""
        meta = np.array(json.dumps(self.meta, ensure_ascii=False))
        arrays: dict[str, Any] = {}
        for name, value in self.arrays.items():
            if name in _QUANTISED:
                # int8 rows with one scale each: a quarter of float32, and
                # tagging F1 on news_dev does not move.
                value = np.asarray(value, dtype=np.float32)
                scale = np.maximum(np.abs(value).max(axis=1), 1e-8).astype(np.float32)
                arrays[name] = np.round(value / scale[:, None] * 127.0).astype(np.int8)
                arrays[name + _SCALE] = scale
            else:
                arrays[name] = value
        path = Path(path)
        partial = path.with_name(path.name + ".partial")
        with partial.open("wb") as fh:
            np.savez_compressed(fh, meta=meta, **arrays)
        partial.replace(path)  # a reader never sees half a model

    def _input_gates(self, ids: IntArray) -> FloatArray:
        """Both directions' input gates ``(N, 8H)`` of ``N`` characters' ids, bias included.

        The input is the concatenation of the character, bigram and slot
        embeddings, so its product with ``W_ih`` is a sum of one product per
        part.  The characters' part is a row of :attr:`char_gates`, computed
        once at load; only the bigrams and slots are multiplied per batch.
        """
        rest = np.concatenate(
            [self.bigram_emb[ids[:, 1]], self.bigram_emb[ids[:, 2]]]
            + [emb[ids[:, 3 + k]] for k, emb in enumerate(self.slot_emb)],
            axis=-1,
        )
        gates = rest @ self.w_ih_rest
        gates += self.char_gates[ids[:, 0]]
        return gates

    def _lstm(self, gates_in: FloatArray) -> FloatArray:
        """Hidden states ``(T, 2, B, H)`` of both directions, from input gates ``(T, 2, B, 4H)``.

        Index 0 of the second axis is the forward direction, 1 the backward
        one, which is given each sentence reversed in place; padding sits after
        each sentence, so it never feeds a real position.  Both directions
        step together: one batched product and one set of gate functions per
        step.  The gates come pre-scaled (:attr:`_gate_scale`), so one
        ``tanh`` serves all four of them: sigmoid(x) = (1 + tanh(x / 2)) / 2.
        """
        w_hh = self._w_hh
        steps, _, batch, width = gates_in.shape
        hidden = width // 4
        c = np.zeros((2, batch, hidden), dtype=np.float32)
        squashed = np.empty((2, batch, hidden), dtype=np.float32)
        g = np.empty((2, batch, width), dtype=np.float32)
        out = np.empty((steps, 2, batch, hidden), dtype=np.float32)
        h = np.zeros((2, batch, hidden), dtype=np.float32)
        for t in range(steps):
            np.matmul(h, w_hh, out=g)
            g += gates_in[t]
            np.tanh(g, out=g)
            # Gates are stored (input, forget, output, cell).
            sig = g[..., : 3 * hidden]
            sig += 1.0
            sig *= 0.5
            c *= g[..., hidden : 2 * hidden]
            np.multiply(g[..., :hidden], g[..., 3 * hidden :], out=squashed)
            c += squashed
            np.tanh(c, out=squashed)
            h = out[t]
            np.multiply(g[..., 2 * hidden : 3 * hidden], squashed, out=h)
        return out

    def emissions(self, batch_ids: Sequence[IntArray]) -> tuple[FloatArray, IntArray]:
        """Label scores ``(B, T, L)`` before the CRF, and the sentences' lengths."""
        lengths = np.array([len(ids) for ids in batch_ids], dtype=np.int64)
        steps, batch = int(lengths.max()), len(batch_ids)
        ids = np.concatenate(batch_ids)
        # Row r of the flat batch is character i of sentence b; in the padded,
        # time-major arrays it sits at step i going forward and at step n-1-i
        # going backward (each sentence reversed within its own length).
        # Padding stays zero.
        step = np.arange(steps)[:, None]
        starts = (np.cumsum(lengths) - lengths)[None, :]
        inside = step < lengths[None, :]
        forward_rows = np.where(inside, starts + step, 0)
        backward_rows = np.where(inside, starts + lengths[None, :] - 1 - step, 0)
        with single_threaded():
            gates = self._input_gates(ids)
            width = gates.shape[1] // 2
            stacked = np.zeros((steps, 2, batch, width), dtype=np.float32)
            stacked[:, 0][inside] = gates[forward_rows[inside], :width]
            stacked[:, 1][inside] = gates[backward_rows[inside], width:]
            hidden = self._lstm(stacked)
            # Back to flat rows: where each real character sits in each direction.
            where = np.nonzero(inside)  # (step, sentence) of every real character
            order = np.argsort(forward_rows[where], kind="stable")
            fw_step, sentence = where[0][order], where[1][order]
            bw_step = lengths[sentence] - 1 - fw_step
            h = np.concatenate(
                [hidden[fw_step, 0, sentence], hidden[bw_step, 1, sentence]], axis=-1
            )
            flat = h @ self.out_w + self.out_b
        scores = np.zeros((batch, steps, flat.shape[1]), dtype=np.float32)
        scores[sentence, fw_step] = flat
        return scores, lengths

    def marginals(
        self,
        texts: Sequence[str],
        features: Sequence[Sequence[Sequence[str]] | CharFeatures],
        batch_size: int = 256,
    ) -> list[FloatArray]:
        """Label marginals ``(len(text), L)`` for each text (empty texts give ``(0, L)``).

        ``features`` are each text's :class:`.features.CharFeatures` (the fast
        path) or its lists of feature strings.
        """
        out: list[FloatArray] = [np.zeros((0, len(self.labels)), np.float32) for _ in texts]
        todo = sorted((i for i, t in enumerate(texts) if t), key=lambda i: len(texts[i]))
        for chunk in _batches(todo, [len(t) for t in texts], batch_size, _BATCH_CHARS):
            coded = [f for f in (features[i] for i in chunk) if isinstance(f, CharFeatures)]
            if len(coded) == len(chunk):
                ids = self.encoder.encode_many(coded)
            else:
                ids = [self.encoder.encode(texts[i], _strings(features[i])) for i in chunk]
            scores, lengths = self.emissions(ids)
            with single_threaded():
                probs = forward_backward(scores, self.transitions, self.start, self.end, lengths)
            for b, i in enumerate(chunk):
                out[i] = probs[b, : lengths[b]]
        return out


def default_model() -> BiLSTMCRF:
    """Load the shipped model."""
    return BiLSTMCRF.load(default_model_path())
