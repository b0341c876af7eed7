"""Colours of the map and the charts (presentation only; labels live in geo.schema)."""

from __future__ import annotations

from geo.schema import EVENT_TYPES

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
EVENT_COLOURS: dict[str, str] = {
    "armed_clash": "#D55E00",
    "cross_border_fire": "#E69F00",
    "drone_strike": "#CC79A7",
    "armed_attack": "#9E1F63",
    "infiltration": "#0072B2",
    "smuggling": "#56B4E9",
    "militarization": "#009E73",
}
assert set(EVENT_COLOURS) == set(EVENT_TYPES), "every event type needs a colour"

BORDER_COLOUR = "#B00020"
COUNTRY_FILLS = {"AF": "#F3EBDD", "TJ": "#E3ECF3"}
#: A marker of several incidents of different types.
MIXED_COLOUR = "#546E7A"
SELECTED_COLOUR = "#111111"
