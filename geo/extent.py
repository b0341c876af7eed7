"""The extent of what is shown: the bounds a map fits to after the filters change."""

from __future__ import annotations

import pandas as pd
import shapely

Bounds = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))


def extent(incidents: pd.DataFrame, districts: pd.DataFrame | None = None,
           chosen: tuple[str, ...] = ()) -> Bounds | None:
    """The bounds of the incidents' points and of the ``chosen`` districts' polygons (rows
    of ``districts``, :func:`geo.districts.read_districts`, by ``district_id``); ``None``
    when there is nothing to fit to."""
    geoms = list(shapely.points(incidents[["longitude", "latitude"]].dropna().to_numpy()))
    if districts is not None and chosen:
        geoms += list(districts.loc[districts["district_id"].isin(chosen), "geometry"])
    if not geoms:
        return None
    west, south, east, north = shapely.bounds(shapely.GeometryCollection(geoms)).tolist()
    return (round(south, 4), round(west, 4)), (round(north, 4), round(east, 4))
