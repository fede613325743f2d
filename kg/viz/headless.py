"""Open a kg page in headless Chromium and read what it reports.

Used by the browser test and ``bench/viz_bench.py``; needs a ``chromium``
(or Chrome) binary, e.g. Debian's ``apt-get install chromium``.

The page writes ``data-ready``, ``data-nodes``, ``data-edges`` and
``data-resources`` on ``<body>`` once vis-network has drawn its first frame;
Chromium's ``--dump-dom`` prints the DOM after ``--virtual-time-budget``, so
no driver library is needed.  Chromium's own network log (``--log-net-log``)
lists every request the *page* started (those whose network isolation key is
the ``file://`` site), which catches requests resource timing would miss.

Examples
--------
>>> find_chromium() is None or find_chromium().exists()
True
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CHROMIUM_FLAGS", "PageReport", "find_chromium", "open_page"]

#: Flags for a quiet, hermetic headless run.
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
)

_BODY = re.compile(r"<body([^>]*)>")
_DATA_ATTR = re.compile(r'data-([a-z-]+)="([^"]*)"')


@dataclass(frozen=True)
class PageReport:
    """What the page wrote on ``<body>``, the requests it made, and timing."""

    data: dict[str, str]
    page_requests: list[str]
    seconds: float
    dom: str

    @property
    def ready(self) -> bool:
        return self.data.get("ready") == "1"


def find_chromium() -> Path | None:
    """Path of a Chromium/Chrome binary on ``PATH``, or ``None``."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def _page_requests(netlog: Path) -> list[str]:
    try:
        log = json.loads(netlog.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        # Chromium may leave the log unterminated when killed; a truncated
        # log must not read as "no requests".
        raise RuntimeError(f"unreadable Chromium net log {netlog}") from None
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event.get("type") != start_job or "url" not in params:
            continue
        # Chromium's own traffic (sign-in, updates) has a different isolation
        # key; the page's requests are keyed by the file:// site.
        if "file://" not in str(params.get("network_isolation_key", "")):
            continue
        if not str(params["url"]).startswith(("file:", "data:", "blob:")):
            urls.append(str(params["url"]))
    return urls


def open_page(
    page: Path,
    *,
    fragment: str = "",
    screenshot: Path | None = None,
    window: tuple[int, int] = (1400, 900),
    budget_ms: int = 10000,
    chromium: Path | None = None,
    timeout: float = 180.0,
) -> PageReport:
    """Load ``page`` headless; return its ``<body data-*>`` and its requests.

    Parameters
    ----------
    page : Path
        An HTML file.
    fragment : str
        URL fragment, e.g. ``"focus=李明&hide=Person"``.
    screenshot : Path, optional
        Also save a PNG of the window (a second Chromium run).
    window : (int, int)
        Window size for the screenshot.
    budget_ms : int
        Chromium's virtual time budget before it dumps the DOM.
    chromium : Path, optional
        Browser binary; found on ``PATH`` by default.
    timeout : float
        Wall-clock limit per Chromium run, in seconds.

    Raises
    ------
    FileNotFoundError
        When no Chromium is installed.
    """
    binary = chromium or find_chromium()
    if binary is None:
        raise FileNotFoundError("no chromium binary on PATH")
    url = Path(page).resolve().as_uri() + (f"#{fragment}" if fragment else "")
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as tmp:
        netlog = Path(tmp) / "netlog.json"
        cmd = [
            str(binary),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp}/profile",
            f"--virtual-time-budget={budget_ms}",
            f"--log-net-log={netlog}",
            "--dump-dom",
            url,
        ]
        started = time.perf_counter()
        done = subprocess.run(
            cmd, capture_output=True, text=True, encoding="utf-8", timeout=timeout, check=False
        )
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")
        requests = _page_requests(netlog)
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [
                    str(binary),
                    *CHROMIUM_FLAGS,
                    f"--user-data-dir={tmp}/profile-shot",
                    f"--virtual-time-budget={budget_ms}",
                    f"--window-size={window[0]},{window[1]}",
                    f"--screenshot={screenshot.resolve()}",
                    url,
                ],
                capture_output=True,
                timeout=timeout,
                check=True,
            )
    body = _BODY.search(done.stdout)
    data = dict(_DATA_ATTR.findall(body.group(1))) if body else {}
    return PageReport(data=data, page_requests=requests, seconds=seconds, dom=done.stdout)
