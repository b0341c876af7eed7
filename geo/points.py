"""Incidents grouped by the point they are drawn at.

A regional export puts thousands of incidents on a few hundred places (town or district
centres). The map draws one marker per distinct point and kind of placement (a point of its
own, or the centre of an area), with the number of incidents there, instead of one marker
per incident. Where each incident goes is worked out once per table (:class:`PointIndex`);
the markers of any subset are then a few integer group-bys.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class PointIndex:
    """Where each incident of a table is drawn, as integer codes.

    ``point[i]`` is the point (row of ``points``: lat, lon, area) of the table's i-th
    incident, -1 when it has none; types, places and ids are codes into their own lists.
    """

    point: np.ndarray
    points: pd.DataFrame
    ids: np.ndarray
    type_code: np.ndarray
    types: np.ndarray
    place_code: np.ndarray
    places: np.ndarray
    start: np.ndarray
    end: np.ndarray

    @classmethod
    def of(cls, incidents: pd.DataFrame) -> PointIndex:
        """Index a table (once; it is the slow part)."""
        located = (incidents["latitude"].notna() & incidents["longitude"].notna()).to_numpy()
        keys = _keys(incidents[located])
        codes, uniques = pd.MultiIndex.from_frame(keys).factorize()
        point = np.full(len(incidents), -1, dtype=np.int64)
        point[located] = codes
        type_code, types = pd.factorize(incidents["event_type"].astype(object))
        place_code, places = pd.factorize(incidents["place"].astype(object))
        return cls(point=point, points=pd.DataFrame(list(uniques), columns=["lat", "lon", "area"]),
                   ids=incidents["incident_id"].astype(object).to_numpy(),
                   type_code=type_code, types=np.asarray(types, dtype=object),
                   place_code=place_code, places=np.asarray(places, dtype=object),
                   start=incidents["date_start"].to_numpy("datetime64[ns]"),
                   end=incidents["date_end"].to_numpy("datetime64[ns]"))

    def markers(self, rows: np.ndarray) -> pd.DataFrame:
        """One row per marker of the incidents at positions ``rows`` of the table: ``lat``,
        ``lon``, ``area``, ``point`` (its number), ``n`` incidents, their ``event_type``
        (``None`` when several),
        the first's ``row``, ``incident_id`` and ``place``, how many ``places``, the
        ``first`` and ``last`` day, and ``key`` (the incident id of a single incident, else
        a stack key). Markers follow the order of ``rows``; incidents with no point are
        left out."""
        rows = np.asarray(rows, dtype=np.int64)
        rows = rows[self.point[rows] >= 0]
        frame = pd.DataFrame({"pid": self.point[rows], "row": rows,
                              "type": self.type_code[rows], "place": self.place_code[rows],
                              "first": self.start[rows], "last": self.end[rows]})
        out = frame.groupby("pid", sort=False).agg(
            n=("row", "size"), row=("row", "first"), tmin=("type", "min"),
            tmax=("type", "max"), place=("place", "first"), places=("place", "nunique"),
            first=("first", "min"), last=("last", "max"))
        pids = out.index.to_numpy()
        where = self.points.iloc[pids].reset_index(drop=True)
        out = out.reset_index(drop=True)
        markers = pd.DataFrame({
            "lat": where["lat"].to_numpy(), "lon": where["lon"].to_numpy(),
            "area": where["area"].to_numpy(dtype=bool), "n": out["n"].to_numpy(),
            "event_type": pd.Series(np.where(out["tmin"] == out["tmax"],
                                             self.types[out["tmin"]], None), dtype=object),
            "point": pids,
            "row": out["row"].to_numpy(), "incident_id": self.ids[out["row"]],
            "place": self.places[out["place"]], "places": out["places"].to_numpy(),
            "first": out["first"], "last": out["last"]})
        markers["key"] = markers["incident_id"]
        stack = (markers["n"] > 1).to_numpy()
        markers.loc[stack, "key"] = [point_key(la, lo, ar) for la, lo, ar in
                                     markers.loc[stack, ["lat", "lon", "area"]].itertuples(
                                         index=False)]
        return markers


def map_points(incidents: pd.DataFrame) -> pd.DataFrame:
    """The markers of every incident of a table (see :meth:`PointIndex.markers`)."""
    return PointIndex.of(incidents).markers(np.arange(len(incidents)))


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
