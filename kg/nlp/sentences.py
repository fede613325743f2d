"""Split an article's text into sentences with offsets.

A quotation stays in one sentence with its attribution (``“……。”李强说。``),
because quote extraction needs the speaker beside the words.
"""

from __future__ import annotations

from kg.types import Sentence

__all__ = ["SLICE_CHARS", "slice_bounds", "split_sentences", "split_sentences_sliced"]

_TERMINATORS = frozenset("。！？!?；;")
_CLOSERS = frozenset("”’」』）)")
_OPEN_QUOTES = {"“": "”", "「": "」", "『": "』"}
#: A quote longer than this is split anyway, so a missing ” cannot swallow a page.
_MAX_QUOTE = 400
#: Longer runs without a terminator are cut at a comma (or hard), which keeps
#: taggers linear and memory flat on scraped junk such as 1 MB single lines.
MAX_SENTENCE = 500
_SOFT_BREAKS = "，,、：: "
#: A text longer than this is split into slices of at most this many
#: characters (cut at a paragraph break, else at a sentence end) and each
#: slice is processed alone, so no stage holds more than a slice's work.
SLICE_CHARS = 100_000


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


def slice_bounds(text: str, limit: int = SLICE_CHARS) -> list[tuple[int, int]]:
    """Cut ``text`` into ``(start, end)`` slices of at most ``limit`` characters.

    Each cut falls after the last paragraph break of the window, else after
    its last sentence terminator (with closing quotes), else after a comma,
    else at ``limit``; only the last kind can cut a sentence.

    Examples
    --------
    >>> slice_bounds("甲。乙。\\n丙。丁。", 7)
    [(0, 5), (5, 9)]
    >>> slice_bounds("短文。")
    [(0, 3)]
    """
    bounds: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > limit:
        window = text[start : start + limit]
        cut = window.rfind("\n") + 1
        if cut <= limit // 2:
            cut = max(_last_terminator(window), cut)
        if cut <= limit // 2:
            cut = max(max(window.rfind(c) for c in _SOFT_BREAKS) + 1, cut)
        if cut <= 0:
            cut = limit
        bounds.append((start, start + cut))
        start += cut
    bounds.append((start, n))
    return bounds


def _last_terminator(window: str) -> int:
    """The position after the last sentence end in ``window`` (closers included), or 0."""
    best = max(window.rfind(c) for c in _TERMINATORS)
    if best < 0:
        return 0
    end = best + 1
    while end < len(window) and window[end] in _CLOSERS:
        end += 1
    return end


def split_sentences_sliced(
    text: str, article_id: str = "", limit: int = SLICE_CHARS
) -> list[list[Sentence]]:
    """:func:`split_sentences` of each slice of :func:`slice_bounds`, with offsets into ``text``.

    Sentences are numbered across the slices.  A text of at most ``limit``
    characters is one slice, and its sentences are those of
    :func:`split_sentences`.

    Examples
    --------
    >>> [[s.text for s in part] for part in split_sentences_sliced("甲说。\\n乙说。", limit=4)]
    [['甲说。'], ['乙说。']]
    """
    out: list[list[Sentence]] = []
    count = 0
    for start, end in slice_bounds(text, limit):
        part = []
        for s in split_sentences(text[start:end], article_id):
            part.append(Sentence(article_id, count, s.start + start, s.end + start, s.text))
            count += 1
        out.append(part)
    return out
