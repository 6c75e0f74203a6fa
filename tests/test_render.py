"""maps.render: a safe, self-contained, deterministic HTML page (no browser needed)."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import folium
import pytest
from _synthetic import HOSTILE, frames_from_rows, hostile_frames, synthetic_frames

from geo.errors import OutputError
from maps import render_html, render_map, save_map
from maps.elements import json_for_script

URL = re.compile(r"https?://[^\s\"'<>);\\]+", re.IGNORECASE)
NAMESPACES = {"http://www.w3.org/2000/svg"}  # XML namespace names, never fetched
DATA = re.compile(r'<script type="application/json" id="posture-data">(.*?)</script>', re.DOTALL)
GENERATED = "2025-06-01 12:00 UTC"


@pytest.fixture(scope="module")
def frames():
    return synthetic_frames(300, seed=3)


@pytest.fixture(scope="module")
def offline_html(frames):
    return render_html(render_map(frames, offline=True, generated=GENERATED, basemap=False))


def _split(page: str) -> tuple[str, str]:
    m = DATA.search(page)
    assert m, "data block missing"
    return page[: m.start()] + page[m.end() :], m.group(1)


def test_render_map_returns_folium_map(frames):
    m = render_map(frames, offline=True, generated=GENERATED, basemap=False)
    assert isinstance(m, folium.Map)
    assert "<iframe" in m._repr_html_()  # displays in notebooks


def test_offline_page_references_no_external_url(frames, offline_html):
    page, data = _split(offline_html)
    assert set(URL.findall(page)) <= NAMESPACES
    # The only URLs left are inert article links inside the JSON data.
    articles = set(frames["assets"]["doc_url"]) | set(frames["incidents"]["doc_url"])
    articles |= set(frames["disputes"]["doc_url"])
    for url in URL.findall(data):
        assert url in articles
    for pattern in (
        "<link",
        " src=",
        "@import",
        "url(http",
        "url(//",
        "//cdn",
        "openstreetmap.org",
    ):
        assert pattern not in page.lower()
    assert "tile.openstreetmap.org" not in offline_html


def test_online_page_adds_only_the_tile_template(frames):
    page = render_html(render_map(frames, generated=GENERATED, basemap=False))
    rest, data = _split(page)
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in data
    urls = set(URL.findall(rest)) - NAMESPACES
    assert urls == {"https://tile.openstreetmap.org"}  # the CSP img-src, nothing else
    assert "© OpenStreetMap contributors" in page


def test_csp_meta_allows_only_our_scripts(offline_html):
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', offline_html)
    assert m, "CSP meta missing"
    csp = dict(d.strip().split(" ", 1) for d in m.group(1).split(";"))
    assert csp["default-src"] == "'none'"
    assert csp["connect-src"] == "'none'"
    assert csp["img-src"] == "data:"
    sources = csp["script-src"].split()
    assert sources and all(s.startswith("'sha256-") for s in sources)
    scripts = re.findall(r"<script>(.*?)</script>", offline_html, re.DOTALL)
    assert len(scripts) >= 3
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in sources
    # the CSP must come before any script
    assert offline_html.index("Content-Security-Policy") < offline_html.index("<script")


def test_assets_are_inline_and_folium_cdn_defaults_gone(offline_html):
    for name in ("jquery", "bootstrap", "font-awesome", "awesome-markers", "cdn.jsdelivr"):
        assert name not in offline_html.lower()
    assert "L.MarkerClusterGroup" not in offline_html  # our own view clusterer (posture.js)
    assert "PostureApp" in offline_html
    assert "images/marker-icon.png" not in offline_html  # default icon path inlined as data:
    assert "sourceMappingURL" not in offline_html


def test_hostile_text_never_reaches_html_or_js_source():
    page = render_html(
        render_map(
            hostile_frames(), title=HOSTILE, offline=True, generated=GENERATED, basemap=False
        )
    )
    # the map title goes into <title> as escaped text (inert there)
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    assert "<" not in title.group(1) and "&lt;script&gt;" in title.group(1)
    page = page[: title.start()] + page[title.end() :]
    rest, data = _split(page)
    lowered = page.lower()
    assert "<script>window.__pwned" not in lowered
    assert "<img" not in lowered
    assert re.search(r"\sonerror\s*=", rest) is None  # Leaflet's own `img.onerror=` is fine
    assert "window.__pwned" not in rest  # article text exists only inside the data block
    # inside the data block nothing can close or comment the element
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in data
    parsed = json.loads(data)
    columns = parsed["layers"][0]["values"]
    values = [v for c in columns for v in (c["d"] if isinstance(c, dict) else c)]
    assert any(HOSTILE in str(v) for v in values)  # intact


def test_deterministic_bytes(frames):
    a = render_html(render_map(frames, offline=True, generated=GENERATED, basemap=False))
    b = render_html(render_map(frames, offline=True, generated=GENERATED, basemap=False))
    assert a == b


def test_json_for_script_round_trips():
    obj = {"t": "</script><!-- \u2028\u2029 & > ` ${x}", "n": [1, 2.5, None]}
    text = json_for_script(obj)
    assert re.search(r"[<>&\u2028\u2029]", text) is None
    assert json.loads(text) == obj


def test_empty_and_missing_layers_render():

    page = render_html(
        render_map(frames_from_rows({}), offline=True, generated=GENERATED, basemap=False)
    )
    assert "posture-data" in page
    page = render_html(render_map({}, offline=True, generated=GENERATED, basemap=False))
    assert "posture-data" in page


def test_save_map_is_atomic_and_refuses_to_overwrite(tmp_path, frames):
    m = render_map(frames, offline=True, generated=GENERATED, basemap=False)
    out = tmp_path / "map.html"
    save_map(m, out)
    first = out.read_bytes()
    assert first.startswith(b"<!DOCTYPE html>")
    with pytest.raises(OutputError):
        save_map(m, out)
    save_map(m, out, overwrite=True)
    assert out.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_basemap_falls_back_gracefully(frames):
    # whatever the gazetteer offers (or not), rendering with the basemap works
    page = render_html(render_map(frames, offline=True, generated=GENERATED))
    data = json.loads(_split(page)[1])
    assert set(data["basemap"]) == {"outlines", "areas"}
