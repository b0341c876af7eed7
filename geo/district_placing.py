"""Which district each geocoded incident is in, and where a row's own district (its
source's, or the gazetteer's) disagrees with the polygon its point lies in."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from geo.distinct import each_distinct
from geo.districts import KM_PER_DEGREE, district_of
from geo.gazetteer import core_name
from geo.i18n import N_, Message, lazy
from geo.loading import LINE
from geo.problems import Problem


@dataclass(frozen=True)
class _Disagreement:
    """What a row's own name for its area says against its polygon's (one per distinct
    combination of polygon and names, shared by every row that has it)."""

    field: str
    template: str
    spelled: Message | str
    claimed: str | None  # the district the row's own name stands for, if it is one
    district: str
    province: str


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

    A point given as such (exact, near) is placed by :func:`geo.districts.district_of`; a
    row known only to its district takes that district's polygon (by country and name);
    province and border rows, and points outside every polygon and the river gap, get none.

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
    if districts.empty or incidents.empty:
        return ids, []
    precision = incidents["location_precision"].astype(str)
    by_name = {(c, n): i for c, n, i in zip(districts["country"], districts["name"],
                                            districts["district_id"], strict=True)}
    named = precision == "district"
    ids[named] = [by_name.get((str(c), str(n))) for c, n in zip(
        incidents.loc[named, "country"], incidents.loc[named, "admin2"], strict=True)]
    pointed = precision.isin(["exact", "near"]) | (named & ids.isna())
    ids[pointed] = district_of(districts, incidents.loc[pointed, "latitude"].to_numpy(),
                               incidents.loc[pointed, "longitude"].to_numpy())
    checked = np.flatnonzero((pointed & ids.notna()).to_numpy())
    if not len(checked):
        return ids, []

    # Rows sharing a polygon, a country and their own names get the same verdict: judge
    # each combination once (an upload of 80k rows has a few thousand).
    def text(column: str) -> np.ndarray:
        if column not in incidents:
            return np.full(len(checked), "", dtype=object)
        values = incidents[column].iloc[checked].astype("string").fillna("").str.strip()
        return values.to_numpy(dtype=object)

    keys = [pd.Series(ids.iloc[checked].to_numpy(dtype=object)),
            pd.Series(incidents["country"].iloc[checked].astype(str).to_numpy(dtype=object)),
            *(pd.Series(text(c)) for c in ("source_admin2", "source_admin1", "admin2"))]
    polygons = districts.set_index("district_id")
    verdicts = each_distinct(lambda *key: _verdict(key, polygons, by_name, current_names or {}),
                             *keys).to_numpy()
    at = np.flatnonzero(pd.notna(verdicts))
    found = list(zip(checked[at], verdicts[at], strict=True))
    if not found:
        return ids, []
    rows = checked[at]
    kept_own = _within_uncertainty(incidents.iloc[rows], [v.claimed for _, v in found],
                                   polygons["geometry"])
    lines = (incidents[LINE].iloc[rows].astype("Int64").to_numpy(dtype=object)
             if LINE in incidents else [None] * len(rows))
    places = incidents["place"].iloc[rows].to_numpy(dtype=object)
    problems: list[Problem] = []
    for (row, verdict), own, line, place in zip(found, kept_own, lines, places, strict=True):
        if own:
            ids.iat[row] = verdict.claimed
            continue
        problems.append(Problem(
            label, None if line is None or pd.isna(line) else int(line), verdict.field,
            lazy(verdict.template, place=place, spelled=verdict.spelled,
                 district=verdict.district, province=verdict.province), "warning"))
    return ids, problems


def _verdict(key: tuple[str, str, str, str, str], polygons: pd.DataFrame,
             by_name: dict[tuple[str, str], str],
             current_names: dict[tuple[str, str], str]) -> _Disagreement | None:
    """None where the row's own names agree with its polygon (or it has none), else what
    disagrees."""
    district_id, country, source2, source1, gazetteer2 = key
    polygon = polygons.loc[district_id]
    if source2:
        field_name, given, what = "source_admin2", source2, "district"
        names: tuple[str, ...] = (polygon["name"], polygon["source_name"])
    elif source1 and not gazetteer2:
        field_name, given, what = "source_admin1", source1, "province"
        names = (polygon["admin1"],)
    elif gazetteer2:
        field_name, given, what = "place", gazetteer2, "district"
        names = (polygon["name"],)
    else:
        return None
    # The gazetteer's own admin2 is already the current name.
    current = given if field_name == "place" else current_names.get((country, given))
    if _agrees(given, current, names):
        return None
    spelled: Message | str = lazy(_UNKNOWN_NAME, given=given) if current is None else (
        repr(given) if current == given else f"{given!r} ({current})")
    return _Disagreement(
        field_name, _DISAGREES[(what, field_name.startswith("source"))], spelled,
        by_name.get((country, current or given)) if what == "district" else None,
        polygon["name"], polygon["admin1"])


def _within_uncertainty(rows: pd.DataFrame, claimed: list[str | None],
                        geometry: pd.Series) -> np.ndarray:
    """For each row, whether its point lies within its uncertainty of the district its own
    name stands for (``claimed``; False where there is none)."""
    has = np.array([c is not None for c in claimed], dtype=bool)
    out = np.zeros(len(rows), dtype=bool)
    if not has.any():
        return out
    shapes = geometry.loc[[c for c in claimed if c is not None]].to_numpy()
    points = shapely.points(rows["longitude"].to_numpy(dtype=float)[has],
                            rows["latitude"].to_numpy(dtype=float)[has])
    slack = pd.to_numeric(rows["uncertainty_km"], errors="coerce").fillna(0).to_numpy()[has]
    out[has] = shapely.distance(shapes, points) * KM_PER_DEGREE <= slack
    return out


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
