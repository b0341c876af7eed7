"""District polygons: the shipped files, point-in-polygon placement (each side, the river
gap between the two countries' outlines), disagreeing source districts, counts per district,
the build script and the drawn areas of the December 2026 data fixes."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import shapely
from geopy.distance import geodesic

from geo.border import border_line
from geo.casualties import group_readings, incident_readings
from geo.district_view import district_counts
from geo.districts import district_of, gap_sides, read_districts
from geo.filtering import Filters, apply_filters
from geo.gazetteer import Gazetteer
from geo.pipeline import load_imported, load_incident_data
from testkit.pages import FROZEN, SHIPPED

# Derived points (the research gazetteer's frontage midpoints, computed from geoBoundaries;
# not sourced points, not shipped): see data/README.md, "Drawn areas".
MAIMAY_DARVOZ_FRONTAGE = (38.3995, 71.0658)
SHAHRI_BUZURG_FRONTAGE = (37.5231, 70.139)


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return read_districts(SHIPPED)


@pytest.fixture(scope="module")
def line() -> shapely.Geometry:
    return border_line(SHIPPED)


def _in_no_polygon(districts: pd.DataFrame, lat: float, lon: float) -> bool:
    point = shapely.Point(lon, lat)
    return not any(g.covers(point) for g in districts["geometry"])


@pytest.mark.parametrize("name", ["border.geojson", "districts.geojson"])
def test_frozen_test_data_has_the_shipped_boundaries(name: str) -> None:
    assert (FROZEN / name).read_bytes() == (SHIPPED / name).read_bytes()


def test_every_gazetteer_district_has_its_polygon(shipped) -> None:
    places = Gazetteer.from_csv(SHIPPED / "places.csv")[0].places
    districts = places[places["level"] == "district"]
    linked = set(shipped["place_id"])
    assert len(districts) >= 30
    assert sorted(set(districts["place_id"]) - linked) == []
    # Linked polygons carry the gazetteer's current name; the source's spelling is kept.
    by_place = shipped.set_index("place_id")
    assert by_place.at["jayhun-district", "name"] == "Jayhun"
    assert by_place.at["jayhun-district", "source_name"] == "Qumsangir"
    assert by_place.at["maimay-district", "source_name"] == "Darwazbala"  # Bala/Payin swap


def test_every_village_with_a_point_lies_in_its_district(shipped) -> None:
    places = Gazetteer.from_csv(SHIPPED / "places.csv")[0].places
    districts = places[places["level"] == "district"]
    polygon = shipped.set_index("place_id")["geometry"]
    pointed = places[places["level"].isin(["village", "crossing"]) & places["lat"].notna()]
    assert len(pointed) >= 5
    for row in pointed.itertuples():
        (district,) = districts.loc[(districts["country"] == row.country) &
                                    (districts["admin2"] == row.admin2), "place_id"]
        area, point = polygon[district], shapely.Point(row.lon, row.lat)
        if row.level == "village":
            assert area.contains(point), row.place_id
        else:  # a crossing lies on the river: it may fall just outside its bank's outline
            nearest = shapely.get_coordinates(shapely.shortest_line(point, area))[1]
            km = geodesic((row.lat, row.lon), (nearest[1], nearest[0])).km
            assert km <= 1.0, (row.place_id, km)


@pytest.mark.parametrize(("lat", "lon", "district"), [
    (38.45373, 70.78902, "tj-darvoz"),           # Qalaikhumb, the Tajik bank
    (38.40856, 71.03839, "af-maimay"),           # Maimay village, the Afghan bank
    (37.84137, 70.04865, "tj-shamsiddin-shohin"),  # Shuroobod
    (36.72895, 68.857, "af-kunduz"),             # Kunduz city, inland
])
def test_a_point_on_each_side_is_in_its_district(shipped, line, lat, lon, district) -> None:
    assert list(district_of(shipped, [lat], [lon], line)) == [district]


@pytest.mark.parametrize(("lat", "lon", "district"), [
    (37.29676, 68.87552, "tj-jayhun"),      # 60 m from the line, outside both outlines
    (*SHAHRI_BUZURG_FRONTAGE, "af-shahri-buzurg"),  # on the line, 2 m from the Afghan polygon
])
def test_a_point_in_the_river_gap_goes_to_the_nearest_district_of_its_side(
        shipped, line, lat, lon, district) -> None:
    assert _in_no_polygon(shipped, lat, lon)  # really in the gap: no polygon holds it
    assert list(district_of(shipped, [lat], [lon], line)) == [district]


def test_points_far_from_every_polygon_and_missing_points_get_no_district(shipped, line):
    # Dushanbe, far inland; a point 1.4 km off an Afghan district but on the Uzbek bank of
    # the Amu Darya, far from the AF-TJ line (not the river gap); no point.
    out = district_of(shipped, [38.5598, 37.25, np.nan], [68.787, 67.6, 70.0], line)
    assert list(out) == [None, None, None]


def _toy() -> tuple[pd.DataFrame, shapely.LineString]:
    """An Afghan district whose outline stops 110 m short of the line (as a simplified
    outline does), a Tajik one 1.1 km beyond it, and a sliver where a second Tajik polygon
    overlaps the Afghan one."""
    frame = pd.DataFrame({
        "district_id": ["af-south", "tj-north", "tj-overlap"],
        "name": ["South", "North", "Overlap"], "source_name": ["South", "North", "Overlap"],
        "country": ["AF", "TJ", "TJ"], "admin1": ["A", "T", "T"], "place_id": ["", "", ""],
        "geometry": [shapely.box(70.0, 37.0, 70.1, 37.099), shapely.box(70.0, 37.11, 70.1, 37.2),
                     shapely.box(70.1, 37.0, 70.2, 37.2)]})
    frame.loc[0, "geometry"] = shapely.box(70.0, 37.0, 70.12, 37.099)  # reaches the overlap
    return frame, shapely.LineString([(70.0, 37.1), (70.2, 37.1)])


def test_the_border_line_and_the_afghan_outline_decide_the_side_in_the_gap() -> None:
    districts, toy_line = _toy()
    # 0.5 km north of the line: Tajik side, 0.55 km from the Tajik district.
    # 55 m south of the line but outside the Afghan outline: the Afghan side all the same.
    lat, lon = np.array([37.1045, 37.0995]), np.array([70.05, 70.05])
    assert list(gap_sides(districts, lat, lon, toy_line)) == ["TJ", "AF"]
    assert list(district_of(districts, lat, lon, toy_line)) == ["tj-north", "af-south"]


def test_the_afghan_polygon_wins_an_overlap_and_the_gap_has_a_limit() -> None:
    districts, toy_line = _toy()
    # In both the Afghan and the overlapping Tajik polygon; in the gap, on the Tajik side,
    # 1.7 km from the (moved) Tajik district; 14 km from the line and every polygon.
    lat, lon = np.array([37.05, 37.1045, 36.97]), np.array([70.11, 70.05, 70.05])
    districts.loc[1, "geometry"] = shapely.box(70.0, 37.12, 70.1, 37.2)
    assert list(district_of(districts, lat, lon, toy_line)) == ["af-south", None, None]


ACLED_HEADER = ("event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,"
                "actor2,country,admin1,admin2,location,latitude,longitude,geo_precision,"
                "source,notes,fatalities,iso,timestamp")


def _acled(*rows: tuple[str, str, str, str, float, float]) -> bytes:
    lines = [ACLED_HEADER]
    for event_id, country, admin1, admin2, lat, lon in rows:
        iso = "762" if country == "Tajikistan" else "4"
        lines.append(f"{event_id},2025-12-24,1,Battles,Armed clash,Militants,Border Troops,"
                     f"{country},{admin1},{admin2},Somewhere,{lat},{lon},1,Test,Test row.,0,"
                     f"{iso},1735000000")
    return ("\n".join(lines) + "\n").encode()


def test_a_disagreeing_acled_admin2_is_kept_and_warned_about_by_file_line_and_field():
    raw = _acled(
        ("TJK1", "Tajikistan", "Gorno-Badakhshan", "Darvoz", 38.45373, 70.78902),  # agrees
        ("TJK2", "Tajikistan", "Khatlon", "Qumsangir", 37.34812, 68.66398),  # Jayhun's old name
        ("TJK3", "Tajikistan", "Khatlon", "Shamsiddin Shohin", 38.45373, 70.78902),  # Darvoz
        ("AFG4", "Afghanistan", "Badakhshan", "Darwazbala", 38.40856, 71.03839),  # AIMS name
        ("TJK5", "Tajikistan", "Khatlon", "Kumsangir", 37.34812, 68.66398),  # an alias only
    )
    data = load_imported(raw, "acled-test.csv")
    placed = data.incidents.set_index("incident_id")["district_id"]
    assert placed.to_dict() == {"acled-tjk1": "tj-darvoz", "acled-tjk2": "tj-jayhun",
                                "acled-tjk3": "tj-darvoz", "acled-afg4": "af-maimay",
                                "acled-tjk5": "tj-jayhun"}
    warnings = [p for p in data.problems if p.field == "source_admin2"]
    assert [(p.file, p.line, p.severity) for p in warnings] == [("acled-test.csv", 4, "warning")]
    assert "Shamsiddin Shohin" in warnings[0].message and "Darvoz" in warnings[0].message


def test_a_coarse_point_near_its_own_district_keeps_it_without_a_warning():
    # 2 km inside Darvoz from Vanj: "near" (5 km) keeps the source's Vanj; "exact" cannot.
    lat, lon = 38.43723, 71.16758
    raw = _acled(("TJK1", "Tajikistan", "Gorno-Badakhshan", "Vanj", lat, lon),
                 ("TJK2", "Tajikistan", "Gorno-Badakhshan", "Vanj", lat, lon))
    near = raw.split(b"\n")
    near[1] = near[1].replace(f",{lat},{lon},1,".encode(), f",{lat},{lon},2,".encode())
    data = load_imported(b"\n".join(near), "acled-test.csv")
    placed = data.incidents.set_index("incident_id")["district_id"].to_dict()
    assert placed == {"acled-tjk1": "tj-vanj", "acled-tjk2": "tj-darvoz"}
    warnings = [(p.line, p.field) for p in data.problems if p.field == "source_admin2"]
    assert warnings == [(3, "source_admin2")]


def test_ucdp_districts_are_carried_and_compared_too() -> None:
    header = ("id,side_a,side_b,where_prec,where_coordinates,adm_1,adm_2,latitude,longitude,"
              "date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,"
              "deaths_unknown,best,high,low,country,country_id")
    rows = ["1,Government of Tajikistan,IS,1,Kalaikhum,Gorno-Badakhshan province,"
            "Darvoz district,38.45373,70.78902,1,2025-01-01,2025-01-01,0,1,0,0,1,1,1,"
            "Tajikistan,702",
            "2,Government of Tajikistan,IS,1,Kalaikhum,Gorno-Badakhshan province,"
            "Vanj district,38.45373,70.78902,1,2025-01-02,2025-01-02,0,1,0,0,1,1,1,"
            "Tajikistan,702"]
    data = load_imported(("\n".join([header, *rows]) + "\n").encode(), "ged.csv")
    assert data.incidents["source_admin2"].tolist() == ["Darvoz district", "Vanj district"]
    warnings = [(p.line, p.field) for p in data.problems if p.severity == "warning"
                and p.field and p.field.startswith("source_admin")]
    assert warnings == [(3, "source_admin2")]


def test_district_counts_equal_a_group_by_of_the_filtered_table() -> None:
    data = load_incident_data(FROZEN)
    readings = group_readings(data.casualties)
    for filters in (Filters(), Filters(start=dt.date(2025, 1, 1), end=dt.date(2026, 12, 31)),
                    Filters(event_types=("armed_clash",))):
        shown, _ = apply_filters(data.incidents, data.casualties, filters)
        counts = district_counts(shown, readings)
        expected = shown.groupby("district_id").size().sort_index()
        assert counts["incidents"].sort_index().to_dict() == expected.to_dict()
        # The page passes the readings it made once per load: the same figures.
        per = incident_readings(groups=readings)
        made_once = district_counts(shown, per=per)
        pd.testing.assert_frame_equal(made_once, counts)
        by_row = district_counts(shown, per_row=per.reindex(shown["incident_id"]))
        pd.testing.assert_frame_equal(by_row, counts)
        assert counts["incidents"].sum() == shown["district_id"].notna().sum()
    assert len(district_counts(data.incidents, readings)) >= 5


def test_build_districts_is_idempotent(tmp_path) -> None:
    script = SHIPPED.parent / "scripts" / "build_districts.py"
    first, second = tmp_path / "first.geojson", tmp_path / "second.geojson"
    for source, target in ((SHIPPED / "districts.geojson", first), (first, second)):
        subprocess.run([sys.executable, str(script), "--source", str(source), "--output",
                        str(target)], check=True, capture_output=True)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == (SHIPPED / "districts.geojson").read_bytes()


def test_shodak_is_drawn_as_darvoz_which_reaches_the_maimay_frontage(shipped, line) -> None:
    incidents = load_incident_data(SHIPPED).incidents.set_index("incident_id")
    assert incidents.at["2025-11-30-shodak", "district_id"] == "tj-darvoz"
    polygons = shipped.set_index("district_id")["geometry"]
    darvoz, maimay = polygons["tj-darvoz"], polygons["af-maimay"]
    lat, lon = MAIMAY_DARVOZ_FRONTAGE
    assert darvoz.distance(shapely.Point(lon, lat)) * 100 <= 0.1  # km, roughly
    # The Tajik bank of the whole frontage with Maimay (where Ruzvayak faces Shodak) lies in
    # the Darvoz polygon: it reaches the river all along it.
    frontage = line.intersection(darvoz.buffer(0.01)).intersection(maimay.buffer(0.01))
    assert frontage.length * 100 > 25
    samples = [frontage.interpolate(f, normalized=True) for f in np.linspace(0, 1, 51)]
    assert max(darvoz.distance(p) for p in samples) * 100 <= 1.0
    # The old 30 km circle round the Darvoz centroid missed the site.
    assert geodesic((38.4888, 70.7197), MAIMAY_DARVOZ_FRONTAGE).km > 30


def test_the_dovang_rows_are_drawn_as_shahri_buzurg_which_reaches_the_panj(shipped,
                                                                            line) -> None:
    incidents = load_incident_data(SHIPPED).incidents.set_index("incident_id")
    for incident_id in ("2025-08-24-dovang", "2025-10-26-shahri-buzurg"):
        assert incidents.at[incident_id, "district_id"] == "af-shahri-buzurg", incident_id
    polygon = shipped.set_index("district_id").at["af-shahri-buzurg", "geometry"]
    lat, lon = SHAHRI_BUZURG_FRONTAGE
    assert list(district_of(shipped, [lat], [lon], line)) == ["af-shahri-buzurg"]
    frontage = line.intersection(polygon.buffer(0.005))
    samples = [frontage.interpolate(f, normalized=True) for f in np.linspace(0, 1, 51)]
    assert frontage.length * 100 > 15
    assert max(polygon.distance(p) for p in samples) * 100 <= 0.5
