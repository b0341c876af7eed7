"""Files to share without a server: the map as one standalone HTML file, and a print view.

The map file carries Leaflet and its plugins inline, so it opens offline (only the tiles need
the network; the shipped outlines draw the countries without them).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path

import folium
import pandas as pd

from dashboard.assets import LOCAL_ASSETS, VENDOR, ensure_vendor_assets, use_local_assets
from dashboard.escaping import escape, link
from dashboard.tables import incident_list
from geo.casualties import totals
from geo.filtering import Filters
from geo.schema import CASUALTY_GROUPS, EVENT_TYPES, LOCATION_PRECISIONS
from geo.view_state import MapView

_PLACEHOLDER = "bim-inline-asset:"


def _inline_css_images(css: str, folder: Path) -> str:
    def data_uri(match: re.Match[str]) -> str:
        image = folder / match.group(1)
        if not image.exists():
            return match.group(0)
        encoded = base64.b64encode(image.read_bytes()).decode()
        return f"url(data:image/png;base64,{encoded})"

    return re.sub(r"url\((images/[^)]+\.png)\)", data_uri, css)


def standalone_map_html(fmap: folium.Map, view: MapView | None = None) -> str:
    """The map as a single HTML file with every script and style inline."""
    if view is not None:
        fmap.location = [view.lat, view.lon]
        fmap.options["zoom"] = view.zoom
    vendor = ensure_vendor_assets()
    use_local_assets(fmap, base_url=_PLACEHOLDER)
    html = fmap.get_root().render()
    for package, file in set(LOCAL_ASSETS.values()):
        path = vendor / package / file
        url = re.escape(f"{_PLACEHOLDER}/{VENDOR}/{package}/{file}")
        text = path.read_text("utf-8")
        if file.endswith(".js"):
            # A literal "</script" inside the library would end the element early.
            text = text.replace("</script", "<\\/script")
            html = re.sub(rf'<script src="{url}"></script>',
                          lambda _m, t=text: f"<script>{t}</script>", html)
        else:
            css = _inline_css_images(text, path.parent)
            html = re.sub(rf'<link rel="stylesheet" href="{url}"\s*/>',
                          lambda _m, t=css: f"<style>{t}</style>", html)
    if _PLACEHOLDER in html:
        raise RuntimeError("an asset was left un-inlined in the map export")
    return html


def describe_filters(filters: Filters) -> list[str]:
    """The filters in words, one line each."""
    lines = [f"Dates: {filters.start:%d %b %Y} – {filters.end:%d %b %Y} (incidents whose "
             "date interval overlaps the range)"]
    if filters.event_types:
        lines.append("Types: " + ", ".join(EVENT_TYPES[t] for t in filters.event_types))
    if filters.actors:
        lines.append("Actors: " + "; ".join(filters.actors))
    if filters.groups:
        lines.append("Casualty groups: " + ", ".join(CASUALTY_GROUPS[g] for g in filters.groups))
    if filters.with_casualties:
        lines.append("Only incidents with casualties")
    if filters.precisions:
        lines.append("Location precision: " + ", ".join(
            LOCATION_PRECISIONS[p] for p in filters.precisions))
    return lines


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
    header = "".join(f"<th>{escape(c)}</th>" for c in table.columns if c != "Source")
    rows = []
    for record in table.to_dict("records"):
        cells = "".join(f"<td>{escape(v)}</td>" for k, v in record.items() if k != "Source")
        rows.append(f"<tr>{cells}<td>{link(record['Source'], 'source')}</td></tr>")
    filters_html = "".join(f"<li>{escape(line)}</li>" for line in describe_filters(filters))
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Afghanistan–Tajikistan border incidents — print view</title>"
        f"<style>{PRINT_CSS}</style></head><body>"
        "<h1>Afghanistan–Tajikistan border incidents</h1>"
        f"<p class='meta'>{len(shown)} of {total_incidents} incidents · killed (best reading) "
        f"{t['killed_best']} · injured {t['injured_best']} · printed "
        f"{dt.date.today():%d %B %Y} · {link(share_link, 'this view online')}</p>"
        f"<ul class='meta'>{filters_html}</ul>"
        f"<table><thead><tr>{header}<th>Source</th></tr></thead><tbody>{''.join(rows)}"
        "</tbody></table><p class='meta'>Casualty figures are claims; contradicting claims "
        "about the same people are never added up. Sources: see each row; data: Border "
        "Incident Map.</p></body></html>")
