"""The page's per-load cache: entries live as long as their load, within a byte budget."""

from __future__ import annotations

import gc
import threading
import time

import pandas as pd

from dashboard import load_cache
from geo.loading import empty_table
from geo.pipeline import IncidentData
from geo.schema import CASUALTIES, INCIDENTS


def _load() -> IncidentData:
    return IncidentData(empty_table(INCIDENTS), empty_table(CASUALTIES), pd.DataFrame())


def test_a_loads_entries_go_with_it() -> None:
    data = _load()
    before = load_cache.held_loads()
    assert load_cache.remember(data, "k", lambda: "made") == "made"
    assert load_cache.remember(data, "k", lambda: "made again") == "made"
    assert load_cache.held_loads() == before + 1
    del data
    gc.collect()
    assert load_cache.held_loads() == before


def test_entries_are_bounded_by_bytes_oldest_first(monkeypatch) -> None:
    monkeypatch.setattr(load_cache, "MAX_BYTES", 3_000)
    data = _load()
    for key in "abcd":
        load_cache.remember(data, key, lambda: "x" * 1_000)
    # 4,000 bytes over a budget of 3,000: the oldest went first.
    assert [load_cache.remember(data, key, lambda: "new") for key in "dcba"] == [
        "x" * 1_000, "x" * 1_000, "x" * 1_000, "new"]
    # One entry larger than the budget is still kept (the page needs it now).
    assert load_cache.remember(data, "big", lambda: "y" * 10_000) == "y" * 10_000
    assert load_cache.remember(data, "big", lambda: "gone") == "y" * 10_000


def test_sessions_asking_at_once_wait_for_one_making() -> None:
    data, calls = _load(), []

    def make() -> str:
        calls.append(1)
        time.sleep(0.2)
        return "layer"

    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(
        load_cache.remember(data, "layer", make))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["layer"] * 4 and len(calls) == 1
