"""A learned relation classifier over pairs of mentions in one sentence.

Each pair of name mentions at most :data:`MAX_GAP` characters apart is
described by sparse string features (the two coarse types and their order,
the jieba words and POS tags between them, the words just outside them,
trigger words and post titles in and around the gap, the distance, the
mentions in between, the mentions' last characters).  A multinomial logistic
regression over those features gives a distribution over ``none`` and the
directed relation labels of ``kg/data/relations/classifier.yaml``
(``worksFor>``: the first mention is the head; ``spouse=``: symmetric).
Inference is numpy: a pair's score is the sum of its features' weight rows.
The model is trained by ``python -m kg.train.relations``.

Examples
--------
>>> from kg.types import Mention
>>> text = "某某科技公司创始人王五"
>>> ms = [Mention(0, 6, "Company", "某某科技公司"), Mention(9, 11, "Person", "王五")]
>>> feats = pair_features(text, segment_tokens(text), ms[0], ms[1], ms, spec())
>>> "tp=COM>PER" in feats, "trig=found" in feats
(True, True)
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from kg import resources
from kg.components import RELATION_EXTRACTORS
from kg.errors import KGError
from kg.extract.entities.rules import tokens_of as segment_tokens
from kg.extract.relations import RelationComponent
from kg.extract.relations.encoding import non_overlapping
from kg.nlp.segment import Token
from kg.types import Mention, RelationCandidate, Sentence

__all__ = [
    "FORMAT_VERSION",
    "FEATURE_VERSION",
    "MAX_GAP",
    "NONE",
    "ClassifierSpec",
    "RelationSpec",
    "spec",
    "segment_tokens",
    "sentence_marks",
    "candidate_pairs",
    "pair_features",
    "label_for",
    "label_allowed",
    "decide",
    "RelationModel",
    "RelationClassifier",
    "MODEL_FILE",
]

#: Bump when the file layout changes.
FORMAT_VERSION = 1
#: Bump when :func:`pair_features` changes: a model trained on other features is stale.
FEATURE_VERSION = 1
#: Pairs further apart than this many characters are not considered.
MAX_GAP = 40
#: The label of a pair with no relation.
NONE = "none"
#: The shipped model, in ``kg/data/models/``.
MODEL_FILE = "relations.npz"

_SPEC_FILE = resources.where("relations", "classifier.yaml")
_CLAUSE = frozenset("，,；;。！？!?：:")


@dataclass(frozen=True)
class RelationSpec:
    """One predicted relation: allowed coarse head and tail types, symmetry."""

    name: str
    head: frozenset[str]
    tail: frozenset[str]
    symmetric: bool = False
    #: Trigger classes, one of which must be near the pair (empty: no gate).
    cues: frozenset[str] = frozenset()
    #: No other person may stand between the two mentions.
    alone: bool = False

    def cued(self, features: Sequence[str]) -> bool:
        """Whether the pair's features show one of the relation's cues
        between the mentions or just outside them (see :func:`pair_features`),
        and, for an ``alone`` relation, no person between them."""
        found = set(features)
        if self.alone and "in=PER" in found:
            return False
        if not self.cues:
            return True
        return any(
            f"{where}={cue}" in found
            for cue in self.cues
            for where in ("trig", "trigpre", "trigpost")
        )


@dataclass
class ClassifierSpec:
    """The contents of ``kg/data/relations/classifier.yaml``."""

    types: dict[str, str]
    relations: dict[str, RelationSpec]
    triggers: dict[str, list[str]]
    sources: dict[str, Any] = field(default_factory=dict)
    titles: frozenset[str] = frozenset()
    #: The role gate: in a sentence this regex finds (an actor and the
    #: character they play), the ``gated`` relations are not emitted.
    gate: re.Pattern[str] | None = None
    gated: frozenset[str] = frozenset()
    _regex: re.Pattern[str] | None = None
    _classes: dict[str, list[str]] = field(default_factory=dict)

    def labels(self) -> list[str]:
        """``none`` and every directed label, in a fixed order."""
        out = [NONE]
        for r in self.relations.values():
            out.extend([f"{r.name}="] if r.symmetric else [f"{r.name}>", f"{r.name}<"])
        return out

    def marker(self) -> tuple[re.Pattern[str], dict[str, list[str]]]:
        """One regex finding any trigger or post title, and each word's classes."""
        if self._regex is None:
            classes: dict[str, list[str]] = {}
            for cls, words in self.triggers.items():
                for w in words:
                    classes.setdefault(w, []).append(cls)
            for t in self.titles:
                classes.setdefault(t, []).append("title")
            words = sorted(classes, key=lambda w: (-len(w), w))
            self._regex = re.compile("|".join(re.escape(w) for w in words) or "(?!)")
            self._classes = classes
        return self._regex, self._classes


