"""The linear-chain lattice over BIOES labels, shared by the CRF, the BiLSTM-CRF and training.

A sentence of ``n`` characters is a lattice of ``n`` steps with one node per
label.  This module holds everything that walks it:

* BIOES encoding of spans into labels (:func:`span_labels`, :func:`encode_bioes`)
  and decoding back (:func:`decode_bioes`);
* the allowed transitions between BIOES labels as log-masks
  (:func:`allowed_transitions`);
* label marginals by forward-backward (:func:`forward_backward`);
* the best valid label sequence by Viterbi over marginals (:func:`best_path`,
  :func:`best_paths`).

Only numpy is needed; the BLAS is held to one thread around the matrix
products (:func:`single_threaded`).

Examples
--------
>>> labels = encode_bioes(5, [(0, 2, "PER"), (3, 5, "LOC")])
>>> labels
['B-PER', 'E-PER', 'O', 'B-LOC', 'E-LOC']
>>> decode_bioes(labels)
[(0, 2, 'PER'), (3, 5, 'LOC')]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "allowed_transitions",
    "best_path",
    "best_paths",
    "decode_bioes",
    "encode_bioes",
    "forward_backward",
    "single_threaded",
    "span_labels",
]

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

_TINY = 1e-30


def span_labels(length: int, tag: str, inside: str = "I", sep: str = "-") -> list[str]:
    """The labels of one span of ``length`` characters tagged ``tag``.

    ``inside`` names the middle labels (``I`` in BIOES, ``M`` in the BMES
    feature values of :mod:`.features`); ``sep`` goes between position and tag.

    Examples
    --------
    >>> span_labels(1, "PER")
    ['S-PER']
    >>> span_labels(4, "F", inside="M", sep="")
    ['BF', 'MF', 'MF', 'EF']
    """
    if length < 1:
        # callers assign the result to a slice of this length: an empty span would grow the list
        raise ValueError(f"a span has at least one character, not {length}")
    if length == 1:
        return [f"S{sep}{tag}"]
    return [f"B{sep}{tag}", *[f"{inside}{sep}{tag}"] * (length - 2), f"E{sep}{tag}"]


def encode_bioes(n: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """BIOES labels of ``n`` characters with ``spans`` ``(start, end, tag)``.

    Spans are taken longest-first from the left; a span that is empty or
    overlaps one already placed is skipped.

    Examples
    --------
    >>> encode_bioes(4, [(0, 1, "PER"), (1, 4, "ORG"), (2, 3, "LOC")])
    ['S-PER', 'B-ORG', 'I-ORG', 'E-ORG']
    """
    labels = ["O"] * n
    for s, e, tag in sorted(spans, key=lambda span: (span[0], -span[1])):
        if e <= s or any(lab != "O" for lab in labels[s:e]):
            continue
        labels[s:e] = span_labels(e - s, tag)
    return labels


def decode_bioes(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """Spans ``(start, end, tag)`` from BIOES labels; broken sequences are repaired leniently.

    A ``B``/``I`` run that never reaches ``E`` still becomes a span (it ends at
    the last ``I``), because a truncated name is better than no name.

    Examples
    --------
    >>> decode_bioes(["B-PER", "E-PER", "O", "S-LOC", "B-ORG", "I-ORG"])
    [(0, 2, 'PER'), (3, 4, 'LOC'), (4, 6, 'ORG')]
    """
    spans: list[tuple[int, int, str]] = []
    start, tag = -1, ""
    for i, label in enumerate(labels):
        prefix, _, t = label.partition("-")
        if prefix == "S":
            if start >= 0:
                spans.append((start, i, tag))
            spans.append((i, i + 1, t))
            start = -1
        elif prefix == "B":
            if start >= 0:
                spans.append((start, i, tag))
            start, tag = i, t
        elif prefix in ("I", "E"):
            if start < 0 or t != tag:
                if start >= 0:
                    spans.append((start, i, tag))
                start, tag = i, t
            if prefix == "E":
                spans.append((start, i + 1, tag))
                start = -1
        else:
            if start >= 0:
                spans.append((start, i, tag))
            start = -1
    if start >= 0:
        spans.append((start, len(labels), tag))
    return spans


def forward_backward(
    emissions: FloatArray,
    transitions: FloatArray,
    start: FloatArray,
    end: FloatArray,
    lengths: IntArray | None = None,
) -> FloatArray:
    """Label marginals of a linear-chain CRF, for a batch ``(B, T, L)`` of sentences.

    ``lengths`` gives each sentence's length (default: all ``T``); values past
    a sentence's end are meaningless.  A single ``(n, L)`` sentence works too.

    Examples
    --------
    >>> em = np.zeros((3, 2), dtype=np.float32)
    >>> tr = np.zeros((2, 2), dtype=np.float32)
    >>> forward_backward(em, tr, np.zeros(2, np.float32), np.zeros(2, np.float32)).round(2)
    array([[0.5, 0.5],
           [0.5, 0.5],
           [0.5, 0.5]], dtype=float32)
    """
    if emissions.ndim == 2:
        return forward_backward(emissions[None], transitions, start, end, lengths)[0]
    batch, steps, labels = emissions.shape
    if lengths is None:
        lengths = np.full(batch, steps, dtype=np.int64)
    # Probability space with every step rescaled to sum 1: two small matrix
    # products per character instead of log-sum-exps over (L, L) — about 5x
    # faster.  The rescaling is uniform over labels, so it cancels in the
    # per-character normalisation below.
    potentials = np.exp(emissions - emissions.max(axis=2, keepdims=True))
    trans = np.exp(transitions)
    alpha = np.empty_like(potentials)
    beta = np.empty_like(potentials)
    a = np.exp(start) * potentials[:, 0]
    alpha[:, 0] = a / np.maximum(a.sum(axis=1, keepdims=True), _TINY)
    for t in range(1, steps):
        a = (alpha[:, t - 1] @ trans) * potentials[:, t]
        alpha[:, t] = a / np.maximum(a.sum(axis=1, keepdims=True), _TINY)
    stop = np.broadcast_to(np.exp(end), (batch, labels))
    last = (lengths - 1)[:, None]
    beta[:, steps - 1] = stop
    for t in range(steps - 2, -1, -1):
        b = (potentials[:, t + 1] * beta[:, t + 1]) @ trans.T
        b = b / np.maximum(b.sum(axis=1, keepdims=True), _TINY)
        beta[:, t] = np.where(t == last, stop, b)
    joint = alpha * beta
    joint /= np.maximum(joint.sum(axis=2, keepdims=True), _TINY)
    inside = (np.arange(steps)[None, :] < lengths[:, None])[:, :, None]
    return np.where(inside, joint, 0.0).astype(np.float32)


@cache
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def single_threaded() -> Any:
    """BLAS limited to one thread.

    The LSTM's matrices are small, and a build runs one process per core:
    BLAS threads on top of that made tagging up to three times slower.
    """
    return _blas_controller().limit(limits=1, user_api="blas")


def allowed_transitions(labels: Sequence[str]) -> tuple[FloatArray, FloatArray, FloatArray]:
    """BIOES constraints as additive log-masks: ``(transitions, start, end)``.

    Examples
    --------
    >>> trans, start, end = allowed_transitions(["O", "B-PER", "E-PER"])
    >>> trans.tolist()  # O->E and B->O and B->B are impossible
    [[0.0, 0.0, -inf], [-inf, -inf, 0.0], [0.0, 0.0, -inf]]
    """
    n = len(labels)
    trans = np.full((n, n), -np.inf, dtype=np.float32)
    start = np.full(n, -np.inf, dtype=np.float32)
    end = np.full(n, -np.inf, dtype=np.float32)
    for a, la in enumerate(labels):
        pa, _, ta = la.partition("-")
        start[a] = 0.0 if pa in ("O", "B", "S") else -np.inf
        end[a] = 0.0 if pa in ("O", "E", "S") else -np.inf
        for b, lb in enumerate(labels):
            pb, _, tb = lb.partition("-")
            inside = pa in ("B", "I")
            ok = (pb in ("I", "E") and tb == ta) if inside else pb in ("O", "B", "S")
            trans[a, b] = 0.0 if ok else -np.inf
    return trans, start, end


def best_path(probs: FloatArray, labels: Sequence[str]) -> list[str]:
    """The valid BIOES label sequence with the highest product of marginals.

    Examples
    --------
    >>> p = np.array([[0.1, 0.6, 0.3], [0.5, 0.1, 0.4]], dtype=np.float32)
    >>> best_path(p, ["O", "B-PER", "E-PER"])
    ['B-PER', 'E-PER']
    """
    return best_paths([probs], labels)[0]


def best_paths(
    probs: Sequence[FloatArray], labels: Sequence[str], batch_size: int = 256
) -> list[list[str]]:
    """:func:`best_path` of many sentences, decoded together (Viterbi over a padded batch)."""
    with single_threaded():
        return _best_paths(probs, labels, batch_size)


def _best_paths(
    probs: Sequence[FloatArray], labels: Sequence[str], batch_size: int
) -> list[list[str]]:
    out: list[list[str]] = [[] for _ in probs]
    trans, start, end = _constraints(tuple(labels))
    order = sorted((i for i, p in enumerate(probs) if len(p)), key=lambda i: len(probs[i]))
    for k in range(0, len(order), batch_size):
        chunk = order[k : k + batch_size]
        lengths = np.array([len(probs[i]) for i in chunk], dtype=np.int64)
        batch, steps = len(chunk), int(lengths.max())
        logp = np.zeros((batch, steps, len(labels)), dtype=np.float32)
        for b, i in enumerate(chunk):
            logp[b, : lengths[b]] = np.log(np.maximum(probs[i], 1e-9))
        score = start + logp[:, 0]
        back = np.zeros((batch, steps, len(labels)), dtype=np.int64)
        for t in range(1, steps):
            cand = score[:, :, None] + trans
            back[:, t] = cand.argmax(1)
            score = np.where((t < lengths)[:, None], cand.max(1) + logp[:, t], score)
        best = (score + end).argmax(1)
        rows = np.arange(batch)
        path = np.zeros((batch, steps), dtype=np.int64)
        y = best
        for t in range(steps - 1, -1, -1):
            # Each sentence's path starts from its best last label at its own end.
            y = np.where(t == lengths - 1, best, y)
            path[:, t] = y
            y = back[rows, t, y]
        for b, i in enumerate(chunk):
            out[i] = [labels[y] for y in path[b, : lengths[b]]]
    return out


@cache
def _constraints(labels: tuple[str, ...]) -> tuple[FloatArray, FloatArray, FloatArray]:
    return allowed_transitions(labels)
