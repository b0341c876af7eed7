"""Which incident is selected: one value, set by a marker click or a table row.

Both widgets report through callbacks, which run before the script, so whichever the user
touched last wins; the table's selection is then set to match the map (Streamlit allows a
dataframe's selection to be set through ``st.session_state``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.map_view import clicked_incident

SELECTED_KEY = "incident"
TABLE_KEY = "table"
MAP_KEY = "map"
_TABLE_IDS = "_table_ids"


def current(shown: pd.DataFrame) -> str | None:
    """The selected incident if it is among those shown, else ``None``."""
    selected = st.session_state.get(SELECTED_KEY)
    return selected if selected in set(shown["incident_id"]) else None


def focus_point(shown: pd.DataFrame, selected: str | None) -> tuple[float, float] | None:
    """Where the map should centre: the selected incident's point, if it has one."""
    row = shown[shown["incident_id"] == selected]
    if row.empty or pd.isna(row.iloc[0]["latitude"]):
        return None
    return float(row.iloc[0]["latitude"]), float(row.iloc[0]["longitude"])


def on_map_click() -> None:
    """st_folium callback: a marker click selects its incident."""
    clicked = clicked_incident(st.session_state.get(MAP_KEY))
    if clicked:
        st.session_state[SELECTED_KEY] = clicked


def on_table_select() -> None:
    """st.dataframe callback: the selected row selects its incident (none: clears)."""
    rows = st.session_state[TABLE_KEY]["selection"]["rows"]
    ids = st.session_state.get(_TABLE_IDS, [])
    st.session_state[SELECTED_KEY] = ids[rows[0]] if rows and rows[0] < len(ids) else None


def clear() -> None:
    """Button callback: nothing selected."""
    st.session_state[SELECTED_KEY] = None


def sync_table(table: pd.DataFrame, selected: str | None) -> None:
    """Before the table is drawn: remember its row order and select the selected row."""
    ids = list(table["ID"])
    st.session_state[_TABLE_IDS] = ids
    rows = [ids.index(selected)] if selected in ids else []
    state = st.session_state.get(TABLE_KEY)
    if not state or list(state["selection"]["rows"]) != rows:
        st.session_state[TABLE_KEY] = {"selection": {"rows": rows, "columns": []}}
