"""The map's folium elements: thin Python classes that pass options to our Leaflet plugin.

Like folium's own plugins, each element declares the files it needs (``default_js`` /
``default_css``, served locally and inlined by the export: :mod:`dashboard.map.assets`) and
renders one line that calls the plugin with JSON options; the logic lives in
``dashboard/static/map/*.js``, where it can be read, linted and cached by the browser.

branca adds each element's rendered script to the figure wrapped in an ``Element`` whose
constructor compiles the text as a Jinja template again: slow for large data, and unsafe
(template code in data would run on the server). :class:`LeafletCall` skips that pass; its
options are :func:`~dashboard.map.layer_data.to_script_json`, inert to Jinja and HTML.
"""

from __future__ import annotations

from typing import Any, ClassVar

import folium
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster
from jinja2 import Template

from dashboard.map.assets import BUNDLE
from dashboard.map.layer_data import to_script_json


class Verbatim(Element):
    """Rendered output, placed as it is."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str):
        super().__init__()
        self.text = text


class LeafletCall(MacroElement):
    """``L.bim.<function>(parent, map, options)``: one call of our Leaflet plugin, placed in
    the figure's script verbatim. ``options``: a dict, or JSON already made (cacheable)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.bim.{{ this.function }}({{ this._parent.get_name() }}, {{ this.map_name() }}, {{ this.options }});
        {% endmacro %}
    """)  # noqa: E501

    def __init__(self, function: str, options: dict[str, Any] | str):
        super().__init__()
        self._name = f"bim_{function}"
        self.function = function
        self.options = options if isinstance(options, str) else to_script_json(options)

    def map_name(self) -> str:
        """The variable of the map this element is on (its parent may be a layer)."""
        node: Any = self._parent
        while not isinstance(node, folium.Map):
            node = node._parent
        return node.get_name()

    def render(self, **kwargs: Any) -> None:
        script = self._template.module.__dict__["script"]
        self.get_root().script.add_child(Verbatim(script(self, kwargs)), name=self.get_name())


class MapAssets(JSCSSMixin):
    """The scripts and styles of our plugin and of Leaflet.markercluster, for the base map to
    load once: declared on the incident layer, folium would build a template per asset on
    every rerun. The scripts come as one file (:data:`~dashboard.map.assets.BUNDLE`)."""

    _template = Template("")
    default_js: ClassVar[list[tuple[str, str]]] = [("bim_bundle", BUNDLE)]
    default_css: ClassVar[list[tuple[str, str]]] = [
        *MarkerCluster.default_css, ("bim_css", "map/leaflet.bim.css")]


class IncidentLayer(LeafletCall):
    """Markers (clustered), stacks, uncertainty circles and the selected incident's ring and
    popup, drawn by ``L.bim.incidentLayer`` from :func:`~dashboard.map.layer_data.layer_data`
    as JSON (the page caches it: a string)."""

    MARKER_RADIUS_PX = 8
    CLUSTER_OPTIONS: ClassVar[dict[str, Any]] = {
        "maxClusterRadius": 30, "spiderfyOnMaxZoom": True, "showCoverageOnHover": False,
        "clusterPane": "incidents"}

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.bim.incidentLayer({{ this._parent.get_name() }}, {{ this.map_name() }}, {{ this.options }}, {{ this.settings }});
        {% endmacro %}
    """)  # noqa: E501

    def __init__(self, data: str, ring: str, fit: dict[str, Any] | None = None):
        super().__init__("incidentLayer", data)
        # fit: what the map fits itself to (dashboard.map_fit), outside the cached data.
        self.settings = to_script_json({"radius": self.MARKER_RADIUS_PX, "ring": ring,
                                        "cluster": self.CLUSTER_OPTIONS, "fit": fit})
