"""The folium map: a base map built the same way on every rerun, and an incident layer.

streamlit-folium keys the map component on the base map's script, so the base map (tiles,
outlines, districts, border, legend, controls) must not change between reruns; the incidents
travel as a separate FeatureGroup (``feature_group_to_add``) and only that layer is replaced.

Panes order what is drawn over what: tiles < outlines < uncertainty areas < border < markers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import folium
import pandas as pd
from folium.map import CustomPane
from jinja2 import Template
from xyzservices import TileProvider

from dashboard.escaping import escape
from dashboard.incident_layer import ClusterAssets, IncidentLayer, layer_data, to_script_json
from dashboard.raw_script import RawScript, Verbatim
from dashboard.style import BORDER_COLOUR, COUNTRY_FILLS, EVENT_COLOURS, MIXED_COLOUR
from geo.schema import COUNTRIES, EVENT_TYPES

OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">'
                   "OpenStreetMap</a> contributors")
TOPO_ATTRIBUTION = (OSM_ATTRIBUTION + ', SRTM | Map style: &copy; <a href="https://opentopomap.org">'
                    "OpenTopoMap</a> (CC-BY-SA)")
ESRI_ATTRIBUTION = ("Tiles &copy; Esri &mdash; Source: Esri, i-cubed, USDA, USGS, AEX, GeoEye, "
                    "Getmapping, Aerogrid, IGN, IGP, UPR-EGP, and the GIS User Community")
NE_ATTRIBUTION = "Natural Earth"
OSM = TileProvider(name="OpenStreetMap", url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                   attribution="(C) OpenStreetMap contributors", html_attribution=OSM_ATTRIBUTION,
                   max_zoom=19)
TOPO = TileProvider(name="Terrain", url="https://{s}.tile.opentopomap.org/{z}/{x}/{y}.png",
                    attribution="OpenStreetMap contributors, SRTM, OpenTopoMap (CC-BY-SA)",
                    html_attribution=TOPO_ATTRIBUTION, max_zoom=17)
SATELLITE = TileProvider(
    name="Satellite", url="https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery"
    "/MapServer/tile/{z}/{y}/{x}", attribution="Esri and the GIS User Community",
    html_attribution=ESRI_ATTRIBUTION, max_zoom=18)
SELECTED_ZOOM = 9

PANES = {"outlines": 300, "areas": 350, "border": 450, "incidents": 500}

class Legend(RawScript):
    """A collapsible legend: incident types, how precision is drawn, the border."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: 'bottomright'});
            legend.onAdd = function () {
                var div = L.DomUtil.create('div', 'bim-legend');
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                // On a phone-width map the legend starts folded.
                if (this._map.getSize().x < 500) { div.querySelector('details').open = false; }
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "Legend"
        dot = "display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px"
        rows = "".join(f"<div><span style='{dot};background:{EVENT_COLOURS[key]}'></span>"
                       f"{escape(label)}</div>" for key, label in EVENT_TYPES.items())
        solid = f"{dot};background:#555;border:2px solid #fff;box-shadow:0 0 0 1px #555"
        hollow = f"{dot};background:rgba(85,85,85,.45);border:1px dashed #222"
        area = ("display:inline-block;width:12px;height:12px;border-radius:50%;"
                "border:1px dashed #333;background:rgba(0,0,0,.08);margin-right:6px")
        stack = (f"{dot};width:16px;height:16px;background:{MIXED_COLOUR};color:#fff;"
                 "font:600 9px/16px sans-serif;text-align:center;vertical-align:middle")
        line = (f"display:inline-block;width:14px;border-top:3px solid {BORDER_COLOUR};"
                "margin:0 6px 3px 0")
        self.html = (
            "<div style='background:rgba(255,255,255,.94);padding:6px 8px;border-radius:4px;"
            "font:11px/1.35 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:220px'>"
            "<details open><summary><b>Legend</b></summary>"
            f"{rows}<hr style='margin:4px 0'>"
            f"<div><span style='{solid}'></span>place known (exact or near)</div>"
            f"<div><span style='{hollow}'></span>centre of a district or province</div>"
            f"<div><span style='{area}'></span>area the incident may lie in</div>"
            f"<div><span style='{stack}'>3</span>incidents at one point (grey-blue: "
            "several types)</div>"
            f"<div><span style='{line}'></span>Afghanistan–Tajikistan border</div>"
            "</details></div>")


class Outlines(RawScript):
    """Shipped GeoJSON (country outlines, the border) drawn in a pane with fixed styles, not
    clickable: one script with the data as JSON (:func:`to_script_json`), placed verbatim,
    instead of folium's GeoJson, which also walks every coordinate for bounds and compiles the
    output as a template on each rerun. ``styles`` by the features' ``iso2`` property, ``"*"``
    for any other."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var styles = {{ this.styles|tojson }};
            L.geoJSON({{ this.data }}, {pane: {{ this.pane|tojson }}, interactive: false,
                style: function (f) { return styles[f.properties.iso2] || styles['*']; }}
            ).addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, data: str, pane: str, styles: dict[str, dict[str, Any]]):
        super().__init__()
        self._name = "Outlines"
        self.data = data
        self.pane = pane
        self.styles = styles


class DistrictCircles(RawScript):
    """Each district's approximate extent as a dashed circle, drawn by one script (folium
    renders every element through a template of its own on every rerun)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.circles|tojson }}.forEach(function (c) {
            L.circle([c[0], c[1]], {radius: c[2], color: '#8a8a8a', weight: 1,
                dashArray: '2 6', fill: false, pane: 'outlines', interactive: false}
            ).addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
    """)

    def __init__(self, circles: list[list[float]]):
        super().__init__()
        self._name = "DistrictCircles"
        self.circles = circles


class MapExtras(RawScript):
    """Country and district labels, the Natural Earth attribution and a fullscreen button.

    District labels show from zoom 8 on, so the framed border stays readable.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            {{ this.labels|tojson }}.forEach(function (l) {
                L.marker([l.lat, l.lon], {interactive: false, keyboard: false,
                    pane: 'outlines', icon: L.divIcon({className: l.cls, html: l.html,
                    iconSize: [160, 20], iconAnchor: [80, 10]})}).addTo(map);
            });
            map.attributionControl.addAttribution({{ this.attribution|tojson }});
            var zoomClass = function () {
                map.getContainer().classList.toggle('bim-zoomed-out', map.getZoom() < 8);
            };
            map.on('zoomend', zoomClass); zoomClass();
            // A phone-width map opens one step further out, so the whole border shows.
            if (map.getSize().x < 500) { map.setZoom(map.getZoom() - 1); }
            var Full = L.Control.extend({
                options: {position: 'topleft'},
                onAdd: function () {
                    var a = L.DomUtil.create('a', 'bim-fullscreen leaflet-bar');
                    a.href = '#'; a.title = 'Full screen'; a.setAttribute('role', 'button');
                    a.innerHTML = {{ this.fullscreen_icon|tojson }};
                    L.DomEvent.on(a, 'click', function (e) {
                        L.DomEvent.preventDefault(e);
                        var el = map.getContainer();
                        if (document.fullscreenElement) { document.exitFullscreen(); }
                        else if (el.requestFullscreen) { el.requestFullscreen(); }
                    });
                    return a;
                }
            });
            new Full().addTo(map);
            document.addEventListener('fullscreenchange', function () { map.invalidateSize(); });
            // Tiles are optional: when the tile server does not answer, say so; the shipped
            // outlines keep the map readable.
            var failed = 0, notice = null;
            var watch = function (layer) {
                if (!(layer instanceof L.TileLayer) || layer._bimWatched) { return; }
                layer._bimWatched = true;
                layer.on('tileerror', function () {
                    failed += 1;
                    if (failed < 4 || notice) { return; }
                    notice = L.control({position: 'bottomleft'});
                    notice.onAdd = function () {
                        var div = L.DomUtil.create('div', 'bim-offline');
                        div.innerHTML = {{ this.offline_text|tojson }};
                        return div;
                    };
                    notice.addTo(map);
                });
                layer.on('tileload', function () {
                    failed = 0;
                    if (notice) { notice.remove(); notice = null; }
                });
            };
            map.eachLayer(watch);
            map.on('layeradd', function (e) { watch(e.layer); });
        })();
        {% endmacro %}
    """)

    # Country label positions inside each country, near the border.
    LABEL_POINTS: ClassVar[dict[str, tuple[float, float]]] = {
        "AF": (36.9, 69.8), "TJ": (38.35, 69.5)}

    def __init__(self, labels: list[dict[str, Any]]):
        super().__init__()
        self._name = "MapExtras"
        self.attribution = escape(NE_ATTRIBUTION)
        self.offline_text = ("Map tiles are unavailable (offline?): the country outlines and "
                             "the border are drawn from the shipped data.")
        self.fullscreen_icon = (
            "<svg width='14' height='14' viewBox='0 0 14 14' aria-hidden='true' "
            "style='vertical-align:middle'><path d='M1 5V1h4M9 1h4v4M13 9v4H9M5 13H1V9' "
            "fill='none' stroke='#333' stroke-width='2'/></svg>")
        self.labels = labels

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
            labels.append({"lat": float(row.lat), "lon": float(row.lon),
                           "cls": "bim-district", "html": escape(row.admin2)})
        return labels


MAP_CSS = """<style>
.bim-country{font:600 13px sans-serif;letter-spacing:3px;color:#6b6b6b;text-align:center;
  pointer-events:none;white-space:nowrap}
