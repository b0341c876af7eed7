"""Which data the page shows: the shipped table, or an uploaded ACLED / UCDP GED export."""

from __future__ import annotations

import threading

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFile

from dashboard import data as page_data
from dashboard import parse_worker, selection, upload_store
from dashboard.escaping import md
from dashboard.filters_ui import KEYS, changed_by_page
from geo.i18n import N_, Message, _
from geo.pipeline import IncidentData, Progress

SOURCE_KEY = "source"
UPLOAD_KEY = "upload"
# Option keys and the shipped data's name, English (compared in code); shown translated.
SHIPPED = N_("Shipped data")
UPLOADED = N_("Upload ACLED or UCDP GED")
SHIPPED_NAME = N_("the shipped data")


#: Uploads parsed at once. A parse is CPU-bound (one core) and a 45 MB export's peaks at
#: ~550 MiB: four together took each ~110 s and held four parses' memory (2.8 GB); one at a
#: time (in a child process, :mod:`dashboard.parse_worker`), each takes its few seconds on
#: one core while the server draws pages on the other, and one parse's peak is held.
_PARSING = threading.BoundedSemaphore(1)
#: How long an upload waits for its turn before the page says the server is busy.
BUSY_WAIT_S = 60.0
#: Upload datasets held at once by all sessions together (each session holds at most its
#: own latest, freed soon after the session ends: :mod:`dashboard.upload_store`).
MAX_HELD = 6
BUSY = N_("The server is busy reading other uploads; try again in a minute. Until then the "
          "shipped data is shown.")


class ServerBusy(RuntimeError):
    """Too many uploads are being read or held: the page says so instead of swapping."""


_waiting = 0  # uploads waiting for their turn
_waiting_lock = threading.Lock()


def _queue(change: int) -> int:
    global _waiting
    with _waiting_lock:
        _waiting += change
        return _waiting


def _parse(raw: bytes, name: str, progress: Progress) -> IncidentData:
    """Parse an upload when its turn comes (one parse at a time in the whole server)."""
    progress(0.0, Message(N_("Waiting for other uploads to be read…")))
    _queue(+1)
    try:
        if not _PARSING.acquire(timeout=BUSY_WAIT_S):
            raise ServerBusy(BUSY)
    finally:
        _queue(-1)

    try:
        # An upload that waits gets this parse's child, ready (no new one starts beside it).
        return parse_worker.parse(raw, name, progress, keep=lambda: _queue(0) > 0)
    finally:
        _PARSING.release()
        upload_store.return_freed_memory()


def _upload_data(upload: UploadedFile) -> IncidentData:
    """This session's upload, parsed once and held for this session only: it goes soon
    after the session does (:mod:`dashboard.upload_store`) or when a new upload comes."""
    ctx = get_script_run_ctx()
    session = ctx.session_id if ctx is not None else ""
    kept = upload_store.get(session, upload.file_id)
    if kept is not None:
        return kept
    upload_store.drop(session)  # the session's previous upload goes first
    if upload_store.count() >= MAX_HELD:
        raise ServerBusy(BUSY)
    raw, name = upload.getvalue(), upload.name
    data = page_data.with_progress(lambda report: _parse(raw, name, report))
    upload_store.put(session, upload.file_id, data)
    return data


def _forget_view() -> None:
    """Another dataset has other dates and values: start its view afresh."""
    for key in KEYS.values():
        st.session_state.pop(key, None)
    changed_by_page()
    selection.forget()


def _shipped_instead(warning: str, icon: str) -> tuple[IncidentData, str]:
    """Say why the upload is not shown, and show the shipped data."""
    st.warning(warning, icon=icon)
    return page_data.incident_data(), SHIPPED_NAME


def choose(*, draw: bool = True) -> tuple[IncidentData, str]:
    """Draw the data choice in the sidebar; return the data and its name. ``draw=False``
    (a page's first run, see :func:`dashboard.filters_ui.waiting_sidebar`): the shipped
    data, with the choice drawn on the next run; a session has no upload yet then."""
    if not draw and st.session_state.get(SOURCE_KEY, SHIPPED) == SHIPPED:
        return page_data.incident_data(), SHIPPED_NAME
    with st.sidebar:
        st.radio(_("Data"), [SHIPPED, UPLOADED], key=SOURCE_KEY, horizontal=True,
                 on_change=_forget_view, format_func=_)
        if st.session_state.get(SOURCE_KEY) == UPLOADED:
            upload = st.file_uploader(
                _("ACLED or UCDP GED export (CSV)"), type=["csv"], key=UPLOAD_KEY,
                on_change=_forget_view,
                help=_("An ACLED export or a UCDP GED CSV of the region. Rows outside the "
                       "border region are counted and left out; every unusable row is listed."))
            if upload is not None:
                try:
                    return _upload_data(upload), upload.name
                except ServerBusy as exc:
                    return _shipped_instead(_(str(exc)), "⏳")
                except parse_worker.ParseFailed as exc:
                    return _shipped_instead(_("{file}: {why}. The shipped data is shown.").format(
                        file=md(upload.name), why=_(str(exc))), "⚠️")
            parse_worker.warm_up()  # its parse starts at once when the file comes
            st.info(_("Choose a file; until then the shipped data is shown."))
    return page_data.incident_data(), SHIPPED_NAME
