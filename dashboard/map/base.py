"""The base map: built the same way on every rerun, with the incidents as a separate layer.

streamlit-folium keys the map component on the base map's script, so the base map (tiles,
outlines, districts, border, labels, legend, controls) must not change between reruns; the
incidents travel as a FeatureGroup of their own (``feature_group_to_add``, :func:`layer_group`)
and only that layer is replaced. The page and the standalone export take the same route.

Panes order what is drawn over what: tiles < outlines < uncertainty areas < border < markers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

import folium
import pandas as pd
import shapely
import shapely.geometry
import xyzservices.providers as tiles
from folium.map import CustomPane
from shapely.geometry import shape

from dashboard.escaping import escape
from dashboard.map.assets import COMPONENT_BASE_URL
from dashboard.map.elements import IncidentLayer, LeafletCall, MapAssets
from dashboard.map.layer_data import layer_data, to_script_json
from dashboard.map.legend import Legend
from dashboard.style import BORDER_COLOUR, COUNTRY_FILLS, SELECTED_COLOUR
from geo import districts as geo_districts
from geo.districts import province_key
from geo.i18n import N_, _
from geo.schema import COUNTRIES

#: Tile layers by the name the layer control shows; the shipped outlines work without any.
TILES = {"OpenStreetMap": tiles.OpenStreetMap.Mapnik, N_("Terrain"): tiles.OpenTopoMap,
         N_("Satellite"): tiles.Esri.WorldImagery}
#: The shipped data drawn on every map, with the attribution their licences ask for.
NE_ATTRIBUTION = "Natural Earth, geoBoundaries (ODbL)"
#: The Tajik districts are OpenStreetMap data: its credit is shown with any tiles or none
#: (the same text as the OSM tiles' own, which Leaflet then shows once).
OSM_ATTRIBUTION = tiles.OpenStreetMap.Mapnik.html_attribution
SELECTED_ZOOM = 9
#: Districts sit in a pane of their own: clickable in the districts view only.
PANES = {"outlines": 300, "districts": 320, "areas": 350, "border": 450, "incidents": 500}
OFFLINE_TEXT = N_("No map tiles (offline?): outlines from the shipped data")
FULLSCREEN_ICON = (
    "<svg width='14' height='14' viewBox='0 0 14 14' aria-hidden='true' "
    "style='vertical-align:middle'><path d='M1 5V1h4M9 1h4v4M13 9v4H9M5 13H1V9' "
    "fill='none' stroke='#333' stroke-width='2'/></svg>")


def bounds_of(geojson: dict[str, Any]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a FeatureCollection."""
    return tuple(shapely.bounds(shapely.GeometryCollection(
        [shape(f["geometry"]) for f in geojson["features"]])).tolist())


def border_centre(border: dict[str, Any]) -> tuple[float, float]:
    """(lat, lon) of the middle of the border's bounding box, where the map opens."""
    west, south, east, north = bounds_of(border)
    return (south + north) / 2, (west + east) / 2


def _collection(frame: pd.DataFrame, properties: list[str]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": shapely.geometry.mapping(row.geometry),
         "properties": {p: getattr(row, p) for p in properties}}
        for row in frame.itertuples(index=False)]}


@dataclass(frozen=True)
class BaseLayers:
    """The base map's data as the plugin needs it, made once per data load (:meth:`of`)."""

    centre: tuple[float, float]
    countries: str  # GeoJSON, as to_script_json
    border: str
    districts: str  # GeoJSON of the district polygons (geo.districts), as to_script_json
    provinces: str  # GeoJSON of their provinces (dissolved), keyed by province_key
    labels: list[dict[str, Any]]  # see :meth:`labels_of`
    url: str | None = None  # where the page's browser fetches districts and provinces

    def published(self, static_dir: Path) -> BaseLayers:
        """The same layers with their district geometry as a static file (named by its
        content, so a browser's cached copy is never stale), or inline where the folder
        cannot be written (a read-only image that did not publish it at build time)."""
        text = f'{{"districts":{self.districts},"provinces":{self.provinces}}}'
        name = f"generated/districts-{hashlib.sha1(text.encode()).hexdigest()[:12]}.json"
        path = static_dir / name
        try:
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, "utf-8")
        except OSError:
            return self
        return replace(self, url=f"{COMPONENT_BASE_URL}/{name}")

    # Country label positions inside each country, near the border.
    LABEL_POINTS: ClassVar[dict[str, tuple[float, float]]] = {
        "AF": (36.9, 69.8), "TJ": (38.35, 69.5)}

    @classmethod
    def of(cls, countries: dict[str, Any], border: dict[str, Any],
           districts: pd.DataFrame) -> BaseLayers:
        """From the outlines' GeoJSON and the district polygons (:mod:`geo.districts`)."""
        shown = districts.assign(label=[escape(n) for n in districts["name"]])
        regions = geo_districts.provinces(districts)
        regions["key"] = [province_key(c, a) for c, a in zip(regions["country"],
                                                              regions["admin1"], strict=True)]
        return cls(centre=border_centre(border), countries=to_script_json(countries),
                   border=to_script_json(border),
                   districts=to_script_json(_collection(
                       shown, ["district_id", "label", "country", "admin1"])),
                   provinces=to_script_json(_collection(regions, ["key"])),
                   labels=cls.labels_of(countries, districts))

    @classmethod
    def labels_of(cls, countries: dict[str, Any],
                  districts: pd.DataFrame) -> list[dict[str, Any]]:
        """Country names at :attr:`LABEL_POINTS` and district names at their points."""
        labels = []
        for feature in countries["features"]:
            iso2 = feature["properties"]["iso2"]
            if iso2 in cls.LABEL_POINTS:
                lat, lon = cls.LABEL_POINTS[iso2]
                labels.append({"lat": lat, "lon": lon, "cls": "bim-country",
                               "html": escape(COUNTRIES.get(iso2, iso2).upper())})
        for row in districts.itertuples(index=False):
            point = row.geometry.representative_point()
            labels.append({"lat": round(point.y, 4), "lon": round(point.x, 4),
                           "cls": "bim-district", "html": escape(row.name)})
        return labels


