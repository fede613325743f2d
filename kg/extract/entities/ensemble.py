"""The statistical tagger kg runs: the character CRF and the BiLSTM-CRF, averaged.

Both models read the same features (:func:`.features.char_features`,
computed once per sentence).  Each gives every character a distribution over the BIOES
labels; the tagger averages the two, takes the best valid label path
through the average and recovers names the path leaves out, as
:class:`.crf.CRFTagger` does with its own marginals.  The BiLSTM's share and
the recovery threshold were chosen on news_dev by ``python -m
kg.train.neural`` and are stored with its weights.

The two models err differently (the CRF memorises n-grams, the BiLSTM
generalises from pretrained character and bigram vectors), so the average
beats either alone on news_dev; ``bench/ner_bench.py`` prints all three.

Examples
--------
>>> from kg.types import Sentence
>>> tagger = EnsembleTagger()
>>> found = tagger.extract([Sentence("a", 0, 0, 7, "李强在北京会见。")])[0]
>>> [(m.text, m.type) for m in found]
[('李强', 'Person'), ('北京', 'Place')]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from kg.components import ENTITY_EXTRACTORS
from kg.errors import KGError
from kg.extract.entities import EntityComponent
from kg.extract.entities.crf import LABEL_TYPES, CRFTagger, CRFWeights, spans_from_marginals
from kg.extract.entities.features import char_features, segment
from kg.extract.entities.lattice import best_paths
from kg.extract.entities.neural import BiLSTMCRF
from kg.extract.entities.neural import default_model_path as default_lstm_path
from kg.types import Mention, Sentence

__all__ = ["EnsembleTagger", "LSTMTagger"]

#: ``(start, end, kg_type, score)``
Span = tuple[int, int, str, float]


@ENTITY_EXTRACTORS.factory("ensemble")
class EnsembleTagger(EntityComponent):
    """Person, Place and Organization from the averaged CRF and BiLSTM-CRF.

    Parameters
    ----------
    model
        The CRF model file.
    lstm
        The BiLSTM-CRF weights (the shipped ``ner.lstm.npz`` by default).
    lstm_weight
        Share of the BiLSTM in the average; by default the share
        ``python -m kg.train.neural`` chose on news_dev (``ensemble`` in the
        model's metadata).  0 is the CRF alone, 1 the BiLSTM alone.
    """

    name = "ensemble"

    def __init__(
        self,
        model: str | Path | None = None,
        lstm: str | Path | None = None,
        lstm_weight: float | None = None,
    ) -> None:
        self.crf = CRFTagger(model)
        self.names = self.crf.names
        self.lstm = BiLSTMCRF.load(lstm or default_lstm_path()) if lstm_weight != 0 else None
        settings = self.lstm.meta.get("ensemble", {}) if self.lstm is not None else {}
        self.weight = float(
            settings.get("lstm_weight", 0.5) if lstm_weight is None else lstm_weight
        )
        self.recover = float(settings.get("recover", self.crf.recover))
        self.labels = self.lstm.labels if self.lstm is not None else self.crf.labels
        missing = set(self.labels) - set(self.crf.labels)
        if missing:
            raise KGError(f"{self.crf.model_path}: the CRF has no labels {sorted(missing)}")
        # The BiLSTM alone (weight 1) never reads the CRF's marginals.
        self.crf_weights = CRFWeights(self.crf._tagger, self.labels) if self.weight < 1.0 else None

    def tag_many(
        self,
        texts: Sequence[str],
        words: Sequence[Sequence[tuple[str, str]] | None] | None = None,
    ) -> list[list[Span]]:
        """``(start, end, kg_type, score)`` per text; ``words`` as :meth:`.CRFTagger.tag`."""
        if words is None:
            words = [None] * len(texts)
        feats = [
            char_features(t, w if w is not None else segment(t), name_list=self.names)
            for t, w in zip(texts, words, strict=True)
        ]
        lstm_probs = self.lstm.marginals(texts, feats) if self.lstm is not None else None
        crf_probs = self.crf_weights.marginals(feats) if self.crf_weights is not None else None
        mixed: list[np.ndarray] = []
        for k, text in enumerate(texts):
            if not text:
                mixed.append(np.zeros((0, len(self.labels)), dtype=np.float32))
            elif lstm_probs is None or crf_probs is None:
                only = lstm_probs if lstm_probs is not None else crf_probs
                assert only is not None  # weight 0 or 1: the other model is loaded
                mixed.append(only[k])
            else:
                mixed.append((1.0 - self.weight) * crf_probs[k] + self.weight * lstm_probs[k])
        out: list[list[Span]] = []
        for probs, path in zip(mixed, best_paths(mixed, self.labels), strict=True):
            spans = spans_from_marginals(probs, self.labels, path, self.recover)
            out.append([(s, e, LABEL_TYPES[t], p) for s, e, t, p in spans])
        return out

    def tag(self, text: str, words: Sequence[tuple[str, str]] | None = None) -> list[Span]:
        """:meth:`tag_many` for one text."""
        return self.tag_many([text], [words])[0]

    def extract(self, sentences: Sequence[Sentence]) -> list[list[Mention]]:
        found = self.tag_many([s.text for s in sentences])
        return [
            [Mention(s, e, t, sent.text[s:e], score, self.name) for s, e, t, score in spans]
            for sent, spans in zip(sentences, found, strict=True)
        ]


@ENTITY_EXTRACTORS.factory("lstm")
class LSTMTagger(EnsembleTagger):
    """The BiLSTM-CRF alone (for comparison in benchmarks and ``kg eval``)."""

    name = "lstm"

    def __init__(self, model: str | Path | None = None, lstm: str | Path | None = None) -> None:
        super().__init__(model, lstm, lstm_weight=1.0)
