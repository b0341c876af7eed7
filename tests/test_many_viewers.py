"""A short run of the load tool: concurrent sessions each see their own link's page."""

from __future__ import annotations

from bench.load import run_load


def test_concurrent_sessions_see_their_own_views() -> None:
    stats, base_kb = run_load(sessions=4, seconds=8)
    assert stats.errors == []
    assert stats.sessions_held == 4
    assert len(stats.latencies) >= 4  # every session checked at least one page
    assert max(stats.rss_kb) < base_kb + 1024 * 1024  # well under 1 GiB of growth
