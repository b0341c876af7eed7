"""Uploads are held per session and freed once the session has been gone for the TTL."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import upload_store
from geo.loading import empty_table
from geo.pipeline import IncidentData
from geo.schema import CASUALTIES, INCIDENTS


@pytest.fixture(autouse=True)
def _empty_store():
    for session in list(upload_store._held):
        upload_store.drop(session)
    yield
    for session in list(upload_store._held):
        upload_store.drop(session)


def _load() -> IncidentData:
    return IncidentData(empty_table(INCIDENTS), empty_table(CASUALTIES), pd.DataFrame())


def test_an_upload_is_held_for_its_session_and_file_only() -> None:
    data = _load()
    upload_store.put("s1", "file-a", data)
    assert upload_store.get("s1", "file-a") is data
    assert upload_store.get("s1", "file-b") is None and upload_store.get("s2", "file-a") is None
    upload_store.put("s1", "file-b", _load())  # a new upload replaces the session's last
    assert upload_store.get("s1", "file-a") is None and upload_store.count() == 1


def test_an_ended_sessions_upload_goes_after_the_ttl_and_a_reconnect_keeps_it() -> None:
    for session in ("gone", "here", "back"):
        upload_store.put(session, "f", _load())
    active = {"here"}
    assert upload_store.sweep(active.__contains__, 30, now=0.0) == []  # first seen gone
    assert upload_store.sweep(active.__contains__, 30, now=29.0) == []
    active.add("back")  # reconnected within the TTL: its clock starts again
    assert upload_store.sweep(active.__contains__, 30, now=30.0) == ["gone"]
    active.discard("back")
    assert upload_store.sweep(active.__contains__, 30, now=40.0) == []
    assert upload_store.sweep(active.__contains__, 30, now=70.0) == ["back"]
    assert upload_store.count() == 1 and upload_store.get("here", "f") is not None


def test_a_parsed_uploads_bytes_are_let_go_and_its_file_still_shown(monkeypatch) -> None:
    from streamlit import runtime
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    manager.add_file("s1", UploadedFileRec("f1", "acled.csv", "text/csv", b"x" * 1000))
    manager.add_file("s2", UploadedFileRec("f2", "other.csv", "text/csv", b"y" * 10))
    monkeypatch.setattr(runtime, "exists", lambda: True)
    monkeypatch.setattr(runtime, "get_instance",
                        lambda: type("Runtime", (), {"uploaded_file_mgr": manager})())
    upload_store.release_file("s1", "f1")
    assert manager._total_bytes == 10  # its count of held bytes follows
    (record,) = manager.get_files("s1", ["f1"])
    assert record.name == "acled.csv" and record.data == b""  # the widget keeps its file
    assert UploadedFile(record, None).file_id == "f1"  # ... and the page its parsed tables
    assert manager.get_files("s2", ["f2"])[0].data == b"y" * 10  # others keep theirs
    upload_store.release_file("s3", "f9")  # a session or file it does not know: nothing
    assert "s3" not in manager.file_storage and manager._total_bytes == 10
