"""Browser tests: the real app in a subprocess, driven by Playwright in headless Chromium.

Chromium is Debian's (/usr/bin/chromium, installed by scripts/ensure_browser.sh) or, where that
is missing, Playwright's own. Every request that leaves this machine is blocked and recorded,
so a test fails if the page needs a CDN.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from geo import paths
from testkit.pages import FROZEN
from testkit.server import BROWSER_ARGS, App, chromium_executable, start_app, stop_app

ARTIFACTS = paths.ROOT / "test-artifacts"
LOCAL_PREFIXES = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_executable(), headless=True, args=BROWSER_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def shipped_app(tmp_path_factory) -> Iterator[App]:
    app = start_app(FROZEN, tmp_path_factory.mktemp("logs") / "shipped.log")
    yield app
    stop_app(app)


@pytest.fixture
def app_on(tmp_path: Path) -> Iterator[Callable[[Path], App]]:
    started: list[App] = []

    def start(data_dir: Path) -> App:
        started.append(start_app(data_dir, tmp_path / "app.log"))
        return started[-1]

    yield start
    for app in started:
        stop_app(app)


@dataclass
class Page:
    """A page whose requests off this machine are blocked and recorded."""

    page: object
    external: list[tuple[str, str]] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def open_page(browser) -> Iterator[Callable[..., Page]]:
    contexts = []

    def open_(url: str, width: int = 1400, height: int = 1000) -> Page:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        result = Page(page)

        def route(r) -> None:
            if r.request.url.startswith(LOCAL_PREFIXES):
                r.continue_()
            else:
                result.external.append((r.request.resource_type, r.request.url))
                r.abort()

        context.route("**/*", route)
        page.on("dialog", lambda d: (result.dialogs.append(d.message), d.dismiss()))
        page.goto(url)
        wait_for_map(page)
        return result

    yield open_
    for context in contexts:
        context.close()


def offline_context(browser, **options):
    """A fresh browser context (another reader) whose requests off this machine fail."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, **options)
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        ("http://127.0.0.1", "data:", "blob:", "about:")) else r.abort())
    return context


def map_frame(page):
    """The streamlit-folium iframe."""
    page.wait_for_selector("iframe[title*='st_folium']", timeout=60_000)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "st_folium" in frame.url:
                return frame
        time.sleep(0.2)
    raise AssertionError("no map frame")


def wait_for_map(page) -> None:
    frame = map_frame(page)
    frame.wait_for_selector(".leaflet-border-pane path", timeout=60_000)
    # streamlit-folium wires its click handlers when it adds the incident layer.
    frame.wait_for_function(
        "() => window.__GLOBAL_DATA__ && window.__GLOBAL_DATA__.last_feature_group",
        timeout=60_000)
    wait_idle(page)
    # The rest of the page (the filters' widgets, the headline) comes with the run the map's
    # first report starts; on a slow machine that run may begin after wait_idle looked.
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=60_000)
    wait_idle(page)
    wait_for_layer(page)


def wait_for_layer(page) -> None:
    """Until the incident layer the page last sent is drawn (it records window.bimMap)."""
    map_frame(page).wait_for_function("() => window.bimMap && window.bimMap.done",
                                      timeout=60_000)


def wait_idle(page) -> None:
    """Wait until Streamlit has finished running the script.

    The map component reports clicks and moves debounced, so a rerun may start a few hundred
    milliseconds after the action.
    """
    page.wait_for_timeout(900)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(700)


def marker_count(page) -> int:
    """Incidents on the map: single markers plus the counts on stacks and cluster icons."""
    wait_for_layer(page)
    return int(map_frame(page).evaluate("""() => {
        const single = document.querySelectorAll('path.bim-incident').length;
        const counted = [...document.querySelectorAll('.marker-cluster span, .bim-stack span')]
            .reduce((n, s) => n + parseInt(s.textContent, 10), 0);
        return single + counted;
    }"""))


def metric(page, label: str) -> str:
    """The value of a headline figure, e.g. "12 of 13" for "Incidents"."""
    box = page.locator('[data-testid="stMetric"]', has_text=label)
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def save_screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def copy_data(target: Path) -> Path:
    shutil.copytree(FROZEN, target)
    return target
