"""The details panel of the selected incident."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.escaping import md, md_link
from dashboard.popups import claim_line, location_sentence
from dashboard.style import PRECISION_LABELS
from geo.casualties import group_readings
from geo.dates import describe_date
from geo.filtering import same_district
from geo.schema import CASUALTY_GROUPS, COUNTRIES, EVENT_TYPES


def _reading(low: object, best: object, high: object) -> str:
    if pd.isna(best):
        return "not stated"
    return f"{best}" if low == high else f"best {best} (low {low}, high {high})"


def details_panel(incidents: pd.DataFrame, claims: pd.DataFrame, incident_id: str) -> None:
    """Every field of one incident, its claims one per line, readings, and neighbours."""
    row = incidents[incidents["incident_id"] == incident_id].iloc[0]
    when = describe_date(row["date_start"], row["date_end"], str(row["date_precision"]))
    st.markdown(f"### {when}")
    st.markdown(f"**{EVENT_TYPES[str(row['event_type'])]}** · {md(row['place'])} "
                f"({COUNTRIES[str(row['country'])]})")
    st.caption(md(location_sentence(row.to_dict())))
    sides = " vs ".join(md(s) for s in (row["side_a"], row["side_b"]) if isinstance(s, str) and s)
    st.markdown(f"**Sides:** {sides}")
    st.markdown(md(row["summary"]))

    own = claims[claims["incident_id"] == incident_id]
    st.markdown("**Casualty claims**")
    if own.empty:
        st.caption("No casualty figures reported.")
    for claim in own.to_dict("records"):
        note = f" *({md(claim['notes'])})*" if isinstance(claim.get("notes"), str) and \
            claim["notes"] else ""
        st.markdown(f"- {md(claim_line(claim))}{note}")
    readings = group_readings(own)
    contested = readings[(readings["killed_low"] != readings["killed_high"]) |
                         (readings["injured_low"] != readings["injured_high"])].fillna(0)
    for r in contested.to_dict("records") if len(readings) else []:
        st.markdown(f"- Reading for {CASUALTY_GROUPS[str(r['group'])].lower()}: killed "
                    f"{_reading(r['killed_low'], r['killed_best'], r['killed_high'])}, injured "
                    f"{_reading(r['injured_low'], r['injured_best'], r['injured_high'])}")

    facts = {
        "Location precision": PRECISION_LABELS[str(row["location_precision"])],
        "Province / district": " / ".join(str(v) for v in (row["admin1"], row["admin2"])
                                          if isinstance(v, str) and v) or "—",
        "Coordinates": "—" if pd.isna(row["latitude"]) else
        f"{row['latitude']:.4f}, {row['longitude']:.4f}",
        "Distance to the border": "—" if pd.isna(row["distance_to_border_km"]) else
        f"{row['distance_to_border_km']:.1f} km",
        "Uncertainty radius": "—" if pd.isna(row["uncertainty_km"]) else
        f"{row['uncertainty_km']:.0f} km",
    }
    st.markdown("\n".join(f"- **{k}:** {md(v)}" for k, v in facts.items()))
    if isinstance(row["notes"], str) and row["notes"]:
        st.markdown(f"**Notes:** {md(row['notes'])}")
    sources = [(row["source_title"], row["source_url"])] + [
        (f"Source {i}", u) for i, u in enumerate(str(row["more_sources"] or "").split(), 2)]
    st.markdown("**Sources:** " + " · ".join(md_link(u, t) for t, u in sources))

    neighbours = same_district(incidents, incident_id)
    if len(neighbours):
        st.markdown(f"**Also in {md(row['admin2'])} district:**")
        for n in neighbours.itertuples(index=False):
            when_n = describe_date(n.date_start, n.date_end, str(n.date_precision))
            st.markdown(f"- {md(when_n)}: {EVENT_TYPES[str(n.event_type)]} ({md(n.incident_id)})")
