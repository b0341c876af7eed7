"""The page logic, run headless with streamlit.testing's AppTest."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from testkit.pages import (
    APP,
    incident_table,
    layer_json,
    map_incident_ids,
    map_layer,
    metrics,
    run_app,
)


@pytest.fixture(scope="module")
def at() -> AppTest:
    return run_app()


def test_full_range_shows_every_incident(at: AppTest) -> None:
    assert metrics(at)["Incidents"] == "13 of 13"
    assert metrics(at)["Killed"] == "21"
    assert len(map_incident_ids(at)) == 11  # two are only "along the border"
    assert len(incident_table(at)) == 13
    assert at.slider(key="dates").value == (dt.date(2022, 5, 7), dt.date(2026, 1, 31))


def test_a_page_open_draws_the_map_first_and_the_rest_on_the_next_run() -> None:
    from dashboard.filters_ui import WAITING
    from dashboard.map_first import PLACEHOLDER

    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert map_layer(at)["incidents"] == 11  # the map and its markers
    assert "13 of 13 incidents shown" in at.caption[0].value
    assert at.query_params["start"] == "2022-05-07"  # the address bar is the link at once
    assert PLACEHOLDER in [c.value for c in at.caption]
    assert not at.metric and not at.dataframe and not at.code  # no figures, table or link yet
    assert not at.slider and not at.multiselect and not at.radio  # no filter widgets yet
    assert [c.value for c in at.sidebar.caption] == [WAITING]
    at.run()  # what the map's first report starts
    assert not at.exception
    assert PLACEHOLDER not in [c.value for c in at.caption]
    assert WAITING not in [c.value for c in at.sidebar.caption]
    assert at.slider(key="dates").value == (dt.date(2022, 5, 7), dt.date(2026, 1, 31))
    assert at.radio(key="source").value == "Shipped data"
    assert metrics(at)["Incidents"] == "13 of 13" and len(incident_table(at)) == 13
    assert at.code and at.code[-1].value.endswith("start=2022-05-07&end=2026-01-31")


def test_a_link_narrows_the_first_drawn_map_before_the_filters_are_drawn() -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"start": "2025-11-01", "end": "2025-11-30", "type": "drone_strike"})
    at.run()
    assert not at.exception and not at.slider
    assert "1 of 13 incidents shown" in at.caption[0].value
    assert map_layer(at)["incidents"] == 1
    at.run()
    assert at.slider(key="dates").value == (dt.date(2025, 11, 1), dt.date(2025, 11, 30))
    assert at.multiselect(key="type").value == ["drone_strike"]
    assert metrics(at)["Incidents"] == "1 of 13" and map_layer(at)["incidents"] == 1


def test_narrowing_the_slider_narrows_map_list_and_headline() -> None:
    at = run_app()
    at.slider(key="dates").set_value((dt.date(2025, 11, 1), dt.date(2025, 11, 30))).run()
    assert metrics(at)["Incidents"] == "2 of 13"
    assert metrics(at)["Killed"] == "5"
    assert metrics(at)["Injured"] == "3"
    assert map_incident_ids(at) == ["2025-11-26-shamsiddin-shohin", "2025-11-30-shodak"]
    assert sorted(incident_table(at)["ID"]) == map_incident_ids(at)


def test_a_new_layer_gets_a_head_start_over_the_rest_of_the_page(monkeypatch) -> None:
    import dashboard.map_first as map_first

    pauses: list[float] = []
    monkeypatch.setattr(map_first, "sleep", pauses.append)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert pauses == []  # a page open sends no rest in its first run: nothing to wait for
    at.run()
    assert pauses == []  # the same layer again
    at.slider(key="dates").set_value((dt.date(2025, 11, 1), dt.date(2025, 11, 30))).run()
    assert pauses == [map_first.HEAD_START_SECONDS]
    assert metrics(at)["Incidents"] == "2 of 13"  # the rest of the page still follows
    at.toggle(key="casualties").set_value(True).run()  # the same two incidents: same layer
    assert pauses == [map_first.HEAD_START_SECONDS]
    assert metrics(at)["Incidents"] == "2 of 13"


def test_month_precision_incident_counts_for_any_day_of_its_month() -> None:
    at = run_app()
    at.slider(key="dates").set_value((dt.date(2026, 1, 31), dt.date(2026, 1, 31))).run()
    assert metrics(at)["Incidents"] == "1 of 13"
    assert map_incident_ids(at) == ["2026-01-shamsiddin-shohin"]


def test_unmappable_incidents_are_listed_beside_the_map(at: AppTest) -> None:
    assert any(e.label == "Not on the map (2)" for e in at.expander)
    text = " ".join(m.value for m in at.markdown)
    assert "undisclosed high\\-mountain section" in text


def test_data_problems_are_shown(bad_date_data: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=120).run()
    # The first run: the box and its counts; the listing (a code block, heavy to load in the
    # browser) waits for the next run, after the map.
    (box,) = [e for e in at.expander if "data error" in e.label]
    assert not at.code and "Listing the problems…" in " ".join(c.value for c in box.caption)
    at.run()
    assert metrics(at)["Incidents"] == "12 of 12"
    shown = " ".join(c.value for c in at.code)
    assert "incidents.csv, line 5: date_start: not a real date" in shown


def test_moving_the_slider_reads_no_files(monkeypatch) -> None:
    import streamlit as st

    from dashboard import data as page_data

    calls: list[str] = []
    real = page_data.load_incident_data
    monkeypatch.setattr(page_data, "load_incident_data",
                        lambda folder, **kw: calls.append(folder) or real(folder, **kw))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = run_app()
    for end in (dt.date(2024, 1, 1), dt.date(2025, 1, 1), dt.date(2025, 12, 1)):
        at.slider(key="dates").set_value((dt.date(2022, 5, 7), end)).run()
        assert not at.exception
    assert len(calls) == 1


def consistent(at: AppTest) -> int:
    """The headline, table and map agree; returns the number of incidents shown."""
    n = int(metrics(at)["Incidents"].split(" of ")[0])
    table = incident_table(at)
    assert len(table) == n
    off_map = next(e.label for e in at.expander if e.label.startswith("Not on the map"))
    assert len(map_incident_ids(at)) + int(off_map.split("(")[1].rstrip(")")) == n
    assert sorted(map_incident_ids(at)) == sorted(
        i for i in table["ID"] if i in map_incident_ids(at))
    return n


@pytest.mark.parametrize(("key", "value", "expected", "killed"), [
    ("type", ["infiltration"], 4, "14"),
    ("actor", ["Afghan forces (Taliban)"], 3, "1"),
    ("group", ["civilians"], 3, "6"),
    ("precision", ["border"], 2, "0"),
    ("precision", ["exact", "near", "district"], 10, "19"),
])
def test_each_filter_changes_headline_table_and_map(key: str, value: list[str], expected: int,
                                                    killed: str) -> None:
    at = run_app()
    at.multiselect(key=key).set_value(value).run()
    assert not at.exception
    assert consistent(at) == expected
    assert metrics(at)["Killed"] == killed


def test_with_casualties_toggle_and_reset() -> None:
    at = run_app()
    at.toggle(key="casualties").set_value(True).run()
    assert consistent(at) == 8
    reset = next(b for b in at.button if b.label == "Reset filters")
    reset.click().run()
    assert consistent(at) == 13
    assert at.toggle(key="casualties").value is False


def test_date_preset_moves_the_slider() -> None:
    at = run_app()
    at.button_group(key="preset").set_value("2025").run()
    assert at.slider(key="dates").value == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert consistent(at) == 6


def test_selected_incident_shows_details_and_centres_the_map() -> None:
    at = run_app()
    at.session_state["incident"] = "2025-12-25-kavo"
    at.run()
    assert not at.exception
    headings = [h.value for h in at.markdown]
    assert "### 25 December 2025" in headings
    text = " ".join(headings)
    assert "3 killed — per Tajik authorities" in text and "2 killed — per Tajik authorities" in text
    # Kavo is placed at its district's centre: a distance from there would mislead.
    assert "Distance to the border:** not known \\(the point is the area's centre\\)" in text
    assert "Also in Shamsiddin Shohin district" in text
    (component,) = at.get("component_instance")
    args = json.loads(component.proto.json_args)
    assert args["center"] == pytest.approx([37.8561, 70.0991]) and args["zoom"] == 9
    layer = layer_json(args["feature_group"])
    assert layer["selected"] >= 0 and "25 December 2025" in layer["popup"]
    rows = at.session_state["table"]["selection"]["rows"]
    assert incident_table(at)["ID"].iloc[rows[0]] == "2025-12-25-kavo"


def test_a_selection_outside_the_filters_is_not_shown() -> None:
    at = run_app()
    at.session_state["incident"] = "2025-12-25-kavo"
    at.multiselect(key="type").set_value(["armed_clash"]).run()
    assert not any(h.value.startswith("### ") for h in at.markdown)
    (component,) = at.get("component_instance")
    assert json.loads(component.proto.json_args)["center"] is None


def test_about_names_every_data_file_and_how_to_add_an_incident() -> None:
    from dashboard.data import about_markdown

    text = about_markdown()
    for name in ("incidents.csv", "casualties.csv", "places.csv", "border.geojson",
                 "countries.geojson", "conflict.json"):
        assert name in text
    assert "4,000 fighters" in text and "20,000 soldiers" in text
    assert "Adding an incident" in text and "python -m geo validate" in text


def test_a_clicked_stack_lists_its_incidents_beside_the_map() -> None:
    at = run_app()
    at.session_state["map_point"] = "@37.85610,70.09910,area"  # what a click on it records
    at.run()
    assert not at.exception
    assert any("4 incidents at one point" in m.value for m in at.markdown)
    listed = next(d.value for d in at.dataframe if d.value.columns[0] == "Date"
                  and "Summary" not in d.value.columns)
    assert sorted(listed["ID"]) == ["2024-11-18-zarbuz", "2025-11-26-shamsiddin-shohin",
                                    "2025-12-25-kavo", "2026-01-shamsiddin-shohin"]
    # Narrowed to infiltrations, the same marker stands for two of them.
    at.multiselect(key="type").set_value(["infiltration"]).run()
    assert any("2 incidents at one point" in m.value for m in at.markdown)
    at.button(key="close_point").click().run()
    assert not any("at one point" in m.value for m in at.markdown)
