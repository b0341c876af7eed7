"""Optional online geocoding through geopy's Nominatim: off by default, rate-limited, cached.

Nominatim's policy asks for at most one request a second, an identifying user agent,
attribution and caching. With no network a lookup fails within ``timeout`` seconds, and
for ``cooldown`` seconds afterwards further lookups fail at once, so a page never hangs.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from geopy.exc import GeocoderServiceError, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.location import Location

from geo import __version__
from geo.files import atomic_write

USER_AGENT = f"border-incident-map/{__version__}"
ATTRIBUTION = "Data © OpenStreetMap contributors, ODbL 1.0 (via Nominatim)"


class OnlineGeocodingUnavailable(GeocoderServiceError):
    """The online geocoder could not be reached; the message says why."""


def default_cache_path() -> Path:
    """Where looked-up places are kept between runs."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "border-incident-map" / "nominatim.json"


class OnlineGeocoder:
    """Nominatim behind geopy's RateLimiter, with a JSON cache on disk and a circuit breaker."""

    def __init__(
        self,
        cache_path: Path | None = None,
        *,
        timeout: float = 3.0,
        min_delay_seconds: float = 1.0,
        cooldown: float = 60.0,
        geocode: Callable[..., Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.cache_path = cache_path or default_cache_path()
        self.cooldown = cooldown
        self._clock = clock
        self._down_until = 0.0
        self._down_reason = ""
        if geocode is None:
            geocode = Nominatim(user_agent=USER_AGENT, timeout=timeout).geocode
        self._geocode = RateLimiter(geocode, min_delay_seconds=min_delay_seconds, max_retries=0,
                                    swallow_exceptions=False)
        self._cache: dict[str, Any] = self._read_cache()

    def _read_cache(self) -> dict[str, Any]:
        try:
            return dict(json.loads(self.cache_path.read_text("utf-8")))
        except (OSError, ValueError):
            return {}

    def _write_cache(self) -> None:
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.cache_path,
                     json.dumps(self._cache, ensure_ascii=False, indent=1).encode("utf-8"))

    def geocode(self, query: str, country_codes: str | None = None) -> Location | None:
        """One place, from the cache or Nominatim; ``None`` if Nominatim does not know it.

        Raises :class:`OnlineGeocodingUnavailable` when the service cannot be reached.
        """
        key = f"{query.strip().casefold()}|{(country_codes or '').upper()}"
        if key in self._cache:
            hit = self._cache[key]
            return None if hit is None else Location(hit["address"], (hit["lat"], hit["lon"]),
                                                      hit["raw"])
        if self._clock() < self._down_until:
            raise OnlineGeocodingUnavailable(self._down_reason)
        try:
            found = self._geocode(query, exactly_one=True, country_codes=country_codes)
        except GeopyError as exc:
            self._down_until = self._clock() + self.cooldown
            self._down_reason = (f"online geocoding is unavailable ({type(exc).__name__}: {exc}); "
                                 f"not retried for {self.cooldown:.0f} s")
            raise OnlineGeocodingUnavailable(self._down_reason) from exc
        self._cache[key] = None if found is None else {
            "address": found.address, "lat": found.latitude, "lon": found.longitude,
            "raw": {"source": ATTRIBUTION, "osm": found.raw},
        }
        self._write_cache()
        return None if found is None else Location(found.address, found.point,
                                                   self._cache[key]["raw"])


class GazetteerThenOnline:
    """Ask the gazetteer first and Nominatim only for names the gazetteer does not know."""

    def __init__(self, gazetteer: Any, online: OnlineGeocoder):
        self.gazetteer = gazetteer
        self.online = online

    def geocode(self, query: str, *, exactly_one: bool = True,
                country_codes: str | None = None) -> Location | list[Location] | None:
        """Gazetteer match, else an online match marked as such in ``raw``."""
        found = self.gazetteer.geocode(query, exactly_one=exactly_one, country_codes=country_codes)
        if found is not None:
            return found
        hit = self.online.geocode(query, country_codes)
        if hit is None:
            return None
        raw = {"place_id": "", "name": query, "matched": query, "country": country_codes or "",
               "admin1": "", "admin2": "", "level": "", "located_at": "", "located_at_level": "",
               "point_kind": "online", "radius_km": None, "coord_source": ATTRIBUTION}
        location = Location(hit.address, hit.point, raw)
        return location if exactly_one else [location]
