"""Exports that travel: one CSV button, and maps (HTML and PNG) that say what they show."""

from __future__ import annotations

import datetime as dt
import io
import tomllib

import pytest
from PIL import Image

from dashboard import data as page_data
from dashboard.exports import exports, map_view_of
from dashboard.map.base import base_map, incident_layer, layer_control
from dashboard.map.export import standalone_map_html
from geo import paths
from geo.caption import TITLE, map_caption, sources_line
from geo.filtering import Filters, apply_filters
from geo.pipeline import load_incident_data
from geo.view_state import MapView, ViewState
from testkit.pages import FROZEN, run_app
from tests import hostile
from tests.test_map import shipped_base

LABELS = ["CSV", "GeoJSON", "Map (HTML)", "Map (PNG)", "Print view (HTML)"]
FILTERS = Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31),
                  event_types=("infiltration",))


@pytest.fixture(scope="module")
def data():
    return load_incident_data(FROZEN)


def _view(data, filters: Filters) -> page_data.View:
    shown, claims = apply_filters(data.incidents, data.casualties, filters)
    return page_data.View(data, filters, shown, claims)


def test_the_page_has_one_csv_button_and_both_maps() -> None:
    at = run_app()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == LABELS
    assert sum("CSV" in label for label in labels) == 1
    # The tables' own CSV download (other columns than the export) is switched off.
    config = tomllib.loads((paths.ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["client"]["disableDataExport"] is True
    # How to select a row (also from the keyboard) is said above the table.
    assert any("Shift+Space" in c.value for c in at.caption)


def test_caption_says_what_is_shown(data) -> None:
    shown, _ = apply_filters(data.incidents, data.casualties, FILTERS)
    caption = map_caption(shown, len(data.incidents), FILTERS, "0", "Data through 1 Feb 2026")
    assert caption.title == f"{TITLE}, 1 Jan 2025 – 31 Dec 2025"
    assert caption.lines[0].startswith(f"{len(shown)} of {len(data.incidents)} incidents shown")
    assert "killed (best reading; range where claims differ): 0" in caption.lines[0]
    assert "Event type: Infiltration" in caption.lines
    assert any(line.startswith("Sources: ") and "Natural Earth" in line for line in caption.lines)
    assert caption.lines[-1] == "Data through 1 Feb 2026."
    everything = map_caption(data.incidents, len(data.incidents), Filters(), "34", "x")
    assert "Filters: none (every event type, actor and group)" in everything.lines


def test_sources_are_named_by_site_most_cited_first(data) -> None:
    line = sources_line(data.incidents)
    assert line.startswith("Sources: en.wikipedia.org (")
    assert "https://" not in line and "www." not in line
    assert sources_line(data.incidents.iloc[0:0]) == "Sources: none cited"


def test_standalone_map_has_a_title_and_an_escaped_caption(data) -> None:
    incidents = data.incidents.copy()
    incidents["source_url"] = incidents["source_url"].astype(object)
    caption = map_caption(incidents, len(incidents), FILTERS, "34", hostile.IMG)
    fmap = base_map(shipped_base())
    incident_layer(data.incidents, data.casualties, static=True).add_to(fmap)
    layer_control().add_to(fmap)
    html = standalone_map_html(fmap, MapView(37.9, 70.1, 8), caption)
    assert f"<title>{TITLE}, 1 Jan 2025 – 31 Dec 2025</title>" in html
    assert "L.bim.caption(" in html and "L.bim.caption = " in html
    assert "Event type: Infiltration" in html and f"{len(incidents)} of " in html
    assert hostile.IMG not in html and "&lt;img" in html


def test_the_page_exports_carry_the_caption(data) -> None:
    view = ViewState(filters=FILTERS, map_view=MapView(37.6, 70.5, 8))
    files = {e.label: e for e in exports(_view(data, FILTERS), None, view, "https://x/", True)}
    assert list(files) == LABELS
    html = files["Map (HTML)"].make()
    assert "<title>Afghanistan–Tajikistan border incidents, 1 Jan 2025 – 31 Dec 2025</title>" \
        in html and "Event type: Infiltration" in html
    image = Image.open(io.BytesIO(files["Map (PNG)"].make()))
    assert image.format == "PNG" and "Event type: Infiltration" in image.text["Description"]
    assert image.text["Description"].endswith("Data through 31 January 2026.")
    assert files["Map (PNG)"].name.endswith("_map.png")


def test_the_image_opens_where_the_page_map_does() -> None:
    lat, lon = page_data.base_layers().centre
    assert map_view_of(ViewState()) == MapView(lat, lon, 6.5)
    assert map_view_of(ViewState(map_view=MapView(1, 2, 9))) == MapView(1, 2, 9)
