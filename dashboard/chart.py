"""The timeline: incidents and casualties per month, with the chosen date range highlighted.

One Vega-Lite spec, two charts stacked on one shared x axis (``vconcat``: the same domain,
width and plot area, the legend beside both), written out as a dict (what Altair would build,
without Altair's schema validation and deep copies on every rerun, which were most of a page
run's time); the tests validate it against Vega-Lite's schema once. Dragging across either
chart (the ``brush`` interval selection) chooses a date range. In another language than
English the spec carries that language's month names and number signs (``config.locale``,
:func:`geo.d3_locale.vega_locale`).

The band is drawn under the bars and its edges over them: bars that fill a month's width and
the chart's height (at 1024 px a month is 8 px wide) hid the band's end under them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from geo.d3_locale import vega_locale
from geo.i18n import DEFAULT, _, current
from geo.schema import DATE_PRECISIONS

PRECISION_SHADES = {"day": "#37474F", "week": "#607D8B", "month": "#B0BEC5", "year": "#CFD8DC"}
#: The Vega-Lite version Streamlit's frontend draws (the schema the tests validate against).
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
MONTH = {"field": "month", "timeUnit": "yearmonth", "type": "temporal"}
#: The interval selection that brushing makes, and the charts (views) it is made on.
BRUSH = "brush"
VIEWS = ("incidents", "deaths")
#: Both y axes take the same room, so that the two plot areas start at the same x.
_Y_AXIS = {"tickMinStep": 1, "minExtent": 36, "maxExtent": 36}
BAND_FILL, BAND_EDGE = "#FFE082", "#A06800"


def _layered(name: str, x: dict[str, Any], bars: dict[str, Any], height: int) -> dict[str, Any]:
    """One chart: the shaded band, the monthly bars (named ``name``), the band's edges."""
    band_x = {"field": "start", "type": "temporal"}  # the domain is the bars' (one scale)
    return {
        "height": height,
        "layer": [
            {"data": {"name": "band"},
             "mark": {"type": "rect", "color": BAND_FILL, "opacity": 0.45},
             "encoding": {"x": band_x, "x2": {"field": "end"}}},
            {"name": name, "data": {"name": "months"}, **bars,
             "encoding": {"x": x, **bars["encoding"]}},
            {"data": {"name": "band"}, "transform": [{"fold": ["start", "end"]}],
             "mark": {"type": "rule", "color": BAND_EDGE, "strokeWidth": 1.5},
             "encoding": {"x": {**band_x, "field": "value"}}},
        ],
    }


def _sum(field: str, title: str) -> dict[str, Any]:
    return {"aggregate": "sum", "field": field, "title": title, "type": "quantitative"}


def timeline_chart(data: pd.DataFrame, period: tuple[dt.date, dt.date],
                   selected: tuple[dt.date, dt.date]) -> dict[str, Any]:
    """The Vega-Lite spec of incidents and deaths per month (:func:`geo.timeline.monthly`)
    over the whole ``period``, ``selected`` as a band (its last day included)."""
    labels = {k: _(v) for k, v in DATE_PRECISIONS.items()}
    data = data.assign(**{"date known to": data["date_precision"].map(labels)})
    domain = [pd.Timestamp(period[0]).replace(day=1).isoformat(),
              (pd.Timestamp(period[1]) + pd.offsets.MonthBegin(1)).isoformat()]
    x = {**MONTH, "title": None, "scale": {"domain": domain}}
    band = pd.DataFrame({"start": [pd.Timestamp(selected[0])],
                         "end": [pd.Timestamp(selected[1]) + pd.Timedelta(days=1)]})
    order = list(labels.values())
    month = {**MONTH, "title": _("Month")}
    if current() != DEFAULT:
        # The month on its own in the tooltip ('апрель 2024'); the axis takes Vega-Lite's
        # own choice of ticks, named by the locale below.
        month = {**month, "format": "%B %Y"}
    bar = {"type": "bar", "width": {"band": 0.8}}
    counts = {"mark": bar, "encoding": {
        "y": {**_sum("incidents", _("Incidents")), "axis": _Y_AXIS},
        "color": {"field": "date known to", "type": "nominal", "sort": order,
                  "scale": {"domain": order,
                            "range": [PRECISION_SHADES[p] for p in DATE_PRECISIONS]},
                  "legend": {"orient": "top", "title": _("Date known to")}},
        "tooltip": [month,
                    {"field": "date known to", "type": "nominal",
                     "title": _("Date known to")},
                    _sum("incidents", _("Incidents"))]}}
    deaths = {"mark": {**bar, "color": "#B00020"}, "encoding": {
        "y": {**_sum("killed", _("Killed (best)")), "axis": _Y_AXIS},
        "tooltip": [month, _sum("killed", _("Killed (best reading)")),
                    _sum("injured", _("Injured (best reading)"))]}}
    top = _layered(VIEWS[0], {**x, "axis": {**x.get("axis", {}), "labels": False, "ticks": False}},
                   counts, 120)
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "datasets": {"band": band, "months": data},
        "params": [{"name": BRUSH, "views": list(VIEWS),
                    "select": {"type": "interval", "encodings": ["x"]}}],
        "vconcat": [top, _layered(VIEWS[1], x, deaths, 90)],
        "spacing": 6,
        # Fit the page's width, axes and legend included (Streamlit pads nested views).
        "autosize": {"type": "fit-x", "contains": "padding"},
        "resolve": {"scale": {"x": "shared"}},
    }
    if current() != DEFAULT:
        # Vega-Lite's month names and number signs are English unless a locale says.
        spec["config"] = {"locale": vega_locale(current())}
    return spec
