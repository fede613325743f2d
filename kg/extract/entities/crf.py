"""A character CRF tagger (python-crfsuite) over BIOES labels.

The shipped model ``kg/data/models/ner.crfsuite`` is trained by
``python -m kg.train.ner`` on People's Daily / MSRA news (PER, LOC, ORG),
which map to Person, Place and Organization.

Examples
--------
>>> from kg.types import Sentence
>>> tagger = CRFTagger()
>>> found = tagger.extract([Sentence("a", 0, 0, 7, "李强在北京会见。")])[0]
>>> [(m.text, m.type) for m in found]
[('李强', 'Person'), ('北京', 'Place')]
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
from kg.components import ENTITY_EXTRACTORS
from kg.errors import KGError
from kg.extract.entities import EntityComponent
from kg.extract.entities.features import (
    FEATURE_VERSION,
    TEMPLATES,
    CharFeatures,
    sentence_features,
)
from kg.extract.entities.gazetteer import NameList
from kg.extract.entities.lattice import decode_bioes, forward_backward, single_threaded
from kg.types import Mention, Sentence

__all__ = [
    "LABEL_TYPES",
    "CRFTagger",
    "crf_marginals",
    "default_model_path",
    "recover_spans",
    "spans_from_marginals",
]

#: Dataset labels the model emits, and the kg classes they become.
LABEL_TYPES: dict[str, str] = {"PER": "Person", "LOC": "Place", "ORG": "Organization"}


def default_model_path() -> Path:
    return resources.path("models", "ner.crfsuite")


#: The longest name :meth:`CRFTagger._recovered` considers, in characters.
_MAX_RECOVERED = 20


def crf_marginals(tagger: Any, labels: Sequence[str], n: int) -> npt.NDArray[np.float32]:
    """``(n, len(labels))`` marginals of the sequence ``tagger`` last tagged or set."""
    marginal = tagger.marginal
    known = set(tagger.labels())
    probs = np.zeros((n, len(labels)), dtype=np.float32)
    for k, label in enumerate(labels):
        if label in known:
            probs[:, k] = [marginal(label, i) for i in range(n)]
    return probs


class CRFWeights:
    """A crfsuite model's weights as numpy arrays.

    pycrfsuite gives one marginal per call, so a sentence's full table took
    one Python call per label and character (13 per character, about 14 µs);
    here the emissions are one gather-and-sum and the marginals one batched
    forward-backward (:func:`.lattice.forward_backward`).  crfsuite's
    first-order CRF has no start or end weights.
    """

    def __init__(self, tagger: Any, labels: Sequence[str]) -> None:
        info = tagger.info()
        column = {lab: k for k, lab in enumerate(labels)}
        self.labels = list(labels)
        self.attrs: dict[str, int] = {}  # id 0: an attribute the model never saw
        rows: list[int] = []
        cols: list[int] = []
        weights: list[float] = []
        for (attr, label), weight in info.state_features.items():
            if label in column:
                rows.append(self.attrs.setdefault(attr, len(self.attrs) + 1))
                cols.append(column[label])
                weights.append(weight)
        self.state = np.zeros((len(self.attrs) + 1, len(labels)), dtype=np.float32)
        np.add.at(self.state, (rows, cols), weights)
        self.transitions = np.zeros((len(labels), len(labels)), dtype=np.float32)
        for (prev, label), weight in info.transitions.items():
            if prev in column and label in column:
                self.transitions[column[prev], column[label]] = weight
        self._no_edge = np.zeros(len(labels), dtype=np.float32)
        # The same attributes by template and value, for emissions_many: a
        # character's row ids come from its template values, no string built.
        self.templates: dict[str, dict[str, int]] = {}
        for attr, row in self.attrs.items():
            name, sep, value = attr.partition("=")
            self.templates.setdefault(name, {})[value if sep else "+"] = row

    def emissions_many(self, sentences: Sequence[CharFeatures]) -> npt.NDArray[np.float32]:
        """``(sum of lengths, L)`` summed state weights of all the characters of ``sentences``.

        The same sums as :meth:`emissions` of each sentence's
        :meth:`.features.CharFeatures.strings`, one template at a time over
        the whole batch: a dictionary lookup per character and template, then
        one gather-and-add.
        """
        total = sum(len(cf) for cf in sentences)
        summed = np.zeros((total, len(self.labels)), dtype=np.float32)
        for name in TEMPLATES:
            rows = self.templates.get(name)
            if not rows:
                continue
            values = chain.from_iterable(cf.values[name] for cf in sentences)
            ids = np.fromiter(map(rows.get, values, repeat(0)), dtype=np.int64, count=total)
            summed += self.state[ids]
        return summed

    def emissions(self, feats: Sequence[Sequence[str]]) -> npt.NDArray[np.float32]:
        """``(n, L)`` summed state weights of each character's features."""
        attrs = self.attrs
        ids = [attrs.get(f, 0) for char_feats in feats for f in char_feats]
        starts = np.cumsum([0] + [len(char_feats) for char_feats in feats[:-1]])
        summed: npt.NDArray[np.float32] = np.add.reduceat(self.state[ids], starts, axis=0)
        return summed

    def marginals(
        self, features: Sequence[Sequence[Sequence[str]] | CharFeatures]
    ) -> list[npt.NDArray[np.float32]]:
        """``(n, L)`` label marginals of each sentence (columns in :attr:`labels` order).

        ``features`` are each sentence's :class:`.features.CharFeatures` (the
        fast path) or its lists of feature strings.
        """
        out = [np.zeros((0, len(self.labels)), dtype=np.float32) for _ in features]
        order = sorted(
            (i for i, f in enumerate(features) if len(f)), key=lambda i: len(features[i])
        )
        for k in range(0, len(order), _CRF_BATCH):
            chunk = order[k : k + _CRF_BATCH]
            lengths = np.array([len(features[i]) for i in chunk], dtype=np.int64)
            batch = np.zeros((len(chunk), int(lengths.max()), len(self.labels)), dtype=np.float32)
            coded = [f for f in (features[i] for i in chunk) if isinstance(f, CharFeatures)]
            if len(coded) == len(chunk):
                rows = self.emissions_many(coded)
                ends = np.cumsum(lengths)
                for b in range(len(chunk)):
                    batch[b, : lengths[b]] = rows[ends[b] - lengths[b] : ends[b]]
            else:
                for b, i in enumerate(chunk):
                    f = features[i]
                    batch[b, : lengths[b]] = self.emissions(
                        f.strings() if isinstance(f, CharFeatures) else f
                    )
            with single_threaded():
                probs = forward_backward(
                    batch, self.transitions, self._no_edge, self._no_edge, lengths
                )
            for b, i in enumerate(chunk):
                out[i] = probs[b, : lengths[b]]
        return out


