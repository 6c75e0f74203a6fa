"""Map benchmark: generation time, file size and load time in headless Chromium.

    python bench/bench_map.py            # 1k and 10k synthetic features
    python bench/bench_map.py 1000 50000

Load time = navigation start until every feature is on the map (``data-pm-ready``), measured
with all network requests blocked (offline map). Responsiveness = the longest main-thread stall
(gap between animation frames) while zooming and toggling a layer after load ("toggle"), and
while moving the date range to its middle day and back ("dates").
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the synthetic layers are a test helper

from _synthetic import CHROMIUM, CHROMIUM_ARGS, synthetic_frames  # noqa: E402

from maps import render_map, save_map  # noqa: E402

PROBE = """() => new Promise(resolve => {
  // longest gap between animation frames while the map zooms and a layer is toggled
  let last = performance.now(), worst = 0, n = 0;
  function tick(t) {
    worst = Math.max(worst, t - last); last = t;
    if (++n < 90) requestAnimationFrame(tick); else resolve(worst);
  }
  requestAnimationFrame(tick);
  const m = postureMap.map;
  m.zoomIn(); setTimeout(() => m.zoomOut(), 300);
  setTimeout(() => postureMap.setLayerVisible('assets', false), 600);
  setTimeout(() => postureMap.setLayerVisible('assets', true), 900);
})"""


DATES = """() => new Promise(resolve => {
  let last = performance.now(), worst = 0, n = 0;
  function tick(t) {
    worst = Math.max(worst, t - last); last = t;
    if (++n < 60) requestAnimationFrame(tick); else resolve(worst);
  }
  requestAnimationFrame(tick);
  const days = postureMap.days;
  setTimeout(() => postureMap.setRange(days[Math.floor(days.length / 2)], null), 100);
  setTimeout(() => postureMap.setRange(null, null), 500);
})"""


def main(sizes: list[int]) -> None:
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        for n in sizes:
            frames = synthetic_frames(n, seed=n)
            t0 = time.perf_counter()
            m = render_map(frames, offline=True, n_sources=n // 10, basemap=True)
            out = Path(tmp) / f"map_{n}.html"
            save_map(m, out)
            gen = time.perf_counter() - t0
            size = out.stat().st_size / 1e6
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            t0 = time.perf_counter()
            page.goto(out.as_uri())
            page.wait_for_selector("[data-pm-ready]", state="attached", timeout=60000)
            load = time.perf_counter() - t0
            app_ms = page.evaluate("postureMap.loadMs")
            worst = page.evaluate(PROBE)
            dates = page.evaluate(DATES)
            total = sum(c["visible"] for c in page.evaluate("postureMap.counts()").values())
            page.close()
            rows.append((n, total, gen, size, load, app_ms / 1000, worst, dates))
        browser.close()
    print(
        f"{'features':>9} {'on map':>7} {'gen s':>7} {'MB':>6} {'load s':>7} "
        f"{'app s':>6} {'toggle ms':>10} {'dates ms':>9}"
    )
    for n, total, gen, size, load, app, worst, dates in rows:
        print(
            f"{n:>9} {total:>7} {gen:>7.2f} {size:>6.2f} {load:>7.2f} {app:>6.2f} "
            f"{worst:>10.0f} {dates:>9.0f}"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
