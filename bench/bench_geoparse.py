#!/usr/bin/env python3
"""Benchmark `posture geoparse` as a whole process (not a test).

    python bench/bench_geoparse.py CORPUS.jsonl [--repeat 3]

Runs once with an empty gazetteer cache (the first run builds the index), then REPEAT warm
runs; prints wall time, documents/s and the peak memory of the child processes.
Make a 2,000-document corpus from the GeoWebNews benchmark with its make_big.py (10 copies).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n = sum(1 for line in args.corpus.open(encoding="utf-8") if line.strip())
    exe = shutil.which("posture")
    base = [exe] if exe else [sys.executable, "-m", "maps"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        env = dict(os.environ, POSTURE_CACHE_DIR=str(Path(tmp) / "cache"))
        cmd = [*base, "geoparse", str(args.corpus), "-o", str(out), "--overwrite", "-q"]
        cold = run(cmd, env)
        warm = sorted(run(cmd, env) for _ in range(args.repeat))
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    med = warm[len(warm) // 2]
    print(f"documents            {n}")
    print(f"first run (builds)   {cold:.2f} s")
    print(f"warm runs            {', '.join(f'{w:.2f}' for w in warm)} s")
    print(f"throughput (median)  {n / med:.0f} documents/s, whole process")
    print(f"peak memory          {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
