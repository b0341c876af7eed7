"""The timeline: incidents and casualties per month, with the chosen date range highlighted."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from geo.schema import DATE_PRECISIONS

PRECISION_SHADES = {"day": "#37474F", "week": "#607D8B", "month": "#B0BEC5", "year": "#CFD8DC"}


def timeline_charts(data: pd.DataFrame, period: tuple[dt.date, dt.date],
                    selected: tuple[dt.date, dt.date]) -> tuple[alt.LayerChart, alt.LayerChart]:
    """Incidents and deaths per month (:func:`geo.timeline.monthly`) over the whole
    ``period``, ``selected`` as a band."""
    data = data.copy()
    data["date known to"] = data["date_precision"].map(DATE_PRECISIONS)
    domain = [pd.Timestamp(period[0]).replace(day=1).isoformat(),
              (pd.Timestamp(period[1]) + pd.offsets.MonthEnd(0)).isoformat()]
    x = alt.X("yearmonth(month):T", title=None, scale=alt.Scale(domain=domain))
    band = alt.Chart(pd.DataFrame({"start": [pd.Timestamp(selected[0])],
                                   "end": [pd.Timestamp(selected[1])]})).mark_rect(
        color="#FFE082", opacity=0.45).encode(x="start:T", x2="end:T")
    order = list(DATE_PRECISIONS.values())
    counts = alt.Chart(data).mark_bar(size=8).encode(
        x=x, y=alt.Y("sum(incidents):Q", title="Incidents", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("date known to:N", sort=order,
                        scale=alt.Scale(domain=order,
                                        range=[PRECISION_SHADES[p] for p in DATE_PRECISIONS]),
                        legend=alt.Legend(orient="right", title="Date known to")),
        tooltip=[alt.Tooltip("yearmonth(month):T", title="Month"),
                 alt.Tooltip("date known to:N"), alt.Tooltip("sum(incidents):Q",
                                                              title="Incidents")])
    deaths = alt.Chart(data).mark_bar(size=8, color="#B00020").encode(
        x=x, y=alt.Y("sum(killed):Q", title="Killed (best)", axis=alt.Axis(tickMinStep=1)),
        tooltip=[alt.Tooltip("yearmonth(month):T", title="Month"),
                 alt.Tooltip("sum(killed):Q", title="Killed (best reading)"),
                 alt.Tooltip("sum(injured):Q", title="Injured (best reading)")])
    return ((band + counts).properties(height=120), (band + deaths).properties(height=90))
