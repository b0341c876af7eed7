"""The map's legend: what each colour and symbol drawn means (styles in leaflet.bim.css).

Every colour the map draws has an entry: event types, stacks, clusters, the selection, the
areas incidents may lie in, the countries and the border (the districts view adds its own
scale, see :mod:`dashboard.map.district_layer`).
"""

from __future__ import annotations

from dashboard.escaping import escape
from dashboard.map.elements import LeafletCall
from dashboard.style import BORDER_COLOUR, COUNTRY_FILLS, EVENT_COLOURS, MIXED_COLOUR
from geo.i18n import _
from geo.schema import COUNTRIES, EVENT_TYPES

#: The legend opens by itself on a map at least this wide (px); narrower, it starts folded.
OPEN_FROM_PX = 700


def _row(key: str, text: str, style: str = "") -> str:
    css = f" style='{style}'" if style else ""
    return f"<div><span class='bim-key {key}'{css}></span>{escape(text)}</div>"


def _heading(text: str) -> str:
    return f"<h4>{escape(text)}</h4>"


def legend_html() -> str:
    """The legend's HTML: event types, then symbols, areas and the base map's colours."""
    types = "".join(_row("", _(label), f"background:{EVENT_COLOURS[key]}")
                    for key, label in EVENT_TYPES.items())
    countries = "".join(_row("bim-key-box", _(COUNTRIES[iso2]), f"background:{fill}")
                        for iso2, fill in COUNTRY_FILLS.items())
    stack, cluster = _("incidents at one point (grey: mixed types)"), _("nearby markers: zoom in")
    border = _("Afghanistan–Tajikistan border")
    return (
        _heading(_("Event type")) + types + _heading(_("Markers"))
        + _row("bim-key-exact", _("place known"))
        + _row("bim-key-centre", _("centre of its district or province"))
        + f"<div><span class='bim-key bim-key-stack' style='background:{MIXED_COLOUR}'>3"
          f"</span>{escape(stack)}</div>"
        + f"<div><span class='bim-key bim-key-cluster'></span>{escape(cluster)}</div>"
        + _row("bim-key-ring", _("the selected incident"))
        + _heading(_("Areas"))
        + _row("bim-key-shade", _("where an incident may be"))
        + _row("bim-key-focus", _("where the selected one may be"))
        + _heading(_("Base map")) + countries
        + f"<div><span class='bim-key-line' style='border-top-color:{BORDER_COLOUR}'></span>"
          f"{escape(border)}</div>")


class Legend(LeafletCall):
    """The legend behind a button in the map's corner (open at first on a wide map)."""

    def __init__(self) -> None:
        super().__init__("legend", {"html": legend_html(), "label": _("Legend"),
                                    "show": _("Show the legend"),
                                    "hide": _("Hide the legend"),
                                    "openFrom": OPEN_FROM_PX})
