"""The map as a PNG image, drawn on the server with matplotlib: no browser, no tiles, no
network. It shows what the page's map shows at the page's centre and zoom — the country
outlines, district polygons and the border from the shipped data, the markers in the page's
colours — with a scale bar, a north arrow, the legend and the export's caption under it.

The map is drawn in Web Mercator pixels at the view's zoom, as Leaflet draws it: a point lies
in the image where it lies on the page's map of the same size (:func:`pixel_of`).
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from shapely.geometry import shape

from dashboard.map.base import BaseLayers
from dashboard.style import (
    BORDER_COLOUR,
    COUNTRY_FILLS,
    EVENT_COLOURS,
    MIXED_COLOUR,
    SELECTED_COLOUR,
)
from geo.caption import Caption
from geo.i18n import _
from geo.points import PointIndex
from geo.schema import COUNTRIES, EVENT_TYPES
from geo.view_state import MapView

#: The map's frame in pixels (the caption comes under it).
SIZE = (1200, 760)
TILE = 256  # Leaflet's world is 256 · 2**zoom pixels wide
DPI = 100
MARKER_RADIUS_PX = 8
_PT = 72 / DPI  # points per pixel
CAPTION_FONT_PX = 13


def world_pixels(lat: Any, lon: Any, zoom: float) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator pixel coordinates (x to the east, y to the south) at ``zoom``."""
    scale = TILE * 2.0 ** zoom
    lat = np.clip(np.asarray(lat, dtype=float), -85.05, 85.05)
    x = (np.asarray(lon, dtype=float) + 180.0) / 360.0 * scale
    y = (1 - np.arcsinh(np.tan(np.radians(lat))) / math.pi) / 2 * scale
    return x, y


def pixel_of(view: MapView, lat: Any, lon: Any,
             size: tuple[int, int] = SIZE) -> tuple[np.ndarray, np.ndarray]:
    """Where points lie in the map's frame (pixels from its top left corner)."""
    cx, cy = world_pixels(view.lat, view.lon, view.zoom)
    x, y = world_pixels(lat, lon, view.zoom)
    return x - cx + size[0] / 2, y - cy + size[1] / 2


@dataclass(frozen=True)
class BaseShapes:
    """The shipped geometry the image draws under the markers."""

    countries: dict[str, Any]  # GeoJSON with an ``iso2`` property
    border: dict[str, Any]  # GeoJSON lines
    districts: list[shapely.Geometry]


def _rings(geometry: shapely.Geometry) -> Iterable[np.ndarray]:
    """Every ring (polygons) or line of a geometry, as (lon, lat) arrays."""
    for part in getattr(geometry, "geoms", [geometry]):
        if isinstance(part, shapely.Polygon):
            yield np.asarray(part.exterior.coords)
            for hole in part.interiors:
                yield np.asarray(hole.coords)
        elif isinstance(part, shapely.LineString | shapely.LinearRing):
            yield np.asarray(part.coords)
        elif hasattr(part, "geoms"):
            yield from _rings(part)


def _projected(view: MapView, size: tuple[int, int],
               geometries: Iterable[shapely.Geometry]) -> list[np.ndarray]:
    out = []
    for geometry in geometries:
        for ring in _rings(geometry):
            x, y = pixel_of(view, ring[:, 1], ring[:, 0], size)
            out.append(np.column_stack([x, y]))
    return out


def markers_of(incidents: pd.DataFrame) -> pd.DataFrame:
    """One row per marker, as the page draws them: incidents at one point share one."""
    return PointIndex.of(incidents).markers(np.arange(len(incidents)))


def nice_scale(metres_per_px: float, target_px: float) -> tuple[float, str]:
    """A round length near ``target_px`` pixels: its length in pixels and its label."""
    metres = metres_per_px * target_px
    step = 10 ** math.floor(math.log10(metres))
    length = max(m * step for m in (1, 2, 5) if m * step <= metres)
    label = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    return length / metres_per_px, label


def _draw_base(ax: Any, shapes: BaseShapes, view: MapView, size: tuple[int, int]) -> None:
    for feature in shapes.countries["features"]:
        fill = COUNTRY_FILLS.get(feature["properties"].get("iso2"), "#eeeeee")
        rings = _projected(view, size, [shape(feature["geometry"])])
        ax.add_collection(PolyCollection(rings, facecolors=fill, edgecolors="#777777",
                                         linewidths=1 * _PT, zorder=1))
    ax.add_collection(LineCollection(_projected(view, size, shapes.districts),
                                     colors="#8a8a8a", linewidths=0.8 * _PT, zorder=2))
    border = [shape(f["geometry"]) for f in shapes.border["features"]]
    ax.add_collection(LineCollection(_projected(view, size, border), colors=BORDER_COLOUR,
                                     linewidths=4 * _PT, alpha=0.9, zorder=3))
    for iso2, (lat, lon) in BaseLayers.LABEL_POINTS.items():
        x, y = pixel_of(view, lat, lon, size)
        ax.text(float(x), float(y), COUNTRIES.get(iso2, iso2).upper(), ha="center",
                va="center", fontsize=13, color="#555555", weight="bold", zorder=2, clip_on=True)


