"""Sentence splitting and word segmentation (jieba, loaded once per process)."""

from kg.nlp.segment import Token, tokenize
from kg.nlp.sentences import split_sentences

__all__ = ["Token", "tokenize", "split_sentences"]
