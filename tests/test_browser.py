"""The map in a real browser (Debian chromium via Playwright): loads offline, counts, toggles,
popups, and a hostile article that must execute nothing."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from _synthetic import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HOSTILE,
    frames_from_rows,
    hostile_frames,
    make_row,
    synthetic_frames,
)

from maps import render_map, save_map

GENERATED = "2025-06-01 12:00 UTC"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian chromium"),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield b
        b.close()


#: The two screen sizes every map item is checked at: a laptop and a phone.
SIZES = [(1280, 800), (390, 844)]


class Opened:
    def __init__(self, page, requests, errors, dialogs):
        self.page = page
        self.requests = requests  # every non-file request (all blocked)
        self.errors = errors
        self.dialogs = dialogs

    def eval(self, js: str):
        return self.page.evaluate(js)


@pytest.fixture
def open_map(browser):
    contexts = []

    def _open(path: Path | str, *, width: int = 1280, height: int = 800, **kw) -> Opened:
        ctx = browser.new_context(viewport={"width": width, "height": height}, **kw)
        contexts.append(ctx)
        page = ctx.new_page()
        requests: list[str] = []
        errors: list[str] = []
        dialogs: list[str] = []

        def route(r):
            url = r.request.url
            if url.startswith(("file:", "http://127.0.0.1:")):
                r.continue_()
            else:
                requests.append(url)
                r.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(path if isinstance(path, str) else path.as_uri())
        page.wait_for_selector("[data-pm-ready]", state="attached", timeout=20000)
        return Opened(page, requests, errors, dialogs)

    yield _open
    for ctx in contexts:
        ctx.close()


def _write(tmp_path: Path, frames, name="map.html", **kw) -> Path:
    kw.setdefault("generated", GENERATED)
    kw.setdefault("basemap", False)
    out = tmp_path / name
    save_map(render_map(frames, **kw), out)
    return out


def test_offline_map_loads_with_counts_and_no_requests(tmp_path, open_map):
    frames = synthetic_frames(400, seed=5)
    m = open_map(_write(tmp_path, frames, offline=True, n_sources=50))
    assert m.errors == []
    assert m.requests == []  # the file itself only
    counts = m.eval("postureMap.counts()")
    for name, frame in frames.items():
        assert counts[name] == {"total": len(frame), "visible": len(frame)}
    footer = m.page.text_content(".pm-footer")
    assert "50 source articles" in footer and GENERATED in footer


def test_online_map_requests_only_tiles(tmp_path, open_map):
    m = open_map(_write(tmp_path, synthetic_frames(50, seed=1)))
    m.page.wait_for_timeout(300)
    assert m.errors == []
    assert m.requests, "online map should ask for tiles"
    assert all(u.startswith("https://tile.openstreetmap.org/") for u in m.requests)


def test_toggling_a_layer_and_a_kind_hides_features(tmp_path, open_map):
    frames = synthetic_frames(300, seed=2)
    m = open_map(_write(tmp_path, frames, offline=True))
    n_inc = len(frames["incidents"])
    m.page.click('input[data-layer="incidents"]:not([data-kind])')
    counts = m.eval("postureMap.counts()")
    assert counts["incidents"]["visible"] == 0
    assert counts["assets"]["visible"] == len(frames["assets"])
    m.page.click('input[data-layer="incidents"]:not([data-kind])')
    assert m.eval("postureMap.counts()")["incidents"]["visible"] == n_inc
    kind = "strike"
    n_kind = int((frames["incidents"]["kind"] == kind).sum())
    m.page.click(f'input[data-layer="incidents"][data-kind="{kind}"]')
    assert m.eval("postureMap.counts()")["incidents"]["visible"] == n_inc - n_kind
    assert m.errors == []


def test_clicking_a_feature_opens_its_popup(tmp_path, open_map):
    from shapely.geometry import Point

    quote = "A frigate was seen near Tartus on Monday."
    row = make_row(
        "assets",
        "naval vessel",
        Point(35.9, 34.9),
        1,
        subject="Frigate Admiral X",
        place="Tartus",
        quote=quote,
        doc_title="Frigate in port",
        doc_url="https://example.org/a",
        published="2025-03-01",
    )
    frames = frames_from_rows({"assets": [row]})
    m = open_map(_write(tmp_path, frames, offline=True))
    m.page.click(".pm-icon")
    popup = m.page.wait_for_selector(".pm-popup")
    assert quote in popup.text_content()
    assert m.page.text_content(".pm-quote mark") == "Tartus"
    link = m.page.query_selector(".pm-popup a.pm-source")
    assert link.get_attribute("href") == "https://example.org/a"
    assert link.text_content() == "Frigate in port"
    assert m.page.get_attribute(".pm-popup a.pm-source", "rel") == "noopener noreferrer"
    assert m.errors == []


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "390x844"])
def test_country_level_features_are_not_pins(tmp_path, open_map, size):
    from shapely.geometry import Point

    exact = make_row(
        "assets", "naval vessel", Point(35.9, 34.9), 1, place="Tartus", location_precision="exact"
    )
    vague = _in_venezuela()
    frames = frames_from_rows({"assets": [exact, vague]})
    m = open_map(_write(tmp_path, frames, offline=True), width=size[0], height=size[1])
    _wait(m, "document.querySelectorAll('.pm-icon').length === 2")
    assert len(m.page.query_selector_all(".pm-icon")) == 2
    assert len(m.page.query_selector_all(".pm-icon.pm-coarse")) == 1
    assert m.page.query_selector(".pm-coarse-key") is not None  # the legend says so
    m.page.hover(".pm-icon.pm-coarse")
    tip = m.page.wait_for_selector(".pm-tooltip")
    assert "somewhere in Venezuela" in tip.text_content()
    assert m.errors == []


def test_new_since_highlights_and_lists_what_is_new(tmp_path, open_map):
    from shapely.geometry import Point

    old = make_row("assets", "naval vessel", Point(35.9, 34.9), 1, place="Tartus")
    old.update(first_seen="2025-11-01", first_reported="2025-10-30")
    new = make_row("incidents", "strike", Point(36.3, 33.5), 2, place="Damascus")
    new.update(first_seen="2025-11-03", first_reported="2025-11-02")
    untracked = make_row("assets", "aircraft", Point(30.0, 31.0), 3, place="Cairo")
    untracked.update(first_seen="", first_reported="2025-11-04")
    frames = frames_from_rows({"assets": [old, untracked], "incidents": [new]})
    m = open_map(_write(tmp_path, frames, offline=True, new_since="2025-11-03"))
    assert m.errors == []
    assert m.eval("postureMap.fresh") == 2
    assert len(m.page.query_selector_all(".pm-icon.pm-new")) == 2
    panel = m.page.text_content(".pm-new-panel")
    assert "New since 2025-11-03 (2)" in panel
    assert "Damascus" in panel and "Cairo" in panel and "Tartus" not in panel
    plain = open_map(_write(tmp_path, frames, name="plain.html", offline=True))
    assert plain.page.query_selector(".pm-new-panel") is None
    assert plain.page.query_selector_all(".pm-icon.pm-new") == []


def test_hostile_article_executes_nothing(tmp_path, open_map):
    frames = hostile_frames()
    m = open_map(_write(tmp_path, frames, offline=True, title=HOSTILE))
    page = m.page
    # open every popup, hover every marker, search with the hostile text
    for name in ("assets", "incidents", "disputes"):
        for i in range(len(frames[name])):
            assert m.eval(f"postureMap.openPopup({name!r}, {i})")
            page.wait_for_selector(".pm-popup")
            assert "window.__pwned" in page.text_content(".pm-popup")  # shown as text
    m.eval("postureMap.map.closePopup()")
    for icon in page.query_selector_all(".pm-icon"):
        icon.dispatch_event("mouseover")  # no actionability wait: robust under load
    page.wait_for_selector(".pm-tooltip")
    page.fill(".pm-search-input", "pwned")
    page.wait_for_selector(".pm-search-hit")
    page.click(".pm-search-hit")
    page.wait_for_timeout(300)
    assert m.eval("typeof window.__pwned") == "undefined"
    assert m.dialogs == []
    assert m.errors == []
    assert m.requests == []
    has_js_url = m.eval(
        """() => Array.from(document.querySelectorAll('*')).some(e =>
             Array.from(e.attributes).some(a => /^\\s*(javascript|data|vbscript):/i.test(a.value)
               && (a.name === 'href' || a.name === 'src' || a.name === 'xlink:href')))"""
    )
    assert not has_js_url
    assert m.eval("document.querySelectorAll('a[href^=\"javascript\" i]').length") == 0
    assert m.eval("document.querySelectorAll('img:not(.leaflet-tile)').length") == 0
    assert "<script>" in page.text_content(".pm-title")  # the title is text, not markup
    assert HOSTILE.split(" ")[0] in page.text_content(".pm-panel")  # kinds/layer names as text


def test_kinds_named_like_object_members_work(tmp_path, open_map):
    frames = synthetic_frames(30, seed=8)
    names = ["__proto__", "constructor", "toString", "hasOwnProperty"]
    for name in ("assets", "incidents"):
        frames[name]["kind"] = [names[i % len(names)] for i in range(len(frames[name]))]
        frames[name]["date"] = ["__proto__"] * len(frames[name])
    m = open_map(_write(tmp_path, frames, offline=True))
    assert m.errors == []
    counts = m.eval("postureMap.counts()")
    for name, frame in frames.items():
        assert counts[name] == {"total": len(frame), "visible": len(frame)}
    legend = m.page.text_content(".pm-panel")
    assert all(n in legend for n in names)
    m.page.click('input[data-layer="assets"][data-kind="__proto__"]')
    n_proto = int((frames["assets"]["kind"] == "__proto__").sum())
    assert m.eval("postureMap.counts()")["assets"]["visible"] == len(frames["assets"]) - n_proto
    assert m.eval("postureMap.openPopup('assets', 0)")
    assert m.errors == []


def test_time_filter_shows_posture_as_of_a_date(tmp_path, open_map):
    frames = synthetic_frames(300, seed=4)
    m = open_map(_write(tmp_path, frames, offline=True))
    day = "2025-06-15"
    m.eval(f"postureMap.setAsOf({day!r})")
    counts = m.eval("postureMap.counts()")
    for name, frame in frames.items():
        when = [(d or p)[:10] for d, p in zip(frame["date"], frame["published"], strict=True)]
        expected = sum(1 for w in when if not w or w <= day)
        assert counts[name]["visible"] == expected
    assert m.eval("postureMap.days.length") > 1
    m.eval("postureMap.setAsOf(null)")
    assert m.eval("postureMap.counts()")["assets"]["visible"] == len(frames["assets"])


def test_search_and_measure(tmp_path, open_map):
    m = open_map(_write(tmp_path, synthetic_frames(200, seed=6), offline=True))
    assert m.eval("postureMap.search('sevastopol')") > 0
    assert m.page.query_selector(".pm-search-hit")
    km = m.eval("postureMap.measure([[0, 0], [0, 1]])")
    assert abs(km - 111.2) < 0.2
    # the measure tool by clicks
    m.page.click(".pm-measure")
    box = m.page.query_selector("#map_posture").bounding_box()
    m.page.mouse.click(box["x"] + 300, box["y"] + 400)
    m.page.mouse.click(box["x"] + 600, box["y"] + 400)
    assert "Distance:" in m.page.text_content(".pm-measure-out")
    assert m.errors == []


def test_seed_map(tmp_path, open_map):
    pytest.importorskip("layers.extract", reason="the layers pipeline is not there yet")
    from geo.documents import read_documents
    from layers import build_layers

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    frames = build_layers(read_documents([seeds]))
    m = open_map(_write(tmp_path, frames, offline=True, basemap=True))
    assert m.errors == [] and m.requests == []
    counts = m.eval("postureMap.counts()")
    for name, frame in frames.items():
        assert counts[name]["visible"] == len(frame)
    assert sum(c["total"] for c in counts.values()) > 0


def test_hostile_article_through_the_whole_pipeline(tmp_path, open_map):
    """A hostile article goes through reading, geoparsing, extraction and rendering (the real
    `posture map` command) and still runs nothing."""
    import json

    from click.testing import CliRunner

    from maps.cli import main

    payload = (
        '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1"> '
        "</script><script>window.__pwned=1</script> `${window.__pwned=1}`"
    )
    doc = {
        "id": "evil",
        "title": f"Troops {payload}",
        "url": "javascript:window.__pwned=1",
        "published": "2025-03-01",
        "text": (
            f"Russian troops and S-300 batteries arrived in Kherson {payload}. "
            f"Warships were deployed to Sevastopol {payload} on Tuesday."
        ),
    }
    src = tmp_path / "evil.jsonl"
    src.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    out = tmp_path / "evil.html"
    res = CliRunner().invoke(main, ["map", str(src), "-o", str(out), "--offline", "-q"])
    assert res.exit_code == 0, res.output
    m = open_map(out)
    counts = m.eval("postureMap.counts()")
    assert counts["assets"]["total"] > 0
    m.eval("postureMap.openPopup('assets', 0)")
    m.page.wait_for_selector(".pm-popup")
    assert "window.__pwned" in m.page.text_content(".pm-popup")  # shown as text
    for name in ("assets", "incidents"):
        for i in range(3):
            m.eval(f"postureMap.openPopup({name!r}, {i})")
    m.page.wait_for_timeout(300)
    assert m.eval("typeof window.__pwned") == "undefined"
    assert m.dialogs == [] and m.errors == [] and m.requests == []
    assert m.eval("document.querySelectorAll('a[href^=\"javascript\" i]').length") == 0


def _legend(m: Opened) -> None:
    """Unfold the legend panel (it starts folded on a phone)."""
    if m.page.get_attribute(".pm-panel-head", "aria-expanded") == "false":
        m.page.click(".pm-panel-head")


def _in_venezuela():
    """An asset placed only at country level: "somewhere in Venezuela"."""
    from shapely.geometry import Point

    return make_row(
        "assets",
        "naval vessel",
        Point(-66.0, 8.0),
        2,
        place="Venezuela",
        location_precision="country",
    )


def _wait(m: Opened, js: str, timeout_ms: int = 5000) -> None:
    """Poll a JS expression (the CSP forbids the eval behind page.wait_for_function)."""
    for _ in range(timeout_ms // 50):
        if m.eval(js):
            return
        m.page.wait_for_timeout(50)
    raise AssertionError(f"timed out waiting for {js}")


def _status_rows(*, tall: bool = False):
    """Six assets of six statuses in a row (a column on a tall phone screen, where a row
    would cluster), and one disputed area."""
    from shapely.geometry import Point, box

    statuses = ("reported", "planned", "possible", "denied", "historical", "disputed")
    rows = {"assets": [], "disputes": []}
    for i, st in enumerate(statuses):
        rows["assets"].append(
            make_row(
                "assets",
                "naval vessel",
                Point(40.0, 28.0 + 4 * i) if tall else Point(30.0 + 4 * i, 40.0),
                i,
                status=st,
                actor="Russia" if i % 2 else "Turkey",
                doc_id=f"doc{i % 3}",
                doc_title=f"Story {i % 3}",
                doc_url=f"https://news.example.org/{i % 3}",
            )
        )
    rows["disputes"].append(
        make_row("disputes", "maritime claim", box(30, 35, 32, 36), 9, status="disputed")
    )
    return frames_from_rows(rows)


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "390x844"])
def test_status_on_markers_and_status_actor_source_filters(tmp_path, open_map, size):
    rows = _status_rows(tall=size[1] > size[0])
    m = open_map(_write(tmp_path, rows, offline=True), width=size[0], height=size[1])
    page = m.page
    assert m.errors == [] and m.eval("postureMap.errors") == []
    _wait(m, "document.querySelectorAll('.pm-icon').length === 6")  # clusters split
    for st in ("reported", "planned", "possible", "denied", "historical", "disputed"):
        assert len(page.query_selector_all(f".pm-icon.pm-st-{st}")) == 1, st
    # outlined, faded + struck, badge: drawn differently (the SVG differs per status)
    svgs = {
        st: page.inner_html(f".pm-icon.pm-st-{st}")
        for st in ("reported", "planned", "denied", "disputed")
    }
    assert len(set(svgs.values())) == 4
    # the legend says it, with counts
    _legend(m)
    legend = page.text_content(".pm-facet-status")
    assert "planned" in legend and "outlined" in legend and "struck through" in legend
    assert m.eval("postureMap.facetCounts('status')")["disputed"] == 2
    page.click(".pm-facet-status > summary")  # folded at first
    page.click('input[data-facet="status"][data-value="denied"]')
    assert m.eval("postureMap.counts()")["assets"]["visible"] == 5
    page.click('input[data-facet="status"][data-value="denied"]')
    # actor filter by its checkbox
    if not m.eval("document.querySelector('.pm-facet-actor').open"):
        m.page.click(".pm-facet-actor > summary")
    page.click('input[data-facet="actor"][data-value="Russia"]')
    assert m.eval("postureMap.counts()")["assets"]["visible"] == 3
    page.click('input[data-facet="actor"][data-value="Russia"]')
    # sources: the documents with counts and links; "only" keeps one document's features
    page.click(".pm-facet-source > summary")
    src = page.text_content(".pm-facet-source")
    assert "Story 0" in src and "news.example.org" in src
    hrefs = m.eval("Array.from(document.querySelectorAll('.pm-facet-source a')).map(a => a.href)")
    assert all(h.startswith("https://news.example.org/") for h in hrefs)
    page.hover('.pm-facet-source li:has(input[data-value="doc1"])')
    page.click('.pm-facet-source button.pm-only[data-value="doc1"]')
    counts = m.eval("postureMap.counts()")
    assert counts["assets"]["visible"] == 2 and counts["disputes"]["visible"] == 0
    assert m.errors == []


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "390x844"])
def test_date_range_playback_and_undated(tmp_path, open_map, size):
    frames = synthetic_frames(300, seed=4)
    m = open_map(_write(tmp_path, frames, offline=True), width=size[0], height=size[1])
    lo, hi = "2025-03-01", "2025-06-30"
    m.eval(f"postureMap.setRange({lo!r}, {hi!r})")
    counts = m.eval("postureMap.counts()")
    for name, frame in frames.items():
        when = [(d or p)[:10] for d, p in zip(frame["date"], frame["published"], strict=True)]
        assert counts[name]["visible"] == sum(1 for w in when if not w or lo <= w <= hi)
    # the handles show the range
    assert lo in m.page.text_content(".pm-time-value")
    # undated features: a toggle
    m.eval("postureMap.setRange(null, null)")
    m.page.click(".pm-undated-input")
    counts = m.eval("postureMap.counts()")
    for name, frame in frames.items():
        when = [(d or p)[:10] for d, p in zip(frame["date"], frame["published"], strict=True)]
        assert counts[name]["visible"] == sum(1 for w in when if w)
    m.page.click(".pm-undated-input")
    # playback steps through the days, one at a time; the button pauses it
    days = m.eval("postureMap.days")
    m.eval(f"postureMap.setRange(null, {days[2]!r})")
    m.page.click(".pm-play")
    assert m.eval("postureMap.playing()")
    _wait(m, f"postureMap.range().to > {days[3]!r}")
    m.page.click(".pm-play")
    assert not m.eval("postureMap.playing()")
    to = m.eval("postureMap.range().to")
    m.page.wait_for_timeout(900)
    assert m.eval("postureMap.range().to") == to  # paused
    assert m.page.query_selector_all(".pm-histogram rect")  # features per day
    assert m.errors == []


def _boxes_overlap(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def _on_screen(box, w, h) -> bool:
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= w
        and (box["y"] + box["height"] <= h)
    )


def _topmost(page, selector) -> bool:
    """Whether the element is what a tap at its centre hits (nothing covers it)."""
    return page.eval_on_selector(
        selector,
        """e => { const r = e.getBoundingClientRect();
                  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                  return e === hit || e.contains(hit); }""",
    )


def test_phone_layout_390x844(tmp_path, open_map):
    from shapely.geometry import Point

    rows = [
        make_row(
            "assets",
            "naval vessel",
            Point(-66.9 + i * 3, 10.5 + i),
            i,
            quote="A long sentence about the fleet. " * 12 + "Place 0",
            date=f"2025-03-{i + 1:02d}",
        )
        for i in range(4)
    ]
    w, h = 390, 844
    m = open_map(
        _write(tmp_path, frames_from_rows({"assets": rows}), offline=True, n_sources=12),
        width=w,
        height=h,
        is_mobile=True,
        has_touch=True,
    )
    page = m.page
    title = page.query_selector(".pm-title").bounding_box()
    legend = page.query_selector(".pm-panel-head").bounding_box()
    assert not _boxes_overlap(title, legend)
    assert _topmost(page, ".pm-panel-head")
    footer = page.query_selector(".pm-footer").bounding_box()
    dates = page.query_selector(".pm-time").bounding_box()
    assert not _boxes_overlap(footer, dates)
    assert _on_screen(footer, w, h) and _on_screen(dates, w, h)
    assert _topmost(page, ".pm-footer")
    # a tapped marker: its popup and close button are fully on screen and not covered
    m.eval("postureMap.map.setView([10.5, -66.9], 5, {animate: false})")
    page.wait_for_timeout(300)
    page.tap(".pm-icon.pm-st-reported")
    page.wait_for_selector(".pm-popup")
    page.wait_for_timeout(600)  # auto-pan
    popup = page.query_selector(".leaflet-popup-content-wrapper").bounding_box()
    close = page.query_selector(".leaflet-popup-close-button").bounding_box()
    assert _on_screen(popup, w, h), popup
    assert _on_screen(close, w, h), close
    assert _topmost(page, ".leaflet-popup-close-button")
    page.tap(".leaflet-popup-close-button")
    page.wait_for_timeout(200)
    assert page.query_selector(".pm-popup") is None
    assert _topmost(page, ".pm-panel-head")  # the controls are back
    assert m.errors == []


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "390x844"])
def test_tiles_are_requested_with_the_page_origin_as_referrer(tmp_path, browser, size):
    """OSM's tile usage policy: no `no-referrer`; the tile server gets the page's origin."""
    import http.server
    import threading

    html = _write(tmp_path, synthetic_frames(30, seed=1)).read_text(encoding="utf-8")
    assert 'content="strict-origin-when-cross-origin"' in html
    assert "no-referrer" not in html.split("<body")[0]
    csp = html.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0]
    assert "default-src 'none'" in csp and "img-src data: https://tile.openstreetmap.org" in csp
    body = html.encode("utf-8")

    class Page(http.server.BaseHTTPRequestHandler):
        # the page from memory, one request per connection (nothing left open)
        def do_GET(self):
            self.send_response(200 if self.path == "/map.html" else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_port}/"
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        page = ctx.new_page()
        referers: list[str | None] = []

        def route(r):
            if r.request.url.startswith(origin):
                r.continue_()
            else:
                referers.append(r.request.all_headers().get("referer"))
                r.abort()

        page.route("**/*", route)
        page.goto(origin + "map.html")
        page.wait_for_selector("[data-pm-ready]", state="attached", timeout=20000)
        page.wait_for_timeout(300)
        assert referers, "no tile was requested"
        assert set(referers) == {origin}  # the origin only, never the path or the hash
        policy = page.eval_on_selector(".leaflet-tile", "e => e.referrerPolicy")
        assert policy == "strict-origin-when-cross-origin"
    finally:
        ctx.close()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "390x844"])
def test_permalink_restores_view_filters_dates_and_popup(tmp_path, open_map, size):
    frames = synthetic_frames(300, seed=9)
    path = _write(tmp_path, frames, offline=True)
    m = open_map(path, width=size[0], height=size[1])
    _legend(m)
    m.eval("postureMap.setLayerVisible('disputes', false)")
    m.page.click(".pm-facet-status > summary")  # folded at first
    m.page.click('input[data-facet="status"][data-value="denied"]')
    m.page.click('input[data-layer="incidents"][data-kind="strike"]')
    m.eval("postureMap.setRange('2025-02-01', '2025-09-30')")
    m.eval("postureMap.openPopup('assets', 4)")
    m.page.wait_for_timeout(500)  # the popup's auto-pan
    m.eval("postureMap.map.setView([44.6, 33.5], 6, {animate: false})")
    _wait(m, "location.hash.indexOf('map=6') > 0 && location.hash.indexOf('open=') > 0")
    url = m.eval("postureMap.permalink()")
    assert m.page.url == url
    counts = m.eval("postureMap.counts()")
    again = open_map(url, width=size[0], height=size[1])
    assert again.eval("postureMap.counts()") == counts
    assert again.eval("postureMap.range()") == {
        "from": "2025-02-01",
        "to": "2025-09-30",
        "undated": True,
    }
    assert again.eval("postureMap.map.getZoom()") == 6
    c = again.eval("postureMap.map.getCenter()")
    assert abs(c["lat"] - 44.6) < 1e-3 and abs(c["lng"] - 33.5) < 1e-3
    assert not again.page.is_checked('input[data-facet="status"][data-value="denied"]')
    # the folded section says that it hides something
    assert again.page.text_content(".pm-facet-status > summary").endswith("· 1 hidden")
    assert not again.page.is_checked('input[data-layer="incidents"][data-kind="strike"]')
    assert not again.page.is_checked('input[data-layer="disputes"]:not([data-kind])')
    again.page.wait_for_selector(".pm-popup")
    assert again.errors == [] and m.errors == []


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "390x844"])
def test_export_downloads_the_shown_features_as_geojson(tmp_path, open_map, size):
    import json

    frames = synthetic_frames(200, seed=3)
    w, h = size
    m = open_map(_write(tmp_path, frames, offline=True), width=w, height=h, accept_downloads=True)
    m.eval("postureMap.setLayerVisible('incidents', false)")
    m.eval("postureMap.setRange(null, '2025-06-30')")
    counts = m.eval("postureMap.counts()")
    with m.page.expect_download() as info:
        m.page.click(".pm-export")
    dl = info.value
    assert dl.suggested_filename.endswith(".geojson")
    fc = json.loads(Path(dl.path()).read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection"
    assert len(fc["features"]) == sum(c["visible"] for c in counts.values())
    layers = {f["properties"]["layer"] for f in fc["features"]}
    assert "incidents" not in layers
    some = fc["features"][0]
    assert some["geometry"]["type"] and "subject" in some["properties"]
    assert m.requests == [] and m.errors == []


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "390x844"])
def test_event_list_in_time_order_flies_to_the_feature(tmp_path, open_map, size):
    frames = synthetic_frames(120, seed=7)
    m = open_map(_write(tmp_path, frames, offline=True), width=size[0], height=size[1])
    m.page.click(".pm-events > summary")
    m.page.wait_for_selector(".pm-event")  # rendered on the details' toggle event
    items = m.page.query_selector_all(".pm-event .pm-event-date")
    dates = [i.text_content() for i in items]
    dated = [d for d in dates if d != "undated"]
    assert dated == sorted(dated) and dated
    assert dates[: len(dated)] == dated  # undated last
    n_visible = sum(c["visible"] for c in m.eval("postureMap.counts()").values())
    assert f"({n_visible})" in m.page.text_content(".pm-events > summary")
    subject = m.page.text_content(".pm-event .pm-search-subject")
    m.page.click(".pm-event")
    popup = m.page.wait_for_selector(".pm-popup")
    assert subject in popup.text_content()
    # filtered with the map
    m.eval("postureMap.setLayerVisible('assets', false)")
    m.page.wait_for_timeout(100)
    assert (
        len(m.eval("postureMap.events()"))
        == n_visible - m.eval("postureMap.counts()")["assets"]["total"]
    )
    assert m.errors == []


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "390x844"])
def test_hostile_article_runs_nothing_through_panels_export_and_permalink(tmp_path, open_map, size):
    import json

    frames = hostile_frames()
    path = _write(tmp_path, frames, offline=True, title=HOSTILE)
    m = open_map(path, width=size[0], height=size[1], accept_downloads=True)
    page = m.page
    page.click(".pm-events > summary")
    page.wait_for_selector(".pm-event")  # rendered on the details' toggle event
    assert "window.__pwned" in page.text_content(".pm-events")
    page.click(".pm-event")
    page.wait_for_selector(".pm-popup")
    phone = size[0] < 600
    if phone:  # on a phone the controls step aside while a popup is open
        m.eval("postureMap.map.closePopup()")
    _legend(m)
    page.click(".pm-facet-source > summary")
    if not m.eval("document.querySelector('.pm-facet-actor').open"):
        m.page.click(".pm-facet-actor > summary")
    assert "window.__pwned" in page.text_content(".pm-facet-source")
    if phone:  # fold the legend again: on a phone it covers the tools
        page.click(".pm-panel-head")
    with page.expect_download() as info:
        page.click(".pm-export-csv")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) > 1 and all(not c.startswith(("=", "+", "-", "@")) for r in rows for c in r)
    assert any(HOSTILE in c for r in rows for c in r)  # the text as data, quoted
    # hide the hostile actor: its name travels in the hash
    m.eval(f"postureMap.setFacet('actor', {HOSTILE!r}, false)")
    with page.expect_download() as info:
        page.click(".pm-export")
    exported = Path(info.value.path()).read_text(encoding="utf-8")
    json.loads(exported)  # data, never markup
    url = m.eval("postureMap.permalink()")
    # the hash carries the hostile names percent-encoded: no markup, quote or space in it
    fragment = url.split("#", 1)[1]
    assert not any(c in fragment for c in "<>\"' `")
    again = open_map(url, width=size[0], height=size[1])
    assert again.eval("postureMap.counts()") == m.eval("postureMap.counts()")
    for opened in (m, again):
        opened.page.wait_for_timeout(200)
        assert opened.eval("typeof window.__pwned") == "undefined"
        assert opened.dialogs == [] and opened.errors == [] and opened.requests == []
        assert opened.eval("document.querySelectorAll('a[href^=\"javascript\" i]').length") == 0
        assert opened.eval("document.querySelectorAll('img:not(.leaflet-tile)').length") == 0


# ---- issue 9, second pass: cluster bubbles, zoom-to scale, country hover, CSV, print, tiles,
#      a bounded DOM at scale


def _spot_rows():
    """Eight facts on Venezuela's representative point (country level) and one exact pin."""
    from shapely.geometry import Point

    rows = {"assets": [], "incidents": []}
    for i in range(8):
        layer = "assets" if i < 5 else "incidents"
        kind = "naval vessel" if layer == "assets" else "strike"
        rows[layer].append(
            make_row(
                layer,
                kind,
                Point(-66.0, 8.0),
                i,
                subject=f"Unit {i}",
                place="Venezuela",
                location_precision="country",
            )
        )
    rows["assets"].append(
        make_row(
            "assets", "naval vessel", Point(35.9, 34.9), 9, place="Tartus", subject="Frigate X"
        )
    )
    return frames_from_rows(rows)


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_cluster_bubble_shows_layer_mix_and_lists_features_on_one_spot(tmp_path, open_map, size):
    w, h = size
    m = open_map(_write(tmp_path, _spot_rows(), offline=True), width=w, height=h)
    page = m.page
    bubble = page.wait_for_selector(".pm-cluster")
    assert bubble.text_content().strip() == "8"
    style = page.get_attribute(".pm-cluster-pie", "style")
    # a pie of the layers inside: assets blue and incidents red, 5/8 and 3/8
    assert "conic-gradient" in style and "#1f5fbf" in style and "#c62828" in style
    assert "62.50%" in style
    assert len(page.query_selector_all(".pm-icon")) == 1  # the exact pin stays a pin
    page.hover(".pm-cluster")
    tip = page.wait_for_selector(".pm-tooltip")
    assert "5 assets" in tip.text_content() and "3 incidents" in tip.text_content()
    # the bubble cannot split by zooming: a click lists its features
    page.click(".pm-cluster")
    box = page.wait_for_selector(".pm-cluster-list")
    assert "8 features somewhere in Venezuela" in box.text_content()
    items = page.query_selector_all(".pm-cluster-list .pm-event")
    assert len(items) == 8
    page.wait_for_timeout(400)  # auto-pan
    popup = page.query_selector(".leaflet-popup-content-wrapper").bounding_box()
    assert _on_screen(popup, w, h), popup
    items[0].click()
    subject = page.wait_for_selector(".pm-popup-subject").text_content()
    assert subject.startswith("Unit ")
    assert m.errors == [] and m.eval("postureMap.errors") == []


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "390x844"])
def test_zoom_to_stops_at_the_scale_of_the_place(tmp_path, open_map, size):
    m = open_map(_write(tmp_path, _spot_rows(), offline=True), width=size[0], height=size[1])
    m.eval("postureMap.focus('assets', 0)")  # somewhere in Venezuela: a country's view
    m.page.wait_for_selector(".pm-popup")
    assert m.eval("postureMap.map.getZoom()") == 5
    m.eval("postureMap.map.closePopup()")
    m.eval("postureMap.focus('assets', 5)")  # the exact pin: close up
    m.page.wait_for_selector(".pm-popup")
    assert m.eval("postureMap.map.getZoom()") >= 13
    assert "Frigate X" in m.page.text_content(".pm-popup")
    assert m.errors == []


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "390x844"])
def test_hovering_a_country_level_feature_outlines_its_country(tmp_path, open_map, size):

    vague = _in_venezuela()
    m = open_map(
        _write(tmp_path, frames_from_rows({"assets": [vague]}), offline=True, basemap=True),
        width=size[0],
        height=size[1],
    )
    assert m.eval("document.querySelector('.pm-map').hasAttribute('data-pm-lit')") is False
    m.page.hover(".pm-icon.pm-coarse")
    m.page.wait_for_selector(".pm-tooltip")
    assert m.eval("document.querySelector('.pm-map').getAttribute('data-pm-lit')") == "1"
    box = m.page.query_selector(".pm-icon.pm-coarse").bounding_box()
    m.page.mouse.move(box["x"] + 120, box["y"] + 120)  # off the marker, on the map
    _wait(m, "!document.querySelector('.pm-map').hasAttribute('data-pm-lit')")
    assert m.errors == []


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_export_csv_and_print_view(tmp_path, open_map, size):
    import csv
    import io

    w, h = size
    frames = synthetic_frames(200, seed=3)
    frames["assets"].loc[frames["assets"].index[0], "subject"] = '=HYPERLINK("http://x","y")'
    m = open_map(_write(tmp_path, frames, offline=True), width=w, height=h, accept_downloads=True)
    m.eval("postureMap.setLayerVisible('disputes', false)")
    counts = m.eval("postureMap.counts()")
    with m.page.expect_download() as info:
        m.page.click(".pm-export-csv")
    dl = info.value
    assert dl.suggested_filename.endswith(".csv")
    text = Path(dl.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == sum(c["visible"] for c in counts.values())
    assert {r["layer"] for r in rows} == {"assets", "incidents"}
    assert all(r["wkt"].startswith(("POINT", "POLYGON", "LINESTRING")) for r in rows)
    # a formula is text, never run by a spreadsheet
    assert '\'=HYPERLINK("http://x","y")' in {r["subject"] for r in rows}
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values() if v)
    # print: the map, its legend and dates; no tools
    m.page.emulate_media(media="print")
    assert not m.page.is_visible(".pm-search")
    assert not m.page.is_visible(".pm-exportbar")
    assert m.page.is_visible(".pm-panel") and m.page.is_visible(".pm-title")
    assert m.page.is_visible(".pm-time-value")
    m.page.emulate_media(media="screen")
    assert m.page.is_visible(".pm-print")
    assert m.requests == [] and m.errors == []


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "390x844"])
def test_tiles_from_another_server_are_the_only_images_allowed(tmp_path, open_map, size):
    url = "https://{s}.tiles.example.org/osm/{z}/{x}/{y}.png?key=abc"
    attribution = "Tiles <b>example</b> & OSM"
    path = _write(tmp_path, synthetic_frames(30, seed=1), tiles=url, tiles_attribution=attribution)
    html = path.read_text(encoding="utf-8")
    csp = html.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0]
    assert "img-src data: https://*.tiles.example.org;" in csp
    assert "tile.openstreetmap.org" not in csp
    m = open_map(path, width=size[0], height=size[1])
    m.page.wait_for_timeout(300)
    assert m.requests and all(
        re.match(r"https://[abc]\.tiles\.example\.org/osm/\d+/\d+/\d+\.png\?key=abc$", u)
        for u in m.requests
    )
    # the attribution is shown as text, in view
    assert attribution in m.page.text_content(".leaflet-control-attribution")
    assert _on_screen(m.page.query_selector(".leaflet-control-attribution").bounding_box(), *size)
    assert m.page.query_selector(".leaflet-control-attribution b") is None
    assert m.errors == []


