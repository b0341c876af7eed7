"""Files to share without a server: the standalone map and the print view."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dashboard.map.base import base_map, incident_layer, layer_control
from dashboard.map.export import standalone_map_html
from dashboard.print_view import print_view_html
from geo.filtering import Filters, apply_filters, describe_filters
from geo.pipeline import load_incident_data
from geo.view_state import MapView
from testkit.pages import FROZEN
from tests import hostile
from tests.test_map import shipped_base


@pytest.fixture(scope="module")
def data():
    return load_incident_data(FROZEN)


def test_standalone_map_has_everything_inline(data) -> None:
    fmap = base_map(shipped_base())
    incident_layer(data.incidents, data.casualties, static=True).add_to(fmap)
    layer_control().add_to(fmap)
    html = standalone_map_html(fmap, MapView(37.9, 70.1, 8))
    assert not re.search(r'<script[^>]+src=', html)
    assert not re.search(r'<link[^>]+stylesheet', html)
    assert "L.map(" in html and "markerClusterGroup" in html and "L.bim.incidentLayer = " in html
    # No page behind the file: each marker carries its popup, a stack lists its incidents.
    assert html.count("2025-12-25-kavo") >= 1 and "4 incidents at " in html
    assert "Known only to the province" in html  # the lone April 2023 marker's own popup
    assert "[37.9, 70.1]" in html and '"zoom": 8' in html
    assert "data:image/png;base64," in html  # the layer-control icon


def test_print_view_lists_the_shown_incidents_escaped(data) -> None:
    filters = Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31),
                      event_types=("infiltration",))
    shown, claims = apply_filters(data.incidents, data.casualties, filters)
    shown = shown.copy()
    shown["summary"] = shown["summary"].astype(object)
    shown.iloc[0, shown.columns.get_loc("summary")] = hostile.IMG
    html = print_view_html(shown, claims, None, filters, 13,
                           "https://example.org/?type=infiltration")
    assert "1 of 13 incidents" in html and "25 December 2025" in html
    assert hostile.IMG not in html and "&lt;img" in html
    assert "<img" not in html
    assert "Event type: Infiltration" in html
    assert 'href="https://example.org/?type=infiltration"' in html


def test_filters_in_words() -> None:
    lines = describe_filters(Filters(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31),
                                     groups=("civilians",), with_casualties=True))
    assert lines[0].startswith("Dates: 01 Jan 2024 – 31 Dec 2024")
    assert "Casualty group: Civilians" in lines and "With casualties only" in lines
    assert len(lines) == 3  # the unset filters say nothing
