"""The incident list as shown on the page: one readable row per incident."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from geo.casualties import claimants_per_incident, incident_readings, readings_text
from geo.dates import describe_dates
from geo.filtering import among
from geo.i18n import N_, _
from geo.place_names import local_places
from geo.schema import CLAIMANTS, EVENT_TYPES, LOCATION_PRECISIONS

#: The list's columns (their names stay English: the code and the tests select by them) and
#: the headers a reader sees, translated.
HEADERS = {"Date": N_("Date"), "Type": N_("Type"), "Place": N_("Place"),
           "Precision": N_("Precision"), "Killed": N_("Killed"), "Injured": N_("Injured"),
           "Claimed by": N_("Claimed by"), "Summary": N_("Summary"), "Source": N_("Source"),
           "ID": N_("ID")}


def list_columns() -> dict[str, Any]:
    """The table's column configuration in the language in use."""
    reading = _("Best reading (low–high) of the claims")
    columns: dict[str, Any] = {name: st.column_config.TextColumn(_(label))
                               for name, label in HEADERS.items()}
    columns.update({
        "Source": st.column_config.LinkColumn(_("Source"), display_text=_("open")),
        "Killed": st.column_config.TextColumn(_("Killed"), help=reading),
        "Injured": st.column_config.TextColumn(_("Injured"), help=reading),
        "Summary": st.column_config.TextColumn(_("Summary"), width="large"),
    })
    return columns


#: The page's table shows at most this many rows (a browser grid of more is slow to send
#: on every rerun and no one reads it); the CSV export always has every shown incident.
MAX_ROWS = 500


def incident_list(incidents: pd.DataFrame, claims: pd.DataFrame, *,
                  groups: pd.DataFrame | None = None,
                  per: pd.DataFrame | None = None) -> pd.DataFrame:
    """Date, type, place and precision, casualty readings, claimants, summary and source.

    ``groups``: the claims' :func:`~geo.casualties.group_readings`, when already computed;
    ``per``: their readings per incident (:func:`~geo.casualties.incident_readings`, by
    incident id), when already computed.
    """
    ids = incidents["incident_id"]
    claims = claims[among(claims["incident_id"], ids)]
    if per is None:
        groups = None if groups is None else groups[among(groups["incident_id"], ids)]
        per = incident_readings(claims, groups=groups)
    per = per.reindex(ids)
    claimants = claimants_per_incident(
        claims, lambda c: _(CLAIMANTS.get(c, c))).to_dict()
    precisions = {k: _(v) for k, v in LOCATION_PRECISIONS.items()}
    return pd.DataFrame({
        "Date": describe_dates(incidents).to_numpy(),
        "Type": incidents["event_type"].astype(str).map(
            {k: _(v) for k, v in EVENT_TYPES.items()}).to_numpy(),
        "Place": local_places(incidents).to_numpy(),
        # The casualty readings before the rest: a phone's screen shows the first columns.
        "Killed": readings_text(per, "killed", missing="").to_numpy(),
        "Injured": readings_text(per, "injured", missing="").to_numpy(),
        "Precision": incidents["location_precision"].astype(str).map(precisions).to_numpy(),
        "Claimed by": [claimants.get(i, "") for i in ids],
        "Summary": incidents["summary"].astype(str).to_numpy(),
        "Source": incidents["source_url"].astype(str).to_numpy(),
        "ID": incidents["incident_id"].astype(str).to_numpy(),
    })
