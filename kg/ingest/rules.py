"""Layout-repair rules, loaded once from ``kg/data/ingest/layout.yaml``.

The data file holds everything that is about newspaper conventions (byline
markers, caption verbs, punctuation), so adapting kg to another paper is an
edit of YAML, not of code.

Examples
--------
>>> rules = load_rules()
>>> rules.is_complete("该区召开项目推进会。")
True
>>> rules.is_complete("该区进一步完善招商工作机制，坚")
False
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kg import resources
from kg.errors import KGError

__all__ = ["Rules", "load_rules", "parse_rules"]

_DATA = ("ingest", "layout.yaml")
# Bylines and article openings are judged on this many leading characters,
# which keeps the work per line bounded however long the line is.
_HEAD = 120


@dataclass(frozen=True)
class Rules:
    """Compiled layout rules.  Build with :func:`load_rules`."""

    closers: frozenset[str]
    clause_marks: frozenset[str]
    short_min: int
    short_max: int
    name: re.Pattern[str]
    name_separator: re.Pattern[str]
    roles: dict[str, str]
    role_marker: re.Pattern[str]
    byline_prefix: re.Pattern[str]
    byline_line: re.Pattern[str]
    byline_tail: re.Pattern[str]
    caption_line: re.Pattern[str]
    caption_tail: re.Pattern[str]
    caption_markers: frozenset[str]
    article_start: re.Pattern[str]
    caption_verbs: tuple[str, ...]
    subhead: re.Pattern[str]
    caption_max: int = 48
    caption_name: tuple[int, int] = (2, 4)
    html_skip: frozenset[str] = frozenset()
    html_block: frozenset[str] = frozenset()
    html_heading: frozenset[str] = frozenset()
    html_date_meta: frozenset[str] = frozenset()
    #: Web markup cut out of every line (``None``: nothing to cut).
    inline_markup: re.Pattern[str] | None = None

    def without_markup(self, text: str) -> str:
        """``text`` without inline web markup such as ``[微博]``.

        Examples
        --------
        >>> load_rules().without_markup("演员张三[微博]、李四[微博]出席。")
        '演员张三、李四出席。'
        """
        return self.inline_markup.sub("", text) if self.inline_markup else text

    def is_complete(self, text: str) -> bool:
        """Whether ``text`` ends with closing punctuation."""
        return bool(text) and text[-1] in self.closers

    def is_short_bare(self, text: str) -> bool:
        """A short line without sentence punctuation: a slogan or a title."""
        if not self.short_min <= len(text) <= self.short_max:
            return False
        return not any(ch in self.clause_marks for ch in text) and not self.is_complete(text)

    def starts_article(self, text: str) -> bool:
        """Whether ``text`` opens like the first paragraph of an article."""
        head = text[:_HEAD]
        return bool(self.article_start.match(head) or self.byline_prefix.match(head))

    def is_subhead(self, text: str) -> bool:
        """An enumerated section head such as ``一、强化组织领导``."""
        return (
            len(text) <= self.short_max
            and not self.is_complete(text)
            and bool(self.subhead.match(text))
        )

    def names_next(self, text: str, following: str) -> bool:
        """Is ``text`` a photo caption naming who ``following`` starts with?

        A short line without closing punctuation that ends with the name
        (``caption_name`` Han characters) the next paragraph opens with.

        Examples
        --------
        >>> rules = load_rules()
        >>> rules.names_next("大冶市委副书记、市长王明", "王明代表市委市政府致辞。")
        True
        >>> rules.names_next("该区召开会议。", "会议强调……"), rules.names_next("推动", "推动发展")
        (False, False)
        """
        if len(text) > self.caption_max or self.is_complete(text):
            return False
        low, high = self.caption_name
        for size in range(high, low - 1, -1):
            name = following[:size]
            if (
                len(name) == size
                and len(text) > size
                and text.endswith(name)
                and all("\u4e00" <= ch <= "\u9fff" for ch in name)
            ):
                return True
        return False

    def may_hold_caption(self, text: str) -> bool:
        """Cheap test before the caption patterns: a caption needs its verb."""
        return any(verb in text for verb in self.caption_verbs)


def _alternation(items: list[str]) -> str:
    # Longest first, so 本报记者 wins over 记者.
    return "|".join(re.escape(s) for s in sorted(items, key=len, reverse=True))


def _getter(origin: str) -> Callable[[dict[str, Any], str, type], Any]:
    def get(data: dict[str, Any], key: str, kind: type) -> Any:
        value = data.get(key)
        if not isinstance(value, kind):
            raise KGError(f"{origin}: {key!r} must be a {kind.__name__}")
        return value

    return get


def parse_rules(data: dict[str, Any], origin: str = "layout rules") -> Rules:
    """Compile the YAML mapping ``data`` into :class:`Rules`; ``origin`` names it in errors."""
    _get = _getter(origin)
    name = _get(data, "name_pattern", str)
    sep = _get(data, "name_separator", str)
    roles: dict[str, str] = dict(_get(data, "byline_roles", dict))
    markers = _alternation(list(roles))
    cap_markers: list[str] = _get(data, "caption_markers", list)
    not_marker = _alternation([*roles, *cap_markers])
    # A marker is never a name: without this, "记者 张三 记者 李四" parses in
    # exponentially many ways and a malformed byline backtracks for seconds.
    one = rf"(?!{not_marker})(?:{name})"
    names = rf"{one}(?:{sep}{one})*"
    # Bracket content: one or more "marker names" groups, nothing else.
    credits = rf"(?:\s*(?:{markers})\s*{names})+\s*"
    prefixes = "|".join(f"(?:{p})" for p in _get(data, "byline_prefixes", list))
    short = _get(data, "short_line", dict)
    closing: str = _get(data, "closing_punctuation", str)
    closers = "".join(re.escape(ch) for ch in closing)
    verbs = _alternation(_get(data, "caption_verbs", list))
    cmark = _alternation(cap_markers)
    # "李华 摄", "记者 李华 摄", "李华/摄", "记者李华摄"; bracketed too.
    caption_body = (
        rf"(?:(?:{cmark})\s*[:：/]?\s*(?P<n1>{names})\s*[/／]?\s*(?:{verbs})"
        rf"|(?P<n2>{names})(?:\s+|\s*[/／]\s*)(?:{verbs})"
        rf"|(?:{verbs})\s*[:：/／]\s*(?P<n3>{names}))"
    )
    html = _get(data, "html", dict)
    markup: list[str] = data.get("inline_markup", [])
    if not isinstance(markup, list):
        raise KGError(f"{origin}: 'inline_markup' must be a list")
    named = data.get("name_caption", {})
    if not isinstance(named, dict):
        raise KGError(f"{origin}: 'name_caption' must be a dict")
    return Rules(
        closers=frozenset(closing),
        clause_marks=frozenset(_get(data, "clause_punctuation", str)),
        short_min=int(short.get("min_chars", 4)),
        short_max=int(short.get("max_chars", 32)),
        name=re.compile(rf"(?:{name})"),
        name_separator=re.compile(sep),
        roles=roles,
        role_marker=re.compile(markers),
        byline_prefix=re.compile(rf"^(?:{prefixes})\s*[（(](?P<credits>{credits})[）)]\s*"),
        byline_line=re.compile(rf"^[（(](?P<credits>{credits})[）)]$"),
        byline_tail=re.compile(rf"[（(](?P<credits>{credits})[）)]$"),
        caption_line=re.compile(rf"^[（(]?\s*{caption_body}\s*[）)]?$"),
        # Only after closing punctuation, so a name is never cut out of prose.
        caption_tail=re.compile(rf"(?<=[{closers}])\s*[（(]?\s*{caption_body}\s*[）)]?$"),
        caption_markers=frozenset(cap_markers) | frozenset(roles),
        article_start=re.compile(
            "|".join(f"(?:{p})" for p in _get(data, "article_start_patterns", list))
        ),
        caption_verbs=tuple(_get(data, "caption_verbs", list)),
        subhead=re.compile("|".join(f"(?:{p})" for p in _get(data, "subhead_patterns", list))),
        caption_max=int(named.get("max_chars", 48)),
        caption_name=(int(named.get("min_name", 2)), int(named.get("max_name", 4))),
        html_skip=frozenset(_get(html, "skip_tags", list)),
        html_block=frozenset(_get(html, "block_tags", list)),
        html_heading=frozenset(_get(html, "heading_tags", list)),
        html_date_meta=frozenset(k.lower() for k in _get(html, "date_meta", list)),
        inline_markup=re.compile("|".join(f"(?:{p})" for p in markup)) if markup else None,
    )


@cache
def load_rules(path: Path | None = None) -> Rules:
    """Layout rules from ``path``, by default the packaged file; parsed once.

    Raises
    ------
    kg.errors.KGError
        The file cannot be read or is not a valid rules file.
    """
    origin = str(path) if path is not None else resources.where(*_DATA)
    try:
        text = path.read_text(encoding="utf-8") if path is not None else resources.read_text(*_DATA)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise KGError(f"{origin}: cannot load layout rules: {first}") from None
    if not isinstance(data, dict):
        raise KGError(f"{origin}: layout rules must be a mapping")
    try:
        return parse_rules(data, origin)
    except (re.error, TypeError, ValueError) as exc:
        raise KGError(f"{origin}: bad layout rule: {exc}") from None
