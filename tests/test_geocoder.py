"""The offline gazetteer geocoder and the optional online fallback."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from geopy.exc import GeocoderTimedOut
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location

from geo.gazetteer import Gazetteer, core_name, normalize
from geo.geocoder import AmbiguousPlace, GazetteerGeocoder
from geo.online import GazetteerThenOnline, OnlineGeocoder, OnlineGeocodingUnavailable
from testkit.pages import SHIPPED


@pytest.fixture(scope="module")
def geocoder() -> GazetteerGeocoder:
    gazetteer, problems = Gazetteer.from_csv(SHIPPED / "places.csv")
    assert problems == []
    return GazetteerGeocoder(gazetteer)


def test_normalize_folds_case_accents_dashes_and_apostrophes() -> None:
    assert normalize("Rŭshon") == normalize("rushon")
    assert normalize("Qal’ai  Khumb") == normalize("Qalai khumb")
    assert normalize("Panji Poyon–Sherkhan Bandar") == "panji poyon sherkhan bandar"
    assert core_name("Darvaz district") == "darvaz"


@pytest.mark.parametrize(("query", "country", "place_id"), [
    ("Darvaz district", "TJ", "darvoz-district"),
    ("DARVOZ", "TJ", "darvoz-district"),
    ("Mohi Mai district", "AF", "maimay-district"),
    ("Maymay", None, "maimay-district"),
    ("Maimay", None, "maimay-district"),
    ("Shamsiddin Shohin District", None, "shamsiddin-shohin-district"),
    ("Shamsiddin Shokhin", None, "shamsiddin-shohin-district"),
    ("Shahri Buzurg District", None, "shahri-buzurg-district"),
    ("Шахри Бузург", None, "shahri-buzurg-district"),
    ("Panji Poyon", None, "panji-poyon"),
    ("Sherkhan Bandar", None, "sherkhan-bandar"),
    ("Khatlon province", None, "khatlon-region"),
    ("Badakhshan province", None, "badakhshan-province"),
    ("Ruzvayak", None, "ruzvayak"),
    ("Kumsangir", None, "jayhun-district"),
])
def test_aliases_and_transliterations(geocoder: GazetteerGeocoder, query: str,
                                      country: str | None, place_id: str) -> None:
    found = geocoder.geocode(query, country_codes=country)
    assert isinstance(found, Location)
    assert found.raw["place_id"] == place_id


def test_location_has_geopy_shape(geocoder: GazetteerGeocoder) -> None:
    found = geocoder.geocode("Darvaz district", country_codes="TJ")
    assert found.address == "Darvoz District, Gorno-Badakhshan, Tajikistan"
    assert (found.latitude, found.longitude) == pytest.approx((38.4888, 70.7197))
    assert found.raw["level"] == "district" and found.raw["point_kind"] == "centroid"
    assert "geoBoundaries" in found.raw["coord_source"]


@pytest.mark.parametrize(("query", "countries"), [
    ("Darvaz", {"AF", "TJ"}), ("Darwaz district", {"AF", "TJ"}),
    ("Shughnan", {"AF", "TJ"}), ("Ishkashim", {"AF", "TJ"})])
def test_homonyms_need_a_country_hint(geocoder: GazetteerGeocoder, query: str,
                                      countries: set[str]) -> None:
    with pytest.raises(AmbiguousPlace) as info:
        geocoder.geocode(query)
    assert "country hint" in str(info.value)
    assert {c.raw["country"] for c in info.value.candidates} == countries
    every = geocoder.geocode(query, exactly_one=False)
    assert {c.raw["country"] for c in every} == countries
    for country in countries:
        assert geocoder.geocode(query, country_codes=country).raw["country"] == country


def test_tajik_darvoz_and_afghan_darwaz_are_different_places(geocoder) -> None:
    tj = geocoder.geocode("Darvaz", country_codes="TJ")
    af = geocoder.geocode("Darvaz", country_codes="AF")
    assert tj.raw["place_id"] != af.raw["place_id"]
    assert af.raw["admin1"] == "Badakhshan"


def test_dovang_is_an_area_placed_at_shahri_buzurg(geocoder: GazetteerGeocoder) -> None:
    found = geocoder.geocode("Dovang district", country_codes="AF")
    assert found.raw["place_id"] == "dovang"
    assert found.raw["level"] == "village"
    assert found.raw["located_at"] == "shahri-buzurg-district"
    assert found.raw["admin2"] == "Shahri Buzurg"
    assert (found.latitude, found.longitude) == pytest.approx((37.34472, 70.135))
    assert "placed at Shahri Buzurg District" in found.address


def test_unknown_name_and_wrong_country(geocoder: GazetteerGeocoder) -> None:
    assert geocoder.geocode("Atlantis") is None
    assert geocoder.geocode("Dovang", country_codes="TJ") is None


def test_works_behind_geopys_rate_limiter(geocoder: GazetteerGeocoder) -> None:
    now, slept = [1000.0], []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limited = RateLimiter(geocoder.geocode, min_delay_seconds=2)
    limited._clock, limited._sleep = (lambda: now[0]), sleep  # fake geopy's clock and sleep
    assert limited("Vanj").raw["place_id"] == "vanj-district"
    assert limited("Rushon").raw["place_id"] == "rushon-district"
    assert slept == [pytest.approx(2)]


class FakeNominatim:
    """Stands in for geopy's Nominatim.geocode: records calls, answers or fails."""

    def __init__(self, answer: Location | None = None, error: Exception | None = None):
        self.calls: list[tuple[str, str | None]] = []
        self.answer, self.error = answer, error

    def __call__(self, query: str, exactly_one: bool = True, country_codes: str | None = None):
        self.calls.append((query, country_codes))
        if self.error:
            raise self.error
        return self.answer


