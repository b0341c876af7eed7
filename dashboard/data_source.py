"""Which data the page shows: the shipped table, or an uploaded ACLED / UCDP GED export."""

from __future__ import annotations

import streamlit as st

from dashboard import data as page_data
from dashboard import selection
from dashboard.filters_ui import KEYS
from geo.pipeline import IncidentData, Progress, load_imported

SOURCE_KEY = "source"
UPLOAD_KEY = "upload"
SHIPPED = "Shipped data"
UPLOADED = "Upload ACLED or UCDP GED"
SHIPPED_NAME = "the shipped data"


# Keyed on the upload's id (unique per upload), not its bytes: hashing a 50 MB file on every
# rerun would cost more than the rerun. Shared, read-only, like the shipped data.
@st.cache_resource(show_spinner=False, max_entries=4)
def _imported(file_id: str, name: str, _raw: bytes, _progress: Progress) -> IncidentData:
    return load_imported(_raw, name, progress=_progress)


def _forget_view() -> None:
    """Another dataset has other dates and values: start its view afresh."""
    for key in KEYS.values():
        st.session_state.pop(key, None)
    selection.forget()


def choose(*, draw: bool = True) -> tuple[IncidentData, str]:
    """Draw the data choice in the sidebar; return the data and its name. ``draw=False``
    (a page's first run, see :func:`dashboard.filters_ui.waiting_sidebar`): the shipped
    data, with the choice drawn on the next run; a session has no upload yet then."""
    if not draw and st.session_state.get(SOURCE_KEY, SHIPPED) == SHIPPED:
        return page_data.incident_data(), SHIPPED_NAME
    with st.sidebar:
        st.radio("Data", [SHIPPED, UPLOADED], key=SOURCE_KEY, horizontal=True,
                 on_change=_forget_view)
        if st.session_state.get(SOURCE_KEY) == UPLOADED:
            upload = st.file_uploader(
                "ACLED or UCDP GED export (CSV)", type=["csv"], key=UPLOAD_KEY,
                on_change=_forget_view,
                help="An ACLED export or a UCDP GED CSV of the region. Rows outside the border "
                     "region are counted and left out; every unusable row is listed.")
            if upload is not None:
                return page_data.with_progress(lambda report: _imported(
                    upload.file_id, upload.name, upload.getvalue(), report)), upload.name
            st.info("Choose a file; until then the shipped data is shown.")
    return page_data.incident_data(), SHIPPED_NAME
