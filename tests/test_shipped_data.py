"""The shipped data: the article's timeline, its sources, the gazetteer's coverage."""

from __future__ import annotations

import pandas as pd
import pytest
from geopy.distance import geodesic
from shapely.geometry import Point, shape

from geo.article import covers
from geo.border import read_geojson
from geo.gazetteer import Gazetteer
from geo.geocoder import GazetteerGeocoder
from geo.pipeline import load_incident_data
from geo.schema import TABLES
from testkit.pages import SHIPPED

ARTICLE = "https://en.wikipedia.org/wiki/Afghanistan%E2%80%93Tajikistan_border_skirmishes"

# The source article's timeline: (date_start, date_end, precision, event_type).
ARTICLE_EVENTS = [
    ("2022-05-15", "2022-05-15", "day", "armed_clash"),
    ("2023-09-06", "2023-09-06", "day", "infiltration"),
    ("2025-08-24", "2025-08-24", "day", "armed_clash"),
    ("2025-10-26", "2025-10-26", "day", "armed_clash"),
    ("2025-11-26", "2025-11-26", "day", "drone_strike"),
    ("2025-11-30", "2025-11-30", "day", "cross_border_fire"),
    ("2025-12-24", "2025-12-24", "day", "militarization"),
    ("2025-12-25", "2025-12-25", "day", "infiltration"),
    ("2026-01-01", "2026-01-31", "month", "infiltration"),
]


@pytest.fixture(scope="module")
def data():
    loaded = load_incident_data(SHIPPED)
    assert loaded.problems == []
    return loaded


def test_every_article_event_is_a_row_citing_the_article(data) -> None:
    """Each timeline entry (dated as the article dates it, often by the announcement) is
    covered by a row of its type citing the article, dated to the event."""
    cited = data.incidents[data.incidents["source_url"] == ARTICLE]
    for start, end, _precision, event_type in ARTICLE_EVENTS:
        hits = cited[covers(cited, pd.Timestamp(start).date(), pd.Timestamp(end).date())
                     & (cited["event_type"] == event_type)]
        assert len(hits) >= 1, (start, event_type)
    assert len(cited) == len(ARTICLE_EVENTS)


@pytest.mark.parametrize(("incident_id", "start", "end", "reported"), [
    ("2023-09-06-darvoz", "2023-08-29", "2023-09-05", "2023-09-06"),
    ("2025-12-25-kavo", "2025-12-23", "2025-12-24", "2025-12-24"),
    ("2025-10-26-shahri-buzurg", "2025-10-25", "2025-10-25", "2025-10-25"),
    ("2022-05-15-panji-poyon", "2022-05-14", "2022-05-15", "2022-05-15"),
    ("2026-01-shamsiddin-shohin", "2026-01-18", "2026-01-18", "2026-01-18"),
])
def test_rows_are_dated_to_the_event_with_the_report_apart(data, incident_id, start, end,
                                                          reported) -> None:
    row = data.incidents.set_index("incident_id").loc[incident_id]
    assert (row["date_start"], row["date_end"], row["reported"]) == tuple(
        pd.Timestamp(d) for d in (start, end, reported))


def test_every_row_has_its_first_report_and_the_newest_reports_are_in(data) -> None:
    assert data.incidents["reported"].notna().all()
    assert (data.incidents["reported"] >= data.incidents["date_start"]).all()
    ids = set(data.incidents["incident_id"])
    # The 2026 events of the research notes, each with its own source.
    for incident_id in ("2026-01-shamsiddin-shohin", "2026-01-29-bahorak",
                        "2026-02-10-darqad-post", "2026-04-17-farkhor"):
        assert incident_id in ids, incident_id
    assert data.incidents["date_end"].max() >= pd.Timestamp("2026-04-17")


def test_smuggling_is_told_from_infiltration(data) -> None:
    by_id = data.incidents.set_index("incident_id")
    assert by_id.at["2026-01-29-bahorak", "event_type"] == "smuggling"
    assert by_id.at["2025-12-25-kavo", "event_type"] == "infiltration"
    # Where the two sides label an event differently, the row says so.
    assert "smugglers" in by_id.at["2026-01-shamsiddin-shohin", "notes"]


def test_claimants_say_who_speaks(data) -> None:
    claims = data.casualties
    dovang = claims[claims["incident_id"] == "2025-08-24-dovang"]
    assert set(dovang["claimed_by"]) == {"afghan_media", "international_media"}
    assert "afghan_authorities" not in set(claims["claimed_by"])  # no Taliban official gave any
    chinese = claims[(claims["incident_id"] == "2025-11-26-shamsiddin-shohin")]
    assert set(chinese["claimed_by"]) == {"tajik_authorities", "chinese_authorities"}


def test_every_row_cites_a_source(data) -> None:
    assert data.incidents["source_url"].str.match(r"https?://").all()
    assert (data.incidents["source_title"].str.len() > 5).all()
    assert (data.incidents["summary"].str.len() > 20).all()


