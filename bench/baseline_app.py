"""The baseline for ``bench/page_speed.py``: the same data and date slider, with the map built
the common way — one ``folium.Marker`` (with popup and tooltip) per incident in a
MarkerCluster, the whole map handed to ``st_folium`` and so re-rendered on every rerun.

Not part of the product. Assets are served locally as in the real page (the map would be
blank offline otherwise), and a last script records ``window.bimMap`` like the real incident
layer does, so the benchmark times both pages the same way.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
import streamlit as st  # noqa: E402
from branca.element import MacroElement  # noqa: E402
from folium.plugins import MarkerCluster  # noqa: E402
from jinja2 import Template  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from dashboard.map.assets import ensure_vendor_assets, use_local_assets  # noqa: E402
from geo.filtering import date_bounds, in_date_range  # noqa: E402
from geo.pipeline import load_incident_data  # noqa: E402


class Drawn(MacroElement):
    """Records when the map's script has run to its end (all markers added)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        window.bimMap = {layer: 1, incidents: {{ this.n }}, done: true, at: Date.now()};
        {% endmacro %}
    """)

    def __init__(self, n: int):
        super().__init__()
        self.n = n


st.set_page_config(page_title="Baseline map", layout="wide")
st.cache_resource(ensure_vendor_assets)()
data = st.cache_resource(load_incident_data)()
first, last = date_bounds(data.incidents)
start, end = st.slider("Date range", first, last, (first, last), format="YYYY-MM-DD",
                       key="dates")
shown = in_date_range(data.incidents, start, end).dropna(subset=["latitude", "longitude"])
st.markdown(f"**{len(shown)} of {len(data.incidents)} incidents shown.**")

fmap = folium.Map(location=[37.8, 70.8], zoom_start=6.5, zoomSnap=0.5, max_zoom=14)
cluster = MarkerCluster().add_to(fmap)
for row in shown.itertuples(index=False):
    folium.Marker([row.latitude, row.longitude], popup=str(row.summary),
                  tooltip=f"{row.date_start:%Y-%m-%d} {row.place}").add_to(cluster)
Drawn(len(shown)).add_to(fmap)
st_folium(use_local_assets(fmap), height=560, use_container_width=True, returned_objects=[])
