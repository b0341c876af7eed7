"""ACLED exports (current layout, and the pre-2023 one with data_id/iso3/numeric inter codes).

Mapping, following ACLED's codebook:
- ``time_precision`` 1 = the day; 2 = a week, the given date mid-period (date ± 3 days);
  3 = a month, the given date mid-month (the whole calendar month).
- ``geo_precision`` 1 = the town itself (``exact``), 2 = near a town or part of a region
  (``near``), 3 = a larger region (``district``).
- ``fatalities`` is ACLED's conservative figure: one claim by "ACLED" about unknown people.
- A repeated ``event_id_cnty`` keeps the row with the newest ``timestamp``.
- Event types outside this dashboard's scope (protests, riots) are reported, not loaded.
"""

from __future__ import annotations

import datetime as dt

from geo.dates import in_window, period, window_message
from geo.i18n import N_, Message, lazy
from geo.importing import ImportResult, Mapped, Rows, finish, locate, read_export, slug
from geo.loading import LINE
from geo.problems import Problem

DATASET = "ACLED"
SOURCE_URL = "https://acleddata.com/"
REQUIRED = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
            "actor1", "actor2", "country", "admin1", "admin2", "location", "latitude",
            "longitude", "geo_precision", "source", "notes", "fatalities")
OPTIONAL = ("iso", "iso3", "timestamp")  # read when present; every other column is not kept
GEO_PRECISION = {"1": "exact", "2": "near", "3": "district"}
SUB_EVENT_TYPES = {"Air/drone strike": "drone_strike",
                   "Shelling/artillery/missile attack": "cross_border_fire"}
EVENT_TYPES = {"Battles": "armed_clash", "Explosions/Remote violence": "armed_attack",
               "Violence against civilians": "armed_attack",
               "Strategic developments": "militarization"}


def _date(raw: str) -> dt.date | None:
    raw = raw.strip()
    if len(raw) == 10 and raw[4] == "-" and raw.isascii():  # the usual form, parsed in C
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            return None
    for fmt in ("%d %B %Y", "%d-%B-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _interval(day: dt.date, precision: str) -> tuple[dt.date, dt.date, str] | None:
    if precision == "1":
        return day, day, "day"
    if precision == "2":
        return day - dt.timedelta(days=3), day + dt.timedelta(days=3), "week"
    if precision == "3":
        return (*period(day.year, day.month), "month")
    return None


def _newest_lines(rows: Rows, label: str, problems: list[Problem]) -> set[int]:
    """The line of each event's newest row (by ``timestamp``); the others are warned of."""
    best: dict[str, tuple[int, float]] = {}
    for line, row in rows:
        key, stamp = row["event_id_cnty"], _stamp(row)
        if key not in best:
            best[key] = (line, stamp)
            continue
        old_line, old_stamp = best[key]
        newer, older = (line, old_line) if stamp >= old_stamp else (old_line, line)
        problems.append(Problem(label, older, "event_id_cnty", lazy(
            N_("{key!r} appears again on line {newer} with a newer timestamp; the newer row "
               "is used"), key=key, newer=newer), "warning"))
        best[key] = (newer, max(stamp, old_stamp))
    return {line for line, _ in best.values()}


def _stamp(row: dict[str, str]) -> float:
    try:
        return float(row.get("timestamp") or 0)
    except ValueError:
        return 0.0


def import_acled(raw: bytes, label: str = "ACLED export") -> ImportResult:
    """Map an ACLED CSV export to the shipped tables; every unused row is reported."""
    # Two passes over the text, not every raw row held: which rows are newest, then those.
    what = Message(N_("an ACLED export"))
    first_pass, _ = read_export(raw, label, REQUIRED, what, OPTIONAL)
    newest = _newest_lines(first_pass, label, warnings := [])
    rows, problems = read_export(raw, label, REQUIRED, what, OPTIONAL)
    problems.extend(warnings)
    incidents, claims = Mapped(), Mapped()
    outside = 0
    for line, row in rows:
        if line not in newest:
            continue
        def skip(field: str, why: Message | str, line: int = line) -> None:
            problems.append(Problem(label, line, field, why))

        try:
            located = locate(row, row["country"], row.get("iso", ""), row.get("iso3", ""))
        except ValueError:
            skip("latitude", N_("latitude/longitude are not numbers"))
            continue
        if located is None:
            outside += 1
            continue
        country, lat, lon = located
        day = _date(row["event_date"])
        if day is None:
            skip("event_date", lazy(N_("not a date: {value!r}"), value=row["event_date"]))
            continue
        if not in_window(day):  # before the week's arithmetic, which overflows at year 1
            skip("event_date", lazy(N_("{why} (got {value!r})"), why=window_message(),
                                    value=row["event_date"]))
            continue
        interval = _interval(day, row["time_precision"])
        if interval is None:
            skip("time_precision", lazy(N_("must be 1, 2 or 3 (got {value!r})"),
                                        value=row["time_precision"]))
            continue
        event_type = SUB_EVENT_TYPES.get(row["sub_event_type"]) or EVENT_TYPES.get(
            row["event_type"])
        if event_type is None:
            skip("event_type", lazy(N_("{value!r} is not an armed incident type this "
                                       "dashboard maps"), value=row["event_type"]))
            continue
        precision = GEO_PRECISION.get(row["geo_precision"])
        if precision is None:
            skip("geo_precision", lazy(N_("must be 1, 2 or 3 (got {value!r})"),
                                       value=row["geo_precision"]))
            continue
        incident_id = f"acled-{slug(row['event_id_cnty'])}"
        start, end, date_precision = interval
        incidents.append({
            LINE: line, "incident_id": incident_id, "date_start": start.isoformat(),
            "date_end": end.isoformat(), "date_precision": date_precision,
            "event_type": event_type, "place": row["location"] or row["admin2"] or row["admin1"],
            "country": country, "location_precision": precision, "latitude": lat,
            "longitude": lon, "side_a": row["actor1"] or "Unidentified",
            "side_b": row["actor2"],
            "summary": row["notes"] or f"{row['event_type']}: {row['sub_event_type']}",
            "source_title": f"ACLED {row['event_id_cnty']}: {row['source']}".strip(": "),
            "source_url": SOURCE_URL, "notes": f"ACLED {row['event_type']} / "
            f"{row['sub_event_type']}; admin1 {row['admin1']}, admin2 {row['admin2']}",
            "dataset": DATASET, "source_admin1": row["admin1"], "source_admin2": row["admin2"],
        })
        if row["fatalities"].strip():
            claims.append({LINE: line, "incident_id": incident_id, "group": "unknown",
                           "killed": row["fatalities"].strip(), "claimed_by": "ACLED",
                           "notes": "ACLED's conservative fatality figure"})
    return finish(DATASET, label, incidents, claims, problems, outside)
