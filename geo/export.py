"""Exports of exactly the incidents shown: CSV and GeoJSON, with their casualty claims; and
of a load's problems, as CSV.

The CSV keeps the columns of ``incidents.csv`` first (so it loads back with the same loader),
then the geocoded columns, the low/best/high readings and every claim in one text column.
Text cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pandas as pd

from geo.casualties import READING_COLUMNS, incident_readings
from geo.loading import LINE
from geo.problems import Problem
from geo.schema import GEOCODED_COLUMNS, INCIDENTS

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The geocoded table's columns in export order: those of ``incidents.csv`` first (so an
#: export loads back with the same loader), then what the geocoder adds.
TABLE_COLUMNS: tuple[str, ...] = (
    *INCIDENTS.names, *(c for c in GEOCODED_COLUMNS if c not in INCIDENTS.names))


def neutralise_formula(value: object) -> object:
    """Prefix a text cell that starts like a spreadsheet formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _claim_text(claims: pd.DataFrame) -> pd.Series:
    def one(c: pd.Series) -> str:
        nat = f" ({c['nationality']})" if isinstance(c["nationality"], str) and c["nationality"] \
            else ""
        killed = "" if pd.isna(c["killed"]) else f"{c['killed']} killed"
        injured = "" if pd.isna(c["injured"]) else f"{c['injured']} injured"
        figures = ", ".join(p for p in (killed, injured) if p)
        return f"{c['group']}{nat}: {figures} per {c['claimed_by']}"

    if claims.empty:
        return pd.Series(dtype=str)
    return claims.apply(one, axis=1).groupby(claims["incident_id"]).agg("; ".join)


def export_frame(incidents: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The shown incidents, one row each, with readings and claims as columns."""
    frame = incidents.drop(columns=[LINE], errors="ignore")[list(TABLE_COLUMNS)].copy()
    per = incident_readings(claims)
    for column in READING_COLUMNS:
        frame[column] = frame["incident_id"].map(per[column]).astype("Int64")
    texts = _claim_text(claims)
    frame["claims"] = [texts.get(i, "") for i in frame["incident_id"]]
    return frame.reset_index(drop=True)


def csv_text(frame: pd.DataFrame) -> str:
    """A table as CSV for spreadsheets: formula-like text neutralised, dates YYYY-MM-DD."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(neutralise_formula)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, date_format="%Y-%m-%d")
    return buffer.getvalue()


def table_csv(incidents: pd.DataFrame) -> str:
    """The geocoded incident table as CSV (``geo table``), columns in export order."""
    return csv_text(incidents[list(TABLE_COLUMNS)])


def to_csv(incidents: pd.DataFrame, claims: pd.DataFrame) -> bytes:
    """UTF-8 CSV of the shown incidents (dates as YYYY-MM-DD)."""
    return csv_text(export_frame(incidents, claims)).encode("utf-8")


def _jsonable(value: Any) -> Any:
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):
        return value.item()
    return value


def to_geojson(incidents: pd.DataFrame, claims: pd.DataFrame) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (WGS84); incidents with no place have a null geometry."""
    frame = export_frame(incidents, claims)
    by_incident = {key: group for key, group in claims.groupby("incident_id")} if len(
        claims) else {}
    features = []
    for row in frame.to_dict("records"):
        props = {k: _jsonable(v) for k, v in row.items()}
        own = by_incident.get(row["incident_id"])
        props["claims"] = [] if own is None else [
            {k: _jsonable(v) for k, v in c.items() if k != LINE}
            for c in own.to_dict("records")]
        geometry = None if props["latitude"] is None else {
            "type": "Point", "coordinates": [props["longitude"], props["latitude"]]}
        features.append({"type": "Feature", "id": row["incident_id"], "geometry": geometry,
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


def to_geojson_bytes(incidents: pd.DataFrame, claims: pd.DataFrame) -> bytes:
    """The GeoJSON export as UTF-8 bytes."""
    return json.dumps(to_geojson(incidents, claims), ensure_ascii=False, indent=1).encode()


def problems_csv(problems: list[Problem], *, english: bool = False) -> str:
    """Every problem as CSV (file, line, field, severity, message; the message in the
    language in use, or English), text that starts like a formula neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "line", "field", "severity", "message"])
    for p in problems:
        writer.writerow([neutralise_formula(v) for v in (
            p.file, "" if p.line is None else p.line, p.field or "", p.severity,
            p.what.render(english=english))])
    return out.getvalue()
