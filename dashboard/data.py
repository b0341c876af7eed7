"""Cached data access for the page: files are read once per process, not on every rerun."""

from __future__ import annotations

import json
from pathlib import Path
from string import Template
from typing import Any

import streamlit as st

from geo import paths
from geo.border import read_geojson
from geo.pipeline import IncidentData, load_incident_data
from geo.schema import COUNTRIES, LOCATION_PRECISIONS


def data_version(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the data files: a changed file is reloaded."""
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                 for p in sorted(data_dir.glob("*")) if p.is_file())


@st.cache_data(show_spinner="Loading and geocoding incidents…", max_entries=8)
def _incident_data(data_dir: str, version: tuple[tuple[str, int, int], ...]) -> IncidentData:
    return load_incident_data(data_dir)


def incident_data() -> IncidentData:
    """The validated, geocoded tables of the data folder, cached until a file changes."""
    folder = paths.DATA_DIR
    return _incident_data(str(folder), data_version(folder))


@st.cache_data(show_spinner=False)
def outlines() -> tuple[dict[str, Any], dict[str, Any]]:
    """The shipped country outlines and border line (GeoJSON)."""
    return read_geojson(paths.COUNTRIES_FILE), read_geojson(paths.BORDER_FILE)


@st.cache_data(show_spinner=False)
def about_markdown() -> str:
    """The 'about' text: conflict context from the infobox, precision levels, sources."""
    context = json.loads((paths.DATA_DIR / paths.CONTEXT_FILE).read_text("utf-8"))
    sides = "\n".join(
        f"- **{COUNTRIES[s['country']]} side**: {', '.join(s['belligerents'])}; strength "
        f"{s['strength']}; casualties " + "; ".join(
            f"per {c['claimed_by']}: {c['text']}" for c in s["casualty_claims"])
        for s in context["sides"])
    precisions = "\n".join(f"- `{k}`: {v}" for k, v in LOCATION_PRECISIONS.items())
    source = f"[{context['source_title']}]({context['source_url']})"
    template = Template(Path(__file__).with_name("about.md").read_text("utf-8"))
    return template.substitute(source=source, sides=sides, period=context["period"],
                               other=context["other_casualties"],
                               fortification=context["fortification"], precisions=precisions)
