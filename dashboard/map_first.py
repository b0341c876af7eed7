"""The map first: on a page open the rest of the page comes with the next run; on a rerun
that changes the map's layer, the rest comes after a short head start.

On a first open the browser's work dominates: Streamlit loads each element kind's code when
the element first arrives and renders every element, the map's frame included, on one
thread. Sent in the same run as the map, the charts, the table, the link box and the About
text delayed the first markers, and the filters' widgets delayed them further (figures in
``bench/RESULTS.md``). So a session's first run sends the
title, the map, the panel beside it and placeholders (the filters in effect are applied all
the same, see :func:`dashboard.filters_ui.in_effect`); the widgets and the rest come
with the next run. The map starts that run itself: once
drawn, streamlit-folium reports its view, which reruns the page. Should that report never
come (the map's frame failed to load), a timer on the placeholder starts the run after
:data:`FALLBACK_SECONDS`.
"""

from __future__ import annotations

from time import sleep

import streamlit as st

from geo.i18n import N_, _

RUNS_KEY = "_page_runs"
_WAITING = "_rest_waiting"
_LAYER_SENT = "_layer_sent"

#: How long a rerun that sent the map a new layer pauses before the rest of the page. The
#: map's message leaves the server from another thread, which the script's next steps
#: (figures, charts, the table) keep waiting for the interpreter lock, and the browser then
#: renders those elements on the thread that draws the map. The value was chosen by an A/B
#: run of several pauses (``bench/RESULTS.md``).
HEAD_START_SECONDS = 0.06

#: Longer than a slow machine takes to draw the map after the page's first message, so the
#: timer fires only when the map's own report is not coming.
FALLBACK_SECONDS = 3.0

PLACEHOLDER = N_("Loading the figures, timeline, incident table and exports…")


def first_run() -> bool:
    """Count this run of the session; whether it is the first (the page was just opened)."""
    runs = st.session_state.get(RUNS_KEY, 0) + 1
    st.session_state[RUNS_KEY] = runs
    return runs == 1


@st.fragment(run_every=FALLBACK_SECONDS)
def rest_placeholder() -> None:
    """Where the rest of the page will be. Drawn by the first run only: any later run of the
    page replaces it (and stops its timer); if the timer fires first, rerun the page."""
    if st.session_state.get(_WAITING):
        st.rerun()  # the whole page: the map did not report within FALLBACK_SECONDS
    st.session_state[_WAITING] = True
    st.caption(_(PLACEHOLDER))


def head_start(layer: str, rest_follows: bool) -> None:
    """After the map: if ``layer`` (the incident layer's data) differs from the one this
    session last sent and the rest of the page follows in this run, pause so the map's
    message goes out and is drawn before the rest competes with it (see
    :data:`HEAD_START_SECONDS`). A rerun that leaves the layer as it was does not pause."""
    sent = hash(layer)
    if st.session_state.get(_LAYER_SENT) == sent:
        return
    st.session_state[_LAYER_SENT] = sent
    if rest_follows:
        sleep(HEAD_START_SECONDS)
