"""The map in a real browser (Debian chromium via Playwright): loads offline, counts, toggles,
popups, and a hostile article that must execute nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from maps import render_map, save_map
from maps.synthetic import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HOSTILE,
    frames_from_rows,
    hostile_frames,
    make_row,
    synthetic_frames,
)

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

    def _open(path: Path) -> Opened:
        ctx = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(ctx)
        page = ctx.new_page()
        requests: list[str] = []
        errors: list[str] = []
        dialogs: list[str] = []

        def route(r):
            url = r.request.url
            if url.startswith("file:"):
                r.continue_()
            else:
                requests.append(url)
                r.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
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


def test_country_level_features_are_not_pins(tmp_path, open_map):
    from shapely.geometry import Point

    exact = make_row(
        "assets", "naval vessel", Point(35.9, 34.9), 1, place="Tartus", location_precision="exact"
    )
    vague = make_row(
        "assets",
        "naval vessel",
        Point(-66.0, 8.0),
        2,
        place="Venezuela",
        location_precision="country",
    )
    frames = frames_from_rows({"assets": [exact, vague]})
    m = open_map(_write(tmp_path, frames, offline=True))
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