.bim-district{font:11px sans-serif;color:#444;text-align:center;white-space:nowrap;
  text-shadow:0 0 3px #fff,0 0 3px #fff;pointer-events:none}
.bim-zoomed-out .bim-district{display:none}
.bim-stack span{display:block;width:24px;height:24px;line-height:24px;border-radius:50%;
  border:2px solid #fff;box-shadow:0 0 0 1px #555;color:#fff;text-align:center;
  font:600 11px sans-serif;opacity:.95}
.bim-stack.bim-area span{border:1.5px dashed #222;opacity:.75}
.bim-popup{max-width:320px;font:13px/1.4 sans-serif}
.bim-popup ul{padding-left:16px;margin:4px 0}.bim-popup p{margin:4px 0}
.bim-offline{background:rgba(255,255,255,.92);padding:4px 8px;border-radius:4px;
  font:12px sans-serif;max-width:260px;box-shadow:0 1px 4px rgba(0,0,0,.3)}
.bim-fullscreen{display:block;width:30px;height:30px;line-height:30px;text-align:center;
  font-size:18px;background:#fff;color:#333;text-decoration:none}
</style>"""


def bounds_of(geojson: dict[str, Any]) -> list[list[float]]:
    """[[south, west], [north, east]] of a FeatureCollection's coordinates."""
    lats: list[float] = []
    lons: list[float] = []

    def visit(coords: Any) -> None:
        if coords and isinstance(coords[0], (int, float)):
            lons.append(float(coords[0]))
            lats.append(float(coords[1]))
        else:
            for c in coords:
                visit(c)

    for feature in geojson["features"]:
        visit(feature["geometry"]["coordinates"])
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def border_centre(border: dict[str, Any]) -> tuple[float, float]:
    """The middle of the border's bounding box, where the map opens."""
    (south, west), (north, east) = bounds_of(border)
    return (south + north) / 2, (west + east) / 2


def district_areas(places: pd.DataFrame) -> pd.DataFrame:
    """The gazetteer's districts with a point and an extent, to draw as approximate areas."""
    districts = places[(places["level"] == "district")].dropna(subset=["lat", "lon",
                                                                       "radius_km"])
    return districts[["place_id", "name", "admin2", "country", "lat", "lon", "radius_km"]]


@dataclass(frozen=True)
class BaseLayers:
    """The base map's data as the page's script needs it, made once per data load
    (:meth:`of`): serialising the outlines and listing the districts took about 8 ms of
    every rerun."""

    centre: tuple[float, float]
    countries: str  # GeoJSON, as :func:`to_script_json`
    border: str
    circles: list[list[float]]  # [lat, lon, radius in metres] per district
    labels: list[dict[str, Any]]  # see :meth:`MapExtras.labels_of`

    @classmethod
    def of(cls, countries: dict[str, Any], border: dict[str, Any],
           places: pd.DataFrame) -> BaseLayers:
        """From the outlines' GeoJSON and the gazetteer."""
        areas = district_areas(places)
        return cls(centre=border_centre(border), countries=to_script_json(countries),
                   border=to_script_json(border),
                   circles=[[float(r.lat), float(r.lon), float(r.radius_km) * 1000]
                            for r in areas.itertuples(index=False)],
                   labels=MapExtras.labels_of(countries, areas))


def base_map(base: BaseLayers) -> folium.Map:
    """The unchanging part of the map: tiles, outlines, districts, border, legend, controls."""
    # Half-step zoom frames the whole border in a ~600 px wide map; fitBounds would run before
    # the component's iframe has its final width.
    fmap = folium.Map(location=list(base.centre), zoom_start=6.5, tiles=None,
                      min_zoom=4, max_zoom=14, control_scale=True, zoomSnap=0.5,
                      zoomDelta=0.5)
    for name, z_index in PANES.items():
        CustomPane(name, z_index=z_index, pointer_events=name == "incidents").add_to(fmap)
    # Providers given whole: a name or URL string makes folium search xyzservices' catalogue
    # on every build (15 ms a rerun for three layers).
    for provider, show in ((OSM, True), (TOPO, False), (SATELLITE, False)):
        folium.TileLayer(provider, name=provider.name, attr=provider.html_attribution,
                         max_zoom=provider.max_zoom, show=show).add_to(fmap)
    # A base layer with no tiles: the shipped outlines alone, for offline use.
    folium.FeatureGroup(name="No tiles (offline)", overlay=False, show=False).add_to(fmap)

    outline = {"color": "#777", "weight": 1, "fillOpacity": 0.35}
    Outlines(base.countries, "outlines", {"*": {**outline, "fillColor": "#eee"}} | {
        iso2: {**outline, "fillColor": fill} for iso2, fill in COUNTRY_FILLS.items()}).add_to(
        folium.FeatureGroup(name="Country outlines").add_to(fmap))

    districts = folium.FeatureGroup(name="Districts (approximate extent)")
    DistrictCircles(base.circles).add_to(districts)
    districts.add_to(fmap)

    Outlines(base.border, "border", {"*": {"color": BORDER_COLOUR, "weight": 4, "opacity": 0.9}}
             ).add_to(folium.FeatureGroup(name="Afghanistan–Tajikistan border").add_to(fmap))

    ClusterAssets().add_to(fmap)
    MapExtras(base.labels).add_to(fmap)
    fmap.get_root().header.add_child(Verbatim(MAP_CSS))
    Legend().add_to(fmap)
    return fmap


def layer_control() -> folium.LayerControl:
    """Base layers (tiles) and overlays, including the incident layer added per rerun."""
    return folium.LayerControl(position="topright", collapsed=True)


def layer_group(data: str) -> folium.FeatureGroup:
    """The layer that changes with the filters, from its data (:func:`layer_data` as JSON;
    the page caches it), as the FeatureGroup streamlit-folium swaps on each rerun."""
    group = folium.FeatureGroup(name="Incidents")
    IncidentLayer(data).add_to(group)
    return group


def incident_layer(incidents: pd.DataFrame, claims: pd.DataFrame,
                   selected: str | None = None, *, static: bool = False) -> folium.FeatureGroup:
    """The incident layer of these incidents (see :mod:`dashboard.incident_layer`);
    ``static``: for a standalone file (every marker has its popup)."""
    return layer_group(to_script_json(layer_data(incidents, claims, selected, static=static)))


def clicked_marker(value: dict[str, Any] | None) -> str | None:
    """The key of the marker a click reported by st_folium (``last_active_drawing``) was on:
    an incident id, or a stack key (:func:`geo.points.point_key`)."""
    drawing = (value or {}).get("last_active_drawing") or {}
    props = drawing.get("properties") or {}
    key = props.get("key") or props.get("incident_id")
    return str(key) if key else None
