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
from geo.gazetteer import core_name
from geo.i18n import N_, Message, lazy
from geo.loading import LINE
from geo.problems import Problem

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


def _agrees(given: str, current: str | None, polygon_names: tuple[str, ...]) -> bool:
    """Whether a row's own name for its area (``given``, resolved by the gazetteer to its
    ``current`` name, or None) names the polygon (its current name, its source spelling)."""
    names = {core_name(n) for n in polygon_names if n}
    return (current is not None and core_name(current) in names) or core_name(given) in names


def place_in_districts(incidents: pd.DataFrame, districts: pd.DataFrame, label: str,
                       current_names: dict[tuple[str, str], str] | None = None,
                       ) -> tuple[pd.Series, list[Problem]]:
    """The ``district_id`` of each geocoded incident, and a warning per row whose own
    district disagrees with the polygon its point is in.

    A point given as such (exact, near) is placed by :func:`district_of`; a row known only
    to its district takes that district's polygon (by country and name); province and
    border rows, and points outside every polygon and the river gap, get none.

    A row's own district is the source's (``source_admin2``, from ACLED or UCDP; or, when
    blank, its province ``source_admin1`` against the polygon's province), else the
    gazetteer's (``admin2``). Names are compared through the gazetteer: ``current_names``
    maps (country, a source's name) to the current name its aliases resolve it to (so
    "Qumsangir" agrees with Jayhun), and a name also agrees with the polygon's own
    geoBoundaries spelling. A row's own district within the point's uncertainty of it is
    kept (a coarse point near the district's edge); otherwise the row keeps the polygon's
    district and a warning names the file, line and field.
    """
    ids = pd.Series(None, index=incidents.index, dtype=object)
    problems: list[Problem] = []
    if districts.empty or incidents.empty:
        return ids, problems
    current_names = current_names or {}
    precision = incidents["location_precision"].astype(str)
    by_name = {(c, n): i for c, n, i in zip(districts["country"], districts["name"],
                                            districts["district_id"], strict=True)}
    named = precision == "district"
    ids[named] = [by_name.get((str(c), str(n))) for c, n in zip(
        incidents.loc[named, "country"], incidents.loc[named, "admin2"], strict=True)]
    pointed = precision.isin(["exact", "near"]) | (named & ids.isna())
    ids[pointed] = district_of(districts, incidents.loc[pointed, "latitude"].to_numpy(),
                               incidents.loc[pointed, "longitude"].to_numpy())
    polygons = districts.set_index("district_id")

    def text(column: str) -> pd.Series:
        if column not in incidents:
            return pd.Series("", index=incidents.index, dtype=object)
        return incidents[column].astype("string").fillna("").str.strip()

    source2, source1, gazetteer2 = text("source_admin2"), text("source_admin1"), text("admin2")
    for index in incidents.index[pointed & ids.notna()]:
        polygon = polygons.loc[ids[index]]
        country = str(incidents.at[index, "country"])
        if source2[index]:
            field_name, given = "source_admin2", source2[index]
            names: tuple[str, ...] = (polygon["name"], polygon["source_name"])
            what = "district"
        elif source1[index] and not gazetteer2[index]:
            field_name, given = "source_admin1", source1[index]
            names, what = (polygon["admin1"],), "province"
        elif gazetteer2[index]:
            field_name, given = "place", gazetteer2[index]
            names, what = (polygon["name"],), "district"
        else:
            continue
        current = current_names.get((country, given))
        if field_name == "place":
            current = given  # the gazetteer's own admin2 is already the current name
        if _agrees(given, current, names):
            continue
        claimed = by_name.get((country, current or given)) if what == "district" else None
        point = shapely.Point(incidents.at[index, "longitude"], incidents.at[index, "latitude"])
        slack_km = float(incidents.at[index, "uncertainty_km"] or 0)
        if claimed is not None and (polygons.at[claimed, "geometry"].distance(point)
                                    * KM_PER_DEGREE <= slack_km):
            ids[index] = claimed
            continue
        spelled: Message | str = lazy(_UNKNOWN_NAME, given=given) if current is None else (
            repr(given) if current == given else f"{given!r} ({current})")
        template = _DISAGREES[(what, field_name.startswith("source"))]
        problems.append(Problem(
            label, int(incidents.at[index, LINE]) if LINE in incidents else None, field_name,
            lazy(template, place=incidents.at[index, "place"], spelled=spelled,
                 district=polygon["name"], province=polygon["admin1"]), "warning"))
    return ids, problems


_UNKNOWN_NAME = N_("{given!r} (a name the gazetteer does not know: if it is the same area, add "
                   "it to places.csv as an alias)")
#: A row's own district (or province) against its point's, by (what, named by its source).
_DISAGREES = {
    ("district", True): N_("{place!r} is in district {spelled} according to its source, but its "
                           "point lies in {district} district; the map and the district counts "
                           "use {district}"),
    ("province", True): N_("{place!r} is in province {spelled} according to its source, but its "
                           "point lies in {province} province ({district} district); the map and "
                           "the district counts use {district}"),
    ("district", False): N_("{place!r} is in district {spelled} according to the gazetteer, but "
                            "its point lies in {district} district; the map and the district "
                            "counts use {district}"),
}