def test_article_places_are_kept_as_named(data) -> None:
    by_id = data.incidents.set_index("incident_id")
    assert by_id.at["2025-08-24-dovang", "place"] == "Dovang district"
    assert by_id.at["2025-08-24-dovang", "admin2"] == "Shahri Buzurg"
    assert by_id.at["2023-09-06-darvoz", "place"] == "Darvaz district"
    assert by_id.at["2023-09-06-darvoz", "admin1"] == "Gorno-Badakhshan"


@pytest.mark.parametrize(("name", "country"), [
    ("Darvaz", "TJ"), ("Dovang", "AF"), ("Shamsiddin Shohin", "TJ"), ("Shahri Buzurg", "AF"),
    ("Mohi Mai", "AF"), ("Ruzvayak", "AF"), ("Panji Poyon", "TJ"), ("Sherkhan Bandar", "AF"),
    ("Khatlon", "TJ"), ("Badakhshan", "AF"),
    # the other border districts of both sides
    ("Vanj", "TJ"), ("Rushon", "TJ"), ("Shughnon", "TJ"), ("Ishkoshim", "TJ"), ("Murghob", "TJ"),
    ("Hamadoni", "TJ"), ("Farkhor", "TJ"), ("Panj", "TJ"), ("Jayhun", "TJ"), ("Dusti", "TJ"),
    ("Qubodiyon", "TJ"), ("Shahritus", "TJ"), ("Gorno-Badakhshan", "TJ"),
    ("Nusay", "AF"), ("Shaki", "AF"), ("Kuf Ab", "AF"), ("Khwahan", "AF"), ("Raghistan", "AF"),
    ("Yawan", "AF"), ("Shighnan", "AF"), ("Ishkashim", "AF"), ("Wakhan", "AF"),
    ("Chah Ab", "AF"), ("Darqad", "AF"), ("Yangi Qala", "AF"), ("Dashti Qala", "AF"),
    ("Imam Sahib", "AF"), ("Qalay-i-Zal", "AF"), ("Dasht-e-Archi", "AF"), ("Takhar", "AF"),
    ("Kunduz", "AF"),
])
def test_gazetteer_covers_the_border(name: str, country: str) -> None:
    gazetteer, _ = Gazetteer.from_csv(SHIPPED / "places.csv")
    found = GazetteerGeocoder(gazetteer).geocode(name, country_codes=country)
    assert found is not None, name
    assert found.raw["coord_source"]


def test_every_place_point_lies_in_its_country() -> None:
    places = Gazetteer.from_csv(SHIPPED / "places.csv")[0].places.dropna(subset=["lat"])
    outlines = {f["properties"]["iso2"]: shape(f["geometry"])
                for f in read_geojson("countries.geojson")["features"]}
    for row in places.itertuples():
        inside = outlines[str(row.country)]
        # Natural Earth 1:10m is coarse: allow 3 km for points on the river.
        assert inside.buffer(0.03).contains(Point(row.lon, row.lat)), row.place_id


def test_district_located_incidents_sit_within_15_km_of_the_district_centre(data) -> None:
    gazetteer, _ = Gazetteer.from_csv(SHIPPED / "places.csv")
    districts = gazetteer.places[gazetteer.places["level"] == "district"]
    located = data.incidents[data.incidents["location_precision"] == "district"]
    assert len(located) >= 8
    for row in located.itertuples():
        centre = districts[(districts["admin2"] == row.admin2) &
                           (districts["country"] == row.country)].iloc[0]
        km = geodesic((row.latitude, row.longitude), (centre["lat"], centre["lon"])).km
        assert km <= 15, (row.incident_id, km)


def test_unmappable_incidents_are_kept(data) -> None:
    off_map = data.incidents[data.incidents["latitude"].isna()]
    assert set(off_map["location_precision"]) == {"border"}
    assert len(off_map) == 2
    assert off_map["distance_to_border_km"].isna().all()


def test_mapped_incidents_have_distance_and_uncertainty(data) -> None:
    mapped = data.incidents.dropna(subset=["latitude"])
    assert (mapped["distance_to_border_km"] >= 0).all()
    assert (mapped["distance_to_border_km"] < 150).all()
    assert mapped.loc[mapped["location_precision"] == "district", "uncertainty_km"].min() >= 15


def test_data_readme_documents_every_column_and_value() -> None:
    readme = (SHIPPED / "README.md").read_text("utf-8")
    for spec in TABLES.values():
        assert f"`{spec.filename}`" in readme
        for column in spec.columns:
            assert f"`{column.name}`" in readme, (spec.name, column.name)
            for choice in column.choices:
                assert f"`{choice}`" in readme, (column.name, choice)


def test_no_point_is_invented_for_unlocated_villages() -> None:
    places = pd.read_csv(SHIPPED / "places.csv", dtype=str, keep_default_na=False)
    for place_id in ("dovang", "ruzvayak", "shodak", "kevron", "kavo", "darbandak"):
        row = places[places["place_id"] == place_id].iloc[0]
        assert row["lat"] == "" and row["within"], place_id
