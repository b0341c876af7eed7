"""What the map reports back: the marker a click was on, from streamlit-folium's value."""

from __future__ import annotations

from typing import Any


def clicked_marker(value: dict[str, Any] | None) -> str | None:
    """The key of the marker a click reported by st_folium (``last_active_drawing``) was on:
    an incident id, or a stack key (:func:`geo.points.point_key`)."""
    drawing = (value or {}).get("last_active_drawing") or {}
    props = drawing.get("properties") or {}
    key = props.get("key") or props.get("incident_id")
    return str(key) if key else None


def clicked_district(value: dict[str, Any] | None) -> str | None:
    """The ``district_id`` of the district polygon a click was on (the districts view), if
    the click was on one and not on a marker."""
    drawing = (value or {}).get("last_active_drawing") or {}
    props = drawing.get("properties") or {}
    if props.get("key") or props.get("incident_id"):
        return None
    district = props.get("district_id")
    return str(district) if district else None
