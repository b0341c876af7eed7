"""The incident list as shown on the page: one readable row per incident."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.casualties import claimants_per_incident, incident_readings, readings_text
from geo.dates import describe_dates
from geo.filtering import among
from geo.schema import EVENT_TYPES

LIST_COLUMNS = {
    "Source": st.column_config.LinkColumn("Source", display_text="open"),
    "Killed": st.column_config.TextColumn("Killed", help="Best reading (low–high) of the claims"),
    "Injured": st.column_config.TextColumn("Injured", help="Best reading (low–high) of the claims"),
    "Summary": st.column_config.TextColumn("Summary", width="large"),
}


#: The page's table shows at most this many rows (a browser grid of more is slow to send
#: on every rerun and no one reads it); the CSV export always has every shown incident.
MAX_ROWS = 500


def incident_list(incidents: pd.DataFrame, claims: pd.DataFrame, *,
                  groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """Date, type, place and precision, casualty readings, claimants, summary and source.

    ``groups``: the claims' :func:`~geo.casualties.group_readings`, when already computed.
    """
    ids = incidents["incident_id"]
    claims = claims[among(claims["incident_id"], ids)]
    groups = None if groups is None else groups[among(groups["incident_id"], ids)]
    per = incident_readings(claims, groups=groups).reindex(ids)
    claimants = claimants_per_incident(claims).to_dict()
    return pd.DataFrame({
        "Date": describe_dates(incidents).to_numpy(),
        "Type": incidents["event_type"].astype(str).map(EVENT_TYPES).to_numpy(),
        "Place": incidents["place"].astype(str).to_numpy(),
        # The casualty readings before the rest: a phone's screen shows the first columns.
        "Killed": readings_text(per, "killed", missing="").to_numpy(),
        "Injured": readings_text(per, "injured", missing="").to_numpy(),
        "Precision": incidents["location_precision"].astype(str).to_numpy(),
        "Claimed by": [claimants.get(i, "") for i in ids],
        "Summary": incidents["summary"].astype(str).to_numpy(),
        "Source": incidents["source_url"].astype(str).to_numpy(),
        "ID": incidents["incident_id"].astype(str).to_numpy(),
    })
