"""The map-first page's logic: fitted views, the legend, brief popups, wording (AppTest)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dashboard.map.layer_data import layer_data
from dashboard.map.legend import legend_html
from dashboard.notices import plural
from dashboard.style import BORDER_COLOUR, COUNTRY_FILLS, EVENT_COLOURS, MIXED_COLOUR
from geo import paths
from geo.extent import extent
from geo.freshness import period_text
from geo.pipeline import load_incident_data
from testkit.pages import FROZEN, layer_settings, map_layer, run_app, run_with_query

INCIDENTS_JS = paths.ROOT / "dashboard" / "static" / "map" / "leaflet.bim-incidents.js"


@pytest.fixture(scope="module")
def data():
    return load_incident_data(FROZEN)


def test_every_colour_drawn_has_a_legend_entry() -> None:
    html = legend_html()
    for colour in (*EVENT_COLOURS.values(), MIXED_COLOUR, BORDER_COLOUR,
                   *COUNTRY_FILLS.values()):
        assert colour in html, colour
    for key in ("bim-key-cluster", "bim-key-ring", "bim-key-shade", "bim-key-focus"):
        assert key in html
    # Clusters are drawn in the legend's neutral colour, not markercluster's green/yellow/red.
    script = INCIDENTS_JS.read_text("utf-8")
    assert "'marker-cluster bim-cluster bim-cluster-' + size" in script
    assert "'marker-cluster-' + size" not in script


def test_the_map_fits_to_presets_and_filters_then_back_to_the_whole_border() -> None:
    at = run_app()
    assert layer_settings(at)["fit"] is None  # the opening view is the whole border
    at.button_group(key="preset").set_value("2025").run()
    fit = layer_settings(at)["fit"]
    (south, west), (north, east) = fit["bounds"]
    for lat, lon in zip(map_layer(at)["lat"], map_layer(at)["lon"], strict=True):
        assert south <= lat <= north and west <= lon <= east
    at.run()  # a rerun for another reason asks for the same fit: the map does not move
    assert layer_settings(at)["fit"] == fit
    at.multiselect(key="type").set_value(["infiltration"]).run()
    narrower = layer_settings(at)["fit"]
    assert narrower["key"] == fit["key"] + 1 and narrower["bounds"] != fit["bounds"]
    next(b for b in at.button if b.label == "Reset filters").click().run()
    home = layer_settings(at)["fit"]
    assert home["bounds"] is None and home["key"] == narrower["key"] + 1


def test_a_link_with_filters_opens_fitted_and_one_with_a_view_is_never_refitted() -> None:
    at = run_with_query(start="2025-01-01", end="2025-12-31")
    assert layer_settings(at)["fit"]["bounds"] is not None
    at = run_with_query(start="2025-01-01", end="2025-12-31", lat="37.9", lon="70.3", zoom="8")
    assert layer_settings(at)["fit"] is None
    at.multiselect(key="type").set_value(["infiltration"]).run()
    assert layer_settings(at)["fit"] is None


def test_extent_covers_points_and_chosen_districts(data) -> None:
    from geo.districts import read_districts
    districts = read_districts(paths.DATA_DIR)
    shown = data.incidents[data.incidents["latitude"].notna()].iloc[:1]
    (south, west), (north, east) = extent(shown)
    assert south == north and west == east  # one point
    darvoz = districts[districts["district_id"] == "tj-darvoz"]
    (south, west), (north, east) = extent(shown, districts, ("tj-darvoz",))
    d_west, d_south, d_east, d_north = darvoz["geometry"].iloc[0].bounds
    assert south <= d_south + 1e-3 and north >= d_north - 1e-3
    assert east >= d_east - 1e-3 and west <= d_west + 1e-3
    assert extent(data.incidents.iloc[0:0]) is None


def test_the_selected_popup_is_brief_and_its_area_outlined(data) -> None:
    layer = layer_data(data.incidents, data.casualties, "2025-12-25-kavo")
    assert "25 December 2025" in layer["popup"] and "details panel" in layer["popup"]
    assert "Jamaat Ansarullah" not in layer["popup"]  # sides and summary: the panel's
    assert layer["focus"] == {"district": "tj-shamsiddin-shohin"}
    near = data.incidents[data.incidents["location_precision"] == "near"].iloc[0]
    circle = layer_data(data.incidents, data.casualties, near["incident_id"])["focus"]
    assert list(circle) == ["circle"] and circle["circle"][2] == near["uncertainty_km"]


def test_the_page_says_what_it_shows_and_how_a_selection_went() -> None:
    at = run_app()
    intro = at.caption[0].value
    assert intro.startswith("**13 of 13 incidents shown** · the shipped data · Data through")
    at.session_state["incident"] = "2025-12-25-kavo"
    at.run()
    (selected,) = at.success
    assert "Selected: 25 December 2025, infiltration at Kavo" in selected.value
    assert "(#map)" in selected.value  # a link back up to the map (a phone's table is far below)
    assert at.title[0].proto.anchor == "map"
    assert "Shift+Space" in " ".join(c.value for c in at.caption)


def test_wording_a_reader_can_use(data) -> None:
    at = run_app()
    at.session_state["incident"] = "2022-05-15-panji-poyon"  # placed near a village
    at.run()
    text = " ".join(m.value for m in at.markdown)
    assert re.search(r"Distance to the border:\*\* \d+\\\.\d km", text)
    assert "Source 2" not in text
    assert "placed at" not in " ".join(c.value for c in at.caption)
    assert plural(1, "data error") == "1 data error" and plural(2, "warning") == "2 warnings"
    assert period_text(data.incidents) == "May 2022 – January 2026"


def test_the_table_names_claimants_and_precisions_not_their_ids() -> None:
    at = run_app()
    (table,) = [d.value for d in at.dataframe if "ID" in d.value.columns]
    kavo = table[table["ID"] == "2025-12-25-kavo"].iloc[0]
    assert kavo["Claimed by"] == "Tajik authorities" and kavo["Precision"] == "District only"
    assert not any("_" in c for c in ", ".join(table["Claimed by"]).split(", "))


def test_a_fit_after_one_that_asked_nothing_has_a_new_key() -> None:
    at = run_app()
    at.button_group(key="preset").set_value("2025").run()
    first = layer_settings(at)["fit"]["key"]
    at.multiselect(key="precision").set_value(["border"]).run()  # nothing shown has a place
    assert layer_settings(at)["fit"] is None
    at.multiselect(key="precision").set_value([]).run()
    assert layer_settings(at)["fit"]["key"] > first  # the map fits again (it skips a used key)


def test_a_run_whose_callback_changed_the_filters_draws_them_before_the_map(monkeypatch) -> None:
    # The map reports its view once drawn, with every widget's value as the browser has it:
    # drawn after the map, a widget the page had just changed would be sent back unchanged
    # and undo it (CI: a slider move undone by the "All dates" preset it had cleared).
    import streamlit_folium

    import dashboard.filters_ui as filters_ui

    order: list[str] = []
    real_sidebar, real_map = filters_ui.sidebar, streamlit_folium.st_folium
    monkeypatch.setattr(filters_ui, "sidebar",
                        lambda *a, **k: (order.append("filters"), real_sidebar(*a, **k))[1])
    monkeypatch.setattr(streamlit_folium, "st_folium",
                        lambda *a, **k: (order.append("map"), real_map(*a, **k))[1])

    def drawn(at) -> list[str]:
        order.clear()
        at.run()
        return list(order)

    at = run_app()
    assert at.button_group(key="preset").value == "All dates"
    # The first move off a preset clears it: filters first. The next move changes no value
    # the browser holds but its own: the map first.
    at.slider(key="dates").set_value((dt.date(2022, 6, 1), dt.date(2026, 1, 31)))
    assert drawn(at) == ["filters", "map"]
    assert at.button_group(key="preset").value is None
    at.slider(key="dates").set_value((dt.date(2022, 7, 1), dt.date(2026, 1, 31)))
    assert drawn(at) == ["map", "filters"]
    at.multiselect(key="type").set_value(["infiltration"])
    assert drawn(at) == ["map", "filters"]
    # A preset sets the dates, Reset every filter: filters first, then back to the map first.
    at.button_group(key="preset").set_value("2025")
    assert drawn(at) == ["filters", "map"]
    assert at.slider(key="dates").value == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert drawn(at) == ["map", "filters"]
    next(b for b in at.button if b.label == "Reset filters").click()
    assert drawn(at) == ["filters", "map"]
    assert at.multiselect(key="type").value == []
