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
