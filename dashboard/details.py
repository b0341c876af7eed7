"""The side panel: the selected incident's details, the incidents under a clicked marker of
several, and those with no point on the map."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import selection
from dashboard.escaping import md, md_link
from dashboard.popups import claim_line, location_sentence, source_name
from dashboard.tables import MAX_ROWS, incident_list
from geo.casualties import readings_text
from geo.dates import describe_date, describe_dates
from geo.filtering import same_district
from geo.i18n import _, number
from geo.place_names import area_name, local_place
from geo.points import at_point
from geo.schema import CASUALTY_GROUPS, COUNTRIES, EVENT_TYPES, LOCATION_PRECISIONS
from geo.summaries import summary_of

#: Lists in the side panel stop after this many lines (the table has them all).
LIST_LIMIT = 10


def details_panel(incidents: pd.DataFrame, claims: pd.DataFrame, groups: pd.DataFrame,
                  incident_id: str) -> None:
    """Every field of one incident, its claims one per line, readings (``groups``: the
    load's :func:`geo.casualties.group_readings`, made once per load), and neighbours."""
    row = incidents[incidents["incident_id"] == incident_id].iloc[0]
    when = describe_date(row["date_start"], row["date_end"], str(row["date_precision"]))
    st.markdown(f"### {when}")
    place = local_place(row["place"], row.get("place_id"))
    st.markdown(f"**{_(EVENT_TYPES[str(row['event_type'])])}** · {md(place)} "
                f"({_(COUNTRIES[str(row['country'])])})")
    st.caption(md(location_sentence(row.to_dict())))
    sides = _(" vs ").join(md(s) for s in (row["side_a"], row["side_b"])
                           if isinstance(s, str) and s)
    st.markdown(_("**Sides:** {sides}").format(sides=sides))
    summary, original = summary_of(row.to_dict())
    st.markdown((f"*{md(original)}* " if original else "") + md(summary))

    own = claims[claims["incident_id"] == incident_id]
    st.markdown(_("**Casualty claims**"))
    if own.empty:
        st.caption(_("No casualty figures reported."))
    for claim in own.to_dict("records"):
        # The note names the claim's source; it follows the line, not inside brackets (notes
        # have brackets of their own).
        note = f"  \n  *{md(claim['notes'])}*" if isinstance(claim.get("notes"), str) and \
            claim["notes"] else ""
        st.markdown(f"- {md(claim_line(claim))}{note}")
    readings = groups[groups["incident_id"] == incident_id]
    differ = [readings[f"{m}_low"].notna() & (readings[f"{m}_low"] != readings[f"{m}_high"])
              for m in ("killed", "injured")]
    contested = readings[differ[0] | differ[1]]
    for group, killed, injured in zip(
            contested["group"], readings_text(contested, "killed", _("not stated")),
            readings_text(contested, "injured", _("not stated")), strict=True):
        st.markdown("- " + _("Reading for {group} (best, low–high): killed {killed}, injured "
                             "{injured}").format(group=_(CASUALTY_GROUPS[str(group)]).lower(),
                                                 killed=killed, injured=injured))

    km = _("km")
    facts = {
        _("Location precision"): _(LOCATION_PRECISIONS[str(row["location_precision"])]),
        _("Province / district"): " / ".join(
            area_name(row["country"], row["admin1"], *district) for value, district in (
                (row["admin1"], ()), (row["admin2"], (row["admin2"],)))
            if isinstance(value, str) and value) or "—",
        _("Coordinates"): "—" if pd.isna(row["latitude"]) else
        f"{row['latitude']:.4f}, {row['longitude']:.4f}",
        _("Distance to the border"): distance_text(row),
        _("Uncertainty radius"): "—" if pd.isna(row["uncertainty_km"]) else
        f"{number(row['uncertainty_km'])} {km}",
    }
    st.markdown("\n".join(f"- **{k}:** {md(v)}" for k, v in facts.items()))
    if isinstance(row["notes"], str) and row["notes"]:
        st.markdown(_("**Notes:** {notes}").format(notes=md(row["notes"])))
    sources = [(row["source_title"], row["source_url"])] + [
        (source_name(u), u) for u in str(row["more_sources"] or "").split()]
    st.markdown(_("**Sources:**") + " " + " · ".join(md_link(u, t) for t, u in sources))

    neighbours = same_district(incidents, incident_id)
    if len(neighbours):
        st.markdown(_("**Also in {district} district** ({n}):").format(
            district=md(area_name(row["country"], row["admin1"], row["admin2"])),
            n=number(len(neighbours))))
        first = neighbours.iloc[:LIST_LIMIT]
        lines = [f"- {md(when_n)}: {_(EVENT_TYPES[str(t)])} ({md(i)})" for when_n, t, i in zip(
            describe_dates(first), first["event_type"], first["incident_id"], strict=True)]
        if len(neighbours) > LIST_LIMIT:
            lines.append("- " + _("… and {n} more").format(
                n=number(len(neighbours) - LIST_LIMIT)))
        st.markdown("\n".join(lines))


def distance_text(row: pd.Series) -> str:
    """The distance to the border where the point is the incident's own (exact or near); a
    district's or province's centre says nothing of where the incident was."""
    if pd.isna(row["distance_to_border_km"]):
        return "—"
    if str(row["location_precision"]) not in ("exact", "near"):
        return _("not known (the point is the area's centre)")
    return f"{number(row['distance_to_border_km'], 1)} {_('km')}"


def point_panel(shown: pd.DataFrame, claims: pd.DataFrame, groups: pd.DataFrame,
                key: str) -> None:
    """The incidents under a clicked marker of several, as a list to pick one from."""
    here = at_point(shown, key)
    with st.container(border=True):
        head, close = st.columns([6, 1])
        close.button("✕", on_click=selection.close_point, key="close_point",
                     help=_("Close this list"))
        if here.empty:
            head.caption(_("None of the incidents of the marker you clicked is shown now."))
            return
        places = here["place"].astype(str).value_counts().index
        where = ", ".join(md(p) for p in places[:3]) + (
            " " + _("and {n} other places").format(n=number(len(places) - 3))
            if len(places) > 3 else "")
        head.markdown(_("**{n} incidents at one point** · {where}").format(
            n=number(len(here)), where=where))
        table = incident_list(here.iloc[:MAX_ROWS], claims, groups=groups)[
            ["Date", "Type", "Precision", "Killed", "Injured", "ID"]]
        selection.point_rows(table)
        st.dataframe(table, hide_index=True, width="stretch", key=selection.POINT_TABLE_KEY,
                     on_select=selection.on_point_select, selection_mode="single-row",
                     height=min(320, 35 * (len(table) + 1) + 3))
        st.caption(_("Select a row to see that incident's details")
                   + (" " + _("(the first {n} by date).").format(n=number(MAX_ROWS))
                      if len(here) > MAX_ROWS else "."))


def _off_map_entry(row: Any, when: str) -> str:
    """Date, type and place of an incident, with its summary in italics below."""
    text, original = summary_of({"summary": row.summary})
    summary = md(text)
    mark = f"{md(original)} " if original else ""
    return (f"**{md(when)}** · {_(EVENT_TYPES[str(row.event_type)])}  \n{md(row.place)}"
            + (f"  \n{mark}*{summary}*" if summary else ""))


def off_map_panel(shown: pd.DataFrame, *, expanded: bool) -> None:
    """The shown incidents with no point on the map (only 'along the border', or unplaced)."""
    # Only the listed rows are taken: copying every off-map row of a large table cost more
    # than the rest of the panel.
    off = shown["latitude"].isna().to_numpy()
    count = int(off.sum())
    with st.expander(_("Not on the map ({n})").format(n=number(count)), expanded=expanded):
        if not count:
            st.caption(_("Every incident shown has a place on the map."))
        first = shown.iloc[off.nonzero()[0][:LIST_LIMIT]]
        # One element for the whole list: the browser re-renders every element of the page
        # on each rerun, so twenty small ones here cost every slider move.
        # Only the columns an entry shows: pandas' row tuples of every column cost more.
        rows = first[["summary", "event_type", "place"]].itertuples(index=False)
        entries = [_off_map_entry(row, when) for row, when in
                   zip(rows, describe_dates(first), strict=True)]
        if entries:
            st.markdown("\n\n".join(entries))
        if count > LIST_LIMIT:
            st.caption(_("… and {n} more: every one is in the table and the CSV export.")
                       .format(n=number(count - LIST_LIMIT)))
