"""Map and table select the same incident; the page works at desktop and phone widths."""

from __future__ import annotations

import pytest

from tests.browser.conftest import map_frame, save_screenshot, wait_for_layer, wait_idle

pytestmark = pytest.mark.browser


# The index, among the drawn incident markers, of the one for an incident id.
FIND_MARKER = """(id) => {
    const paths = [...document.querySelectorAll('path.bim-incident')];
    let found = -1;
    const visit = (layer) => {
        if (layer.feature && layer.feature.properties.incident_id === id && layer._path) {
            found = paths.indexOf(layer._path);
        }
        if (layer.getLayers) { layer.getLayers().forEach(visit); }
    };
    map_div.eachLayer(visit);
    return found;
}"""


def table(page):
    return page.locator('[data-testid="stDataFrame"]').last


def selected_rows(page) -> list[str]:
    table(page).scroll_into_view_if_needed()  # the grid renders its rows when visible
    page.wait_for_timeout(300)
    return table(page).locator('[aria-selected="true"]').all_inner_texts()


def details_heading(page, expected: str) -> str:
    """The details panel's heading, once it shows ``expected``."""
    page.locator("h3", has_text=expected).first.wait_for(timeout=15_000)
    return page.locator("h3").first.inner_text()


def test_clicking_a_marker_selects_its_row(shipped_app, open_page) -> None:
    page = open_page(shipped_app.url).page
    frame = map_frame(page)
    # The lone marker of the province-level incident of April 2023 (Gorno-Badakhshan).
    marker = frame.locator("path.bim-incident").nth(frame.evaluate(FIND_MARKER, "2023-04-gbao"))
    marker.click()
    wait_idle(page)
    assert details_heading(page, "April 2023") == "April 2023"
    rows = selected_rows(page)
    assert len(rows) == 1 and rows[0].startswith("April 2023")
    assert frame.locator(".leaflet-popup-content").inner_text().startswith("April 2023")
    assert frame.locator("path.bim-selected").count() == 1


def test_selecting_a_row_moves_the_map_to_the_incident(shipped_app, open_page) -> None:
    page = open_page(shipped_app.url).page
    frame = map_frame(page)
    before = frame.evaluate("() => map_div.getCenter()")
    grid = table(page)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # Row 6 (0-based 5) is 17–18 November 2024 at Zarbuz gorge, placed at Shamsiddin Shohin.
    header, row_height = 35, 35
    page.mouse.click(box["x"] + 12, box["y"] + header + 5 * row_height + row_height / 2)
    wait_idle(page)
    assert selected_rows(page)[0].startswith("17–18 November 2024")
    assert details_heading(page, "17–18 November 2024") == "17–18 November 2024"
    page.wait_for_timeout(800)
    centre = frame.evaluate("() => [map_div.getCenter().lat, map_div.getCenter().lng, "
                            "map_div.getZoom()]")
    assert centre == pytest.approx([37.8561, 70.0991, 9], abs=0.01)
    assert (before["lat"], before["lng"]) != pytest.approx((centre[0], centre[1]), abs=0.01)


def test_a_marker_of_several_incidents_lists_them(shipped_app, open_page) -> None:
    page = open_page(shipped_app.url).page
    frame = map_frame(page)
    # Four incidents are placed at Shamsiddin Shohin district's centre: one marker, "4".
    frame.evaluate("() => map_div.setView([37.8561, 70.0991], 10)")
    wait_idle(page)
    wait_for_layer(page)
    stack = frame.locator(".bim-stack", has_text="4")
    stack.wait_for(timeout=15_000)
    stack.click()
    wait_idle(page)
    page.get_by_text("4 incidents at one point").wait_for(timeout=15_000)
    grid = page.locator('[data-testid="stDataFrame"]').first  # beside the map, before the rest
    heading = page.locator("h3", has_text="17–18 November 2024")
    for _ in range(3):  # the grid is a canvas: a click before it settles can miss the row
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 12, box["y"] + 35 + 35 / 2)  # the first row
        wait_idle(page)
        if heading.count():
            break
    assert details_heading(page, "17–18 November 2024") == "17–18 November 2024"
    assert "incident=2024-11-18-zarbuz" in page.url
    # The selected incident's popup opens on the stack, with the ring around it.
    frame.locator(".leaflet-popup-content").wait_for(timeout=15_000)
    assert frame.locator(".leaflet-popup-content").inner_text().startswith("17–18 November")
    assert frame.locator("path.bim-selected").count() == 1
    save_screenshot(page, "stack-listed")


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1400, 1000),
                                                       ("phone", 390, 844)])
def test_layout_screenshots(shipped_app, open_page, name: str, width: int, height: int) -> None:
    page = open_page(shipped_app.url, width=width, height=height).page
    frame_box = page.locator("iframe[title*='st_folium']").bounding_box()
    metric_box = page.locator('[data-testid="stMetric"]').first.bounding_box()
    assert frame_box["width"] <= width
    assert frame_box["y"] < metric_box["y"]  # the map comes first
    if name == "phone":
        assert frame_box["width"] > width * 0.8
        sidebar = page.locator('[data-testid="stSidebar"]').bounding_box()
        assert sidebar is None or sidebar["x"] + sidebar["width"] <= 0  # folded away
    path = save_screenshot(page, f"layout-{name}")
    assert path.stat().st_size > 10_000