def test_many_features_keep_the_page_small(tmp_path, open_map):
    """20,000 features: only the cells in view are DOM markers; a toggle and a date change
    keep the counts right."""
    frames = synthetic_frames(20000, seed=11)
    m = open_map(
        _write(tmp_path, frames, offline=True),
    )
    n_markers = m.eval("document.querySelectorAll('.leaflet-marker-icon').length")
    assert 0 < n_markers < 1500
    assert m.eval("document.querySelectorAll('.pm-cluster').length") > 0
    m.eval("postureMap.setLayerVisible('assets', false)")
    assert m.eval("postureMap.counts()")["assets"]["visible"] == 0
    m.eval("postureMap.setLayerVisible('assets', true)")
    day = m.eval("postureMap.days[Math.floor(postureMap.days.length / 2)]")
    m.eval(f"postureMap.setRange({day!r}, null)")
    counts = m.eval("postureMap.counts()")
    for name, frame in frames.items():
        when = [(d or p)[:10] for d, p in zip(frame["date"], frame["published"], strict=True)]
        assert counts[name]["visible"] == sum(1 for x in when if not x or x >= day)
    m.eval("postureMap.map.setZoom(6, {animate: false}), 0")
    assert m.eval("document.querySelectorAll('.leaflet-marker-icon').length") < 1500
    assert m.errors == [] and m.eval("postureMap.errors") == []


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "390x844"])
def test_area_features_are_soft_circles_not_pins(tmp_path, open_map, size):
    from shapely.geometry import Point

    sea = make_row(
        "incidents",
        "patrol",
        Point(-75.0, 15.0),
        1,
        place="Caribbean Sea",
        location_precision="area",
    )
    pin = make_row("incidents", "patrol", Point(-66.9, 10.5), 2, place="La Guaira")
    frames = frames_from_rows({"incidents": [sea, pin]})
    phone = size[0] < size[1]
    m = open_map(
        _write(tmp_path, frames, offline=True), width=size[0], height=size[1], has_touch=phone
    )
    page = m.page
    assert len(page.query_selector_all(".pm-icon.pm-area")) == 1
    assert len(page.query_selector_all(".pm-icon:not(.pm-coarse)")) == 1
    area = page.query_selector(".pm-icon.pm-area").bounding_box()
    exact = page.query_selector(".pm-icon:not(.pm-coarse)").bounding_box()
    assert area["width"] > exact["width"]  # a soft circle, bigger than a pin
    page.query_selector(".pm-icon.pm-area").dispatch_event("mouseover")
    assert "somewhere in Caribbean Sea" in page.wait_for_selector(".pm-tooltip").text_content()
    _legend(m)
    assert "sea or region" in page.text_content(".pm-area-key")
    assert m.errors == []


