"""The map's legend: what each colour and symbol drawn means (styles in leaflet.bim.css)."""

from __future__ import annotations

from dashboard.escaping import escape
from dashboard.map.elements import LeafletCall
from dashboard.style import BORDER_COLOUR, EVENT_COLOURS, MIXED_COLOUR
from geo.schema import EVENT_TYPES


def legend_html() -> str:
    """The legend's HTML: one row per event type, then precision, stacks and the border."""
    rows = "".join(f"<div><span class='bim-key' style='background:{EVENT_COLOURS[key]}'>"
                   f"</span>{escape(label)}</div>" for key, label in EVENT_TYPES.items())
    return (
        "<div class='bim-legend-box'><details open><summary><b>Legend</b></summary>"
        f"{rows}<hr>"
        "<div><span class='bim-key bim-key-exact'></span>place known (exact or near)</div>"
        "<div><span class='bim-key bim-key-centre'></span>centre of a district or province"
        "</div>"
        "<div><span class='bim-key bim-key-area'></span>area the incident may lie in</div>"
        f"<div><span class='bim-key bim-key-stack' style='background:{MIXED_COLOUR}'>3</span>"
        "incidents at one point (grey-blue: several types)</div>"
        f"<div><span class='bim-key-line' style='border-top-color:{BORDER_COLOUR}'></span>"
        "Afghanistan–Tajikistan border</div></details></div>")


class Legend(LeafletCall):
    """A foldable legend in the map's corner (folded on a phone-width map)."""

    def __init__(self) -> None:
        super().__init__("legend", {"html": legend_html()})
