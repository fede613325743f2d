from __future__ import annotations

import pytest

from kg.extract.entities import ENTITY_EXTRACTORS, merge_mentions
from kg.registry import Registry, UnknownComponentError
from kg.types import Mention


def test_unknown_component_names_the_known_ones() -> None:
    reg: Registry[int] = Registry("thing")
    reg.register("a", lambda: 1)
    with pytest.raises(UnknownComponentError, match="known: a"):
        reg.create("b")


def test_lazy_registration_imports_on_first_use() -> None:
    reg: Registry[object] = Registry("thing")
    reg.register_lazy("od", "collections:OrderedDict")
    assert type(reg.create("od")).__name__ == "OrderedDict"


def test_entity_registry_lists_builtin_components() -> None:
    assert {"jieba", "rules", "crf", "anaphors"} <= set(ENTITY_EXTRACTORS.names())


def test_merge_prefers_longer_then_higher_score() -> None:
    short = Mention(0, 2, "Place", "河南", 0.9)
    long = Mention(0, 4, "University", "河南大学", 0.5)
    other = Mention(5, 7, "Person", "张三", 0.4)
    rival = Mention(5, 7, "Place", "张三", 0.8)
    merged = merge_mentions([short, long, other, rival])
    assert merged == [long, rival]
