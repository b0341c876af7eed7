"""The page logic, run headless with streamlit.testing's AppTest."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import paths

APP = str(paths.ROOT / "dashboard" / "app.py")


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def map_incident_ids(at: AppTest) -> list[str]:
    """The incident ids in the layer sent to the map component."""
    (component,) = at.get("component_instance")
    args = json.loads(component.proto.json_args)
    return sorted(set(__import__("re").findall(r'"incident_id": "([^"]+)"',
                                               args["feature_group"])))


@pytest.fixture(scope="module")
def at() -> AppTest:
    return run_app()


def test_full_range_shows_every_incident(at: AppTest) -> None:
    assert metrics(at)["Incidents"] == "13 of 13"
    assert metrics(at)["Killed"] == "21"
    assert len(map_incident_ids(at)) == 11  # two are only "along the border"
    assert len(at.dataframe[0].value) == 13
    assert at.slider(key="dates").value == (dt.date(2022, 5, 7), dt.date(2026, 1, 31))


def test_narrowing_the_slider_narrows_map_list_and_headline() -> None:
    at = run_app()
    at.slider(key="dates").set_value((dt.date(2025, 11, 1), dt.date(2025, 11, 30))).run()
    assert metrics(at)["Incidents"] == "2 of 13"
    assert metrics(at)["Killed"] == "5"
    assert metrics(at)["Injured"] == "3"
    assert map_incident_ids(at) == ["2025-11-26-shamsiddin-shohin", "2025-11-30-shodak"]
    assert sorted(at.dataframe[0].value["ID"]) == map_incident_ids(at)


def test_month_precision_incident_counts_for_any_day_of_its_month() -> None:
    at = run_app()
    at.slider(key="dates").set_value((dt.date(2026, 1, 31), dt.date(2026, 1, 31))).run()
    assert metrics(at)["Incidents"] == "1 of 13"
    assert map_incident_ids(at) == ["2026-01-shamsiddin-shohin"]


def test_unmappable_incidents_are_listed_beside_the_map(at: AppTest) -> None:
    headers = [s.value for s in at.subheader]
    assert "Not on the map (2)" in headers
    text = " ".join(m.value for m in at.markdown)
    assert "undisclosed high-mountain section" in text


def test_data_problems_are_shown(tmp_path: Path, monkeypatch) -> None:
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(paths.ROOT / "data", folder)
    path = folder / "incidents.csv"
    text = path.read_text("utf-8")
    path.write_text(text.replace("2023-09-06,2023-09-06", "2023-09-31,2023-09-06"), "utf-8")
    monkeypatch.setenv("BIM_DATA_DIR", str(folder))
    monkeypatch.setattr(paths, "DATA_DIR", folder)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert metrics(at)["Incidents"] == "12 of 12"
    shown = " ".join(c.value for c in at.code)
    assert "incidents.csv, line 5: date_start: not a real date" in shown


def test_moving_the_slider_reads_no_files(monkeypatch) -> None:
    import streamlit as st

    from dashboard import data as page_data

    calls: list[str] = []
    real = page_data.load_incident_data
    monkeypatch.setattr(page_data, "load_incident_data",
                        lambda folder: calls.append(folder) or real(folder))
    st.cache_data.clear()
    at = run_app()
    for end in (dt.date(2024, 1, 1), dt.date(2025, 1, 1), dt.date(2025, 12, 1)):
        at.slider(key="dates").set_value((dt.date(2022, 5, 7), end)).run()
        assert not at.exception
    assert len(calls) == 1
