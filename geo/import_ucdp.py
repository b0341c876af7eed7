"""UCDP Georeferenced Event Dataset (GED) CSV.

Mapping, following the GED codebook:
- ``date_start``/``date_end`` are the interval; ``date_prec`` 1–2 → day, 3 → week,
  4 → month, 5 → year.
- ``where_prec`` 1 → exact, 2 → near (within 25 km), 3 → district centroid, 4 → province
  centroid, 5 (a part of a country or a linear feature such as the border) and 6 (the
  country) → ``border``, listed but not placed; 7 (international waters or airspace) is
  reported, not loaded.
- ``deaths_a``, ``deaths_b``, ``deaths_civilians`` and ``deaths_unknown`` become UCDP's best
  claims per group; ``low`` and ``high`` become UCDP's range for the total (group ``all``).
"""

from __future__ import annotations

import datetime as dt
import re

from geo.dates import in_window, window_message
from geo.i18n import N_, Message, lazy
from geo.importing import ImportResult, Mapped, finish, locate, read_export, slug
from geo.loading import LINE
from geo.problems import Problem
from geo.schema import WHOLE_NUMBER

DATASET = "UCDP GED"
SOURCE_URL = "https://ucdp.uu.se/"
REQUIRED = ("id", "side_a", "side_b", "where_prec", "where_coordinates", "adm_1", "adm_2",
            "latitude", "longitude", "date_prec", "date_start", "date_end", "deaths_a",
            "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low", "country")
OPTIONAL = ("country_id", "source_headline", "source_article")  # read when present
WHERE_PREC = {"1": "exact", "2": "near", "3": "district", "4": "province", "5": "border",
              "6": "border"}
DATE_PREC = {"1": "day", "2": "day", "3": "week", "4": "month", "5": "year"}


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip()[:10])
    except ValueError:
        return None


def _side_group(side: str) -> str:
    lowered = side.lower()
    if "afghanistan" in lowered or "taleban" in lowered or "taliban" in lowered:
        return "afghan_forces"
    if "tajikistan" in lowered:
        return "tajik_border_guards"
    return "militants"


def import_ucdp(raw: bytes, label: str = "UCDP GED export") -> ImportResult:
    """Map a UCDP GED CSV to the shipped tables; every unused row is reported."""
    rows, problems = read_export(raw, label, REQUIRED, Message(N_("a UCDP GED file")),
                                 OPTIONAL)
    incidents, claims = Mapped(), Mapped()
    outside = 0
    seen: dict[str, int] = {}
    for line, row in rows:
        def skip(field: str, why: Message | str, line: int = line) -> None:
            problems.append(Problem(label, line, field, why))

        if row["id"] in seen:
            skip("id", lazy(N_("duplicate id {id!r}, first on line {first}"), id=row["id"],
                            first=seen[row["id"]]))
            continue
        seen[row["id"]] = line
        try:
            located = locate(row, row["country"], row.get("country_id", ""))
        except ValueError:
            skip("latitude", N_("latitude/longitude are not numbers"))
            continue
        if located is None:
            outside += 1
            continue
        country, lat, lon = located
        start, end = _date(row["date_start"]), _date(row["date_end"])
        if start is None or end is None:
            skip("date_start", N_("date_start/date_end are not dates"))
            continue
        if not (in_window(start) and in_window(end)):
            skip("date_start", lazy(N_("date_start/date_end: {why}"), why=window_message()))
            continue
        precision = WHERE_PREC.get(row["where_prec"])
        if precision is None:
            skip("where_prec", lazy(N_("{value!r} cannot be placed on this map"),
                                    value=row["where_prec"]))
            continue
        date_precision = DATE_PREC.get(row["date_prec"])
        if date_precision is None:
            skip("date_prec", lazy(N_("must be 1 to 5 (got {value!r})"), value=row["date_prec"]))
            continue
        incident_id = f"ucdp-{slug(row['id'])}"
        placed = precision not in ("border",)
        incidents.append({
            LINE: line, "incident_id": incident_id, "date_start": start.isoformat(),
            "date_end": end.isoformat(), "date_precision": date_precision,
            "event_type": "armed_clash",
            "place": row["where_coordinates"] or row["adm_2"] or row["adm_1"] or row["country"],
            "country": country, "location_precision": precision,
            "latitude": lat if placed else "", "longitude": lon if placed else "",
            "side_a": row["side_a"] or "Unidentified", "side_b": row["side_b"],
            "summary": row.get("source_headline") or row.get("source_article") or
            f"UCDP GED event {row['id']}: {row['side_a']} vs {row['side_b']}",
            "source_title": f"UCDP GED event {row['id']}", "source_url": SOURCE_URL,
            "notes": f"adm_1 {row['adm_1']}; adm_2 {row['adm_2']}", "dataset": DATASET,
            "source_admin1": row["adm_1"], "source_admin2": row["adm_2"],
        })
        # Both sides may fall in one group (two militant groups): their deaths add up.
        per_group: dict[str, int] = {}
        for field_name, group in (("deaths_a", _side_group(row["side_a"])),
                                  ("deaths_b", _side_group(row["side_b"])),
                                  ("deaths_civilians", "civilians"),
                                  ("deaths_unknown", "unknown")):
            value = row[field_name].strip()
            if not re.fullmatch(WHOLE_NUMBER, value):  # not isdigit(): "²" is a digit
                if value:
                    problems.append(Problem(label, line, field_name, lazy(
                        N_("not a whole number: {value!r}; left out of the claims"),
                        value=value), "warning"))
                continue
            per_group[group] = per_group.get(group, 0) + int(value)
        for group, killed in per_group.items():
            if killed:
                claims.append({LINE: line, "incident_id": incident_id, "group": group,
                               "killed": killed, "claimed_by": "UCDP", "estimate": "best",
                               "notes": "UCDP deaths by side"})
        for field_name in ("low", "high"):
            claims.append({LINE: line, "incident_id": incident_id, "group": "all",
                           "killed": row[field_name].strip(), "claimed_by": "UCDP",
                           "estimate": field_name, "notes": f"UCDP {field_name} estimate"})
    return finish(DATASET, label, incidents, claims, problems, outside)
