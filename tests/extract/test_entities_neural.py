"""The numpy BiLSTM-CRF: CRF inference, batching, decoding and the shipped ensemble."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from kg.errors import KGError
from kg.extract.entities.ensemble import EnsembleTagger, LSTMTagger
from kg.extract.entities.features import char_features, sentence_features
from kg.extract.entities.lattice import (
    allowed_transitions,
    best_path,
    decode_bioes,
    forward_backward,
)
from kg.extract.entities.neural import SLOTS, BiLSTMCRF, Encoder, default_model
from kg.types import Sentence

LABELS = ["O", "B-PER", "I-PER", "E-PER", "S-PER"]


def _brute_force_marginals(
    em: np.ndarray, tr: np.ndarray, st: np.ndarray, en: np.ndarray
) -> np.ndarray:
    n, labels = em.shape
    probs = np.zeros((n, labels))
    for path in itertools.product(range(labels), repeat=n):
        score = st[path[0]] + en[path[-1]] + sum(em[i, y] for i, y in enumerate(path))
        score += sum(tr[a, b] for a, b in itertools.pairwise(path))
        for i, y in enumerate(path):
            probs[i, y] += np.exp(score)
    return probs / probs[0].sum()


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("n", [1, 2, 4])
def test_forward_backward_equals_enumerating_every_path(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    em, tr = rng.normal(size=(n, 3)).astype(np.float32), rng.normal(size=(3, 3)).astype(np.float32)
    st, en = rng.normal(size=3).astype(np.float32), rng.normal(size=3).astype(np.float32)
    got = forward_backward(em, tr, st, en)
    np.testing.assert_allclose(got, _brute_force_marginals(em, tr, st, en), rtol=1e-4, atol=1e-6)


def test_forward_backward_batches_sentences_of_different_lengths() -> None:
    rng = np.random.default_rng(5)
    tr, st, en = (rng.normal(size=s).astype(np.float32) for s in ((3, 3), 3, 3))
    short, long_ = (
        rng.normal(size=(2, 3)).astype(np.float32),
        rng.normal(size=(4, 3)).astype(np.float32),
    )
    batch = np.zeros((2, 4, 3), dtype=np.float32)
    batch[0, :2], batch[1] = short, long_
    got = forward_backward(batch, tr, st, en, np.array([2, 4]))
    np.testing.assert_allclose(got[0, :2], forward_backward(short, tr, st, en), rtol=1e-5)
    np.testing.assert_allclose(got[1], forward_backward(long_, tr, st, en), rtol=1e-5)
    assert not got[0, 2:].any()  # nothing past a sentence's end


def test_best_path_is_always_a_valid_bioes_sequence() -> None:
    trans, start, end = allowed_transitions(LABELS)
    rng = np.random.default_rng(0)
    for _ in range(200):
        n = int(rng.integers(1, 8))
        path = best_path(rng.dirichlet(np.ones(len(LABELS)), size=n).astype(np.float32), LABELS)
        ids = [LABELS.index(lab) for lab in path]
        assert start[ids[0]] == 0 and end[ids[-1]] == 0
        assert all(trans[a, b] == 0 for a, b in itertools.pairwise(ids))


def _tiny_model(seed: int = 0) -> BiLSTMCRF:
    rng = np.random.default_rng(seed)
    dim, hidden, slot_dim = 4, 3, 2
    slots = [["", "x"] for _ in SLOTS]
    width = 3 * dim + len(SLOTS) * slot_dim

    def r(*shape: int) -> np.ndarray:
        return rng.normal(0, 0.5, size=shape).astype(np.float32)

    arrays = {
        "char_emb": r(4, dim),
        "bigram_emb": r(3, dim),
        "out_w": r(len(LABELS), 2 * hidden),
        "out_b": r(len(LABELS)),
        "transitions": r(len(LABELS), len(LABELS)),
        "start": r(len(LABELS)),
        "end": r(len(LABELS)),
    }
    for k in range(len(SLOTS)):
        arrays[f"slot{k}_emb"] = r(2, slot_dim)
    for d in ("fw", "bw"):
        arrays[f"w_ih_{d}"], arrays[f"w_hh_{d}"], arrays[f"b_{d}"] = (
            r(4 * hidden, width),
            r(4 * hidden, hidden),
            r(4 * hidden),
        )
    meta = {
        "labels": LABELS,
        "chars": ["", "甲", "乙", "丙"],
        "bigrams": ["", "甲乙", "乙丙"],
        "slots": slots,
    }
    return BiLSTMCRF(arrays, meta)


def test_a_sentence_is_tagged_the_same_alone_and_in_a_padded_batch() -> None:
    model = _tiny_model()
    texts = ["甲乙", "甲乙丙丙甲乙", "丙"]
    feats = [[[] for _ in t] for t in texts]
    together = model.marginals(texts, feats)
    for text, feat, batched in zip(texts, feats, together, strict=True):
        alone = model.marginals([text], [feat])[0]
        np.testing.assert_allclose(batched, alone, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(alone.sum(axis=1), 1.0, rtol=1e-5)


def test_the_backward_lstm_reads_right_context() -> None:
    model = _tiny_model()
    a, b = model.marginals(["甲乙丙", "甲乙甲"], [[[]] * 3, [[]] * 3])
    assert not np.allclose(a[0], b[0])  # only the last character differs


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    model = _tiny_model()
    path = tmp_path / "m.npz"
    model.save(path)
    with np.load(path) as stored:
        assert stored["bigram_emb"].dtype == np.int8  # embeddings are stored quantised
    again = BiLSTMCRF.load(path)
    np.testing.assert_allclose(again.bigram_emb, model.bigram_emb, atol=0.5 / 127 * 1.5)
    feats = [[[] for _ in "甲乙丙"]]
    np.testing.assert_allclose(
        model.marginals(["甲乙丙"], feats)[0], again.marginals(["甲乙丙"], feats)[0], atol=0.02
    )


def test_a_model_for_other_features_is_refused(tmp_path: Path) -> None:
    model = _tiny_model()
    model.meta["feature_version"] = -1
    model.save(tmp_path / "old.npz")
    with pytest.raises(KGError, match="retrain"):
        BiLSTMCRF.load(tmp_path / "old.npz")


@pytest.mark.parametrize("content", [b"", b"not a zip file", b"PK\x03\x04broken"])
def test_a_damaged_model_file_is_a_one_line_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.npz"
    path.write_bytes(content)
    with pytest.raises(KGError, match=r"bad\.npz"):
        BiLSTMCRF.load(path)


def test_encoder_maps_unknowns_to_zero_and_reads_flags() -> None:
    enc = Encoder(
        ["", "李"], ["", "李强"], [["", "B-PER"] if p == "nl=" else ["", "+"] for p in SLOTS]
    )
    ids = enc.encode("李强", [["nl=B-PER", "sn", "c0=李"], ["nl=E-PER"]])
    col = {p: 3 + k for k, p in enumerate(SLOTS)}
    assert ids[0, 0] == 1 and ids[1, 0] == 0  # 强 is not in the vocabulary
    assert ids[0, 2] == 1 and ids[0, 1] == 0  # right bigram 李强; left is padding
    assert ids[0, col["nl="]] == 1 and ids[1, col["nl="]] == 0  # unseen value -> 0
    assert ids[0, col["sn"]] == 1 and ids[1, col["sn"]] == 0


def test_shipped_model_tags_names() -> None:
    model = default_model()
    text = "国务院总理李强在北京会见了王明。"
    probs = model.marginals([text], [sentence_features(text)])[0]
    spans = decode_bioes(best_path(probs, model.labels))
    assert (5, 7, "PER") in spans and (8, 10, "LOC") in spans


@pytest.mark.parametrize("weight", [0.0, 0.5, 1.0])
def test_ensemble_weights_mix_the_two_models(weight: float) -> None:
    tagger = EnsembleTagger(lstm_weight=weight)
    text = "李强在北京会见王明。"
    found = tagger.extract([Sentence("a", 0, 0, len(text), text)])[0]
    assert {(m.text, m.type) for m in found} >= {("李强", "Person"), ("北京", "Place")}
    assert all(0.0 <= m.score <= 1.0 for m in found)


def test_lstm_alone_and_ensemble_can_disagree_in_scores() -> None:
    text = "李强在北京会见王明。"
    lstm = LSTMTagger().tag(text)
    both = EnsembleTagger(lstm_weight=0.5).tag(text)
    crf = EnsembleTagger(lstm_weight=0.0).tag(text)
    # The average sits between its two parts, name by name.
    for s, e, t, p_both in both:
        p_lstm = next((p for a, b, u, p in lstm if (a, b, u) == (s, e, t)), None)
        p_crf = next((p for a, b, u, p in crf if (a, b, u) == (s, e, t)), None)
        if p_lstm is not None and p_crf is not None:
            assert min(p_lstm, p_crf) - 1e-3 <= p_both <= max(p_lstm, p_crf) + 1e-3


def test_tag_many_equals_tag_one_by_one() -> None:
    tagger = EnsembleTagger()
    texts = ["李强在北京会见王明。", "", "华星科技有限公司在洛阳市投资建厂。"]
    assert tagger.tag_many(texts) == [tagger.tag(t) for t in texts]


# Sentences in the style of local news, with invented names and places.
_NEWS = [
    "青禾市星河区副区长赵明远带队走访了禾丰农业科技有限公司。",
    "据了解，“十四五”期间，长汀湖度假区将新建３条道路、Ａ级景区2个。",
    "钱晓岚说：",
    "好",
    "星河区人民政府与青禾大学签署合作协议，共建智慧农业研究院。",
]


def _reference_lstm(model: BiLSTMCRF, ids: np.ndarray) -> np.ndarray:
    """Emissions of one sentence, one character at a time: the textbook BiLSTM."""
    x = np.concatenate(
        [model.char_emb[ids[:, 0]], model.bigram_emb[ids[:, 1]], model.bigram_emb[ids[:, 2]]]
        + [emb[ids[:, 3 + k]] for k, emb in enumerate(model.slot_emb)],
        axis=1,
    ).astype(np.float64)
    states = []
    for direction, order in (("fw", range(len(ids))), ("bw", range(len(ids) - 1, -1, -1))):
        w_ih, w_hh, bias = (a.astype(np.float64) for a in model.lstm[direction])
        size = w_hh.shape[0]
        h, c = np.zeros(size), np.zeros(size)
        out = np.zeros((len(ids), size))
        for t in order:
            g = x[t] @ w_ih + h @ w_hh + bias
            gate_in, forget, output = (
                1 / (1 + np.exp(-g[k * size : (k + 1) * size])) for k in range(3)
            )
            c = forget * c + gate_in * np.tanh(g[3 * size :])
            h = output * np.tanh(c)
            out[t] = h
        states.append(out)
    return np.concatenate(states, axis=1) @ model.out_w + model.out_b


def test_batched_lstm_equals_one_sentence_at_a_time() -> None:
    model = default_model()
    feats = [char_features(t) for t in _NEWS]
    ids = model.encoder.encode_many(feats)
    scores, lengths = model.emissions(ids)
    assert lengths.tolist() == [len(t) for t in _NEWS]
    for b, one in enumerate(ids):
        expected = _reference_lstm(model, one)
        np.testing.assert_allclose(scores[b, : len(one)], expected, rtol=1e-3, atol=1e-3)
        assert (scores[b, : len(one)].argmax(1) == expected.argmax(1)).all()
    # The batch's marginals give each sentence the labels it gets alone.
    together = model.marginals(_NEWS, feats)
    for text, feat, probs in zip(_NEWS, feats, together, strict=True):
        alone = model.marginals([text], [feat.strings()])[0]
        np.testing.assert_allclose(probs, alone, atol=1e-4)
        assert best_path(probs, model.labels) == best_path(alone, model.labels)


def test_encoder_reads_template_values_as_it_reads_feature_strings() -> None:
    model = default_model()
    feats = [char_features(t) for t in _NEWS]
    for text, feat, ids in zip(_NEWS, feats, model.encoder.encode_many(feats), strict=True):
        np.testing.assert_array_equal(ids, model.encoder.encode(text, feat.strings()))


def test_crf_emissions_of_template_values_equal_those_of_strings() -> None:
    from kg.extract.entities.crf import CRFTagger, CRFWeights

    tagger = CRFTagger()
    weights = CRFWeights(tagger._tagger, tagger.labels)
    feats = [char_features(t, name_list=tagger.names) for t in _NEWS]
    flat = weights.emissions_many(feats)
    assert flat.shape == (sum(len(t) for t in _NEWS), len(tagger.labels))
    start = 0
    for feat in feats:
        one = weights.emissions(feat.strings())
        np.testing.assert_allclose(flat[start : start + len(feat)], one, rtol=1e-5, atol=1e-5)
        start += len(feat)
    for fast, slow in zip(
        weights.marginals(feats), weights.marginals([f.strings() for f in feats]), strict=True
    ):
        np.testing.assert_allclose(fast, slow, atol=1e-5)


def test_template_values_are_the_feature_strings() -> None:
    text = "赵明远在青禾市星河区调研。"
    feat = char_features(text)
    assert feat.strings() == sentence_features(text)
    assert all(len(feat.values[t]) == len(text) for t in feat.values)
    assert char_features("").strings() == []
