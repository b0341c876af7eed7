"""Time playback and brushing on the page (AppTest): the controls, each step's rerun (map,
headline, table and the chart's band follow), the end, the link's window and step."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import playback_ui, timeline_ui
from dashboard.chart import BRUSH
from geo.schema import LOCATION_PRECISIONS
from testkit.pages import (
    incident_table,
    layer_settings,
    map_incident_ids,
    metrics,
    run_with_query,
)

D = dt.date


def tick(at: AppTest) -> AppTest:
    """What the playing timer does: ask for a step, with a run of the whole page."""
    at.session_state[playback_ui._TICK] = True
    return at.run()


def dates(at: AppTest) -> tuple[dt.date, dt.date]:
    return at.slider(key="dates").value


def band(at: AppTest) -> tuple[dt.date, dt.date]:
    """The chart's shaded band: its first day and the day after its last."""
    import pyarrow as pa

    (chart,) = at.get("vega_lite_chart")
    (data,) = [d.data.data for d in chart.proto.datasets if d.name == "band"]
    row = pa.ipc.open_stream(data).read_all().to_pandas().iloc[0]
    return row["start"].date(), row["end"].date()


def test_play_steps_the_window_and_everything_follows_to_the_end() -> None:
    at = run_with_query(start="2025-07-01", end="2025-07-31")
    assert metrics(at)["Incidents"] == "0 of 13"
    at.button(key=playback_ui.BUTTON_KEY).click().run()
    assert at.session_state[playback_ui.PLAYING_KEY]
    assert at.button(key=playback_ui.BUTTON_KEY).label == "Pause"
    assert dates(at) == (D(2025, 8, 1), D(2025, 8, 31))
    assert incident_table(at)["ID"].tolist() == ["2025-08-24-dovang"]
    assert map_incident_ids(at) == ["2025-08-24-dovang"]
    assert band(at) == (D(2025, 8, 1), D(2025, 9, 1))
    assert at.query_params["start"] == "2025-08-01" and at.query_params["end"] == "2025-08-31"
    seen = []
    while at.session_state[playback_ui.PLAYING_KEY]:
        tick(at)
        assert not at.exception
        table = incident_table(at)
        seen.append((dates(at), metrics(at)["Incidents"], sorted(table["ID"])))
        # The map: every incident listed, but those known only to be "along the border".
        mapped = table[table["Precision"] != LOCATION_PRECISIONS["border"]]  # the table's label
        assert map_incident_ids(at) == sorted(mapped["ID"])
    assert [s[0] for s in seen] == [
        (D(2025, 9, 1), D(2025, 9, 30)), (D(2025, 10, 1), D(2025, 10, 31)),
        (D(2025, 11, 1), D(2025, 11, 30)), (D(2025, 12, 1), D(2025, 12, 31)),
        (D(2026, 1, 1), D(2026, 1, 31)), (D(2026, 1, 1), D(2026, 1, 31))]  # the end: it stops
    assert [s[1] for s in seen[:4]] == ["0 of 13", "1 of 13", "2 of 13", "2 of 13"]
    assert band(at) == (D(2026, 1, 1), D(2026, 2, 1))
    assert at.button(key=playback_ui.BUTTON_KEY).label == "Play"
    tick(at)  # a late timer run after the end changes nothing
    assert dates(at) == (D(2026, 1, 1), D(2026, 1, 31))


def test_pause_stops_and_play_at_the_end_starts_from_the_beginning() -> None:
    at = run_with_query()  # all dates: the range already reaches the end
    at.button(key=playback_ui.BUTTON_KEY).click().run()
    assert dates(at) == (D(2022, 5, 7), D(2022, 5, 31))
    assert metrics(at)["Incidents"] == "2 of 13"
    at.button(key=playback_ui.BUTTON_KEY).click().run()  # pause
    assert not at.session_state[playback_ui.PLAYING_KEY]
    tick(at)
    assert dates(at) == (D(2022, 5, 7), D(2022, 5, 31))


def test_moving_the_slider_by_hand_stops_playing() -> None:
    at = run_with_query(start="2023-01-01", end="2023-01-31")
    at.button(key=playback_ui.BUTTON_KEY).click().run()
    at.slider(key="dates").set_value((D(2024, 1, 1), D(2024, 12, 31))).run()
    assert not at.session_state[playback_ui.PLAYING_KEY]
    tick(at)
    assert dates(at) == (D(2024, 1, 1), D(2024, 12, 31))


def test_the_links_window_and_step_set_the_controls_and_the_steps() -> None:
    at = run_with_query(start="2023-01-01", end="2023-03-31", window="1y", step="3m")
    assert at.selectbox(key=playback_ui.WINDOW_KEY).value == "1y"
    assert at.selectbox(key=playback_ui.STEP_KEY).value == "3m"
    at.button(key=playback_ui.BUTTON_KEY).click().run()
    assert dates(at) == (D(2022, 7, 1), D(2023, 6, 30))
    tick(at)
    assert dates(at) == (D(2022, 10, 1), D(2023, 9, 30))
    assert at.query_params["window"] == "1y" and at.query_params["step"] == "3m"


