"""subOrganizationOf from names: 〈district〉住建局 is part of 〈district〉人民政府.

Rules are data (``kg/data/resolve/structure.yaml``).  A rule fires only when
the place its regex captures (group ``place``) is a place the caller knows,
which keeps it conservative.

Examples
--------
>>> rules = structure_rules()
>>> parent_of("某某区住房和城乡建设局", rules, lambda p: p == "某某区")
('某某区人民政府', 'sub_organizations[0]')
>>> parent_of("某某区住房和城乡建设局", rules, lambda p: False) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from kg.errors import KGError
from kg.resources import load_yaml

__all__ = ["StructureRule", "structure_rules", "parent_of"]


@dataclass(frozen=True)
class StructureRule:
    """A child-name regex and the parent-name template it implies."""

    child: re.Pattern[str]
    parent: str
    name: str


@cache
def structure_rules() -> tuple[StructureRule, ...]:
    """The rules of ``structure.yaml``, in file order."""
    data = load_yaml("resolve", "structure.yaml")
    rules: list[StructureRule] = []
    for i, entry in enumerate(data.get("sub_organizations") or []):
        try:
            child = re.compile(str(entry["child"]))
            parent = str(entry["parent"])
        except (KeyError, TypeError, re.error) as exc:
            raise KGError(f"kg/data/resolve/structure.yaml: rule {i}: {exc}") from None
        rules.append(StructureRule(child, parent, f"sub_organizations[{i}]"))
    return tuple(rules)


def parent_of(
    label: str, rules: tuple[StructureRule, ...], is_known_place: Callable[[str], bool]
) -> tuple[str, str] | None:
    """The parent organisation's name and the rule's name, or ``None``."""
    for rule in rules:
        m = rule.child.fullmatch(label)
        if m and ("place" not in rule.child.groupindex or is_known_place(m.group("place"))):
            parent = rule.parent.format(**{k: v or "" for k, v in m.groupdict().items()})
            if parent != label:
                return parent, rule.name
    return None
