"""Page speed at 1k, 10k and 100k incidents: the real page against a baseline, in Chromium.

For each size a synthetic data folder is written (``bench/synthetic.py``), then the real app
and the baseline (``bench/baseline_app.py``: a folium Marker per incident, the whole map
re-sent and re-drawn on every rerun) are started on it in turn and driven by Playwright in
headless Chromium. Measured, as medians of several runs:

- open → markers: from ``page.goto`` to the incident layer drawn (``window.bimMap.done``
  with its in-page timestamp);
- open → whole page: to the incident table shown too (the page sends the map first and the
  rest on the next run, see ``dashboard/map_first.py``; the baseline has no more than a map);
- slider → map: from a keypress on the date slider's start handle (PageUp: a tenth of the
  period later each time, so every move shows a set not seen before and no cache helps)
  to the map showing the new set;
- bytes per rerun (one slider move, over Streamlit's websocket); RSS growth per extra
  session; whether the map's frame survived a slider move (no reload: no flicker);
- the same open and slider figures in the districts view (``?view=districts``).

Each figure is printed with the ratio baseline / page measured in the same run. Run:

    .venv/bin/python -m bench.page_speed                 # 1k, 10k, 100k; prints a table
    .venv/bin/python -m bench.page_speed --write         # and updates bench/RESULTS.md

The baseline is slow at 100k (minutes per rerun): above ``--baseline-max`` rows it is timed
once, with a time limit, and reported as "> limit" when it does not finish.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

from bench.results import machine, publish
from bench.synthetic import write_dataset
from dashboard.map.assets import ensure_vendor_assets
from testkit.server import ROOT, App, headless_chromium, rss_kib, start_app, stop_app

SECTION = "## Page speed (`bench/page_speed.py`)"
#: What is timed: (script, link) per variant; "districts" is the page's districts view.
VARIANTS = {"page": ("dashboard/app.py", ""), "districts": ("dashboard/app.py", "/?view=districts"),
            "baseline": ("bench/baseline_app.py", "")}
#: The last of the page to arrive on an open: the incident table, the first table on view
#: (those of the collapsed casualty breakdown are hidden). The baseline has none.
WHOLE_PAGE = ("() => [...document.querySelectorAll('[data-testid=\"stDataFrame\"]')]"
              ".some(e => e.offsetParent !== null)")
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


@dataclass
class Figures:
    """One variant at one size."""

    cold_open_ms: float | None = None
    open_ms: list[float] = field(default_factory=list)
    whole_page_ms: list[float] = field(default_factory=list)
    slider_ms: list[float] = field(default_factory=list)
    bytes_per_rerun: list[int] = field(default_factory=list)
    rss_per_session_kib: float | None = None
    frame_kept: bool | None = None
    timed_out: str | None = None


def now_ms() -> float:
    """The wall clock in ms (comparable with the in-page timestamps)."""
    return time.time() * 1000


# The map records when it drew its last layer (window.bimMap); the wait runs in the map's
# frame, polling on a timer there, so measuring adds no round trip per poll to the busy page.
DRAWN = "(after) => { const s = window.bimMap; return s && s.done && s.at >= after ? s : null; }"


def wait_drawn(page, after_ms: float, timeout_s: float) -> float:
    """Milliseconds from ``after_ms`` until the map shows a layer drawn after it."""
    deadline = time.monotonic() + timeout_s
    while (left := deadline - time.monotonic()) > 0:
        frame = next((f for f in page.frames if "st_folium" in f.url), None)
        if frame is None:
            page.wait_for_timeout(20)
            continue
        try:  # in short spans: a page open replaces the map's frame once
            state = frame.wait_for_function(DRAWN, arg=after_ms, polling=20,
                                            timeout=min(left, 2.0) * 1000).json_value()
        except PlaywrightError:  # timed out, or the frame was replaced
            continue
        return float(state["at"]) - after_ms
    raise TimeoutError(f"no map drawn within {timeout_s:.0f} s")


def wait_idle(page, timeout_s: float) -> None:
    """Until the script run (and any rerun it triggered) is over."""
    page.wait_for_timeout(400)
    page.wait_for_function(IDLE, timeout=timeout_s * 1000)
    page.wait_for_timeout(300)


def open_page(browser, url: str, received: list[int] | None = None):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    if received is not None:
        page.on("websocket", lambda ws: ws.on(
            "framereceived", lambda payload: received.append(len(payload))))
    return context, page


def measure(browser, app: App, runs: int, timeout_s: float, quick: bool = False,
            whole_page: str | None = None, link: str = "") -> Figures:
    """Open, slider and memory figures of one running app (``quick``: a cold open and one
    slider move only, for a baseline that takes minutes per rerun; ``whole_page``: a
    script true once what arrives last on an open is shown, timed too)."""
    figures = Figures()
    # Opening: a fresh browser context each time. The first open of a just-started server
    # also loads and indexes the data: reported apart, as "cold".
    for i in range(1 if quick else runs + 1):
        context, page = open_page(browser, app.url)
        start = now_ms()
        page.goto(app.url + link)
        elapsed = wait_drawn(page, start, timeout_s)
        if whole_page:
            page.wait_for_function(whole_page, timeout=timeout_s * 1000, polling=20)
            if i:
                figures.whole_page_ms.append(now_ms() - start)
        if i:
            figures.open_ms.append(elapsed)
        else:
            figures.cold_open_ms = elapsed
        wait_idle(page, timeout_s)
        context.close()

    received: list[int] = []
    context, page = open_page(browser, app.url, received)
    page.goto(app.url + link)
    wait_drawn(page, 0, timeout_s)
    wait_idle(page, timeout_s)
    frame = next(f for f in page.frames if "st_folium" in f.url)
    frame.evaluate("() => { window.__sameFrame = true; }")
    handle = page.locator('[data-testid="stSlider"] input').first  # the start handle
    for i in range(1 if quick else runs + 1):  # the first move warms caches: not counted
        handle.focus()
        before = len(received)
        start = now_ms()
        page.keyboard.press("PageUp")
        elapsed = wait_drawn(page, start, timeout_s)
        wait_idle(page, timeout_s)
        if i or quick:
            figures.slider_ms.append(elapsed)
            figures.bytes_per_rerun.append(sum(received[before:]))
    try:
        figures.frame_kept = bool(frame.evaluate("() => window.__sameFrame === true"))
    except PlaywrightError:
        figures.frame_kept = False  # the frame was replaced: the map reloaded

    if quick:
        context.close()
        return figures
    base = rss_kib(app.process.pid)
    extra = []
    for _ in range(3):
        more, extra_page = open_page(browser, app.url)
        extra_page.goto(app.url + link)
        wait_drawn(extra_page, 0, timeout_s)
        wait_idle(extra_page, timeout_s)
        extra.append(more)
    figures.rss_per_session_kib = (rss_kib(app.process.pid) - base) / 3
    for more in [*extra, context]:
        more.close()
    return figures


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def run(sizes: list[int], runs: int, baseline_max: int, limit_s: float,
        baseline_runs: int = 3) -> dict:
    """Every size and variant; returns {size: {variant: Figures}}."""
    results: dict[int, dict[str, Figures]] = {}
    work = Path(tempfile.mkdtemp(prefix="bim-bench-"))
    # The baseline's static folder (Streamlit serves the one beside the script it runs).
    ensure_vendor_assets(ROOT / "bench" / "static")
    with headless_chromium() as browser:
        for n in sizes:
            folder = write_dataset(n, work / f"data-{n}")
            results[n] = {}
            for variant, (script, link) in VARIANTS.items():
                slow = variant == "baseline" and n > baseline_max
                app = start_app(folder, work / f"{variant}-{n}.log", script=script)
                try:
                    results[n][variant] = measure(
                        browser, app, baseline_runs if variant == "baseline" else runs,
                        limit_s if slow else max(limit_s, 120), slow,
                        whole_page=WHOLE_PAGE if variant == "page" else None, link=link)
                except (TimeoutError, PlaywrightError) as exc:
                    results[n][variant] = Figures(timed_out=f"> {limit_s:.0f} s ({exc})")
                finally:
                    stop_app(app)
                print(n, variant, summary(results[n][variant]), flush=True)
    return results


def summary(f: Figures) -> str:
    if f.timed_out:
        return f.timed_out
    return (f"cold {f.cold_open_ms or 0:.0f} ms, open {median(f.open_ms):.0f} ms "
            f"(whole page {median(f.whole_page_ms):.0f} ms), "
            f"slider {median(f.slider_ms):.0f} ms, "
            f"{median(f.bytes_per_rerun) / 1024:.0f} KiB/rerun, "
            f"{(f.rss_per_session_kib or 0) / 1024:.1f} MiB/session, "
            f"frame kept: {f.frame_kept}")


def _cell(page: float, base: float | None, unit: str, scale: float = 1.0,
          missing: str = "did not finish") -> tuple[str, ...]:
    # Memory growth can come out at or below zero (the allocator returns freed pages while
    # sessions open): no ratio can be made of that, for either side.
    def shown(value: float) -> str:
        return f"{value / scale:,.0f} {unit}" if value > 0 else f"≤ 0 {unit} (within noise)"

    if base is None:
        return shown(page), missing, "—"
    return shown(page), shown(base), f"{base / page:,.1f}×" if page > 0 < base else "—"


def table(results: dict, runs: int, baseline_runs: int) -> str:
    """The results as Markdown."""
    lines = [SECTION, "", f"Machine: {machine()}. Chromium headless; medians of {runs} runs "
             f"of the page and {baseline_runs} of the baseline (above 10k the baseline is "
             "timed once: a cold open and one slider move, with a time limit). Ratio = "
             "baseline ÷ page (higher is better for the page), measured in the same run.", ""]
    for n, by in results.items():
        page, base, dist = by["page"], by.get("baseline"), by.get("districts")
        done = base is not None and not base.timed_out
        lines += [f"### {n:,} incidents (synthetic)", "",
                  "| measure | page | baseline | ratio |", "|---|---|---|---|"]
        rows = [
            ("first open of a started server (cold)", page.cold_open_ms or 0,
             base.cold_open_ms if done else None, "ms", 1),
            ("open → markers drawn (server running)", median(page.open_ms),
             median(base.open_ms or [base.cold_open_ms or 0]) if done else None, "ms", 1),
            ("open → whole page (incident table shown)", median(page.whole_page_ms),
             None, "ms", 1),
            ("slider move → map updated", median(page.slider_ms),
             median(base.slider_ms) if done else None, "ms", 1),
            ("bytes sent per rerun", median(page.bytes_per_rerun),
             median(base.bytes_per_rerun) if done else None, "KiB", 1024),
            *([("districts view: open → layer drawn", median(dist.open_ms), None, "ms", 1),
               ("districts view: slider move → map recoloured", median(dist.slider_ms),
                median(base.slider_ms) if done else None, "ms", 1),
               ("districts view: bytes sent per rerun", median(dist.bytes_per_rerun), None,
                "KiB", 1024)] if dist is not None and not dist.timed_out else []),
            ("server RSS per extra session", page.rss_per_session_kib or 0,
             base.rss_per_session_kib if done and base.rss_per_session_kib is not None
             else None, "KiB", 1),
        ]
        for label, mine, theirs, unit, scale in rows:
            missing = ("(no table)" if label.startswith("open → whole") else
                       "not measured" if done else "did not finish")
            lines.append(f"| {label} | " + " | ".join(_cell(mine, theirs, unit, scale, missing))
                         + " |")
        kept = {True: "kept (no reload)", False: "reloaded", None: "—"}
        lines.append(f"| map frame on a slider move | {kept[page.frame_kept]} | "
                     f"{kept[base.frame_kept] if done else '—'} | |")
        if base is not None and base.timed_out:
            lines.append(f"\nBaseline: {base.timed_out.split(' (')[0]} (not finished).")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline-runs", type=int, default=3,
                        help="runs of the (slow) baseline")
    parser.add_argument("--baseline-max", type=int, default=10000)
    parser.add_argument("--limit", type=float, default=300, help="seconds, slow baseline")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(argv)
    results = run(args.sizes, args.runs, args.baseline_max, args.limit, args.baseline_runs)
    text = table(results, args.runs, args.baseline_runs)
    return publish(SECTION, text, args.write)


if __name__ == "__main__":
    sys.exit(main())
