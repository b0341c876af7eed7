"""The timeline: incidents and casualties per month, with the chosen date range highlighted.

The charts are Vega-Lite specs written out as dicts (what Altair would build, without
Altair's schema validation and deep copies on every rerun, which were most of a page run's
time); the tests validate them against Vega-Lite's schema once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from geo.i18n import DEFAULT, _, current
from geo.schema import DATE_PRECISIONS

PRECISION_SHADES = {"day": "#37474F", "week": "#607D8B", "month": "#B0BEC5", "year": "#CFD8DC"}
#: The Vega-Lite version Streamlit's frontend draws (the schema the tests validate against).
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
MONTH = {"field": "month", "timeUnit": "yearmonth", "type": "temporal"}


def _layered(x: dict[str, Any], bars: dict[str, Any], months: pd.DataFrame,
             band: pd.DataFrame, height: int) -> dict[str, Any]:
    """The shaded band under one layer of monthly bars; data as named datasets."""
    return {
        "$schema": SCHEMA, "height": height,
        "datasets": {"band": band, "months": months},
        "layer": [
            {"data": {"name": "band"},
             "mark": {"type": "rect", "color": "#FFE082", "opacity": 0.45},
             "encoding": {"x": {"field": "start", "type": "temporal"}, "x2": {"field": "end"}}},
            {"data": {"name": "months"}, **bars, "encoding": {"x": x, **bars["encoding"]}},
        ],
    }


def _sum(field: str, title: str) -> dict[str, Any]:
    return {"aggregate": "sum", "field": field, "title": title, "type": "quantitative"}


def timeline_charts(data: pd.DataFrame, period: tuple[dt.date, dt.date],
                    selected: tuple[dt.date, dt.date]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Vega-Lite specs of incidents and deaths per month (:func:`geo.timeline.monthly`) over
    the whole ``period``, ``selected`` as a band."""
    labels = {k: _(v) for k, v in DATE_PRECISIONS.items()}
    data = data.assign(**{"date known to": data["date_precision"].map(labels)})
    domain = [pd.Timestamp(period[0]).replace(day=1).isoformat(),
              (pd.Timestamp(period[1]) + pd.offsets.MonthEnd(0)).isoformat()]
    x = {**MONTH, "title": None, "scale": {"domain": domain}}
    band = pd.DataFrame({"start": [pd.Timestamp(selected[0])],
                         "end": [pd.Timestamp(selected[1])]})
    order = list(labels.values())
    month = {**MONTH, "title": _("Month")}
    if current() != DEFAULT:
        # Vega-Lite's own month names are English: the axis and tooltips show numbers.
        x = {**x, "axis": {"format": "%m.%Y"}}
        month = {**month, "format": "%m.%Y"}
    counts = {"mark": {"type": "bar", "size": 8}, "encoding": {
        "y": {**_sum("incidents", _("Incidents")), "axis": {"tickMinStep": 1}},
        "color": {"field": "date known to", "type": "nominal", "sort": order,
                  "scale": {"domain": order,
                            "range": [PRECISION_SHADES[p] for p in DATE_PRECISIONS]},
                  "legend": {"orient": "right", "title": _("Date known to")}},
        "tooltip": [month,
                    {"field": "date known to", "type": "nominal",
                     "title": _("Date known to")},
                    _sum("incidents", _("Incidents"))]}}
    deaths = {"mark": {"type": "bar", "size": 8, "color": "#B00020"}, "encoding": {
        "y": {**_sum("killed", _("Killed (best)")), "axis": {"tickMinStep": 1}},
        "tooltip": [month, _sum("killed", _("Killed (best reading)")),
                    _sum("injured", _("Injured (best reading)"))]}}
    return (_layered(x, counts, data, band, 120), _layered(x, deaths, data, band, 90))
