"""Dates as precisely as they are known: '15 May 2022', 'January 2026', '17–18 Nov 2024'."""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd

from geo.i18n import DEFAULT, N_, Message, _, current, date_text, lazy
from geo.schema import DATE_WINDOW


def _day(d: pd.Timestamp) -> str:
    """'15 May 2022' / '15 мая 2022'."""
    return f"{d.day} {d:%B %Y}" if current() == DEFAULT else date_text(d, "d MMMM y")


def month_text(d: pd.Timestamp, *, alone: bool = True, heading: bool = True) -> str:
    """'May 2022' on its own ('май 2022'), or after a day ('17–18 мая 2022': genitive)."""
    if current() == DEFAULT:
        return f"{d:%B %Y}"
    if not alone:
        return date_text(d, "MMMM y")
    text = date_text(d, "LLLL y")  # Russian months are lower case: a heading starts upper
    return text[:1].upper() + text[1:] if heading else text


def describe_date(start: pd.Timestamp, end: pd.Timestamp, precision: str) -> str:
    """A reader's form of an incident's date interval that claims no more than is known,
    in the language in use."""
    if precision == "year":
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if precision == "month":
        first, last = month_text(start), month_text(end)
        return first if first == last else f"{first} – {last}"
    if precision == "week":
        return _("week of {date}").format(date=_day(start))
    if start == end:
        return _day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {month_text(start, alone=False)}"
    return f"{_day(start)} – {_day(end)}"


def describe_dates(frame: pd.DataFrame) -> pd.Series:
    """:func:`describe_date` of every row (``date_start``, ``date_end``, ``date_precision``).

    Large tables repeat a few thousand intervals: each is described once. A plain dict keyed
    on the dates' integer values, not a pandas de-duplication (which costs milliseconds even
    on a page's ten rows) nor on Timestamps (slow to hash at 100,000 rows).
    """
    start, end = frame["date_start"], frame["date_end"]
    precision = frame["date_precision"].astype(str).tolist()
    described: dict[tuple[int, int, str], str] = {}
    text = []
    for i, key in enumerate(zip(start.to_numpy().view("i8").tolist(),
                                end.to_numpy().view("i8").tolist(), precision, strict=True)):
        if key not in described:
            described[key] = describe_date(start.iat[i], end.iat[i], key[2])
        text.append(described[key])
    return pd.Series(text, index=frame.index, dtype=object)


def in_window(day: dt.date) -> bool:
    """Whether a day lies in :data:`geo.schema.DATE_WINDOW`."""
    first, last = DATE_WINDOW
    return first <= day <= last


def window_message() -> Message:
    """What a date outside :data:`geo.schema.DATE_WINDOW` is told."""
    first, last = DATE_WINDOW
    return lazy(N_("must be a date from {first} to {last}"), first=f"{first:%Y-%m-%d}",
                last=f"{last:%Y-%m-%d}")


def period(year: int, month: int | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day of a year, or of one month of it (raises ValueError for a
    month or year that does not exist)."""
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def slider_bounds(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date] | None:
    """The date slider's (min, max) for data spanning ``first``…``last``, or ``None`` when it
    spans a single day: a slider needs min < max, so such a page shows its fixed date."""
    return (first, last) if first < last else None
