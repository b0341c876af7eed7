"""What the map shows: the incidents, or the districts coloured by incidents or killed."""

from __future__ import annotations

import streamlit as st

from dashboard.map.district_layer import MEASURES
from geo.i18n import N_, _
from geo.view_state import COLOUR_BY, VIEWS

VIEW_KEY = "view"
BY_KEY = "by"
VIEW_LABELS = {"incidents": N_("Incidents"), "districts": N_("Districts")}


def current() -> tuple[str, str]:
    """The view and, for the districts view, what colours a district (link or defaults)."""
    view = st.session_state.get(VIEW_KEY) or VIEWS[0]
    by = st.session_state.get(BY_KEY) or COLOUR_BY[0]
    return (view if view in VIEWS else VIEWS[0]), (by if by in COLOUR_BY else COLOUR_BY[0])


def switch() -> tuple[str, str]:
    """The controls above the map; returns :func:`current` after them."""
    st.session_state.setdefault(VIEW_KEY, VIEWS[0])
    st.session_state.setdefault(BY_KEY, COLOUR_BY[0])
    # One container that wraps on a narrow screen; the map after it keeps its place in the
    # page whether or not the second control is shown (a moved map would reload).
    with st.container(horizontal=True, wrap=True, gap="medium"):
        st.segmented_control(_("Map shows"), list(VIEWS), key=VIEW_KEY,
                             format_func=lambda v: _(VIEW_LABELS[v]),
                             help=_("Districts: each district coloured by what the filters "
                                    "show; click one to keep only its incidents."))
        if st.session_state.get(VIEW_KEY) == "districts":
            st.segmented_control(_("Colour districts by"), list(COLOUR_BY), key=BY_KEY,
                                 format_func=lambda m: _(MEASURES[m]).capitalize())
    return current()
