"""The figures of a load run (:mod:`bench.load`) as Markdown."""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.load import Stats


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def report(stats: Stats, base_kb: int, sessions: int, seconds: float) -> str:
    """The run as the rows of a Markdown table."""
    lat = sorted(stats.latencies)
    return (
        f"| sessions asked / held | {sessions} / {stats.sessions_held} |\n"
        f"| duration | {seconds:.0f} s |\n"
        f"| page runs checked | {len(lat)} |\n"
        f"| wrong pages / errors | {len(stats.wrong)} / {len(stats.errors)} |\n"
        f"| websockets dropped and reopened | {stats.reconnects} |\n"
        f"| run latency p50 / p95 / p99 | {percentile(lat, 50):.2f} / {percentile(lat, 95):.2f}"
        f" / {percentile(lat, 99):.2f} s |\n"
        f"| server RSS at start / peak | {base_kb / 1024:.0f} / "
        f"{max(stats.rss_kb) / 1024:.0f} MiB |\n")


def side_by_side(runs: dict[str, tuple[Stats, int, int, float]]) -> str:
    """Runs as the columns of one table: label → (stats, base RSS, sessions, seconds)."""
    rows: dict[str, list[str]] = {}
    for stats, base, sessions, seconds in runs.values():
        for line in report(stats, base, sessions, seconds).splitlines():
            _, measure, value, _ = line.split("|")
            rows.setdefault(measure.strip(), []).append(value.strip())
    head = "| measure | " + " | ".join(runs) + " |\n|---|" + "---|" * len(runs) + "\n"
    return head + "".join(f"| {m} | " + " | ".join(v) + " |\n" for m, v in rows.items())
