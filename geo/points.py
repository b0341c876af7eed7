"""Incidents grouped by the point they are drawn at.

A regional export puts thousands of incidents on a few hundred places (town or district
centres). The map draws one marker per distinct point and kind of placement (a point of its
own, or the centre of an area), with the number of incidents there, instead of one marker
per incident.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Precisions drawn as the centre of an area (hollow, dashed marker) rather than a place.
AREA_PRECISIONS = ("district", "province")
#: Stacks (several incidents at one point) are keyed "@lat,lon,kind"; a single incident by
#: its id, which never starts with "@".
STACK_PREFIX = "@"


def point_key(lat: float, lon: float, area: bool) -> str:
    """The key of a stack of incidents at this point."""
    return f"{STACK_PREFIX}{lat:.5f},{lon:.5f},{'area' if area else 'place'}"


def _keys(incidents: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "lat": incidents["latitude"].round(5), "lon": incidents["longitude"].round(5),
        "area": incidents["location_precision"].isin(AREA_PRECISIONS)}, index=incidents.index)


def map_points(incidents: pd.DataFrame) -> pd.DataFrame:
    """One row per marker: ``lat``, ``lon``, ``area``, ``n`` incidents, their ``event_type``
    (``None`` when several), the ``incident_id``, ``row`` (position in ``incidents``) and
    ``place`` of the first, the first and last day, and ``key`` (the incident id of a single
    incident, else a stack key).

    Incidents without a point are not drawn; order follows the incidents' order.
    """
    located = incidents["latitude"].notna() & incidents["longitude"].notna()
    mappable = incidents[located]
    keys = _keys(mappable)
    keys["row"] = np.flatnonzero(located.to_numpy())
    grouped = mappable.assign(**keys).groupby(["lat", "lon", "area"], sort=False)
    points = grouped.agg(n=("incident_id", "size"), row=("row", "first"),
                         types=("event_type", "nunique"),
                         event_type=("event_type", "first"),
                         incident_id=("incident_id", "first"), place=("place", "first"),
                         places=("place", "nunique"), first=("date_start", "min"),
                         last=("date_end", "max")).reset_index()
    points["event_type"] = points["event_type"].astype(object).where(points["types"] == 1, None)
    points["key"] = points["incident_id"].astype(object)
    stack = points["n"] > 1
    points.loc[stack, "key"] = [point_key(la, lo, ar) for la, lo, ar in
                                points.loc[stack, ["lat", "lon", "area"]].itertuples(index=False)]
    return points


def at_point(incidents: pd.DataFrame, key: str) -> pd.DataFrame:
    """The incidents drawn at the marker ``key`` (a stack key or an incident id)."""
    if not key.startswith(STACK_PREFIX):
        return incidents[incidents["incident_id"] == key]
    try:
        lat_s, lon_s, kind = key[len(STACK_PREFIX):].split(",")
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        return incidents.iloc[0:0]
    keys = _keys(incidents)
    return incidents[(keys["lat"] == round(lat, 5)) & (keys["lon"] == round(lon, 5))
                     & (keys["area"] == (kind == "area"))]
