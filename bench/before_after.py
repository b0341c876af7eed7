"""Before and after: the page of another checkout (the code before a change) and this one,
timed in the same run on the same machine, in Chromium.

``bench/page_speed.py`` compares the page with a deliberately naive baseline; whether a change
made the page itself slower needs the page before it, measured beside the page after it in
one run (this machine's speed varies by the hour). Each side gets a data folder written by
its own ``bench/synthetic.py`` (the schema may have changed between them), is started with
its own Python, and is measured by :func:`bench.page_speed.measure`; the two sides take
turns, ``--rounds`` times, and each figure is the median over every round.

    git worktree add --detach /tmp/before <commit>      # then install it: make .venv/.installed
    .venv/bin/python -m bench.before_after --before /tmp/before --sizes 10000 --write
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.page_speed import Figures, measure
from bench.results import machine, publish
from bench.synthetic import write_dataset
from testkit.server import ROOT, headless_chromium, start_app, stop_app

SECTION = "## Before and after (`bench/before_after.py`)"


def commit(root: Path) -> str:
    """The short commit hash of a checkout (and '+' when it has uncommitted changes)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, text=True,
                          capture_output=True, check=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                           text=True, capture_output=True, check=True).stdout.strip()
    return head + ("+" if dirty else "")


def python_of(root: Path) -> str:
    """The checkout's own interpreter (its ``.venv``), else this one."""
    own = root / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


def dataset(root: Path, n: int, folder: Path) -> Path:
    """``n`` synthetic incidents written by the checkout's own generator."""
    if root == ROOT:
        return write_dataset(n, folder)
    code = ("import sys; from pathlib import Path; from bench.synthetic import write_dataset; "
            "write_dataset(int(sys.argv[1]), Path(sys.argv[2]))")
    subprocess.run([python_of(root), "-c", code, str(n), str(folder)], cwd=root, check=True,
                   env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    return folder


def run(before: Path, sizes: list[int], runs: int, rounds: int) -> dict[int, dict[str, Figures]]:
    """{size: {"before"/"after": figures pooled over the rounds}}."""
    sides = {"before": before, "after": ROOT}
    work = Path(tempfile.mkdtemp(prefix="bim-before-after-"))
    results: dict[int, dict[str, Figures]] = {}
    with headless_chromium() as browser:
        for n in sizes:
            folders = {side: dataset(root, n, work / f"{side}-{n}") for side, root in sides.items()}
            pooled = {side: Figures() for side in sides}
            for _ in range(rounds):
                for side, root in sides.items():
                    app = start_app(folders[side], work / f"{side}-{n}.log", cwd=root,
                                    command=[python_of(root), "-m", "streamlit", "run",
                                             "dashboard/app.py"],
                                    extra_env={"PYTHONPATH": str(root)})
                    try:
                        got = measure(browser, app, runs, 120)
                    finally:
                        stop_app(app)
                    into = pooled[side]
                    into.open_ms += got.open_ms
                    into.slider_ms += got.slider_ms
                    into.bytes_per_rerun += got.bytes_per_rerun
                    print(n, side, f"open {statistics.median(got.open_ms):.0f} ms, slider "
                          f"{statistics.median(got.slider_ms):.0f} ms", flush=True)
            results[n] = pooled
    return results


def table(results: dict[int, dict[str, Figures]], before: Path, runs: int, rounds: int) -> str:
    """The figures as Markdown: before, after and after ÷ before per size."""
    lines = [SECTION, "", f"Machine: {machine()}. Before: {commit(before)}; after: "
             f"{commit(ROOT)}. Chromium headless; each side started {rounds} times, taking "
             f"turns, {runs} runs each time; medians over all of them. Ratio = after ÷ before "
             "(below 1: the change made it faster).", ""]
    for n, by in results.items():
        lines += [f"### {n:,} incidents (synthetic)", "",
                  "| measure | before | after | after ÷ before |", "|---|---|---|---|"]
        for label, attr, unit, scale in (("open → markers drawn", "open_ms", "ms", 1),
                                          ("slider move → map updated", "slider_ms", "ms", 1),
                                          ("bytes sent per rerun", "bytes_per_rerun", "KiB", 1024)):
            old = statistics.median(getattr(by["before"], attr)) / scale
            new = statistics.median(getattr(by["after"], attr)) / scale
            lines.append(f"| {label} | {old:,.0f} {unit} | {new:,.0f} {unit} | {new / old:.2f} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="the checkout before")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(argv)
    text = table(run(args.before.resolve(), args.sizes, args.runs, args.rounds),
                 args.before.resolve(), args.runs, args.rounds)
    return publish(SECTION, text, args.write)


if __name__ == "__main__":
    sys.exit(main())
