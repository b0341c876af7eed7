"""The districts view's figures: incidents and killed per district of the shown incidents."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.casualties import incident_readings


def district_counts(incidents: pd.DataFrame, readings: pd.DataFrame | None = None, *,
                    per: pd.DataFrame | None = None,
                    per_row: pd.DataFrame | None = None) -> pd.DataFrame:
    """Incidents and killed (best reading, with its low–high) per ``district_id`` of the
    given incidents, most first; those with no district (province or border precision,
    unplaced) are left out. The readings come as one of: ``readings``, the claims' group
    readings (:func:`geo.casualties.group_readings`); ``per``, the readings per incident
    (:func:`geo.casualties.incident_readings`) when already made, as a page makes them once
    per load (made again here they were most of a districts-view run at 100k incidents);
    or ``per_row``, those readings row by row with ``incidents`` (same length and order, NaN
    where an incident has none), which spares looking up 100k ids on every run."""
    codes, districts = pd.factorize(incidents["district_id"])  # no district: -1
    placed = codes >= 0
    if per_row is None:
        if per is None:
            if readings is None:
                raise TypeError("readings, per or per_row is needed")
            per = incident_readings(groups=readings[readings["incident_id"].isin(
                incidents.loc[placed, "incident_id"])])
        per_row = per.reindex(incidents["incident_id"])
    elif len(per_row) != len(incidents):
        raise ValueError("per_row must have one row per incident")
    # Sums by district code: at 100k incidents a group-by on the ids' text cost more.
    sums = {"incidents": np.bincount(codes[placed], minlength=len(districts))}
    for c in ("killed_low", "killed_best", "killed_high"):
        sums[c] = np.bincount(codes[placed], minlength=len(districts), weights=per_row[
            c].to_numpy(dtype=float, na_value=0.0)[placed])
    counts = pd.DataFrame(sums, index=pd.Index(np.asarray(districts, dtype=object),
                                               name="district_id"))
    return counts.sort_values(["incidents", "killed_best"], ascending=False,
                              kind="stable").astype(int)
