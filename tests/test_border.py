"""Border geometry and geodesic distance to it."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import shapely
from geopy.distance import geodesic

from geo.border import border_line, distance_to_border_km, nearest_border_points, read_geojson


def test_border_runs_from_the_uzbekistan_to_the_china_tripoint() -> None:
    line = border_line()
    coords = shapely.get_coordinates(line)
    west, east = coords[coords[:, 0].argmin()], coords[coords[:, 0].argmax()]
    assert tuple(np.round(west, 1)) == (67.8, 37.2) and tuple(np.round(east, 1)) == (74.9, 37.2)
    length_km = sum(geodesic((a[1], a[0]), (b[1], b[0])).km
                    for part in line.geoms
                    for a, b in itertools.pairwise(shapely.get_coordinates(part)))
    # geoBoundaries' line: 1,302 km in 32 pieces (Natural Earth 1:10m's was ~1,170 km).
    assert 1250 < length_km < 1350


def test_shipped_geojson_records_its_source_and_licence() -> None:
    props = read_geojson("countries.geojson")["features"][0]["properties"]
    assert "Natural Earth" in props["source"] and "ublic domain" in props["licence"]
    props = read_geojson("border.geojson")["features"][0]["properties"]
    assert "geoBoundaries" in props["source"] and "AFG ADM0" in props["source"]
    assert "ublic domain" in props["licence"] and "ODbL" in props["licence"]


@pytest.mark.parametrize(("lat", "lon", "low", "high"), [
    (38.45373, 70.78902, 0.0, 2.0),    # Qalaikhumb, on the Panj
    (37.186, 68.585, 0.0, 2.5),        # Sherkhan Bandar crossing
    (38.5598, 68.7870, 110.0, 140.0),  # Dushanbe
    (36.72895, 68.857, 45.0, 60.0),    # Kunduz city
])
def test_distance_to_border(lat: float, lon: float, low: float, high: float) -> None:
    (km,) = distance_to_border_km([lat], [lon])
    assert low <= km <= high


def test_distance_is_geodesic_to_the_nearest_border_point() -> None:
    lat, lon = np.array([37.84137]), np.array([70.04865])
    (near_lat, near_lon), = nearest_border_points(lat, lon)
    (km,) = distance_to_border_km(lat, lon)
    assert km == pytest.approx(geodesic((lat[0], lon[0]), (near_lat, near_lon)).km)
    # No border vertex is closer than the point found on the line.
    vertices = [(c[1], c[0]) for c in shapely.get_coordinates(border_line())]
    assert km <= min(geodesic((lat[0], lon[0]), v).km for v in vertices) + 0.01


def test_missing_points_give_nan() -> None:
    out = distance_to_border_km([np.nan, 38.45], [70.0, 70.79])
    assert math.isnan(out[0]) and out[1] < 50


def test_repeated_points_get_the_same_distance_in_input_order() -> None:
    lats = [38.45373, 37.186, 38.45373, np.nan, 37.186]
    lons = [70.78902, 68.585, 70.78902, 70.0, 68.585]
    out = distance_to_border_km(lats, lons)
    single = [distance_to_border_km([a], [b])[0] for a, b in zip(lats, lons, strict=True)]
    assert out[0] == out[2] and out[1] == out[4] and math.isnan(out[3])
    np.testing.assert_allclose(out[[0, 1, 2, 4]], np.array(single)[[0, 1, 2, 4]])
