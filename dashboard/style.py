"""Colours and symbols for event types and location precision (presentation only)."""

from __future__ import annotations

from geo.schema import EVENT_TYPES

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
EVENT_COLOURS: dict[str, str] = {
    "armed_clash": "#D55E00",
    "cross_border_fire": "#E69F00",
    "drone_strike": "#CC79A7",
    "armed_attack": "#9E1F63",
    "infiltration": "#0072B2",
    "militarization": "#009E73",
}
assert set(EVENT_COLOURS) == set(EVENT_TYPES), "every event type needs a colour"

BORDER_COLOUR = "#B00020"
COUNTRY_FILLS = {"AF": "#F3EBDD", "TJ": "#E3ECF3"}
FALLBACK_COLOUR = "#555555"
#: A marker of several incidents of different types.
MIXED_COLOUR = "#546E7A"


def event_colour(event_type: str) -> str:
    """The marker colour of an event type."""
    return EVENT_COLOURS.get(event_type, FALLBACK_COLOUR)
SELECTED_COLOUR = "#111111"
PRECISION_LABELS = {
    "exact": "Exact point",
    "near": "Near a place",
    "district": "District only",
    "province": "Province only",
    "border": "Along the border",
}
