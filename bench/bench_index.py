#!/usr/bin/env python3
"""Benchmark loading the gazetteer index in a fresh process (not a test).

    python bench/bench_index.py [--repeat 5] [--root CHECKOUT] [--cache DIR]

Each measurement is a new Python process, as a `posture` command is: "load" times
``import geo.gazetteer`` + ``get_gazetteer()`` + one lookup inside the child (and the child's
whole wall time from outside); "fingerprint" times computing the index's fingerprint (the
imports it needs included). Prints the median of REPEAT runs of each and which heavy packages
the child had imported. The index is built first if the cache has none (not timed).

``--root`` measures another checkout (for before/after: ``--root /path/to/main``); ``--cache``
defaults to ``POSTURE_CACHE_DIR`` or a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAVY = ("scipy", "shapely", "pyogrio", "numpy")

LOAD = f"""
import json, sys, time
c0, t0 = time.process_time(), time.perf_counter()
from geo.gazetteer import get_gazetteer
gz = get_gazetteer()
assert gz.lookup("Kherson")
c1, t1 = time.process_time(), time.perf_counter()
import geo
print(json.dumps({{"load_s": t1 - t0, "cpu_s": c1 - c0, "path": str(gz.path), "geo": geo.__file__,
                  "heavy": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""

FINGERPRINT = f"""
import json, sys, time
t0 = time.perf_counter()
from geo.gazetteer import _fingerprint
t1 = time.perf_counter()
fp = _fingerprint()
t2 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "fingerprint_s": t2 - t1, "fingerprint": fp,
                  "heavy": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""


def child(code: str, env: dict[str, str]) -> tuple[dict, float]:
    t0 = time.perf_counter()
    out = subprocess.run(  # cwd: `python -c` puts it first on sys.path
        [sys.executable, "-c", code],
        env=env,
        cwd=env["PYTHONPATH"],
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t0
    return json.loads(out.stdout.strip().splitlines()[-1]), wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    ap.add_argument("--cache", type=Path, default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or Path(os.environ.get("POSTURE_CACHE_DIR") or Path(tmp) / "cache")
        env = dict(os.environ, PYTHONPATH=str(args.root.resolve()), POSTURE_CACHE_DIR=str(cache))
        first, first_wall = child(LOAD, env)  # builds the index if needed
        loads = [child(LOAD, env) for _ in range(args.repeat)]
        fps = [child(FINGERPRINT, env)[0] for _ in range(args.repeat)]
    path = Path(first["path"])
    size = path.stat().st_size / 1e6 if path.exists() else float("nan")
    load_in = statistics.median(r["load_s"] for r, _ in loads)
    load_wall = statistics.median(w for _, w in loads)
    import_from = Path(first["geo"]).parent
    print(f"checkout               {import_from}")
    print(f"index                  {path} ({size:.1f} MB)")
    print(f"first run              {first_wall:.2f} s (builds the index when the cache has none)")
    runs = ", ".join(f"{r['load_s']:.3f}" for r, _ in loads)
    print(f"load, in process       {load_in:.3f} s median of {args.repeat} ({runs})")
    load_cpu = statistics.median(r["cpu_s"] for r, _ in loads)
    print(f"load, CPU in process   {load_cpu:.3f} s median (less sensitive to a busy machine)")
    print(f"load, whole process    {load_wall:.3f} s median (interpreter start-up included)")
    fp_med = statistics.median(r["fingerprint_s"] for r in fps)
    imp_med = statistics.median(r["import_s"] for r in fps)
    print(f"fingerprint            {fp_med:.4f} s median (import geo.gazetteer {imp_med:.3f} s)")
    heavy = sorted({m for r, _ in loads for m in r["heavy"]} | {m for r in fps for m in r["heavy"]})
    print(f"heavy imports          {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
