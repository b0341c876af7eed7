"""The casualty headline of the shown incidents: totals, by group, by claimant."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from geo.casualties import by_claimant, by_group, readings_text, totals
from geo.i18n import N_, _
from geo.schema import CASUALTY_GROUPS, CLAIMANTS


@dataclass(frozen=True)
class Figures:
    """What the headline shows, worked out apart from drawing it (so a page can cache it)."""

    incidents: int
    killed: str
    injured: str
    per_group: pd.DataFrame
    per_claimant: pd.DataFrame


def figures(incidents: pd.DataFrame, claims: pd.DataFrame, groups: pd.DataFrame, *,
            per: pd.DataFrame | None = None) -> Figures:
    """The figures of the shown incidents, their claims and the claims' group readings
    (:func:`geo.casualties.group_readings`). ``per``: the incident readings of a set
    holding the shown ones, when already computed."""
    total = pd.DataFrame([totals(None, incidents["incident_id"], groups=groups, per=per)])
    per_group = by_group(groups=groups)
    claimants = by_claimant(claims)
    return Figures(
        incidents=len(incidents),
        killed=readings_text(total, "killed").iloc[0],
        injured=readings_text(total, "injured").iloc[0],
        per_group=pd.DataFrame({
            _("Group"): [_(CASUALTY_GROUPS.get(str(g), str(g))) for g in per_group.index],
            _("Killed"): readings_text(per_group, "killed").tolist(),
            _("Injured"): readings_text(per_group, "injured").tolist(),
        }),
        per_claimant=pd.DataFrame({
            _("Claimed by"): [_(CLAIMANTS.get(str(c), str(c))) for c in claimants.index],
            _("Killed"): claimants["killed"].astype("string").fillna("—").tolist(),
            _("Injured"): claimants["injured"].astype("string").fillna("—").tolist(),
            _("Incidents"): claimants["incidents"].tolist(),
        }))


#: What the page shows for a measure the dataset does not record at all (ACLED injuries).
NOT_RECORDED = N_("not recorded")


def not_recorded(shown: Figures, measure: str) -> Figures:
    """The figures with ``measure`` ("injured") shown as not recorded rather than 0."""
    column, text = _(measure.capitalize()), _(NOT_RECORDED)
    return replace(shown, **{measure: text},
                   per_group=shown.per_group.assign(**{column: text}),
                   per_claimant=shown.per_claimant.assign(**{column: text}))


def headline(shown: Figures, total_incidents: int) -> None:
    """Metrics for the shown incidents, and the breakdowns by group and by claimant."""
    c1, c2, c3 = st.columns(3)
    c1.metric(_("Incidents"), _("{shown} of {total}").format(
        shown=shown.incidents, total=total_incidents))
    c2.metric(_("Killed"), shown.killed,
              help=_("Best reading of the claims; contradicting claims about the same people "
                     "are never added up (range low–high where they differ)."))
    c3.metric(_("Injured"), shown.injured)
    with st.expander(_("Casualties by group and by claimant")):
        left, right = st.columns(2)
        left.dataframe(shown.per_group, hide_index=True, width="stretch")
        right.dataframe(shown.per_claimant, hide_index=True, width="stretch")
        st.caption(_("By group: best reading (low–high) per incident, added over incidents. "
                     "By claimant: what each claimant says in total, over its own claims "
                     "only."))
