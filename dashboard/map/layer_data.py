"""The incident layer's data: what the browser needs to draw the shown incidents.

The page replaces the incident layer on every rerun (streamlit-folium's
``feature_group_to_add``), so its data must be cheap to build, send and draw at any size.
Instead of one folium object, popup and script line per incident, it is compact arrays — one
entry per marker (see :mod:`geo.points`): position, count, colour, key and an escaped tooltip
— which ``L.bim.incidentLayer`` (``dashboard/static/map/leaflet.bim-incidents.js``) draws
into Leaflet.markercluster. Only the selected incident's popup (escaped in
:mod:`dashboard.popups`) is sent; a standalone file gets every marker's popup.

A marker of one incident carries its id; a marker of several carries a stack key, and a
click on it lists them beside the map.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.escaping import escape
from dashboard.popups import TOOLTIP_JOIN, brief_popup_html, popup_html, tooltip_halves
from dashboard.style import EVENT_COLOURS, MIXED_COLOUR
from geo.dates import describe_dates
from geo.districts import province_key
from geo.i18n import DEFAULT, _, current, date_text, number
from geo.points import PointIndex, at_point
from geo.schema import EVENT_TYPES

#: The markers' colours: one per event type, then the colour of a stack of several types.
PALETTE = (*EVENT_COLOURS.values(), MIXED_COLOUR)
_COLOUR_INDEX = {event_type: i for i, event_type in enumerate(EVENT_COLOURS)}


def drawn_as_polygon(incidents: pd.DataFrame) -> pd.Series:
    """Incidents whose area is a polygon of the base map: known only to a district with its
    polygon, or to a province (see :mod:`dashboard.map.district_layer`)."""
    precision = incidents["location_precision"]
    district = incidents["district_id"].notna() if "district_id" in incidents else False
    return ((precision == "district") & district) | (precision == "province")


def uncertainty_areas(incidents: pd.DataFrame) -> pd.DataFrame:
    """One circle per distinct (point, radius) of the incidents with no polygon for their
    area (e.g. "near a place"): incidents at one point share it."""
    areas = incidents.loc[~drawn_as_polygon(incidents),
                          ["latitude", "longitude", "uncertainty_km"]].dropna()
    areas = areas[areas["uncertainty_km"] > 0]
    return (areas.groupby(["latitude", "longitude", "uncertainty_km"]).size()
            .rename("incidents").reset_index())


def _stack_popup(incidents: pd.DataFrame, limit: int = 25) -> str:
    """The popup of a stack in a file with no server behind it: its incidents, listed."""
    first = incidents.iloc[:limit]
    items = "".join(f"<li>{escape(when)} — {escape(_(EVENT_TYPES.get(str(t), str(t))))} "
                    f"<small>({escape(i)})</small></li>" for when, t, i in zip(
                        describe_dates(first), first["event_type"], first["incident_id"],
                        strict=True))
    more = "<p>" + escape(_("… and {n} more").format(n=number(len(incidents) - limit))) + \
        "</p>" if len(incidents) > limit else ""
    head = _("{n} incidents at {place}").format(n=number(len(incidents)),
                                                place=incidents["place"].iloc[0])
    return f"<div class='bim-popup'><b>{escape(head)}</b><ul>{items}</ul>{more}</div>"


def _static_popups(incidents: pd.DataFrame, claims: pd.DataFrame,
                   points: pd.DataFrame) -> list[str]:
    """Every marker's popup, for the standalone map file (no page to show details in)."""
    by_incident = dict(tuple(claims.groupby("incident_id", sort=False))) if len(claims) else {}
    empty = claims.iloc[0:0]
    popups = []
    for p in points.itertuples(index=False):
        if p.n == 1:
            row = incidents.iloc[int(p.row)]
            popups.append(popup_html(row.to_dict(), by_incident.get(row["incident_id"], empty)))
        else:
            popups.append(_stack_popup(at_point(incidents, str(p.key))))
    return popups


@dataclass(frozen=True)
class LayerBase:
    """What the layer needs of a whole table, computed once per table: where each incident
    is drawn (:class:`geo.points.PointIndex`), its escaped tooltip's halves (codes into
    ``halves``: :func:`dashboard.popups.tooltip_halves`), and its uncertainty circle (a row
    of ``areas``, :func:`uncertainty_areas` of the table; -1 for none)."""

    index: PointIndex
    when: np.ndarray
    what: np.ndarray
    halves: np.ndarray
    areas: pd.DataFrame
    area: np.ndarray

    @classmethod
    def of(cls, incidents: pd.DataFrame) -> LayerBase:
        """Each incident's tooltip and circle, and the point index."""
        areas = uncertainty_areas(incidents)
        columns = ["latitude", "longitude", "uncertainty_km"]
        area = pd.MultiIndex.from_frame(areas[columns]).get_indexer(
            pd.MultiIndex.from_frame(incidents[columns]))
        when, what = tooltip_halves(incidents)
        # A missing half stays one (and fails the JSON as before), not code -1.
        codes, halves = pd.factorize(pd.concat([when, what], ignore_index=True),
                                     use_na_sentinel=False)
        return cls(PointIndex.of(incidents), codes[:len(when)], codes[len(when):],
                   np.asarray(halves, dtype=object), areas, area)

    def areas_of(self, rows: np.ndarray) -> pd.DataFrame:
        """The circles of the incidents at positions ``rows`` (as :func:`uncertainty_areas`
        of them, less the count)."""
        codes = np.unique(self.area[rows])
        return self.areas.iloc[codes[codes >= 0]]


def _month_short(day: pd.Timestamp) -> str:
    """'May 2022' / 'мая 2022' ('LLL y': the standalone short month)."""
    return f"{day:%b %Y}" if current() == DEFAULT else date_text(day, "LLL y")


