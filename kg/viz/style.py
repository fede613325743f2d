"""The network view's look, read from ``kg/data/viz/style.toml``.

Examples
--------
>>> s = load_style()
>>> s.for_class("Person").shape
'dot'
>>> s.for_class("NoSuchClass").color == s.fallback.color
True
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg import resources

__all__ = ["ClassStyle", "Style", "load_style"]


@dataclass(frozen=True)
class ClassStyle:
    """Colour and vis-network shape of one entity class."""

    color: str
    shape: str


@dataclass(frozen=True)
class Style:
    """Everything configurable about the page; see ``style.toml``."""

    font_stack: str
    physics_threshold: int
    min_node_size: float
    max_node_size: float
    tooltip_sources: int
    classes: dict[str, ClassStyle]
    fallback: ClassStyle
    fallback_label: str
    text: dict[str, str]
    #: Co-occurrence edges: drawn in this colour at this opacity (0-1).
    cooccurrence_color: str = "#b0b4b8"
    cooccurrence_opacity: float = 0.35
    #: Relations whose target tells same-name entities apart in search.
    hint_relations: tuple[str, ...] = ()
    #: A source sentence used as a search hint is cut to this many characters.
    hint_chars: int = 30
    #: The search list shows at most this many matches.
    search_limit: int = 50
    #: Labels are drawn at least this many screen pixels high at any zoom.
    label_screen_px: float = 11.0

    def for_class(self, name: str) -> ClassStyle:
        """Style of class ``name``, or the fallback style."""
        return self.classes.get(name, self.fallback)


@cache
def load_style() -> Style:
    """Load ``style.toml`` once per process."""
    text = resources.read_text("viz", "style.toml")
    data: dict[str, Any] = tomllib.loads(text)
    classes = {
        name: ClassStyle(color=str(spec["color"]), shape=str(spec["shape"]))
        for name, spec in data["classes"].items()
    }
    fallback = data["fallback"]
    return Style(
        font_stack=str(data["font_stack"]),
        physics_threshold=int(data["physics_threshold"]),
        min_node_size=float(data["min_node_size"]),
        max_node_size=float(data["max_node_size"]),
        tooltip_sources=int(data["tooltip_sources"]),
        classes=classes,
        fallback=ClassStyle(color=str(fallback["color"]), shape=str(fallback["shape"])),
        fallback_label=str(fallback["label"]),
        text={key: str(value) for key, value in data["text"].items()},
        cooccurrence_color=str(data["cooccurrence_color"]),
        cooccurrence_opacity=float(data["cooccurrence_opacity"]),
        hint_relations=tuple(str(r) for r in data["hint_relations"]),
        hint_chars=int(data["hint_chars"]),
        search_limit=int(data["search_limit"]),
        label_screen_px=float(data["label_screen_px"]),
    )
