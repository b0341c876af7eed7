"""Add an incident to the shipped CSV files: geocoded, validated whole, written atomically.

The new rows are appended to copies of the files in a temporary folder and the whole dataset
is validated there first; only a clean dataset is written back, all changed files as one
step (:func:`geo.files.replace_together`: a crash among the renames is finished by the next
add), with their modes kept. One add at a time holds the folder's lock, and reads the files
only once it holds it, so concurrent adds all land (or fail saying the folder is busy).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.dates import in_window, period, window_message
from geo.files import FolderBusy, folder_lock, recover, replace_together
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
        if len(parts) <= 2:
            first, last = period(*(int(p) for p in parts))
        else:
            first = last = dt.date.fromisoformat(date)
        if date_end:
            last = dt.date.fromisoformat(date_end)
    except (ValueError, TypeError) as exc:
        raise AddError(f"date {date!r}: use YYYY-MM-DD, YYYY-MM or YYYY") from exc
    if not (in_window(first) and in_window(last)):
        raise AddError(f"date {date!r}: {window_message()}")
    precision = {1: "year", 2: "month"}.get(len(parts), "day")
    return first.isoformat(), last.isoformat(), precision


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


def add_incident(data_dir: Path, new: NewIncident,
                 new_place: dict[str, str] | None = None, wait: float = 30.0) -> dict[str, Any]:
    """Geocode, validate and save a new incident (and, optionally, a new gazetteer place).

    Returns the saved incident row with the place it was geocoded to. Raises
    :class:`AddError` (nothing written) when the place is unknown, anything is invalid or
    another add holds the folder for longer than ``wait`` seconds.
    """
    row = incident_row(new)
    try:
        with folder_lock(data_dir, wait):
            recover(data_dir)  # a previous add that crashed among its renames
            return _add_locked(data_dir, new, row, new_place)
    except FolderBusy as exc:
        raise AddError(str(exc)) from exc


def _add_locked(data_dir: Path, new: NewIncident, row: dict[str, str],
                new_place: dict[str, str] | None) -> dict[str, Any]:
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
        changed = {spec.filename: (trial / spec.filename).read_bytes()
                   for spec in (PLACES, INCIDENTS, CASUALTIES)}
        replace_together(data_dir, {name: content for name, content in changed.items()
                                    if content != (data_dir / name).read_bytes()})
    return {**row, "geocoded_to": None if found is None else found.address}