#: Sentences per batch in :meth:`CRFWeights.marginals`.
_CRF_BATCH = 64


def recover_spans(
    probs: npt.NDArray[np.float32], labels: Sequence[str], path: Sequence[str], threshold: float
) -> list[tuple[int, int, str, float]]:
    """Names the best label path leaves out but the marginals still support.

    ``probs`` holds each character's label marginals (columns in the order of
    ``labels``); ``path`` is the decoded label sequence.  Where the path says
    ``O``, a span whose every label (B, I..., E, or S, of one tag) has a
    marginal above ``threshold`` is a name too: the path had to choose, the
    lattice had room for both readings.  Candidates are taken best first and
    never overlap.  Returns ``(start, end, tag, probability)``.

    Examples
    --------
    >>> labels = ["O", "B-PER", "I-PER", "E-PER", "S-PER"]
    >>> probs = np.array([[0.6, 0.4, 0, 0, 0], [0.55, 0, 0, 0.45, 0]], dtype=np.float32)
    >>> recover_spans(probs, labels, ["O", "O"], 0.35)
    [(0, 2, 'PER', 0.4)]
    """
    column = {lab: k for k, lab in enumerate(labels)}
    tags = [t for t in LABEL_TYPES if {f"B-{t}", f"I-{t}", f"E-{t}", f"S-{t}"} <= column.keys()]
    n = len(path)
    free = [lab == "O" for lab in path]
    outside = probs[:, column["O"]] if "O" in column else np.zeros(n, dtype=np.float32)
    found: list[tuple[float, int, int, str]] = []
    for i in range(n):
        if not free[i] or outside[i] > 1.0 - threshold:
            continue
        row = probs[i]
        for tag in tags:
            single = float(row[column[f"S-{tag}"]])
            if single > threshold:
                found.append((single, i, i + 1, tag))
                continue
            p = float(row[column[f"B-{tag}"]])
            if p <= threshold:
                continue
            for j in range(i + 1, min(n, i + _MAX_RECOVERED)):
                if not free[j]:
                    break
                end = float(probs[j, column[f"E-{tag}"]])
                if end > threshold:
                    found.append((min(p, end), i, j + 1, tag))
                    break
                inner = float(probs[j, column[f"I-{tag}"]])
                if inner <= threshold:
                    break
                p = min(p, inner)
    out: list[tuple[int, int, str, float]] = []
    for p, s, e, tag in sorted(found, key=lambda c: (-c[0], c[1])):
        if all(e <= a or s >= b for a, b, _, _ in out):
            out.append((s, e, tag, round(float(p), 4)))
    return out


