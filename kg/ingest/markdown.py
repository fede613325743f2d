"""Markdown pages: strip inline markup so only the words reach extraction.

Headings (``#``) are kept for layout repair.  Images are dropped, links keep
their text, emphasis and list or quote markers go.  Everything else is read
like a text page.

Examples
--------
>>> strip_markdown("> **东湖区**召开[推进会](https://x.org)。\\n![图](a.jpg)\\n- 一、加强领导")
'东湖区召开推进会。\\n\\n一、加强领导'
"""

from __future__ import annotations

import re

__all__ = ["strip_markdown"]

# Every pattern is bounded by a character class that cannot run past its own
# delimiter, so each is linear in the length of a line.
_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*\)")
_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|~~)(?=\S)([^*_~\n]+?)(?<=\S)\1")
_LINE_MARKER = re.compile(r"^[ \t]*(?:>[ \t]?)+|^[ \t]*(?:[-*+]|\d+\))[ \t]+", re.MULTILINE)
_RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.MULTILINE)
_CODE_FENCE = re.compile(r"^[ \t]*(?:```|~~~).*$", re.MULTILINE)


def strip_markdown(text: str) -> str:
    """Plain text of Markdown ``text``, headings kept as ``#`` lines."""
    text = _CODE_FENCE.sub("", text)
    text = _RULE.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    return _LINE_MARKER.sub("", text)
