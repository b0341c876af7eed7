"""The print view: the shown incidents as a print-friendly HTML page (no images)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.escaping import escape, link
from dashboard.tables import HEADERS, incident_list
from geo.casualties import totals
from geo.filtering import Filters, describe_filters
from geo.i18n import _, current, date_text, direction, number

PRINT_CSS = """
body{font:12px/1.4 system-ui,sans-serif;margin:24px;color:#111}
h1{font-size:20px;margin:0 0 4px}table{border-collapse:collapse;width:100%;margin-top:12px}
th,td{border:1px solid #bbb;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#eee}tr{break-inside:avoid}.meta{color:#444}
@media print{body{margin:0}a{color:#000}}
"""


def print_view_html(shown: pd.DataFrame, claims: pd.DataFrame, groups: pd.DataFrame | None,
                    filters: Filters, total_incidents: int, share_link: str) -> str:
    """A print-friendly HTML page of the shown incidents (no images); ``groups``: the
    claims' group readings when already computed."""
    table = incident_list(shown, claims, groups=groups)
    t = totals(claims, shown["incident_id"], groups=groups)
    header = "".join(f"<th>{escape(_(HEADERS[c]))}</th>" for c in table.columns if c != "Source")
    rows, source = [], _("source")
    for record in table.to_dict("records"):
        cells = "".join(f"<td>{escape(v)}</td>" for k, v in record.items() if k != "Source")
        rows.append(f"<tr>{cells}<td>{link(record['Source'], source)}</td></tr>")
    filters_html = "".join(f"<li>{escape(line)}</li>" for line in describe_filters(filters))
    title = _("Afghanistan–Tajikistan border incidents")
    heading, online = _("print view"), _("this view online")
    meta = _("{shown} of {total} incidents · killed (best reading) {killed} · injured "
             "{injured} · printed {date}").format(
        shown=number(len(shown)), total=number(total_incidents), killed=t["killed_best"],
        injured=t["injured_best"], date=date_text(dt.date.today(), "d MMMM y"))
    note = _("Casualty figures are claims; contradicting claims about the same people are "
             "never added up. Sources: see each row; data: Border Incident Map.")
    return (
        f"<!DOCTYPE html><html lang='{current()}' dir='{direction()}'><head>"
        f"<meta charset='utf-8'><title>{escape(title)} — {escape(heading)}</title>"
        f"<style>{PRINT_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f"<p class='meta'>{escape(meta)} · {link(share_link, online)}</p>"
        f"<ul class='meta'>{filters_html}</ul>"
        f"<table><thead><tr>{header}<th>{escape(_(HEADERS['Source']))}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table><p class='meta'>{escape(note)}</p>"
        "</body></html>")