def test_points_across_the_antimeridian_are_drawn_where_the_view_is(tmp_path, open_map):
    from shapely.geometry import Point

    east = make_row("assets", "naval vessel", Point(175.0, -18.0), 1, place="Fiji")
    west = make_row("assets", "naval vessel", Point(-175.0, -18.0), 2, place="Tonga")
    m = open_map(_write(tmp_path, frames_from_rows({"assets": [east, west]}), offline=True))
    m.eval("postureMap.map.setView([-18, 179], 6, {animate: false}), 0")
    m.page.wait_for_timeout(200)
    boxes = [i.bounding_box() for i in m.page.query_selector_all(".pm-icon")]
    assert len(boxes) == 2
    assert all(_on_screen(b, 1280, 800) for b in boxes), boxes
    assert m.errors == []


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "390x844"])
def test_zooming_into_a_bubble_keeps_its_features_clear_of_the_controls(tmp_path, open_map, size):
    from shapely.geometry import Point

    w, h = size
    rows = [
        make_row(
            "assets",
            "naval vessel",
            Point(-66.0 + 0.4 * (i % 3), 10.0 + 0.4 * (i // 3)),
            i,
            date="2025-03-01",
        )
        for i in range(6)
    ]
    m = open_map(
        _write(tmp_path, frames_from_rows({"assets": rows}), offline=True), width=w, height=h
    )
    m.eval("postureMap.map.setView([10.4, -65.6], 3, {animate: false}), 0")
    m.page.wait_for_timeout(200)
    for _ in range(4):  # each click zooms to the bubble's features, until they split
        if len(m.page.query_selector_all(".pm-icon")) == 6:
            break
        m.page.click(".pm-cluster")
        m.page.wait_for_timeout(500)  # the zoom animation
    assert len(m.page.query_selector_all(".pm-icon")) == 6
    controls = [
        m.page.query_selector(sel).bounding_box()
        for sel in (".pm-search", ".pm-time", ".pm-exportbar", ".pm-events", ".pm-panel")
    ]
    for icon in m.page.query_selector_all(".pm-icon"):
        box = icon.bounding_box()
        assert _on_screen(box, w, h), box
        assert not any(_boxes_overlap(box, c) for c in controls), box
    assert m.errors == []


# the features' canvas (the renderer of the shapes) and what it shows
_SHAPES = (
    "Object.values(postureMap.map._layers).find(l => l._plan && l.options.pane === 'overlayPane')"
)
_ALPHA_AT = f"""([lat, lng]) => {{
  const r = {_SHAPES};
  const c = r._container;
  const p = postureMap.map.latLngToContainerPoint([lat, lng]);
  const mapBox = postureMap.map.getContainer().getBoundingClientRect();
  const box = c.getBoundingClientRect();
  const x = Math.round((mapBox.left + p.x - box.left) * c.width / box.width);
  const y = Math.round((mapBox.top + p.y - box.top) * c.height / box.height);
  return c.getContext('2d').getImageData(x, y, 1, 1).data[3];
}}"""
_SNAP = f"() => {_SHAPES}._container.toDataURL()"
_ONE_GO = f"""() => {{
  const r = {_SHAPES};
  r._redrawBounds = null;
  r._clear();
  r._draw();
  return r._container.toDataURL();
}}"""
# every shape projected and clipped as Leaflet does it, then drawn in one go
_EAGER = f"""() => {{
  const r = {_SHAPES};
  Object.values(r._layers).forEach(l => {{ l._project(); l._update(); }});
  r._redrawBounds = null;
  r._clear();
  r._draw();
  return r._container.toDataURL();
}}"""
_DRAWN = ".pm-map:not([data-pm-busy])"
# an animated zoom in: resolves at its zoomend ("timeout" if none comes)
_ZOOM_IN = """new Promise(done => {
  postureMap.map.once('zoomend', () => done('zoomed'));
  setTimeout(() => done('timeout'), 5000);
  postureMap.map.zoomIn();
})"""


def _click_at(m, lat: float, lng: float) -> None:
    x, y = m.eval(
        f"""(() => {{
          const p = postureMap.map.latLngToContainerPoint([{lat}, {lng}]);
          const b = postureMap.map.getContainer().getBoundingClientRect();
          return [b.left + p.x, b.top + p.y];
        }})()"""
    )
    m.page.mouse.click(x, y)


def test_filtered_out_shapes_are_neither_drawn_nor_clickable(tmp_path, open_map):
    """Shapes stay on the map when filtered out (a toggle adds or removes no layer): they must
    then be skipped by the drawing and by the clicks."""
    from shapely.geometry import Point, box

    rows = {
        "assets": [make_row("assets", "naval vessel", Point(30.0, 48.0), 1)],
        "disputes": [make_row("disputes", "territorial dispute", box(10, 40, 14, 42), 2)],
    }
    m = open_map(_write(tmp_path, frames_from_rows(rows), offline=True))
    page = m.page
    page.wait_for_selector(_DRAWN, state="attached")
    at = [41.0, 12.0]
    assert page.evaluate(_ALPHA_AT, at) > 0
    m.eval("postureMap.setLayerVisible('disputes', false)")
    page.wait_for_selector(_DRAWN, state="attached")
    assert page.evaluate(_ALPHA_AT, at) == 0
    _click_at(m, *at)
    assert page.query_selector(".pm-popup") is None
    m.eval("postureMap.setLayerVisible('disputes', true)")
    page.wait_for_selector(_DRAWN, state="attached")
    assert page.evaluate(_ALPHA_AT, at) > 0
    _click_at(m, *at)
    assert "Territorial Dispute 2" in page.wait_for_selector(".pm-popup").text_content()
    # after a zoom (the shapes projected again as they are drawn) it is still clickable
    m.eval("postureMap.map.closePopup(), 0")
    page.wait_for_selector(".pm-popup", state="detached")
    assert m.eval(_ZOOM_IN) == "zoomed"
    page.wait_for_selector(_DRAWN, state="attached")
    assert page.evaluate(_ALPHA_AT, at) > 0
    _click_at(m, *at)
    assert "Territorial Dispute 2" in page.wait_for_selector(".pm-popup").text_content()
    assert m.errors == [] and m.eval("postureMap.errors") == []


def test_a_redraw_in_slices_draws_what_one_redraw_draws(tmp_path, open_map):
    """A large redraw is drawn a slice per frame; one cut short by another filter change starts
    again: in the end the canvas is exactly what a redraw in one go draws. After a zoom the
    shapes projected as they are drawn give what Leaflet's projection of every shape gives."""
    frames = synthetic_frames(3000, seed=12)
    m = open_map(_write(tmp_path, frames, offline=True))
    page = m.page
    page.wait_for_selector(_DRAWN, state="attached")
    first = page.evaluate(_SNAP)
    blank = m.eval(
        f"(() => {{ const c = document.createElement('canvas'); const r = {_SHAPES}._container;"
        " c.width = r.width; c.height = r.height; return c.toDataURL(); })()"
    )
    assert first != blank
    assert page.evaluate(_ONE_GO) == first
    m.eval(f"{_SHAPES}.options.sliceMs = 0")  # a batch of shapes per frame: many frames
    still_busy = m.eval(
        """(async () => {
          postureMap.setLayerVisible('assets', false);
          await new Promise(requestAnimationFrame);
          return postureMap.map.getContainer().hasAttribute('data-pm-busy');
        })()"""
    )
    assert still_busy  # drawn over several frames...
    mid = m.eval("postureMap.days[Math.floor(postureMap.days.length / 2)]")
    m.eval(f"postureMap.setRange({mid!r}, null)")  # ...and cut short by a date change
    page.wait_for_selector(_DRAWN, state="attached")
    hidden = page.evaluate(_SNAP)
    assert hidden != first
    assert page.evaluate(_ONE_GO) == hidden
    m.eval("postureMap.setLayerVisible('assets', true), postureMap.setRange(null, null)")
    page.wait_for_selector(_DRAWN, state="attached")
    assert page.evaluate(_SNAP) == first
    # an animated zoom (zoomend, moveend) and one without (viewreset)
    assert m.eval(_ZOOM_IN) == "zoomed"
    page.wait_for_selector(_DRAWN, state="attached")
    zoomed = page.evaluate(_SNAP)
    assert zoomed != first
    assert page.evaluate(_EAGER) == zoomed
    m.eval("postureMap.map.setZoom(postureMap.map.getZoom() + 1, {animate: false}), 0")
    page.wait_for_selector(_DRAWN, state="attached")
    zoomed = page.evaluate(_SNAP)
    assert page.evaluate(_EAGER) == zoomed
    counts = m.eval("postureMap.counts()")
    for name, frame in frames.items():
        assert counts[name]["visible"] == len(frame)
    assert m.errors == [] and m.eval("postureMap.errors") == []


_SECTIONS = (
    ".pm-symbols",
    ".pm-facet-status",
    ".pm-facet-actor",
    ".pm-facet-source",
    ".pm-basemap",
)


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "390x844"])
def test_legend_sections_start_folded_with_every_title_in_view(tmp_path, open_map, size):
    """Under the layers (open, with their kinds) every section starts folded, so the legend
    fits the screen: each section's title shows without scrolling, nothing covers it, and a
    click unfolds it."""
    w, h = size
    frames = synthetic_frames(300, seed=3)
    m = open_map(_write(tmp_path, frames, offline=True, n_sources=30), width=w, height=h)
    page = m.page
    _legend(m)
    assert page.is_visible('input[data-layer="assets"][data-kind="troops"]')
    assert page.is_visible('input[data-layer="incidents"][data-kind="strike"]')
    panel = page.query_selector(".pm-panel").bounding_box()
    assert _on_screen(panel, w, h)
    for sel in _SECTIONS:
        assert m.eval(f"document.querySelector({sel!r}).open") is False, sel
        title = page.query_selector(f"{sel} > summary").bounding_box()
        assert _on_screen(title, w, h), sel
        bottom = panel["y"] + panel["height"]
        assert panel["y"] <= title["y"] and title["y"] + title["height"] <= bottom, sel
        assert _topmost(page, f"{sel} > summary"), sel
    assert not page.is_visible('input[data-facet="status"][data-value="reported"]')
    page.click(".pm-facet-status > summary")
    page.click('input[data-facet="status"][data-value="reported"]')
    assert page.text_content(".pm-facet-status > summary").endswith("· 1 hidden")
    n_reported = sum(int((f["status"] == "reported").sum()) for f in frames.values())
    assert sum(c["visible"] for c in m.eval("postureMap.counts()").values()) == 300 - n_reported
    assert m.errors == [] and m.eval("postureMap.errors") == []


