"""The selected incident and the map view, shared by the map, the table and the URL.

The map and the table report through callbacks, which run before the script, so whichever
the user touched last wins; the table's selection is then set to match (Streamlit allows a
dataframe's selection to be set through ``st.session_state``). The map is moved only when
something asks for it (a new selection, or a shared link's view), never on every rerun, so
the user's own pan and zoom survive.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.map.base import SELECTED_ZOOM
from dashboard.map.clicks import clicked_district, clicked_marker
from dashboard.popups import when_and_what
from geo.filtering import BY_PARAM
from geo.i18n import _
from geo.points import STACK_PREFIX
from geo.view_state import MapView

SELECTED_KEY = "incident"
POINT_KEY = "map_point"  # the stack of incidents last clicked on the map
TABLE_KEY = "table"
MAP_KEY = "map"
VIEW_KEY = "map_view"  # the view the browser last reported
REQUEST_KEY = "map_request"  # the view the page last asked the map to show
_TABLE_IDS = "_table_ids"
_TABLE_ROWS = "_table_rows"
_CLICKS = "_map_clicks"
_FOCUSED = "_focused_incident"
_REACHED = "_request_reached"
POINT_TABLE_KEY = "point_table"
DISTRICT_FILTER_KEY = BY_PARAM["district"].param  # the District filter's widget
_POINT_IDS = "_point_ids"


def current(shown: pd.DataFrame) -> str | None:
    """The selected incident if it is among those shown, else ``None``."""
    selected = st.session_state.get(SELECTED_KEY)
    if not isinstance(selected, str) or not selected:
        return None
    return selected if bool((shown["incident_id"] == selected).any()) else None


def summary(shown: pd.DataFrame, selected: str) -> str:
    """'30 November 2025, cross-border fire at Shodak' (plain text)."""
    row = shown[shown["incident_id"] == selected].iloc[0]
    when, kind = when_and_what(row)
    kind = kind.lower()
    return _("{when}, {kind} at {place}").format(when=when, kind=kind, place=row["place"])


def focus_point(shown: pd.DataFrame, selected: str | None) -> tuple[float, float] | None:
    """The selected incident's point, if it has one."""
    row = shown[shown["incident_id"] == selected]
    if row.empty or pd.isna(row.iloc[0]["latitude"]):
        return None
    return float(row.iloc[0]["latitude"]), float(row.iloc[0]["longitude"])


def map_request(shown: pd.DataFrame, selected: str | None) -> MapView | None:
    """The view to pass to the map: moves to a newly selected incident, else stays put."""
    if selected != st.session_state.get(_FOCUSED):
        st.session_state[_FOCUSED] = selected
        point = focus_point(shown, selected)
        if point is not None:
            st.session_state[REQUEST_KEY] = MapView(point[0], point[1], SELECTED_ZOOM)
            st.session_state[_REACHED] = False
    return st.session_state.get(REQUEST_KEY)


def request_view(view: MapView, incident: str | None) -> None:
    """Open the map on this view (from a shared link) without refocusing on ``incident``."""
    st.session_state[REQUEST_KEY] = view
    st.session_state[_FOCUSED] = incident
    st.session_state[_REACHED] = False


def on_map_change() -> None:
    """st_folium callback: a new marker click selects its incident; a pan records the view."""
    value = st.session_state.get(MAP_KEY) or {}
    clicks = value.get("last_object_clicked_count")
    if clicks and clicks != st.session_state.get(_CLICKS):
        st.session_state[_CLICKS] = clicks
        clicked = clicked_marker(value)
        district = clicked_district(value)
        if district:
            # A district of the districts view: keep only its incidents (again: all of them).
            chosen = list(st.session_state.get(DISTRICT_FILTER_KEY) or [])
            st.session_state[DISTRICT_FILTER_KEY] = [] if chosen == [district] else [district]
        elif clicked and clicked.startswith(STACK_PREFIX):
            st.session_state[POINT_KEY] = clicked  # several incidents: list them
            st.session_state.pop(POINT_TABLE_KEY, None)  # a new list: nothing picked yet
        elif clicked:
            st.session_state[SELECTED_KEY] = clicked
            st.session_state[POINT_KEY] = None
            st.session_state[_FOCUSED] = clicked  # it is under the pointer: don't move
    centre, zoom = value.get("center"), value.get("zoom")
    if isinstance(centre, dict) and zoom is not None:
        view = MapView(float(centre["lat"]), float(centre["lng"]), float(zoom))
        request: MapView | None = st.session_state.get(REQUEST_KEY)
        if request is not None and not st.session_state.get(_REACHED, True):
            # Until the map has moved to the view the page asked for, its reports are of the
            # view it opened on: keep the asked-for view (a shared link's) in the URL.
            if not _near(view, request):
                return
            st.session_state[_REACHED] = True
        st.session_state[VIEW_KEY] = view


def _near(a: MapView, b: MapView) -> bool:
    return abs(a.lat - b.lat) < 0.01 and abs(a.lon - b.lon) < 0.01 and abs(a.zoom - b.zoom) < 0.3


def _picked(table_key: str, ids_key: str) -> tuple[list[int], str | None]:
    """The rows a single-row table reports selected, and the incident of the first."""
    rows = list(st.session_state[table_key]["selection"]["rows"])
    ids = st.session_state.get(ids_key, [])
    return rows, ids[rows[0]] if rows and rows[0] < len(ids) else None


def on_table_select() -> None:
    """st.dataframe callback: the selected row selects its incident (none: clears).

    The grid also reports its state when it first sends it along with another widget's event
    (e.g. the first marker click): a report of the rows it was drawn with is no user action.
    """
    rows, picked = _picked(TABLE_KEY, _TABLE_IDS)
    if rows == st.session_state.get(_TABLE_ROWS):
        return
    st.session_state[SELECTED_KEY] = picked
    st.session_state[POINT_KEY] = None  # chosen elsewhere: a marker's list no longer applies


def forget() -> None:
    """Nothing selected and no view asked for (another dataset is shown)."""
    for key in (SELECTED_KEY, REQUEST_KEY, _FOCUSED, POINT_KEY):
        st.session_state.pop(key, None)


def clear() -> None:
    """Button callback: nothing selected."""
    st.session_state[SELECTED_KEY] = None


def close_point() -> None:
    """Button callback: stop listing the incidents of a clicked stack."""
    st.session_state[POINT_KEY] = None


def on_point_select() -> None:
    """The list of a stack's incidents: the selected row selects its incident."""
    _, picked = _picked(POINT_TABLE_KEY, _POINT_IDS)
    if picked is not None:
        st.session_state[SELECTED_KEY] = picked


def point_rows(table: pd.DataFrame) -> None:
    """Before a stack's list is drawn: remember which incident each row is."""
    st.session_state[_POINT_IDS] = list(table["ID"])


def sync_table(table: pd.DataFrame, selected: str | None) -> None:
    """Before the table is drawn: remember its row order and select the selected row."""
    ids = list(table["ID"])
    st.session_state[_TABLE_IDS] = ids
    rows = [ids.index(selected)] if selected in ids else []
    st.session_state[_TABLE_ROWS] = rows
    state = st.session_state.get(TABLE_KEY)
    if not state or list(state["selection"]["rows"]) != rows:
        st.session_state[TABLE_KEY] = {"selection": {"rows": rows, "columns": []}}
