"""Border Incident Map — the Streamlit page. Run: ``streamlit run dashboard/app.py``."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import uuid
from pathlib import Path

# Hosting platforms run this file from the repository root without installing the project;
# make the `geo` and `dashboard` packages importable there too.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from dashboard import data as page_data  # noqa: E402
from dashboard import (  # noqa: E402
    data_source,
    filters_ui,
    language,
    map_first,
    map_fit,
    notices,
    selection,
    upload_store,
    url_sync,
    view_switch,
)
from dashboard.details import details_panel, off_map_panel, point_panel  # noqa: E402
from dashboard.district_panel import district_panel  # noqa: E402
from dashboard.escaping import md  # noqa: E402
from dashboard.exports import export_buttons  # noqa: E402
from dashboard.filters_ui import in_effect, sidebar, waiting_sidebar  # noqa: E402
from dashboard.headline import headline  # noqa: E402
from dashboard.map.assets import ensure_vendor_assets, use_local_assets  # noqa: E402
from dashboard.map.base import base_map, layer_control, layer_group  # noqa: E402
from dashboard.playback_ui import playing  # noqa: E402
from dashboard.tables import MAX_ROWS, list_columns  # noqa: E402
from dashboard.timeline_ui import timeline  # noqa: E402
from geo.filtering import apply_filters, date_bounds  # noqa: E402
from geo.freshness import freshness_line, period_text  # noqa: E402
from geo.i18n import _, ngettext, number  # noqa: E402
from geo.view_state import ViewState  # noqa: E402

st.set_page_config(page_title="Border Incident Map · Afghanistan–Tajikistan",
                   page_icon="🗺️", layout="wide")
st.cache_resource(ensure_vendor_assets)()
st.cache_resource(upload_store.tune_allocator)()  # once per server process
log = logging.getLogger("border_incident_map")
#: The map's height (px): under the one-line title, over 60% of a 900 px screen, and all of
#: it above the fold of a 768 px laptop screen.
MAP_HEIGHT = 560


def page() -> None:
    """Lay out the page: on a session's first run only what is above and beside the map, with
    the filters' widgets and the rest coming on the next run (see :mod:`dashboard.map_first`)."""
    just_opened = map_first.first_run()
    language.choose()
    st.set_page_config(page_title=_("Border Incident Map · Afghanistan–Tajikistan"))
    data, dataset_name = data_source.choose(draw=not just_opened)
    incidents, claims = data.incidents, data.casualties
    if incidents.empty and dataset_name != data_source.SHIPPED_NAME:
        # An upload that is no export: say why, and show the shipped data rather than nothing.
        notices.unusable_file(dataset_name, data.problems)
        data, dataset_name = page_data.incident_data(), data_source.SHIPPED_NAME
        incidents, claims = data.incidents, data.casualties
    if incidents.empty:
        notices.unusable_file(dataset_name, data.problems)
        st.stop()

    link_notices = url_sync.restore(incidents)
    language.switch()
    filters = in_effect(incidents)
    shown, shown_claims = apply_filters(incidents, claims, filters)
    shown_view = page_data.View(data, filters, shown, shown_claims)
    selected = selection.current(shown)

    st.markdown(f"<style>{page_data.page_css()}</style>", unsafe_allow_html=True)
    reviewed = page_data.reviewed() if dataset_name == data_source.SHIPPED_NAME else None
    with st.container(key="intro"):
        # Anchored: "Back to the map" links (the map is right below) scroll here.
        st.title(_("Afghanistan–Tajikistan border incidents"), anchor="map")
        st.caption(intro_line(len(shown), incidents, dataset_name, reviewed))
    # Notices live in one container that is always there, so the map below keeps its place in
    # the page (an element that moves is re-created: the map would reload).
    with st.container():
        if link_notices:
            st.warning(_("**This link was partly changed to fit the data:**") + "\n\n" + "\n".join(
                f"- {md(n)}" for n in link_notices), icon="🔗")
            st.button(_("Dismiss"), on_click=url_sync.dismiss_notices, key="dismiss_notices")
        if data.problems:
            notices.problems_notice(data.problems, listed=not just_opened)

    # The widgets come after the map (its message goes out first: the sidebar's many elements
    # kept it waiting), unless a callback changed their values (filters_ui.set_held).
    filters_first = not just_opened and filters_ui.drawn_first()
    if filters_first:
        sidebar(incidents, page_data.filter_options(data))
    with st.container(key="map_row"):
        map_col, side_col = st.columns([3, 1])
    with map_col:
        map_shows, colour_by = view_switch.switch()
        request = selection.map_request(shown, selected)
        layer = page_data.layer(shown_view, selected, map_shows, colour_by)
        fit = map_fit.hold(filters) if playing() else map_fit.fit_request(
            filters, shown, page_data.districts(), selected, date_bounds(incidents))
        st_folium(
            use_local_assets(base_map(page_data.base_layers())),
            key=selection.MAP_KEY,
            feature_group_to_add=layer_group(layer, fit),
            layer_control=layer_control(),
            returned_objects=["last_active_drawing", "last_object_clicked_count", "center", "zoom"],
            on_change=selection.on_map_change,
            center=(request.lat, request.lon) if request else None,
            zoom=request.zoom if request else None,
            use_container_width=True, height=MAP_HEIGHT,
            # st_folium renders the map itself as well; rendering the whole figure first
            # (its default) only doubles the work and gives the same strings (measured).
            render=False,
        )
    # While playing, steps follow each other: no pause (it would only slow them down).
    map_first.head_start(layer, rest_follows=not just_opened and not playing())
    if just_opened:
        waiting_sidebar()
    elif not filters_first:
        sidebar(incidents, page_data.filter_options(data))
    # The panel scrolls beside the map, as tall as it: long details never push the page.
    with side_col, st.container(height=MAP_HEIGHT + 58, border=False, key="side_panel"):
        point = st.session_state.get(selection.POINT_KEY)
        if point:
            point_panel(shown, shown_claims, shown_view.groups, point)
        if selected:
            st.button(_("✕ Clear selection"), on_click=selection.clear, key="clear_selection")
            details_panel(incidents, claims, data.readings, selected)
        elif map_shows == "districts":
            district_panel(shown_view, colour_by)
        elif not point:
            st.info(_("Click a marker or a row of the table to see an incident's details."))
        off_map_panel(shown, expanded=not (selected or point or map_shows == "districts"))

    view = url_sync.view_state(filters, selected)
    url_sync.write(view)
    if just_opened:
        map_first.rest_placeholder()
        return
    below_map(shown_view, selected, view, dataset_name)