@pytest.mark.parametrize("size", SIZES, ids=["1280x800", "390x844"])
def test_every_section_title_shows_above_a_long_list_of_kinds(tmp_path, open_map, size):
    """A story set with many kinds (the seeds have 31): the folded sections come before the
    layers' kinds, so their titles show without scrolling the panel."""
    from shapely.geometry import Point

    rows = {"assets": [], "incidents": []}
    for i in range(36):
        layer = "assets" if i % 2 else "incidents"
        rows[layer].append(
            make_row(layer, f"kind {i:02d}", Point(-60 + 3 * i, 10.0), i, status="reported")
        )
    w, h = size
    m = open_map(_write(tmp_path, frames_from_rows(rows), offline=True), width=w, height=h)
    page = m.page
    _legend(m)
    panel = page.query_selector(".pm-panel").bounding_box()
    for sel in _SECTIONS:
        if page.query_selector(f"{sel} > summary") is None:
            continue  # a section this map has no content for
        title = page.query_selector(f"{sel} > summary").bounding_box()
        assert _on_screen(title, w, h), sel
        assert title["y"] + title["height"] <= panel["y"] + panel["height"], sel
        assert _topmost(page, f"{sel} > summary"), sel
    assert m.errors == []


def test_a_popup_counts_the_sources_beyond_the_listed_ones(tmp_path, open_map):
    import json

    from shapely.geometry import Point

    listed = [
        {"doc_id": f"d{i}", "title": f"Outlet {i}", "url": "", "published": "", "stance": s}
        for i, s in enumerate(("reports", "reports", "denies"))
    ]
    rest = {"more_reports": 30, "more_denials": 1}
    row = make_row(
        "assets", "naval vessel", Point(30.0, 40.0), 1, corroborated_by=json.dumps([*listed, rest])
    )
    m = open_map(_write(tmp_path, frames_from_rows({"assets": [row]}), offline=True))
    m.eval("postureMap.focus('assets', 0)")
    popup = m.page.wait_for_selector(".pm-popup").text_content()
    assert "Also reported by 32 articles" in popup and "Denied by 2 articles" in popup
    assert "… 30 more" in popup and "… 1 more" in popup.split("Denied by")[1]
    assert m.errors == []
