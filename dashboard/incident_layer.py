"""The incident layer: one folium element that draws every shown incident in the browser.

The page replaces this layer on every rerun (streamlit-folium's ``feature_group_to_add``), so
it must be cheap to build, send and draw at any size. Instead of one folium object, one
popup and one line of JavaScript per incident, it sends compact arrays — one entry per
marker (see :mod:`geo.points`): position, count, colour, key and an escaped tooltip — and a
small script builds the markers into Leaflet.markercluster in one ``addLayers`` call. Only
the selected incident's popup (full HTML, escaped in :mod:`dashboard.popups`) is sent.

The clusters outlive each layer (``window.bimClusters``, on the map itself and shown while
the layer is): a new layer keeps every marker drawn the same as before, redraws a stack
whose count or mix changed in place, and adds or removes only the rest, so a slider move
costs the browser the markers that changed rather than clustering them all again.

A marker of one incident carries its id; a marker of several carries a stack key, and a
click on it lists them beside the map. When the layer is drawn the script records
``window.bimMap = {layer, incidents, done, at, added, removed, restyled}`` (used by the
browser tests and the benchmark to know the map shows the new set).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster
from jinja2 import Template

from dashboard.escaping import escape
from dashboard.popups import popup_html, tooltip_texts
from dashboard.raw_script import RawScript
from dashboard.style import EVENT_COLOURS, MIXED_COLOUR, SELECTED_COLOUR
from geo.dates import describe_dates
from geo.points import PointIndex, at_point
from geo.schema import EVENT_TYPES

MARKER_RADIUS_PX = 8


def uncertainty_areas(incidents: pd.DataFrame) -> pd.DataFrame:
    """One circle per distinct (point, radius): incidents placed at one district share it."""
    areas = incidents[["latitude", "longitude", "uncertainty_km"]].dropna()
    areas = areas[areas["uncertainty_km"] > 0]
    return (areas.groupby(["latitude", "longitude", "uncertainty_km"]).size()
            .rename("incidents").reset_index())


def _stack_popup(incidents: pd.DataFrame, limit: int = 25) -> str:
    """The popup of a stack in a file with no server behind it: its incidents, listed."""
    first = incidents.iloc[:limit]
    items = "".join(f"<li>{escape(when)} — {escape(EVENT_TYPES.get(str(t), str(t)))} "
                    f"<small>({escape(i)})</small></li>" for when, t, i in zip(
                        describe_dates(first), first["event_type"], first["incident_id"],
                        strict=True))
    more = f"<p>… and {len(incidents) - limit:,} more</p>" if len(incidents) > limit else ""
    return (f"<div class='bim-popup'><b>{len(incidents):,} incidents at "
            f"{escape(incidents['place'].iloc[0])}</b><ul>{items}</ul>{more}</div>")


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
    is drawn (:class:`geo.points.PointIndex`), its escaped tooltip, and its uncertainty
    circle (a row of ``areas``, :func:`uncertainty_areas` of the table; -1 for none)."""

    index: PointIndex
    tooltips: np.ndarray
    areas: pd.DataFrame
    area: np.ndarray

    @classmethod
    def of(cls, incidents: pd.DataFrame) -> LayerBase:
        """Each incident's tooltip and circle, and the point index."""
        areas = uncertainty_areas(incidents)
        columns = ["latitude", "longitude", "uncertainty_km"]
        area = pd.MultiIndex.from_frame(areas[columns]).get_indexer(
            pd.MultiIndex.from_frame(incidents[columns]))
        return cls(PointIndex.of(incidents), tooltip_texts(incidents).to_numpy(dtype=object),
                   areas, area)

    def areas_of(self, rows: np.ndarray) -> pd.DataFrame:
        """The circles of the incidents at positions ``rows`` (as :func:`uncertainty_areas`
        of them, less the count)."""
        codes = np.unique(self.area[rows])
        return self.areas.iloc[codes[codes >= 0]]


def _tooltips(base: LayerBase, points: pd.DataFrame, *, static: bool) -> list[str]:
    """A single incident's own tooltip; for a stack, '12 incidents: Darvoz, May 2022 –
    Jan 2026'. Escaped."""
    tips = pd.Series(base.tooltips[points["row"].to_numpy()], index=points.index, dtype=object)
    hint = "" if static else " · click to list them"
    stacks = points[points["n"] > 1]
    tips[stacks.index] = [
        escape(f"{n:,} incidents: {place}{f' +{places - 1} places' if places > 1 else ''}, "
               f"{first:%b %Y} – {last:%b %Y}{hint}")
        for n, place, places, first, last in stacks[
            ["n", "place", "places", "first", "last"]].itertuples(index=False)]
    return tips.tolist()


