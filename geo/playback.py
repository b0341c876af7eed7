"""Time playback: the date window stepped through the period the data covers.

A window is a date range ``(start, end)``. Playing moves its end by one step (whole calendar
months) at a time; its start follows at the window's length before the end, or stays at the
data's first day for a cumulative window. Windows never reach outside the data's bounds, and
playing stops once the window's end is the data's last day.
"""

from __future__ import annotations

import datetime as dt

#: Window lengths in months (``None``: cumulative, from the data's first day), by link value;
#: the first is the default.
WINDOWS: dict[str, int | None] = {"1m": 1, "3m": 3, "1y": 12, "all": None}
#: Step lengths in months, by link value; the first is the default.
STEPS: dict[str, int] = {"1m": 1, "3m": 3, "1y": 12}
#: What the controls call them.
LABELS = {"1m": "1 month", "3m": "3 months", "1y": "1 year", "all": "Cumulative"}

Range = tuple[dt.date, dt.date]


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _window_ending(end: dt.date, window: str, bounds: Range) -> Range:
    """The window of kind ``window`` whose last day is ``end`` (clamped to ``bounds``)."""
    first, last = bounds
    end = min(end, last)
    months = WINDOWS[window]
    start = first if months is None else _add_months(end, 1 - months)
    return max(start, first), end


def first_window(window: str, step: str, bounds: Range) -> Range:
    """Where playing starts: the first whole window from the data's first month (a
    cumulative window starts one step long)."""
    months = WINDOWS[window] or STEPS[step]
    end = _add_months(bounds[0], months) - dt.timedelta(days=1)
    return _window_ending(end, window, bounds)


def next_window(current: Range, window: str, step: str, bounds: Range) -> Range | None:
    """The window one step after ``current``: its end moved to the last day of the month
    ``step`` after the current end's month; ``None`` once ``current`` ends at the data's end."""
    if current[1] >= bounds[1]:
        return None
    end = _add_months(current[1], STEPS[step] + 1) - dt.timedelta(days=1)
    return _window_ending(end, window, bounds)


def play_from(current: Range, window: str, step: str, bounds: Range) -> Range:
    """The first window shown when play is pressed: the next step from ``current``, or the
    first window when ``current`` already reaches the end (e.g. all dates)."""
    return next_window(current, window, step, bounds) or first_window(window, step, bounds)
