"""The folium map: escaping, local assets, one marker per point of incidents, a stable base."""

from __future__ import annotations

import json
import re

import folium
import pandas as pd
import pytest

from dashboard.escaping import escape, link, safe_url
from dashboard.map.assets import COMPONENT_BASE_URL, UnservedAsset, use_local_assets
from dashboard.map.base import base_map, incident_layer
from dashboard.map.layer_data import layer_data, to_script_json, tooltips_of, uncertainty_areas
from dashboard.popups import location_sentence, popup_html
from geo.border import read_geojson
from geo.districts import read_districts
from geo.pipeline import load_incident_data
from testkit.pages import FROZEN, layer_json
from tests import hostile


@pytest.fixture(scope="module")
def data():
    return load_incident_data(FROZEN)


def outlines():
    """Arguments of BaseLayers.of: the outlines, border and district polygons."""
    return (read_geojson("countries.geojson"), read_geojson("border.geojson"),
            read_districts(FROZEN))


def shipped_base():
    """The base map's data of the shipped outlines and gazetteer."""
    from dashboard.map.base import BaseLayers

    return BaseLayers.of(*outlines())


@pytest.mark.parametrize("text", [hostile.IMG, hostile.TEMPLATE, hostile.BACKTICK,
                                  hostile.BACKSLASH, hostile.SCRIPT])
def test_escape_leaves_no_active_character(text: str) -> None:
    out = escape(text)
    assert not set(out) & set("<>\"'`$\\")


def test_escape_of_missing_values() -> None:
    assert escape(None) == "" and escape(float("nan")) == "" and escape(pd.NA) == ""


def test_links_accept_only_http() -> None:
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert link("javascript:alert(1)", "x<y") == "x&lt;y"
    assert 'href="https://a.org/"' in link("https://a.org/", "A")


