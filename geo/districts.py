"""District polygons of both sides of the border (``data/districts.geojson``): reading them,
finding the district a point lies in, provinces by dissolving, and the districts' labels
(counts per district: :mod:`geo.district_view`).

The polygons are geoBoundaries' ADM2 districts (Afghan: AIMS 2014, public domain; Tajik:
OpenStreetMap 2017, ODbL); ``scripts/build_districts.py`` gives each its stable
``district_id``, its province and the gazetteer district it stands for (``place_id``).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from geo import paths
from geo.loading import LINE
from geo.problems import Problem

DISTRICTS_FILE = "districts.geojson"
#: Kilometres per degree, roughly, near the border (for a point's distance to a polygon).
KM_PER_DEGREE = 100.0
COLUMNS = ("district_id", "name", "source_name", "country", "admin1", "place_id")


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


def district_of(districts: pd.DataFrame, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """For each point, the ``district_id`` of the polygon it lies in, or ``None`` (no point,
    or in none of them). Where the two countries' polygons overlap along the river, the
    first in the file wins (Afghan before Tajik, as the file is sorted)."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    out = np.full(len(lat), None, dtype=object)
    ok = ~(np.isnan(lat) | np.isnan(lon))
    if not ok.any() or districts.empty:
        return out
    tree = shapely.STRtree(districts["geometry"].to_numpy())
    points = shapely.points(lon[ok], lat[ok])
    point_index, polygon_index = tree.query(points, predicate="within")
    found = np.full(len(points), -1)
    order = np.lexsort((polygon_index, point_index))  # by point, then the file's order
    first = np.unique(point_index[order], return_index=True)[1]
    found[point_index[order][first]] = polygon_index[order][first]
    ids = districts["district_id"].to_numpy(dtype=object)
    out[np.flatnonzero(ok)] = np.where(found >= 0, ids[np.maximum(found, 0)], None)
    return out


def place_in_districts(incidents: pd.DataFrame, districts: pd.DataFrame,
                       label: str) -> tuple[pd.Series, list[Problem]]:
    """The ``district_id`` of each geocoded incident, and a warning per row whose own
    district (from the gazetteer or the source) disagrees with the polygon its point is in.

    A point given as such (exact, near) is placed by the polygon it lies in; a row known
    only to its district takes that district's polygon (by country and name); province and
    border rows, and points outside every polygon, get none. A row's own district within
    the point's uncertainty of it is kept (a coarse point near the district's edge).
    """
    ids = pd.Series(None, index=incidents.index, dtype=object)
    problems: list[Problem] = []
    if districts.empty or incidents.empty:
        return ids, problems
    precision = incidents["location_precision"].astype(str)
    by_name = {(c, n): i for c, n, i in zip(districts["country"], districts["name"],
                                            districts["district_id"], strict=True)}
    named = precision == "district"
    ids[named] = [by_name.get((str(c), str(n))) for c, n in zip(
        incidents.loc[named, "country"], incidents.loc[named, "admin2"], strict=True)]
    pointed = precision.isin(["exact", "near"]) | (named & ids.isna())
    ids[pointed] = district_of(districts, incidents.loc[pointed, "latitude"].to_numpy(),
                               incidents.loc[pointed, "longitude"].to_numpy())
    names = dict(zip(districts["district_id"], districts["name"], strict=True))
    shapes = dict(zip(districts["district_id"], districts["geometry"], strict=True))
    own = incidents["admin2"].astype("string")
    for index in incidents.index[pointed & ids.notna() & own.notna() & (own != "")]:
        polygon = names[ids[index]]
        if polygon == own[index]:
            continue
        named_id = by_name.get((str(incidents.at[index, "country"]), str(own[index])))
        point = shapely.Point(incidents.at[index, "longitude"], incidents.at[index, "latitude"])
        slack_km = float(incidents.at[index, "uncertainty_km"] or 0)
        if named_id is not None and shapes[named_id].distance(point) * KM_PER_DEGREE <= slack_km:
            ids[index] = named_id
            continue
        problems.append(Problem(
            label, int(incidents.at[index, LINE]) if LINE in incidents else None, "place",
            f"{incidents.at[index, 'place']!r} is given in {own[index]} district, but its "
            f"point lies in {polygon} district; the map and the district counts use "
            f"{polygon}", "warning"))
    return ids, problems


@functools.lru_cache(maxsize=4)
def _labels(data_dir: str) -> dict[str, str]:
    frame = read_districts(data_dir)
    return {i: f"{n} ({c})" for i, n, c in zip(frame["district_id"], frame["name"],
                                               frame["country"], strict=True)}


def district_label(district_id: str) -> str:
    """'Shamsiddin Shohin (TJ)' for ``tj-shamsiddin-shohin``; the id itself when unknown."""
    return _labels(str(paths.DATA_DIR)).get(district_id, district_id)
