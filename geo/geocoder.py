"""An offline geocoder over the gazetteer, shaped like any other geopy geocoder."""

from __future__ import annotations

from typing import Any

import pandas as pd
from geopy.exc import GeocoderQueryError
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

from geo.gazetteer import Gazetteer, Match
from geo.i18n import N_, lazy
from geo.schema import COUNTRIES


class AmbiguousPlace(GeocoderQueryError):
    """The name fits places in more than one country or area; pass ``country_codes``."""

    def __init__(self, query: str, candidates: list[Location]):
        self.query = query
        self.candidates = candidates
        #: Why, as the page shows it (in the reader's language) and ``str()`` in English.
        names = "; ".join(c.address for c in candidates)
        self.message = lazy(N_("{query!r} is ambiguous: it may be {names}. Give a country "
                               "hint."), query=query, names=names)
        super().__init__(str(self.message))


def _location(match: Match) -> Location:
    place, point = match.place, match.located_at
    name = str(place["name"])
    if point["place_id"] != place["place_id"]:
        name += f" (placed at {point['name']})"
    address = ", ".join(
        p for p in (name, str(place["admin1"]), COUNTRIES[str(place["country"])]) if p
    )
    raw: dict[str, Any] = {
        "place_id": str(place["place_id"]),
        "name": str(place["name"]),
        "matched": match.matched,
        "country": str(place["country"]),
        "admin1": str(place["admin1"]),
        "admin2": str(point["admin2"] or place["admin2"]),
        "level": str(place["level"]),
        "located_at": str(point["place_id"]),
        "located_at_level": str(point["level"]),
        "point_kind": str(point["point_kind"]),
        "radius_km": None if pd.isna(point["radius_km"]) else float(point["radius_km"]),
        "coord_source": str(point["coord_source"]),
        "latitude": float(point["lat"]),
        "longitude": float(point["lon"]),
    }
    return Location(address, (raw["latitude"], raw["longitude"]), raw)


class GazetteerGeocoder(Geocoder):
    """Geocodes border place names from the shipped gazetteer, with no network.

    Alias-, case- and accent-insensitive. A name that fits several places is an
    :class:`AmbiguousPlace` error unless ``country_codes`` narrows it to one; with
    ``exactly_one=False`` every candidate is returned instead.
    """

    def __init__(self, gazetteer: Gazetteer, **kwargs: Any):
        super().__init__(**kwargs)
        self.gazetteer = gazetteer

    def geocode(  # type: ignore[override]
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,
        country_codes: str | list[str] | None = None,
    ) -> Location | list[Location] | None:
        """Look a place up; ``None`` when the gazetteer does not know it."""
        matches = self.gazetteer.lookup(query, country_codes)
        if not matches:
            return None
        locations = [_location(m) for m in matches]
        if not exactly_one:
            return locations
        if len(locations) > 1:
            raise AmbiguousPlace(query, locations)
        return locations[0]
