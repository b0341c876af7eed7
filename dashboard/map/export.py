"""The map as one standalone HTML file: every script and style inline, so it opens offline
(only the tiles need the network; the shipped outlines draw the countries without them),
titled and captioned so that the file says what it shows (:mod:`geo.caption`)."""

from __future__ import annotations

import folium

from dashboard.escaping import escape
from dashboard.map.assets import INLINE_BASE_URL, inline_assets, use_local_assets
from dashboard.map.elements import LeafletCall
from geo.caption import Caption
from geo.view_state import MapView


def caption_html(caption: Caption) -> str:
    """The caption as escaped HTML: a foldable box, open, the title as its summary."""
    lines = "".join(f"<div>{escape(line)}</div>" for line in caption.lines)
    return (f"<details open><summary><b>{escape(caption.title)}</b></summary>"
            f"{lines}</details>")


def standalone_map_html(fmap: folium.Map, view: MapView | None = None,
                        caption: Caption | None = None) -> str:
    """The map as a single HTML file, opening on ``view`` when given, with ``caption`` as
    its title and as a box on the map."""
    if view is not None:
        fmap.location = [view.lat, view.lon]
        fmap.options["zoom"] = view.zoom
    if caption is not None:
        fmap.get_root().title = escape(caption.title)
        LeafletCall("caption", {"html": caption_html(caption)}).add_to(fmap)
    use_local_assets(fmap, base_url=INLINE_BASE_URL)
    return inline_assets(fmap.get_root().render())
