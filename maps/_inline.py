"""Read the JS/CSS the map carries inline: Leaflet from its xstatic package, and our own assets
from ``maps/assets``. Nothing is fetched at view time. (Points are clustered by our own view
clusterer in ``assets/posture.js``, not Leaflet.markercluster.)"""

from __future__ import annotations

import base64
import functools
import re
from importlib import resources
from pathlib import Path

import xstatic.pkg.leaflet as xs_leaflet

_SOURCEMAP = re.compile(r"^\s*//# sourceMappingURL=.*$", re.MULTILINE)
_CSS_URL = re.compile(r"url\((['\"]?)(images/[A-Za-z0-9_.-]+\.png)\1\)")


def _read(base: str | Path, name: str) -> str:
    return (Path(base) / name).read_text(encoding="utf-8")


def _strip_js(src: str) -> str:
    """Drop source-map comments and the one outbound link Leaflet ships (attribution prefix)."""
    src = _SOURCEMAP.sub("", src)
    # The attribution prefix and the licence banner link to leafletjs.com; the map sets its own
    # attribution prefix, so the string is never shown, but a self-contained file names no URL.
    src = src.replace("https://leafletjs.com", "#")
    return src


def _inline_css_images(css: str, base: str | Path) -> str:
    def data_uri(match: re.Match[str]) -> str:
        data = (Path(base) / match.group(2)).read_bytes()
        return "url(data:image/png;base64," + base64.b64encode(data).decode("ascii") + ")"

    css = _CSS_URL.sub(data_uri, css)
    # A comment in leaflet.css cites a bug tracker URL; drop comments carrying URLs.
    css = re.sub(r"/\*[^*]*https?://[^*]*\*/", "", css)
    return css


def _check_script(src: str) -> str:
    # Inline <script> text must never contain a closing tag.
    if re.search(r"</script", src, re.IGNORECASE):
        raise ValueError("inline script contains '</script'")
    return src


@functools.cache
def leaflet_js() -> str:
    return _check_script(_strip_js(_read(xs_leaflet.BASE_DIR, "leaflet.js")))


@functools.cache
def leaflet_css() -> str:
    return _inline_css_images(_read(xs_leaflet.BASE_DIR, "leaflet.css"), xs_leaflet.BASE_DIR)


@functools.cache
def own_asset(name: str) -> str:
    text = resources.files("maps").joinpath("assets").joinpath(name).read_text(encoding="utf-8")
    return _check_script(text) if name.endswith(".js") else text
