"""Links: a shared link opens its view; the address bar follows the controls (AppTest)."""

from __future__ import annotations

import datetime as dt
import json

from testkit.pages import (
    map_layer,
    metrics,
    run_app,
    run_with_query,
)


def test_a_link_opens_its_view() -> None:
    at = run_with_query(start="2025-01-01", end="2025-12-31", type=["infiltration", "drone_strike"],
                        incident="2025-12-25-kavo", lat="37.9", lon="70.2", zoom="8")
    assert metrics(at)["Incidents"] == "2 of 13"
    assert at.slider(key="dates").value == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert at.multiselect(key="type").value == ["infiltration", "drone_strike"]
    assert "### 25 December 2025" in [m.value for m in at.markdown]
    (component,) = at.get("component_instance")
    args = json.loads(component.proto.json_args)
    assert args["center"] == [37.9, 70.2] and args["zoom"] == 8  # the link's view wins
    assert not at.warning


def test_the_address_bar_follows_the_controls() -> None:
    at = run_app()
    assert at.query_params["start"] == "2022-05-07" and "type" not in at.query_params
    at.multiselect(key="group").set_value(["civilians", "militants"]).run()
    at.toggle(key="casualties").set_value(True).run()
    assert at.query_params["group"] == ["civilians", "militants"]
    assert at.query_params["casualties"] == "1"
    code = " ".join(c.value for c in at.code)
    assert "group=civilians" in code and "casualties=1" in code


def test_a_tampered_link_shows_a_notice_and_the_rest_applies() -> None:
    at = run_with_query(start="2025-13-45", end="2030-01-01", type=["armed_clash", "bogus"],
                        incident="no-such-incident", zoom="x")
    (warning,) = at.warning
    for words in ("start='2025-13-45'", "reach beyond the data", "type='bogus'",
                  "no such incident", "zoom"):
        assert words in warning.value.replace("\\", ""), words
    assert metrics(at)["Incidents"] == "3 of 13"  # every armed clash
    assert at.query_params["start"] == "2022-05-07"
    assert at.query_params["type"] == "armed_clash"
    at.slider(key="dates").set_value((dt.date(2025, 1, 1), dt.date(2026, 1, 31))).run()
    assert len(at.warning) == 1  # it stays until dismissed
    at.button(key="dismiss_notices").click().run()
    assert not at.warning


def test_the_districts_view_ranks_and_colours_the_shown_districts() -> None:
    import pandas as pd

    from geo.pipeline import load_incident_data

    at = run_with_query(view="districts", by="killed", start="2024-01-01")
    data = load_incident_data()
    shown = data.incidents[data.incidents["date_end"] >= pd.Timestamp("2024-01-01")]
    expected = shown.dropna(subset=["district_id"]).groupby("district_id").size()
    ranked = next(d.value for d in at.dataframe if "District" in d.value.columns)
    assert ranked["Incidents"].sum() == expected.sum() and len(ranked) == len(expected)
    layer = map_layer(at)["districts"]
    assert layer["view"] == "districts" and set(layer["fill"]) <= set(expected.index)
    assert "killed" in layer["legend"]["html"] and layer["tips"]
    assert map_layer(at)["key"] == []  # the choropleth alone
    left_out = int(shown["district_id"].isna().sum())
    assert any(f"{left_out:,} of the {len(shown):,} incidents" in c.value for c in at.caption)
    assert (at.query_params["view"], at.query_params["by"]) == ("districts", "killed")


def test_a_district_in_a_link_filters_everything_to_it() -> None:
    at = run_with_query(district=["tj-darvoz", "tj-nowhere"])
    assert at.multiselect(key="district").value == ["tj-darvoz"]
    assert metrics(at)["Incidents"] == "2 of 13"  # 2023 (Kevron) and 2025 (Shodak)
    assert any("Ignored district='tj-nowhere'" in w.value.replace("\\", "") for w in at.warning)
