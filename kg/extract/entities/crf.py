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
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.extract.entities.features import FEATURE_VERSION, sentence_features
from kg.extract.entities.gazetteer import NameList
from kg.types import Mention, Sentence

__all__ = ["LABEL_TYPES", "CRFTagger", "decode_bioes", "default_model_path", "recover_spans"]

#: Dataset labels the model emits, and the kg classes they become.
LABEL_TYPES: dict[str, str] = {"PER": "Person", "LOC": "Place", "ORG": "Organization"}


def default_model_path() -> Path:
    return Path(str(resources.files("kg").joinpath("data", "models", "ner.crfsuite")))


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


#: The longest name :meth:`CRFTagger._recovered` considers, in characters.
_MAX_RECOVERED = 20


def recover_spans(
    tagger: Any, labels: Sequence[str], threshold: float
) -> list[tuple[int, int, str, float]]:
    """Names the best label path leaves out but the marginals still support.

    Where the path (``labels``, just returned by ``tagger.tag``) says ``O``, a
    span whose every label (B, I..., E, or S, of one tag) has a marginal
    probability above ``threshold`` is a name too: the path had to choose,
    the lattice had room for both readings.  Candidates are taken best first
    and never overlap.  Returns ``(start, end, tag, probability)``.
    """
    marginal = tagger.marginal
    known = set(tagger.labels())
    tags = [t for t in LABEL_TYPES if {f"B-{t}", f"I-{t}", f"E-{t}", f"S-{t}"} <= known]
    n = len(labels)
    free = [lab == "O" for lab in labels]
    found: list[tuple[float, int, int, str]] = []
    for i in range(n):
        if not free[i] or marginal("O", i) > 1.0 - threshold:
            continue
        for tag in tags:
            single = marginal(f"S-{tag}", i)
            if single > threshold:
                found.append((single, i, i + 1, tag))
                continue
            p = marginal(f"B-{tag}", i)
            if p <= threshold:
                continue
            for j in range(i + 1, min(n, i + _MAX_RECOVERED)):
                if not free[j]:
                    break
                end = marginal(f"E-{tag}", j)
                if end > threshold:
                    found.append((min(p, end), i, j + 1, tag))
                    break
                inner = marginal(f"I-{tag}", j)
                if inner <= threshold:
                    break
                p = min(p, inner)
    out: list[tuple[int, int, str, float]] = []
    for p, s, e, tag in sorted(found, key=lambda c: (-c[0], c[1])):
        if all(e <= a or s >= b for a, b, _, _ in out):
            out.append((s, e, tag, round(float(p), 4)))
    return out


def _recover_threshold(path: str) -> float:
    """``decode.recover`` of the model's ``.json`` (1.0, no recovery, without one)."""
    meta = Path(path).with_suffix(".json")
    if not meta.is_file():
        return 1.0
    decode = json.loads(meta.read_text(encoding="utf-8")).get("decode") or {}
    return float(decode.get("recover", 1.0))


@cache
def _tagger(path: str) -> object:
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


class CRFTagger:
    """Tag Person, Place and Organization with the character CRF.

    ``score`` of a mention is the lowest marginal probability of its labels.
    """

    name = "crf"

    def __init__(self, model: str | Path | None = None) -> None:
        self.model_path = str(model or default_model_path())
        self._tagger = _tagger(self.model_path)
        # The name list trained with this model sits beside it.
        self.names = NameList.load(Path(self.model_path).with_suffix(".names.tsv"))
        self.recover = _recover_threshold(self.model_path)

    def tag(
        self, text: str, words: Sequence[tuple[str, str]] | None = None
    ) -> list[tuple[int, int, str, float]]:
        """``(start, end, kg_type, score)`` for one text.

        ``words`` is the text's jieba segmentation (:func:`.features.segment`),
        when the caller already has it.
        """
        if not text:
            return []
        tagger = self._tagger
        feats = sentence_features(text, words, name_list=self.names)
        labels: list[str] = tagger.tag(feats)  # type: ignore[attr-defined]
        out: list[tuple[int, int, str, float]] = []
        for s, e, tag in decode_bioes(labels):
            kg_type = LABEL_TYPES.get(tag)
            if kg_type is None:
                continue
            score = min(tagger.marginal(labels[k], k) for k in range(s, e))  # type: ignore[attr-defined]
            out.append((s, e, kg_type, round(float(score), 4)))
        if self.recover < 1.0:
            for s, e, tag, p in recover_spans(tagger, labels, self.recover):
                out.append((s, e, LABEL_TYPES[tag], p))
            out.sort()
        return out

    def extract(self, sentences: Sequence[Sentence]) -> list[list[Mention]]:
        out: list[list[Mention]] = []
        for sentence in sentences:
            text = sentence.text
            out.append(
                [Mention(s, e, t, text[s:e], score, self.name) for s, e, t, score in self.tag(text)]
            )
        return out
