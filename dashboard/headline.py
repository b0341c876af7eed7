"""The casualty headline of the shown incidents: totals, by group, by claimant."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.casualties import by_claimant, by_group, readings_text, totals
from geo.schema import CASUALTY_GROUPS, CLAIMANTS


def headline(incidents: pd.DataFrame, claims: pd.DataFrame, groups: pd.DataFrame,
             total_incidents: int, *, per: pd.DataFrame | None = None) -> None:
    """Metrics for the shown incidents, their claims and the claims' group readings
    (:func:`geo.casualties.group_readings`), and the breakdowns. ``per``: the incident
    readings of a set holding the shown ones, when already computed."""
    total = pd.DataFrame([totals(None, incidents["incident_id"], groups=groups, per=per)])
    c1, c2, c3 = st.columns(3)
    c1.metric("Incidents", f"{len(incidents)} of {total_incidents}")
    c2.metric("Killed", readings_text(total, "killed").iloc[0],
              help="Best reading of the claims; contradicting claims about the same people are "
                   "never added up (range low–high where they differ).")
    c3.metric("Injured", readings_text(total, "injured").iloc[0])
    with st.expander("Casualties by group and by claimant"):
        left, right = st.columns(2)
        per_group = by_group(groups=groups)
        left.dataframe(pd.DataFrame({
            "Group": [CASUALTY_GROUPS.get(str(g), str(g)) for g in per_group.index],
            "Killed": readings_text(per_group, "killed").tolist(),
            "Injured": readings_text(per_group, "injured").tolist(),
        }), hide_index=True, width="stretch")
        claimants = by_claimant(claims)
        right.dataframe(pd.DataFrame({
            "Claimed by": [CLAIMANTS.get(str(c), str(c)) for c in claimants.index],
            "Killed": claimants["killed"].astype("string").fillna("—").tolist(),
            "Injured": claimants["injured"].astype("string").fillna("—").tolist(),
            "Incidents": claimants["incidents"].tolist(),
        }), hide_index=True, width="stretch")
        st.caption("By group: best reading (low–high) per incident, added over incidents. "
                   "By claimant: what each claimant says in total, over its own claims only.")