def _read_spec(text: str, where: str) -> ClassifierSpec:
    data = resources.parse_yaml(text, where)
    try:
        types = {str(k): str(v) for k, v in data["types"].items()}
        relations = {
            str(name): RelationSpec(
                str(name), frozenset(map(str, r["head"])), frozenset(map(str, r["tail"])),
                bool(r.get("symmetric", False)), frozenset(map(str, r.get("cues") or [])),
                bool(r.get("alone", False)),
            )
            for name, r in data["relations"].items()
        }
        triggers = {str(k): [str(w) for w in v] for k, v in data["triggers"].items()}
    except (KeyError, TypeError, AttributeError) as exc:
        raise KGError(f"{where}: not a relation classifier spec: {exc!r}") from None
    sources = dict(data.get("sources") or {})
    if data.get("weak"):
        sources["weak"] = data["weak"]
    gate, gated = _read_gate(data.get("role_gate"), where, relations)
    return ClassifierSpec(types, relations, triggers, sources, gate=gate, gated=gated)


def _read_gate(
    data: Any, where: str, relations: dict[str, RelationSpec]
) -> tuple[re.Pattern[str] | None, frozenset[str]]:
    """The ``role_gate`` entry: a sentence regex and the relations it blocks."""
    if data is None:
        return None, frozenset()
    if not isinstance(data, dict) or "sentence" not in data or "relations" not in data:
        raise KGError(f"{where}: role_gate needs 'sentence' (a regex) and 'relations' (a list)")
    gated = frozenset(map(str, data["relations"] or []))
    unknown = sorted(gated - set(relations))
    if unknown:
        raise KGError(f"{where}: role_gate: unknown relations {unknown}")
    try:
        return re.compile(str(data["sentence"])), gated
    except re.error as exc:
        raise KGError(f"{where}: role_gate: bad regex: {exc}") from None


@cache
def spec() -> ClassifierSpec:
    """The packaged spec, with the post titles of ``kg/data/patterns/titles.yaml``."""
    from kg.extract.relations.patterns import load_pattern_set

    s = _read_spec(resources.read_text("relations", "classifier.yaml"), _SPEC_FILE)
    s.titles = frozenset(load_pattern_set().titles.by_text)
    return s


def sentence_marks(text: str, s: ClassifierSpec) -> list[tuple[int, int, str, list[str]]]:
    """Every trigger word and post title in ``text``: ``(start, end, word, classes)``."""
    regex, classes = s.marker()
    return [(m.start(), m.end(), m.group(), classes[m.group()]) for m in regex.finditer(text)]


def _coarse(m: Mention, s: ClassifierSpec) -> str | None:
    return s.types.get(m.type)


def candidate_pairs(
    mentions: Sequence[Mention], s: ClassifierSpec
) -> list[tuple[Mention, Mention]]:
    """Pairs ``(a, b)`` of name mentions, ``a`` first in the text, that some
    relation of the spec could join and that are at most :data:`MAX_GAP` apart."""
    ms = [m for m in non_overlapping(mentions) if m.kind == "name" and _coarse(m, s) and m.text]
    out: list[tuple[Mention, Mention]] = []
    for i, a in enumerate(ms):
        ta = _coarse(a, s)
        for b in ms[i + 1 :]:
            if b.start - a.end > MAX_GAP:
                break
            tb = _coarse(b, s)
            if a.text == b.text:
                continue
            if any(
                (ta in r.head and tb in r.tail) or (tb in r.head and ta in r.tail)
                for r in s.relations.values()
            ):
                out.append((a, b))
    return out


