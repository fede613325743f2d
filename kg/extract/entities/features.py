"""Character features for the CRF tagger.

Each character gets string features (python-crfsuite's binary features):

* character n-grams in a ±2 window, with bigrams and the centre trigram
  (bigrams are the strongest single feature group for Chinese NER);
* the character's class (Han, digit, Latin, punctuation, other);
* jieba word features: the character's position in its word (B/M/E/S), the
  word's dictionary POS tag (``OOV`` for words jieba's HMM invented, which
  are often names), and the word itself when it is short;
* the name list learned with the model (``ner.names.tsv``): position and
  type of a known name covering the character.  The trainer builds it by
  jackknifing (each training fold sees only names from the other folds), so
  the CRF learns how far to trust a listed name rather than copying it;
* lexicon features: position inside an administrative-division name
  (``places.tsv``), the organisation class of a suffix ending at or covering
  the character (``org_types.yaml``), and whether it is a surname.

Segmentation uses ``jieba.cut`` plus a dictionary POS lookup rather than
``jieba.posseg``: posseg's HMM tagging is about 5x slower and costs the CRF
less than a point.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from kg.extract.entities.gazetteer import Lexicon, NameList, lexicon, names
from kg.extract.entities.lattice import span_labels

__all__ = [
    "FEATURE_VERSION",
    "FLAGS",
    "TEMPLATES",
    "CharFeatures",
    "char_class",
    "char_features",
    "segment",
    "sentence_features",
]

#: Bump when features change: a model trained on other features is stale.
FEATURE_VERSION = 4

_PUNCT = frozenset("，。、；：！？“”‘’（）《》【】〈〉「」『』—…·,.;:!?()[]<>\"'-/%～~")


@cache
def _jieba() -> tuple[Any, dict[str, str]]:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    tags: dict[str, str] = jieba.posseg.dt.word_tag_tab
    return jieba, tags


def segment(text: str) -> list[tuple[str, str]]:
    """Words of ``text`` with their dictionary POS tag (``OOV`` if unknown).

    Examples
    --------
    >>> [w for w, _ in segment("李强在北京")]
    ['李强', '在', '北京']
    """
    return list(_segment_cached(text))


# The relation classifier reads the same words after the tagger has run over
# a whole batch of sentences; a cache the size of a large batch lets it reuse
# this segmentation instead of running jieba a second time.
@lru_cache(maxsize=8192)
def _segment_cached(text: str) -> tuple[tuple[str, str], ...]:
    jieba, tags = _jieba()
    return tuple((w, tags.get(w, "OOV")) for w in jieba.cut(text, HMM=True))


def char_class(ch: str) -> str:
    """``H`` Han, ``D`` digit, ``L`` Latin letter, ``P`` punctuation, ``O`` other.

    Examples
    --------
    >>> "".join(char_class(c) for c in "中2a，％")
    'HDLPO'
    """
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    if ch.isdigit():
        return "D"
    if (ch.isascii() and ch.isalpha()) or "Ａ" <= ch <= "ｚ":
        return "L"
    if ch in _PUNCT:
        return "P"
    return "O"


#: The feature templates, in the order :func:`sentence_features` lists them.
#: A template's value ``""`` means the character does not have it; the two
#: flags are written bare (``bias``, ``sn``) and have the value ``+``.
TEMPLATES: tuple[str, ...] = (
    "wp", "wpp", "w", "bias",
    "c-2", "c-1", "c0", "c1", "c2",
    "b-2", "b-1", "b0", "b1", "t0",
    "k", "k3", "gz", "gzf", "sx", "sx+1", "sn", "nl",
)  # fmt: skip
FLAGS: frozenset[str] = frozenset({"bias", "sn"})

#: ``char_class`` of characters already seen: most text repeats few characters.
_CLASS_OF: dict[str, str] = {}


def _classes(text: str) -> list[str]:
    known = _CLASS_OF
    out = list(map(known.get, text))
    if None in out:
        for k, ch in enumerate(text):
            if out[k] is None:
                out[k] = known[ch] = char_class(ch)
    return out  # type: ignore[return-value]


class CharFeatures:
    """The value of every template of :data:`TEMPLATES` for each character of one text.

    ``values[template][i]`` is character ``i``'s value (``""``: absent).  The
    CRF's string features (:meth:`strings`) and the numeric inputs of both
    models (:meth:`.crf.CRFWeights.emissions_many`,
    :meth:`.neural.Encoder.encode_many`) are read from these lists, so a
    sentence's features are computed once and no per-character feature
    string is built at tagging time.

    Examples
    --------
    >>> cf = char_features("李强在北京")
    >>> cf.values["c0"][4], cf.values["b0"][0], cf.values["gzf"][3]
    ('京', '李强', 'BS')
    """

    __slots__ = ("text", "values")

    def __init__(self, text: str, values: dict[str, list[str]]) -> None:
        self.text = text
        self.values = values

    def __len__(self) -> int:
        return len(self.text)

    def strings(self) -> list[list[str]]:
        """One list of ``name=value`` strings per character (python-crfsuite's items)."""
        columns = [(t, t in FLAGS, self.values[t]) for t in TEMPLATES]
        out: list[list[str]] = []
        for i in range(len(self.text)):
            feats: list[str] = []
            for name, flag, column in columns:
                value = column[i]
                if value:
                    feats.append(name if flag else f"{name}={value}")
            out.append(feats)
        return out


def char_features(
    text: str,
    words: Sequence[tuple[str, str]] | None = None,
    lex: Lexicon | None = None,
    name_list: NameList | None = None,
) -> CharFeatures:
    """:class:`CharFeatures` of ``text``; ``words`` is its :func:`segment`, if known."""
    lex = lex or lexicon()
    name_list = name_list if name_list is not None else names()
    if words is None:
        words = segment(text)
    n = len(text)
    wp: list[str] = []
    wpp: list[str] = []
    word: list[str] = []
    for w, pos in words:
        size = len(w)
        short = w if size <= 4 else "LONG"
        positions = ["S"] if size == 1 else ["B", *["M"] * (size - 2), "E"]
        wp.extend(positions)
        wpp.extend([p + pos for p in positions])
        word.extend([short] * size)
    if len(wp) != n:  # jieba never drops characters; guard against a changed jieba
        wp = wpp = word = [""] * n

    place = [""] * n
    for s, e, full in lex.places(text):
        place[s:e] = span_labels(e - s, "F" if full else "S", inside="M", sep="")

    suffix = [""] * n
    for end in range(1, n + 1):
        found = lex.suffix_class(text, end)
        if found:
            cls, length = found
            suffix[end - 1] = "E" + cls
            for k in range(end - length, end - 1):
                if not suffix[k]:
                    suffix[k] = "I" + cls

    known = [""] * n
    for s, e, tag in name_list.matches(text):
        known[s:e] = span_labels(e - s, tag, inside="M")

    padded = "\x02\x02" + text + "\x03\x03"
    bigrams = list(map(operator.add, padded[:-1], padded[1:]))
    classes = ["B", "B", *_classes(text), "E", "E"]
    surnames, compound = lex.surnames, lex.compound_surnames
    values: dict[str, list[str]] = {
        "wp": wp,
        "wpp": wpp,
        "w": word,
        "bias": ["+"] * n,
        "c-2": list(padded[0:n]),
        "c-1": list(padded[1 : n + 1]),
        "c0": list(text),
        "c1": list(padded[3 : n + 3]),
        "c2": list(padded[4 : n + 4]),
        "b-2": bigrams[0:n],
        "b-1": bigrams[1 : n + 1],
        "b0": bigrams[2 : n + 2],
        "b1": bigrams[3 : n + 3],
        "t0": list(map(operator.add, bigrams[1 : n + 1], padded[3 : n + 3])),
        "k": classes[2 : n + 2],
        "k3": [
            a + b + c
            for a, b, c in zip(
                classes[1 : n + 1], classes[2 : n + 2], classes[3 : n + 3], strict=True
            )
        ],
        "gz": [p[:1] for p in place],
        "gzf": place,
        "sx": suffix,
        "sx+1": [*suffix[1:], ""][:n],
        "sn": [
            "+" if c0 in surnames or c0 + c1 in compound else ""
            for c0, c1 in zip(text, padded[3 : n + 3], strict=True)
        ],
        "nl": known,
    }
    return CharFeatures(text, values)


def sentence_features(
    text: str,
    words: Sequence[tuple[str, str]] | None = None,
    lex: Lexicon | None = None,
    name_list: NameList | None = None,
) -> list[list[str]]:
    """One feature list per character of ``text`` (:meth:`CharFeatures.strings`).

    Examples
    --------
    >>> f = sentence_features("李强在北京")
    >>> len(f), "c0=京" in f[4], "gz=E" in f[4]
    (5, True, True)
    """
    return char_features(text, words, lex, name_list).strings()
