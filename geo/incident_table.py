"""Geocode the incident table: a point, its admin areas, its uncertainty and its distance
to the border for every incident a place can be found for. Nothing is dropped: a row that
cannot be placed keeps empty coordinates and is reported."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd
from geopy.location import Location

from geo.border import distance_to_border_km
from geo.district_placing import place_in_districts
from geo.geocoder import AmbiguousPlace
from geo.i18n import N_, Message, lazy
from geo.loading import LINE
from geo.problems import Problem
from geo.schema import GEOCODED_COLUMNS, INCIDENTS, PRECISION_RADIUS_KM


class PlaceGeocoder(Protocol):
    """What geocoding needs: geopy's ``geocode`` with a country hint."""

    def geocode(self, query: str, *, exactly_one: bool = True,
                country_codes: str | None = None) -> Location | list[Location] | None: ...


@dataclass
class GeocodedTable:
    """The incident table with its geocoded columns, and what could not be placed."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


def _uncertainty_km(precision: str, raw: dict[str, object] | None) -> float:
    nominal = PRECISION_RADIUS_KM[precision] or 0.0
    if raw is None or precision == "exact":
        return nominal
    # A village placed at its district only (no point of its own) is as vague as the district.
    area = raw.get("radius_km")
    is_area = raw.get("located_at_level") in ("district", "province") or precision in (
        "district", "province")
    return max(nominal, float(area)) if is_area and area is not None else nominal


def _geocoded_columns(place: str, hit: Location | Message, precision: str,
                      own_point: bool) -> dict[str, object]:
    """The geocoded columns of rows with this lookup result, precision and own point (whose
    coordinates are filled in per row); ``_failure`` says why a row could not be placed."""
    rec: dict[str, object] = dict.fromkeys((*GEOCODED_COLUMNS, "_failure"), None)
    if isinstance(hit, Location):
        raw = hit.raw
        rec.update(place_id=raw["place_id"], place_name=raw["name"], admin1=raw["admin1"],
                   admin2=raw["admin2"], point_kind=raw["point_kind"],
                   latitude=hit.latitude, longitude=hit.longitude,
                   uncertainty_km=_uncertainty_km(precision, raw))
        if raw["located_at"] != raw["place_id"]:
            rec["geocode_note"] = f"placed at {raw['located_at']} (no point of its own)"
    if own_point:
        rec.update(point_kind="source", uncertainty_km=_uncertainty_km(precision, None),
                   geocode_note=None)
    if precision == "border":
        rec.update(latitude=None, longitude=None, uncertainty_km=None,
                   geocode_note="along the border: not mappable")
    elif not isinstance(hit, Location) and not own_point:
        rec["geocode_note"] = f"{place!r}: {hit}"
        rec["_failure"] = hit
    return rec


def _current_names(frame: pd.DataFrame,
                   geocoder: PlaceGeocoder) -> dict[tuple[str, str], str]:
    """(country, name) -> the current district or province name the gazetteer resolves each
    distinct ``source_admin2`` / ``source_admin1`` of the rows to (its aliases know the old
    names: Qumsangir -> Jayhun); names it does not know, or knows as several places, are
    left out and compared as spelled."""
    wanted = {"source_admin2": ("district", "admin2"), "source_admin1": ("province", "admin1")}
    names: dict[tuple[str, str], str] = {}
    for column, (level, admin) in wanted.items():
        if column not in frame:
            continue
        pairs = frame[["country", column]].astype("string").dropna().drop_duplicates()
        for country, name in pairs.itertuples(index=False):
            if not str(name).strip() or (country, name) in names:
                continue
            try:
                hit = geocoder.geocode(str(name), exactly_one=True, country_codes=str(country))
            except Exception:  # ambiguous or unknown: compared as spelled
                continue
            if isinstance(hit, Location) and hit.raw.get("level") == level:
                names[(str(country), str(name))] = str(hit.raw[admin])
    return names


def geocode_incidents(incidents: pd.DataFrame, geocoder: PlaceGeocoder,
                      label: str = INCIDENTS.filename,
                      districts: pd.DataFrame | None = None) -> GeocodedTable:
    """Add :data:`geo.schema.GEOCODED_COLUMNS` to the incidents.

    Each distinct (place, country) is looked up once, so large tables with few places are
    fast. A source's own latitude/longitude wins over the gazetteer's point. ``districts``:
    the polygons (:func:`geo.districts.read_districts`) that give each row its district.
    """
    frame = incidents.copy()
    problems: list[Problem] = []
    looked_up: dict[tuple[str, str], Location | Message] = {}
    for key in frame[["place", "country"]].drop_duplicates().itertuples(index=False):
        place, country = str(key[0]), str(key[1])
        try:
            hit = geocoder.geocode(place, exactly_one=True, country_codes=country)
            looked_up[(place, country)] = hit if hit is not None else Message(
                N_("not in the gazetteer"))
        except AmbiguousPlace as exc:
            looked_up[(place, country)] = exc.message
        except Exception as exc:
            looked_up[(place, country)] = lazy(N_("could not be geocoded: {error}"),
                                               error=str(exc))

    # Rows sharing place, country, precision and "has its own point" get the same columns:
    # compute each combination once, then spread it over the rows (vectorised).
    keys = frame[["place", "country", "location_precision"]].astype(str)
    own = (frame["latitude"].notna() & frame["longitude"].notna()).to_numpy()
    keys["_own"] = own
    combos = keys.drop_duplicates()
    templates = pd.DataFrame.from_records(
        [_geocoded_columns(place, looked_up[(place, country)], precision, is_own)
         for place, country, precision, is_own in combos.itertuples(index=False)],
        columns=[*GEOCODED_COLUMNS, "_failure"])
    templates[combos.columns] = combos.to_numpy()
    geo = keys.merge(templates, how="left", on=list(combos.columns))
    geo.index = frame.index
    own_point = own & (keys["location_precision"] != "border").to_numpy()
    geo.loc[own_point, "latitude"] = frame.loc[own_point, "latitude"].astype(float)
    geo.loc[own_point, "longitude"] = frame.loc[own_point, "longitude"].astype(float)
    failed = geo["_failure"].notna().to_numpy()
    # Columns by name, not itertuples(): it renames "_line" (a leading underscore).
    for line, place, country, failure in zip(
            frame.loc[failed, LINE], frame.loc[failed, "place"], frame.loc[failed, "country"],
            geo.loc[failed, "_failure"], strict=True):
        problems.append(Problem(label, int(line), "place", lazy(
            N_("{place!r} ({country}): {failure}; kept without a point"), place=place,
            country=country, failure=failure)))

    for name in GEOCODED_COLUMNS:
        frame[name] = geo[name]
    for name in ("latitude", "longitude", "uncertainty_km"):
        frame[name] = pd.to_numeric(frame[name]).astype("float64")
    for name in ("place_id", "place_name", "admin1", "admin2", "point_kind", "geocode_note"):
        frame[name] = frame[name].astype("string")
    # The distances and the districts are measured side by side: both are mostly GEOS
    # work, which runs without the GIL (a 45 MB upload: ~0.7 s each).
    with ThreadPoolExecutor(1, thread_name_prefix="border-distance") as pool:
        distances = pool.submit(distance_to_border_km, frame["latitude"].to_numpy(),
                                frame["longitude"].to_numpy())
        if districts is not None:
            frame["district_id"], placed = place_in_districts(
                frame, districts, label, _current_names(frame, geocoder))
            problems += placed
        frame["distance_to_border_km"] = np.round(distances.result(), 2)
    frame["district_id"] = frame["district_id"].astype("string")
    return GeocodedTable(frame, problems)
