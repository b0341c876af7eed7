"""Links: the address bar follows the controls, a copied link reopens the same view
elsewhere, a tampered link degrades gracefully, and the app starts as a host would start it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from geo import paths
from geo.loading import load_dataset
from tests.browser.conftest import (
    map_frame,
    marker_count,
    metric,
    offline_context,
    save_screenshot,
    start_app,
    stop_app,
    wait_for_map,
    wait_idle,
)
from tests.browser.test_selection import FIND_MARKER

pytestmark = pytest.mark.browser


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def map_view(page) -> list[float]:
    return map_frame(page).evaluate(
        "() => [map_div.getCenter().lat, map_div.getCenter().lng, map_div.getZoom()]")


def choose(page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stMultiSelect"]', has_text=label)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    wait_idle(page)


def test_a_copied_link_reopens_the_same_view(shipped_app, open_page, browser) -> None:
    page = open_page(shipped_app.url).page
    first = query(page)
    assert first["start"] == ["2022-05-07"] and first["end"] == ["2026-01-31"]

    # (a) The slider and a filter change the address bar.
    page.locator('[data-testid="stSlider"] input[aria-label="Date range — start"]').focus()
    page.keyboard.press("PageUp")
    page.wait_for_function("() => !location.search.includes('start=2022-05-07')",
                           timeout=30_000)
    wait_idle(page)
    choose(page, "Event type", "Infiltration")
    q = query(page)
    assert q["start"] != first["start"] and q["type"] == ["infiltration"]

    # Select the April 2023 incident on the map, then move the map.
    frame = map_frame(page)
    index = frame.evaluate(FIND_MARKER, "2023-04-gbao")
    assert index >= 0
    frame.locator("path.bim-incident").nth(index).click()
    page.wait_for_function("() => location.search.includes('incident=2023-04-gbao')",
                           timeout=15_000)
    wait_idle(page)
    frame.evaluate("() => map_div.setView([38.2, 71.0], 7.5, {animate: false})")
    page.wait_for_function("() => location.search.includes('zoom=7.5')", timeout=30_000)
    wait_idle(page)
    link = page.url
    lat, lon = float(query(page)["lat"][0]), float(query(page)["lon"][0])
    assert (lat, lon) == pytest.approx((38.2, 71.0), abs=0.05)
    shown = metric(page, "Incidents")
    assert query(page)["incident"] == ["2023-04-gbao"]
    # The copy-link box holds the same link.
    code = page.locator('[data-testid="stCode"]').first.inner_text()
    assert parse_qs(urlparse(code.strip()).query) == query(page)

    # (b) A fresh browser context opens the same view.
    other = offline_context(browser)
    try:
        again = other.new_page()
        again.goto(link)
        wait_for_map(again)
        again.wait_for_timeout(1500)
        assert metric(again, "Incidents") == shown
        assert again.locator("h3").first.inner_text() == "April 2023"
        assert map_view(again) == pytest.approx([lat, lon, 7.5], abs=0.001)
        wait_idle(again)
        assert query(again) == query(page)
        assert marker_count(again) == marker_count(page)
        save_screenshot(again, "shared-link-reopened")
    finally:
        other.close()


def test_a_tampered_link_shows_a_notice_and_a_working_page(shipped_app, open_page) -> None:
    url = (f"{shipped_app.url}/?start=2025-13-45&end=2031-01-01&type=armed_clash&type=%3Cb%3E"
           "&incident=nope&lat=abc&lon=70&zoom=99")
    page = open_page(url).page
    notice = page.locator('[data-testid="stAlert"]', has_text="This link was partly changed")
    assert notice.is_visible()
    text = notice.inner_text()
    for words in ("start='2025-13-45'", "type='<b>'", "no such incident", "lat='abc'"):
        assert words in text, words
    assert metric(page, "Incidents") == "3 of 13"
    assert marker_count(page) == 3
    assert query(page)["type"] == ["armed_clash"]  # the address bar now holds a clean link
    assert "incident" not in query(page)
    save_screenshot(page, "tampered-link")


def test_starts_from_the_repository_root_as_a_host_would(tmp_path: Path, browser) -> None:
    """Copy what the Dockerfile copies, run `streamlit run dashboard/app.py` from that root
    without installing it, and check the page serves that copy's data and its health check."""
    root = tmp_path / "checkout"
    copied = [line.split()[1] for line in (paths.ROOT / "Dockerfile").read_text().splitlines()
              if line.startswith("COPY ")]
    for name in copied:
        source = paths.ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name,
                            ignore=shutil.ignore_patterns("__pycache__", "vendor"))
        else:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, root / name)
    # Mark the copy: one incident fewer, so the page shows which data it serves.
    incidents = root / "data" / "incidents.csv"
    lines = incidents.read_text("utf-8").splitlines()
    incidents.write_text("\n".join(lines[:-1]) + "\n", "utf-8")
    served = len(load_dataset(root / "data").incidents)

    app = start_app(None, tmp_path / "host.log", cwd=root)
    try:
        health = re.search(r"CMD python -c \"(.+)\"", (paths.ROOT / "Dockerfile").read_text())
        check = health.group(1).replace("127.0.0.1:8501", urlparse(app.url).netloc)
        assert subprocess.run([sys.executable, "-c", check], timeout=30).returncode == 0
        with urllib.request.urlopen(f"{app.url}/_stcore/health", timeout=5) as r:
            assert r.status == 200
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
            ("http://127.0.0.1", "data:", "blob:", "about:")) else r.abort())
        page = context.new_page()
        page.goto(app.url)
        wait_for_map(page)
        assert metric(page, "Incidents") == f"{served} of {served}"
        assert served == len(load_dataset(paths.ROOT / "data").incidents) - 1
        assert marker_count(page) >= 10
        assert (root / "dashboard" / "static" / "vendor" / "leaflet" / "leaflet.js").exists()
        context.close()
    finally:
        stop_app(app)
