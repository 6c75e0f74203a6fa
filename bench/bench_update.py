#!/usr/bin/env python3
"""Time the daily update (`posture layers NEW --update DIR`) against a full run.

    python bench/bench_update.py CORPUS.jsonl [--share 0.9] [-j N]

Splits the corpus: the first ``share`` of its documents make a layer set (``--update`` on an
empty directory); then the whole corpus updates it (only the rest is extracted). Prints the
wall and CPU time of the full run over the whole corpus and of the update, their ratios
(target: the update under a quarter of the full run), and checks that the update's
statements equal the full run's. Whole processes, run with this checkout's
``python -m layers.cli``.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one whole `posture layers` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "layers.cli", *args, "-q"],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--share", type=float, default=0.9, help="share of the first run")
    ap.add_argument("-j", "--jobs", default="1")
    a = ap.parse_args()
    lines = a.corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = int(len(lines) * a.share)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        first = t / "first.jsonl"
        first.write_text("".join(lines[:cut]), encoding="utf-8")
        jobs = ["-j", a.jobs]
        _run([str(first), "-o", str(t / "warm"), *jobs])  # gazetteer cache, page cache
        full = _run([str(a.corpus), "-o", str(t / "full"), *jobs])
        base = _run([str(first), "--update", str(t / "set"), "--run-date", "2024-01-01", *jobs])
        upd = _run([str(a.corpus), "--update", str(t / "set"), "--run-date", "2024-01-02", *jobs])
        same = (t / "set" / "statements.jsonl").read_bytes() == (
            t / "full" / "statements.jsonl"
        ).read_bytes()
    print(f"documents: {len(lines)} (first run {cut}, update adds {len(lines) - cut})")
    print(
        f"full run: {full[0]:.2f} s ({full[1]:.2f} s CPU); first run: {base[0]:.2f} s "
        f"({base[1]:.2f} s CPU); update: {upd[0]:.2f} s ({upd[1]:.2f} s CPU)"
    )
    print(
        f"update / full: {upd[0] / full[0]:.3f} wall, {upd[1] / full[1]:.3f} CPU (target < 0.25;"
        " CPU is the steadier figure on a shared machine)"
    )
    print(f"update statements identical to the full run's: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
