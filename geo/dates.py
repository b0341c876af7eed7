"""Dates as precisely as they are known: '15 May 2022', 'January 2026', '17–18 Nov 2024'."""

from __future__ import annotations

import pandas as pd


def describe_date(start: pd.Timestamp, end: pd.Timestamp, precision: str) -> str:
    """A reader's form of an incident's date interval that claims no more than is known."""
    if precision == "year":
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if precision == "month":
        first, last = start.strftime("%B %Y"), end.strftime("%B %Y")
        return first if first == last else f"{first} – {last}"
    if precision == "week":
        return f"week of {start.day} {start:%B %Y}"
    if start == end:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {start:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


def describe_dates(frame: pd.DataFrame) -> pd.Series:
    """:func:`describe_date` of every row (``date_start``, ``date_end``, ``date_precision``).

    Large tables repeat a few thousand intervals: each is described once.
    """
    keys = frame[["date_start", "date_end", "date_precision"]].astype(
        {"date_precision": str})
    unique = keys.drop_duplicates()
    text = pd.Series([describe_date(s, e, p) for s, e, p in unique.itertuples(index=False)],
                     index=pd.MultiIndex.from_frame(unique), dtype=object)
    return pd.Series(text.reindex(pd.MultiIndex.from_frame(keys)).to_numpy(), index=frame.index,
                     dtype=object)