def test_online_fallback_is_cached_on_disk(tmp_path: Path, geocoder) -> None:
    answer = Location("Kevron, Darvoz, Tajikistan", (38.40, 70.62), {"osm_id": 1})
    fake = FakeNominatim(answer)
    cache = tmp_path / "cache.json"
    online = OnlineGeocoder(cache, geocode=fake, min_delay_seconds=0)
    chain = GazetteerThenOnline(geocoder, online)
    assert chain.geocode("Darvoz").raw["place_id"] == "darvoz-district"  # gazetteer first
    assert fake.calls == []
    found = chain.geocode("Some new village", country_codes="TJ")
    assert (found.latitude, found.longitude) == (38.40, 70.62)
    assert "OpenStreetMap" in found.raw["coord_source"]
    assert json.loads(cache.read_text())  # written
    again = OnlineGeocoder(cache, geocode=fake, min_delay_seconds=0)
    assert again.geocode("some new village", "tj").latitude == 38.40
    assert len(fake.calls) == 1


def test_offline_fails_fast_and_then_at_once(tmp_path: Path) -> None:
    now = [100.0]
    fake = FakeNominatim(error=GeocoderTimedOut("no network"))
    online = OnlineGeocoder(tmp_path / "c.json", geocode=fake, min_delay_seconds=0,
                            cooldown=60, clock=lambda: now[0])
    with pytest.raises(OnlineGeocodingUnavailable, match="unavailable"):
        online.geocode("Kevron")
    with pytest.raises(OnlineGeocodingUnavailable):
        online.geocode("Shodak")
    assert len(fake.calls) == 1  # the second call did not wait on the network
    now[0] += 61
    with pytest.raises(OnlineGeocodingUnavailable):
        online.geocode("Shodak")
    assert len(fake.calls) == 2


def test_real_nominatim_without_network_fails_quickly(tmp_path: Path) -> None:
    # This machine has no route to Nominatim: the real client must give up, not hang.
    import time

    online = OnlineGeocoder(tmp_path / "c.json", timeout=2, min_delay_seconds=0)
    started = time.monotonic()
    with contextlib.suppress(OnlineGeocodingUnavailable):
        online.geocode("Qalaikhumb", "TJ")
    assert time.monotonic() - started < 10
