"""Time playback's speed at 10k and 100k incidents, in Chromium, against a baseline.

For each size a synthetic data folder is written (``bench/synthetic.py``) and the page is
opened on it in headless Chromium with a one-month window and step (the defaults). Play is
pressed, and for ``--seconds`` the page records, in the browser, each date window the slider
shows and each incident layer the map draws (``window.bimMap``, with its in-page timestamp).
Measured:

- steps per second: windows shown by the slider, and layers drawn by the map, per second of
  playing (a step comes ``dashboard.playback_ui.STEP_SECONDS`` after the last at the
  soonest; a page run slower than that delays the next step);
- the interval between two map draws (median and 90th percentile);
- whether the map's frame survived playing (no reload: no flicker).

The baseline, measured in the same run: ``bench/baseline_app.py`` (a folium Marker per
incident, the whole map re-sent and re-drawn on every rerun), stepped as fast as it can —
one slider move, then the next once its map is drawn — so its steps per second are one over
its slider-move time (``bench/page_speed.py``'s measure). Above ``--baseline-max`` it is not
run: it took more than 300 s per move at 100k in ``bench/page_speed.py``.

    .venv/bin/python -m bench.playback            # 10k and 100k; prints a table
    .venv/bin/python -m bench.playback --write    # and updates bench/RESULTS.md
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

from bench.page_speed import measure, open_page, wait_drawn, wait_idle
from bench.results import machine, write_section
from bench.synthetic import write_dataset
from dashboard.map.assets import ensure_vendor_assets
from dashboard.playback_ui import STEP_SECONDS, TIMER_SECONDS
from testkit.server import ROOT, headless_chromium, start_app, stop_app

SECTION = "## Time playback (`bench/playback.py`)"
#: In the map's frame: every layer drawn, with its in-page time and size.
RECORD_DRAWS = """() => { window.__draws = []; let last = null;
    setInterval(() => { const s = window.bimMap;
        if (s && s.done && s.at !== last) { last = s.at; window.__draws.push(s.at); } }, 10);
    window.__sameFrame = true; }"""
#: In the page: every date window the slider shows, with the time it first showed.
RECORD_WINDOWS = """() => { window.__windows = []; let last = null;
    setInterval(() => { const ends = [...document.querySelectorAll(
            '[data-testid="stSlider"] input')].map(e => e.getAttribute('aria-valuetext'));
        const key = ends.join(' ');
        if (key !== last) { last = key; window.__windows.push([Date.now(), key]); } }, 10); }"""


PAUSE_SHOWN = ("() => (document.querySelector('.st-key-play_button button') || {})"
               ".innerText?.includes('Pause')")


@dataclass
class Playback:
    """The page playing at one size."""

    seconds: float = 0.0
    windows: list[tuple[float, str]] = field(default_factory=list)
    draws: list[float] = field(default_factory=list)
    frame_kept: bool | None = None

    def windows_per_s(self) -> float:
        # Only whole one-month windows count (the handles move one after the other).
        whole = [w for w in self.windows if w[1][:7] == w[1].split(" ")[-1][:7]]
        return max(len(whole) - 1, 0) / self.seconds if self.seconds else 0.0

    def draws_per_s(self) -> float:
        return max(len(self.draws) - 1, 0) / self.seconds if self.seconds else 0.0

    def intervals(self) -> list[float]:
        return [b - a for a, b in zip(self.draws, self.draws[1:], strict=False)]


def play(browser, url: str, seconds: float, timeout_s: float) -> Playback:
    """Open the page, press play, record for ``seconds`` after the first step is drawn."""
    context, page = open_page(browser, url)
    page.goto(url)
    wait_drawn(page, 0, timeout_s)
    wait_idle(page, timeout_s)
    frame = next(f for f in page.frames if "st_folium" in f.url)
    frame.evaluate(RECORD_DRAWS)
    page.evaluate(RECORD_WINDOWS)
    button = page.locator(".st-key-play_button button").first
    button.wait_for(timeout=timeout_s * 1000)  # the filters come one run after the map
    wait_idle(page, timeout_s)
    for _ in range(3):  # a click during a rerun can be lost: until the button says Pause
        button.click()
        try:
            page.wait_for_function(PAUSE_SHOWN, timeout=10_000)
            break
        except PlaywrightError:
            continue
    page.wait_for_timeout(seconds * 1000)
    page.locator(".st-key-play_button button").first.click()  # pause
    draws = frame.evaluate("() => window.__draws")
    windows = [(float(t), key) for t, key in page.evaluate("() => window.__windows")]
    result = Playback(windows=windows[1:])  # the first is the window before play
    # From the first step drawn to the last: the time the steps took.
    result.draws = [float(t) for t in draws]
    if len(result.draws) >= 2:
        result.seconds = (result.draws[-1] - result.draws[0]) / 1000
    result.frame_kept = bool(frame.evaluate("() => window.__sameFrame === true"))
    context.close()
    return result


def run(sizes: list[int], seconds: float, baseline_max: int, timeout_s: float,
        rounds: int = 3) -> dict:
    """{size: ([Playback of each round], baseline steps per second or None)}."""
    results = {}
    work = Path(tempfile.mkdtemp(prefix="bim-playback-"))
    ensure_vendor_assets(ROOT / "bench" / "static")
    with headless_chromium() as browser:
        for n in sizes:
            folder = write_dataset(n, work / f"data-{n}")
            app = start_app(folder, work / f"page-{n}.log")
            try:
                played = [play(browser, app.url, seconds, timeout_s) for _ in range(rounds)]
            finally:
                stop_app(app)
            base = None
            if n <= baseline_max:
                app = start_app(folder, work / f"baseline-{n}.log",
                                script="bench/baseline_app.py")
                try:
                    moved = measure(browser, app, 1, timeout_s, quick=True)
                    base = 1000 / statistics.median(moved.slider_ms)
                finally:
                    stop_app(app)
            results[n] = (played, base)
            for one in played:
                print(n, summary(one, base), flush=True)
    return results


def summary(p: Playback, base: float | None) -> str:
    gaps = p.intervals()
    return (f"{p.windows_per_s():.2f} windows/s, {p.draws_per_s():.2f} map draws/s over "
            f"{p.seconds:.1f} s; draw interval median {statistics.median(gaps or [0]):.0f} ms; "
            f"frame kept: {p.frame_kept}; baseline {base if base is None else f'{base:.3f}'}"
            " steps/s")


def table(results: dict, seconds: float, rounds: int) -> str:
    """The results as Markdown: per size, the round of median speed (and the range)."""
    lines = [SECTION, "", f"Machine: {machine()}. Chromium headless; {rounds} rounds of "
             f"{seconds:.0f} s of playing per size, each from a fresh page, the median round "
             "shown (the others' map layers drawn/s in brackets); window and step 1 month "
             f"(the timer asks for a step every {TIMER_SECONDS} s, a step comes "
             f"{STEP_SECONDS} s after the last at the soonest). Baseline: "
             "`bench/baseline_app.py` stepped by slider moves, each once the last one's map "
             "is drawn (one move timed). Ratio = page ÷ baseline (higher is better for the "
             "page), measured in the same run. Goal: ≥ 2 steps a second at 10,000.", "",
             "| incidents | steps/s (slider windows) | map layers drawn/s | draw interval "
             "median / p90 | baseline steps/s | ratio | map frame |",
             "|---|---|---|---|---|---|---|"]
    for n, (played, base) in results.items():
        ranked = sorted(played, key=Playback.draws_per_s)
        p = ranked[len(ranked) // 2]
        others = ", ".join(f"{o.draws_per_s():.2f}" for o in ranked if o is not p)
        gaps = sorted(p.intervals()) or [0.0]
        p90 = gaps[min(len(gaps) - 1, int(0.9 * len(gaps)))]
        ratio = f"{p.draws_per_s() / base:,.0f}×" if base else "—"
        base_text = f"{base:.3f}" if base else "not run (> 300 s a move)"
        lines.append(f"| {n:,} | {p.windows_per_s():.2f} | {p.draws_per_s():.2f} ({others}) | "
                     f"{statistics.median(gaps):.0f} / {p90:.0f} ms | {base_text} | {ratio} | "
                     f"{'kept' if all(o.frame_kept for o in played) else 'reloaded'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--seconds", type=float, default=20, help="of playing, per size")
    parser.add_argument("--rounds", type=int, default=3, help="of playing, per size")
    parser.add_argument("--baseline-max", type=int, default=10000)
    parser.add_argument("--timeout", type=float, default=300, help="seconds, per wait")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(argv)
    started = time.monotonic()
    results = run(args.sizes, args.seconds, args.baseline_max, args.timeout, args.rounds)
    text = table(results, args.seconds, args.rounds)
    print(text, f"({time.monotonic() - started:.0f} s)")
    if args.write:
        write_section(SECTION, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
