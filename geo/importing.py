"""What the importers share: their result, the border region, and turning mapped rows into
the same typed, validated tables as the shipped loader."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pyarrow.compute as pc

from geo.csvread import decode_csv, fast_columns, stream_records
from geo.i18n import N_, Message, lazy
from geo.loading import LINE, Loaded, claims_with_incident, validate
from geo.problems import Problem
from geo.schema import CASUALTIES, INCIDENTS, MAX_TEXT

#: The border region: a box around both sides' border provinces (Khatlon and
#: Gorno-Badakhshan; Kunduz, Takhar and Badakhshan). Rows outside it are counted, not loaded.
REGION = {"south": 35.5, "north": 40.0, "west": 66.5, "east": 75.5}
COUNTRY_CODES = {"afghanistan": "AF", "tajikistan": "TJ", "4": "AF", "762": "TJ",
                 "afg": "AF", "tjk": "TJ", "700": "AF", "702": "TJ"}


@dataclass
class ImportResult:
    """Incidents and casualty claims in the shipped tables' shape, and every unused row."""

    dataset: str
    incidents: pd.DataFrame
    casualties: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    outside_region: int = 0


Rows = Iterator[tuple[int, dict[str, str]]]


def _records(raw: bytes, label: str, required: tuple[str, ...], what: Message,
             optional: tuple[str, ...]
             ) -> tuple[list[str], Iterator[tuple[int, list[str]]], list[Problem]]:
    """The used columns' names (in the file's order), their values row by row as they are
    asked for (with their lines), and the problems found reading them, to which reading
    the rows adds."""
    problems: list[Problem] = []
    header, records = stream_records(decode_csv(raw, label, problems), label, problems,
                                     (*required, *optional))
    if not header and problems and problems[-1].message == "the file is empty":
        problems[-1] = Problem(label, 1, None, N_("the file is empty or not CSV"))
    missing = [c for c in required if c not in header]
    if missing:
        return [], iter(()), [*problems, Problem(label, 1, ", ".join(missing), lazy(
            N_("not {what}: required columns are missing"), what=what))]
    return [name for name in header if name in (*required, *optional)], records, problems


def read_export(raw: bytes, label: str, required: tuple[str, ...], what: Message,
                optional: tuple[str, ...] = ()) -> tuple[Rows, list[Problem]]:
    """An export's rows, read one at a time as they are asked for (with their line numbers;
    only the ``required`` and ``optional`` columns: an export has many more, and holding
    them all multiplied an upload's memory), and the problems found reading it, to which
    reading the rows adds. No rows, and a problem naming the missing columns, if it is not
    ``what`` it should be."""
    used, records, problems = _records(raw, label, required, what, optional)
    return ((line, dict(zip(used, values, strict=True))) for line, values in records), problems


def read_table(raw: bytes, label: str, required: tuple[str, ...], what: Message,
               optional: tuple[str, ...] = ()) -> tuple[pd.DataFrame, list[Problem]]:
    """:func:`read_export` as one table of text, read in one pass: a row per record, the
    ``required`` and ``optional`` columns (an optional one the file lacks is empty) and
    each record's line in :data:`~geo.loading.LINE`, for importers that map whole columns
    at once. No rows if it is not ``what`` it should be. A clean file is read by Arrow
    (:func:`~geo.csvread.fast_columns`), any other by the careful reader."""
    fast = fast_columns(raw, (*required, *optional))
    if fast is not None and all(c in fast[0] for c in required):
        _, frame, lines = fast
        problems: list[Problem] = []
    else:
        frame, lines, problems = _careful_table(raw, label, required, what, optional)
    for name in (*required, *optional):
        if name not in frame.columns:
            frame[name] = pd.Series("", index=frame.index, dtype=object)
    frame[LINE] = pd.Series(lines, index=frame.index, dtype="int64")
    return frame, problems


def _careful_table(raw: bytes, label: str, required: tuple[str, ...], what: Message,
                   optional: tuple[str, ...]
                   ) -> tuple[pd.DataFrame, list[int], list[Problem]]:
    """The used columns as a table of text, each row's line, and the problems, read by the
    careful reader (:func:`_records`)."""
    used, records, problems = _records(raw, label, required, what, optional)
    lines: list[int] = []
    values: list[list[str]] = []
    for line, row in records:
        lines.append(line)
        values.append(row)
    frame = pd.DataFrame(values, columns=used, dtype=object) if used else pd.DataFrame()
    return frame, lines, problems


