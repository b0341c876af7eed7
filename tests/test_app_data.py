"""Uploads, data problems, errors and loading progress on the page (AppTest)."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from geo import paths
from testkit.pages import (
    APP,
    map_incident_ids,
    metrics,
    opened,
    run_app,
)

FIXTURES = paths.ROOT / "tests" / "fixtures"


def _acled_date(upload: bytes):
    """Sort key: an ACLED row's event date, by its incident id ('acled-' + event_id_cnty)."""
    import csv
    import io
    dates = {f"acled-{r['event_id_cnty'].lower()}": r["event_date"]
             for r in csv.DictReader(io.StringIO(upload.decode("utf-8")))}
    return lambda incident_id: (dates[incident_id], incident_id)


def test_uploading_an_acled_export_shows_its_incidents() -> None:
    at = run_app()
    at.radio(key="source").set_value("Upload ACLED or UCDP GED").run()
    upload = (FIXTURES / "acled_current.csv").read_bytes()
    at.file_uploader(key="upload").set_value(("acled.csv", upload, "text/csv")).run()
    assert not at.exception, at.exception
    assert metrics(at)["Incidents"] == "4 of 4"
    assert sorted(map_incident_ids(at)) == ["acled-afg2001", "acled-tjk1001", "acled-tjk1002",
                                            "acled-tjk1005"]
    problems = " ".join(c.value for c in at.code)
    assert "line 6: event_type" in problems and "outside the border region" in problems
    assert all(c.proto.wrap_lines for c in at.code)  # long messages are never cut off
    # ACLED records no injuries: "not recorded", never 0.
    assert metrics(at)["Injured"] == "not recorded"
    (table,) = [d for d in at.dataframe if "ID" in d.value.columns]
    assert set(table.value["Injured"]) == {"not recorded"}
    # Newest first in the export; by date on the page.
    assert list(table.value["ID"]) == sorted(table.value["ID"], key=_acled_date(upload))
    captions = " ".join(c.value for c in at.caption)
    assert "your upload acled\\.csv" in captions  # what the page shows, and its span
    assert "A link cannot carry an uploaded file: it opens the shipped data" in captions
    at.multiselect(key="type").set_value(["drone_strike"]).run()
    assert metrics(at)["Incidents"] == "1 of 4"


def test_a_long_list_of_problems_shows_its_first_and_downloads_all(monkeypatch) -> None:
    from dashboard import notices

    monkeypatch.setattr(notices, "LISTED", 1)
    at = run_app()
    at.radio(key="source").set_value("Upload ACLED or UCDP GED").run()
    at.file_uploader(key="upload").set_value(
        ("acled.csv", (FIXTURES / "acled_current.csv").read_bytes(), "text/csv")).run()
    (box,) = [c.value for c in at.code if "acled.csv" in c.value]
    assert box.count("\n") == 0 and "line 6: event_type" in box  # the error comes first
    captions = " ".join(c.value for c in at.caption)
    assert re.search(r"The first 1 of [2-9] problems are listed here", captions), captions
    assert any(b.proto.label == "All problems (CSV)" for b in at.get("download_button"))


def test_uploading_ucdp_and_a_wrong_file() -> None:
    at = run_app()
    at.radio(key="source").set_value("Upload ACLED or UCDP GED").run()
    at.file_uploader(key="upload").set_value(
        ("ged.csv", (FIXTURES / "ucdp_ged.csv").read_bytes(), "text/csv")).run()
    assert metrics(at)["Incidents"] == "6 of 6"
    assert metrics(at)["Killed"] == "10 (10–13)"  # 500001: 5–7, 500002: 1, 500003: 3–4, 500007: 1
    at.file_uploader(key="upload").set_value(("x.csv", b"name,value\na,1\n", "text/csv")).run()
    assert not at.exception
    # Not an export: said so, and the shipped data shown rather than an empty page.
    assert "No incidents could be read from x\\.csv, so the shipped data is shown" in \
        at.error[0].value
    assert "not an ACLED or UCDP GED CSV export" in " ".join(c.value for c in at.code)
    assert metrics(at)["Incidents"] == "13 of 13"
    at.radio(key="source").set_value("Shipped data").run()
    assert metrics(at)["Incidents"] == "13 of 13"


def test_an_unexpected_error_shows_a_reference_not_a_traceback(monkeypatch, caplog) -> None:
    import dashboard.headline

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(dashboard.headline, "headline", broken)
    at = opened(AppTest.from_file(APP, default_timeout=120))
    assert not at.exception
    (error,) = at.error
    assert "Something went wrong" in error.value and "reference" in error.value
    assert "secret internal detail" not in error.value
    reference = error.value.split("**")[1]
    assert any(reference in r.getMessage() for r in caplog.records)


class _Bar:
    """Records what a placeholder is asked to show."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def progress(self, fraction: float, text: str) -> None:
        self.calls.append(("progress", fraction, text))

    def empty(self) -> None:
        self.calls.append(("empty",))


def test_a_slow_load_shows_its_progress_and_a_fast_one_shows_nothing(monkeypatch) -> None:
    import time

    from dashboard import data as page_data
    from geo import i18n
    from geo.pipeline import _placing

    bar = _Bar()
    monkeypatch.setattr(page_data.st, "empty", lambda: bar)

    def slow(report):
        report(0.6, _placing(100_000))
        time.sleep(0.8)
        return "loaded"

    assert page_data.with_progress(slow) == "loaded"
    assert ("progress", 0.6, "Placing 100,000 incidents with the gazetteer…") in bar.calls
    assert bar.calls[-1] == ("empty",)  # gone once loaded
    bar.calls.clear()
    assert page_data.with_progress(lambda report: "cached") == "cached"
    assert bar.calls == []
    # Worded by the thread that draws the bar, in its reader's language (the load's worker
    # thread has none).
    i18n.use("ru")
    try:
        page_data.with_progress(slow)
    finally:
        i18n.use(i18n.DEFAULT)
    assert ("progress", 0.6, "Инциденты размещаются по справочнику мест: 100\xa0000…") in \
        bar.calls