def _draw_markers(ax: Any, markers: pd.DataFrame, view: MapView,
                  size: tuple[int, int]) -> None:
    if markers.empty:
        return
    x, y = pixel_of(view, markers["lat"], markers["lon"], size)
    colours = [EVENT_COLOURS.get(t, MIXED_COLOUR) if isinstance(t, str) else MIXED_COLOUR
               for t in markers["event_type"]]
    area = markers["area"].to_numpy(dtype=bool)
    diameter = 2 * MARKER_RADIUS_PX * _PT
    for where, edge, style in ((~area, "white", "solid"), (area, "#222222", "dashed")):
        ax.scatter(x[where], y[where], s=diameter ** 2,
                   c=[c for c, w in zip(colours, where, strict=True) if w],
                   edgecolors=edge, linewidths=2 * _PT, linestyle=style, zorder=5)
    for xi, yi, n in zip(x, y, markers["n"], strict=True):
        if n > 1:
            ax.text(xi, yi, f"{n:,}", ha="center", va="center", fontsize=7, color="white",
                    weight="bold", zorder=6, clip_on=True)


def _draw_ring(ax: Any, incidents: pd.DataFrame, selected: str | None, view: MapView,
               size: tuple[int, int]) -> bool:
    """Ring the selected incident's marker; whether it is on the map."""
    chosen = incidents[incidents["incident_id"] == selected].dropna(
        subset=["latitude", "longitude"]) if selected else incidents.iloc[0:0]
    if chosen.empty:
        return False
    x, y = pixel_of(view, chosen["latitude"].iloc[0], chosen["longitude"].iloc[0], size)
    diameter = 2 * (MARKER_RADIUS_PX + 6) * _PT
    ax.scatter([x], [y], s=diameter ** 2, facecolors="none", edgecolors=SELECTED_COLOUR,
               linewidths=3 * _PT, zorder=7)
    return True


def _draw_furniture(ax: Any, markers: pd.DataFrame, view: MapView,
                    size: tuple[int, int], ringed: bool = False) -> None:
    """Scale bar, north arrow and the legend of the colours drawn."""
    width, height = size
    metres_per_px = 40075016.686 * math.cos(math.radians(view.lat)) / (TILE * 2 ** view.zoom)
    length, label = nice_scale(metres_per_px, width / 6)
    x0, y0 = 20, height - 24
    ax.plot([x0, x0 + length], [y0, y0], color="#111111", linewidth=3 * _PT, zorder=8,
            solid_capstyle="butt")
    ax.text(x0 + length / 2, y0 - 6, label, ha="center", va="bottom", fontsize=10,
            color="#111111", zorder=8)
    ax.annotate("N", xy=(width - 30, 24), xytext=(width - 30, 64), ha="center", va="top",
                fontsize=12, weight="bold", color="#111111", zorder=8,
                arrowprops={"arrowstyle": "-|>", "color": "#111111", "linewidth": 2 * _PT})
    types = markers["event_type"]
    handles = [Line2D([], [], marker="o", linestyle="", markersize=10,
                      markerfacecolor=colour, markeredgecolor="white", label=_(EVENT_TYPES[key]))
               for key, colour in EVENT_COLOURS.items() if (types == key).any()]
    if types.isna().any():
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=10,
                              markerfacecolor=MIXED_COLOUR, markeredgecolor="white",
                              label=_("several incidents of several types")))
    if markers["area"].any():
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=10,
                              markerfacecolor="#bbbbbb", markeredgecolor="#222222",
                              label=_("centre of a district or province")))
    if ringed:
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=13,
                              markerfacecolor="none", markeredgecolor=SELECTED_COLOUR,
                              markeredgewidth=2, label=_("selected incident")))
    handles.append(Line2D([], [], color=BORDER_COLOUR, linewidth=3,
                          label=_("Afghanistan–Tajikistan border")))
    ax.legend(handles=handles, loc="lower right", fontsize=9, framealpha=0.92,
              title=_("Legend"), title_fontsize=10).set_zorder(9)


def caption_lines(caption: Caption, width_px: int) -> list[str]:
    """The caption's lines wrapped to the image's width."""
    chars = max(40, int(width_px / (CAPTION_FONT_PX * 0.55)))
    return [part for line in caption.lines for part in textwrap.wrap(line, chars)]


def map_png(shapes: BaseShapes, incidents: pd.DataFrame, view: MapView, caption: Caption,
            size: tuple[int, int] = SIZE, selected: str | None = None) -> bytes:
    """The shown ``incidents`` on the map at ``view``, with ``caption`` under it, as PNG:
    ``size`` is the map's frame; the image is as wide and taller by the caption. The
    ``selected`` incident is ringed, as on the page."""
    width, height = size
    lines = caption_lines(caption, width)
    line_px = CAPTION_FONT_PX * 1.45
    caption_px = int(24 + 22 + line_px * len(lines))
    total = height + caption_px
    fig = Figure(figsize=(width / DPI, total / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, caption_px / total, 1, height / total))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    ax.add_patch(_frame(width, height))
    markers = markers_of(incidents)
    _draw_base(ax, shapes, view, size)
    _draw_markers(ax, markers, view, size)
    ringed = _draw_ring(ax, incidents, selected, view, size)
    _draw_furniture(ax, markers, view, size, ringed)
    top = caption_px / total
    # parse_math off: a "$" in a filter's value (an actor's name) is text, not TeX.
    fig.text(12 / width, top - 12 / total, caption.title, fontsize=15, weight="bold",
             va="top", color="#111111", parse_math=False)
    for i, line in enumerate(lines):
        fig.text(12 / width, top - (40 + i * line_px) / total, line,
                 fontsize=CAPTION_FONT_PX * _PT, va="top", color="#222222", parse_math=False)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, metadata={"Title": caption.title,
                                                      "Description": caption.text()})
    return out.getvalue()


def _frame(width: int, height: int) -> Rectangle:
    """The background: what lies outside the shipped outlines."""
    return Rectangle((0, 0), width, height, facecolor="#f7f7f4", edgecolor="#999999",
                     linewidth=1, zorder=0)