def test_choosing_a_window_writes_it_into_the_link() -> None:
    at = run_with_query()
    assert "window" not in at.query_params and "step" not in at.query_params
    at.selectbox(key=playback_ui.WINDOW_KEY).set_value("all").run()
    assert at.query_params["window"] == "all"
    at.button(key=playback_ui.BUTTON_KEY).click().run()
    tick(at)
    assert dates(at) == (D(2022, 5, 7), D(2022, 6, 30))  # cumulative: from the start


def test_a_bad_window_or_step_in_the_link_gets_a_notice() -> None:
    at = run_with_query(window="fortnight", step="0")
    (warning,) = at.warning
    text = warning.value.replace("\\", "")
    assert "window='fortnight'" in text and "step='0'" in text
    assert at.selectbox(key=playback_ui.WINDOW_KEY).value == "1m"


@pytest.mark.parametrize(("selection", "expect"), [
    ({BRUSH: {"yearmonth_month": [1677628800000, 1690934400000]}},
     (D(2023, 3, 1), D(2023, 8, 31))),
    ({BRUSH: {}}, None),  # a brush cleared: the range stays
])
def test_brushing_sets_the_date_range(monkeypatch, selection, expect) -> None:
    state = {timeline_ui.CHART_KEY: {"selection": selection},
             "dates": (D(2022, 5, 7), D(2026, 1, 31)), "preset": "All dates"}
    monkeypatch.setattr(timeline_ui.st, "session_state", state)
    timeline_ui.on_brush((D(2022, 5, 7), D(2026, 1, 31)))
    if expect is None:
        assert state["dates"] == (D(2022, 5, 7), D(2026, 1, 31)) and state["preset"] == "All dates"
    else:
        assert state["dates"] == expect and state["preset"] is None


def test_a_brushed_year_is_its_preset() -> None:
    state = {timeline_ui.CHART_KEY: {"selection": {BRUSH: {"month": [
        "2024-01-20", "2024-12-02"]}}}}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timeline_ui.st, "session_state", state)
        timeline_ui.on_brush((D(2022, 5, 7), D(2026, 1, 31)))
    assert state["dates"] == (D(2024, 1, 1), D(2024, 12, 31)) and state["preset"] == "2024"


def test_a_request_with_an_earlier_step_keeps_playing_from_the_last() -> None:
    # The browser may ask for a run before the last step reached it: its slider still holds
    # the window before. That is not the user choosing dates.
    at = run_with_query(start="2023-01-01", end="2023-01-31")
    at.button(key=playback_ui.BUTTON_KEY).click().run()
    tick(at)
    assert dates(at) == (D(2023, 3, 1), D(2023, 3, 31))
    at.slider(key="dates").set_value((D(2023, 2, 1), D(2023, 2, 28)))
    tick(at)
    assert at.session_state[playback_ui.PLAYING_KEY]
    assert dates(at) == (D(2023, 4, 1), D(2023, 4, 30))


def test_a_request_with_the_window_before_play_or_a_mix_of_two_keeps_playing() -> None:
    # A slow browser's first timer run may carry the slider as it was before Play was
    # clicked, or with one handle moved and not yet the other.
    at = run_with_query(start="2023-01-01", end="2023-01-31")
    at.button(key=playback_ui.BUTTON_KEY).click().run()
    assert dates(at) == (D(2023, 2, 1), D(2023, 2, 28))
    at.slider(key="dates").set_value((D(2023, 1, 1), D(2023, 1, 31)))
    tick(at)
    assert at.session_state[playback_ui.PLAYING_KEY]
    assert dates(at) == (D(2023, 3, 1), D(2023, 3, 31))
    at.slider(key="dates").set_value((D(2023, 2, 1), D(2023, 3, 31)))  # a mix of two
    tick(at)
    assert at.session_state[playback_ui.PLAYING_KEY]
    assert dates(at) == (D(2023, 4, 1), D(2023, 4, 30))


def test_the_map_stays_where_it_is_while_playing() -> None:
    # A date change fits the map to what is shown; a playback step must not (the map would
    # jump at every step), nor the first filter change after it.
    at = run_with_query(start="2025-01-01", end="2025-12-31", window="3m")
    at.toggle(key="casualties").set_value(True).run()
    fitted = layer_settings(at)["fit"]
    assert fitted is not None
    at.button(key=playback_ui.BUTTON_KEY).click().run()
    for _ in range(3):
        tick(at)
        assert layer_settings(at)["fit"] == fitted
    at.button(key=playback_ui.BUTTON_KEY).click().run()  # pause
    assert layer_settings(at)["fit"] == fitted
