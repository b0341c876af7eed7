"""How current the data is: the newest event it holds and the day it was last reviewed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from geo.dates import month_text
from geo.i18n import _, date_text

CHANGES_FILE = "CHANGES.md"
_HEADING = re.compile(r"^## (\d{4}-\d{2}-\d{2})\s*$", re.MULTILINE)


def last_reviewed(data_dir: Path) -> dt.date | None:
    """The date of the newest entry of the folder's ``CHANGES.md`` (its first ``## date``
    heading), or ``None`` where there is none."""
    path = Path(data_dir) / CHANGES_FILE
    try:
        match = _HEADING.search(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    try:
        return dt.date.fromisoformat(match.group(1)) if match else None
    except ValueError:
        return None


def data_through(incidents: pd.DataFrame) -> dt.date | None:
    """The last day an incident of the table may have happened on."""
    if incidents.empty or incidents["date_end"].isna().all():
        return None
    return incidents["date_end"].max().date()


def freshness_line(incidents: pd.DataFrame, reviewed: dt.date | None) -> str:
    """'Data through 17 April 2026, last reviewed 1 December 2026' (each part where known)."""
    through = data_through(incidents)
    parts = [_("Data through {date}").format(date=date_text(through, "d MMMM y"))
             if through else _("No dated incidents")]
    if reviewed:
        parts.append(_("last reviewed {date}").format(date=date_text(reviewed, "d MMMM y")))
    return ", ".join(parts)


def period_text(incidents: pd.DataFrame) -> str:
    """The span of the incidents' dates: 'May 2022 – April 2026' ('no dated incidents')."""
    starts = incidents["date_start"].dropna()
    if starts.empty:
        return _("no dated incidents")
    first, last = starts.min(), incidents["date_end"].dropna().max()
    # Within a sentence: Russian months in lower case ("май 2022 – январь 2026").
    first_text, last_text = month_text(first, heading=False), month_text(last, heading=False)
    return first_text if (first.year, first.month) == (last.year, last.month) else \
        f"{first_text} – {last_text}"
