"""Add an incident to the shipped CSV files: geocoded, validated whole, written atomically.

The new rows are appended to copies of the files in a temporary folder and the whole dataset
is validated there first; only a clean dataset is written back, each file through a
temporary file and a rename, so an interrupted or invalid save never leaves a half-written
file. Files are replaced in the order places → incidents → casualties, so even a crash
between two renames leaves a valid dataset.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.gazetteer import Gazetteer
from geo.geocoder import GazetteerGeocoder
from geo.loading import load_dataset
from geo.problems import Problem, errors
from geo.schema import CASUALTIES, INCIDENTS, PLACES


class AddError(ValueError):
    """The incident cannot be added; the message (and ``problems``) say why."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class NewIncident:
    """What a person enters for a new incident."""

    incident_id: str
    date: str  # YYYY-MM-DD, or YYYY-MM for month precision, or YYYY for year precision
    event_type: str
    place: str
    country: str
    location_precision: str
    side_a: str
    summary: str
    source_title: str
    source_url: str
    side_b: str = ""
    date_end: str = ""
    more_sources: str = ""
    notes: str = ""
    claims: list[dict[str, str]] = field(default_factory=list)


def date_interval(date: str, date_end: str = "") -> tuple[str, str, str]:
    """(start, end, precision) from '2026-01-18', '2026-01' (a month) or '2026' (a year)."""
    parts = date.split("-")
    try:
        if len(parts) == 1:
            year = int(parts[0])
            return f"{year:04d}-01-01", f"{year:04d}-12-31", "year"
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}", "month"
        start = dt.date.fromisoformat(date).isoformat()
    except ValueError as exc:
        raise AddError(f"date {date!r}: use YYYY-MM-DD, YYYY-MM or YYYY") from exc
    return start, (date_end or start), "day"


def incident_row(new: NewIncident) -> dict[str, str]:
    """The incidents.csv row of a new incident."""
    start, end, precision = date_interval(new.date, new.date_end)
    return {"incident_id": new.incident_id, "date_start": start, "date_end": end,
            "date_precision": precision, "event_type": new.event_type, "place": new.place,
            "country": new.country.upper(), "location_precision": new.location_precision,
            "latitude": "", "longitude": "", "side_a": new.side_a, "side_b": new.side_b,
            "summary": new.summary, "source_title": new.source_title,
            "source_url": new.source_url, "more_sources": new.more_sources,
            "notes": new.notes, "dataset": ""}


def _append(path: Path, rows: list[dict[str, Any]]) -> None:
    """Append rows in the file's own column order (new columns must already exist)."""
    text = path.read_text("utf-8")
    header = next(csv.reader(io.StringIO(text)))
    unknown = {k for r in rows for k, v in r.items() if v not in ("", None) and k not in header}
    if unknown:
        raise AddError(f"{path.name} has no column for {sorted(unknown)}")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writerows([{c: "" if r.get(c) is None else r.get(c) for c in header} for r in rows])
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + out.getvalue(), "utf-8")


def replace_atomically(target: Path, content: bytes) -> None:
    """Write ``content`` to ``target`` through a temporary file and a rename."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_incident(data_dir: Path, new: NewIncident,
                 new_place: dict[str, str] | None = None) -> dict[str, Any]:
    """Geocode, validate and save a new incident (and, optionally, a new gazetteer place).

    Returns the saved incident row with the place it was geocoded to. Raises
    :class:`AddError` (nothing written) when the place is unknown or anything is invalid.
    """
    row = incident_row(new)
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch)
        for spec in (INCIDENTS, CASUALTIES, PLACES):
            shutil.copy(data_dir / spec.filename, trial / spec.filename)
        if new_place:
            _append(trial / PLACES.filename, [new_place])
        gazetteer, _ = Gazetteer.from_csv(trial / PLACES.filename)
        found = None
        if row["location_precision"] != "border":
            found = GazetteerGeocoder(gazetteer).geocode(row["place"],
                                                         country_codes=row["country"])
            if found is None:
                raise AddError(f"{row['place']!r} ({row['country']}) is not in the gazetteer: "
                               "add it to places.csv (or look it up with --online)")
        _append(trial / INCIDENTS.filename, [row])
        claims = [{"incident_id": new.incident_id, **c} for c in new.claims]
        if claims:
            _append(trial / CASUALTIES.filename, claims)
        checked = load_dataset(trial)
        bad = errors(checked.problems)
        if bad:
            raise AddError("the new incident does not validate; nothing was written:\n" +
                           "\n".join(str(p) for p in bad), bad)
        for spec in (PLACES, INCIDENTS, CASUALTIES):
            new_bytes = (trial / spec.filename).read_bytes()
            if new_bytes != (data_dir / spec.filename).read_bytes():
                replace_atomically(data_dir / spec.filename, new_bytes)
    return {**row, "geocoded_to": None if found is None else found.address}
