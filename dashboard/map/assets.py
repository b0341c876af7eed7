"""Serve the map's scripts and styles from this server, not from CDNs.

folium points every map at CDN copies of its JavaScript and CSS; with no internet the map
stays blank. Leaflet, jQuery and Leaflet.markercluster come from PyPI's XStatic packages (a
declared dependency, nothing committed) and are copied into ``dashboard/static/vendor``; our
own Leaflet plugin (``dashboard/static/map``) is committed, and served joined with
markercluster in one file (:data:`BUNDLE`). Streamlit's static serving
publishes both at ``app/static/``; every folium element is pointed at them
(:func:`use_local_assets`), and the standalone export inlines them (:func:`inline_assets`).
"""

from __future__ import annotations

import base64
import re
import shutil
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

import folium
from branca.element import Element

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
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

# Asset names (folium's, and our plugin's) -> file under STATIC_DIR.
LOCAL_ASSETS: dict[str, str] = {
    "leaflet": f"{VENDOR}/leaflet/leaflet.js",
    "leaflet_css": f"{VENDOR}/leaflet/leaflet.css",
    "jquery": f"{VENDOR}/jquery/jquery.min.js",
    "markerclusterjs": f"{VENDOR}/leaflet_markercluster/leaflet.markercluster.js",
    "markerclustercss": f"{VENDOR}/leaflet_markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": f"{VENDOR}/leaflet_markercluster/MarkerCluster.Default.css",
    "bim_css": "map/leaflet.bim.css",
}
#: Leaflet.markercluster and our plugin's scripts (committed in ``static/map``), joined into
#: one file by :func:`ensure_vendor_assets`: the map's frame loads its scripts one after the
#: other, and each file more was one more round trip before the first markers.
BUNDLE = "generated/leaflet.bim.bundle.js"
BUNDLED = ("leaflet_markercluster/leaflet.markercluster.js",  # under the vendor folder
           "map/leaflet.bim-base.js", "map/leaflet.bim-incidents.js")  # committed
LOCAL_ASSETS["bim_bundle"] = BUNDLE

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
    bundle = static_dir / BUNDLE
    parts = [vendor / BUNDLED[0], *(STATIC_DIR / part for part in BUNDLED[1:])]
    text = "\n;\n".join(part.read_text("utf-8") for part in parts)
    if not bundle.exists() or bundle.read_text("utf-8") != text:
        bundle.parent.mkdir(parents=True, exist_ok=True)
        bundle.write_text(text, "utf-8")
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
            out.append((name, f"{base_url}/{LOCAL_ASSETS[name]}"))
        else:
            raise UnservedAsset(f"{type(element).__name__} needs {name} ({url}), "
                                "which is not served locally; add it to dashboard/map/assets.py")
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


def _inline_css_images(css: str, folder: Path) -> str:
    def data_uri(match: re.Match[str]) -> str:
        image = folder / match.group(1)
        if not image.exists():
            return match.group(0)
        encoded = base64.b64encode(image.read_bytes()).decode()
        return f"url(data:image/png;base64,{encoded})"

    return re.sub(r"url\((images/[^)]+\.png)\)", data_uri, css)


#: Where :func:`inline_assets` expects a map's assets to point (:func:`use_local_assets`).
INLINE_BASE_URL = "bim-inline-asset:"


def inline_assets(html: str, static_dir: Path = STATIC_DIR) -> str:
    """A map rendered with ``use_local_assets(fmap, INLINE_BASE_URL)``, with every script
    and style it links placed inline (images in styles as data URIs)."""
    ensure_vendor_assets(static_dir)
    for relative in set(LOCAL_ASSETS.values()):
        path = static_dir / relative
        url = re.escape(f"{INLINE_BASE_URL}/{relative}")
        text = path.read_text("utf-8")
        if relative.endswith(".js"):
            # A literal "</script" inside a library would end the element early.
            text = text.replace("</script", "<\\/script")
            html = re.sub(rf'<script src="{url}"></script>',
                          lambda _m, t=text: f"<script>{t}</script>", html)
        else:
            css = _inline_css_images(text, path.parent)
            html = re.sub(rf'<link rel="stylesheet" href="{url}"\s*/>',
                          lambda _m, t=css: f"<style>{t}</style>", html)
    if INLINE_BASE_URL in html:
        raise UnservedAsset("an asset was left un-inlined in the map export")
    return html


if __name__ == "__main__":  # used by the Dockerfile and `make` to prepare a read-only image
    from dashboard.map.base import BaseLayers
    from geo import paths
    from geo.border import read_geojson
    from geo.districts import read_districts

    print(ensure_vendor_assets())
    # The district geometry the page's browsers fetch (else sent inline on every rerun).
    print(BaseLayers.of(read_geojson(paths.COUNTRIES_FILE), read_geojson(paths.BORDER_FILE),
                        read_districts()).published(STATIC_DIR).url)