def _tooltips(base: LayerBase, points: pd.DataFrame, *, static: bool) -> dict[str, Any]:
    """The markers' tooltips, escaped: each distinct half (and each stack's text) once
    (``text``), a marker's as
    ``text[a]`` or, where ``b >= 0``, ``text[a] + join + text[b]`` (:func:`tooltips_of`). A
    single incident's is its own; a stack's '12 incidents: Darvoz, May 2022 – Jan 2026'."""
    rows = points["row"].to_numpy()
    single = points["n"].to_numpy() == 1
    used, halves = np.unique(np.concatenate([base.when[rows[single]], base.what[rows[single]]]),
                             return_inverse=True)
    a = np.full(len(points), -1, dtype=np.int64)
    b = np.full(len(points), -1, dtype=np.int64)
    a[single], b[single] = np.split(halves, 2)
    hint = "" if static else " · " + _("click to list them")
    stacks = points[~single]
    a[~single] = np.arange(len(used), len(used) + len(stacks))
    text = [*base.halves[used], *(
        escape(_("{n} incidents: {place}").format(n=number(n), place=place)
               + (" " + _("+{n} places").format(n=places - 1) if places > 1 else "")
               + f", {_month_short(first)} – {_month_short(last)}{hint}")
        for n, place, places, first, last in stacks[
            ["n", "place", "places", "first", "last"]].itertuples(index=False))]
    return {"text": text, "a": a.tolist(), "b": b.tolist(), "join": TOOLTIP_JOIN}


def tooltips_of(data: dict[str, Any]) -> list[str]:
    """Each marker's tooltip in a layer's data (as the map's script puts it together)."""
    tip = data["tip"]
    return [tip["text"][a] + (tip["join"] + tip["text"][b] if b >= 0 else "")
            for a, b in zip(tip["a"], tip["b"], strict=True)]


def layer_data(incidents: pd.DataFrame, claims: pd.DataFrame, selected: str | None = None,
               *, static: bool = False, base: LayerBase | None = None,
               rows: np.ndarray | None = None,
               districts: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the browser needs to draw the shown incidents, as plain JSON-ready lists.

    ``base``: the :class:`LayerBase` of the whole table the shown ``incidents`` come from,
    at positions ``rows`` of it (the page computes it once per table); without it, it is
    computed here. ``static``: for a standalone file, where no page lists a stack or shows
    details: every marker gets its popup. ``districts``: how the base map's district
    polygons are styled (:func:`dashboard.map.district_layer.district_styles`); in the
    districts view no markers are drawn.
    """
    if base is None or rows is None or static:  # a file's popups index the shown rows
        base, rows = LayerBase.of(incidents), np.arange(len(incidents))
    if districts is not None and districts["view"] == "districts":
        rows = rows[:0]  # the choropleth alone
    points = base.index.markers(rows)
    areas = base.areas_of(rows)
    data: dict[str, Any] = {
        "lat": points["lat"].tolist(), "lon": points["lon"].tolist(),
        "n": points["n"].astype(int).tolist(),
        # An index into the palette: a colour's 9 bytes once, not once per marker.
        "colour": points["event_type"].map(_COLOUR_INDEX).fillna(len(PALETTE) - 1)
        .astype(int).tolist(),
        "palette": list(PALETTE),
        "area": points["area"].astype(int).tolist(),
        "key": points["key"].tolist(),
        "tip": _tooltips(base, points, static=static),
        "popups": _static_popups(incidents, claims, points) if static else None,
        "areas": {"lat": areas["latitude"].tolist(), "lon": areas["longitude"].tolist(),
                  "km": areas["uncertainty_km"].tolist()},
        "incidents": int(points["n"].sum()),
        "selected": -1, "popup": None, "focus": None, "districts": districts,
    }
    chosen = np.flatnonzero(base.index.ids == selected) if selected else []
    if len(chosen) and base.index.point[chosen[0]] >= 0:
        at = np.flatnonzero(points["point"].to_numpy() == base.index.point[chosen[0]])
        if len(at):
            data["selected"] = int(at[0])
            row = incidents[incidents["incident_id"] == selected].iloc[0]
            data["popup"] = brief_popup_html(row.to_dict(),
                                             claims[claims["incident_id"] == selected])
            data["focus"] = focus_area(row)
    return data


def focus_area(incident: pd.Series) -> dict[str, Any] | None:
    """The area the selected incident may lie in, for the map to outline: its district's or
    province's polygon when that is all that is known, else its uncertainty circle."""
    precision = str(incident["location_precision"])
    district = incident.get("district_id")
    if precision == "district" and isinstance(district, str) and district:
        return {"district": district}
    if precision == "province" and isinstance(incident.get("admin1"), str):
        return {"province": province_key(str(incident["country"]), str(incident["admin1"]))}
    radius = incident.get("uncertainty_km")
    if radius is not None and not pd.isna(radius) and radius > 0:
        return {"circle": [float(incident["latitude"]), float(incident["longitude"]),
                           float(radius)]}
    return None


# JSON's own structure never puts "{", "%" or "#" right after "{": such a pair comes from a
# string, where "\u007b" is the same character. branca compiles rendered output as a Jinja
# template again; without this, "{{ … }}" in data would run on the server.
_JINJA_OPENER = re.compile(r"\{(?=[{%#])")


def to_script_json(data: dict[str, Any]) -> str:
    """JSON safe to place inside a <script> (static export) or an eval'd string, and inert
    to the Jinja pass folium makes over rendered output."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = _JINJA_OPENER.sub(r"\\u007b", text)
    return (text.replace("<", "\\u003c").replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029"))
