"""The timeline's Vega-Lite spec: valid, drawing exactly the monthly figures, the two charts on
one x axis, the band over the whole chosen range, and the brush that chooses a range."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import pytest

from dashboard.chart import BRUSH, VIEWS, timeline_chart
from geo.filtering import date_bounds
from geo.pipeline import load_incident_data
from geo.schema import DATE_PRECISIONS
from geo.timeline import brushed_range, monthly
from testkit.pages import FROZEN

D = dt.date
CHOSEN = (D(2024, 1, 1), D(2024, 12, 31))


@pytest.fixture(scope="module")
def spec_and_months():
    data = load_incident_data(FROZEN)
    months = monthly(data.incidents, groups=data.readings)
    return timeline_chart(months, date_bounds(data.incidents), CHOSEN), months


def test_spec_is_valid_vega_lite_with_the_monthly_figures(spec_and_months) -> None:
    spec, months = spec_and_months
    drawn = spec["datasets"]["months"]
    assert drawn[["month", "date_precision", "incidents", "killed", "injured"]].equals(months)
    assert list(drawn["date known to"]) == [DATE_PRECISIONS[p] for p in months["date_precision"]]
    bars = [view["layer"][1] for view in spec["vconcat"]]
    assert [b["encoding"]["y"]["field"] for b in bars] == ["incidents", "killed"]
    # Vega-Lite's own schema (Altair's copy), with the data as records as JSON has it.
    records = {name: frame.astype({c: str for c in frame.select_dtypes("datetime")})
               .to_dict("records") for name, frame in spec["datasets"].items()}
    alt.VConcatChart.from_dict({**spec, "datasets": records}, validate=True)


def test_one_shared_x_axis_and_aligned_plot_areas(spec_and_months) -> None:
    spec, _ = spec_and_months
    assert spec["resolve"]["scale"]["x"] == "shared"
    top, bottom = (view["layer"][1]["encoding"] for view in spec["vconcat"])
    assert top["x"]["scale"] == bottom["x"]["scale"]  # one domain: the whole period by month
    assert top["x"]["axis"]["labels"] is False  # the dates once, under both charts
    assert top["y"]["axis"]["minExtent"] == bottom["y"]["axis"]["maxExtent"]
    # The legend above, not beside the top chart only (which made its plot narrower).
    assert top["color"]["legend"]["orient"] == "top"
    assert spec["autosize"]["type"] == "fit-x"


def test_the_band_covers_the_last_day_and_its_edges_are_drawn_over_the_bars(
        spec_and_months) -> None:
    spec, _ = spec_and_months
    band = spec["datasets"]["band"]
    assert list(band.iloc[0]) == [pd.Timestamp(CHOSEN[0]), pd.Timestamp(D(2025, 1, 1))]
    for view in spec["vconcat"]:
        fill, bars, edges = view["layer"]
        assert fill["mark"]["type"] == "rect" and edges["mark"]["type"] == "rule"
        # Bars a share of a month wide: at any width the band shows between them.
        assert bars["mark"]["width"] == {"band": 0.8}


def test_the_brush_is_on_both_charts(spec_and_months) -> None:
    spec, _ = spec_and_months
    (param,) = spec["params"]
    assert param["name"] == BRUSH and param["select"]["type"] == "interval"
    assert param["views"] == list(VIEWS) == [v["layer"][1]["name"] for v in spec["vconcat"]]


BOUNDS = (D(2022, 5, 7), D(2026, 1, 31))


def ms(day: str) -> float:
    return pd.Timestamp(day).value / 1e6


@pytest.mark.parametrize(("interval", "expect"), [
    ({"yearmonth_month": [ms("2023-02-14"), ms("2023-06-03")]}, (D(2023, 2, 1), D(2023, 6, 30))),
    ({"month": [ms("2024-09-20"), ms("2024-03-01T05:00")]}, (D(2024, 3, 1), D(2024, 9, 30))),
    ({"month": ["2021-01-01", "2022-07-10"]}, (D(2022, 5, 7), D(2022, 7, 31))),
    ({"month": [ms("2025-11-10"), ms("2026-01-01")]}, (D(2025, 11, 1), D(2025, 12, 31))),
    ({"month": [ms("2027-01-01"), ms("2027-05-01")]}, None),
    ({}, None),
    ({"month": ["not a date", 3]}, None),
])
def test_a_brush_chooses_whole_months_within_the_data(interval, expect) -> None:
    assert brushed_range(interval, BOUNDS) == expect


def test_the_russian_timeline_names_its_months_in_russian(spec_and_months) -> None:
    from geo import i18n
    from geo.d3_locale import d3_pattern

    english, months = spec_and_months
    assert "config" not in english  # English: Vega-Lite's own names, as before
    data = load_incident_data(FROZEN)
    i18n.use("ru")
    try:
        spec = timeline_chart(months, date_bounds(data.incidents), CHOSEN)
    finally:
        i18n.use(i18n.DEFAULT)
    locale = spec["config"]["locale"]
    assert locale["time"]["months"][0] == "январь" and locale["time"]["months"][4] == "май"
    assert locale["time"]["shortMonths"][3] == "апр."
    assert locale["time"]["days"][0] == "воскресенье"  # d3 weeks start on Sunday
    assert locale["time"]["date"] == "%d.%m.%Y" == d3_pattern("dd.MM.y")
    assert locale["number"]["decimal"] == "," and locale["number"]["thousands"] == "\xa0"
    for view in spec["vconcat"]:
        bars = view["layer"][1]["encoding"]
        assert bars["tooltip"][0]["format"] == "%B %Y"  # 'апрель 2024'
        assert "format" not in bars["x"].get("axis", {})  # month names, not '04.2024'
    records = {name: frame.astype({c: str for c in frame.select_dtypes("datetime")})
               .to_dict("records") for name, frame in spec["datasets"].items()}
    alt.VConcatChart.from_dict({**spec, "datasets": records}, validate=True)
