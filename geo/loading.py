"""Read and validate the CSV files into typed DataFrames.

A bad row is reported with its file, line and field and left out of the typed table; every
other row still loads. Nothing is dropped without a :class:`~geo.problems.Problem`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from geo import paths
from geo.csvread import csv_records, decode_csv
from geo.dates import window_message
from geo.i18n import N_, Message, Number, lazy
from geo.problems import Problem, errors
from geo.schema import (
    CASUALTIES,
    DATE_WINDOW,
    INCIDENTS,
    MAX_TEXT,
    PLACES,
    SLUG,
    WHOLE_NUMBER,
    Column,
    TableSpec,
)

LINE = "_line"  # the CSV line a row starts on, kept for later messages


@dataclass
class Loaded:
    """A typed table and what was wrong with its file."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Dataset:
    """The incident, casualty and place tables, validated together."""

    incidents: pd.DataFrame
    casualties: pd.DataFrame
    places: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


def read_rows(source: Path | str | bytes, spec: TableSpec, label: str | None = None) -> Loaded:
    """Read a CSV (a path, or its bytes) into a frame of stripped strings plus a line column.

    Structural problems (encoding, missing columns, wrong field counts) are reported here;
    the values themselves are checked by :func:`validate`.
    """
    problems: list[Problem] = []
    if isinstance(source, bytes):
        raw, label = source, label or spec.filename
    else:
        path = Path(source)
        label = label or str(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problem = Problem(label, None, None, lazy(N_("cannot read: {error}"),
                                                      error=exc.strerror))
            return Loaded(_empty(spec), [problem])
    header, records = csv_records(decode_csv(raw, label, problems), label, problems)
    if not header:
        return Loaded(_empty(spec), problems)

    missing = [c.name for c in spec.columns if c.required and c.name not in header]
    for name in missing:
        problems.append(Problem(label, 1, name,
                                N_("required column is missing from the header")))
    for name in header:
        if name not in spec.names:
            problems.append(Problem(label, 1, name, N_("unknown column, ignored"), "warning"))
    if len(set(header)) != len(header):
        problems.append(Problem(label, 1, None,
                                N_("a column name appears twice in the header")))
        missing.append("duplicate header")
    if missing:
        return Loaded(_empty(spec), problems)

    frame = pd.DataFrame([values for _, values in records], columns=header, dtype=object)
    for name in spec.names:
        if name not in frame:
            frame[name] = ""
    frame = frame[spec.names].astype(object)
    frame[LINE] = [line for line, _ in records]
    return Loaded(frame, problems)


def empty_table(spec: TableSpec) -> pd.DataFrame:
    """A typed table of this spec with no rows."""
    return _typed(spec, _empty(spec))


def _empty(spec: TableSpec) -> pd.DataFrame:
    frame = pd.DataFrame({name: pd.Series(dtype=object) for name in spec.names})
    frame[LINE] = pd.Series(dtype="int64")
    return frame


_NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"  # ASCII digits only


def _bad_values(col: Column, values: pd.Series) -> list[tuple[pd.Series, Message]]:
    """Masks of present-but-invalid values of one column, each with its message."""
    present = values != ""
    too_long = present & (values.str.len() > MAX_TEXT)
    found = [(too_long, lazy(N_("is longer than {limit} characters"), limit=Number(MAX_TEXT)))]
    values = values.where(~too_long, "")
    present &= ~too_long
    if col.kind == "date":
        parsed = pd.to_datetime(values.where(present), format="%Y-%m-%d", errors="coerce")
        first, last = (pd.Timestamp(d) for d in DATE_WINDOW)
        return [*found, (present & parsed.isna(), Message(N_("not a real date in YYYY-MM-DD "
                                                             "form"))),
                (parsed.notna() & ((parsed < first) | (parsed > last)), window_message())]
    if col.kind == "int":
        # ASCII digits only: "\d" also matches "٣" or "²", which no number parser takes.
        return [*found, (present & ~values.str.fullmatch(WHOLE_NUMBER),
                         Message(N_("must be a whole number of 0 or more (at most 9 digits)")))]
    if col.kind == "float":
        number = pd.to_numeric(values.where(present & values.str.fullmatch(_NUMBER)),
                               errors="coerce")
        low = -float("inf") if col.minimum is None else col.minimum
        high = float("inf") if col.maximum is None else col.maximum
        bad = present & (number.isna() | ~np.isfinite(number) | (number < low) | (number > high))
        if col.maximum is None:
            return [*found, (bad, lazy(N_("must be a number of {low} or more"), low=f"{low:g}"))]
        return [*found, (bad, lazy(N_("must be a number from {low} to {high}"), low=f"{low:g}",
                                   high=f"{high:g}"))]
    if col.kind == "choice":
        bad = present & ~values.isin(col.choices)
        renamed = [lazy(N_("{old!r} is now {new}"), old=old, new=new)
                   for old, new in col.former.items() if (values[bad] == old).any()]
        choices = ", ".join(col.choices)
        return [*found, (bad, lazy(N_("must be one of: {choices} ({renamed})"), choices=choices,
                                   renamed=functools.reduce(_and, renamed)) if renamed else
                         lazy(N_("must be one of: {choices}"), choices=choices))]
    if col.kind == "id":
        return [*found, (present & ~values.str.fullmatch(SLUG),
                         Message(N_("must be a slug of a-z, 0-9 and '-'")))]
    if col.kind == "url":
        return [*found, (present & ~values.str.fullmatch(r"https?://\S+"),
                         Message(N_("must be an http(s) address")))]
    if col.kind == "urls":
        ok = values.str.fullmatch(r"(?:https?://\S+)(?:\s+https?://\S+)*")
        return [*found, (present & ~ok,
                         Message(N_("must be http(s) addresses separated by spaces")))]
    return [*found, (present & values.str.contains("\ufffd", regex=False),
                     Message(N_("holds undecodable bytes")))]


def _and(first: Message, then: Message) -> Message:
    return lazy(N_("{first}; {then}"), first=first, then=then)


def _report(problems: list[Problem], label: str, frame: pd.DataFrame, mask: pd.Series,
            field_name: str | None, message: Message | str) -> None:
    message = Message(message) if isinstance(message, str) else message
    for line, value in zip(frame.loc[mask, LINE], frame.loc[mask, field_name]
                           if field_name else [None] * int(mask.sum()), strict=True):
        if isinstance(value, str) and len(value) > 80:  # a huge field is named, not repeated
            value = value[:77] + "…"
        what = lazy(N_("{why} (got {value!r})"), why=message, value=value) \
            if value not in (None, "") else message
        problems.append(Problem(label, int(line), field_name, what))


def validate(spec: TableSpec, loaded: Loaded, label: str) -> Loaded:
    """Check every value against the schema; return the valid rows, typed, and all problems."""
    frame, problems = loaded.frame, list(loaded.problems)
    found: list[Problem] = []
    for col in spec.columns:
        values = frame[col.name].astype(str)
        if col.required:
            _report(found, label, frame, values == "", col.name, N_("required value is empty"))
        for mask, message in _bad_values(col, values):
            _report(found, label, frame, mask, col.name, message)
    _check_rows(spec, frame, label, found)
    problems += found
    bad_lines = {p.line for p in found if p.severity == "error"}
    valid = frame[~frame[LINE].isin(bad_lines)]
    return Loaded(_typed(spec, valid), problems)


def _check_rows(spec: TableSpec, frame: pd.DataFrame, label: str, found: list[Problem]) -> None:
    """Rules that involve more than one value."""
    if spec.key:
        keys = frame[spec.key]
        dup = keys.duplicated(keep="first") & (keys != "")
        first_line = frame.drop_duplicates(spec.key).set_index(spec.key)[LINE]
        for line, key in zip(frame.loc[dup, LINE], keys[dup], strict=True):
            found.append(Problem(label, int(line), spec.key, lazy(
                N_("duplicate {key!r}, first used on line {first}"), key=key,
                first=int(first_line[key]))))
    if spec is INCIDENTS:
        start = pd.to_datetime(frame["date_start"], format="%Y-%m-%d", errors="coerce")
        end = pd.to_datetime(frame["date_end"], format="%Y-%m-%d", errors="coerce")
        _report(found, label, frame, end < start, "date_end", N_("is before date_start"))
        if "reported" in frame:
            reported = pd.to_datetime(frame["reported"], format="%Y-%m-%d", errors="coerce")
            _report(found, label, frame, reported < start, "reported",
                    N_("is before date_start: an event is reported after it begins"))
        _check_pair(found, label, frame, "latitude", "longitude")
    if spec is CASUALTIES:
        none = (frame["killed"] == "") & (frame["injured"] == "")
        _report(found, label, frame, none, "killed", N_("a claim needs killed or injured"))
    if spec is PLACES:
        has_point = (frame["lat"] != "") & (frame["lon"] != "")
        _check_pair(found, label, frame, "lat", "lon")
        orphan = ~has_point & (frame["within"] == "")
        _report(found, label, frame, orphan, "within",
                N_("a place with no point needs 'within'"))
        known = set(frame["place_id"])
        dangling = (frame["within"] != "") & ~frame["within"].isin(known)
        _report(found, label, frame, dangling, "within", N_("refers to an unknown place_id"))


def _check_pair(found: list[Problem], label: str, frame: pd.DataFrame, a: str, b: str) -> None:
    """Two columns that are given together or not at all (a point's coordinates)."""
    has_a, has_b = frame[a] != "", frame[b] != ""
    _report(found, label, frame, has_a & ~has_b, b, lazy(N_("is empty but {other} is given"),
                                                         other=a))
    _report(found, label, frame, has_b & ~has_a, a, lazy(N_("is empty but {other} is given"),
                                                         other=b))


def _typed(spec: TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    out: dict[str, pd.Series] = {}
    for col in spec.columns:
        values = frame[col.name].astype(str)
        blank = values == ""
        if col.kind == "date":
            out[col.name] = pd.to_datetime(values.where(~blank), format="%Y-%m-%d")
        elif col.kind == "int":
            out[col.name] = pd.to_numeric(values.where(~blank)).astype("Int64")
        elif col.kind == "float":
            out[col.name] = pd.to_numeric(values.where(~blank)).astype("float64")
        elif col.kind == "choice":
            out[col.name] = pd.Categorical(values.where(~blank), categories=list(col.choices))
        else:
            out[col.name] = values.astype("string")
    typed = pd.DataFrame(out, index=frame.index)
    typed[LINE] = frame[LINE].astype("int64")
    return typed.reset_index(drop=True)


def load_table(spec: TableSpec, source: Path | str | bytes, label: str | None = None) -> Loaded:
    """Read and validate one file of the given spec."""
    label = label or (spec.filename if isinstance(source, bytes) else str(source))
    return validate(spec, read_rows(source, spec, label), label)


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Load incidents, casualties and places from a data folder, checked against each other.

    Problems name each file by its name in the folder, not by its path on this machine.
    """
    folder = Path(data_dir) if data_dir is not None else paths.DATA_DIR
    incidents, casualties, places = (load_table(spec, folder / spec.filename, spec.filename)
                                     for spec in (INCIDENTS, CASUALTIES, PLACES))
    claims, orphans = claims_with_incident(casualties.frame, incidents.frame, CASUALTIES.filename,
                                           lazy(N_("in {file}"), file=INCIDENTS.filename))
    problems = incidents.problems + casualties.problems + places.problems + orphans
    return Dataset(incidents.frame, claims, places.frame, problems)


def claims_with_incident(claims: pd.DataFrame, incidents: pd.DataFrame, label: str,
                         where: Message) -> tuple[pd.DataFrame, list[Problem]]:
    """The claims whose incident is among the valid ``incidents``, and a problem for each
    other one (``where`` says where the incident was looked for)."""
    # As Python objects: pandas matches Arrow strings against a list value by value.
    orphan = ~claims["incident_id"].astype(object).isin(
        incidents["incident_id"].astype(object))
    problems = [Problem(label, int(line), "incident_id",
                        lazy(N_("no valid incident {key!r} {where}"), key=key, where=where))
                for line, key in zip(claims.loc[orphan, LINE], claims.loc[orphan, "incident_id"],
                                     strict=True)]
    return claims[~orphan].reset_index(drop=True), problems


__all__ = ["Dataset", "Loaded", "claims_with_incident", "csv_records", "decode_csv", "errors",
           "load_dataset", "load_table", "read_rows", "validate"]
