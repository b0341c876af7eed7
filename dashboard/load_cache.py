"""What the page derives from one load (its layer, table, figures …), cached with that load
and gone with it.

Streamlit's caches are keyed by their arguments and outlive the data they were made from:
an upload's layers and tables (tens of MB each at 80,000 incidents) stayed in them after its
session had ended, until 64 other entries pushed them out. Here each load's entries hang off
the load itself: freed when the load is (an upload when its session ends or uploads another
file, the shipped data when one of its files changes), and bounded in number and in bytes per
load, so that moving a slider over a large upload does not pile up its layers.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from geo.pipeline import IncidentData

T = TypeVar("T")

#: Entries kept per load, and their approximate bytes (the newest entry is always kept).
MAX_ENTRIES = 64
MAX_BYTES = 192 * 2**20


def approximate_bytes(value: object) -> int:
    """What a cached value holds, roughly: text by its length, a table by its columns."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, pd.DataFrame | pd.Series):
        return int(np.sum(value.memory_usage(index=True, deep=False)))
    if isinstance(value, tuple):
        return sum(approximate_bytes(v) for v in value)
    return 0


class _Store:
    """One load's entries, least recently used first."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self.bytes = 0
        #: A lock per entry being made: sessions asking for it at once wait for one making.
        self.making: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable) -> tuple[bool, Any]:
        with self.lock:
            if key not in self.entries:
                return False, None
            self.entries.move_to_end(key)
            return True, self.entries[key][0]

    def put(self, key: Hashable, value: Any) -> None:
        size = approximate_bytes(value)
        with self.lock:
            self.entries[key] = (value, size)
            self.bytes += size
            while len(self.entries) > 1 and (len(self.entries) > MAX_ENTRIES
                                             or self.bytes > MAX_BYTES):
                _, (_, dropped) = self.entries.popitem(last=False)
                self.bytes -= dropped


_stores: dict[str, _Store] = {}
_stores_lock = threading.Lock()


def _store(data: IncidentData) -> _Store:
    with _stores_lock:
        store = _stores.get(data.token)
        if store is None:
            store = _stores[data.token] = _Store()
            # The entries go with the load (values must not refer to the load itself).
            weakref.finalize(data, _stores.pop, data.token, None)
        return store


def remember(data: IncidentData, key: Hashable, make: Callable[[], T]) -> T:
    """``make()``'s value for ``key`` in ``data``'s cache: made once, kept while the load
    lives (within :data:`MAX_ENTRIES` and :data:`MAX_BYTES`)."""
    store = _store(data)
    found, value = store.get(key)
    if found:
        return value
    with store.lock:
        making = store.making.setdefault(key, threading.Lock())
    with making:
        found, value = store.get(key)
        if found:
            return value
        try:
            value = make()
            store.put(key, value)
        finally:
            with store.lock:
                store.making.pop(key, None)
    return value


def held_loads() -> int:
    """How many loads have entries here (for the tests: an ended upload leaves none)."""
    with _stores_lock:
        return len(_stores)
