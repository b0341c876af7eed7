"""What a marker says: popup and tooltip HTML, every value escaped in one place."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from dashboard.escaping import escape, link
from geo.dates import describe_date, describe_dates
from geo.schema import CASUALTY_GROUPS, CLAIMANTS, EVENT_TYPES, POINT_KINDS


def _num(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else str(int(value))


def source_name(url: str) -> str:
    """A further source's link text: its site ('asiaplustj.info'), not 'Source 2'."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def claim_line(claim: Mapping[str, Any]) -> str:
    """'Civilians (CN): 3 killed, 1 injured — per Tajikistan', as plain text."""
    group = CASUALTY_GROUPS.get(str(claim["group"]), str(claim["group"]))
    nationality = claim.get("nationality")
    who = f"{group} ({nationality})" if isinstance(nationality, str) and nationality else group
    parts = [f"{n} {label}" for n, label in ((_num(claim["killed"]), "killed"),
                                             (_num(claim["injured"]), "injured")) if n]
    claimant = str(claim["claimed_by"])
    by = f"per {CLAIMANTS[claimant]}" if claimant in CLAIMANTS and claimant != "unattributed" \
        else "unattributed"
    return f"{who}: {', '.join(parts)} — {by}"


def location_sentence(incident: Mapping[str, Any]) -> str:
    """How precisely the incident is placed, in words a reader can check, as plain text."""
    precision = str(incident["location_precision"])
    place = str(incident["place"])
    if precision == "border":
        return "Only known to be along the border: not on the map."
    if pd.isna(incident.get("latitude")):
        return f"Could not be placed: {incident.get('geocode_note') or 'unknown place'}."
    radius = incident.get("uncertainty_km")
    circle = f" The circle shows about {radius:.0f} km." if radius and not pd.isna(radius) else ""
    kind = POINT_KINDS.get(str(incident.get("point_kind")), "point given by the source")
    # The note names the gazetteer entry the place is drawn at; the reader needs only that
    # the place has no point of its own (the sentence already names the area).
    at = f" {place} has no published coordinate of its own." if incident.get(
        "geocode_note") else ""
    if precision == "exact":
        return "Exact point given by the source."
    if precision == "near":
        return f"Near {incident.get('place_name') or place}.{circle}{at}"
    area = incident.get("admin2") if precision == "district" else incident.get("admin1")
    has_polygon = precision == "province" or (
        isinstance(incident.get("district_id"), str) and incident.get("district_id"))
    outline = f" The dashed outline is the {precision}'s." if has_polygon else circle
    return (f"Known only to the {precision} ({area}). The marker is the {kind}, "
            f"not the incident's own point.{outline}{at}")


def popup_html(incident: Mapping[str, Any], claims: pd.DataFrame) -> str:
    """The popup of one incident; ``claims`` are its rows of the casualty table."""
    date = describe_date(incident["date_start"], incident["date_end"],
                         str(incident["date_precision"]))
    etype = EVENT_TYPES.get(str(incident["event_type"]), str(incident["event_type"]))
    sides = " vs ".join(escape(s) for s in (incident.get("side_a"), incident.get("side_b"))
                        if isinstance(s, str) and s)
    if len(claims):
        lines = "".join(f"<li>{escape(claim_line(c))}</li>" for c in claims.to_dict("records"))
        casualties = f"<ul class='claims'>{lines}</ul>"
    else:
        casualties = "<p><i>No casualty figures reported.</i></p>"
    more = str(incident.get("more_sources") or "").split()
    extra = "".join(f" · {link(u, source_name(u))}" for u in more)
    return (
        f"<div class='bim-popup'><b>{escape(date)}</b> · {escape(etype)}<br>"
        f"<b>{escape(incident['place'])}</b> ({escape(incident['country'])})<br>"
        f"<small>{escape(location_sentence(incident))}</small>"
        f"<p>{sides}</p>{casualties}<p>{escape(incident['summary'])}</p>"
        f"<small>Sources: {link(incident['source_url'], incident['source_title'])}{extra}</small>"
        "</div>"
    )


#: A popup on the page lists at most this many claims: the panel beside the map has them all.
BRIEF_CLAIMS = 2


def brief_popup_html(incident: Mapping[str, Any], claims: pd.DataFrame) -> str:
    """The selected marker's popup on the page: what, when, where and the first claims; the
    rest is in the details panel beside the map (which the popup does not repeat)."""
    date = describe_date(incident["date_start"], incident["date_end"],
                         str(incident["date_precision"]))
    etype = EVENT_TYPES.get(str(incident["event_type"]), str(incident["event_type"]))
    lines = [escape(claim_line(c)) for c in claims.iloc[:BRIEF_CLAIMS].to_dict("records")]
    if len(claims) > BRIEF_CLAIMS:
        lines.append(f"and {len(claims) - BRIEF_CLAIMS} more claims")
    casualties = "<br>".join(lines) or "<i>No casualty figures reported.</i>"
    return (f"<div class='bim-popup'><b>{escape(date)}</b> · {escape(etype)}<br>"
            f"<b>{escape(incident['place'])}</b> ({escape(incident['country'])})"
            f"<p>{casualties}</p><small>More in the details panel (beside the map; below it "
            "on a phone).</small></div>")


def _escaped(values: pd.Series) -> pd.Series:
    """:func:`escape` of each value, computed once per distinct value."""
    unique = {v: escape(v) for v in pd.unique(values)}
    return values.map(unique)


def tooltip_texts(incidents: pd.DataFrame) -> pd.Series:
    """A one-line, escaped hover label per incident: '15 May 2022 — Armed clash, Darvoz'.

    Vectorised: a large table repeats few dates, types and places, each escaped once.
    """
    types = incidents["event_type"].astype(str)
    return (_escaped(describe_dates(incidents)) + " — "
            + _escaped(types.map(EVENT_TYPES).fillna(types)) + ", "
            + _escaped(incidents["place"].astype(str)))
