"""Start and stop the app as a server on loopback, for the browser tests and the benchmarks.

As Streamlit's own end-to-end suite does: ``streamlit run`` on a free port, then poll
``/_stcore/health`` until it answers.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: How the tests and benchmarks start Chromium (headless, as on these machines).
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium_executable() -> str | None:
    """Debian's Chromium (or $BIM_CHROMIUM) where there is one, else Playwright's own."""
    for candidate in (os.environ.get("BIM_CHROMIUM"), "/usr/bin/chromium",
                      "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@contextmanager
def headless_chromium() -> Iterator[Any]:
    """A Playwright browser: Chromium as the benchmarks run it (headless, BROWSER_ARGS)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_executable(), headless=True,
                                     args=BROWSER_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class App:
    """A running app: its address, process and log file."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path


def start_app(data_dir: Path | None, log: Path, cwd: Path = ROOT,
              command: list[str] | None = None, script: str = "dashboard/app.py",
              extra_env: dict[str, str] | None = None) -> App:
    """Run ``streamlit run <script>`` (on ``data_dir`` if given, with ``extra_env``) and
    wait until healthy."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    env.pop("BIM_DATA_DIR", None)
    if data_dir is not None:
        env["BIM_DATA_DIR"] = str(data_dir)
    command = command or [sys.executable, "-m", "streamlit", "run", script]
    out = log.open("wb")
    process = subprocess.Popen(
        [*command, "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log)
    except RuntimeError:
        process.kill()
        raise
    return App(url, process, log)


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path,
                 seconds: float = 60) -> None:
    """Poll ``url``'s ``/_stcore/health`` until it answers 200; raise with the log if the
    process exits or the time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not become healthy: {log.read_text(errors='replace')}")


def stop_app(app: App) -> None:
    """Stop the server (kill it if it does not stop within 10 s)."""
    stop_process(app.process)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate a process we started; kill it if it does not stop within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def rss_kib(pid: int) -> int:
    """A process's resident memory in KiB (Linux)."""
    text = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmRSS:\s+(\d+)", text)
    return int(match.group(1)) if match else 0


def descendants(pid: int) -> list[int]:
    """The process ids of a process's children, their children and so on (Linux)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (the server and the processes
    it reads uploads in), in KiB."""
    total = rss_kib(pid)
    for child in descendants(pid):
        try:
            total += rss_kib(child)
        except OSError:
            continue
    return total
