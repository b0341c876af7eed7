"""The folium map, as a Leaflet plugin with thin Python elements.

- :mod:`~dashboard.map.base`: the base map (tiles, outlines, districts, border, labels,
  legend, controls) and the incident layer's FeatureGroup;
- :mod:`~dashboard.map.layer_data`: the incident layer's data (compact arrays);
- :mod:`~dashboard.map.elements`: the elements, each one call of ``L.bim.*``;
- :mod:`~dashboard.map.legend`, :mod:`~dashboard.map.clicks` (what a click reports),
  :mod:`~dashboard.map.assets` (local scripts and styles), :mod:`~dashboard.map.export`
  (the standalone file);
- ``dashboard/static/map/``: the plugin's JavaScript and CSS.
"""
