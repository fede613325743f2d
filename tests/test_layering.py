"""No module of kg imports a higher layer (the floors are listed in README, "How it works").

Every ``import`` and ``from ... import`` in ``kg/``, also those inside
functions, is checked against :data:`LAYERS`: a module may import its own
floor and the floors below it.  Imports under ``if TYPE_CHECKING:`` are
annotations only and are skipped.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kg

ROOT = Path(kg.__file__).resolve().parent

#: Floors, bottom first.  A module belongs to the longest prefix listed.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("kg", "kg.types", "kg.errors", "kg.registry", "kg.batching", "kg.components",
     "kg.resources"),
    ("kg.config",),
    ("kg.ingest", "kg.nlp"),
    ("kg.extract.entities",),
    ("kg.extract.relations",),
    ("kg.graph",),
    ("kg.resolve",),
    ("kg.store",),
    ("kg.analytics", "kg.query"),
    ("kg.viz", "kg.export"),
    ("kg.pipeline",),
    ("kg.eval", "kg.bench", "kg.serve", "kg.dev"),
    ("kg.train",),
    ("kg.cli", "kg.__main__"),
)

#: Upward imports allowed on purpose: none.  (importer, imported) prefixes.
KNOWN: frozenset[tuple[str, str]] = frozenset()


def floor(module: str) -> int:
    """The floor of ``module``: that of the longest listed prefix."""
    best, found = -1, -1
    for level, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > best:
                best, found = len(name), level
    if found < 0:
        raise AssertionError(f"{module} is on no floor; add it to LAYERS")
    return found


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(id(n) for n in ast.walk(child))
    return skipped


def imports(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """``(line, module)`` of every kg import in ``path``, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "kg"]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != "kg":
                continue
            # ``from kg.x import y`` may name a submodule y; its floor decides.
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                where = root.parent / sub.replace(".", "/")
                is_module = where.with_suffix(".py").exists() or where.is_dir()
                found.append((node.lineno, sub if is_module else base))
    return found


def violations(root: Path = ROOT) -> list[str]:
    """Every import of a higher floor under ``root`` (the ``kg`` package folder)."""
    out = []
    for path in sorted(root.rglob("*.py")):
        importer = module_name(path, root)
        for line, imported in imports(path, root):
            if floor(imported) <= floor(importer):
                continue
            if any(importer.startswith(a) and imported.startswith(b) for a, b in KNOWN):
                continue
            out.append(f"{path.relative_to(root.parent)}:{line}: {importer} imports {imported}")
    return out


def test_no_module_imports_a_higher_floor() -> None:
    assert violations() == []


def test_every_module_is_on_a_floor() -> None:
    for path in ROOT.rglob("*.py"):
        floor(module_name(path))


@pytest.mark.parametrize(
    ("source", "upward"),
    [
        ("from kg.pipeline.stages import STAGES\n", True),
        ("def f():\n    import kg.cli\n", True),
        ("from ..pipeline import build\n", True),
        ("from kg.types import Mention\n", False),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from kg.pipeline import x\n",
         False),
    ],
)
def test_the_check_sees_upward_imports(tmp_path: Path, source: str, upward: bool) -> None:
    """The checker itself: an upward import in a store module is found, a downward one is not."""
    root = tmp_path / "kg"
    (root / "store").mkdir(parents=True)
    (root / "pipeline").mkdir()
    for package in (root, root / "store", root / "pipeline"):
        (package / "__init__.py").write_text("", encoding="utf-8")
    (root / "store" / "probe.py").write_text(source, encoding="utf-8")
    found = violations(root)
    assert bool(found) == upward, found
