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
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from kg.extract.entities.gazetteer import Lexicon, NameList, lexicon, names
from kg.extract.entities.lattice import span_labels

__all__ = ["segment", "char_class", "sentence_features", "FEATURE_VERSION"]

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


def _word_features(text: str, words: Sequence[tuple[str, str]]) -> list[list[str]]:
    out: list[list[str]] = []
    for word, pos in words:
        n = len(word)
        short = word if n <= 4 else "LONG"
        for k in range(n):
            wp = "S" if n == 1 else "B" if k == 0 else "E" if k == n - 1 else "M"
            out.append([f"wp={wp}", f"wpp={wp}{pos}", f"w={short}"])
    return out


def sentence_features(
    text: str,
    words: Sequence[tuple[str, str]] | None = None,
    lex: Lexicon | None = None,
    name_list: NameList | None = None,
) -> list[list[str]]:
    """One feature list per character of ``text``.

    Examples
    --------
    >>> f = sentence_features("李强在北京")
    >>> len(f), "c0=京" in f[4], "gz=E" in f[4]
    (5, True, True)
    """
    lex = lex or lexicon()
    name_list = name_list if name_list is not None else names()
    if words is None:
        words = segment(text)
    n = len(text)
    padded = "\x02\x02" + text + "\x03\x03"
    classes = ["B", "B", *(char_class(c) for c in text), "E", "E"]
    feats = _word_features(text, words)
    if len(feats) != n:  # jieba never drops characters; guard against a changed jieba
        feats = [[] for _ in range(n)]

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

    surnames, compound = lex.surnames, lex.compound_surnames
    for i in range(n):
        p = i + 2
        c_2, c_1, c0, c1, c2 = padded[p - 2], padded[p - 1], padded[p], padded[p + 1], padded[p + 2]
        f = feats[i]
        f.extend(
            (
                "bias",
                f"c-2={c_2}",
                f"c-1={c_1}",
                f"c0={c0}",
                f"c1={c1}",
                f"c2={c2}",
                f"b-2={c_2}{c_1}",
                f"b-1={c_1}{c0}",
                f"b0={c0}{c1}",
                f"b1={c1}{c2}",
                f"t0={c_1}{c0}{c1}",
                f"k={classes[p]}",
                f"k3={classes[p - 1]}{classes[p]}{classes[p + 1]}",
            )
        )
        if place[i]:
            f.append(f"gz={place[i][0]}")
            f.append(f"gzf={place[i]}")
        if suffix[i]:
            f.append(f"sx={suffix[i]}")
        if i + 1 < n and suffix[i + 1]:
            f.append(f"sx+1={suffix[i + 1]}")
        if c0 in surnames or c0 + c1 in compound:
            f.append("sn")
        if known[i]:
            f.append(f"nl={known[i]}")
    return feats
