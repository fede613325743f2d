"""BIOES encoding and decoding in the one lattice module."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from kg.extract.entities.lattice import (
    allowed_transitions,
    best_path,
    decode_bioes,
    encode_bioes,
    span_labels,
)
from kg.train.ner import bioes_labels


@pytest.mark.parametrize(
    "spans",
    [
        [(0, 1, "PER")],
        [(0, 3, "ORG"), (4, 6, "LOC")],
        [(1, 2, "LOC"), (2, 7, "ORG"), (7, 8, "PER")],
    ],
)
def test_encoding_then_decoding_gives_the_spans_back(spans: list[tuple[int, int, str]]) -> None:
    assert decode_bioes(encode_bioes(9, spans)) == spans


def test_overlapping_and_empty_spans_are_skipped() -> None:
    # the longer of two spans starting together wins; a span inside it is dropped
    assert encode_bioes(5, [(0, 2, "PER"), (0, 4, "ORG"), (1, 3, "LOC"), (4, 4, "PER")]) == [
        "B-ORG", "I-ORG", "I-ORG", "E-ORG", "O"
    ]


def test_span_labels_in_the_feature_spelling() -> None:
    assert span_labels(3, "PER", inside="M") == ["B-PER", "M-PER", "E-PER"]
    assert span_labels(2, "S", inside="M", sep="") == ["BS", "ES"]
    with pytest.raises(ValueError):
        span_labels(0, "PER")


def test_training_labels_come_from_the_lattice_encoder() -> None:
    ents = [{"start": 0, "end": 3, "type": "PER"}, {"start": 4, "end": 6, "type": "GPE"}]
    assert bioes_labels("欧阳明在杭州", ents, {"PER": "PER"}) == [
        "B-PER", "I-PER", "E-PER", "O", "O", "O"
    ]


def test_viterbi_path_respects_the_transitions() -> None:
    labels = ["O", "B-PER", "I-PER", "E-PER", "S-PER"]
    trans, start, end = allowed_transitions(labels)
    rng = np.random.default_rng(3)
    for n in (1, 2, 5):
        path = best_path(rng.dirichlet(np.ones(len(labels)), size=n).astype(np.float32), labels)
        idx = [labels.index(lab) for lab in path]
        assert np.isfinite(start[idx[0]]) and np.isfinite(end[idx[-1]])
        assert all(np.isfinite(trans[a, b]) for a, b in itertools.pairwise(idx))
