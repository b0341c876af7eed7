"""Serve Leaflet, jQuery and plugin assets from this server, not from CDNs.

folium points every map at CDN copies of its JavaScript and CSS; with no internet the map
stays blank. The files come from PyPI's XStatic packages (a declared dependency, nothing
committed), are copied into ``dashboard/static/vendor`` (served by Streamlit's static
serving at ``app/static/``) and each folium element is pointed at them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

import folium
from branca.element import Element

STATIC_DIR = Path(__file__).resolve().parent / "static"
VENDOR = "vendor"

#: The component's iframe is served at <base>/component/<name>/index.html, so this relative
#: address reaches <base>/app/static/ with or without a server.baseUrlPath.
COMPONENT_BASE_URL = "../../app/static"

# xstatic package -> files to copy (relative to its data folder).
_PACKAGES: dict[str, tuple[str, ...]] = {
    "leaflet": ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
                "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png"),
    "jquery": ("jquery.min.js",),
    "leaflet_markercluster": ("leaflet.markercluster.js", "MarkerCluster.css",
                              "MarkerCluster.Default.css"),
}

# folium's asset names -> (xstatic package, file).
LOCAL_ASSETS: dict[str, tuple[str, str]] = {
    "leaflet": ("leaflet", "leaflet.js"),
    "leaflet_css": ("leaflet", "leaflet.css"),
    "jquery": ("jquery", "jquery.min.js"),
    "markerclusterjs": ("leaflet_markercluster", "leaflet.markercluster.js"),
    "markerclustercss": ("leaflet_markercluster", "MarkerCluster.css"),
    "markerclusterdefaultcss": ("leaflet_markercluster", "MarkerCluster.Default.css"),
}

# What folium.Map loads for features this app does not use (Bootstrap, icon fonts).
_UNUSED_MAP_ASSETS = {"bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css",
                      "awesome_markers_font_css", "awesome_markers_css", "awesome_rotate_css"}


class UnservedAsset(RuntimeError):
    """An element wants a CDN file that is not served locally: the map would break offline."""


def _package_dir(package: str) -> Path:
    return Path(import_module(f"xstatic.pkg.{package}").BASE_DIR)


def ensure_vendor_assets(static_dir: Path = STATIC_DIR) -> Path:
    """Copy the packaged assets into the static folder (idempotent); return the vendor dir."""
    vendor = static_dir / VENDOR
    for package, files in _PACKAGES.items():
        source = _package_dir(package)
        for name in files:
            target = vendor / package / name
            src = source / name
            if not target.exists() or target.stat().st_size != src.stat().st_size:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)
    return vendor


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(getattr(element, "_children", {}).values()):
        yield from _walk(child)


def _uses_jquery(element: Element) -> bool:
    """Whether a map needs jQuery: folium's popups and keep-in-front call its ``$``; nothing
    else on these maps does (and loading it delays the first markers, ~30 KB in series)."""
    return any(isinstance(node, folium.Popup) or getattr(node, "objects_to_stay_in_front", None)
               for node in _walk(element))


def _localized(element: Element, assets: list[tuple[str, str]], base_url: str,
               unused: set[str]) -> list[tuple[str, str]]:
    out = []
    for name, url in assets:
        if isinstance(element, folium.Map) and name in unused:
            continue
        if name in LOCAL_ASSETS:
            package, file = LOCAL_ASSETS[name]
            out.append((name, f"{base_url}/{VENDOR}/{package}/{file}"))
        else:
            raise UnservedAsset(f"{type(element).__name__} needs {name} ({url}), "
                                "which is not served locally; add it to dashboard/assets.py")
    return out


def use_local_assets(element: Element, base_url: str = COMPONENT_BASE_URL) -> Element:
    """Point ``element`` and everything below it at the locally served asset copies, leaving
    out what a map loads for features it does not use."""
    unused = _UNUSED_MAP_ASSETS | ({"jquery"} if not _uses_jquery(element) else set())
    for node in _walk(element):
        for attr in ("default_js", "default_css"):
            assets = getattr(node, attr, None)
            if assets:
                setattr(node, attr, _localized(node, list(assets), base_url, unused))
    return element


if __name__ == "__main__":  # used by the Dockerfile and `make` to prepare a read-only image
    print(ensure_vendor_assets())
