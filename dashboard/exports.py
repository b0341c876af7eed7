"""The page's downloads of what is shown: one CSV (with the casualty claims), GeoJSON, the map
as an HTML file and as a PNG image (both captioned), and the print view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from dashboard import data as page_data
from dashboard.map.base import base_map, incident_layer, layer_control
from dashboard.map.export import standalone_map_html
from dashboard.map.image import BaseShapes, map_png
from dashboard.print_view import print_view_html
from geo.caption import Caption, map_caption
from geo.export import to_csv, to_geojson_bytes
from geo.freshness import freshness_line
from geo.i18n import _
from geo.view_state import MapView, ViewState

#: Where the map opens when the view has no centre and zoom of its own (as the page's map).
DEFAULT_ZOOM = 6.5


@dataclass(frozen=True)
class Export:
    """One download button: its label, a callable that makes the file (run only when
    clicked), the file's name and type, and what it holds."""

    label: str
    make: Callable[[], bytes | str]
    name: str
    mime: str
    tip: str


def caption(shown_view: page_data.View, reviewed_on_page: bool) -> Caption:
    """The caption of the exported maps: what the page shows (:func:`geo.caption.map_caption`)."""
    incidents = shown_view.data.incidents
    reviewed = page_data.reviewed() if reviewed_on_page else None
    return map_caption(shown_view.shown, len(incidents), shown_view.filters,
                       page_data.headline_figures(shown_view).killed,
                       freshness_line(incidents, reviewed))


def map_view_of(view: ViewState) -> MapView:
    """The page's centre and zoom: the link's or the user's, else where the map opens."""
    if view.map_view is not None:
        return view.map_view
    lat, lon = page_data.base_layers().centre
    return MapView(lat, lon, DEFAULT_ZOOM)


def exports(shown_view: page_data.View, selected: str | None, view: ViewState, link: str,
            shipped: bool) -> list[Export]:
    """The downloads of the view; ``shipped``: the page shows the shipped data (whose
    review date the caption gives)."""
    filters = shown_view.filters
    shown, claims = shown_view.shown, shown_view.claims
    stem = f"border-incidents_{filters.start:%Y-%m-%d}_{filters.end:%Y-%m-%d}"

    def map_file() -> str:
        fmap = base_map(page_data.base_layers(), inline=True)
        incident_layer(shown, claims, selected, static=True).add_to(fmap)
        layer_control().add_to(fmap)
        return standalone_map_html(fmap, view.map_view, caption(shown_view, shipped))

    def map_image() -> bytes:
        countries, border = page_data.outlines()
        shapes = BaseShapes(countries, border, list(page_data.districts()["geometry"]))
        return map_png(shapes, shown, map_view_of(view), caption(shown_view, shipped),
                       selected=selected)

    return [
        Export("CSV", lambda: to_csv(shown, claims), f"{stem}.csv", "text/csv",
               _("The shown incidents, one row each, with every casualty claim and the "
                 "low/best/high readings; loads back into this page.")),
        Export("GeoJSON", lambda: to_geojson_bytes(shown, claims), f"{stem}.geojson",
               "application/geo+json",
               _("Points in WGS84; incidents with no place have no geometry.")),
        Export(_("Map (HTML)"), map_file, f"{stem}_map.html", "text/html",
               _("One file that opens in any browser, offline except for the tiles, with a "
                 "caption of what it shows.")),
        Export(_("Map (PNG)"), map_image, f"{stem}_map.png", "image/png",
               _("An image of the map at its current centre and zoom, with the caption: to "
                 "attach to an email or a report.")),
        Export(_("Print view (HTML)"),
               lambda: print_view_html(shown, claims, shown_view.groups, filters,
                                       len(shown_view.data.incidents), link),
               f"{stem}_print.html", "text/html",
               _("The table of shown incidents, laid out for printing.")),
    ]


def export_buttons(shown_view: page_data.View, selected: str | None, view: ViewState,
                   link: str, shipped: bool) -> None:
    """One download button per :func:`exports`, side by side."""
    files = exports(shown_view, selected, view, link, shipped)
    # Files are made only when a button is clicked (callables), and clicking does not rerun.
    for column, export in zip(st.columns(len(files)), files, strict=True):
        column.download_button(export.label, export.make, export.name, export.mime,
                               help=export.tip, on_click="ignore", width="stretch",
                               icon=":material/download:")
