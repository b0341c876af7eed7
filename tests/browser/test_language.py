"""The page in Russian in a real browser: ``lang=ru`` gives a Russian legend, district names
and popup, the shared link keeps the language in another browser, and the switch goes back to
English."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import (
    map_frame,
    offline_context,
    save_screenshot,
    wait_for_map,
    wait_idle,
)
from tests.browser.test_selection import FIND_MARKER
from tests.browser.test_sharing import query

pytestmark = pytest.mark.browser


def test_lang_ru_legend_popup_and_shared_link(shipped_app, open_page, browser) -> None:
    page = open_page(f"{shipped_app.url}/?lang=ru").page
    assert page.locator("h1").first.inner_text() == "Инциденты на афгано-таджикской границе"
    frame = map_frame(page)
    legend = frame.evaluate("() => document.body.textContent")
    assert "Тип события" in legend and "Вооружённое столкновение" in legend
    assert "Event type" not in legend
    # The district polygons (their geometry file, published per language) in Russian.
    frame.wait_for_function("() => L.bim._districts && L.bim._districts.loaded",
                            timeout=15_000)
    assert frame.evaluate("() => L.bim._districts.byId['tj-darvoz']._bimLabel") == (
        "Дарвазский район (TJ)")

    marker = frame.locator("path.bim-incident").nth(frame.evaluate(FIND_MARKER, "2023-04-gbao"))
    marker.click()
    page.wait_for_function("() => location.search.includes('incident=2023-04-gbao')",
                           timeout=15_000)
    wait_idle(page)
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=15_000)
    assert popup.inner_text().startswith("Апрель 2023")
    assert "Боевики" in popup.inner_text()
    save_screenshot(page, "lang-ru")

    assert query(page)["lang"] == ["ru"]
    code = page.locator('[data-testid="stCode"]').first.inner_text().strip()
    assert parse_qs(urlparse(code).query) == query(page)

    # The shared link opens in Russian in a browser that prefers English.
    other = offline_context(browser, locale="en-US")
    try:
        again = other.new_page()
        again.goto(code)
        wait_for_map(again)
        assert again.locator("h1").first.inner_text() == (
            "Инциденты на афгано-таджикской границе")
        assert again.locator("h3").first.inner_text() == "Апрель 2023"
        assert query(again)["lang"] == ["ru"]
    finally:
        other.close()

    # The switch goes back to English, and the link drops the language.
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("English", exact=True).click()
    wait_idle(page)
    assert page.locator("h1").first.inner_text() == "Afghanistan–Tajikistan border incidents"
    page.wait_for_function("() => !location.search.includes('lang=')", timeout=15_000)
