"""What a marker says: popup and tooltip HTML, every value escaped in one place."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard.escaping import escape, link
from geo.caption import source_site
from geo.dates import describe_date, describe_dates
from geo.i18n import N_, _, ngettext
from geo.place_names import area_name, local_place, local_places
from geo.schema import CASUALTY_GROUPS, CLAIMANTS, COUNTRIES, EVENT_TYPES, POINT_KINDS
from geo.summaries import summary_of

NO_FIGURES = N_("No casualty figures reported.")
SOURCE_POINT = N_("point given by the source")
#: "per <claimant>" whole, as each language words it (Russian puts the claimant in the
#: genitive: "по данным властей Таджикистана").
PER_CLAIMANT = {
    "tajik_authorities": N_("per Tajik authorities"), "tajik_media": N_("per Tajik media"),
    "afghan_authorities": N_("per Afghan (Taliban) authorities"),
    "afghan_media": N_("per Afghan media"), "chinese_authorities": N_("per Chinese authorities"),
    "international_media": N_("per International media"), "ACLED": N_("per ACLED"),
    "UCDP": N_("per UCDP")}
assert set(PER_CLAIMANT) | {"unattributed"} == set(CLAIMANTS), "every claimant needs its 'per'"


def _num(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else str(int(value))


def source_name(url: str) -> str:
    """A further source's link text: its site ('asiaplustj.info'), not 'Source 2'."""
    return source_site(url) or url


def when_and_what(incident: Mapping[str, Any]) -> tuple[str, str]:
    """The incident's date as a reader's text and its type's label, in the page's language."""
    date = describe_date(incident["date_start"], incident["date_end"],
                         str(incident["date_precision"]))
    return date, _(EVENT_TYPES.get(str(incident["event_type"]), str(incident["event_type"])))


def _heading_html(incident: Mapping[str, Any]) -> str:
    """A popup's first lines: date · type, then place (country), escaped."""
    date, etype = when_and_what(incident)
    return (f"<b>{escape(date)}</b> · {escape(etype)}<br>"
            f"<b>{escape(_place(incident))}</b> ({escape(_(country_name(incident)))})")


def claim_line(claim: Mapping[str, Any]) -> str:
    """'Civilians (CN): 3 killed, 1 injured — per Tajikistan', as plain text."""
    group = _(CASUALTY_GROUPS.get(str(claim["group"]), str(claim["group"])))
    nationality = claim.get("nationality")
    who = f"{group} ({nationality})" if isinstance(nationality, str) and nationality else group
    parts = [label.format(n=n) for n, label in ((_num(claim["killed"]), _("{n} killed")),
                                                (_num(claim["injured"]), _("{n} injured"))) if n]
    claimant = str(claim["claimed_by"])
    by = _(PER_CLAIMANT[claimant]) if claimant in PER_CLAIMANT else _("unattributed")
    return f"{who}: {', '.join(parts)} — {by}"


def location_sentence(incident: Mapping[str, Any]) -> str:
    """How precisely the incident is placed, in words a reader can check, as plain text."""
    precision = str(incident["location_precision"])
    place = str(incident["place"])
    if precision == "border":
        return _("Only known to be along the border: not on the map.")
    if pd.isna(incident.get("latitude")):
        return _("Could not be placed: {why}.").format(
            why=incident.get("geocode_note") or _("unknown place"))
    radius = incident.get("uncertainty_km")
    circle = " " + _("The circle shows about {km} km.").format(km=f"{radius:.0f}") \
        if radius and not pd.isna(radius) else ""
    kind = _(POINT_KINDS.get(str(incident.get("point_kind")), SOURCE_POINT))
    # The note names the gazetteer entry the place is drawn at; the reader needs only that
    # the place has no point of its own (the sentence already names the area).
    at = " " + _("{place} has no published coordinate of its own.").format(place=place) \
        if incident.get("geocode_note") else ""
    if precision == "exact":
        return _("Exact point given by the source.")
    if precision == "near":
        return _("Near {place}.").format(place=incident.get("place_name") or place) + circle + at
    area = area_name(incident.get("country"), incident.get("admin1"),
                     incident.get("admin2") if precision == "district" else None)
    has_polygon = precision == "province" or (
        isinstance(incident.get("district_id"), str) and incident.get("district_id"))
    district = precision == "district"
    outline = " " + (_("The dashed outline is the district's.") if district else
                     _("The dashed outline is the province's.")) if has_polygon else circle
    known = _("Known only to the district ({area}).") if district else \
        _("Known only to the province ({area}).")
    return (known.format(area=area) + " "
            + _("The marker is the {kind}, not the incident's own point.").format(kind=kind)
            + outline + at)


