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

**Sources and licences of the data files** (details in `data/README.md`):

| file | source | licence |
|---|---|---|
| `incidents.csv`, `casualties.csv` | the Wikipedia article *Afghanistan–Tajikistan border skirmishes* and the news reports cited on each row | facts from the cited sources; summaries in our own words |
| `places.csv` | GeoNames, geoBoundaries, Wikipedia, as cited per place | GeoNames CC BY 4.0; geoBoundaries AFG public domain; geoBoundaries TJK © OpenStreetMap contributors, ODbL 1.0 |
| `border.geojson`, `countries.geojson` | Natural Earth 1:10m v4.1.0 (via world-atlas) | public domain |
| `conflict.json` | the Wikipedia article's infobox | facts |

Map tiles: © OpenStreetMap contributors; Terrain © OpenTopoMap (CC-BY-SA); Satellite © Esri.

**Adding an incident.** Add a row to `data/incidents.csv` (dates with their precision, the place
as the source names it, your own short summary, the source), one row per casualty claim to
`data/casualties.csv`, and any new place to `data/places.csv` with the source of its coordinate
(check it with `python -m geo geocode "Name" --country TJ`). Then run `python -m geo validate`:
it names the file, line and field of every problem. The page picks up the change on its next
rerun.
"""
