"""Selecting incidents: every filter declared once (:data:`FILTERS`), applied with plain,
vectorised pandas; shared by the page, the link parser, the exports and the benchmarks.

A filter is one :class:`FilterSpec` row: the :class:`Filters` field it fills, its URL
parameter, its vocabulary (fixed, or taken from the data), its label and how it masks the
table. The link parser and writer (:mod:`geo.view_state`), the widgets' defaults, the
"n of N" description and the export's caption iterate over the table; adding a filter is a
field, a row and its widget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

import pandas as pd

from geo.i18n import DEFAULT, N_, _, current, date_text
from geo.place_names import district_label
from geo.schema import CASUALTY_GROUPS, EVENT_TYPES, LOCATION_PRECISIONS

#: A filter's value: the chosen values of a choice filter (empty: no restriction), or a flag.
Value = tuple[str, ...] | bool


def among(values: pd.Series, allowed: pd.Series | list[str] | tuple[str, ...]) -> pd.Series:
    """``values.isin(allowed)`` for ids and labels, fast on large tables.

    pandas' Arrow-backed strings make ``isin`` far slower than on Python objects; comparing
    as objects keeps filters instant.
    """
    return values.astype(object).isin(pd.Series(allowed, dtype=object))


@dataclass(frozen=True)
class Filters:
    """What the analyst narrowed the incidents to. An empty tuple means "no restriction".

    Every field but the dates has its row in :data:`FILTERS`.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # incidents where any of these is side_a or side_b
    groups: tuple[str, ...] = ()  # incidents with a casualty claim about any of these groups
    with_casualties: bool = False  # incidents where someone is claimed killed or injured
    precisions: tuple[str, ...] = ()  # location precisions to keep
    districts: tuple[str, ...] = ()  # district_ids (geo.districts) the incidents lie in

    def is_default(self) -> bool:
        """No filter but (possibly) the dates."""
        return self == Filters(start=self.start, end=self.end)

    def value(self, spec: FilterSpec) -> Value:
        """This filter's value for ``spec``."""
        return getattr(self, spec.field)


Mask = Callable[[pd.DataFrame, pd.DataFrame, Value], pd.Series]


def _column_in(column: str) -> Mask:
    return lambda incidents, _claims, chosen: among(incidents[column], chosen)


def _either_side(incidents: pd.DataFrame, _claims: pd.DataFrame, chosen: Value) -> pd.Series:
    return among(incidents["side_a"], chosen) | among(incidents["side_b"], chosen)


def _claim_about(incidents: pd.DataFrame, claims: pd.DataFrame, chosen: Value) -> pd.Series:
    return among(incidents["incident_id"],
                 claims.loc[among(claims["group"], chosen), "incident_id"])


def _with_casualties(incidents: pd.DataFrame, claims: pd.DataFrame, _on: Value) -> pd.Series:
    hurt = (claims["killed"].fillna(0) > 0) | (claims["injured"].fillna(0) > 0)
    return among(incidents["incident_id"], claims.loc[hurt, "incident_id"])


def district_options(incidents: pd.DataFrame) -> list[str]:
    """The districts incidents lie in, by name."""
    if "district_id" not in incidents:
        return []
    ids = incidents["district_id"].dropna().astype(str).unique()
    return sorted(ids, key=district_label)


def actor_options(incidents: pd.DataFrame) -> list[str]:
    """Every actor named as a side, most frequent first."""
    sides = pd.concat([incidents["side_a"], incidents["side_b"]]).dropna()
    sides = sides[sides.astype(str).str.len() > 0].astype(str)
    counts = sides.value_counts()
    return sorted(counts.index, key=lambda a: (-counts[a], a))


@dataclass(frozen=True)
class FilterSpec:
    """One filter: where it lives, how a link and a person name it, and what it keeps."""

    field: str  # the Filters attribute
    param: str  # the query-string name, also the widget's session-state key
    label: str  # the widget's label and the description's heading
    doc: str  # what the link parameter means
    mask: Mask  # incidents, claims, a non-default value -> which incidents pass
    vocabulary: Mapping[str, str] | None = None  # allowed value -> label; None: from data
    from_data: Callable[[pd.DataFrame], list[str]] | None = None  # the values that exist
    flag: bool = False  # a yes/no filter (1/0 in a link)
    placeholder: str = ""
    help: str = ""
    labeller: Callable[[str], str] | None = None  # a label per value, where not a vocabulary

    def options(self, incidents: pd.DataFrame) -> tuple[str, ...]:
        """The values this filter can take on ``incidents`` (a flag: none)."""
        if self.from_data is not None:
            return tuple(self.from_data(incidents))
        return tuple(self.vocabulary or ())

    def label_of(self, value: str) -> str:
        """How a value is shown to people."""
        if self.labeller is not None:
            return self.labeller(value)
        return _((self.vocabulary or {}).get(value, value))

    @property
    def default(self) -> Value:
        return False if self.flag else ()


