"""Many viewers: concurrent sessions over Streamlit's websocket, on loopback only.

Each viewer does what a browser tab does: it opens ``/_stcore/stream`` with a shared link's
query string, reads the page until the script finishes, reruns it as interactions do, and
moves on to another link in a new session; all viewers at once. Every page is checked: the
"n of N incidents shown" line must be the count the core computes for that session's own
link (so no session sees another's state). Reports sessions held, reruns, latency
percentiles, errors and the server's memory; exits non-zero on any wrong page.

    .venv/bin/python -m bench.load --sessions 50 --seconds 180 --write   # bench/RESULTS.md

Through HAProxy (``deploy/haproxy.cfg``, :mod:`testkit.replicas`): ``--via-balancer`` runs
every pair of ``--replicas`` and ``--sessions`` one after the other, and ``--kill-one`` a run
of the last pair in which one replica is killed halfway. Each viewer is a browser with its
own cookies: the balancer's sticky cookie keeps its sessions on one replica; a session whose
websocket drops reconnects (a new session, as Streamlit's client does) and is counted.

    .venv/bin/python -m bench.load --via-balancer --replicas 1 2 --sessions 20 50 \
        --seconds 60 --kill-one --write
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load_links import expected_counts
from bench.load_report import report, side_by_side
from bench.results import machine, write_section
from geo import paths
from testkit.replicas import STICKY_COOKIE, start_replicas, stop_replicas
from testkit.server import rss_kib, start_app, stop_app

SECTION = "## Many viewers (`bench/load.py`)"
BALANCED_SECTION = "## Many viewers through HAProxy (`bench/load.py --via-balancer`)"
SHOWN = re.compile(r"\*\*([\d,]+) of ([\d,]+) incidents shown\*\*")


@dataclass
class Stats:
    """What a run saw: latency of every checked page run, wrong pages, errors (a failed
    connection, a timeout), websockets dropped and reopened, and the servers' memory."""

    latencies: list[float] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    reconnects: int = 0
    sessions_held: int = 0
    #: The balancer's sticky-cookie values the viewers got: one per replica serving them.
    replicas_used: set[str] = field(default_factory=set)
    rss_kb: list[int] = field(default_factory=list)


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
                    shown = int(match.group(1).replace(",", ""))
        elif kind == "script_finished":
            return time.monotonic() - started, shown


def sticky_cookie(url: str) -> str:
    """Open the page as a browser does before its websocket (``/``, then the health check
    that sets Streamlit's XSRF cookie) and return the cookies set: the balancer's sticky
    cookie names the replica every later request goes to."""
    cookies: dict[str, str] = {}
    for path in ("/", "/_stcore/health"):
        request = urllib.request.Request(url + path, headers={
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})
        with urllib.request.urlopen(request, timeout=60) as response:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, value = header.split(";", 1)[0].partition("=")
                cookies[name] = value
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


async def session(url: str, seconds: float, expected: dict[str, int], stats: Stats,
                  seed: int) -> None:
    """One viewer for ``seconds``: open a link (a new session, as a browser tab does), read
    the page, rerun it twice as interactions do, close; then the next link. A websocket
    that drops is reopened on the same link (counted in ``stats.reconnects``)."""
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    held = False
    cookie = await asyncio.to_thread(sticky_cookie, url)
    stats.replicas_used.update(c for c in cookie.split("; ") if c.startswith(STICKY_COOKIE))
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    query = rng.choice(list(expected))
    runs = 0
    while time.monotonic() < deadline:
        try:
            async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None,
                                          open_timeout=60,
                                          additional_headers={"Cookie": cookie}) as ws:
                if not held:
                    stats.sessions_held += 1
                    held = True
                while runs < 3:
                    latency, shown = await one_run(ws, query)
                    runs += 1
                    stats.latencies.append(latency)
                    if shown != expected[query]:
                        stats.wrong.append(f"session {seed}: {query!r} showed {shown}, "
                                           f"expected {expected[query]}")
                    await asyncio.sleep(rng.uniform(2.0, 6.0))  # a person reading the page
            query, runs = rng.choice(list(expected)), 0
        except websockets.ConnectionClosed:
            stats.reconnects += 1  # the same link again, in a new session
        except (OSError, TimeoutError, websockets.WebSocketException) as exc:
            stats.errors.append(f"session {seed}: {type(exc).__name__}: {exc}")
            query, runs = rng.choice(list(expected)), 0


async def sample_memory(pids: list[int], stats: Stats, stop: asyncio.Event) -> None:
    """The servers' resident memory together, every half second (a killed one counts 0)."""
    def rss(pid: int) -> int:
        try:
            return rss_kib(pid)
        except OSError:
            return 0

    while not stop.is_set():
        stats.rss_kb.append(sum(rss(pid) for pid in pids))
        await asyncio.sleep(0.5)