def test_hostile_text_reaches_the_map_only_escaped(data) -> None:
    incidents = data.incidents.copy()
    for column in ("summary", "place"):
        incidents[column] = incidents[column].astype(object)
    first = incidents.index[incidents["latitude"].notna()][0]
    incidents.loc[first, "summary"] = hostile.HOSTILE_SUMMARY + " {{ 6*7 }}x {% raw %}"
    # The page's popup is brief (no summary): the place carries the template text there.
    incidents.loc[first, "place"] = hostile.IMG + " {{ 6*7 }}x {% raw %}"
    fmap = base_map(shipped_base())
    selected = incidents.loc[first, "incident_id"]
    incident_layer(incidents, data.casualties, selected).add_to(fmap)
    html = fmap.get_root().render()  # "{% raw %}" unescaped would fail to compile here
    for raw in (hostile.IMG, hostile.TEMPLATE, hostile.SCRIPT, hostile.BACKSLASH):
        assert raw not in html
    # folium re-reads rendered output as a Jinja template: data must not run there.
    assert "42x" not in html
    layer = layer_json(html)
    assert "{{ 6*7 }}x {% raw %}" not in layer["popup"]  # entities: shown literally
    assert "&#123;&#123; 6*7 &#125;&#125;x &#123;% raw %&#125;" in layer["popup"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in layer["popup"]
    assert any("&lt;img src=x onerror=alert(1)&gt;" in tip for tip in tooltips_of(layer))


def test_script_json_is_inert_to_jinja_and_html() -> None:
    text = to_script_json({"a": {"b": "{{7*7}} {% raw %} {# c #} </script> \u2028"}})
    assert "{{" not in text and "{%" not in text and "{#" not in text and "</" not in text
    assert json.loads(text) == {"a": {"b": "{{7*7}} {% raw %} {# c #} </script> \u2028"}}


def test_one_marker_per_point_counts_every_mappable_incident(data) -> None:
    layer = layer_data(data.incidents, data.casualties)
    mappable = data.incidents.dropna(subset=["latitude"])
    assert layer["incidents"] == sum(layer["n"]) == len(mappable)
    points = set(zip(mappable["latitude"].round(5), mappable["longitude"].round(5),
                     mappable["location_precision"].isin(["district", "province"]),
                     strict=True))
    assert len(layer["key"]) == len(points)
    singles = [k for k, n in zip(layer["key"], layer["n"], strict=True) if n == 1]
    assert set(singles) <= set(mappable["incident_id"])


def test_incidents_at_one_point_become_one_stack(data) -> None:
    from geo.points import at_point

    incidents = pd.concat([data.incidents] * 3, ignore_index=True)
    incidents["incident_id"] = [f"i{n}" for n in range(len(incidents))]
    layer = layer_data(incidents, data.casualties.iloc[0:0])
    assert layer["incidents"] == 3 * data.incidents["latitude"].notna().sum()
    assert all(n >= 3 for n in layer["n"])
    stacks = [k for k in layer["key"] if k.startswith("@")]
    assert len(stacks) == len(layer["key"])
    assert sum(len(at_point(incidents, k)) for k in stacks) == layer["incidents"]
    assert all("incidents: " in tip and "click to list them" in tip for tip in tooltips_of(layer))


def test_popup_tells_precision_and_claims(data) -> None:
    row = data.incidents.set_index("incident_id", drop=False).loc["2025-08-24-dovang"]
    claims = data.casualties[data.casualties["incident_id"] == "2025-08-24-dovang"]
    html = popup_html(row.to_dict(), claims)
    assert "24 August 2025" in html and "Armed clash" in html
    assert "Known only to the district (Shahri Buzurg)" in html
    assert "not the incident&#x27;s own point" in html
    assert "1 killed, 4 injured — per Afghan media" in html
    assert "1 killed — per International media" in html
    month = data.incidents.set_index("incident_id").loc["2026-01-shamsiddin-shohin"]
    assert "January 2026" in popup_html(month.to_dict(), claims.iloc[0:0])


def test_exact_points_say_so() -> None:
    row = {"location_precision": "exact", "place": "X", "latitude": 38.0, "longitude": 70.0,
           "uncertainty_km": 0.0, "point_kind": "source", "geocode_note": None}
    assert location_sentence(row) == "Exact point given by the source."


def test_areas_are_district_polygons_and_circles_only_near_a_place(data) -> None:
    from dashboard.map.district_layer import district_styles

    incidents = data.incidents
    areas = uncertainty_areas(incidents)
    near = incidents[incidents["location_precision"] == "near"]
    assert areas["incidents"].sum() == near["uncertainty_km"].gt(0).sum() == 1
    styles = district_styles(incidents, "incidents", "incidents", None, {})
    district = incidents[incidents["location_precision"] == "district"]
    assert set(styles["areas"]) == set(district["district_id"]) and len(styles["areas"]) < len(
        district)  # incidents of one district share its polygon
    assert styles["provinces"] == ["TJ:Gorno-Badakhshan"]  # the April 2023 row
    assert styles["fill"] == {} and styles["legend"] is None


def test_every_asset_is_served_locally(data) -> None:
    fmap = use_local_assets(base_map(shipped_base()))
    layer = use_local_assets(incident_layer(data.incidents, data.casualties))
    layer.add_to(fmap)
    html = fmap.get_root().render()
    urls = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert urls and all(u.startswith(COMPONENT_BASE_URL) for u in urls), urls
    assert not re.search(r"https?://[^\"']+\.(js|css)", html)


def test_jquery_is_loaded_only_for_folium_popups() -> None:
    """The page's map does without it (one script less before the first markers); a map with
    folium's popups, whose template calls ``$``, still gets the local copy."""
    def scripts(fmap) -> list[str]:
        return re.findall(r'<script src="([^"]+)"', fmap.get_root().render())

    plain = scripts(use_local_assets(base_map(shipped_base())))
    assert plain and not any("jquery" in u for u in plain)
    with_popup = base_map(shipped_base())
    folium.Marker([37.5, 70.5], popup="a popup").add_to(with_popup)
    assert any(u.endswith("/jquery/jquery.min.js")
               for u in scripts(use_local_assets(with_popup)))


def test_an_unserved_plugin_is_refused() -> None:
    from folium.plugins import Fullscreen

    fmap = base_map(shipped_base())
    Fullscreen().add_to(fmap)
    with pytest.raises(UnservedAsset, match="Fullscreen"):
        use_local_assets(fmap)


def test_base_map_is_identical_between_builds() -> None:
    from streamlit_folium import _get_map_string, generate_js_hash

    keys = set()
    for _ in range(2):
        fmap = use_local_assets(base_map(shipped_base()))
        fmap.get_root().render()
        keys.add(generate_js_hash(_get_map_string(fmap), "map"))
    assert len(keys) == 1


def test_base_layers_overlays_and_attributions() -> None:
    from dashboard.map.base import BaseLayers, layer_control

    countries, border, districts = outlines()
    fmap = base_map(BaseLayers.of(countries, border, districts))
    layer_control().add_to(fmap)
    html = fmap.get_root().render()
    for name in ("OpenStreetMap", "Terrain", "Satellite", "No tiles (offline)",
                 "Districts and provinces", "Country outlines"):
        assert f'"{name}"' in html or f"{name}" in html, name
    assert "opentopomap.org" in html and "World_Imagery" in html and "Esri" in html
    assert "Natural Earth" in html
    assert len(districts) >= 80 and set(districts["country"]) == {"AF", "TJ"}
    assert html.count('"cls":"bim-district"') == len(districts)
    assert html.count('"district_id":') == len(districts)  # every polygon, once
    assert "OpenStreetMap contributors, ODbL" in html  # the Tajik districts' licence
    panes = re.findall(r'createPane\(\s*"(\w+)"\)', html)
    assert panes == ["outlines", "districts", "areas", "border", "incidents"]
    assert '"pane":"border"' in html and '"pane":"outlines"' in html


def test_selected_incident_gets_a_ring_and_the_only_popup(data) -> None:
    ring = incident_layer(data.incidents, data.casualties, "2025-12-25-kavo")
    html = base_map(shipped_base()).add_child(ring).get_root().render()
    layer = layer_json(html)
    assert layer["key"][layer["selected"]] == "@37.85610,70.09910,area"  # a stack of 4
    assert "25 December 2025" in layer["popup"] and html.count("L.bim.incidentLayer(") == 1
    none = layer_json(base_map(shipped_base()).add_child(
        incident_layer(data.incidents, data.casualties, "not-an-incident")).get_root().render())
    assert none["selected"] == -1 and none["popup"] is None


def test_markers_show_precision(data) -> None:
    layer = layer_data(data.incidents, data.casualties)
    area = dict(zip(layer["key"], layer["area"], strict=True))
    assert area["2023-04-gbao"] == 1  # province: drawn as an area's centre
    assert area["2022-05-15-panji-poyon"] == 0


def test_clicked_marker_reads_st_folium_value() -> None:
    from dashboard.map.clicks import clicked_marker

    value = {"last_active_drawing": {"type": "Feature",
                                     "properties": {"key": "2025-12-25-kavo"}}}
    assert clicked_marker(value) == "2025-12-25-kavo"
    stack = {"last_active_drawing": {"properties": {"key": "@38.1,70.2,area"}}}
    assert clicked_marker(stack) == "@38.1,70.2,area"
    assert clicked_marker({"last_active_drawing": {"properties": {}}}) is None
    assert clicked_marker(None) is None


def test_st_folium_sends_the_same_map_without_rendering_the_figure_first(data) -> None:
    """The page passes render=False (half the work per rerun); the map sent must not change."""
    from unittest import mock

    import streamlit_folium

    from dashboard.map.base import layer_control

    sent = []
    with mock.patch.object(streamlit_folium, "_component_func",
                           side_effect=lambda **kw: sent.append(kw)):
        for render in (True, False):
            fmap = use_local_assets(base_map(shipped_base()))
            layer = use_local_assets(incident_layer(data.incidents, data.casualties))
            streamlit_folium.st_folium(fmap, key="map", feature_group_to_add=layer,
                                       layer_control=layer_control(), render=render)
    rendered, direct = ({k: v for k, v in s.items() if k != "on_change"} for s in sent)
    assert rendered == direct and "L.bim.incidentLayer(" in direct["feature_group"]
    assert "markerClusterGroup" not in direct["feature_group"]  # the plugin is loaded once
    assert any(u.endswith("/generated/leaflet.bim.bundle.js") for u in direct["js_links"])


def test_the_page_fetches_the_district_geometry_once(tmp_path) -> None:
    """Published, the base map's script names a file instead of carrying 90 polygons, so a
    rerun does not send them again; the file holds them all."""
    inline = shipped_base()
    published = inline.published(tmp_path)
    assert published.url and published.url.endswith(".json")
    script = base_map(published).get_root().render()
    assert '"district_id":' not in script and published.url in script
    saved = json.loads(next(tmp_path.glob("generated/districts-*.json")).read_text("utf-8"))
    assert len(saved["districts"]["features"]) == len(json.loads(inline.districts)["features"])
    assert '"district_id":' in base_map(published, inline=True).get_root().render()  # export