def spans_from_marginals(
    probs: npt.NDArray[np.float32], labels: Sequence[str], path: Sequence[str], recover: float
) -> list[tuple[int, int, str, float]]:
    """``(start, end, tag, score)`` of ``path``'s names plus the recovered ones, sorted.

    ``score`` of a name on the path is the lowest marginal of its labels.
    """
    column = {lab: k for k, lab in enumerate(labels)}
    out: list[tuple[int, int, str, float]] = []
    for s, e, tag in decode_bioes(path):
        if tag not in LABEL_TYPES:
            continue
        score = min(float(probs[k, column[path[k]]]) for k in range(s, e))
        out.append((s, e, tag, round(score, 4)))
    if recover < 1.0:
        out.extend(recover_spans(probs, labels, path, recover))
        out.sort()
    return out


def _recover_threshold(path: str) -> float:
    """``decode.recover`` of the model's ``.json`` (1.0, no recovery, without one)."""
    meta = Path(path).with_suffix(".json")
    if not meta.is_file():
        return 1.0
    decode = json.loads(meta.read_text(encoding="utf-8")).get("decode") or {}
    return float(decode.get("recover", 1.0))


def open_tagger(path: str) -> object:
    """Open the CRF model file ``path``, checking it was trained on kg's features."""
    import pycrfsuite

    if not Path(path).is_file():
        raise KGError(f"NER model not found: {path} (train it with: python -m kg.train.ner)")
    meta = Path(path).with_suffix(".json")
    if meta.is_file():
        # A model trained on other features tags garbage without failing: refuse it.
        version = json.loads(meta.read_text(encoding="utf-8")).get("feature_version")
        if version != FEATURE_VERSION:
            raise KGError(
                f"NER model {path} was trained on features v{version}, kg uses "
                f"v{FEATURE_VERSION}; retrain it with: python -m kg.train.ner"
            )
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


@ENTITY_EXTRACTORS.factory("crf")
class CRFTagger(EntityComponent):
    """Tag Person, Place and Organization with the character CRF.

    ``score`` of a mention is the lowest marginal probability of its labels.
    """

    name = "crf"

    def __init__(self, model: str | Path | None = None) -> None:
        self.model_path = str(model or default_model_path())
        self._tagger = open_tagger(self.model_path)
        # The name list trained with this model sits beside it.
        self.names = NameList.load(Path(self.model_path).with_suffix(".names.tsv"))
        self.recover = _recover_threshold(self.model_path)
        self.labels: list[str] = sorted(self._tagger.labels())  # type: ignore[attr-defined]

    def tag(
        self, text: str, words: Sequence[tuple[str, str]] | None = None
    ) -> list[tuple[int, int, str, float]]:
        """``(start, end, kg_type, score)`` for one text.

        ``words`` is the text's jieba segmentation (:func:`.features.segment`),
        when the caller already has it.
        """
        if not text:
            return []
        feats = sentence_features(text, words, name_list=self.names)
        path, probs = self.marginals(feats)
        return [
            (s, e, LABEL_TYPES[tag], score)
            for s, e, tag, score in spans_from_marginals(probs, self.labels, path, self.recover)
        ]

    def marginals(
        self, feats: Sequence[Sequence[str]]
    ) -> tuple[list[str], npt.NDArray[np.float32]]:
        """The Viterbi labels for one sentence's features, and its ``(n, L)`` marginals.

        Columns follow :attr:`labels`.
        """
        tagger: Any = self._tagger
        path: list[str] = tagger.tag(feats)
        return path, crf_marginals(tagger, self.labels, len(path))

    def extract(self, sentences: Sequence[Sentence]) -> list[list[Mention]]:
        out: list[list[Mention]] = []
        for sentence in sentences:
            text = sentence.text
            out.append(
                [Mention(s, e, t, text[s:e], score, self.name) for s, e, t, score in self.tag(text)]
            )
        return out
