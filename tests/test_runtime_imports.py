"""What ``kg build`` and ``kg query`` import: no development or bench helpers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import kg

_ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(
        filter(None, [str(Path(kg.__file__).resolve().parents[1]), os.environ.get("PYTHONPATH")])
    ),
}

_CODE = """\
import sys
from kg.cli import main
page, out = sys.argv[1], sys.argv[2]
assert main(["build", page, "--out", out, "--quiet"]) == 0
assert main(["query", out, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "--format", "csv"]) == 0
sys.stdout.flush()
helpers = ("kg.dev", "kg.bench")
print(sorted(m for m in sys.modules if m.startswith(helpers)))
"""


def test_build_and_query_do_not_import_dev_or_bench_helpers(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("东湖区商务局局长李明表示，该局将推进项目建设。\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _CODE, str(page), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_ENV,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    # The build really ran, so the check below covers its imports.
    assert (tmp_path / "out" / "CURRENT").is_file()
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "s" and len(lines) == 3  # the query answered one row
    assert lines[-1] == "[]"
