#!/usr/bin/env python3
"""Time `posture layers` as a whole process over a JSON Lines corpus.

    python bench/bench_layers.py CORPUS.jsonl [--format geojson] [--repeat 3]

Runs the command in a subprocess (so start-up, gazetteer loading, geoparsing, extraction and
writing all count), prints documents per second for the whole process and the peak RSS of
the child (``resource.getrusage(RUSAGE_CHILDREN)``). Target: >= 300 documents/s.

Uses the installed ``posture`` command when it has the ``layers`` subcommand, else
``python -m layers.cli`` from this checkout.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def command() -> list[str]:
    exe = shutil.which("posture")
    if exe:
        probe = subprocess.run([exe, "layers", "--help"], capture_output=True, check=False)
        if probe.returncode == 0:
            return [exe, "layers"]
    return [sys.executable, "-m", "layers.cli"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="JSON Lines file, one document a line")
    ap.add_argument("--format", default="geojson", choices=("geojson", "gpkg", "kml", "csv"))
    ap.add_argument("--repeat", type=int, default=1, help="runs; the median is reported")
    args = ap.parse_args()
    with open(args.corpus, encoding="utf-8") as fh:
        n_docs = sum(1 for line in fh if line.strip())
    cmd = command()
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    times = []
    summary = ""
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="bench-layers-") as tmp:
            out = Path(tmp) / "out"
            argv = [*cmd, str(args.corpus), "-o", str(out), "--format", args.format]
            t0 = time.perf_counter()
            res = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
            times.append(time.perf_counter() - t0)
            if res.returncode not in (0, 3):
                sys.stderr.write(res.stderr)
                print(f"command failed with exit code {res.returncode}: {' '.join(argv)}")
                return 1
            lines = [ln for ln in res.stderr.splitlines() if ln.startswith("wrote ")]
            summary = lines[-1] if lines else ""
            size = sum(p.stat().st_size for p in out.iterdir())
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    secs = statistics.median(times)
    print(f"command:   {' '.join(cmd)} ({args.format})")
    print(f"documents: {n_docs}")
    print(
        f"time:      {secs:.2f} s (median of {len(times)}: {', '.join(f'{t:.2f}' for t in times)})"
    )
    print(f"rate:      {n_docs / secs:.0f} documents/s whole process (target >= 300)")
    print(f"peak RSS:  {peak_mb:.0f} MiB")
    print(f"output:    {size / 1e6:.1f} MB; {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
