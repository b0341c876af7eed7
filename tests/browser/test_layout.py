"""The map-first page as a browser lays it out: sizes, the legend, fitted views, the popup.

Screenshots of each size go to test-artifacts/ (layout-<width>.png, selected-<width>.png).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import map_frame, save_screenshot, wait_for_layer, wait_idle

pytestmark = pytest.mark.browser
SIZES = {"desktop": (1440, 900), "laptop": (1024, 768), "phone": (390, 844)}
FRAME = "iframe[title*='st_folium']"


def _box(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def _view(frame) -> dict:
    return frame.evaluate("""() => ({zoom: map_div.getZoom(), c: map_div.getCenter(),
        b: map_div.getBounds().toBBoxString()})""")


def _markers_in_view(frame) -> bool:
    """Whether every drawn incident marker lies inside the map's current view."""
    return frame.evaluate("""() => {
        const b = map_div.getBounds();
        return [...L.bim._clusters.byKey.values()].every((v) => b.contains(v.m.getLatLng()));
    }""")


@pytest.mark.parametrize("size", SIZES)
def test_the_map_comes_first_and_large(shipped_app, open_page, size) -> None:
    width, height = SIZES[size]
    page = open_page(shipped_app.url, width=width, height=height).page
    frame = map_frame(page)
    wait_idle(page)
    box = _box(page, FRAME)
    title = _box(page, "h1")
    assert title["height"] < 48  # one line
    if size == "desktop":
        assert box["width"] >= 0.55 * width and box["height"] >= 0.6 * height, box
    if size == "laptop":
        assert box["y"] + box["height"] <= height, box  # the whole map above the fold
    if size == "phone":
        # A one-line title, the view switch, then the map: its top within the first quarter.
        assert title["height"] < 30 and box["y"] < height / 4, (title, box)
        assert box["width"] >= width - 40
    # The map is never squeezed: the details panel goes beside it or under it.
    assert box["width"] >= 0.6 * width - 300
    # The legend is a button, open at first on a wide map only.
    button = frame.locator(".bim-legend-button")
    legend = frame.locator(".bim-legend-box")
    expanded = button.get_attribute("aria-expanded") == "true"
    assert expanded == (box["width"] >= 700) and legend.is_visible() == expanded
    button.click()
    assert button.get_attribute("aria-expanded") == str(not expanded).lower()
    assert legend.is_visible() != expanded
    if not expanded:
        save_screenshot(page, f"layout-{width}-legend")
        button.click()
    # The offline notice and the credits are one line each.
    frame.locator(".bim-offline").wait_for(timeout=15_000)
    assert _box(frame, ".bim-offline")["height"] <= 24
    assert _box(frame, ".leaflet-control-attribution")["height"] <= 20
    save_screenshot(page, f"layout-{width}")


@pytest.mark.parametrize("size", SIZES)
def test_a_selected_incidents_popup_is_whole_and_brief(shipped_app, open_page, size) -> None:
    width, height = SIZES[size]
    page = open_page(f"{shipped_app.url}/?incident=2025-12-25-kavo", width=width,
                     height=height).page
    frame = map_frame(page)
    popup = frame.locator(".leaflet-popup-content-wrapper")
    popup.wait_for(timeout=15_000)
    page.wait_for_timeout(800)  # autopan
    shown, inside = _box(frame, ".leaflet-popup-content-wrapper"), _box(frame, "#" + frame.evaluate(
        "() => map_div.getContainer().id"))
    assert shown["y"] >= inside["y"] and shown["x"] >= inside["x"], (shown, inside)
    assert shown["y"] + shown["height"] <= inside["y"] + inside["height"]
    assert shown["x"] + shown["width"] <= inside["x"] + inside["width"]
    text = popup.inner_text()
    assert "25 December 2025" in text and "Kavo" in text and "details panel" in text
    assert "Jamaat Ansarullah" not in text  # the sides and summary are the panel's
    # Only Kavo's district is known: its polygon is the one outlined.
    assert frame.evaluate("""() => Object.entries(L.bim._districts.byId).filter(
        ([, l]) => l.options.dashArray === '5 4').length""") == 1
    save_screenshot(page, f"selected-{width}")


def test_presets_fit_the_map_unless_the_user_moved_it(shipped_app, open_page) -> None:
    page = open_page(shipped_app.url, width=1440, height=900).page
    frame = map_frame(page)
    wait_idle(page)  # the filters come one run after the map: a click during it is lost
    opening = _view(frame)
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text("2025", exact=True).click()
    wait_idle(page)
    wait_for_layer(page)
    fitted = _view(frame)
    assert fitted["zoom"] > opening["zoom"] and _markers_in_view(frame)
    sidebar.get_by_text("All dates", exact=True).click()  # back to the whole border
    wait_idle(page)
    wait_for_layer(page)
    assert _view(frame)["zoom"] == opening["zoom"]
    # A user's own zoom is theirs: the next preset no longer moves the map.
    frame.locator(".leaflet-control-zoom-in").click()
    wait_idle(page)
    own = _view(frame)
    sidebar.get_by_text("2024", exact=True).click()
    wait_idle(page)
    wait_for_layer(page)
    assert _view(frame) == own


def test_a_link_with_a_view_keeps_it_when_filters_change(shipped_app, open_page) -> None:
    page = open_page(f"{shipped_app.url}/?lat=37.9&lon=70.3&zoom=8", width=1440,
                     height=900).page
    frame = map_frame(page)
    page.locator("[data-testid=stSidebar]").get_by_text("2025", exact=True).click()
    wait_idle(page)
    wait_for_layer(page)
    view = _view(frame)
    assert view["zoom"] == 8 and abs(view["c"]["lat"] - 37.9) < 0.01
