"""ACLED exports (current layout, and the pre-2023 one with data_id/iso3/numeric inter codes).

Mapping, following ACLED's codebook:
- ``time_precision`` 1 = the day; 2 = a week, the given date mid-period (date ± 3 days);
  3 = a month, the given date mid-month (the whole calendar month).
- ``geo_precision`` 1 = the town itself (``exact``), 2 = near a town or part of a region
  (``near``), 3 = a larger region (``district``).
- ``fatalities`` is ACLED's conservative figure: one claim by "ACLED" about unknown people.
- A repeated ``event_id_cnty`` keeps the row with the newest ``timestamp`` (of equal ones,
  the last).
- Event types outside this dashboard's scope (protests, riots) are reported, not loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pandas as pd

from geo.dates import in_window, period, window_message
from geo.distinct import each_distinct
from geo.i18n import N_, Message, lazy
from geo.importing import ImportResult, country_code, finish, in_region, read_table, slugs
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


def _interval(day: dt.date, precision: str) -> tuple[str, str, str] | None:
    """The (first, last) day, ISO, and the precision of a date of a ``time_precision``."""
    if precision == "1":
        return day.isoformat(), day.isoformat(), "day"
    if precision == "2":
        return ((day - dt.timedelta(days=3)).isoformat(),
                (day + dt.timedelta(days=3)).isoformat(), "week")
    if precision == "3":
        first, last = period(day.year, day.month)
        return first.isoformat(), last.isoformat(), "month"
    return None


def _newest(rows: pd.DataFrame, label: str) -> tuple[pd.Series, list[Problem]]:
    """Which rows are each event's newest (by ``timestamp``; of equal ones, the last), and a
    warning for each other row of an event, naming the row used."""
    stamp = pd.to_numeric(rows["timestamp"], errors="coerce").fillna(0.0)
    order = pd.DataFrame({"key": rows["event_id_cnty"], "stamp": stamp, LINE: rows[LINE]})
    order = order.sort_values(["stamp", LINE], kind="stable")
    newest = ~order.duplicated("key", keep="last")
    used = order.loc[newest].set_index("key")[LINE]
    older = order.loc[~newest].sort_values(LINE)
    warnings = [Problem(label, line, "event_id_cnty", lazy(
        N_("{key!r} appears again on line {newer} with a newer timestamp; the newer row "
           "is used"), key=key, newer=int(used[key])), "warning")
        for key, line in zip(older["key"], older[LINE], strict=True)]
    return newest.reindex(rows.index), warnings


def _or(*columns: pd.Series) -> pd.Series:
    """The first non-empty of the columns, row by row ("" if none is)."""
    first = columns[0].mask(columns[0] == "")
    for other in columns[1:]:
        first = first.fillna(other.mask(other == ""))
    return first.fillna("")


def import_acled(raw: bytes, label: str = "ACLED export") -> ImportResult:
    """Map an ACLED CSV export to the shipped tables; every unused row is reported.

    The rows are mapped a column at a time (a row at a time took most of a 45 MB upload's
    parse); each unusable row gets the problem of the first check it fails, in the order
    of the checks below."""
    rows, problems = read_table(raw, label, REQUIRED, Message(N_("an ACLED export")),
                                OPTIONAL)
    newest, warnings = _newest(rows, label)
    rows = rows.loc[newest]
    failed: list[Problem] = []

    def reject(bad: pd.Series, field: str, why: Callable[[dict[str, str]], Message | str]) -> None:
        """Report the rows still in ``rows`` for which ``bad`` holds, and leave them out."""
        nonlocal rows
        bad = bad.reindex(rows.index, fill_value=False).astype(bool)
        failed.extend(Problem(label, int(line), field, why(row))
                      for line, row in zip(rows.loc[bad, LINE], _each(rows.loc[bad]),
                                           strict=True))
        rows = rows.loc[~bad]

    lat = pd.to_numeric(rows["latitude"], errors="coerce")
    lon = pd.to_numeric(rows["longitude"], errors="coerce")
    reject(lat.isna() | lon.isna(), "latitude",
         lambda _: Message(N_("latitude/longitude are not numbers")))
    lat, lon = lat.loc[rows.index], lon.loc[rows.index]
    country = _or(*(each_distinct(lambda v: country_code(v) or "", rows[c])
                    for c in ("country", "iso", "iso3")))
    inside = (country != "") & in_region(lat, lon)
    outside = int((~inside).sum())
    rows, country, lat, lon = (x.loc[inside] for x in (rows, country, lat, lon))

    day = each_distinct(_date, rows["event_date"])
    reject(day.isna(), "event_date", lambda row: lazy(N_("not a date: {value!r}"),
                                                     value=row["event_date"]))
    day = day.loc[rows.index]
    # Before the week's arithmetic, which overflows at year 1.
    reject(~each_distinct(in_window, day).astype(bool), "event_date", lambda row: lazy(
        N_("{why} (got {value!r})"), why=window_message(), value=row["event_date"]))
    interval = each_distinct(_interval, day.loc[rows.index], rows["time_precision"])
    reject(interval.isna(), "time_precision", lambda row: lazy(
        N_("must be 1, 2 or 3 (got {value!r})"), value=row["time_precision"]))
    event_type = rows["sub_event_type"].map(SUB_EVENT_TYPES).fillna(
        rows["event_type"].map(EVENT_TYPES))
    reject(event_type.isna(), "event_type", lambda row: lazy(
        N_("{value!r} is not an armed incident type this dashboard maps"),
        value=row["event_type"]))
    precision = rows["geo_precision"].map(GEO_PRECISION)
    reject(precision.isna(), "geo_precision", lambda row: lazy(
        N_("must be 1, 2 or 3 (got {value!r})"), value=row["geo_precision"]))

    index = rows.index
    dates = pd.DataFrame(interval.loc[index].tolist(), index=index,
                         columns=["date_start", "date_end", "date_precision"])
    incident_id = "acled-" + slugs(rows["event_id_cnty"])
    kind = rows["event_type"] + " / " + rows["sub_event_type"]
    incidents = pd.DataFrame({
        LINE: rows[LINE], "incident_id": incident_id, **dates,
        "event_type": event_type.loc[index], "place": _or(rows["location"], rows["admin2"],
                                                          rows["admin1"]),
        "country": country.loc[index], "location_precision": precision.loc[index],
        "latitude": lat.loc[index].astype(object), "longitude": lon.loc[index].astype(object),
        "side_a": _or(rows["actor1"], pd.Series("Unidentified", index=index)),
        "side_b": rows["actor2"],
        "summary": _or(rows["notes"], rows["event_type"] + ": " + rows["sub_event_type"]),
        "source_title": ("ACLED " + rows["event_id_cnty"] + ": " + rows["source"]
                         ).str.strip(": "),
        "source_url": SOURCE_URL,
        "notes": "ACLED " + kind + "; admin1 " + rows["admin1"] + ", admin2 " + rows["admin2"],
        "dataset": DATASET, "source_admin1": rows["admin1"], "source_admin2": rows["admin2"],
    }, index=index)
    counted = rows["fatalities"] != ""
    claims = pd.DataFrame({LINE: rows.loc[counted, LINE],
                           "incident_id": incident_id.loc[counted], "group": "unknown",
                           "killed": rows.loc[counted, "fatalities"], "claimed_by": "ACLED",
                           "notes": "ACLED's conservative fatality figure"})
    failed.sort(key=lambda problem: problem.line or 0)
    return finish(DATASET, label, incidents, claims, problems + warnings + failed, outside)


def _each(rows: pd.DataFrame) -> Iterator[dict[str, str]]:
    """The rows as dicts (only the few a problem is about are asked for)."""
    return (dict(zip(rows.columns, values, strict=True))
            for values in rows.itertuples(index=False, name=None))
