"""The incident list as shown on the page: one readable row per incident."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.headline import reading
from geo.casualties import incident_readings
from geo.dates import describe_date
from geo.schema import EVENT_TYPES

LIST_COLUMNS = {
    "Source": st.column_config.LinkColumn("Source", display_text="open"),
    "Killed": st.column_config.TextColumn("Killed", help="Best reading (low–high) of the claims"),
    "Injured": st.column_config.TextColumn("Injured", help="Best reading (low–high) of the claims"),
    "Summary": st.column_config.TextColumn("Summary", width="large"),
}


def _reading(per: pd.DataFrame, incident_id: str, measure: str) -> str:
    if incident_id not in per.index:
        return ""
    return reading(*(per.at[incident_id, f"{measure}_{r}"] for r in ("low", "best", "high")),
                   missing="")


def incident_list(incidents: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Date, type, place and precision, casualty readings, claimants, summary and source."""
    per = incident_readings(claims)
    claimants = claims.groupby("incident_id")["claimed_by"].agg(
        lambda s: ", ".join(sorted(set(map(str, s)))))
    return pd.DataFrame({
        "Date": [describe_date(s, e, str(p)) for s, e, p in
                 zip(incidents["date_start"], incidents["date_end"],
                     incidents["date_precision"], strict=True)],
        "Type": [EVENT_TYPES[str(t)] for t in incidents["event_type"]],
        "Place": incidents["place"].astype(str),
        "Precision": incidents["location_precision"].astype(str),
        "Killed": [_reading(per, i, "killed") for i in incidents["incident_id"]],
        "Injured": [_reading(per, i, "injured") for i in incidents["incident_id"]],
        "Claimed by": [claimants.get(i, "") for i in incidents["incident_id"]],
        "Summary": incidents["summary"].astype(str),
        "Source": incidents["source_url"].astype(str),
        "ID": incidents["incident_id"].astype(str),
    })
