"""Cached data access for the page: files are read once per process, not on every rerun."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from string import Template
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.headline import NOT_RECORDED, Figures, figures, not_recorded
from dashboard.load_cache import remember
from dashboard.map.assets import STATIC_DIR
from dashboard.map.base import BaseLayers
from dashboard.map.district_layer import district_styles
from dashboard.map.layer_data import LayerBase, layer_data, to_script_json
from dashboard.tables import MAX_ROWS, incident_list
from geo import paths
from geo.border import read_geojson
from geo.casualties import incident_readings
from geo.district_view import district_counts
from geo.districts import read_districts
from geo.filtering import FILTERS, Filters, among, filter_mask
from geo.freshness import last_reviewed
from geo.i18n import N_, Message, _, current
from geo.pipeline import IncidentData, Progress, load_incident_data
from geo.place_names import district_names
from geo.schema import COUNTRIES, LOCATION_PRECISION_MEANINGS
from geo.timeline import monthly


def data_version(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the data files: a changed file is reloaded."""
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                 for p in sorted(data_dir.glob("*")) if p.is_file())


# cache_resource, not cache_data: one copy shared by every session (read-only by
# convention), instead of a copy unpickled on every rerun of every session.
@st.cache_resource(show_spinner=False, max_entries=8)
def _incident_data(data_dir: str, version: tuple[tuple[str, int, int], ...],
                   _progress: Progress) -> IncidentData:
    return load_incident_data(data_dir, progress=_progress)


def with_progress(load: Callable[[Progress], IncidentData]) -> IncidentData:
    """Run a (cached) load, with a progress bar if it takes more than a moment.

    The load runs in a worker thread while this one draws the bar: Streamlit's caches
    replay the elements a cached function draws, and cannot replay one drawn on a bar made
    outside it. A cache hit returns at once and draws nothing. The load reports messages,
    put in words here: the worker has no reader's language, and the load it runs is shared
    by readers of every language.
    """
    state: dict[str, Any] = {"fraction": 0.0, "text": Message(N_("Loading…"))}

    def report(fraction: float, text: Message) -> None:
        state.update(fraction=fraction, text=text)

    # Always there (empty when idle): an element that appears only on some runs would move
    # the ones after it, and a moved map is reloaded.
    bar = st.empty()
    with ThreadPoolExecutor(max_workers=1) as pool:
        job = pool.submit(load, report)
        shown: tuple[float, str] | None = None
        while True:
            try:
                return job.result(timeout=0.25)
            except FutureTimeout:
                now = (state["fraction"], state["text"].text())
                if now != shown:  # a bar sent again unchanged only costs every browser
                    shown = now
                    bar.progress(now[0], text=now[1])
            finally:
                if job.done() and shown:
                    bar.empty()


def incident_data() -> IncidentData:
    """The validated, geocoded tables of the data folder, cached until a file changes."""
    folder = paths.DATA_DIR
    return with_progress(lambda report: _incident_data(str(folder), data_version(folder),
                                                       report))


def months(data: IncidentData, filters: Filters) -> pd.DataFrame:
    """Incidents and casualties per month for every filter but the dates (the timeline's
    data), cached: moving the date slider does not recompute it."""
    undated = replace(filters, start=None, end=None)

    def make() -> pd.DataFrame:
        shown = data.incidents[filter_mask(data.incidents, data.casualties, undated)]
        return monthly(shown, groups=data.readings)

    return remember(data, ("months", undated), make)


def _layer_base(data: IncidentData, lang: str) -> LayerBase:
    return remember(data, ("layer base", lang), lambda: LayerBase.of(data.incidents))


@dataclass(frozen=True)
class View:
    """The shown incidents of a load under some filters (what per-view caches work from)."""

    data: IncidentData
    filters: Filters
    shown: pd.DataFrame
    claims: pd.DataFrame

    @cached_property
    def groups(self) -> pd.DataFrame:
        """The shown incidents' group readings: made when first asked for (after the map, on
        a slider move), not before the map is sent."""
        readings = self.data.readings
        return readings[among(readings["incident_id"], self.shown["incident_id"])]

    @cached_property
    def rows(self) -> np.ndarray:
        """The shown incidents' positions in the loaded table."""
        return self.data.incidents.index.get_indexer(self.shown.index)

    @cached_property
    def key(self) -> str:
        """Which incidents are shown, as a short digest: the per-view caches are keyed on it,
        not on the filters, so a slider move that shows the same set (most of them on a small
        table) reuses the layer, the table and the headline; and a string is hashed at once,
        where Streamlit's hashing of the filters cost about a millisecond a call."""
        return hashlib.blake2b(self.rows.tobytes(), digest_size=16).hexdigest()


# Reruns that change nothing shown (a pan reported by the map, a click elsewhere) must cost
# nothing: the layer, the table and the headline figures are cached on the incidents shown
# (View.key) and the selection, so Streamlit also sends the same bytes.
def layer(view: View, selected: str | None, map_view: str = "incidents",
          colour_by: str = "incidents") -> str:
    """The incident layer's data for the map (see :mod:`dashboard.map.layer_data`), in the
    incidents or the districts view."""
    lang = current()

    def make() -> str:
        counts = district_figures(view) if map_view == "districts" else None
        styles = district_styles(view.shown, map_view, colour_by, counts, district_labels(lang))
        return to_script_json(layer_data(view.shown, view.claims, selected,
                                         base=_layer_base(view.data, lang), rows=view.rows,
                                         districts=styles))

    return remember(view.data, ("layer", view.key, selected, map_view, colour_by, lang), make)


