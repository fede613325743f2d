"""Word segmentation and POS tags with character offsets (jieba)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from typing import Any

__all__ = ["Token", "tokenize", "posseg"]


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    pos: str


@cache
def posseg() -> Any:
    """jieba.posseg with its dictionary loaded once per process, quietly."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg


def tokenize(text: str) -> list[Token]:
    """Segment ``text`` into POS-tagged tokens whose offsets index ``text``.

    Examples
    --------
    >>> "".join(t.text for t in tokenize("区委书记李强说")) == "区委书记李强说"
    True
    """
    tokens: list[Token] = []
    offset = 0
    for pair in posseg().cut(text, HMM=True):
        word, flag = pair.word, pair.flag
        tokens.append(Token(offset, offset + len(word), word, flag))
        offset += len(word)
    return tokens