def intro_line(shown: int, incidents: pd.DataFrame, dataset_name: str,
               reviewed: dt.date | None) -> str:
    """Under the title: how many incidents are shown, of which data, how current."""
    what = _(data_source.SHIPPED_NAME) if dataset_name == data_source.SHIPPED_NAME else (
        _("your upload {name} ({period})").format(name=md(dataset_name),
                                                  period=md(period_text(incidents))))
    # English says "1 of 1 incidents shown" (what it said before translations); Russian
    # agrees its noun with the total ("из 1 инцидента", "из 5 инцидентов").
    count = ngettext("**{shown} of {total} incidents shown**",
                     "**{shown} of {total} incidents shown**", len(incidents))
    return (count.format(shown=number(shown), total=number(len(incidents)))
            + f" · {what} · {freshness_line(incidents, reviewed)}.")


def below_map(shown_view: page_data.View, selected: str | None, view: ViewState,
              dataset_name: str) -> None:
    """Headline figures, timeline, incident table, link, exports and About."""
    data, filters, incidents = shown_view.data, shown_view.filters, shown_view.data.incidents
    shown = shown_view.shown
    uploaded = dataset_name != data_source.SHIPPED_NAME
    headline(page_data.headline_figures(shown_view), len(incidents))
    st.caption((_("Armed incidents along the Afghanistan–Tajikistan border, {period}, from "
                  "your upload {name}.") if uploaded else
                _("Armed incidents along the Afghanistan–Tajikistan border, {period}."))
               .format(period=md(period_text(incidents)), name=md(dataset_name)) + " "
               + _("Each is placed no more precisely than its sources allow; casualty figures "
                   "are claims, shown with who makes them."))

    st.subheader(_("Timeline"))
    timeline(page_data.months(data, filters), date_bounds(incidents),
             (filters.start, filters.end))

    st.subheader(_("Incidents"))
    st.caption(_("Select a row with the box at its left (keyboard: move to a row with the "
                 "arrow keys, then press Shift+Space) to show that incident on the map and its "
                 "details beside it."))
    if selected:
        # A phone shows the map far above the table: say here what the selection did.
        st.success(_("Selected: {incident}. It is ringed on the map, with its details next to "
                     "it. [↑ Back to the map](#map)").format(
                         incident=md(selection.summary(shown, selected))), icon="📍")
    table = page_data.table(shown_view)
    if len(shown) > MAX_ROWS:
        st.caption(_("The first {first} of {shown} incidents shown, by date: narrow the filters "
                     "to see the others here, or download them all as CSV below.").format(
                         first=number(MAX_ROWS), shown=number(len(shown))))
    selection.sync_table(table, selected)
    st.dataframe(table, hide_index=True, width="stretch", column_config=list_columns(),
                 key=selection.TABLE_KEY, on_select=selection.on_table_select,
                 selection_mode="single-row")

    link = url_sync.share_url(view)

    st.subheader(_("Share and export what is shown"))
    with st.container(border=True):
        st.markdown(_("**Link to this view** — copy it with the button at the right of the "
                      "box:"))
        st.code(link, language=None, wrap_lines=True)
        st.caption(_("The link keeps the date range, every filter, the selected incident, the "
                     "map's centre and zoom and the language; the address bar always holds the "
                     "same link.") + " "
                   + (_("A link cannot carry an uploaded file: it opens the shipped data with "
                        "these filters.") if uploaded else
                      _("Opening it shows the same incidents on the current data.")))
    export_buttons(shown_view, selected, view, link, not uploaded)

    with st.expander(_("About the data and methods")):
        st.markdown(page_data.about_markdown())


# Viewers never see a traceback (client.showErrorDetails = "none"): a friendly message with a
# reference that points to the full traceback in the server log.
try:
    page()
except Exception:
    reference = uuid.uuid4().hex[:8]
    log.exception("page error, reference %s", reference)
    st.error(_("Something went wrong while drawing this page. Reload it, or reset the filters. "
               "If it persists, report the reference **{reference}**.").format(
                   reference=reference))
