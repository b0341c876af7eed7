"""Uploads under load: four sessions upload a 45 MB ACLED export at the same moment.

Each session is a Chromium tab on the app (loopback only); the benchmark records, per tab,
the seconds from choosing the file to its map being drawn with the upload's incidents, and
the server's resident memory throughout, and a minute after every tab has closed. With
``--baseline-root`` the same run is made first against another checkout (e.g. the code
before issue 19), so the figures come as ratios from the same machine and hour.

    .venv/bin/python -m bench.uploads --baseline-root /tmp/base --write   # bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.async_api import async_playwright

from bench.acled_synthetic import acled_bytes
from testkit.server import (
    BROWSER_ARGS,
    ROOT,
    chromium_executable,
    rss_kib,
    start_app,
    stop_app,
    tree_rss_kib,
)

# The map's frame is replaced when the data changes: wait for the frame whose last drawn
# layer holds the upload's incidents.
_DRAWN = "() => window.bimMap && window.bimMap.done ? window.bimMap.incidents : null"


async def _drawn(page, rows: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        for frame in [f for f in page.frames if "st_folium" in f.url]:
            try:
                if await frame.evaluate(_DRAWN) == rows:
                    return
            except Exception:  # a frame detached while we asked it
                continue
        await asyncio.sleep(0.1)
    raise TimeoutError(f"no map of {rows} incidents drawn")


async def _session(browser, url: str, upload: Path, rows: int, timeout: float) -> float:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = await context.new_page()
        await page.goto(url)
        await page.wait_for_selector("iframe[title*='st_folium']", timeout=120_000)
        await page.get_by_text("Upload ACLED or UCDP GED").click()
        uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
        await uploader.wait_for(state="attached", timeout=120_000)
        started = time.monotonic()
        # A path, as a file chooser gives one: a buffer would be copied into the browser
        # through the driver first (30 s for 45 MB), which no user waits for.
        await uploader.set_input_files(upload)
        # The page writes the total as English does ("78,950").
        await page.get_by_text(f"of {rows:,} incidents shown").wait_for(timeout=timeout * 1000)
        await _drawn(page, rows, started + timeout)
        return time.monotonic() - started
    finally:
        await context.close()


def run(root: Path, raw: bytes, rows: int, sessions: int, timeout: float) -> dict[str, object]:
    """One run against the checkout at ``root``: seconds per session and RSS in MiB."""
    with tempfile.TemporaryDirectory() as logs:
        upload = Path(logs) / "acled.csv"
        upload.write_bytes(raw)
        # Another checkout runs with its own environment where it has one (an editable
        # install would otherwise import this checkout's code).
        python = root / ".venv" / "bin" / "python"
        command = [str(python), "-m", "streamlit", "run", "dashboard/app.py"] \
            if root != ROOT and python.exists() else None
        app = start_app(None, Path(logs) / "app.log", cwd=root, command=command)
        samples: list[int] = []
        alone: list[int] = []  # the server process without the children it parses in
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                samples.append(tree_rss_kib(app.process.pid))
                alone.append(rss_kib(app.process.pid))
                time.sleep(0.25)

        start_rss = tree_rss_kib(app.process.pid)
        warm: list[int] = []
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()

        async def main() -> list[float | str]:
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=chromium_executable(),
                                                   headless=True, args=BROWSER_ARGS)
                # The server as it serves: one page drawn before the uploads (the first page
                # imports and loads what every page needs).
                context = await browser.new_context()
                page = await context.new_page()
                await page.goto(app.url)
                await page.wait_for_selector("iframe[title*='st_folium']", timeout=120_000)
                await context.close()
                warm.append(tree_rss_kib(app.process.pid))
                results = await asyncio.gather(
                    *[_session(browser, app.url, upload, rows, timeout) for _ in range(sessions)],
                    return_exceptions=True)
                await browser.close()
            return [r if isinstance(r, float) else f"failed: {type(r).__name__}"
                    for r in results]

        try:
            seconds = asyncio.run(main())
            closed = time.monotonic()
            time.sleep(60)
            after = tree_rss_kib(app.process.pid)
            stop.set()
            sampler.join()
            during = list(samples)
        finally:
            stop_app(app)
    return {"seconds": seconds, "start": start_rss / 1024, "warm": warm[0] / 1024,
            "peak": max(during) / 1024, "server peak": max(alone) / 1024,
            "after": after / 1024,
            "waited": round(time.monotonic() - closed)}


def _table(result: dict[str, object], base: dict[str, object] | None) -> str:
    def fmt(v: object) -> str:
        return f"{v:.1f}" if isinstance(v, float) else str(v)

    secs = result["seconds"]
    rows = [("seconds to the map, per session", ", ".join(fmt(s) for s in secs),
             ", ".join(fmt(s) for s in base["seconds"]) if base else "—"),
            ("slowest session (s)", fmt(max((s for s in secs if isinstance(s, float)),
                                            default="none finished")),
             fmt(max(s for s in base["seconds"] if isinstance(s, float))) if base and any(
                 isinstance(s, float) for s in base["seconds"]) else "—")]
    for key, label in (("start", "server RSS at start (MiB)"),
                       ("warm", "server RSS after one page, before the uploads (MiB)"),
                       ("peak", "server RSS peak, with its parse processes (MiB)"),
                       ("server peak", "of which the server process alone (MiB)"),
                       ("after", "server RSS 60 s after the tabs closed (MiB)")):
        rows.append((label, fmt(result[key]), fmt(base.get(key, "—")) if base else "—"))
    lines = ["| measure | this code | baseline |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=float, default=45)
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=240)
    parser.add_argument("--baseline-root", type=Path, help="a checkout to measure first")
    parser.add_argument("--write", action="store_true", help="append to bench/RESULTS.md")
    args = parser.parse_args()
    raw = acled_bytes(args.megabytes)
    from geo.import_acled import import_acled
    rows = len(import_acled(raw).incidents)
    base = run(args.baseline_root, raw, rows, args.sessions, args.timeout) \
        if args.baseline_root else None
    result = run(ROOT, raw, rows, args.sessions, args.timeout)
    text = (f"\n## Uploads (`bench/uploads.py`)\n\n{args.sessions} Chromium tabs upload the same "
            f"{len(raw) / 1e6:.0f} MB synthetic ACLED export ({rows:,} incidents in the region) "
            f"at once; run of {time.strftime('%d %B %Y, %H:%M')}.\n\n{_table(result, base)}\n")
    print(text)
    if args.write:
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as out:
            out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
