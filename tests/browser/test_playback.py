"""Time playback and brushing in a real browser: play steps the date window (the slider's
dates and the markers follow), Space plays and pauses, dragging across the chart sets the range."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from tests.browser.conftest import map_frame, marker_count, metric, save_screenshot, wait_idle

pytestmark = pytest.mark.browser


def label(page) -> str:
    """What the play/pause button says ("Play" or "Pause"; its icon and shortcut aside)."""
    text = page.locator(".st-key-play_button button").first.inner_text(timeout=60_000)
    return next(word for word in ("Play", "Pause") if word in text.split())


def wait_label(page, word: str, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while label(page) != word:
        assert time.monotonic() < deadline, f"the button never said {word}"
        page.wait_for_timeout(50)


def shown_dates(page) -> tuple[str, str]:
    inputs = page.locator('[data-testid="stSlider"] input')
    return inputs.nth(0).get_attribute("aria-valuetext"), inputs.nth(1).get_attribute(
        "aria-valuetext")


def markers_now(page) -> int:
    return int(map_frame(page).evaluate("""() => {
        const single = document.querySelectorAll('path.bim-incident').length;
        const counted = [...document.querySelectorAll('.marker-cluster span, .bim-stack span')]
            .reduce((n, s) => n + parseInt(s.textContent, 10), 0);
        return single + counted; }"""))


#: Records each distinct pair of dates the slider's two handles show, as it changes.
SLIDER_LOG = """() => {
    window.__bimSlider = [];
    const look = () => {
        const inputs = document.querySelectorAll('[data-testid="stSlider"] input');
        if (inputs.length < 2) return;
        const pair = [inputs[0].getAttribute('aria-valuetext'),
                      inputs[1].getAttribute('aria-valuetext')];
        const last = window.__bimSlider[window.__bimSlider.length - 1];
        if (!last || last[0] !== pair[0] || last[1] !== pair[1]) window.__bimSlider.push(pair);
    };
    look();
    new MutationObserver(look).observe(document.body, {subtree: true, childList: true,
        attributes: true, attributeFilter: ['aria-valuetext']});
}"""


#: Records each distinct number of incidents the map draws, as it changes (in the map's frame).
MARKER_LOG = """() => {
    window.__bimMarkers = [];
    const look = () => {
        const single = document.querySelectorAll('path.bim-incident').length;
        const counted = [...document.querySelectorAll('.marker-cluster span, .bim-stack span')]
            .reduce((n, s) => n + parseInt(s.textContent, 10), 0);
        const log = window.__bimMarkers;
        if (log[log.length - 1] !== single + counted) log.push(single + counted);
    };
    look();
    new MutationObserver(look).observe(document.body, {subtree: true, childList: true});
}"""


def test_play_steps_the_window_and_the_markers_follow(shipped_app, open_page) -> None:
    page = open_page(shipped_app.url + "/?start=2025-05-01&end=2025-07-31&window=3m").page
    wait_label(page, "Play", 60)
    wait_idle(page)  # the filters come one run after the map: a click during it is lost
    assert marker_count(page) == 0
    # Every pair of dates the slider shows, recorded by the page itself: polling from here
    # takes several round trips a look and misses steps on a slow machine.
    assert shown_dates(page) == ("2025-05-01", "2025-07-31")
    page.evaluate(SLIDER_LOG)
    frame = map_frame(page)  # a rerun sends the layer its data: the frame stays
    frame.evaluate(MARKER_LOG)
    page.locator(".st-key-play_button button").first.click()
    seen: list[tuple[tuple[str, str], int]] = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        now = (shown_dates(page), markers_now(page))
        if not seen or now != seen[-1]:
            seen.append(now)
        if now[0][1] == "2026-01-31" and label(page) == "Play":
            break
        page.wait_for_timeout(50)
    drawn = [tuple(pair) for pair in page.evaluate("window.__bimSlider")]
    windows = list(dict.fromkeys(drawn + [dates for dates, _ in seen]))
    # Steps of a three-month window, one month at a time, in order, to the end, where it
    # stops. On a busy machine the browser may draw two steps at once (one is never seen),
    # and the two handles move one after the other (a mix of two windows may show).
    expected = [("2025-05-01", "2025-07-31"), ("2025-06-01", "2025-08-31"),
                ("2025-07-01", "2025-09-30"), ("2025-08-01", "2025-10-31"),
                ("2025-09-01", "2025-11-30"), ("2025-10-01", "2025-12-31"),
                ("2025-11-01", "2026-01-31")]
    played = [w for w in windows if w in expected]
    assert played == sorted(played) and len(played) >= 4, (drawn, seen)
    assert expected[-1] in windows, (drawn, seen)
    counts = frame.evaluate("window.__bimMarkers")
    # The markers changed with the steps (every count the map drew, not only the polled ones).
    assert len(set(counts) | {n for _, n in seen}) >= 3, (counts, seen)
    wait_idle(page)
    assert label(page) == "Play" and shown_dates(page) == expected[-1]  # it stopped there
    assert marker_count(page) == int(metric(page, "Incidents").split()[0]) - 1  # one off-map
    save_screenshot(page, "playback-end")


def test_space_plays_and_pauses_but_not_while_typing(shipped_app, open_page) -> None:
    page = open_page(shipped_app.url + "/?start=2022-05-07&end=2022-05-31").page
    wait_label(page, "Play", 60)
    wait_idle(page)
    page.locator(".st-key-type input").focus()  # the event type's search field
    page.keyboard.press("Space")  # typing in a text field: no playback
    page.wait_for_timeout(1500)
    page.keyboard.press("Escape")  # its open list hides the rest from the accessibility tree
    page.wait_for_timeout(300)
    assert label(page) == "Play" and shown_dates(page) == ("2022-05-07", "2022-05-31")
    page.locator(".st-key-play_window input").focus()  # another control: Space is its own
    page.keyboard.press("Space")
    page.wait_for_timeout(1000)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Reset filters").focus()  # a button: Space presses it
    page.keyboard.press("Space")
    wait_idle(page)
    assert label(page) == "Play", "Space on a focused button toggled playback too"
    page.goto(page.url.split("?")[0] + "?start=2022-05-07&end=2022-05-31")
    wait_label(page, "Play", 60)
    wait_idle(page)
    page.locator("h1").first.click()
    page.keyboard.press("Space")
    wait_label(page, "Pause")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSlider\"] input')"
        ".getAttribute('aria-valuetext') > '2022-06-01'", timeout=30_000)
    page.locator("h1").first.click()
    page.keyboard.press("Space")
    wait_label(page, "Play")
    wait_idle(page)
    paused = shown_dates(page)
    page.wait_for_timeout(2000)
    assert shown_dates(page) == paused and paused[0] > "2022-06-01"
    assert f"start={paused[0]}" in page.url


def test_brushing_the_timeline_sets_the_date_range(shipped_app, open_page) -> None:
    page = open_page(shipped_app.url).page
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.wait_for(timeout=60_000)
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    assert metric(page, "Incidents") == "13 of 13"
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.6
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.97, y, steps=10)
    page.mouse.up()
    wait_idle(page)
    # The brush's run may start after wait_idle looked (its selection is reported debounced).
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stMetric"]')]
        .some((m) => m.innerText.includes('Incidents') && !m.innerText.includes('13 of 13'))""",
        timeout=30_000)
    wait_idle(page)
    start, end = shown_dates(page)
    assert (start, end) != ("2022-05-07", "2026-01-31")
    # Whole months, from about the middle of the period to about its end.
    last = dt.date.fromisoformat(end)
    assert start.endswith("-01") and (last + dt.timedelta(days=1)).day == 1, (start, end)
    assert "2023-06-01" < start < end and end >= "2025-10-31", (start, end)
    assert f"start={start}" in page.url and f"end={end}" in page.url
    assert metric(page, "Incidents") != "13 of 13"
    save_screenshot(page, "timeline-brushed")
