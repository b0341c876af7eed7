"""Selecting incidents: plain, vectorised pandas, shared by the page, exports and tests."""

from __future__ import annotations

import datetime as dt

import pandas as pd


def overlaps(frame: pd.DataFrame, start: dt.date | pd.Timestamp,
             end: dt.date | pd.Timestamp) -> pd.Series:
    """A mask of incidents whose date interval overlaps [start, end], both days included.

    An incident known only to the month (1–31 January) is in any range touching January.
    """
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    if hi < lo:
        lo, hi = hi, lo
    return (frame["date_start"] <= hi) & (frame["date_end"] >= lo)


def in_date_range(frame: pd.DataFrame, start: dt.date | pd.Timestamp,
                  end: dt.date | pd.Timestamp) -> pd.DataFrame:
    """The incidents whose date interval overlaps [start, end]."""
    return frame[overlaps(frame, start, end)]


def date_bounds(frame: pd.DataFrame) -> tuple[dt.date, dt.date]:
    """The first and last day any incident may have happened on."""
    return frame["date_start"].min().date(), frame["date_end"].max().date()
