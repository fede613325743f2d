"""A real ``kg build`` stopped by a signal: one line, its warnings, nothing left behind.

Each test builds a small graph first, then starts a longer build into the
same folder in a subprocess, waits until extraction has written its first
N-Quads part (so the build is mid-way, with a part folder and cache records
on disk) and signals it.  What must hold afterwards: exit status 130, the
per-file warnings gathered so far printed, one ``kg: interrupted`` line and
no traceback; no part folder, temporary cache record, half store or lock
left; the previous graph still current; and no worker process still alive.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.pipeline.parts import PARTS_PREFIX
from kg.store.build_dir import current_store

PAGE = (
    "## 第{n}次签约\n\n"
    "本报讯（记者林秋{n}）青川区与明湖大学签订第{n}批合作协议。区委书记赵启明出席签约仪式。\n"
    "云岭科技有限公司在青川经济开发区投资建设新材料项目，总投资{n}亿元。\n"
    "“我们将全力推进合作。”赵启明说。明湖大学副校长钱雨桐介绍了合作内容。\n"
)


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a running process (a zombie has exited)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def _pages(folder: Path, count: int) -> None:
    folder.mkdir()
    # Named to be read first, so their warnings are gathered before the signal.
    (folder / "0-empty.txt").write_bytes(b"")
    (folder / "0-photo.txt").write_bytes(bytes(range(256)) * 8)
    for n in range(count):
        (folder / f"p{n:03d}.txt").write_text(PAGE.format(n=n) * 3, encoding="utf-8")


def _stop_mid_build(tmp_path: Path, how: str, jobs: int) -> None:
    first = tmp_path / "first"
    first.mkdir()
    (first / "p.txt").write_text(PAGE.format(n=0), encoding="utf-8")
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "kg", "build", str(first), "--out", str(out), "-q", "--no-html"],
        check=True,
    )
    before = current_store(out)
    ttl_before = (out / "graph.ttl").read_bytes()

    pages = tmp_path / "pages"
    _pages(pages, 200)
    cmd = [sys.executable, "-m", "kg", "build", str(pages), "--out", str(out), "-q",
           "--no-html", "--batch-size", "1", "--jobs", str(jobs)]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        # Mid-build: the first document's quads are in a part file.
        while not any(p.name.startswith(PARTS_PREFIX) for p in out.iterdir()):
            if proc.poll() is not None:
                pytest.fail(f"the build ended before it wrote a part: {proc.stderr.read()}")  # type: ignore[union-attr]
            time.sleep(0.05)
        workers = _children(proc.pid)
        if how == "group":
            os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        else:
            proc.send_signal(signal.SIGTERM if how == "term" else signal.SIGINT)
        _, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    lines = err.splitlines()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert [line for line in lines if line.startswith("kg: warning:") and "0-empty.txt" in line]
    assert [line for line in lines if line.startswith("kg: warning:") and "0-photo.txt" in line]
    stops = [line for line in lines if line.startswith("kg: interrupted")]
    assert len(stops) == 1 and str(out) in stops[0]
    assert not [line for line in lines if line.startswith("kg: error")]

    left = sorted(p.name for p in out.iterdir())
    assert ".store.lock" not in left
    assert not [name for name in left if name.startswith(PARTS_PREFIX)]
    assert [name for name in left if name.startswith("store-")] == [before[1].name]  # type: ignore[index]
    assert current_store(out) == before
    assert (out / "graph.ttl").read_bytes() == ttl_before
    assert not [p.name for p in (out / "cache").iterdir() if ".tmp" in p.suffix]
    if jobs > 1:
        assert workers, "a build with --jobs 2 runs worker processes"
    # The build kills and reaps its busy workers before it exits.
    assert not [pid for pid in workers if _alive(pid)]


@pytest.mark.slow
def test_sigint_stops_the_build_and_cleans_up(tmp_path: Path) -> None:
    _stop_mid_build(tmp_path, "int", jobs=1)


@pytest.mark.slow
def test_ctrl_c_to_the_process_group_stops_the_workers_too(tmp_path: Path) -> None:
    _stop_mid_build(tmp_path, "group", jobs=2)


@pytest.mark.slow
def test_sigterm_cleans_up_like_ctrl_c(tmp_path: Path) -> None:
    _stop_mid_build(tmp_path, "term", jobs=1)
