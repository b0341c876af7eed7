"""Cached data access for the page: files are read once per process, not on every rerun."""

from __future__ import annotations

import json
from pathlib import Path
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
    return f"""
**The conflict** ({context['period']}), per the {source}:

{sides}
- Other: {context['other_casualties']}.
- {context['fortification']}

**Location precision.** Each incident is placed only as precisely as its sources allow:

{precisions}

An incident known only to a district or province is drawn at the area's centre (or its
administrative seat where no centroid is known) with a dashed circle of the area's
approximate extent: it is not a point.

**Casualties** are claims: each figure is shown with who claims it; contradicting claims about
the same people are never added up (the headline shows the best reading and the low–high range).

**Sources and licences.** Incidents: the Wikipedia article *Afghanistan–Tajikistan border
skirmishes* and the news reports cited on each row (summaries are our own words). Gazetteer
coordinates: GeoNames (CC BY 4.0), geoBoundaries (public domain; Tajik districts © OpenStreetMap
contributors, ODbL 1.0), Wikipedia, as cited per place. Border line and country outlines:
Natural Earth 1:10m (public domain). Map tiles © OpenStreetMap contributors.
See `data/README.md` for every file's provenance.
"""
