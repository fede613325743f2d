"""Every ``kg …`` line of the README's code blocks runs as written.

The lines are read from README.md itself, so an example edited there is the
example tested.  They run in order, in a folder that holds what a fresh clone
has at its top (``seeds/``, ``examples/``, ``tests/``, ``ontology/``), after
the Quick start's build command.  ``kg serve`` is started and asked a query;
``kg push`` loads into a real ``oxigraph serve`` on 127.0.0.1, its
placeholder address ``http://host:7878`` replaced by that server's.
Only ``kg serve`` gets one thing added: ``--port`` with a free port, as
other processes on the machine may hold 7878.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SHIPPED = ("seeds", "examples", "tests", "ontology", "queries")
PLACEHOLDER_SERVER = "http://host:7878"

pytestmark = pytest.mark.slow


def bash_blocks(text: str) -> list[str]:
    """The bodies of the README's fenced ``bash`` blocks."""
    return re.findall(r"^```bash\n(.*?)^```", text, flags=re.S | re.M)


def kg_commands(block: str) -> list[list[str]]:
    """Each ``kg …`` command of a block, split as a shell would, comments dropped.

    In a ``a && b && kg …`` line, the ``kg`` command is the last part.
    """
    commands = []
    for line in block.splitlines():
        part = line.split("&&")[-1].strip()
        if part.startswith("kg "):
            commands.append(shlex.split(part, comments=True))
    return commands


def test_commands_are_read_from_the_readme() -> None:
    # The extraction must be able to find nothing: a block without kg lines
    # gives none, and comments and quotes are handled as by a shell.
    assert kg_commands("python -m pytest -q\n") == []
    assert kg_commands("a && kg build seeds/ --out build/   # note\n") == [
        ["kg", "build", "seeds/", "--out", "build/"]
    ]
    assert kg_commands("kg query b/ 'SELECT ?x { ?x a kg:P }'  # q\n") == [
        ["kg", "query", "b/", "SELECT ?x { ?x a kg:P }"]
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, child: subprocess.Popen[bytes], what: str) -> None:
    for _ in range(600):
        if child.poll() is not None:
            pytest.fail(f"{what} exited with {child.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{what} did not answer at {url}")


@pytest.fixture()
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        pytest.skip("SKIPPED, NOT PASSED: no oxigraph server binary (PyPI package oxigraph)")
    port = free_port()
    child = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/query?query=ASK%7B%7D", child, "oxigraph serve")
        yield base
    finally:
        child.terminate()
        child.wait(timeout=30)


def kg(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "kg", *argv[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=1800,
        check=False,
    )


def run_serve(argv: list[str], cwd: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "kg", *argv[1:], "--port", str(port)],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?p a kg:Person }")
        url = f"http://127.0.0.1:{port}/sparql?query={query}"
        wait_for(url, child, "kg serve")
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            rows = json.loads(response.read())["results"]["bindings"]
        assert int(rows[0]["n"]["value"]) > 0
    finally:
        child.terminate()
        child.wait(timeout=60)


def remote_triples(base: str) -> int:
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    request = urllib.request.Request(
        f"{base}/query?query={query}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(json.loads(response.read())["results"]["bindings"][0]["n"]["value"])


def test_every_readme_example_runs(tmp_path: Path, oxigraph_server: str) -> None:
    text = README.read_text(encoding="utf-8")
    blocks = bash_blocks(text)
    quick_start = [c for block in blocks for c in kg_commands(block) if c[:2] == ["kg", "build"]]
    assert quick_start, "no build command in the README"
    build_command = quick_start[0]
    examples = [c for block in blocks for c in kg_commands(block) if c != build_command]
    assert len(examples) >= 13

    clone = tmp_path / "clone"
    clone.mkdir()
    for name in SHIPPED:
        (clone / name).symlink_to(ROOT / name, target_is_directory=True)

    done = kg(build_command, clone)
    assert done.returncode == 0, done.stderr
    failures = []
    for argv in examples:
        if argv[1] == "serve":
            run_serve(argv, clone)
            continue
        if argv[1] == "push":
            argv = [a.replace(PLACEHOLDER_SERVER, oxigraph_server) for a in argv]
        done = kg(argv, clone)
        # A command that writes a file (--out) may print nothing; any other
        # must print its answer.
        silent_ok = "--out" in argv[2:] and argv[1] != "build"
        if done.returncode != 0 or not (done.stdout.strip() or silent_ok):
            failures.append(f"{shlex.join(argv)} -> {done.returncode}: {done.stderr.strip()[-500:]}")
        if argv[1] == "push":
            assert remote_triples(oxigraph_server) > 0
    assert failures == []
    # What the examples promise to write is there.
    for name in ("graph.jsonld", "zhang.html", "build/graph.html"):
        assert (clone / name).stat().st_size > 0, name
