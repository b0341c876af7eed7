"""Incidents and casualties per month, for the timeline chart, and the range a brush across
it chooses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd

from geo.casualties import incident_readings


def monthly(incidents: pd.DataFrame, claims: pd.DataFrame | None = None, *,
            groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per month and date precision: incidents, killed and injured (best readings).

    An incident counts in the month its interval starts in; its ``date_precision`` is kept so
    the chart can draw month-precise incidents as such.
    """
    columns = ["month", "date_precision", "incidents", "killed", "injured"]
    if incidents.empty:
        return pd.DataFrame(columns=columns)
    per = incident_readings(claims, groups=groups)
    frame = pd.DataFrame({
        "month": incidents["date_start"].dt.to_period("M").dt.to_timestamp(),
        "date_precision": incidents["date_precision"].astype(str),
        "incident_id": incidents["incident_id"].astype(str),
    })
    frame["killed"] = frame["incident_id"].map(per["killed_best"]).fillna(0).astype(int)
    frame["injured"] = frame["incident_id"].map(per["injured_best"]).fillna(0).astype(int)
    out = (frame.groupby(["month", "date_precision"], observed=True)
           .agg(incidents=("incident_id", "size"), killed=("killed", "sum"),
                injured=("injured", "sum"))
           .reset_index())
    return out[columns]


def brushed_range(interval: Mapping[str, Sequence[object]],
                  bounds: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date] | None:
    """The date range a brush across the monthly chart chooses: from the first day of the
    month it starts in to the last day of the month it ends in, within ``bounds``.

    ``interval`` is the chart's selection (field name to its two ends, as epoch milliseconds
    or dates in text); ``None`` when it holds no usable interval (a brush cleared).
    """
    for ends in interval.values():
        if not isinstance(ends, Sequence) or isinstance(ends, str) or len(ends) != 2:
            continue
        try:
            low, high = sorted(pd.Timestamp(e, unit="ms") if isinstance(e, int | float)
                               else pd.Timestamp(str(e)) for e in ends)
        except (ValueError, TypeError):
            continue
        if high > low and high == high.to_period("M").start_time:
            high -= pd.Timedelta(milliseconds=1)  # up to a month's start: not into it
        start = low.to_period("M").start_time.date()
        end = high.to_period("M").end_time.date()
        start, end = max(start, bounds[0]), min(end, bounds[1])
        return (start, end) if start <= end else None
    return None
