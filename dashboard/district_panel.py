"""Beside the districts view: the districts ranked by what the map colours them by."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data as page_data
from geo.casualties import readings_text
from geo.i18n import _, number
from geo.place_names import area_name, district_names

RANK_KEY = "district_rank"


def ranking(counts: pd.DataFrame, colour_by: str) -> pd.DataFrame:
    """One row per district of ``counts`` (:func:`geo.district_view.district_counts`): name,
    incidents, killed (best, with the low–high where claims differ), country and province,
    ranked by ``colour_by``."""
    if colour_by == "killed":
        counts = counts.sort_values(["killed_best", "incidents"], ascending=False)
    polygons = page_data.districts()
    found = polygons.assign(name=district_names(polygons)).set_index("district_id").reindex(
        counts.index)
    # The counts right after the name: they are what the view is for (a narrow panel cuts
    # the columns at its right edge).
    return pd.DataFrame({_("District"): found["name"].to_numpy(),
                         _("Incidents"): counts["incidents"].to_numpy(),
                         _("Killed"): readings_text(counts, "killed").to_numpy(),
                         _("Country"): found["country"].to_numpy(),
                         _("Province"): [area_name(c, a) for c, a in zip(
                             found["country"], found["admin1"], strict=True)],
                         "ID": counts.index.to_numpy()})


def district_panel(view: page_data.View, colour_by: str) -> None:
    """The ranked districts and how many shown incidents are in none of them."""
    shown = view.shown
    table = ranking(page_data.district_figures(view), colour_by)
    outside = int(shown["district_id"].isna().sum())
    st.markdown(_("**{n} districts** with incidents shown").format(n=len(table)))
    st.dataframe(table.drop(columns="ID"), hide_index=True, width="stretch", key=RANK_KEY,
                 height=min(420, 35 * (len(table) + 1) + 3))
    if outside:
        st.caption(_("{outside} of the {shown} incidents shown are in no district (known only "
                     "to a province, only 'along the border', or not placed) and are left out "
                     "of the districts.").format(outside=number(outside),
                                                 shown=number(len(shown))))
    st.caption(_("Click a district on the map to keep only its incidents; the District filter "
                 "in the sidebar takes several."))
