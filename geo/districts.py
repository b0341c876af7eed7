"""District polygons of both sides of the border (``data/districts.geojson``): reading them,
finding the district a point lies in, provinces by dissolving, and the districts' labels
(counts per district: :mod:`geo.district_view`).

The polygons are geoBoundaries' ADM2 districts (Afghan: AIMS 2014, public domain; Tajik:
OpenStreetMap 2017, ODbL); ``scripts/build_districts.py`` gives each its stable
``district_id``, its province and the gazetteer district it stands for (``place_id``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from geo import paths
from geo.border import border_line, nearest_border_points

DISTRICTS_FILE = "districts.geojson"
#: Kilometres per degree, roughly, near the border (for a point's distance to a polygon).
KM_PER_DEGREE = 100.0
#: A point in the river gap between the two countries' outlines (in no polygon) is placed in
#: the nearest district of its side when that district is at most this far (km): the
#: outlines part by a median 30–50 m and a 90th percentile of ~0.5 km along the river.
GAP_KM = 1.5
#: How far (km) beyond the nearest border point the side of a gap point is probed: more than
#: the Afghan districts' simplification (~200 m off the line), less than a river bend.
_PROBE_KM = 0.5
#: A point closer than this (km) to the line is on it: its side is the nearest polygon's.
_ON_LINE_KM = 0.01
COLUMNS = ("district_id", "name", "source_name", "country", "admin1", "place_id")


def province_key(country: str, admin1: str) -> str:
    """How a province's polygon is named (the map's and the export's): 'TJ:Gorno-Badakhshan'."""
    return f"{country}:{admin1}"


