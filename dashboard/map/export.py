"""The map as one standalone HTML file: every script and style inline, so it opens offline
(only the tiles need the network; the shipped outlines draw the countries without them)."""

from __future__ import annotations

import folium

from dashboard.map.assets import INLINE_BASE_URL, inline_assets, use_local_assets
from geo.view_state import MapView


def standalone_map_html(fmap: folium.Map, view: MapView | None = None) -> str:
    """The map as a single HTML file, opening on ``view`` when given."""
    if view is not None:
        fmap.location = [view.lat, view.lon]
        fmap.options["zoom"] = view.zoom
    use_local_assets(fmap, base_url=INLINE_BASE_URL)
    return inline_assets(fmap.get_root().render())
