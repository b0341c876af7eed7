"""The page's downloads in a real browser: the map image and file say what they show."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def _download(page, label: str) -> bytes:
    button = page.locator('[data-testid="stDownloadButton"]').get_by_role(
        "button", name=label, exact=True)
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    with open(info.value.path(), "rb") as f:
        return f.read()


def test_the_map_downloads_as_a_captioned_image_and_file(shipped_app, open_page) -> None:
    page = open_page(shipped_app.url + "/?type=infiltration&lat=37.6&lon=70.5&zoom=8").page
    buttons = page.locator('[data-testid="stDownloadButton"]')
    assert sum("CSV" in t for t in buttons.all_inner_texts()) == 1
    png = _download(page, "Map (PNG)")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size[0] == 1200
    assert "Event type: Infiltration" in image.text["Description"]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "export-map.png").write_bytes(png)

    html = _download(page, "Map (HTML)").decode("utf-8")
    assert "<title>Afghanistan–Tajikistan border incidents, " in html
    (ARTIFACTS / "export-map.html").write_text(html, "utf-8")
    # The file opens on its own (no server) with its caption on the map.
    page.set_content(html)
    page.wait_for_selector(".bim-caption", timeout=30_000)
    assert "Event type: Infiltration" in page.locator(".bim-caption").inner_text()
    page.screenshot(path=str(ARTIFACTS / "export-map-html.png"))


def test_the_csv_download_has_the_casualty_claims(shipped_app, open_page) -> None:
    page = open_page(shipped_app.url).page
    text = _download(page, "CSV").decode("utf-8")
    header = text.splitlines()[0].split(",")
    assert header[0] == "incident_id" and "claims" in header and "killed_best" in header
