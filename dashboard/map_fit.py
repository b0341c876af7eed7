"""When the map fits itself to what is shown: after the dates, a filter or a district change,
unless a shared link set the view (the user's own pan or zoom is kept by the map itself, see
``fitTo`` in ``leaflet.bim-incidents.js``).

The request travels with the incident layer as ``{key, bounds}``; the key changes only when
the filters do, so a rerun for another reason (a click, a pan) re-sends the same request and
the map does not move.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from geo.extent import extent
from geo.filtering import Filters

_FIT = "_map_fit"  # (filters, request) of the last fit asked for
_KEYS = "_map_fit_key"  # the last key given to a fit request
LINK_VIEW_KEY = "_link_view"  # set when a shared link opened on a view of its own


def keep_link_view() -> None:
    """The opened link set the map's view: never re-fit in this session."""
    st.session_state[LINK_VIEW_KEY] = True


def fit_request(filters: Filters, shown: pd.DataFrame, districts: pd.DataFrame,
                selected: str | None, all_dates: tuple[dt.date, dt.date]) -> dict[str, Any] | None:
    """What the map should fit to on this run (``None``: nothing to ask).

    On a session's first run the map opens where the link or the default puts it, fitted
    only if the link chose filters (and no incident or view). Later, each change of the
    filters asks for a fit: to the shown incidents (and chosen districts), or back to the
    whole border when no filter is set and the dates are ``all_dates``."""
    if st.session_state.get(LINK_VIEW_KEY):
        return None
    last = st.session_state.get(_FIT)
    if last is not None and last[0] == filters:
        return last[1]
    unfiltered = filters.is_default() and (filters.start, filters.end) == tuple(all_dates)
    # A new key for every change (never one used before, even after a change that asked
    # nothing): the map fits once per key.
    key = st.session_state.get(_KEYS, -1) + 1 if last is not None else 0
    st.session_state[_KEYS] = key
    request: dict[str, Any] | None = {"key": key, "bounds": None if unfiltered else extent(
        shown, districts, filters.districts)}
    if last is None and (unfiltered or selected):
        request = None  # the map opens on its own view (or the selected incident)
    elif request is not None and request["bounds"] is None and not unfiltered:
        request = None  # nothing shown has a place: leave the map where it is
    st.session_state[_FIT] = (filters, request)
    return request



def hold(filters: Filters) -> dict[str, Any] | None:
    """While time playback steps the dates: the map stays where it is (the last request, its
    key unchanged, now stands for these filters too), so that each step does not move it."""
    last = st.session_state.get(_FIT)
    request = last[1] if last is not None else None
    st.session_state[_FIT] = (filters, request)
    return request
