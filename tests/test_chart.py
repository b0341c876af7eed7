"""The timeline's Vega-Lite specs: valid, and drawing exactly the monthly figures."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from dashboard.chart import timeline_charts
from geo.filtering import date_bounds
from geo.pipeline import load_incident_data
from geo.schema import DATE_PRECISIONS
from geo.timeline import monthly
from testkit.pages import FROZEN


def test_specs_are_valid_vega_lite_with_the_monthly_figures() -> None:
    data = load_incident_data(FROZEN)
    months = monthly(data.incidents, groups=data.readings)
    chosen = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    for spec, measure in zip(timeline_charts(months, date_bounds(data.incidents), chosen),
                             ("incidents", "killed"), strict=True):
        drawn = spec["datasets"]["months"]
        assert drawn[["month", "date_precision", "incidents", "killed", "injured"]].equals(
            months)
        assert list(drawn["date known to"]) == [DATE_PRECISIONS[p]
                                                for p in months["date_precision"]]
        assert spec["layer"][1]["encoding"]["y"]["field"] == measure
        band = spec["datasets"]["band"]
        assert list(band.iloc[0]) == [pd.Timestamp(chosen[0]), pd.Timestamp(chosen[1])]
        # Vega-Lite's own schema (Altair's copy), with the data as records as JSON has it.
        records = {name: frame.astype({c: str for c in frame.select_dtypes("datetime")})
                   .to_dict("records") for name, frame in spec["datasets"].items()}
        alt.LayerChart.from_dict({**spec, "datasets": records}, validate=True)
