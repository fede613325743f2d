"""The real ``kg`` command: user errors are one ``kg: error:`` line; ``--help`` stays light."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.errors import KGError
from kg.registry import Registry, UnknownComponentError

# The subprocesses import the kg under test, wherever pytest found it.
_ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(
        filter(None, [str(Path(kg.__file__).resolve().parents[1]), os.environ.get("PYTHONPATH")])
    ),
}


def _kg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_ENV,
        timeout=300,
    )


def test_unknown_component_is_a_kg_error() -> None:
    reg: Registry[int] = Registry("widget")
    with pytest.raises(KGError) as info:
        reg.get("nosuch")
    assert isinstance(info.value, UnknownComponentError)
    # A KeyError would print as "'unknown widget ...'", quotes and all.
    assert str(info.value) == "unknown widget 'nosuch'; known: none"


@pytest.mark.parametrize("command", ["build", "extract"])
def test_unknown_extractor_prints_one_error_line(tmp_path: Path, command: str) -> None:
    page = tmp_path / "page.txt"
    page.write_text("东湖区召开项目推进会。\n", encoding="utf-8")
    extra = ["--out", str(tmp_path / "build")] if command == "build" else []
    done = _kg(command, str(page), *extra, "--extractors", "nosuch", cwd=tmp_path)
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("kg: error: ")
    assert "'nosuch'" in lines[0]
    assert done.returncode == 2
    assert not (tmp_path / "build" / "CURRENT").exists()


def test_help_does_not_import_rdflib(tmp_path: Path) -> None:
    code = (
        "import contextlib, io, sys\n"
        "from kg.cli import build_parser, main\n"
        "build_parser()\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out, "
        "contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "assert 'usage: kg' in out.getvalue()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rdflib'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=_ENV
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
