"""Incidents and casualties per month, for the timeline chart."""

from __future__ import annotations

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
