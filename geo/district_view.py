"""The districts view's figures: incidents and killed per district of the shown incidents."""

from __future__ import annotations

import pandas as pd

from geo.casualties import incident_readings


def district_counts(incidents: pd.DataFrame, readings: pd.DataFrame | None = None, *,
                    per: pd.DataFrame | None = None) -> pd.DataFrame:
    """Incidents and killed (best reading, with its low–high) per ``district_id`` of the
    given incidents, most first; those with no district (province or border precision,
    unplaced) are left out. ``readings``: the claims' group readings
    (:func:`geo.casualties.group_readings`); or ``per``: the readings per incident
    (:func:`geo.casualties.incident_readings`) when already made, as a page makes them once
    per load (made again here they were most of a districts-view run at 100k incidents)."""
    placed = incidents[incidents["district_id"].notna()]
    if per is None:
        if readings is None:
            raise TypeError("readings or per is needed")
        per = incident_readings(groups=readings[readings["incident_id"].isin(
            placed["incident_id"])])
    per = per.reindex(placed["incident_id"])
    frame = pd.DataFrame({
        "district_id": placed["district_id"].to_numpy(dtype=object),
        "incidents": 1,
        **{c: per[c].fillna(0).to_numpy() for c in ("killed_low", "killed_best",
                                                    "killed_high")}})
    counts = frame.groupby("district_id", sort=False).sum()
    return counts.sort_values(["incidents", "killed_best"], ascending=False).astype(int)
