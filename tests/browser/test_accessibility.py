"""Keyboard, screen reader and contrast: markers open from the keyboard, every map button
has a name, and axe-core finds no serious or critical violation on the main views."""

from __future__ import annotations

import pytest

from testkit.axe import blocking_violations
from tests.browser.conftest import map_frame, save_screenshot, wait_idle
from tests.browser.test_selection import FIND_MARKER, details_heading

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("name", "query", "width", "height"), [
    ("default", "", 1440, 900),
    ("selected-incident", "?incident=2025-12-25-kavo", 1440, 900),
    ("districts", "?view=districts", 1440, 900),
    ("phone", "", 390, 844),
])
def test_no_serious_or_critical_axe_violations(shipped_app, open_page, name: str, query: str,
                                               width: int, height: int) -> None:
    page = open_page(shipped_app.url + "/" + query, width=width, height=height).page
    violations = blocking_violations(page)
    assert not violations, "\n".join(map(str, violations))


def test_the_axe_check_reads_the_map_frame_too(shipped_app, open_page) -> None:
    page = open_page(shipped_app.url).page
    # A button with no name, planted in the map's frame, is found there.
    map_frame(page).evaluate("""() => document.querySelector('.leaflet-control-container')
        .appendChild(document.createElement('button'))""")
    rules = {v.rule for v in blocking_violations(page)}
    assert "button-name" in rules


def test_a_marker_reached_by_keyboard_opens_on_enter(shipped_app, open_page) -> None:
    page = open_page(shipped_app.url).page
    frame = map_frame(page)
    marker = frame.locator("path.bim-incident").nth(frame.evaluate(FIND_MARKER, "2023-04-gbao"))
    assert marker.get_attribute("tabindex") == "0"
    assert marker.get_attribute("role") == "button"
    assert "2023" in (marker.get_attribute("aria-label") or "")
    marker.focus()
    # Focus is visible: the focused marker's outline is drawn thicker and dark.
    assert frame.evaluate("() => getComputedStyle(document.activeElement).strokeWidth") == "4px"
    page.keyboard.press("Enter")
    wait_idle(page)
    assert details_heading(page, "April 2023") == "April 2023"
    save_screenshot(page, "keyboard-selected")


def _shown_label(frame):
    tip = frame.locator(".leaflet-tooltip")
    tip.wait_for(timeout=10_000)
    return tip


def test_a_hovered_marker_shows_its_label(shipped_app, open_page) -> None:
    # Tooltips are bound as markers come on the map (not all 80k of an upload up front).
    page = open_page(shipped_app.url).page
    frame = map_frame(page)
    marker = frame.locator("path.bim-incident").nth(frame.evaluate(FIND_MARKER, "2023-04-gbao"))
    marker.hover()
    tip = _shown_label(frame)
    assert "2023" in tip.inner_text()
    assert tip.inner_text() == marker.get_attribute("aria-label")


def test_a_marker_drawn_again_shows_its_label_on_focus(shipped_app, open_page) -> None:
    # Zoomed out into a cluster and back, a marker is a new element: its label still opens.
    page = open_page(shipped_app.url).page
    frame = map_frame(page)
    zoom = frame.evaluate("() => map_div.getZoom()")
    frame.evaluate("() => map_div.setZoom(3, {animate: false})")
    frame.wait_for_function(f"() => ({FIND_MARKER})('2023-04-gbao') < 0")
    frame.evaluate(f"() => map_div.setZoom({zoom}, {{animate: false}})")
    frame.wait_for_function(f"() => ({FIND_MARKER})('2023-04-gbao') >= 0")
    marker = frame.locator("path.bim-incident").nth(frame.evaluate(FIND_MARKER, "2023-04-gbao"))
    marker.focus()
    tip = _shown_label(frame)
    assert tip.inner_text() == marker.get_attribute("aria-label")


def test_a_stack_reached_by_keyboard_lists_its_incidents_on_space(shipped_app,
                                                                   open_page) -> None:
    page = open_page(shipped_app.url).page
    stack = map_frame(page).locator(".bim-stack", has_text="4")
    stack.wait_for(timeout=15_000)
    assert "4 incidents" in (stack.get_attribute("aria-label") or "")
    stack.focus()
    page.keyboard.press(" ")
    wait_idle(page)
    page.get_by_text("4 incidents at one point").wait_for(timeout=15_000)


def test_a_table_row_is_selected_from_the_keyboard_as_the_hint_says(shipped_app,
                                                                  open_page) -> None:
    page = open_page(shipped_app.url).page
    grid = page.locator('[data-testid="stDataFrame"]').last
    page.get_by_text("press Shift+Space").wait_for()
    grid.scroll_into_view_if_needed()
    grid.locator("canvas[tabindex='0']").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+Space")
    wait_idle(page)
    row = grid.locator('[aria-selected="true"]').first.inner_text()  # its cells' text
    # The selected row's incident is the one whose details open (its date as the heading).
    assert row.startswith(details_heading(page, row[:10]))


def test_every_map_button_has_a_name(shipped_app, open_page) -> None:
    page = open_page(shipped_app.url).page
    frame = map_frame(page)
    for name in ("Zoom in", "Zoom out", "Full screen"):
        assert frame.get_by_role("button", name=name).count() == 1, name
    assert frame.get_by_role("button", name="Layers").count() == 1
    assert frame.get_by_role("button", name="Legend").count() == 1
    # The view switch above the map: a labelled group of named choices.
    switch = page.get_by_role("radiogroup", name="Map shows")
    assert switch.get_by_role("radio", name="Incidents").count() == 1
    districts = switch.get_by_role("radio", name="Districts")
    assert districts.count() == 1
    # Every control and marker on the map can be named by a screen reader.
    unnamed = frame.evaluate("""() => [...document.querySelectorAll(
            '.leaflet-container a, .leaflet-container button, .leaflet-container [role=button]')]
        .filter(el => !(el.getAttribute('aria-label') || el.getAttribute('title')
                        || el.textContent.trim()))
        .map(el => el.outerHTML.slice(0, 80))""")
    assert not unnamed, unnamed
    # and it works from the keyboard.
    districts.focus()
    page.keyboard.press(" ")
    wait_idle(page)
    page.wait_for_url("**view=districts**", timeout=15_000)
