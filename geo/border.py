"""The Afghanistan–Tajikistan border line and distances to it."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import shape

from geo import paths

# Kilometres per degree near the border (~37.5°N), for finding the nearest point on the line
# in a flat frame; the distance itself is then measured geodesically on WGS84 (pyproj's
# Geod: Karney's algorithm, as geopy's geodesic, vectorised).
_LAT0 = 37.5
_KM_PER_DEG_LAT = 110.95
_KM_PER_DEG_LON = 111.32 * math.cos(math.radians(_LAT0))
_WGS84 = Geod(ellps="WGS84")


def read_geojson(name: str, data_dir: Path | None = None) -> dict[str, Any]:
    """A shipped GeoJSON FeatureCollection."""
    folder = data_dir or paths.DATA_DIR
    return dict(json.loads((folder / name).read_text("utf-8")))


@lru_cache(maxsize=4)
def border_line(data_dir: Path | None = None) -> shapely.MultiLineString:
    """The border as a shapely geometry in (lon, lat) degrees."""
    collection = read_geojson(paths.BORDER_FILE, data_dir)
    geoms = [shape(f["geometry"]) for f in collection["features"]]
    return shapely.line_merge(shapely.union_all(geoms))


def _to_km(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return lon * _KM_PER_DEG_LON, lat * _KM_PER_DEG_LAT


@lru_cache(maxsize=4)
def _flat_segments(line: shapely.Geometry) -> tuple[np.ndarray, shapely.STRtree]:
    """The line's segments in the flat frame, and a tree of them: a point's nearest segment
    is found in the tree, not by measuring it against all ~2,000 of them."""
    flat = shapely.transform(line, lambda xy: np.column_stack(_to_km(xy[:, 0], xy[:, 1])))
    coords, parts = shapely.get_coordinates(shapely.get_parts(flat), return_index=True)
    # A segment joins each vertex to the next one of the same part.
    joined = np.flatnonzero(parts[:-1] == parts[1:])
    segments = shapely.linestrings(np.stack([coords[joined], coords[joined + 1]], axis=1))
    return segments, shapely.STRtree(segments)


def nearest_border_points(lat: np.ndarray, lon: np.ndarray,
                          line: shapely.Geometry | None = None) -> np.ndarray:
    """For each point, the (lat, lon) of the nearest point on the border."""
    segments, tree = _flat_segments(line if line is not None else border_line())
    x, y = _to_km(np.asarray(lon, float), np.asarray(lat, float))
    points = shapely.points(x, y)
    found, nearest_segment = tree.query_nearest(points, all_matches=False)
    closest = np.empty(len(points), dtype=object)
    closest[found] = segments[nearest_segment]
    nearest = shapely.get_coordinates(shapely.shortest_line(points, closest))[1::2]
    return np.column_stack([nearest[:, 1] / _KM_PER_DEG_LAT, nearest[:, 0] / _KM_PER_DEG_LON])


def distance_to_border_km(lat: Any, lon: Any, line: shapely.Geometry | None = None) -> np.ndarray:
    """Geodesic distance in km from each point to the border; NaN where a point is missing."""
    lat_a = np.atleast_1d(np.asarray(lat, dtype=float))
    lon_a = np.atleast_1d(np.asarray(lon, dtype=float))
    out = np.full(lat_a.shape, np.nan)
    ok = ~(np.isnan(lat_a) | np.isnan(lon_a))
    if ok.any():
        # Incidents share places: measure each distinct point once.
        points, inverse = np.unique(np.column_stack([lat_a[ok], lon_a[ok]]), axis=0,
                                    return_inverse=True)
        near = nearest_border_points(points[:, 0], points[:, 1], line)
        _, _, metres = _WGS84.inv(points[:, 1], points[:, 0], near[:, 1], near[:, 0])
        km = np.asarray(metres) / 1000
        out[ok] = km[inverse.ravel()]
    return out