def popup_html(incident: Mapping[str, Any], claims: pd.DataFrame) -> str:
    """The popup of one incident; ``claims`` are its rows of the casualty table."""
    sides = _(" vs ").join(escape(s) for s in (incident.get("side_a"), incident.get("side_b"))
                        if isinstance(s, str) and s)
    if len(claims):
        lines = "".join(f"<li>{escape(claim_line(c))}</li>" for c in claims.to_dict("records"))
        casualties = f"<ul class='claims'>{lines}</ul>"
    else:
        casualties = f"<p><i>{escape(_(NO_FIGURES))}</i></p>"
    more, sources = str(incident.get("more_sources") or "").split(), _("Sources:")
    extra = "".join(f" · {link(u, source_name(u))}" for u in more)
    return (
        f"<div class='bim-popup'>{_heading_html(incident)}<br>"
        f"<small>{escape(location_sentence(incident))}</small>"
        f"<p>{sides}</p>{casualties}{summary_html(incident)}"
        f"<small>{escape(sources)} "
        f"{link(incident['source_url'], incident['source_title'])}{extra}</small>"
        "</div>"
    )


def _place(incident: Mapping[str, Any]) -> str:
    return local_place(incident["place"], incident.get("place_id"))


def country_name(incident: Mapping[str, Any]) -> str:
    """The incident's country by name (untranslated: callers pass it through ``_``)."""
    code = str(incident["country"])
    return COUNTRIES.get(code, code)


def summary_html(incident: Mapping[str, Any]) -> str:
    """The summary paragraph, marked as English on a page in another language (summaries
    stay in the language they were written in until the data has a translation)."""
    text, original = summary_of(incident)
    mark = f"<small class='bim-lang'>{escape(original)}</small> " if original else ""
    return f"<p>{mark}{escape(text)}</p>"


#: A popup on the page lists at most this many claims: the panel beside the map has them all.
BRIEF_CLAIMS = 2


def brief_popup_html(incident: Mapping[str, Any], claims: pd.DataFrame) -> str:
    """The selected marker's popup on the page: what, when, where and the first claims; the
    rest is in the details panel beside the map (which the popup does not repeat)."""
    lines = [escape(claim_line(c)) for c in claims.iloc[:BRIEF_CLAIMS].to_dict("records")]
    if len(claims) > BRIEF_CLAIMS:
        more = len(claims) - BRIEF_CLAIMS
        lines.append(escape(ngettext("and {n} more claim", "and {n} more claims", more)
                            .format(n=more)))
    casualties = "<br>".join(lines) or f"<i>{escape(_(NO_FIGURES))}</i>"
    more_text = _("More in the details panel (beside the map; below it on a phone).")
    return (f"<div class='bim-popup'>{_heading_html(incident)}"
            f"<p>{casualties}</p><small>{escape(more_text)}</small></div>")


def _escaped(values: pd.Series) -> pd.Series:
    """:func:`escape` of each value, computed once per distinct value."""
    unique = {v: escape(v) for v in pd.unique(values)}
    return values.map(unique)


#: Between a hover label's two halves (:func:`tooltip_halves`).
TOOLTIP_JOIN = " — "


def tooltip_halves(incidents: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The two halves of each incident's hover label, escaped: when ('15 May 2022') and what
    and where ('Armed clash, Darvoz'). The map is sent each distinct half once: a large
    table repeats few dates, types and places (each escaped once, too)."""
    types = incidents["event_type"].astype(str)
    labels = {k: _(v) for k, v in EVENT_TYPES.items()}
    return (_escaped(describe_dates(incidents)),
            _escaped(types.map(labels).fillna(types)) + ", " + _escaped(local_places(incidents)))


def tooltip_texts(incidents: pd.DataFrame) -> pd.Series:
    """A one-line, escaped hover label per incident: '15 May 2022 — Armed clash, Darvoz'."""
    when, what = tooltip_halves(incidents)
    return when + TOOLTIP_JOIN + what
