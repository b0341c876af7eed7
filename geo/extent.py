"""The extent of what is shown: the bounds a map fits to after the filters change."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

Bounds = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))


def extent(incidents: pd.DataFrame, districts: pd.DataFrame | None = None,
           chosen: tuple[str, ...] = ()) -> Bounds | None:
    """The bounds of the incidents' points and of the ``chosen`` districts' polygons (rows
    of ``districts``, :func:`geo.districts.read_districts`, by ``district_id``); ``None``
    when there is nothing to fit to."""
    # The points' bounds straight from their coordinates: making 100k point geometries
    # first took 150-220 ms a run at 100k incidents; the polygons' from shapely.
    coords = incidents[["longitude", "latitude"]].dropna().to_numpy(dtype=float)
    boxes = [np.concatenate([coords.min(axis=0), coords.max(axis=0)])] if len(coords) else []
    if districts is not None and chosen:
        polygons = districts.loc[districts["district_id"].isin(chosen), "geometry"].to_numpy()
        if len(polygons):
            boxes.append(shapely.total_bounds(polygons))
    if not boxes:
        return None
    corners = np.array(boxes)
    west, south = corners[:, :2].min(axis=0).tolist()
    east, north = corners[:, 2:].max(axis=0).tolist()
    return (round(south, 4), round(west, 4)), (round(north, 4), round(east, 4))