def label_allowed(label: str, ta: str, tb: str, s: ClassifierSpec) -> bool:
    """Whether directed ``label`` fits a pair typed ``ta`` then ``tb``."""
    if label == NONE:
        return True
    r = s.relations[label[:-1]]
    if label.endswith("<"):
        ta, tb = tb, ta
    ok = ta in r.head and tb in r.tail
    return ok or (r.symmetric and tb in r.head and ta in r.tail)


def label_for(relation: str, head_first: bool, s: ClassifierSpec) -> str:
    """The directed label of ``relation`` for a pair whose head comes first or not."""
    if s.relations[relation].symmetric:
        return f"{relation}="
    return f"{relation}{'>' if head_first else '<'}"


def _gap_bucket(n: int) -> str:
    for limit, name in ((0, "0"), (1, "1"), (2, "2"), (4, "3-4"), (8, "5-8"), (15, "9-15"),
                        (25, "16-25")):
        if n <= limit:
            return name
    return "26+"


def pair_features(
    text: str,
    tokens: Sequence[Token],
    a: Mention,
    b: Mention,
    mentions: Sequence[Mention],
    s: ClassifierSpec,
    marks: Sequence[tuple[int, int, str, list[str]]] | None = None,
) -> list[str]:
    """The string features of the pair ``a`` (first in the text), ``b``."""
    ta, tb = _coarse(a, s) or "X", _coarse(b, s) or "X"
    tp = f"{ta}>{tb}"
    gap = b.start - a.end
    f = [f"tp={tp}", f"gap={_gap_bucket(gap)}", f"gaptp={_gap_bucket(gap)}|{tp}"]
    if ta != "PER":
        f.append(f"sa={a.text[-1]}|{tp}")
        f.append(f"sa2={a.text[-2:]}")
    if tb != "PER":
        f.append(f"sb={b.text[-1]}|{tp}")
        f.append(f"sb2={b.text[-2:]}")
    inside = [m for m in mentions if m.start >= a.end and m.end <= b.start and m is not b]
    f.append(f"nin={min(len(inside), 3)}")
    for m in inside:
        mt = _coarse(m, s) or "X"
        f.append(f"in={mt}")
        f.append(f"intp={mt}|{tp}")
    between = [t for t in tokens if t.start >= a.end and t.end <= b.start]
    if any(t.text in _CLAUSE for t in between):
        f.append(f"clause|{tp}")
    for t in between:
        f.append(f"bw={t.text}")
        f.append(f"bwt={t.text}|{tp}")
        f.append(f"bp={t.pos}")
    if between:
        f.append(f"bw0={between[0].text}|{tp}")
        f.append(f"bwL={between[-1].text}|{tp}")
        if len(between) <= 4:
            f.append("bseq=" + "_".join(t.text for t in between) + f"|{tp}")
    else:
        f.append(f"adj|{tp}")
    before = [t for t in tokens if t.end <= a.start][-2:]
    after = [t for t in tokens if t.start >= b.end][:2]
    for k, t in enumerate(reversed(before)):
        f.append(f"pre{k}={t.text}|{tp}")
    for k, t in enumerate(after):
        f.append(f"post{k}={t.text}|{tp}")
    if not before or before[-1].text in _CLAUSE:
        f.append(f"opens|{tp}")
    if marks is None:
        marks = sentence_marks(text, s)
    for start, end, word, classes in marks:
        if start >= a.end and end <= b.start:
            where = "in"
        elif a.start - 6 <= start and end <= a.start:
            where = "pre"
        elif b.end <= start and end <= b.end + 6:
            where = "post"
        else:
            continue
        for cls in classes:
            f.append(f"trig{'' if where == 'in' else where}={cls}")
            f.append(f"trig{where}={cls}|{tp}")
        f.append(f"mark{where}={word}|{tp}")
    return f


