"""Split an article's text into sentences with offsets.

A quotation stays in one sentence with its attribution (``“……。”李强说。``),
because quote extraction needs the speaker beside the words.
"""

from __future__ import annotations

from kg.types import Sentence

__all__ = ["split_sentences"]

_TERMINATORS = frozenset("。！？!?；;")
_CLOSERS = frozenset("”’」』）)")
_OPEN_QUOTES = {"“": "”", "「": "」", "『": "』"}
#: A quote longer than this is split anyway, so a missing ” cannot swallow a page.
_MAX_QUOTE = 400
#: Longer runs without a terminator are cut at a comma (or hard), which keeps
#: taggers linear and memory flat on scraped junk such as 1 MB single lines.
MAX_SENTENCE = 500
_SOFT_BREAKS = "，,、：: "


def split_sentences(text: str, article_id: str = "") -> list[Sentence]:
    """Split ``text`` at sentence terminators and line breaks.

    Examples
    --------
    >>> [s.text for s in split_sentences("他来了。“好！”她说。\\n新段落")]
    ['他来了。', '“好！”她说。', '新段落']
    """
    sentences: list[Sentence] = []
    start = 0
    quote_stack: list[tuple[str, int]] = []
    i = 0
    n = len(text)

    def emit(end: int) -> None:
        nonlocal start
        while end - start > MAX_SENTENCE:
            window = text[start : start + MAX_SENTENCE]
            cut = max(window.rfind(c) for c in _SOFT_BREAKS)
            piece_end = start + (cut + 1 if cut > MAX_SENTENCE // 2 else MAX_SENTENCE)
            _append(start, piece_end)
            start = piece_end
        _append(start, end)
        start = end

    def _append(begin: int, end: int) -> None:
        raw = text[begin:end]
        stripped = raw.strip()
        if stripped:
            s = begin + len(raw) - len(raw.lstrip())
            sentences.append(Sentence(article_id, len(sentences), s, s + len(stripped), stripped))

    while i < n:
        ch = text[i]
        if ch == "\n":
            quote_stack.clear()
            emit(i)
            start = i + 1
        elif ch in _OPEN_QUOTES:
            quote_stack.append((_OPEN_QUOTES[ch], i))
        elif quote_stack and ch == quote_stack[-1][0]:
            quote_stack.pop()
        elif ch in _TERMINATORS:
            if quote_stack and i - quote_stack[0][1] > _MAX_QUOTE:
                quote_stack.clear()
            if not quote_stack:
                j = i + 1
                while j < n and text[j] in _CLOSERS:
                    j += 1
                emit(j)
                i = j
                continue
        i += 1
    emit(n)
    return sentences
