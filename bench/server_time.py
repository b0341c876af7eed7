"""Server time of a page run: a slider move, a selection and a page open, timed in-process.

The page runs under Streamlit's AppTest (the same script runner a server uses, without the
websocket), on the shipped data or a data folder (``--data``, e.g. one written by
``bench/synthetic.py``). Each slider move sets a range no cache has seen. Reports the median
wall time of each kind of run and, with ``--profile``, the top entries of a cProfile of the
slider moves (cumulative time, the script thread only).

    .venv/bin/python -m bench.server_time                      # shipped data
    .venv/bin/python -m bench.server_time --data /tmp/bim-10k  # 10k incidents
    .venv/bin/python -m bench.server_time --write              # both, bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.testing.v1 import AppTest, local_script_runner
from streamlit.testing.v1.local_script_runner import LocalScriptRunner

from bench.results import machine, write_section
from geo import paths

SECTION = "## Server time of a page run (`bench/server_time.py`)"
#: Targets of issue 17 for the median slider move, by data label.
TARGETS_MS = {"shipped": 80.0, "10k": 150.0}


@dataclass
class ScriptClock:
    """The script thread's CPU time of each run, and its profile (if ``profile``)."""

    profile: cProfile.Profile | None = None
    cpu_ms: list[float] = field(default_factory=list)


@contextmanager
def instrumented(clock: ScriptClock) -> Iterator[None]:
    """Within the block, time (and profile) the script thread of every AppTest run, and let
    every run share one script cache as a server's sessions do (AppTest makes a new one per
    run, which compiles the script again every time)."""
    real_run, real_cache = LocalScriptRunner._run_script_thread, local_script_runner.ScriptCache
    shared = real_cache()

    def run(self: LocalScriptRunner) -> None:
        started = time.thread_time()
        if clock.profile is not None:
            clock.profile.enable()
        try:
            real_run(self)
        finally:
            if clock.profile is not None:
                clock.profile.disable()
            clock.cpu_ms.append((time.thread_time() - started) * 1000)

    LocalScriptRunner._run_script_thread = run  # type: ignore[method-assign]
    local_script_runner.ScriptCache = lambda: shared  # type: ignore[assignment,misc]
    try:
        yield
    finally:
        LocalScriptRunner._run_script_thread = real_run  # type: ignore[method-assign]
        local_script_runner.ScriptCache = real_cache  # type: ignore[misc]


def timed(step: Callable[[], object], clock: ScriptClock) -> tuple[float, float]:
    """Wall time of ``step`` and the script's CPU time in it, in ms."""
    runs = len(clock.cpu_ms)
    started = time.perf_counter()
    step()
    return (time.perf_counter() - started) * 1000, sum(clock.cpu_ms[runs:])


def measure(data_dir: Path, moves: int, profile: cProfile.Profile | None = None
            ) -> dict[str, tuple[float, float]]:
    """Median (wall, script CPU) ms of: a page open (both of its runs), a slider move, a
    selection (a table row); caches warm. ``profile``: profile as many slider moves more."""
    os.environ["BIM_DATA_DIR"] = str(data_dir)
    paths.DATA_DIR = data_dir
    app = str(paths.ROOT / "dashboard" / "app.py")
    clock = ScriptClock()

    def new_page() -> AppTest:
        at = AppTest.from_file(app, default_timeout=300)
        at.run()
        at.run()
        assert not at.exception, at.exception
        return at

    with instrumented(clock):
        new_page()  # loads the data into the process's caches
        opens = [timed(new_page, clock) for _ in range(3)]
        at = new_page()
        first, last = at.slider(key="dates").value
        slider = []
        # Timed without the profiler (it slows Python down several-fold), then as many
        # moves again under it.
        for i in range(2 * moves if profile else moves):
            start = first + dt.timedelta(days=7 * (i + 1))  # a range no cache has seen
            move = at.slider(key="dates").set_value((start, last))
            clock.profile = profile if i >= moves else None
            took = timed(move.run, clock)
            if i < moves:
                slider.append(took)
        clock.profile = None
        assert not at.exception, at.exception
        table = next(d for d in at.dataframe if "ID" in d.value.columns)
        select = []
        for incident in list(table.value["ID"])[: max(1, moves // 2)]:
            at.session_state["incident"] = incident
            select.append(timed(at.run, clock))
        assert not at.exception, at.exception
    return {"page open (both runs)": medians(opens), "slider move": medians(slider),
            "selection": medians(select)}


def medians(times: list[tuple[float, float]]) -> tuple[float, float]:
    """The median wall and the median CPU time."""
    return (statistics.median(t[0] for t in times), statistics.median(t[1] for t in times))


def top_entries(profile: cProfile.Profile, n: int = 20) -> str:
    """The profile's top ``n`` entries by cumulative time among the project's functions and
    the Streamlit calls they make (charts, the map component), as pstats prints them."""
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(
        rf"{paths.ROOT}/(dashboard|geo)/|streamlit_folium/__init__|vega_charts\.py.*_chart\)"
        r"|time\.sleep", n)
    lines = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    site = re.compile(r"\S*/site-packages/")
    return "\n".join(site.sub("", line.rstrip().replace(f"{paths.ROOT}/", ""))
                     for line in lines[start:] if line.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append",
                        help="a data folder (repeatable; default: the shipped data)")
    parser.add_argument("--moves", type=int, default=15)
    parser.add_argument("--profile", action="store_true", help="print the top entries")
    parser.add_argument("--write", action="store_true",
                        help="measure the shipped data and 10k synthetic incidents and write "
                             "bench/RESULTS.md")
    args = parser.parse_args()
    folders = {str(d): d for d in args.data or [paths.ROOT / "data"]}
    if args.write:
        from bench.synthetic import write_dataset

        folders = {"shipped": paths.ROOT / "data",
                   "10k": write_dataset(10_000, Path(f"/tmp/bim-server-time-{os.getpid()}"))}
    ok = True
    text = [f"{SECTION}\n\nMachine: {machine()}; {dt.datetime.now():%d %B %Y, %H:%M}. "
            f"Medians; {args.moves} slider moves (each to a range no cache has seen; at the "
            "shipped data most of them show the same incidents as the move before), caches "
            "warm. AppTest runs the page in-process, so this is the script's time without the "
            "websocket. Wall: the whole run, including the map's 60 ms head start when the "
            "layer changed (`dashboard/map_first.py`, a pause that leaves the CPU to other "
            "sessions); script CPU: the script thread's CPU time. The profile is of as many "
            "moves again, under cProfile (which slows them down).\n"]
    for label, folder in folders.items():
        profile = cProfile.Profile() if args.profile or args.write else None
        figures = measure(folder, args.moves, profile)
        target = TARGETS_MS.get(label)
        rows = "\n".join(f"| {k} | {wall:,.0f} ms | {cpu:,.0f} ms |"
                         for k, (wall, cpu) in figures.items())
        wall = figures["slider move"][0]
        verdict = ("" if target is None else
                   f"\n\nTarget for the slider move (wall): ≤ {target:.0f} ms — "
                   + ("**met**." if wall <= target else "**not met**."))
        ok = ok and (target is None or wall <= target)
        block = (f"### {label}\n\n| run | wall (median) | script CPU (median) |\n"
                 f"|---|---|---|\n{rows}{verdict}\n")
        if profile is not None:
            block += ("\nTop of the profile of the slider moves (cumulative):\n\n```\n"
                      + top_entries(profile) + "\n```\n")
        print(block)
        text.append(block)
    if args.write:
        write_section(SECTION, "\n".join(text))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
