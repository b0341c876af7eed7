"""Short runs of the load tool: concurrent sessions each see their own link's page, served
directly and through HAProxy in front of two replicas."""

from __future__ import annotations

import pytest

from bench.load import run_balanced, run_load
from testkit.replicas import haproxy


def test_concurrent_sessions_see_their_own_views() -> None:
    stats, base_kb = run_load(sessions=4, seconds=8)
    assert stats.wrong == [] and stats.errors == [] and stats.reconnects == 0
    assert stats.sessions_held == 4
    assert len(stats.latencies) >= 4  # every session checked at least one page
    assert max(stats.rss_kb) < base_kb + 1024 * 1024  # well under 1 GiB of growth


@pytest.mark.skipif(haproxy() is None, reason="haproxy not installed (make test installs it)")
def test_every_page_through_the_balancer_is_right() -> None:
    """Through HAProxy, each viewer's pages are right whichever replica serves it, and the
    viewers are spread over both replicas."""
    stats, _ = run_balanced(replicas=2, sessions=4, seconds=8)
    assert stats.wrong == [] and stats.errors == [] and stats.reconnects == 0
    assert stats.sessions_held == 4
    assert len(stats.latencies) >= 4
    assert len(stats.replicas_used) == 2
