"""Many viewers: concurrent sessions over Streamlit's websocket, on loopback only.

Each viewer does what a browser tab does: it opens ``/_stcore/stream`` with a shared link's
query string, reads the page until the script finishes, reruns it as interactions do, and
moves on to another link in a new session; all viewers at once. Every page is checked: the
"n of N incidents shown" line must be the count the core computes for that session's own
link (so no session sees another's state). Reports sessions held, reruns, latency
percentiles, errors and the server's memory; exits non-zero on any wrong page.

    .venv/bin/python -m bench.load --sessions 50 --seconds 180 --write   # bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.results import machine, write_section
from geo import paths
from geo.filtering import FILTERS, apply_filters
from geo.pipeline import load_incident_data
from geo.view_state import Context, context_of, parse_query
from testkit.server import rss_kib, start_app, stop_app

#: Links beside those of each filter (:func:`links`).
FIXED_LINKS = [
    {}, {"start": ["2025-01-01"], "end": ["2025-12-31"]},
    {"incident": ["2025-12-25-kavo"], "type": ["infiltration"]},
    {"type": ["bogus"], "start": ["2025-13-01"]},  # a mangled link still renders
]


def links(context: Context) -> list[dict[str, list[str]]]:
    """The links viewers open: :data:`FIXED_LINKS`, and for every filter one link setting
    it (its first value, and its first two), the second from 2024 on."""
    out = list(FIXED_LINKS)
    for spec in FILTERS:
        if spec.flag:
            out.append({spec.param: ["1"]})
            continue
        values = list(context.allowed(spec))
        out += [{spec.param: values[:1]}, {spec.param: values[:2], "start": ["2024-01-01"]}]
    return out
SECTION = "## Many viewers (`bench/load.py`)"
SHOWN = re.compile(r"\*\*(\d+) of (\d+) incidents shown\.\*\*")


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sessions_held: int = 0
    rss_kb: list[int] = field(default_factory=list)


def expected_counts() -> dict[str, int]:
    """What each link must show, computed by the core."""
    data = load_incident_data()
    context = context_of(data.incidents)
    out = {}
    for link in links(context):
        state, _ = parse_query(link, context)
        shown, _ = apply_filters(data.incidents, data.casualties, state.filters)
        out[urlencode(link, doseq=True)] = len(shown)
    return out


async def one_run(ws, query: str) -> tuple[float, int | None]:
    msg = BackMsg()
    msg.rerun_script.query_string = query
    started = time.monotonic()
    await ws.send(msg.SerializeToString())
    shown = None
    while True:
        fm = ForwardMsg()
        fm.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=60))
        kind = fm.WhichOneof("type")
        if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            element = fm.delta.new_element
            if element.WhichOneof("type") == "markdown":
                match = SHOWN.search(element.markdown.body)
                if match:
                    shown = int(match.group(1))
        elif kind == "script_finished":
            return time.monotonic() - started, shown


async def session(url: str, seconds: float, expected: dict[str, int], stats: Stats,
                  seed: int) -> None:
    """One viewer for ``seconds``: open a link (a new session, as a browser tab does), read
    the page, rerun it twice as interactions do, close; then the next link."""
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    held = False
    while time.monotonic() < deadline:
        query = rng.choice(list(expected))
        try:
            async with websockets.connect(url, subprotocols=["streamlit"], max_size=None,
                                          open_timeout=60) as ws:
                if not held:
                    stats.sessions_held += 1
                    held = True
                for _ in range(3):
                    latency, shown = await one_run(ws, query)
                    stats.latencies.append(latency)
                    if shown != expected[query]:
                        stats.errors.append(f"session {seed}: {query!r} showed {shown}, "
                                            f"expected {expected[query]}")
                    await asyncio.sleep(rng.uniform(2.0, 6.0))  # a person reading the page
        except (OSError, TimeoutError, websockets.WebSocketException) as exc:
            stats.errors.append(f"session {seed}: {type(exc).__name__}: {exc}")


async def sample_memory(pid: int, stats: Stats, stop: asyncio.Event) -> None:
    while not stop.is_set():
        stats.rss_kb.append(rss_kib(pid))
        await asyncio.sleep(0.5)


def run_load(sessions: int, seconds: float) -> tuple[Stats, int]:
    """Start the app, hold ``sessions`` sessions for ``seconds``; return stats and base RSS."""
    expected = expected_counts()
    log = Path(tempfile.mkdtemp()) / "load.log"
    app = start_app(paths.DATA_DIR, log)  # the data expected_counts reads
    server = app.process
    try:
        base = rss_kib(server.pid)
        stats = Stats()

        async def main() -> None:
            stop = asyncio.Event()
            sampler = asyncio.create_task(sample_memory(server.pid, stats, stop))
            url = app.url.replace("http://", "ws://") + "/_stcore/stream"
            await asyncio.gather(*(session(url, seconds, expected, stats, seed)
                                   for seed in range(sessions)))
            stop.set()
            await sampler

        # Its own thread, so it also runs where an event loop is already running (pytest with
        # Playwright's sync API).
        runner = threading.Thread(target=asyncio.run, args=(main(),))
        runner.start()
        runner.join()
        return stats, base
    finally:
        stop_app(app)


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def report(stats: Stats, base_kb: int, sessions: int, seconds: float) -> str:
    lat = sorted(stats.latencies)
    return (
        f"| sessions asked / held | {sessions} / {stats.sessions_held} |\n"
        f"| duration | {seconds:.0f} s |\n"
        f"| page runs checked | {len(lat)} |\n"
        f"| wrong pages or errors | {len(stats.errors)} |\n"
        f"| run latency p50 / p95 / p99 | {percentile(lat, 50):.2f} / {percentile(lat, 95):.2f}"
        f" / {percentile(lat, 99):.2f} s |\n"
        f"| server RSS at start / peak | {base_kb / 1024:.0f} / "
        f"{max(stats.rss_kb) / 1024:.0f} MiB |\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--max-rss-mib", type=float, default=2048,
                        help="fail if the server's memory grows beyond this")
    parser.add_argument("--write", action="store_true", help="write bench/RESULTS.md")
    args = parser.parse_args()
    stats, base = run_load(args.sessions, args.seconds)
    table = report(stats, base, args.sessions, args.seconds)
    print(table)
    for error in stats.errors[:20]:
        print("error:", error, file=sys.stderr)
    if args.write:
        write_section(SECTION, f"{SECTION}\n\nMachine: {machine()}; the shipped data.\n\n"
                      "| measure | value |\n|---|---|\n" + table)
    ok = (not stats.errors and stats.sessions_held == args.sessions
          and max(stats.rss_kb) / 1024 <= args.max_rss_mib)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())


