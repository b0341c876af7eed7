"""The folium map: escaping, local assets, one marker per mappable incident, a stable base."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from dashboard.assets import COMPONENT_BASE_URL, UnservedAsset, use_local_assets
from dashboard.escaping import escape, link, safe_url
from dashboard.map_view import base_map, incident_features, incident_layer, uncertainty_areas
from dashboard.popups import location_sentence, popup_html
from geo.border import read_geojson
from geo.pipeline import load_incident_data
from tests import hostile
from tests.conftest import SHIPPED


@pytest.fixture(scope="module")
def data():
    return load_incident_data(SHIPPED)


def outlines():
    """Arguments of base_map: the shipped outlines, border and gazetteer."""
    places = load_incident_data(SHIPPED).places
    return read_geojson("countries.geojson"), read_geojson("border.geojson"), places


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
    incidents["summary"] = incidents["summary"].astype(object)
    incidents.loc[0, "summary"] = hostile.HOSTILE_SUMMARY
    incidents.loc[0, "place"] = hostile.IMG
    fmap = base_map(*outlines())
    incident_layer(incidents, data.casualties).add_to(fmap)
    html = fmap.get_root().render()
    for raw in (hostile.IMG, hostile.TEMPLATE, hostile.SCRIPT, hostile.BACKSLASH):
        assert raw not in html
    # folium embeds the data with Jinja's tojson, which writes & as \u0026.
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html


def test_one_feature_per_mappable_incident(data) -> None:
    features = incident_features(data.incidents, data.casualties)["features"]
    mappable = data.incidents.dropna(subset=["latitude"])
    assert [f["properties"]["incident_id"] for f in features] == list(mappable["incident_id"])


def test_popup_tells_precision_and_claims(data) -> None:
    row = data.incidents.set_index("incident_id", drop=False).loc["2025-08-24-dovang"]
    claims = data.casualties[data.casualties["incident_id"] == "2025-08-24-dovang"]
    html = popup_html(row.to_dict(), claims)
    assert "24 August 2025" in html and "Armed clash" in html
    assert "Known only to the district (Shahri Buzurg)" in html
    assert "not the incident&#x27;s own point" in html
    assert "1 killed, 4 injured — per Afghanistan" in html
    assert "1 killed — per press reports" in html
    month = data.incidents.set_index("incident_id").loc["2026-01-shamsiddin-shohin"]
    assert "January 2026" in popup_html(month.to_dict(), claims.iloc[0:0])


def test_exact_points_say_so() -> None:
    row = {"location_precision": "exact", "place": "X", "latitude": 38.0, "longitude": 70.0,
           "uncertainty_km": 0.0, "point_kind": "source", "geocode_note": None}
    assert location_sentence(row) == "Exact point given by the source."


def test_shared_areas_are_drawn_once(data) -> None:
    areas = uncertainty_areas(data.incidents)
    assert areas["incidents"].sum() == data.incidents["uncertainty_km"].gt(0).sum()
    assert len(areas) < areas["incidents"].sum()


def test_every_asset_is_served_locally(data) -> None:
    fmap = use_local_assets(base_map(*outlines()))
    layer = use_local_assets(incident_layer(data.incidents, data.casualties))
    layer.add_to(fmap)
    html = fmap.get_root().render()
    urls = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert urls and all(u.startswith(COMPONENT_BASE_URL) for u in urls), urls
    assert not re.search(r"https?://[^\"']+\.(js|css)", html)


def test_an_unserved_plugin_is_refused() -> None:
    from folium.plugins import Fullscreen

    fmap = base_map(*outlines())
    Fullscreen().add_to(fmap)
    with pytest.raises(UnservedAsset, match="Fullscreen"):
        use_local_assets(fmap)


def test_base_map_is_identical_between_builds() -> None:
    from streamlit_folium import _get_map_string, generate_js_hash

    keys = set()
    for _ in range(2):
        fmap = use_local_assets(base_map(*outlines()))
        fmap.get_root().render()
        keys.add(generate_js_hash(_get_map_string(fmap), "map"))
    assert len(keys) == 1


def test_features_are_valid_json(data) -> None:
    collection = incident_features(data.incidents, data.casualties)
    assert json.loads(json.dumps(collection))["type"] == "FeatureCollection"


def test_base_layers_overlays_and_attributions() -> None:
    from dashboard.map_view import district_areas, layer_control

    countries, border, places = outlines()
    fmap = base_map(countries, border, places)
    layer_control().add_to(fmap)
    html = fmap.get_root().render()
    for name in ("OpenStreetMap", "Terrain", "Satellite", "No tiles (offline)",
                 "Districts (approximate extent)", "Country outlines"):
        assert f'"{name}"' in html or f"{name}" in html, name
    assert "opentopomap.org" in html and "World_Imagery" in html and "Esri" in html
    assert "Natural Earth" in html
    districts = district_areas(places)
    assert len(districts) >= 35 and set(districts["country"]) == {"AF", "TJ"}
    assert html.count('"cls": "bim-district"') == len(districts)
    panes = re.findall(r'createPane\(\s*"(\w+)"\)', html)
    assert panes == ["outlines", "areas", "border", "incidents"]
    assert '"pane": "border"' in html


def test_selected_incident_gets_a_ring(data) -> None:
    ring = incident_layer(data.incidents, data.casualties, "2025-12-25-kavo")
    html = base_map(*outlines()).add_child(ring).get_root().render()
    assert html.count("bim-selected") == 1
    none = incident_layer(data.incidents, data.casualties, "not-an-incident")
    assert "bim-selected" not in base_map(*outlines()).add_child(none).get_root().render()


def test_markers_show_precision(data) -> None:
    from dashboard.map_view import _marker_style

    features = {f["properties"]["incident_id"]: f
                for f in incident_features(data.incidents, data.casualties)["features"]}
    assert _marker_style(features["2025-12-25-kavo"])["dashArray"] == "2 2"
    assert "dashArray" not in _marker_style(features["2022-05-15-panji-poyon"])


def test_clicked_incident_reads_st_folium_value() -> None:
    from dashboard.map_view import clicked_incident

    value = {"last_active_drawing": {"type": "Feature",
                                     "properties": {"incident_id": "2025-12-25-kavo"}}}
    assert clicked_incident(value) == "2025-12-25-kavo"
    assert clicked_incident({"last_active_drawing": {"properties": {}}}) is None
    assert clicked_incident(None) is None