class Mapped:
    """Mapped rows kept as columns: a dict per row, for every row of an upload, cost more
    memory than the upload itself."""

    def __init__(self) -> None:
        self.columns: dict[str, list[Any]] = {}
        self.count = 0

    def append(self, row: dict[str, Any]) -> None:
        """Add one row (a column it lacks is empty in it)."""
        for name, value in row.items():
            if name not in self.columns:
                self.columns[name] = [None] * self.count
            self.columns[name].append(value)
        self.count += 1
        for values in self.columns.values():
            if len(values) < self.count:
                values.append(None)


_NOT_SLUG = r"[^a-z0-9]+"


def slug(text: str) -> str:
    """A lower-case slug for ids: 'TJK1234' -> 'tjk1234'."""
    return re.sub(_NOT_SLUG, "-", text.lower()).strip("-") or "x"


def slugs(values: pd.Series) -> pd.Series:
    """:func:`slug` of each value (text, never missing). A column of ASCII text is done by
    Arrow at once (an export's ids: 80k calls were 5% of a 45 MB parse); other text, as
    Python lowers it, one by one (where a missing value fails as in :func:`slug`)."""
    text = values.astype(pd.StringDtype("pyarrow"))
    if text.isna().any() or not text.str.isascii().all():
        return pd.Series([slug(v) for v in values], index=values.index, dtype=object)
    done = text.str.lower().str.replace(_NOT_SLUG, "-", regex=True).str.strip("-")
    return done.mask(done == "", "x").astype(object)


def in_region(lat: Any, lon: Any) -> Any:
    """Whether a point lies in the documented border region (of numbers, a bool; of
    columns, a column of them)."""
    return ((REGION["south"] <= lat) & (lat <= REGION["north"]) & (REGION["west"] <= lon)
            & (lon <= REGION["east"]))


def country_code(*values: str) -> str | None:
    """AF or TJ from a country name, ISO or Gleditsch–Ward code, else None."""
    for value in values:
        code = COUNTRY_CODES.get(value.strip().lower()) if value else None
        if code:
            return code
    return None


def locate(row: dict[str, str], *country_values: str) -> tuple[str, float, float] | None:
    """(country, lat, lon) of a row in the border region, or None when it lies outside.

    Raises ValueError when the row's latitude or longitude is not a number.
    """
    lat, lon = float(row["latitude"]), float(row["longitude"])
    country = country_code(*country_values)
    if country is None or not in_region(lat, lon):
        return None
    return country, lat, lon


def finish(dataset: str, label: str, incidents: pd.DataFrame | Mapped,
           claims: pd.DataFrame | Mapped, problems: list[Problem],
           outside: int) -> ImportResult:
    """Validate mapped rows (a table or :class:`Mapped` rows, with their lines in
    :data:`~geo.loading.LINE`) with the shipped schema, as the loader does."""
    def loaded(spec, rows: pd.DataFrame | Mapped) -> Loaded:
        table = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows.columns)

        def column(name: str) -> pd.Series:
            values = (table[name] if name in table.columns
                      else pd.Series(None, index=table.index, dtype=object))
            if isinstance(values.dtype, pd.StringDtype):  # text already (read by Arrow)
                values = values.fillna("")
                # Cut (a copy: ~13 ms a column of 88k notes) only a column with a value past
                # the limit; a value's bytes, known without reading it, bound its characters.
                longest = pc.max(pc.binary_length(values.array.__arrow_array__())).as_py()
                return values.str.slice(0, MAX_TEXT) if (longest or 0) > MAX_TEXT else values
            values = values.astype(object)
            return values.where(values.notna(), "").astype(str).str.slice(0, MAX_TEXT)

        # Text columns as the schema's check reads them (Arrow strings): one conversion.
        frame = pd.DataFrame({c: column(c) for c in spec.names})
        frame[LINE] = (table[LINE] if LINE in table.columns
                       else pd.Series([], dtype="int64")).astype("int64")
        return Loaded(frame.reset_index(drop=True))

    inc = validate(INCIDENTS, loaded(INCIDENTS, incidents), label)
    cas = validate(CASUALTIES, loaded(CASUALTIES, claims), label)
    casualties, orphans = claims_with_incident(cas.frame, inc.frame, label,
                                               Message(N_("(its incident's row is not used)")))
    return ImportResult(dataset, inc.frame, casualties,
                        problems + inc.problems + cas.problems + orphans, outside)