class RelationModel:
    """Vocabulary, weights and labels of a trained classifier.

    Parameters
    ----------
    vocab
        Feature strings; row ``i`` of ``weights`` belongs to ``vocab[i]``.
    weights
        ``(len(vocab) + 1, len(labels))``; the last row is the bias.
    labels
        ``none`` and the directed relation labels.
    threshold
        The probability a relation label needs to be emitted.
    meta
        Free-form facts about training (sources, dev scores), kept in the file.
    """

    def __init__(
        self,
        vocab: Sequence[str],
        weights: np.ndarray,
        labels: Sequence[str],
        threshold: float = 0.5,
        meta: dict[str, Any] | None = None,
    ) -> None:
        if weights.shape != (len(vocab) + 1, len(labels)):
            raise KGError(
                f"relation model: weights {weights.shape} do not fit "
                f"{len(vocab)} features and {len(labels)} labels"
            )
        self.vocab = list(vocab)
        self.index = {v: i for i, v in enumerate(self.vocab)}
        self.weights = weights.astype(np.float32)
        self.labels = list(labels)
        self.threshold = float(threshold)
        self.meta = dict(meta or {})

    def indices(self, features: Sequence[str]) -> list[int]:
        """Known features' rows (unknown features are dropped), without repeats."""
        get = self.index.get
        return sorted({i for i in (get(x) for x in features) if i is not None})

    def probabilities(self, rows: Sequence[Sequence[int]]) -> np.ndarray:
        """Label distributions for pairs given as lists of feature rows."""
        bias = self.weights[-1]
        out = np.empty((len(rows), len(self.labels)), dtype=np.float32)
        for k, idx in enumerate(rows):
            out[k] = bias + (self.weights[list(idx)].sum(axis=0) if idx else 0.0)
        out -= out.max(axis=1, keepdims=True)
        np.exp(out, out=out)
        out /= out.sum(axis=1, keepdims=True)
        return out

    def save(self, path: Path) -> None:
        """Write the model as a compressed ``.npz`` (float16 weights)."""
        vocab = "\n".join(self.vocab).encode("utf-8")
        meta = yaml.safe_dump(self.meta, allow_unicode=True).encode("utf-8")
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            format_version=np.array(FORMAT_VERSION),
            feature_version=np.array(FEATURE_VERSION),
            vocab=np.frombuffer(vocab, dtype=np.uint8),
            labels=np.array(self.labels),
            weights=self.weights.astype(np.float16),
            threshold=np.array(self.threshold),
            meta=np.frombuffer(meta, dtype=np.uint8),
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(buffer.getvalue())

    @classmethod
    def load(cls, path: Path | None = None) -> RelationModel:
        """Read a model written by :meth:`save` (default: the shipped one).

        Raises
        ------
        KGError
            When the file is missing, damaged, of another format or trained
            on other features.
        """
        where = str(path) if path is not None else resources.where("models", MODEL_FILE)
        try:
            if path is None:
                raw = resources.read_bytes("models", MODEL_FILE)
            else:
                raw = Path(path).read_bytes()
            with np.load(io.BytesIO(raw), allow_pickle=False) as data:
                fmt = int(data["format_version"])
                feat = int(data["feature_version"])
                if fmt != FORMAT_VERSION or feat != FEATURE_VERSION:
                    raise KGError(
                        f"{where}: relation model is format {fmt}, features {feat}; this kg "
                        f"reads format {FORMAT_VERSION}, features {FEATURE_VERSION}: retrain "
                        "with `python -m kg.train.relations`"
                    )
                vocab_bytes = data["vocab"].tobytes().decode("utf-8")
                vocab = vocab_bytes.split("\n") if vocab_bytes else []
                labels = [str(x) for x in data["labels"]]
                weights = np.asarray(data["weights"], dtype=np.float32)
                threshold = float(data["threshold"])
                meta = yaml.safe_load(data["meta"].tobytes().decode("utf-8")) or {}
        except KGError:
            raise
        except FileNotFoundError:
            raise KGError(f"{where}: relation model not found") from None
        except Exception as exc:  # zip, npz key, unicode and YAML errors alike
            raise KGError(f"{where}: damaged relation model file: {exc!r}") from None
        if weights.shape != (len(vocab) + 1, len(labels)):
            raise KGError(f"{where}: damaged relation model file: weights do not fit vocabulary")
        return cls(vocab, weights, labels, threshold, meta)


