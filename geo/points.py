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
    keys: np.ndarray  # a stack key per point of several incidents (None for one)

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
        points = pd.DataFrame(list(uniques), columns=["lat", "lon", "area"])
        # Only a point of several incidents can be a stack (of an upload's 80k, most are one).
        stack_keys = np.full(len(points), None, dtype=object)
        several = np.flatnonzero(np.bincount(codes, minlength=len(points)) > 1)
        stack_keys[several] = [point_key(la, lo, ar) for la, lo, ar in
                               points.iloc[several].itertuples(index=False)]
        return cls(point=point, points=points, keys=stack_keys,
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
        # Sorted by point (stably: within a point, in the order of rows), each point's
        # incidents are one run, and every figure is one reduction over the runs; a
        # group-by does the same with ~5x the overhead, paid on every slider move.
        order = np.argsort(self.point[rows], kind="stable")
        rows = rows[order]
        pid = self.point[rows]
        starts = np.flatnonzero(np.diff(pid, prepend=-1))  # points are >= 0
        first_row = rows[starts]
        types = self.type_code[rows]
        tmin, tmax = np.minimum.reduceat(types, starts), np.maximum.reduceat(types, starts)
        # Distinct places per point: the distinct (point, place) pairs, counted per point.
        place, width = self.place_code[rows], max(len(self.places), 1)
        pairs = np.unique(pid[place >= 0] * width + place[place >= 0])
        pair_points, per_point = np.unique(pairs // width, return_counts=True)
        places = np.zeros(len(starts), dtype=np.int64)
        places[np.searchsorted(pid[starts], pair_points)] = per_point
        appear = np.argsort(order[starts], kind="stable")  # markers in the order of rows
        pids, first_row = pid[starts][appear], first_row[appear]
        same_type = (tmin == tmax)[appear]
        where = self.points.iloc[pids]
        n = np.diff(np.r_[starts, len(rows)])[appear]
        markers = pd.DataFrame({
            "lat": where["lat"].to_numpy(), "lon": where["lon"].to_numpy(),
            "area": where["area"].to_numpy(dtype=bool), "n": n,
            "event_type": pd.Series(np.where(same_type, self.types[tmin[appear]], None),
                                    dtype=object),
            "point": pids, "row": first_row, "incident_id": self.ids[first_row],
            "place": self.places[self.place_code[first_row]], "places": places[appear],
            # fmin/fmax: a missing date does not hide the others (as in pandas' min/max).
            "first": np.fmin.reduceat(self.start[rows], starts)[appear],
            "last": np.fmax.reduceat(self.end[rows], starts)[appear]})
        markers["key"] = np.where(n > 1, self.keys[pids], markers["incident_id"])
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