def read_districts(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The district polygons: :data:`COLUMNS` and a shapely ``geometry`` per district (an
    empty table where the folder has no districts file)."""
    path = Path(data_dir or paths.DATA_DIR) / DISTRICTS_FILE
    if not path.exists():
        return pd.DataFrame({**{c: pd.Series(dtype=object) for c in COLUMNS},
                             "geometry": pd.Series(dtype=object)})
    features = json.loads(path.read_text("utf-8"))["features"]
    frame = pd.DataFrame([{c: str(f["properties"].get(c) or "") for c in COLUMNS}
                          for f in features])
    frame["geometry"] = [shape(f["geometry"]) for f in features]
    return frame


def provinces(districts: pd.DataFrame) -> pd.DataFrame:
    """One polygon per (country, province): the union of its districts in the file (near
    the border, so a province reaching far inland is only its border part)."""
    rows = [{"country": country, "admin1": admin1,
             "geometry": shapely.union_all(group["geometry"].to_numpy())}
            for (country, admin1), group in districts.groupby(["country", "admin1"], sort=True)]
    return pd.DataFrame(rows, columns=["country", "admin1", "geometry"])


def _km_frame(lat0: float) -> tuple[float, float]:
    """Kilometres per degree of longitude and of latitude at latitude ``lat0``."""
    return 111.32 * math.cos(math.radians(lat0)), 110.95


def _in_polygon(districts: pd.DataFrame, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Index (into ``districts``) of the polygon each point lies in, or -1. Where the two
    countries' polygons overlap along the river, the first in the file wins: Afghan before
    Tajik, as the file is sorted, so the Afghan outline decides there (see
    :func:`district_of`)."""
    found = np.full(len(lat), -1)
    if not len(lat):
        return found
    tree = shapely.STRtree(districts["geometry"].to_numpy())
    point_index, polygon_index = tree.query(shapely.points(lon, lat), predicate="within")
    order = np.lexsort((polygon_index, point_index))  # by point, then the file's order
    first = np.unique(point_index[order], return_index=True)[1]
    found[point_index[order][first]] = polygon_index[order][first]
    return found


def gap_sides(districts: pd.DataFrame, lat: np.ndarray, lon: np.ndarray,
              line: shapely.Geometry) -> np.ndarray:
    """For points in no polygon: ``"AF"`` or ``"TJ"``, the side of the finer border line
    each lies on, or ``""`` when it is on the line itself (within 10 m).

    The line (``data/border.geojson``) is a part of Afghanistan's geoBoundaries outline, and
    the Afghan districts come from the same survey (AIMS) and follow it to within ~200 m, so
    the Afghan districts' outline tells the two sides of the line apart: from the line's
    point nearest to the point, a probe 0.5 km on towards the point lies in an Afghan
    district when the point is on the Afghan side. (The Tajik polygons, from OpenStreetMap,
    stray up to ~2 km from the line and are not used for this.)
    """
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    sides = np.full(len(lat), "", dtype=object)
    if not len(lat):
        return sides
    near = nearest_border_points(lat, lon, line)
    kx, ky = _km_frame(float(np.mean(lat)))
    dx, dy = (lon - near[:, 1]) * kx, (lat - near[:, 0]) * ky
    km = np.hypot(dx, dy)
    off = km > _ON_LINE_KM
    scale = np.where(off, _PROBE_KM / np.where(off, km, 1.0), 0.0)
    probes = shapely.points(near[:, 1] + dx * scale / kx, near[:, 0] + dy * scale / ky)
    afghan = shapely.union_all(districts.loc[districts["country"] == "AF",
                                             "geometry"].to_numpy())
    in_af = shapely.within(probes, afghan)
    sides[off] = np.where(in_af[off], "AF", "TJ")
    return sides


def _nearest_of_side(districts: pd.DataFrame, lat: float, lon: float,
                     side: str) -> int:
    """Index of the district of ``side`` (or of either side, for ``""``) nearest to the
    point within :data:`GAP_KM`, measured in a local kilometre frame; -1 if none."""
    kx, ky = _km_frame(lat)
    point = shapely.Point(lon * kx, lat * ky)
    best, best_km = -1, GAP_KM
    window = shapely.box(lon - 2 * GAP_KM / kx, lat - 2 * GAP_KM / ky,
                         lon + 2 * GAP_KM / kx, lat + 2 * GAP_KM / ky)
    for index in np.flatnonzero(shapely.intersects(districts["geometry"].to_numpy(), window)):
        if side and districts["country"].iat[index] != side:
            continue
        flat = shapely.transform(districts["geometry"].iat[index],
                                 lambda xy: xy * np.array([kx, ky]))
        km = float(flat.distance(point))
        if km <= best_km:
            best, best_km = int(index), km
    return best


def district_of(districts: pd.DataFrame, lat: np.ndarray, lon: np.ndarray,
                line: shapely.Geometry | None = None) -> np.ndarray:
    """For each point, the ``district_id`` of the district it lies in, or ``None``.

    The rule, in order:

    1. A point inside a district's polygon is in that district. Where an Afghan and a
       Tajik polygon overlap along the river (their outlines come from different sources),
       the Afghan one wins: the Afghan outline decides the side.
    2. A point in no polygon but within :data:`GAP_KM` (1.5 km) of the finer border line
       (``data/border.geojson``, ``line``) lies in the river gap between the two outlines.
       Its side is decided by that line and the Afghan districts' outline
       (:func:`gap_sides`), and it is placed in the nearest district of that side if one is
       within 1.5 km.
    3. Anything else (no point, far from every polygon, or in the gap with no district of
       its side near) gets ``None``, as before polygons.
    """
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    out = np.full(len(lat), None, dtype=object)
    ok = ~(np.isnan(lat) | np.isnan(lon))
    if not ok.any() or districts.empty:
        return out
    rows = np.flatnonzero(ok)
    found = _in_polygon(districts, lat[ok], lon[ok])
    missing = np.flatnonzero(found < 0)
    if len(missing):
        line = line if line is not None else border_line()
        kx, ky = _km_frame(float(np.mean(lat[ok])))
        flat_line = shapely.transform(line, lambda xy: xy * np.array([kx, ky]))
        flat = shapely.points(lon[rows[missing]] * kx, lat[rows[missing]] * ky)
        in_gap = missing[shapely.distance(flat, flat_line) <= GAP_KM]
        sides = gap_sides(districts, lat[rows[in_gap]], lon[rows[in_gap]], line)
        for index, side in zip(in_gap, sides, strict=True):
            found[index] = _nearest_of_side(districts, float(lat[rows[index]]),
                                            float(lon[rows[index]]), str(side))
    ids = districts["district_id"].to_numpy(dtype=object)
    out[rows] = np.where(found >= 0, ids[np.maximum(found, 0)], None)
    return out