def decide(
    labels: Sequence[str], probs: np.ndarray, features: Sequence[str], s: ClassifierSpec
) -> tuple[str, float]:
    """The most probable label that fits the pair's types (``features`` start
    with ``tp=A>B``), and its probability; ``none`` when that label is a
    relation whose cue is missing."""
    ta, _, tb = features[0].removeprefix("tp=").partition(">")
    allowed = [k for k, lab in enumerate(labels) if label_allowed(lab, ta, tb, s)]
    best = max(allowed, key=lambda k: float(probs[k]))
    label = labels[best]
    if label != NONE and not s.relations[label[:-1]].cued(features):
        return NONE, float(probs[best])
    return label, float(probs[best])


def _role(
    a: Mention, b: Mention, marks: Sequence[tuple[int, int, str, list[str]]]
) -> str | None:
    """A post title between the pair, or right after the second mention."""
    for start, end, word, classes in marks:
        if "title" in classes and a.end <= start and (end <= b.start or start == b.end):
            return word
    return None


@RELATION_EXTRACTORS.factory("classifier")
class RelationClassifier(RelationComponent):
    """Relation candidates from the trained pair classifier.

    Parameters
    ----------
    model
        A model file; default the shipped ``kg/data/models/relations.npz``.
    threshold
        Overrides the model's decision threshold.
    """

    name = "classifier"

    def __init__(self, model: Path | str | None = None, threshold: float | None = None) -> None:
        self.model = RelationModel.load(Path(model) if model is not None else None)
        self.spec = spec()
        self.threshold = self.model.threshold if threshold is None else float(threshold)
        known = set(self.spec.labels())
        unknown = [x for x in self.model.labels if x not in known]
        if unknown:
            raise KGError(
                f"relation model: labels {unknown} are not in {_SPEC_FILE}: retrain the model"
            )

    def extract(self, sentence: Sentence, mentions: Sequence[Mention]) -> list[RelationCandidate]:
        """Candidates for the pairs whose best label is a relation above the threshold."""
        s = self.spec
        pairs = candidate_pairs(mentions, s)
        if not pairs:
            return []
        text = sentence.text
        tokens = segment_tokens(text)
        marks = sentence_marks(text, s)
        names = non_overlapping(mentions)
        feats = [pair_features(text, tokens, a, b, names, s, marks) for a, b in pairs]
        probs = self.model.probabilities([self.model.indices(f) for f in feats])
        # An actor and a character share a sentence: a family tie the model
        # reads there is the plot's, not the people's.
        gated = s.gated if s.gate is not None and s.gate.search(text) else frozenset()
        out: list[RelationCandidate] = []
        for (a, b), f, p in zip(pairs, feats, probs, strict=True):
            label, prob = decide(self.model.labels, p, f, s)
            if label == NONE or prob < self.threshold:
                continue
            relation = label[:-1]
            if relation in gated:
                continue
            head, tail = (b, a) if label.endswith("<") else (a, b)
            r = s.relations[relation]
            if r.symmetric and not (_coarse(head, s) in r.head and _coarse(tail, s) in r.tail):
                head, tail = tail, head
            role = _role(a, b, marks) if relation == "worksFor" else None
            out.append(RelationCandidate(head, relation, tail, f"classifier.{relation}",
                                         round(prob, 4), role=role))
        return out
