"""What only a browser shows: the map renders offline, markers follow the slider, text is inert."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests import hostile
from tests.browser.conftest import (
    copy_data,
    map_frame,
    marker_count,
    metric,
    save_screenshot,
    wait_idle,
)

pytestmark = pytest.mark.browser
WORD_JOINER = "\u2060"  # md() puts one after ':' and '@' so no text becomes a link


def slider_input(page, which: str):
    return page.locator(f'[data-testid="stSlider"] input[aria-label="Date range — {which}"]')


def test_map_renders_offline_and_narrows_with_the_slider(shipped_app, open_page) -> None:
    view = open_page(shipped_app.url)
    page = view.page
    frame = map_frame(page)
    assert marker_count(page) == 11  # 13 incidents, two only "along the border"
    assert metric(page, "Incidents") == "13 of 13"
    # The offline basemap: the country outlines and the border are drawn from shipped data.
    assert frame.locator(".leaflet-outlines-pane path").count() >= 2
    assert frame.locator(".leaflet-border-pane path").count() == 1
    assert frame.locator(".bim-country").count() == 2
    # No tile server answers here: the map says so and stays readable.
    frame.locator(".bim-offline").wait_for(timeout=15_000)
    assert "offline?" in frame.locator(".bim-offline").inner_text()
    # Nothing the page needs came from outside (tiles may fail: they are optional).
    assets = [(kind, url) for kind, url in view.external if kind in ("script", "stylesheet",
                                                                      "font", "fetch", "xhr")]
    assert assets == [], assets
    save_screenshot(page, "map-full-range")

    # A day later start leaves out the first incident: only its marker goes, every other
    # one is kept as it was (not clustered again).
    slider_input(page, "start").focus()
    page.keyboard.press("ArrowRight")
    wait_idle(page)
    assert metric(page, "Incidents") == "12 of 13"
    assert marker_count(page) == 10
    assert frame.evaluate("() => [window.bimMap.added, window.bimMap.removed]") == [0, 1]

    # Zoom in (as a user: the map is then never re-fitted), then move the start of the range
    # to its end: one incident is left.
    frame.evaluate("() => { window.__sameMap = true; map_div.setZoom(7.5, {animate: false}); }")
    frame.locator(".leaflet-control-zoom-in").click()
    wait_idle(page)  # the zoom is reported and written to the URL
    slider_input(page, "start").focus()
    page.keyboard.press("End")
    wait_idle(page)
    assert slider_input(page, "start").get_attribute("aria-valuetext") == "2026-01-31"
    assert metric(page, "Incidents") == "1 of 13"
    assert marker_count(page) == 1
    # Only the incident layer changed: the map frame was not reloaded and kept its zoom.
    assert frame.evaluate("() => [window.__sameMap, map_div.getZoom(), map_div._bimUserMoved]"
                          ) == [True, 8, True]
    save_screenshot(page, "map-january-2026")

    # The fullscreen button puts the map itself in full screen (the iframe allows it).
    frame.locator("a.bim-fullscreen").click()
    page.wait_for_timeout(500)
    assert frame.evaluate("() => document.fullscreenElement === map_div.getContainer()")
    frame.evaluate("() => document.exitFullscreen()")


def test_a_stack_is_redrawn_in_place_when_its_count_changes(shipped_app, open_page) -> None:
    page = open_page(shipped_app.url).page
    frame = map_frame(page)
    stack = frame.locator(".bim-stack", has_text="4")  # Shamsiddin Shohin's centre
    frame.evaluate("() => map_div.setView([37.8561, 70.0991], 9.5, {animate: false})")
    frame.locator(".leaflet-control-zoom-in").click()  # the user's view: kept by presets
    stack.wait_for(timeout=15_000)
    frame.evaluate("""() => { window.__stack = [...L.bim._clusters.byKey.values()]
        .find((v) => v.m.options.bimCount === 4).m; }""")
    wait_idle(page)  # the filters come one run after the map: a click during it is lost
    page.locator("[data-testid=stSidebar]").get_by_text("2025", exact=True).click()  # preset
    wait_idle(page)
    # Another stack has 2 already: wait for this one's count.
    frame.wait_for_function("() => window.__stack.options.bimCount === 2", timeout=15_000)
    # The same marker, with its new count: redrawn where it is, not removed and added again.
    assert frame.evaluate("""() => window.__stack.options.bimCount === 2
        && [...L.bim._clusters.byKey.values()].some((v) => v.m === window.__stack)""")
    assert frame.evaluate("() => window.bimMap.restyled") >= 1
    assert frame.locator(".bim-stack", has_text="4").count() == 0
    assert marker_count(page) == int(metric(page, "Incidents").split()[0]) - 1  # one off-map


def test_popup_shows_hostile_text_literally(tmp_path: Path, app_on, open_page) -> None:
    data = copy_data(tmp_path / "data")
    path = data / "incidents.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["incident_id"] == "2023-04-gbao"]
    rows[0]["summary"] = hostile.HOSTILE_SUMMARY
    rows[0]["side_a"] = hostile.IMG
    rows[0]["side_b"] = hostile.CORPUS[5]  # "><svg onload=…>
    rows[0]["notes"] = " | ".join(hostile.CORPUS[6:10] + hostile.CORPUS[12:14])
    rows[0]["source_title"] = hostile.CORPUS[7]  # [click](javascript:…)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    claims = data / "casualties.csv"
    lines = claims.read_text("utf-8").splitlines()
    claims.write_text("\n".join([lines[0], *[ln for ln in lines if "2023-04-gbao" in ln]]) + "\n",
                      "utf-8")

    view = open_page(app_on(data).url)
    page, frame = view.page, map_frame(view.page)
    assert marker_count(page) == 1
    frame.locator("path.bim-incident").click()
    wait_idle(page)  # the click selects the incident; the page reruns and reopens the popup
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    # The page's popup is brief (date, type, place, claims); the panel has the rest.
    assert "April 2023" in popup.inner_text()
    assert popup.locator("img, script").count() == 0
    page.wait_for_timeout(500)
    assert view.dialogs == []
    assert frame.evaluate("() => document.querySelectorAll('.leaflet-marker-pane img').length") == 0
    # The click selected the incident: its details panel shows the same text, inert.
    details = page.locator('[data-testid="stMainBlockContainer"]')
    page.locator("h3", has_text="April 2023").first.wait_for(timeout=15_000)
    shown = details.inner_text().replace(WORD_JOINER, "")  # md() breaks autolinks with it
    assert hostile.IMG in shown and hostile.CORPUS[7] in shown and "Душанбе" in shown
    assert hostile.TEMPLATE in shown and hostile.BACKSLASH in shown
    assert hostile.SCRIPT in shown and hostile.BACKTICK in shown
    for doc in (page, frame):
        assert doc.locator("svg[onload], img[onerror], a[href^='javascript']").count() == 0
    page.wait_for_timeout(500)
    assert view.dialogs == []
    save_screenshot(page, "hostile-popup")


def test_without_the_map_the_rest_of_the_page_still_comes(shipped_app, browser) -> None:
    """A page open sends the map first and the rest once the map reports its view; when the
    map's frame cannot load, the placeholder's timer brings the rest anyway."""
    from dashboard.map_first import PLACEHOLDER

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        context.route("**/component/streamlit_folium*/**", lambda route: route.abort())
        page = context.new_page()
        page.goto(shipped_app.url)
        page.get_by_text(PLACEHOLDER).wait_for(timeout=60_000)
        page.locator('[data-testid="stMetric"]').first.wait_for(timeout=30_000)
        assert metric(page, "Incidents") == "13 of 13"
        assert page.get_by_text(PLACEHOLDER).count() == 0
    finally:
        context.close()
