"""Time playback's stepping: windows, steps, bounds and the end."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.playback import STEPS, WINDOWS, first_window, next_window, play_from

D = dt.date
BOUNDS = (D(2022, 5, 7), D(2026, 1, 20))


def test_first_window_starts_at_the_data() -> None:
    assert first_window("1m", "1m", BOUNDS) == (D(2022, 5, 7), D(2022, 5, 31))
    assert first_window("3m", "1m", BOUNDS) == (D(2022, 5, 7), D(2022, 7, 31))
    assert first_window("1y", "3m", BOUNDS) == (D(2022, 5, 7), D(2023, 4, 30))
    assert first_window("all", "3m", BOUNDS) == (D(2022, 5, 7), D(2022, 7, 31))


@pytest.mark.parametrize(("window", "step", "current", "expect"), [
    ("1m", "1m", (D(2022, 5, 7), D(2022, 5, 31)), (D(2022, 6, 1), D(2022, 6, 30))),
    ("1m", "1m", (D(2023, 12, 1), D(2023, 12, 31)), (D(2024, 1, 1), D(2024, 1, 31))),
    ("1m", "1m", (D(2024, 1, 1), D(2024, 1, 31)), (D(2024, 2, 1), D(2024, 2, 29))),
    ("3m", "1m", (D(2023, 1, 1), D(2023, 3, 31)), (D(2023, 2, 1), D(2023, 4, 30))),
    ("1y", "3m", (D(2023, 1, 1), D(2023, 12, 31)), (D(2023, 4, 1), D(2024, 3, 31))),
    ("all", "1y", (D(2022, 5, 7), D(2022, 7, 31)), (D(2022, 5, 7), D(2023, 7, 31))),
    # A user's range mid-month: the step goes to the end of a whole month.
    ("1m", "1m", (D(2023, 3, 10), D(2023, 3, 20)), (D(2023, 4, 1), D(2023, 4, 30))),
])
def test_next_window_steps(window: str, step: str, current: tuple[dt.date, dt.date],
                           expect: tuple[dt.date, dt.date]) -> None:
    assert next_window(current, window, step, BOUNDS) == expect


def test_the_last_step_is_clamped_and_then_it_stops() -> None:
    last = next_window((D(2025, 12, 1), D(2025, 12, 31)), "1m", "1m", BOUNDS)
    assert last == (D(2026, 1, 1), D(2026, 1, 20))
    assert next_window(last, "1m", "1m", BOUNDS) is None
    assert next_window((D(2025, 1, 1), D(2025, 12, 31)), "1y", "1y", BOUNDS) == (
        D(2025, 2, 1), D(2026, 1, 20))


@pytest.mark.parametrize("window", list(WINDOWS))
@pytest.mark.parametrize("step", list(STEPS))
def test_playing_through_covers_the_period_and_ends(window: str, step: str) -> None:
    current, seen = first_window(window, step, BOUNDS), []
    while current is not None:
        seen.append(current)
        assert BOUNDS[0] <= current[0] <= current[1] <= BOUNDS[1]
        current = next_window(current, window, step, BOUNDS)
    ends = [w[1] for w in seen]
    assert ends == sorted(set(ends)) and ends[-1] == BOUNDS[1]
    if window == "all":
        assert {w[0] for w in seen} == {BOUNDS[0]}
    assert len(seen) <= 46 // STEPS[step] + 2


def test_play_from_restarts_at_the_end_and_continues_otherwise() -> None:
    assert play_from(BOUNDS, "1m", "1m", BOUNDS) == (D(2022, 5, 7), D(2022, 5, 31))
    assert play_from((D(2024, 1, 1), D(2024, 12, 31)), "1m", "1m", BOUNDS) == (
        D(2025, 1, 1), D(2025, 1, 31))


def test_a_one_day_period() -> None:
    day = (D(2024, 3, 5), D(2024, 3, 5))
    assert first_window("1y", "1m", day) == day
    assert next_window(day, "1y", "1m", day) is None
