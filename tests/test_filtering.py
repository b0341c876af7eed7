"""Date-overlap filtering and how dates are described."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from geo.dates import describe_date
from geo.filtering import date_bounds, in_date_range, overlaps

T = pd.Timestamp


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "incident_id": ["day", "month", "span"],
        "date_start": [T("2025-11-30"), T("2026-01-01"), T("2024-11-17")],
        "date_end": [T("2025-11-30"), T("2026-01-31"), T("2024-11-18")],
    })


@pytest.mark.parametrize(("start", "end", "expected"), [
    (dt.date(2025, 11, 30), dt.date(2025, 11, 30), ["day"]),        # both ends inclusive
    (dt.date(2025, 12, 1), dt.date(2025, 12, 31), []),
    (dt.date(2026, 1, 31), dt.date(2026, 2, 28), ["month"]),        # touches the month's end
    (dt.date(2025, 12, 15), dt.date(2026, 1, 1), ["month"]),        # touches its start
    (dt.date(2024, 11, 18), dt.date(2025, 11, 29), ["span"]),       # last day of a span
    (dt.date(2026, 12, 31), dt.date(2020, 1, 1), ["day", "month", "span"]),  # reversed
])
def test_overlap(frame: pd.DataFrame, start, end, expected: list[str]) -> None:
    assert list(in_date_range(frame, start, end)["incident_id"]) == expected
    assert overlaps(frame, T(start), T(end)).sum() == len(expected)


def test_bounds(frame: pd.DataFrame) -> None:
    assert date_bounds(frame) == (dt.date(2024, 11, 17), dt.date(2026, 1, 31))


@pytest.mark.parametrize(("start", "end", "precision", "text"), [
    ("2026-01-01", "2026-01-31", "month", "January 2026"),
    ("2022-05-15", "2022-05-15", "day", "15 May 2022"),
    ("2024-11-17", "2024-11-18", "day", "17–18 November 2024"),
    ("2025-12-31", "2026-01-01", "day", "31 December 2025 – 1 January 2026"),
    ("2023-01-01", "2023-12-31", "year", "2023"),
    ("2025-03-03", "2025-03-09", "week", "week of 3 March 2025"),
])
def test_describe_date(start: str, end: str, precision: str, text: str) -> None:
    assert describe_date(T(start), T(end), precision) == text
