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
from dashboard import selection  # noqa: E402
from dashboard.assets import ensure_vendor_assets, use_local_assets  # noqa: E402
from dashboard.chart import timeline_charts  # noqa: E402
from dashboard.details import details_panel  # noqa: E402
from dashboard.escaping import md  # noqa: E402
from dashboard.filters_ui import sidebar  # noqa: E402
from dashboard.headline import headline  # noqa: E402
from dashboard.map_view import SELECTED_ZOOM, base_map, incident_layer, layer_control  # noqa: E402
from dashboard.tables import LIST_COLUMNS, incident_list  # noqa: E402
from geo.dates import describe_date  # noqa: E402
from geo.export import to_csv, to_geojson_bytes  # noqa: E402
from geo.filtering import apply_filters, date_bounds, filter_mask  # noqa: E402
from geo.problems import errors  # noqa: E402
from geo.schema import EVENT_TYPES  # noqa: E402

st.set_page_config(page_title="Border Incident Map · Afghanistan–Tajikistan",
                   page_icon="🗺️", layout="wide")
st.cache_resource(ensure_vendor_assets)()

data = page_data.incident_data()
countries, border = page_data.outlines()
incidents, claims = data.incidents, data.casualties

filters = sidebar(incidents)
shown, shown_claims = apply_filters(incidents, claims, filters)
selected = selection.current(shown)

st.title("Afghanistan–Tajikistan border incidents")
st.caption(f"**{len(shown)} of {len(incidents)} incidents shown.** Armed incidents along the "
           "border since 2022, placed no more precisely than their sources allow; casualty "
           "figures are claims, shown with who makes them.")
if data.problems:
    bad = errors(data.problems)
    with st.expander(f"⚠️ {len(bad)} data errors, {len(data.problems) - len(bad)} warnings: "
                     "rows with errors are left out", expanded=bool(bad)):
        st.code("\n".join(str(p) for p in data.problems), language=None)

map_col, side_col = st.columns([5, 3])
with map_col:
    focus = selection.focus_point(shown, selected)
    st_folium(
        use_local_assets(base_map(countries, border, data.places)),
        key="map",
        feature_group_to_add=use_local_assets(incident_layer(shown, shown_claims, selected)),
        layer_control=layer_control(),
        returned_objects=["last_active_drawing"],
        on_change=selection.on_map_click,
        center=focus, zoom=SELECTED_ZOOM if focus else None,
        use_container_width=True, height=560,
    )
with side_col:
    if selected:
        st.button("✕ Clear selection", on_click=selection.clear, key="clear_selection")
        details_panel(incidents, claims, selected)
    else:
        st.info("Click a marker or a row of the table to see an incident's details.")
    off_map = shown[shown["latitude"].isna()]
    with st.expander(f"Not on the map ({len(off_map)})", expanded=not selected):
        if off_map.empty:
            st.caption("Every incident shown has a place on the map.")
        for row in off_map.itertuples(index=False):
            when = describe_date(row.date_start, row.date_end, str(row.date_precision))
            st.markdown(f"**{when}** · {EVENT_TYPES[str(row.event_type)]}  \n{md(row.place)}")
            st.caption(md(row.summary))

headline(shown, shown_claims, len(incidents))

st.subheader("Timeline")
others = incidents[filter_mask(incidents, claims, filters, dates=False)]
for chart, height in zip(timeline_charts(others, claims, date_bounds(incidents),
                                         (filters.start, filters.end)), (170, 140), strict=True):
    st.altair_chart(chart, width="stretch", height=height)
st.caption("Incidents and deaths per month for every filter but the dates; the shaded band is "
           "the chosen date range. Light bars: incidents dated only to the month.")

st.subheader("Incidents")
table = incident_list(shown, shown_claims)
selection.sync_table(table, selected)
st.dataframe(table, hide_index=True, width="stretch", column_config=LIST_COLUMNS,
             key=selection.TABLE_KEY, on_select=selection.on_table_select,
             selection_mode="single-row")

st.subheader("Export what is shown")
stem = f"border-incidents_{filters.start:%Y-%m-%d}_{filters.end:%Y-%m-%d}"
e1, e2 = st.columns(2)
e1.download_button("Download CSV", to_csv(shown, shown_claims), f"{stem}.csv", "text/csv",
                   width="stretch")
e2.download_button("Download GeoJSON", to_geojson_bytes(shown, shown_claims),
                   f"{stem}.geojson", "application/geo+json", width="stretch")

with st.expander("About the data and methods"):
    st.markdown(page_data.about_markdown())
