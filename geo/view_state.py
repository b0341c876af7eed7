"""The view state and its URL form: one parser that never raises on bad input.

A shared link carries the date range, every filter, the selected incident and the map view
in its query string (names in ``PARAMS``). Parsing a link keeps what it can use, clamps or
ignores the rest and says what it did in plain-language notices.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from geo.filtering import FILTERS, Filters, FilterSpec, date_bounds
from geo.i18n import DEFAULT, _, from_link
from geo.playback import STEPS, WINDOWS
from geo.schema import SLUG

#: Query-string names: short and readable (each filter's from :data:`geo.filtering.FILTERS`).
PARAMS = {
    "start": "first day of the date range (YYYY-MM-DD)",
    "end": "last day of the date range (YYYY-MM-DD)",
    **{spec.param: spec.doc for spec in FILTERS},
    "incident": "the selected incident's id",
    "view": "what the map shows: incidents (the default) or districts",
    "by": "in the districts view, what colours a district: incidents (the default) or killed",
    "lat": "map centre latitude",
    "lon": "map centre longitude",
    "zoom": "map zoom level",
    "lang": "the page's language: en (the default) or ru",
    "window": "time playback's window: 1m (the default), 3m, 1y or all (cumulative)",
    "step": "time playback's step: 1m (the default), 3m or 1y",
}
ZOOM_RANGE = (4.0, 14.0)
#: The map's views and, for the districts view, what colours a district (first: default).
VIEWS = ("incidents", "districts")
COLOUR_BY = ("incidents", "killed")
_IGNORED_PREFIXES = ("utm_", "fbclid", "gclid")
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}
_MAX_VALUE_LENGTH = 200


@dataclass(frozen=True)
class MapView:
    """A map centre and zoom."""

    lat: float
    lon: float
    zoom: float


@dataclass(frozen=True)
class ViewState:
    """Everything a link reproduces."""

    filters: Filters = field(default_factory=Filters)
    incident: str | None = None
    map_view: MapView | None = None
    view: str = VIEWS[0]
    colour_by: str = COLOUR_BY[0]
    lang: str | None = None  # None: the link does not say (the browser's language is used)
    window: str = next(iter(WINDOWS))
    step: str = next(iter(STEPS))


@dataclass(frozen=True)
class Context:
    """What a link is checked against: the data's date span, the values that exist for the
    filters whose vocabulary comes from the data (by URL parameter), and the incidents."""

    first: dt.date
    last: dt.date
    options: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    incidents: frozenset[str] = frozenset()

    def allowed(self, spec: FilterSpec) -> Iterable[str]:
        """The values a link may choose for ``spec``."""
        if spec.from_data is not None:
            return self.options.get(spec.param, ())
        return spec.vocabulary or ()


def context_of(incidents: pd.DataFrame) -> Context:
    """What links to a view of ``incidents`` are checked against."""
    first, last = date_bounds(incidents)
    return Context(first, last, {spec.param: spec.options(incidents) for spec in FILTERS
                                 if spec.from_data is not None},
                   frozenset(incidents["incident_id"].astype(str)))


def _short(value: str) -> str:
    value = value if len(value) <= 40 else value[:37] + "…"
    return repr(value)


def _date(name: str, raw: str, notices: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        notices.append(_("Ignored {name}={value}: not a date in YYYY-MM-DD form.").format(
            name=name, value=_short(raw)))
        return None


def _number(name: str, raw: str, low: float, high: float, notices: list[str]) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        notices.append(_("Ignored {name}={value}: not a number.").format(name=name,
                                                                     value=_short(raw)))
        return None
    if not low <= value <= high:
        clamped = min(max(value, low), high)
        notices.append(_("{name}={value} is outside {low}–{high}; used {used}.").format(
            name=name, value=_short(raw), low=f"{low:g}", high=f"{high:g}", used=f"{clamped:g}"))
        return clamped
    return value


def _choices(name: str, raws: list[str], allowed: Iterable[str], notices: list[str]) -> tuple[
        str, ...]:
    allowed = list(allowed)
    kept: list[str] = []
    for raw in raws:
        if raw in allowed:
            if raw not in kept:
                kept.append(raw)
        else:
            notices.append(_("Ignored {name}={value}: no such {name}.").format(
                name=name, value=_short(raw)))
    return tuple(kept)


def _one_of(name: str, raw: str | None, allowed: tuple[str, ...], notices: list[str]) -> str:
    """``raw`` if allowed, else the first (the default), with a notice for a bad value."""
    if raw is None or raw in allowed:
        return raw or allowed[0]
    notices.append(_("Ignored {name}={value}: use {choices}.").format(
        name=name, value=_short(raw), choices=_(" or ").join(allowed)))
    return allowed[0]


def _flag(name: str, raw: str, notices: list[str]) -> bool:
    word = raw.strip().lower()
    if word not in _TRUE | _FALSE:
        notices.append(_("Ignored {name}={value}: use 1 or 0.").format(name=name,
                                                                    value=_short(raw)))
    return word in _TRUE


def parse_query(query: Mapping[str, list[str]], context: Context) -> tuple[ViewState, list[str]]:
    """A view state from a query string (each name to all its values), and what was changed.

    Never raises: unknown names and unusable values are ignored, out-of-range values clamped,
    and every such change is described in the returned notices.
    """
    notices: list[str] = []
    values = {k: [v[:_MAX_VALUE_LENGTH] for v in vs] for k, vs in query.items()}

    def one(name: str) -> str | None:
        got = values.get(name) or []
        if len(got) > 1:
            notices.append(_("{name} was given {n} times; used the first.").format(
                name=name, n=len(got)))
        return got[0] if got else None

    start_raw, end_raw = one("start"), one("end")
    start = _date("start", start_raw, notices) if start_raw is not None else None
    end = _date("end", end_raw, notices) if end_raw is not None else None
    start, end = start or context.first, end or context.last
    if start > end:
        notices.append(_("The link's start {start} is after its end {end}; swapped them.").format(
            start=start, end=end))
        start, end = end, start
    if start < context.first or end > context.last:
        clamped = (max(start, context.first), min(end, context.last))
        if clamped[0] > clamped[1]:
            notices.append(_("The link's dates {start}–{end} are outside the data "
                             "({first}–{last}); showing all dates.").format(
                start=start, end=end, first=context.first, last=context.last))
            clamped = (context.first, context.last)
        elif clamped != (start, end):
            notices.append(_("The link's dates {start}–{end} reach beyond the data "
                             "({first}–{last}); used {used_start}–{used_end}.").format(
                start=start, end=end, first=context.first, last=context.last,
                used_start=clamped[0], used_end=clamped[1]))
        start, end = clamped

    chosen: dict[str, tuple[str, ...] | bool] = {}
    for spec in FILTERS:
        if spec.flag:
            raw = one(spec.param)
            chosen[spec.field] = raw is not None and _flag(spec.param, raw, notices)
        else:
            chosen[spec.field] = _choices(spec.param, values.get(spec.param, []),
                                          context.allowed(spec), notices)
    filters = Filters(start=start, end=end, **chosen)  # type: ignore[arg-type]

    incident = one("incident")
    if incident is not None and (not re.fullmatch(SLUG, incident)
                                 or incident not in context.incidents):
        notices.append(_("Ignored incident={value}: no such incident.").format(
            value=_short(incident)))
        incident = None

    view, colour_by, window, step = (
        _one_of(name, one(name), allowed, notices)
        for name, allowed in (("view", VIEWS), ("by", COLOUR_BY), ("window", tuple(WINDOWS)),
                              ("step", tuple(STEPS))))

    map_view = None
    lat_raw, lon_raw, zoom_raw = one("lat"), one("lon"), one("zoom")
    if (lat_raw is None) != (lon_raw is None):
        notices.append(_("Ignored the map centre: lat and lon go together."))
    elif lat_raw is not None and lon_raw is not None:
        lat = _number("lat", lat_raw, -85.0, 85.0, notices)
        lon = _number("lon", lon_raw, -180.0, 180.0, notices)
        zoom = _number("zoom", zoom_raw, *ZOOM_RANGE, notices) if zoom_raw is not None else None
        if lat is not None and lon is not None:
            # Links carry 4 decimals (about 10 m) and half zoom steps at most.
            map_view = MapView(round(lat, 4), round(lon, 4),
                               round(zoom, 2) if zoom is not None else 7.0)
    elif zoom_raw is not None:
        notices.append(_("Ignored zoom: it needs lat and lon."))

    lang, lang_notice = from_link(one("lang"))
    if lang_notice:
        notices.append(lang_notice)
    if lang == DEFAULT:  # English is the default: links leave it out
        lang = None

    for name in values:
        if name not in PARAMS and not name.startswith(_IGNORED_PREFIXES):
            notices.append(_("Ignored the unknown parameter {name}.").format(name=_short(name)))
    return ViewState(filters, incident, map_view, view, colour_by, lang, window, step), notices


def to_query(state: ViewState) -> dict[str, list[str]]:
    """The query string of a view state (names to values); defaults are left out."""
    f = state.filters
    query: dict[str, list[str]] = {}
    if f.start is not None and f.end is not None:
        query["start"], query["end"] = [f.start.isoformat()], [f.end.isoformat()]
    for spec in FILTERS:
        value = f.value(spec)
        if value is True:
            query[spec.param] = ["1"]
        elif value:
            query[spec.param] = list(value)
    if state.incident:
        query["incident"] = [state.incident]
    if state.view != VIEWS[0]:
        query["view"] = [state.view]
    if state.colour_by != COLOUR_BY[0]:
        query["by"] = [state.colour_by]
    for name, value, default in (("window", state.window, ViewState.window),
                                 ("step", state.step, ViewState.step)):
        if value != default:
            query[name] = [value]
    if state.map_view is not None:
        query["lat"] = [f"{state.map_view.lat:.4f}"]
        query["lon"] = [f"{state.map_view.lon:.4f}"]
        query["zoom"] = [f"{state.map_view.zoom:g}"]
    if state.lang and state.lang != DEFAULT:
        query["lang"] = [state.lang]
    return query