def filter_options(data: IncidentData) -> dict[str, tuple[str, ...]]:
    """Each filter's values on the loaded table (:meth:`geo.filtering.FilterSpec.options`),
    made once per load and language (districts are sorted by their name), not on every
    rerun before the map."""
    return remember(data, ("filter options", current()), lambda: {
        spec.param: spec.options(data.incidents) for spec in FILTERS})


def district_figures(view: View) -> pd.DataFrame:
    """Incidents and killed per district of the view (:func:`geo.district_view.district_counts`),
    made once per set of incidents shown for the map and the ranking beside it."""
    return remember(view.data, ("district figures", view.key),
                    lambda: district_counts(view.shown, per_row=_readings_by_row(
                        view.data).iloc[view.rows]))


@st.cache_resource(show_spinner=False)
def district_labels(lang: str) -> dict[str, str]:
    """Each district's name by id, in ``lang`` where the gazetteer has it."""
    frame = districts()
    return dict(zip(frame["district_id"], district_names(frame), strict=True))


# An incident's readings depend on that incident's own claims only: made once per loaded
# table, so a filter change only picks rows.
def readings(data: IncidentData) -> pd.DataFrame:
    """Low/best/high killed and injured of every incident of the load that has claims
    (:func:`geo.casualties.incident_readings`), made once per data load."""
    return remember(data, "readings", lambda: incident_readings(groups=data.readings))


def _readings_by_row(data: IncidentData) -> pd.DataFrame:
    """:func:`readings` row by row with the loaded table (NaN where an incident has none):
    a view takes its rows by position."""
    return remember(data, "readings by row", lambda: readings(data).reindex(
        data.incidents["incident_id"]))


def table(view: View) -> pd.DataFrame:
    """The incident list of the view (its first :data:`MAX_ROWS`); a measure the dataset
    does not record (ACLED's injuries) says so."""
    # Made for the rows shown, not for the whole load: an upload of 79k incidents spent
    # 1.5-1.9 s making rows of which the page shows 500.
    data = view.data
    rows = remember(data, ("table", view.key, current()), lambda: incident_list(
        view.shown.iloc[:MAX_ROWS], data.casualties, per=readings(data)))
    if not view.data.records("injured"):
        rows = rows.assign(Injured=_(NOT_RECORDED))
    return rows


def headline_figures(view: View) -> Figures:
    """The headline's figures of the view (:func:`dashboard.headline.figures`)."""
    shown = remember(view.data, ("figures", view.key, current()), lambda: figures(
        view.shown, view.claims, view.groups, per=readings(view.data)))
    return shown if view.data.records("injured") else not_recorded(shown, "injured")


# Shared like the incident data (read-only): cache_data would unpickle a copy on every rerun.
@st.cache_resource(show_spinner=False)
def outlines() -> tuple[dict[str, Any], dict[str, Any]]:
    """The shipped country outlines and border line (GeoJSON), read once per process."""
    return read_geojson(paths.COUNTRIES_FILE), read_geojson(paths.BORDER_FILE)


@st.cache_resource(show_spinner=False)
def districts() -> pd.DataFrame:
    """The shipped district polygons (:mod:`geo.districts`), read once per process."""
    return read_districts(paths.DATA_DIR)


def base_layers() -> BaseLayers:
    """The base map's data: the shipped country outlines, border line and district polygons
    (the same for every dataset, uploads too) with the districts named in the language in
    use, made and published once per process and language."""
    return _base_layers(current())


@st.cache_resource(show_spinner=False)
def _base_layers(lang: str) -> BaseLayers:
    frame = districts()
    return BaseLayers.of(*outlines(), frame.assign(name=district_names(frame))).published(
        STATIC_DIR)


@st.cache_data(show_spinner=False)
def _reviewed(data_dir: str, version: tuple[tuple[str, int, int], ...]) -> dt.date | None:
    return last_reviewed(Path(data_dir))


def reviewed() -> dt.date | None:
    """When the shipped data was last reviewed (``data/CHANGES.md``), read once per change."""
    return _reviewed(str(paths.DATA_DIR), data_version(paths.DATA_DIR))


def about_markdown() -> str:
    """The 'about' text in the language in use: conflict context from the infobox, precision
    levels, sources (``about.<lang>.md`` where it exists, else ``about.md``)."""
    return _about_markdown(current())


@st.cache_data(show_spinner=False)
def _about_markdown(lang: str) -> str:
    context = json.loads((paths.DATA_DIR / paths.CONTEXT_FILE).read_text("utf-8"))
    countries = {code: _(name) for code, name in COUNTRIES.items()}
    sides = "\n".join(
        "- " + _("**{country} side**: {belligerents}; strength {strength}; casualties ")
        .format(country=countries.get(s["country"], s["country"]),
                belligerents=", ".join(s["belligerents"]), strength=s["strength"]) + "; ".join(
            _("per {claimant}: {text}").format(claimant=c["claimed_by"], text=c["text"])
            for c in s["casualty_claims"])
        for s in context["sides"])
    precisions = "\n".join(f"- `{k}`: {_(v)}" for k, v in LOCATION_PRECISION_MEANINGS.items())
    source = f"[{context['source_title']}]({context['source_url']})"
    translated = Path(__file__).with_name(f"about.{lang}.md")
    about = translated if translated.exists() else Path(__file__).with_name("about.md")
    template = Template(about.read_text("utf-8"))
    return template.substitute(source=source, sides=sides, period=context["period"],
                               other=context["other_casualties"],
                               fortification=context["fortification"], precisions=precisions)


@st.cache_resource(show_spinner=False)
def page_css() -> str:
    """The page's own styles (``dashboard/page.css``: the map-first layout)."""
    return (paths.ROOT / "dashboard" / "page.css").read_text("utf-8")