def layer_data(incidents: pd.DataFrame, claims: pd.DataFrame, selected: str | None = None,
               *, static: bool = False, base: LayerBase | None = None,
               rows: np.ndarray | None = None) -> dict[str, Any]:
    """What the browser needs to draw the shown incidents, as plain JSON-ready lists.

    ``base``: the :class:`LayerBase` of the whole table the shown ``incidents`` come from,
    at positions ``rows`` of it (the page computes it once per table); without it, it is
    computed here. ``static``: for a standalone file, where no page lists a stack or shows
    details: every marker gets its popup.
    """
    if base is None or rows is None or static:  # a file's popups index the shown rows
        base, rows = LayerBase.of(incidents), np.arange(len(incidents))
    points = base.index.markers(rows)
    areas = base.areas_of(rows)
    data: dict[str, Any] = {
        "lat": points["lat"].tolist(), "lon": points["lon"].tolist(),
        "n": points["n"].astype(int).tolist(),
        "colour": points["event_type"].map(EVENT_COLOURS).fillna(MIXED_COLOUR).tolist(),
        "area": points["area"].astype(int).tolist(),
        "key": points["key"].tolist(),
        "tip": _tooltips(base, points, static=static) if len(points) else [],
        "popups": _static_popups(incidents, claims, points) if static else None,
        "areas": {"lat": areas["latitude"].tolist(), "lon": areas["longitude"].tolist(),
                  "km": areas["uncertainty_km"].tolist()},
        "incidents": int(points["n"].sum()),
        "selected": -1, "popup": None,
    }
    chosen = np.flatnonzero(base.index.ids == selected) if selected else []
    if len(chosen) and base.index.point[chosen[0]] >= 0:
        at = np.flatnonzero(points["point"].to_numpy() == base.index.point[chosen[0]])
        if len(at):
            data["selected"] = int(at[0])
            row = incidents[incidents["incident_id"] == selected].iloc[0]
            data["popup"] = popup_html(row.to_dict(),
                                       claims[claims["incident_id"] == selected])
    return data


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


class ClusterAssets(JSCSSMixin):
    """Leaflet.markercluster's script and styles, for the base map to load once.

    Not on :class:`IncidentLayer` itself: folium builds a template per asset link each time
    an element that needs them is rendered, which would be paid on every rerun.
    """

    _template = Template("")
    default_js = MarkerCluster.default_js
    default_css = MarkerCluster.default_css


