"""Border Incident Map — the Streamlit page. Run: ``streamlit run dashboard/app.py``."""

from __future__ import annotations

import sys
from pathlib import Path

# Hosting platforms run this file from the repository root without installing the project;
# make the `geo` and `dashboard` packages importable there too.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from dashboard import data as page_data  # noqa: E402
from dashboard.assets import ensure_vendor_assets, use_local_assets  # noqa: E402
from dashboard.map_view import base_map, incident_layer  # noqa: E402
from dashboard.tables import incident_list  # noqa: E402
from geo.casualties import totals  # noqa: E402
from geo.dates import describe_date  # noqa: E402
from geo.filtering import date_bounds, in_date_range  # noqa: E402
from geo.problems import errors  # noqa: E402
from geo.schema import EVENT_TYPES  # noqa: E402

st.set_page_config(page_title="Border Incident Map · Afghanistan–Tajikistan",
                   page_icon="🗺️", layout="wide")
st.cache_resource(ensure_vendor_assets)()

data = page_data.incident_data()
countries, border = page_data.outlines()
incidents, claims = data.incidents, data.casualties

st.title("Afghanistan–Tajikistan border incidents")
st.caption("Armed incidents along the Afghanistan–Tajikistan border since 2022, placed no more "
           "precisely than their sources allow. Casualty figures are claims, shown with who "
           "makes them.")

if data.problems:
    bad = errors(data.problems)
    with st.expander(f"⚠️ {len(bad)} data errors, {len(data.problems) - len(bad)} warnings: "
                     "rows with errors are left out", expanded=bool(bad)):
        st.code("\n".join(str(p) for p in data.problems), language=None)

first, last = date_bounds(incidents)
with st.sidebar:
    st.header("Filters")
    start, end = st.slider("Date range", min_value=first, max_value=last, value=(first, last),
                           format="YYYY-MM-DD", key="dates",
                           help="Shows every incident whose date interval overlaps the range; "
                                "an incident known only to the month counts for any day in it.")

shown = in_date_range(incidents, start, end)
shown_claims = claims[claims["incident_id"].isin(shown["incident_id"])]
total = totals(shown_claims, shown["incident_id"])


def _figure(reading: str) -> str:
    low, best, high = (total[f"{reading}_{r}"] for r in ("low", "best", "high"))
    return f"{best}" if low == high else f"{best} ({low}–{high})"


c1, c2, c3 = st.columns(3)
c1.metric("Incidents", f"{len(shown)} of {len(incidents)}")
c2.metric("Killed", _figure("killed"), help="Best reading of the claims; contradicting claims "
          "about the same people are never added up (range low–high where they differ).")
c3.metric("Injured", _figure("injured"))

fmap = use_local_assets(base_map(countries, border))
layer = use_local_assets(incident_layer(shown, shown_claims))
map_col, side_col = st.columns([3, 1])
with map_col:
    st_folium(fmap, key="map", feature_group_to_add=layer, returned_objects=[],
              use_container_width=True, height=560)
with side_col:
    off_map = shown[shown["latitude"].isna()]
    st.subheader(f"Not on the map ({len(off_map)})")
    if off_map.empty:
        st.caption("Every incident in the range has a place on the map.")
    for row in off_map.itertuples(index=False):
        when = describe_date(row.date_start, row.date_end, str(row.date_precision))
        st.markdown(f"**{when}** · {EVENT_TYPES[str(row.event_type)]}  \n{row.place}")
        st.caption(str(row.summary))

st.subheader("Incidents in the range")
st.dataframe(incident_list(shown, shown_claims), hide_index=True, width="stretch",
             column_config=page_data.LIST_COLUMNS)

with st.expander("About the data and its sources"):
    st.markdown(page_data.about_markdown())
