"""Keep the address bar the shareable link: read it once per session, write it every run."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import language, map_fit, playback_ui, selection, view_switch
from dashboard.filters_ui import KEYS, matching_preset, widget_value
from geo.filtering import FILTERS, Filters, date_bounds
from geo.query_limits import truncation_notice
from geo.view_state import MapView, ViewState, context_of, parse_query, to_query

_APPLIED = "_url_applied"
_NOTICES = "_link_notices"


def _current_query() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def restore(incidents: pd.DataFrame) -> list[str]:
    """On a session's first run, set every control from the URL.

    Returns what the opened link had changed, until the user dismisses it.
    """
    if st.session_state.get(_APPLIED):
        return list(st.session_state.get(_NOTICES, []))
    st.session_state[_APPLIED] = True
    query = _current_query()
    state, notices = parse_query(query, context_of(incidents))
    if cut := truncation_notice(query):
        notices = [cut, *notices]
    st.session_state[_NOTICES] = notices
    f = state.filters
    st.session_state.update({
        KEYS["dates"]: (f.start, f.end),
        **{spec.param: widget_value(f.value(spec)) for spec in FILTERS},
        KEYS["preset"]: matching_preset(date_bounds(incidents), (f.start, f.end)),
        view_switch.VIEW_KEY: state.view, view_switch.BY_KEY: state.colour_by,
        playback_ui.WINDOW_KEY: state.window, playback_ui.STEP_KEY: state.step,
        selection.SELECTED_KEY: state.incident,
    })
    if state.map_view is not None:
        map_fit.keep_link_view()
        selection.request_view(state.map_view, state.incident)
        st.session_state[selection.VIEW_KEY] = state.map_view
    return notices


def dismiss_notices() -> None:
    """Button callback: hide the notices about the opened link."""
    st.session_state[_NOTICES] = []


def view_state(filters: Filters, selected: str | None) -> ViewState:
    """The current view: filters, selection and the map view the browser last reported."""
    view: MapView | None = st.session_state.get(selection.VIEW_KEY)
    return ViewState(filters, selected, view, *view_switch.current(),
                     lang=st.session_state.get(language.KEY), window=playback_ui.current()[0],
                     step=playback_ui.current()[1])


def write(state: ViewState) -> None:
    """Put the view in the address bar (no reload, no rerun) if it changed."""
    query = to_query(state)
    if _current_query() != query:
        st.query_params.from_dict(query)


def share_url(state: ViewState) -> str:
    """The full link of the view, as the browser sees the app."""
    base = st.context.url or ""
    return f"{base}?{urlencode(to_query(state), doseq=True)}"