FILTERS: tuple[FilterSpec, ...] = (
    FilterSpec("event_types", "type", N_("Event type"), "event type; repeat for several",
               _column_in("event_type"), EVENT_TYPES, placeholder=N_("All types")),
    FilterSpec("actors", "actor", N_("Actor / side"), "actor on either side; repeat for several",
               _either_side, from_data=actor_options, placeholder=N_("All actors"),
               help=N_("Incidents where the actor is either side.")),
    FilterSpec("groups", "group", N_("Casualty group"), "casualty group; repeat for several",
               _claim_about, CASUALTY_GROUPS, placeholder=N_("Any group"),
               help=N_("Incidents with a casualty claim about this group.")),
    FilterSpec("with_casualties", "casualties", N_("With casualties only"),
               "1: only incidents with casualties", _with_casualties, flag=True),
    FilterSpec("precisions", "precision", N_("Location precision"),
               "location precision to keep; repeat for several",
               _column_in("location_precision"), LOCATION_PRECISIONS,
               placeholder=N_("Any precision"),
               help=N_("E.g. leave out incidents known only to a province.")),
    FilterSpec("districts", "district", N_("District"), "district (its id); repeat for several",
               _column_in("district_id"), from_data=district_options, labeller=district_label,
               placeholder=N_("All districts"),
               help=N_("Incidents placed in the district's polygon; those known only to a "
                       "province or 'along the border' are in none.")),
)
BY_PARAM: dict[str, FilterSpec] = {spec.param: spec for spec in FILTERS}
assert {f.name for f in fields(Filters)} - {"start", "end"} == {s.field for s in FILTERS}, \
    "every Filters field needs its row in FILTERS"


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


def filter_mask(incidents: pd.DataFrame, claims: pd.DataFrame, filters: Filters,
                *, dates: bool = True) -> pd.Series:
    """A mask of the incidents that pass every filter (``dates=False``: all but the dates)."""
    mask = pd.Series(True, index=incidents.index)
    if dates and filters.start is not None and filters.end is not None:
        mask &= overlaps(incidents, filters.start, filters.end)
    for spec in FILTERS:
        value = filters.value(spec)
        if value:
            mask &= spec.mask(incidents, claims, value)
    return mask


def apply_filters(incidents: pd.DataFrame, claims: pd.DataFrame,
                  filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The incidents passing ``filters`` and their casualty claims."""
    shown = incidents[filter_mask(incidents, claims, filters)]
    return shown, claims[among(claims["incident_id"], shown["incident_id"])]


def _short_date(day: dt.date) -> str:
    """'07 May 2022' ('07 мая 2022 г.' in Russian)."""
    return f"{day:%d %b %Y}" if current() == DEFAULT else date_text(day, "dd MMM y")


def describe_filters(filters: Filters) -> list[str]:
    """The filters in words, one line each: the dates, then every filter that is set."""
    lines = []
    if filters.start and filters.end:
        lines.append(_("Dates: {start} – {end} (incidents whose date interval overlaps the "
                       "range)").format(start=_short_date(filters.start),
                                        end=_short_date(filters.end)))
    for spec in FILTERS:
        value = filters.value(spec)
        if value is True:
            lines.append(_(spec.label))
        elif value:
            lines.append(f"{_(spec.label)}: " + "; ".join(spec.label_of(v) for v in value))
    return lines


def same_district(incidents: pd.DataFrame, incident_id: str) -> pd.DataFrame:
    """Other incidents placed in the same district (admin2 and country) as this one."""
    row = incidents.loc[incidents["incident_id"] == incident_id]
    if row.empty or pd.isna(row.iloc[0]["admin2"]) or not row.iloc[0]["admin2"]:
        return incidents.iloc[0:0]
    admin2, country = row.iloc[0]["admin2"], row.iloc[0]["country"]
    return incidents[(incidents["admin2"] == admin2) & (incidents["country"] == country)
                     & (incidents["incident_id"] != incident_id)]
