"""Bytes to text: encoding detection and normalisation.

News pages arrive as UTF-8 (with or without a BOM), GB18030 (GBK and GB2312
are subsets) or, rarely, UTF-16 with a BOM.  Anything else is refused with a
one-line reason, because a wrong guess would put mojibake into the graph.

Examples
--------
>>> decode_bytes("东湖区".encode("gb18030"), "a.txt")
'东湖区'
>>> normalise_text("\\ufeff坚\\u200b持\\r\\n")
'坚持\\n'
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable

from kg.errors import InputError

__all__ = ["decode_bytes", "normalise_text", "looks_like_text"]

# Zero-width characters and the BOM carry no meaning but break string matching
# (a name with U+200B inside is not the same name).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_CRLF = re.compile(r"\r\n?")

# Characters that Chinese news text is made of.  A GB18030 decode that yields
# mostly other characters was a lucky decode of something that is not text.
_COMMON_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # ASCII printable
    (0x00A0, 0x024F),  # Latin-1 and Latin Extended
    (0x2000, 0x206F),  # general punctuation
    (0x2100, 0x27BF),  # letterlike symbols, arrows, maths, shapes
    (0x3000, 0x303F),  # CJK punctuation
    (0x3040, 0x30FF),  # kana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF00, 0xFFEF),  # fullwidth forms
    (0x20000, 0x3134F),  # CJK extensions B-G: rare characters in names
)
_WHITESPACE = frozenset("\t\n\r\f\v")
# Share of characters outside the common ranges tolerated in GB18030 text.
_MAX_UNCOMMON_GB = 0.05
# Share of control or unassigned characters tolerated in any text.
_MAX_CONTROL = 0.01
# A sample is enough to judge; judging the whole of a 100 MB file is not needed.
_SAMPLE = 65536


def _too_many(text: str, predicate: Callable[[str], bool], share: float) -> bool:
    """More than ``share`` of a sample of ``text`` (plus a little slack, so one
    odd character in a short page is not a verdict) satisfies ``predicate``."""
    sample = text[:_SAMPLE]
    count = sum(1 for ch in sample if predicate(ch))
    return count > 1 + share * len(sample)


def _is_control(ch: str) -> bool:
    if ch in _WHITESPACE:
        return False
    return unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"}


def _is_uncommon(ch: str) -> bool:
    if ch in _WHITESPACE:
        return False
    code = ord(ch)
    return not any(lo <= code <= hi for lo, hi in _COMMON_RANGES)


def looks_like_text(text: str, *, strict: bool = False) -> bool:
    """Whether decoded ``text`` is plausibly text rather than binary noise.

    ``strict`` also requires most characters to be ones Chinese news uses,
    for encodings such as GB18030 that decode almost any byte sequence.
    """
    if _too_many(text, _is_control, _MAX_CONTROL):
        return False
    return not (strict and _too_many(text, _is_uncommon, _MAX_UNCOMMON_GB))


def decode_bytes(data: bytes, path: str) -> str:
    """Decode ``data`` read from ``path``; raise :class:`InputError` if it is not text.

    The result is not yet normalised; see :func:`normalise_text`.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(
        codecs.BOM_UTF32_LE
    ):
        return _checked(_strict(data, "utf-16", path, "not UTF-16 text despite its BOM"), path)
    if b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes)")
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8) :]
        return _checked(_strict(body, "utf-8", path, "not UTF-8 text despite its BOM"), path)
    text = _utf8(data, path)
    if text is not None:
        return _checked(text, path)
    text = _strict(data, "gb18030", path, "not UTF-8 or GB18030 text")
    if not looks_like_text(text, strict=True):
        raise InputError(path, "not UTF-8 or GB18030 text")
    return text


def _strict(data: bytes, encoding: str, path: str, problem: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"{problem} (bad byte at {exc.start})") from None


def _checked(text: str, path: str) -> str:
    if not looks_like_text(text):
        raise InputError(path, "binary file (control characters)")
    return text


def _utf8(data: bytes, path: str) -> str | None:
    """``data`` as UTF-8, or ``None`` if it is not UTF-8 at all.

    A file cut in the middle of its last character is still UTF-8.  A file
    that is UTF-8 but for a few bad bytes is refused: decoding it as GB18030
    would "succeed" and fill the graph with mojibake.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            try:
                return data[: exc.start].decode("utf-8")
            except UnicodeDecodeError:
                pass
        first = exc.start
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    multibyte = sum(1 for ch in lossy[:_SAMPLE] if ord(ch) > 0x7F) - bad
    # GB18030 text read as UTF-8 fails on nearly every character; UTF-8 with
    # damage fails rarely among many good multi-byte characters.
    if bad and multibyte > 20 * bad:
        raise InputError(
            path, f"damaged UTF-8 text ({bad} invalid byte sequences, first at byte {first})"
        )
    return None


def normalise_text(text: str, *, unicode_newlines: bool = True) -> str:
    """Unify newlines to ``\\n`` and drop zero-width characters and BOMs.

    CJK characters and fullwidth punctuation are left exactly as they are.
    ``unicode_newlines=False`` keeps U+2028/U+2029/U+0085, which JSON Lines
    may hold inside a string: only CR and CRLF end a line there.
    """
    newlines = _NEWLINES if unicode_newlines else _CRLF
    return _INVISIBLE.sub("", newlines.sub("\n", text))