class IncidentLayer(RawScript):
    """Markers (clustered), stacks, uncertainty circles and the selected incident's ring and
    popup, drawn from :func:`layer_data` by one script."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }};
            var map = {{ this._parent._parent.get_name() }};
            var d = {{ this.data }};
            var seq = ((window.bimMap && window.bimMap.layer) || 0) + 1;
            var state = {layer: seq, incidents: d.incidents, done: false, at: null};
            window.bimMap = state;
            var finish = function () {
                if (window.bimMap === state) { state.done = true; state.at = Date.now(); }
            };
            var R = {{ this.radius }};
            for (var a = 0; a < d.areas.lat.length; a++) {
                L.circle([d.areas.lat[a], d.areas.lon[a]], {radius: d.areas.km[a] * 1000,
                    pane: 'areas', interactive: false, color: '#333', weight: 1,
                    dashArray: '4 4', fill: true, fillColor: '#000', fillOpacity: 0.06}
                ).addTo(group);
            }
            var label = function (n) {
                return n >= 10000 ? Math.round(n / 1000) + 'k' : String(n);
            };
            // The clusters outlive this layer: each new layer (one per rerun) changes only
            // the markers that differ from the last one, instead of clustering every marker
            // again. They sit on the map itself and follow this layer's visibility.
            var kept = window.bimClusters;
            if (kept && (kept.map !== map || kept.loading)) {
                // Still adding the last layer's markers in chunks, which cannot be stopped:
                // start over with new clusters rather than race them.
                map.removeLayer(kept.cluster);
                kept = null;
            }
            if (!kept) {
                var fresh = {map: map, byKey: new Map(), popupOn: null, group: null,
                             loading: false, finish: null};
                var options = {{ this.cluster_options }};
                options.chunkedLoading = true;
                options.chunkProgress = function (done, total) {
                    if (done >= total) {
                        fresh.loading = false;
                        if (fresh.finish) { fresh.finish(); }
                    }
                };
                options.iconCreateFunction = function (cluster) {
                    var n = 0;
                    cluster.getAllChildMarkers().forEach(function (m) { n += m.options.bimCount; });
                    var size = n < 10 ? 'small' : (n < 100 ? 'medium' : 'large');
                    return L.divIcon({html: '<div><span>' + label(n) + '</span></div>',
                        className: 'marker-cluster marker-cluster-' + size,
                        iconSize: L.point(40, 40)});
                };
                fresh.cluster = L.markerClusterGroup(options);
                kept = window.bimClusters = fresh;
            }
            var cluster = kept.cluster;
            kept.group = group;
            kept.finish = finish;
            group.on('add', function () { if (kept.group === group) { cluster.addTo(map); } });
            group.on('remove', function () {
                // streamlit-folium removes the last layer just before adding the next one:
                // hide the clusters only when no new layer took this one's place.
                setTimeout(function () {
                    if (kept.group === group && !map.hasLayer(group)) { map.removeLayer(cluster); }
                }, 0);
            });
            if (kept.popupOn) { kept.popupOn.closePopup(); kept.popupOn.unbindPopup(); }
            kept.popupOn = null;
            var stackIcon = function (i) {
                return L.divIcon({className: 'bim-stack' + (d.area[i] ? ' bim-area' : ''),
                    html: '<span style="background:' + d.colour[i] + '">' + label(d.n[i])
                          + '</span>', iconSize: [28, 28]});
            };
            var make = function (i) {
                var ll = [d.lat[i], d.lon[i]], n = d.n[i], m;
                if (n === 1) {
                    var o = d.area[i]
                        ? {fillColor: d.colour[i], fillOpacity: 0.55, color: '#222',
                           weight: 1.5, dashArray: '2 2'}
                        : {fillColor: d.colour[i], fillOpacity: 0.95, color: '#fff',
                           weight: 2};
                    o.radius = R; o.className = 'bim-incident'; o.pane = 'incidents';
                    o.bimCount = 1;
                    m = L.circleMarker(ll, o);
                } else {
                    m = L.marker(ll, {pane: 'incidents', bimCount: n, icon: stackIcon(i)});
                }
                m.feature = {type: 'Feature', properties: {
                    key: d.key[i], incident_id: n === 1 ? d.key[i] : null, incidents: n}};
                m.bindTooltip(d.tip[i]);
                if (d.popups) { m.bindPopup(d.popups[i], {maxWidth: 340}); }
                return m;
            };
            // By key (an incident, or a point's stack): a marker drawn the same is kept; a
            // stack of another count or mix is redrawn in place; the rest come and go.
            var last = kept.byKey, next = new Map(), added = [], restyled = [], gone = [];
            var markers = new Array(d.key.length);
            for (var i = 0; i < d.key.length; i++) {
                var sig = [d.n[i], d.colour[i], d.area[i], d.tip[i]].join('\\u0001');
                var was = last.get(d.key[i]), m;
                if (was) { last.delete(d.key[i]); }
                if (was && was.sig === sig) {
                    m = was.m;
                } else if (was && d.n[i] > 1 && was.m.options.bimCount > 1) {
                    m = was.m;
                    m.options.bimCount = d.n[i];
                    m.feature.properties.incidents = d.n[i];
                    m.setIcon(stackIcon(i));
                    m.setTooltipContent(d.tip[i]);
                    restyled.push(m);
                } else {
                    if (was) { gone.push(was.m); }
                    m = make(i);
                    added.push(m);
                }
                next.set(d.key[i], {sig: sig, m: m});
                markers[i] = m;
            }
            last.forEach(function (was) { gone.push(was.m); });
            kept.byKey = next;
            state.added = added.length;
            state.removed = gone.length;
            state.restyled = restyled.length;
            // On the map before adding: markercluster then clusters in chunks without
            // blocking the page (and without its quadratic off-map bookkeeping).
            group.addTo(map);
            cluster.addTo(map);
            if (gone.length) { cluster.unspiderfy(); cluster.removeLayers(gone); }
            if (restyled.length) { cluster.refreshClusters(restyled); }
            if (added.length) {
                kept.loading = true;
                cluster.addLayers(added);
            } else {
                finish();
            }
            if (d.selected >= 0) {
                var chosen = markers[d.selected];
                L.circleMarker(chosen.getLatLng(), {radius: R + 6, color: '{{ this.ring }}',
                    weight: 3, fill: false, className: 'bim-selected', pane: 'incidents',
                    interactive: false}).addTo(group);
                chosen.bindPopup(d.popup, {maxWidth: 340});
                kept.popupOn = chosen;
                // Open once it is drawn (clustering runs in chunks), without panning: the
                // view is the user's or the shared link's.
                var tries = 0;
                var open = function () {
                    if (kept.popupOn !== chosen) { return; }
                    if (!chosen._map) {
                        if (tries++ < 40) { setTimeout(open, 100); }
                        return;
                    }
                    var popup = chosen.getPopup();
                    popup.options.autoPan = false;
                    chosen.openPopup();
                    popup.options.autoPan = true;
                };
                setTimeout(open, 50);
            }
        })();
        {% endmacro %}
    """)

    def __init__(self, data: str):
        """``data``: :func:`layer_data` as :func:`to_script_json` (cacheable: a string)."""
        super().__init__()
        self._name = "IncidentLayer"
        self.data = data
        self.radius = MARKER_RADIUS_PX
        self.ring = SELECTED_COLOUR
        self.cluster_options = json.dumps({
            "maxClusterRadius": 30, "spiderfyOnMaxZoom": True, "showCoverageOnHover": False,
            "clusterPane": "incidents"})
