"""folium/branca elements of the posture map: inline assets, the JSON data block, the app
bootstrap, and a Figure that adds a Content-Security-Policy computed from its own scripts.

No template here ever interpolates article text: feature data travels only inside
``<script type="application/json">`` (see :func:`json_for_script`) and is turned into DOM nodes
with ``textContent`` by ``assets/posture.js``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from typing import Any

from branca.element import Element, Figure, MacroElement
from jinja2 import Template

TILE_ORIGIN = "https://tile.openstreetmap.org"
TILE_URL = TILE_ORIGIN + "/{z}/{x}/{y}.png"
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
_TILE_HOST = re.compile(rf"^(\{{s\}}\.)?{_LABEL}(\.{_LABEL})*$")
_TILE_PATH = re.compile(r"^[A-Za-z0-9/._~%{}@-]*$")
_TILE_QUERY = re.compile(r"^[A-Za-z0-9._~%{}=&-]*$")


def tile_origin(url: str) -> str:
    """The CSP source of a tile URL template (``https://{s}.tile.example.org/{z}/{x}/{y}.png``
    -> ``https://*.tile.example.org``).

    Only http(s) templates with ``{z}``, ``{x}`` and ``{y}`` and a plain host are accepted (the
    origin goes into the page's Content-Security-Policy); anything else is a ``ValueError``.
    """
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.scheme not in ("http", "https") or parts.username or parts.password:
        raise ValueError(f"tile URL must be http(s)://host/...: {url!r}")
    if not all(k in url for k in ("{z}", "{x}", "{y}")):
        raise ValueError(f"tile URL needs {{z}}, {{x}} and {{y}}: {url!r}")
    name = netloc.rsplit(":", 1)[0] if parts.port else netloc
    if (
        not _TILE_HOST.match(name)
        or not _TILE_PATH.match(parts.path)
        or not _TILE_QUERY.match(parts.query)
        or parts.fragment
    ):
        raise ValueError(f"unexpected characters in the tile URL: {url!r}")
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{name.replace('{s}', '*')}{port}"


_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def json_for_script(obj: Any) -> str:
    """JSON safe inside a ``<script type="application/json">`` element.

    ``<``, ``>``, ``&`` and U+2028/2029 become ``\\u`` escapes, so no ``</script>`` or ``<!--``
    can appear in the element's text; ``JSON.parse`` reads the escapes back unchanged.
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group(0)], text)


class InlineCSS(Element):
    """A ``<style>`` in the page header."""

    _template = Template("<style>{{ this.css }}</style>\n")

    def __init__(self, css: str, name: str) -> None:
        super().__init__()
        self._name = "InlineCSS"
        self._id = name
        self.css = css.replace("</", "<\\/")


class InlineJS(Element):
    """A ``<script>`` in the page header (ours or an xstatic library; no ``</script`` inside)."""

    _template = Template("<script>{{ this.js }}</script>\n")

    def __init__(self, js: str, name: str) -> None:
        super().__init__()
        self._name = "InlineJS"
        self._id = name
        self.js = js


class JSONData(Element):
    """The map's data as ``<script type="application/json" id=...>`` (never executed)."""

    _template = Template(
        '<script type="application/json" id="{{ this.element_id }}">{{ this.payload }}</script>\n'
    )

    def __init__(self, data: Any, element_id: str) -> None:
        super().__init__()
        self._name = "JSONData"
        self._id = element_id
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", element_id):
            raise ValueError(f"bad element id {element_id!r}")
        self.element_id = element_id
        self.payload = json_for_script(data)


class PostureApp(MacroElement):
    """Starts ``PostureApp.init`` on the folium map with the id of the JSON data block.

    The template interpolates only the map's variable name and a checked element id.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            window.postureMap = PostureApp.init(
                {{ this._parent.get_name() }}, {{ this.data_id|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, data_id: str) -> None:
        super().__init__()
        self._name = "PostureApp"
        self._id = "app"
        self.data_id = data_id


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


class PostureFigure(Figure):
    """A folium Figure whose rendering carries a Content-Security-Policy meta tag.

    Inline scripts are allowed by their SHA-256 hashes only (no ``'unsafe-inline'`` for scripts,
    no external script source); styles may be inline (Leaflet positions everything with styles);
    images only from ``data:`` and, online, the tile server; no fetch/XHR at all.
    """

    def __init__(self, *, title: str, offline: bool, tile_origin: str = TILE_ORIGIN) -> None:
        super().__init__(title=html.escape(title, quote=True))
        self._id = "figure"
        self.offline = offline
        self.tile_origin = tile_origin
        # Replaced by our own charset meta, placed first (before the CSP) in render().
        self.header._children.pop("meta_http", None)

    def csp(self, page: str) -> str:
        hashes = sorted({_csp_hash(body) for body in _SCRIPT.findall(page)})
        img = "data:" if self.offline else f"data: {self.tile_origin}"
        return "; ".join(
            [
                "default-src 'none'",
                "script-src " + " ".join(hashes),
                "style-src 'unsafe-inline'",
                f"img-src {img}",
                "connect-src 'none'",
                "font-src 'none'",
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'none'",
            ]
        )

    def render(self, **kwargs: Any) -> str:
        page = super().render(**kwargs)
        csp = self.csp(page)
        if any(c in csp for c in '"<&'):
            raise ValueError("unexpected character in the Content-Security-Policy")
        meta = (
            '<meta charset="utf-8" />\n'
            f'<meta http-equiv="Content-Security-Policy" content="{csp}" />\n'
            # The OSM tile usage policy wants a Referer: the origin only, and only over HTTPS
            # (article links carry rel="noreferrer" and send none).
            '<meta name="referrer" content="strict-origin-when-cross-origin" />\n'
        )
        return page.replace("<head>\n", "<head>\n" + meta, 1)