def hold(url: str, pids: list[int], sessions: int, seconds: float, expected: dict[str, int],
         during: Callable[[], Awaitable[None]] | None = None) -> Stats:
    """``sessions`` viewers of ``url`` for ``seconds`` (and ``during`` alongside them)."""
    stats = Stats()

    async def main() -> None:
        stop = asyncio.Event()
        sampler = asyncio.create_task(sample_memory(pids, stats, stop))
        side = asyncio.create_task(during()) if during else None
        await asyncio.gather(*(session(url, seconds, expected, stats, seed)
                               for seed in range(sessions)))
        stop.set()
        await sampler
        if side:
            await side

    # Its own thread, so it also runs where an event loop is already running (pytest with
    # Playwright's sync API).
    runner = threading.Thread(target=asyncio.run, args=(main(),))
    runner.start()
    runner.join()
    return stats


def warm(url: str) -> None:
    """One page run on a just-started server, so that the viewers meet a running service
    (its data loaded, its caches made) and not a cold start, which the first viewers would
    all wait for together."""
    async def once() -> None:
        stream = url.replace("http://", "ws://") + "/_stcore/stream"
        async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None,
                                      open_timeout=60) as ws:
            await one_run(ws, "")

    # Its own thread, as in hold(): pytest with Playwright's sync API has a running loop.
    runner = threading.Thread(target=asyncio.run, args=(once(),))
    runner.start()
    runner.join()


def run_load(sessions: int, seconds: float) -> tuple[Stats, int]:
    """Start the app, hold ``sessions`` sessions for ``seconds``; return stats and base RSS."""
    expected = expected_counts()
    log = Path(tempfile.mkdtemp()) / "load.log"
    app = start_app(paths.DATA_DIR, log)  # the data expected_counts reads
    try:
        warm(app.url)
        base = rss_kib(app.process.pid)
        return hold(app.url, [app.process.pid], sessions, seconds, expected), base
    finally:
        stop_app(app)


def run_balanced(replicas: int, sessions: int, seconds: float,
                 kill_after: float | None = None) -> tuple[Stats, int]:
    """As :func:`run_load`, through HAProxy in front of ``replicas`` replicas; with
    ``kill_after``, the first replica is killed (SIGKILL) that many seconds in."""
    expected = expected_counts()
    balanced = start_replicas(replicas, paths.DATA_DIR, Path(tempfile.mkdtemp()))
    pids = [app.process.pid for app in balanced.replicas]

    async def kill() -> None:
        await asyncio.sleep(kill_after or 0)
        balanced.replicas[0].process.kill()

    try:
        for replica in balanced.replicas:
            warm(replica.url)
        base = sum(rss_kib(pid) for pid in pids)
        stats = hold(balanced.url, pids, sessions, seconds, expected,
                     during=kill if kill_after is not None else None)
        return stats, base
    finally:
        stop_replicas(balanced)


def failed(stats: Stats, sessions: int, max_rss_mib: float) -> bool:
    """Whether a run failed: a wrong page, an error, a session never held, too much memory."""
    return bool(stats.wrong or stats.errors or stats.sessions_held < sessions
                or max(stats.rss_kb) / 1024 > max_rss_mib)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[50])
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--max-rss-mib", type=float, default=2048,
                        help="fail if the servers' memory grows beyond this")
    parser.add_argument("--via-balancer", action="store_true",
                        help="through HAProxy in front of --replicas replicas")
    parser.add_argument("--replicas", type=int, nargs="+", default=[2])
    parser.add_argument("--kill-one", action="store_true",
                        help="also a run with one replica killed halfway")
    parser.add_argument("--write", action="store_true", help="write bench/RESULTS.md")
    args = parser.parse_args()
    if not args.via_balancer:
        sessions = args.sessions[0]
        stats, base = run_load(sessions, args.seconds)
        table = report(stats, base, sessions, args.seconds)
        print(table)
        for error in (stats.wrong + stats.errors)[:20]:
            print("error:", error, file=sys.stderr)
        if args.write:
            write_section(SECTION, f"{SECTION}\n\nMachine: {machine()}; the shipped data.\n\n"
                          "| measure | value |\n|---|---|\n" + table)
        return 1 if failed(stats, sessions, args.max_rss_mib) else 0
    runs: dict[str, tuple[Stats, int, int, float]] = {}
    started = time.strftime("%d %B %Y, %H:%M")
    plan = [(r, n, None) for n in args.sessions for r in args.replicas]
    if args.kill_one:
        plan.append((max(args.replicas), max(args.sessions), args.seconds / 2))
    for replicas, sessions, kill_after in plan:
        label = (f"{sessions} viewers, {replicas} replica{'s' * (replicas > 1)}"
                 + (", one killed halfway" if kill_after is not None else ""))
        print(f"{label}…", file=sys.stderr)
        stats, base = run_balanced(replicas, sessions, args.seconds, kill_after)
        runs[label] = (stats, base, sessions, args.seconds)
        for error in (stats.wrong + stats.errors)[:10]:
            print("error:", error, file=sys.stderr)
    table = side_by_side(runs)
    print(table)
    if args.write:
        write_section(BALANCED_SECTION, f"{BALANCED_SECTION}\n\nMachine: {machine()}; "
                      f"{started}–{time.strftime('%H:%M')}; the shipped data; HAProxy "
                      "(`deploy/haproxy.cfg`) in front of the replicas on loopback; the runs "
                      "one after the other.\n\n" + table)
    # A killed replica's drops are expected (reported as reconnects); errors are not.
    return 1 if any(failed(stats, sessions, args.max_rss_mib)
                    for stats, _, sessions, _ in runs.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
