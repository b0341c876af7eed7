"""The districts view in a browser: filled district shapes, a click that filters, a link."""

from __future__ import annotations

import pytest

from tests.browser.conftest import map_frame, metric, save_screenshot, wait_for_layer, wait_idle

pytestmark = pytest.mark.browser
FILLED = "() => document.querySelectorAll('.leaflet-districts-pane path[fill-opacity=\"0.75\"]')"


def test_the_districts_view_colours_and_filters_by_a_click(shipped_app, open_page) -> None:
    page = open_page(f"{shipped_app.url}/?view=districts").page
    frame = map_frame(page)
    wait_for_layer(page)
    assert frame.evaluate(
        "() => document.querySelectorAll('.leaflet-districts-pane path').length") >= 80
    coloured = frame.evaluate(f"() => ({FILLED})().length")
    assert coloured >= 3  # the districts with incidents shown
    assert page.get_by_text("districts with incidents shown").count() == 1
    save_screenshot(page, "districts-view")
    # Click the darkest district (the most incidents): the whole page narrows to it.
    frame.evaluate(
        "() => { const p = [...document.querySelectorAll('.leaflet-districts-pane path')]"
        ".find(e => e.getAttribute('fill') === '#bd0026');"
        " p.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: 1, clientY: 1})); }")
    wait_idle(page)
    page.wait_for_function("() => location.search.includes('district=')", timeout=30_000)
    assert "district=" in page.url
    narrowed = metric(page, "Incidents")
    assert not narrowed.startswith(narrowed.split(" of ")[1] + " of")  # fewer than all
    # A fresh browser opening that link shows the same count.
    again = open_page(page.url).page
    wait_idle(again)
    assert metric(again, "Incidents") == narrowed
