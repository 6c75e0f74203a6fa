"""Map benchmark: generation time, file size, load time and main-thread stalls in Chromium.

    python bench/bench_map.py                      # 1k and 10k synthetic features
    python bench/bench_map.py 10000 50000 100000 --repeat 3

"load s" = navigation start until the page is interactive: the map says it is ready
(``data-pm-ready``: every feature drawn) and no long task (> 50 ms) follows for a second; the
time is the later of the ready mark and the end of the last long task. Network requests are all
blocked (offline map). Stalls = the longest main-thread task (PerformanceObserver "longtask")
while toggling a layer off and on ("toggle"), moving the date range to its middle day and back
("dates"), and zooming in and out ("zoom"); each step is given until the map has drawn
everything (no ``data-pm-busy``: shapes are redrawn a slice per frame) and 600 ms more.
"drawn ms" = the longest time from a toggle or date step until everything is drawn. With
``--repeat N`` each figure is the median of N page loads; the machine's load average is printed
with the table (other work on the machine stretches every figure).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the synthetic layers are a test helper

from _synthetic import CHROMIUM, CHROMIUM_ARGS, synthetic_frames  # noqa: E402

from maps import render_map, save_map  # noqa: E402

# every long task from the start of the document, in page time (ms), and when the map said
# it was ready
OBSERVE = """
window.__pmTasks = [];
window.__pmReadyAt = null;
try {
  new PerformanceObserver(l => l.getEntries().forEach(e =>
    window.__pmTasks.push([e.startTime, e.startTime + e.duration])))
    .observe({entryTypes: ['longtask']});
} catch (e) {}
new MutationObserver((records, obs) => {
  if (document.querySelector('[data-pm-ready]')) {
    window.__pmReadyAt = performance.now();
    obs.disconnect();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-pm-ready']});
"""

QUIET = """() => new Promise(resolve => {
  // wait for a second without long tasks; the later of ready and the last long task's end
  function check() {
    const t = window.__pmTasks;
    const last = t.length ? t[t.length - 1][1] : 0;
    const ready = window.__pmReadyAt || performance.now();
    if (performance.now() - Math.max(last, ready) > 1000) resolve(Math.max(last, ready));
    else setTimeout(check, 100);
  }
  check();
})"""

# the time (ms) from `start` until the map has drawn everything (given up after a minute)
DRAWN = """start => new Promise(resolve => {
  function check() {
    const waited = performance.now() - start;
    if (!document.querySelector('[data-pm-busy]') || waited > 60000) resolve(waited);
    else requestAnimationFrame(check);
  }
  check();
})"""

ACTIONS = {
    "toggle": [
        "postureMap.setLayerVisible('assets', false)",
        "postureMap.setLayerVisible('assets', true)",
    ],
    "dates": [
        "postureMap.setRange(postureMap.days[Math.floor(postureMap.days.length / 2)], null)",
        "postureMap.setRange(null, null)",
    ],
    "zoom": ["postureMap.map.zoomIn()", "postureMap.map.zoomOut()"],
}


def stall(page, steps: list[str]) -> tuple[float, float]:
    """The longest main-thread task (ms) while each step runs, draws and settles (600 ms
    after it is drawn), and the longest time from a step until it was drawn."""
    worst = drawn = 0.0
    for js in steps:
        start = page.evaluate("performance.now()")
        page.evaluate(f"{js}, 0")
        drawn = max(drawn, page.evaluate(DRAWN, start))
        page.wait_for_timeout(600)
        tasks = page.evaluate("window.__pmTasks")
        worst = max([worst] + [e - s for s, e in tasks if s >= start])
    return worst, drawn


def measure(browser, path: Path) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.add_init_script(OBSERVE)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(path.as_uri())
    page.wait_for_selector("[data-pm-ready]", state="attached", timeout=120000)
    load = page.evaluate(QUIET) / 1000
    out = {"load": load, "drawn": 0.0}
    for name, steps in ACTIONS.items():
        out[name], drawn = stall(page, steps)
        if name != "zoom":  # a zoom is drawn after its animation: not timed from the step
            out["drawn"] = max(out["drawn"], drawn)
    out["shown"] = sum(c["visible"] for c in page.evaluate("postureMap.counts()").values())
    page.close()
    return out


def main(sizes: list[int], repeat: int) -> None:
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
            runs = [measure(browser, out) for _ in range(repeat)]
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            rows.append((n, med["shown"], gen, size, med))
        browser.close()
    print(f"load average {os.getloadavg()[0]:.1f}; medians of {repeat} page load(s)")
    print(
        f"{'features':>9} {'on map':>7} {'gen s':>7} {'MB':>6} {'load s':>7} "
        f"{'toggle ms':>10} {'dates ms':>9} {'zoom ms':>8} {'drawn ms':>9}"
    )
    for n, shown, gen, size, med in rows:
        print(
            f"{n:>9} {shown:>7.0f} {gen:>7.2f} {size:>6.2f} {med['load']:>7.2f} "
            f"{med['toggle']:>10.0f} {med['dates']:>9.0f} {med['zoom']:>8.0f} {med['drawn']:>9.0f}"
        )


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    ap.add_argument("--repeat", type=int, default=1, help="page loads per size (median)")
    args = ap.parse_args()
    main(args.sizes, args.repeat)
