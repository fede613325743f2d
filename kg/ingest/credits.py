"""Bylines and photo captions: who wrote, reported and photographed.

Bylines (``本报讯（记者王明 通讯员孙杰）``, ``（本报记者 王明）``) and captions
(``李华 摄``) are metadata.  These functions cut them out of a paragraph and
return them as :class:`~kg.types.Credit` records.

Examples
--------
>>> rest, credits = strip_credits("本报讯（记者王明 通讯员孙杰）12月25日，记者走进社区。")
>>> rest
'12月25日，记者走进社区。'
>>> [(c.name, c.role) for c in credits]
[('王明', 'author'), ('孙杰', 'correspondent')]
>>> [c.name for c in caption_credits("记者 李华 摄")]
['李华']
"""

from __future__ import annotations

import re

from kg.ingest.rules import Rules, load_rules
from kg.types import Credit

__all__ = ["parse_byline", "caption_credits", "byline_credits", "strip_credits"]

# Bylines and captions sit at the ends of a paragraph; looking only at this
# much of a long line keeps the work linear in its length.
_TAIL = 120


def _names(text: str, rules: Rules, skip: frozenset[str] = frozenset()) -> list[str]:
    return [
        part
        for part in rules.name_separator.split(text.strip())
        if part and part not in skip and rules.name.fullmatch(part)
    ]


def parse_byline(content: str, rules: Rules | None = None) -> list[Credit]:
    """Credits in the content of a byline bracket, e.g. ``记者王明 通讯员孙杰``."""
    rules = rules or load_rules()
    credits: list[Credit] = []
    markers = list(rules.role_marker.finditer(content))
    for i, marker in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else len(content)
        role = rules.roles[marker.group()]
        credits.extend(Credit(name, role) for name in _names(content[marker.end() : end], rules))
    return credits


def caption_credits(line: str, rules: Rules | None = None) -> list[Credit] | None:
    """Photographer credits if the whole ``line`` is a photo caption, else ``None``."""
    rules = rules or load_rules()
    if len(line) > _TAIL or not rules.may_hold_caption(line):
        return None
    match = rules.caption_line.match(line)
    return _caption_match(match, rules) if match else None


def byline_credits(line: str, rules: Rules | None = None) -> list[Credit] | None:
    """Credits if the whole ``line`` is a bracketed byline, else ``None``."""
    rules = rules or load_rules()
    if len(line) > _TAIL or not line.endswith(("）", ")")):
        return None
    match = rules.byline_line.match(line)
    return parse_byline(match.group("credits"), rules) if match else None


def _caption_match(match: re.Match[str], rules: Rules) -> list[Credit]:
    names = match.group("n1") or match.group("n2") or match.group("n3") or ""
    return [Credit(n, "photographer") for n in _names(names, rules, rules.caption_markers)]


def strip_credits(text: str, rules: Rules | None = None) -> tuple[str, list[Credit]]:
    """Remove a leading byline and a trailing byline or caption from ``text``.

    Returns the remaining text and the credits found, in page order.
    """
    rules = rules or load_rules()
    credits: list[Credit] = []
    head = rules.byline_prefix.match(text[:_TAIL])
    if head:
        credits.extend(parse_byline(head.group("credits"), rules))
        text = text[head.end() :]
    cut = max(0, len(text) - _TAIL)
    tail = text[cut:]
    byline = rules.byline_tail.search(tail) if tail.endswith(("）", ")")) else None
    if byline and byline.start() > 0:
        credits.extend(parse_byline(byline.group("credits"), rules))
        text = text[: cut + byline.start()].rstrip()
    elif rules.may_hold_caption(tail):
        caption = rules.caption_tail.search(tail)
        if caption and caption.start() > 0:
            credits.extend(_caption_match(caption, rules))
            text = text[: cut + caption.start()].rstrip()
    return text, credits
