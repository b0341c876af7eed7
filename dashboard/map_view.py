"""The folium map: a base map built the same way on every rerun, and an incident layer.

streamlit-folium keys the map component on the base map's script, so the base map (tiles,
country outlines, border, legend) must not change between reruns; the incidents travel as a
separate FeatureGroup (``feature_group_to_add``) and only that layer is replaced.
"""

from __future__ import annotations

from typing import Any, ClassVar

import folium
import pandas as pd
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from folium.utilities import JsCode
from jinja2 import Template

from dashboard.escaping import escape
from dashboard.popups import popup_html, tooltip_text
from dashboard.style import BORDER_COLOUR, COUNTRY_FILLS, EVENT_COLOURS, event_colour
from geo.schema import COUNTRIES, EVENT_TYPES

OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">'
                   "OpenStreetMap</a> contributors")
NE_ATTRIBUTION = "Outlines and border: Natural Earth (public domain)"
MARKER_RADIUS_PX = 8
# Popup and tooltip HTML are built (and escaped) in dashboard/popups.py.
BIND_POPUP = JsCode("""
    function (feature, layer) {
        layer.bindPopup(feature.properties.popup, {maxWidth: 340});
        layer.bindTooltip(feature.properties.tooltip);
    }
""")


class Legend(MacroElement):
    """A fixed legend of event colours and what the circles mean."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: 'bottomright'});
            legend.onAdd = function () {
                var div = L.DomUtil.create('div', 'bim-legend');
                div.innerHTML = {{ this.html|tojson }};
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
        area = ("display:inline-block;width:12px;height:12px;border-radius:50%;"
                "border:1px dashed #333;background:rgba(0,0,0,.08);margin-right:6px")
        line = (f"display:inline-block;width:14px;border-top:3px solid {BORDER_COLOUR};"
                "margin:0 6px 3px 0")
        self.html = (
            "<div style='background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;"
            "font:12px/1.5 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)'>"
            "<details open><summary><b>Legend</b></summary>"
            f"{rows}<div style='margin-top:4px'><span style='{area}'></span>"
            "area the incident may lie in</div>"
            f"<div><span style='{line}'></span>Afghanistan–Tajikistan border</div>"
            "</details></div>")


class MapExtras(MacroElement):
    """Country name labels and the Natural Earth attribution, drawn without images."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            {{ this.labels|tojson }}.forEach(function (l) {
                L.marker([l.lat, l.lon], {interactive: false, keyboard: false, icon: L.divIcon(
                    {className: 'bim-country', html: l.html, iconSize: [160, 20],
                     iconAnchor: [80, 10]})}).addTo(map);
            });
            map.attributionControl.addAttribution({{ this.attribution|tojson }});
        })();
        {% endmacro %}
    """)

    # Label positions inside each country, near the border.
    LABEL_POINTS: ClassVar[dict[str, tuple[float, float]]] = {
        "AF": (36.9, 69.8), "TJ": (38.35, 69.5)}

    def __init__(self, countries: dict[str, Any]):
        super().__init__()
        self._name = "MapExtras"
        self.attribution = escape(NE_ATTRIBUTION)
        self.labels = []
        for feature in countries["features"]:
            iso2 = feature["properties"]["iso2"]
            if iso2 in self.LABEL_POINTS:
                lat, lon = self.LABEL_POINTS[iso2]
                self.labels.append({"lat": lat, "lon": lon,
                                    "html": escape(COUNTRIES.get(iso2, iso2).upper())})


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


def base_map(countries: dict[str, Any], border: dict[str, Any]) -> folium.Map:
    """The unchanging part of the map: tiles, offline outlines, the border and the legend."""
    south_west, north_east = bounds_of(border)
    centre = [(south_west[0] + north_east[0]) / 2, (south_west[1] + north_east[1]) / 2]
    # Half-step zoom frames the whole border in a ~600 px wide map; fitBounds would run before
    # the component's iframe has its final width.
    fmap = folium.Map(location=centre, zoom_start=6.5, tiles=None, min_zoom=4, max_zoom=14,
                      control_scale=True, zoomSnap=0.5, zoomDelta=0.5)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap", attr=OSM_ATTRIBUTION,
                     max_zoom=19).add_to(fmap)
    # Drawn from shipped data, so the countries show even when no tile server answers.
    folium.GeoJson(
        countries, name="Country outlines (offline)",
        style_function=lambda f: {"color": "#777", "weight": 1,
                                  "fillColor": COUNTRY_FILLS.get(f["properties"]["iso2"], "#eee"),
                                  "fillOpacity": 0.35},
    ).add_to(fmap)
    folium.GeoJson(
        border, name="Afghanistan–Tajikistan border",
        style_function=lambda f: {"color": BORDER_COLOUR, "weight": 4, "opacity": 0.9},
    ).add_to(fmap)
    MapExtras(countries).add_to(fmap)
    fmap.get_root().header.add_child(folium.Element(
        "<style>.bim-country{font:600 13px sans-serif;letter-spacing:3px;color:#6b6b6b;"
        "text-align:center;pointer-events:none;white-space:nowrap}"
        ".bim-popup{max-width:320px;font:13px/1.4 sans-serif}.bim-popup ul{padding-left:16px;"
        "margin:4px 0}.bim-popup p{margin:4px 0}</style>"))
    Legend().add_to(fmap)
    return fmap


def incident_features(incidents: pd.DataFrame, claims: pd.DataFrame) -> dict[str, Any]:
    """Mappable incidents as a GeoJSON FeatureCollection with escaped popup and tooltip."""
    mappable = incidents.dropna(subset=["latitude", "longitude"])
    by_incident = dict(tuple(claims.groupby("incident_id", sort=False))) if len(claims) else {}
    empty = claims.iloc[0:0]
    features = []
    for row in mappable.to_dict("records"):
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": {
                "incident_id": str(row["incident_id"]),
                "event_type": str(row["event_type"]),
                "colour": event_colour(str(row["event_type"])),
                "popup": popup_html(row, by_incident.get(row["incident_id"], empty)),
                "tooltip": tooltip_text(row),
            },
        })
    return {"type": "FeatureCollection", "features": features}


def uncertainty_areas(incidents: pd.DataFrame) -> pd.DataFrame:
    """One circle per distinct (point, radius): incidents placed at one district share it."""
    areas = incidents.dropna(subset=["latitude", "longitude", "uncertainty_km"])
    areas = areas[areas["uncertainty_km"] > 0]
    return (areas.groupby(["latitude", "longitude", "uncertainty_km"]).size()
            .rename("incidents").reset_index())


def incident_layer(incidents: pd.DataFrame, claims: pd.DataFrame) -> folium.FeatureGroup:
    """The layer that changes with the filters: uncertainty circles and incident markers."""
    group = folium.FeatureGroup(name="Incidents")
    for area in uncertainty_areas(incidents).itertuples(index=False):
        folium.Circle(
            [area.latitude, area.longitude], radius=area.uncertainty_km * 1000,
            color="#333", weight=1, dash_array="4 4", fill=True, fill_color="#000",
            fill_opacity=0.06, bubbling_mouse_events=True,
        ).add_to(group)
    cluster = MarkerCluster(name="Incident markers", options={
        "maxClusterRadius": 30, "spiderfyOnMaxZoom": True, "showCoverageOnHover": False})
    folium.GeoJson(
        incident_features(incidents, claims),
        name="incidents",
        marker=folium.CircleMarker(radius=MARKER_RADIUS_PX, weight=2, color="#fff",
                                   class_name="bim-incident",
                                   fill=True, fill_opacity=0.95),
        style_function=lambda f: {"fillColor": f["properties"]["colour"]},
        # Bound per marker: the GeoJson group itself is never on the map (its markers live in
        # the cluster), so folium's group-level GeoJsonPopup cannot open there.
        on_each_feature=BIND_POPUP,
    ).add_to(cluster)
    cluster.add_to(group)
    return group
