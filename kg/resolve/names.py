"""Name normalisation: abbreviations and company cores (``kg/data/resolve/aliases.yaml``).

Examples
--------
>>> rules = alias_rules()
>>> rules.expand("某某区工商联")
'某某区工商业联合会'
>>> rules.expand("某某区人民政府"), rules.expand("某某区政府")
('某某区人民政府', '某某区人民政府')
>>> rules.company_core("河南星河网络科技有限公司", lambda s: s == "河南")
'星河'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from kg.resources import load_yaml

__all__ = ["AliasRules", "alias_rules", "clean_label"]


def clean_label(text: str) -> str:
    """NFC, no whitespace: the form labels and keys are built from."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


@dataclass(frozen=True)
class AliasRules:
    """The rules of ``aliases.yaml``."""

    abbreviations: tuple[tuple[str, str], ...]  # (short, full), longest short first
    legal_suffixes: tuple[str, ...]
    industry_words: tuple[str, ...]
    min_core: int
    strip_prefixes: tuple[str, ...] = ()
    person_suffixes: tuple[str, ...] = ()

    def person_name(self, label: str) -> str:
        """A person's name without a courtesy word (王某先生 -> 王某)."""
        for suffix in self.person_suffixes:
            if label.endswith(suffix) and len(label) - len(suffix) >= 2:
                return label[: -len(suffix)]
        return label

    def strip(self, label: str) -> str:
        """The name without a non-name lead such as 辖区 (辖区某某公司 -> 某某公司)."""
        for prefix in self.strip_prefixes:
            if label.startswith(prefix) and len(label) - len(prefix) >= 2:
                return label[len(prefix) :]
        return label

    def expand(self, label: str) -> str:
        """The formal form of an organisation name (abbreviated ending expanded)."""
        for short, full in self.abbreviations:
            if label.endswith(full):
                return label
            if label.endswith(short) and len(label) > len(short):
                return label[: -len(short)] + full
        return label

    def is_company_name(self, label: str) -> bool:
        """Does the name end with a legal suffix (有限公司, 集团 …)?"""
        return label.endswith(self.legal_suffixes)

    def legal_stem(self, label: str) -> str:
        """The name without its legal suffix (某某科技有限公司 -> 某某科技)."""
        for suffix in self.legal_suffixes:
            if label.endswith(suffix) and len(label) > len(suffix):
                return label[: -len(suffix)]
        return label

    def company_core(self, label: str, is_place: Callable[[str], bool]) -> str | None:
        """The distinctive core of a company name, or ``None`` if too short or
        the name has no legal suffix, industry word or place to strip."""
        core = self.name_core(label, is_place)
        return core if core != label else None

    def name_core(self, label: str, is_place: Callable[[str], bool]) -> str | None:
        """The distinctive core of an organisation name, or ``None``.

        Strips the legal suffix, then trailing industry words, then a leading
        place name (as judged by ``is_place``); ``None`` when what is left is
        too short or only a place name.
        """
        core = self.legal_stem(label)
        changed = True
        while changed:
            changed = False
            for word in self.industry_words:
                if core.endswith(word) and len(core) - len(word) >= self.min_core:
                    core = core[: -len(word)]
                    changed = True
                    break
        for cut in range(len(core) - self.min_core, 1, -1):
            if is_place(core[:cut]):
                core = core[cut:]
                break
        if len(core) < self.min_core or is_place(core):
            return None  # too short, or only a place name: not distinctive
        return core


@cache
def alias_rules() -> AliasRules:
    """The process-wide rules from ``aliases.yaml``."""
    data = load_yaml("resolve", "aliases.yaml")
    abbreviations = tuple(
        sorted(
            ((str(k), str(v)) for k, v in (data.get("abbreviations") or {}).items()),
            key=lambda kv: len(kv[0]),
            reverse=True,
        )
    )
    company = data.get("company") or {}
    return AliasRules(
        abbreviations=abbreviations,
        legal_suffixes=tuple(company.get("legal_suffixes") or ()),
        industry_words=tuple(
            sorted(company.get("industry_words") or (), key=len, reverse=True)
        ),
        min_core=int(company.get("min_core", 2)),
        person_suffixes=tuple(str(p) for p in data.get("person_suffixes") or ()),
        strip_prefixes=tuple(
            sorted((str(p) for p in data.get("strip_prefixes") or ()), key=len, reverse=True)
        ),
    )