def translated_labels(labels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The map's labels with the country names in the language in use (district names stay
    as the polygons' source spells them)."""
    names = {escape(name.upper()): escape(_(name).upper()) for name in COUNTRIES.values()}
    return [{**label, "html": names.get(label["html"], label["html"])}
            if label["cls"] == "bim-country" else label for label in labels]


def _outlines(data: str, pane: str, styles: dict[str, dict[str, Any]]) -> LeafletCall:
    # The GeoJSON is already JSON: placed as it is into the options.
    styles_json = to_script_json(styles)
    return LeafletCall("outlines", f'{{"data":{data},"pane":"{pane}","styles":{styles_json}}}')


def base_map(base: BaseLayers, *, inline: bool = False) -> folium.Map:
    """The unchanging part of the map: tiles, outlines, districts, border, legend, controls;
    ``inline``: with the district geometry in the file (a standalone export)."""
    # Half-step zoom frames the whole border in a ~600 px wide map; fitBounds would run before
    # the component's iframe has its final width.
    fmap = folium.Map(location=list(base.centre), zoom_start=6.5, tiles=None,
                      min_zoom=4, max_zoom=14, control_scale=True, zoomSnap=0.5,
                      zoomDelta=0.5)
    for name, z_index in PANES.items():
        CustomPane(name, z_index=z_index,
                   pointer_events=name in ("incidents", "districts")).add_to(fmap)
    for i, (name, provider) in enumerate(TILES.items()):
        folium.TileLayer(provider, name=_(name), show=i == 0).add_to(fmap)
    # A base layer with no tiles: the shipped outlines alone, for offline use.
    folium.FeatureGroup(name=_("No tiles (offline)"), overlay=False, show=False).add_to(fmap)

    outline = {"color": "#777", "weight": 1, "fillOpacity": 0.35}
    _outlines(base.countries, "outlines", {"*": {**outline, "fillColor": "#eee"}} | {
        iso2: {**outline, "fillColor": fill} for iso2, fill in COUNTRY_FILLS.items()}).add_to(
        folium.FeatureGroup(name=_("Country outlines")).add_to(fmap))
    # The page fetches the geometry once (base.url); a standalone file carries it inline.
    shapes = (to_script_json({"url": base.url}) if base.url and not inline else
              f'{{"districts":{base.districts},"provinces":{base.provinces}}}')
    LeafletCall("districts", shapes).add_to(
        folium.FeatureGroup(name=_("Districts and provinces")).add_to(fmap))
    _outlines(base.border, "border", {"*": {"color": BORDER_COLOUR, "weight": 4,
                                            "opacity": 0.9}}).add_to(
        folium.FeatureGroup(name=_("Afghanistan–Tajikistan border")).add_to(fmap))

    MapAssets().add_to(fmap)
    LeafletCall("labels", {"labels": translated_labels(base.labels)}).add_to(fmap)
    LeafletCall("setup", {"attribution": [OSM_ATTRIBUTION, escape(NE_ATTRIBUTION)]}).add_to(fmap)
    LeafletCall("fullscreen", {"label": _("Full screen"), "icon": FULLSCREEN_ICON}).add_to(fmap)
    LeafletCall("offlineNotice", {"text": _(OFFLINE_TEXT)}).add_to(fmap)
    Legend().add_to(fmap)
    return fmap


def layer_control() -> folium.LayerControl:
    """Base layers (tiles) and overlays, including the incident layer added per rerun."""
    return folium.LayerControl(position="topright", collapsed=True)


def layer_group(data: str, fit: dict[str, Any] | None = None) -> folium.FeatureGroup:
    """The layer that changes with the filters, from its data
    (:func:`~dashboard.map.layer_data.layer_data` as JSON), as the FeatureGroup
    streamlit-folium swaps on each rerun and the export adds to its map; ``fit``: the view
    to fit to (:func:`dashboard.map_fit.fit_request`)."""
    group = folium.FeatureGroup(name=_("Incidents"))
    IncidentLayer(data, SELECTED_COLOUR, fit).add_to(group)
    return group


def incident_layer(incidents: pd.DataFrame, claims: pd.DataFrame,
                   selected: str | None = None, *, static: bool = False) -> folium.FeatureGroup:
    """:func:`layer_group` of these incidents, computed here (the page caches its data);
    ``static``: for a standalone file (every marker has its popup)."""
    return layer_group(to_script_json(layer_data(incidents, claims, selected, static=static)))
