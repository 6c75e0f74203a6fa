#!/usr/bin/env python3
"""`posture layers` single-machine against `--engine dask` on a LocalCluster, as whole runs.

    python bench/bench_dask.py                      # 10,000 documents (make_big.py 50)
    python bench/bench_dask.py --sizes 50 250 500   # 10k, 50k and 100k documents
    python bench/bench_dask.py --workers 4 --partition-size 200

For each size it writes the corpus with ``../shared/bench/make_big.py N`` (N x 200 GWN
documents), then runs ``python -m layers.cli CORPUS -o OUT -q`` twice: as is (forked workers,
``-j`` default) and with ``--engine dask`` (a LocalCluster of ``--workers`` processes,
default every CPU). It reports documents per second of the whole process (start-up, reading,
cluster start, extraction, fact grouping, writing), the peak RSS of every process of the run
(sampled with psutil every 0.1 s over the process tree; without psutil only the largest child's
peak, from ``resource``), the main process's CPU time (the client's serial share),
whether the two outputs are byte-identical, and the cost of the
reduction on the client (fact grouping of every statement and writing the layers, timed here
from the written statements), from which the README's estimate for N workers comes:

    docs/s on N workers ~ D / (start + D / (N * per_worker) + reduce(D))
"""

from __future__ import annotations

import argparse
import filecmp
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE_BIG = ROOT.parent / "shared" / "bench" / "make_big.py"

try:
    import psutil
except ImportError:  # pragma: no cover - psutil comes with distributed
    psutil = None


def _label(proc: object, root: object) -> str:
    """What a process of the run is: the main process, a forked worker (same command line),
    a dask worker or nanny (spawned), or multiprocessing's helper."""
    try:
        cmd = " ".join(proc.cmdline())  # type: ignore[attr-defined]
        main = " ".join(root.cmdline())  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - gone already
        return "?"
    if proc is root:
        return "main"
    if cmd == main:
        return "forked worker"
    if "resource_tracker" in cmd:
        return "resource tracker"
    if "spawn_main" in cmd:
        return "spawned (dask nanny/worker)"
    return cmd[:40]


def measure(argv: list[str], env: dict[str, str]) -> dict[str, object]:
    """Run ``argv``; wall time, exit status and the peak RSS (MB) of each process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stderr=subprocess.PIPE, text=True)
    peaks: dict[int, tuple[str, float]] = {}
    total_peak = 0.0
    main_cpu = 0.0
    if psutil is not None:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            total = 0.0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for p in procs:
                try:
                    rss = p.memory_info().rss / 2**20
                except psutil.Error:
                    continue
                total += rss
                if p is root:
                    try:
                        cpu = p.cpu_times()
                        main_cpu = cpu.user + cpu.system
                    except psutil.Error:
                        pass
                label = peaks.get(p.pid, (_label(p, root), 0.0))[0]
                peaks[p.pid] = (label, max(rss, peaks.get(p.pid, ("", 0.0))[1]))
            total_peak = max(total_peak, total)
            time.sleep(0.1)
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    children_max = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "rc": proc.returncode,
        "wall": wall,
        "stderr": err.strip()[-500:],
        "peaks": peaks,
        "total_peak": total_peak,
        "children_max": children_max,
        "main_cpu": main_cpu,
    }


def reduction_seconds(out: Path) -> float:
    """Client-side cost of the reduction for the set in ``out``: facts from every statement
    (read back from statements.jsonl) and the layers written again."""
    sys.path.insert(0, str(ROOT))
    from layers.export import write_layers
    from layers.pipeline import build_layers
    from layers.store import read_store, store_files

    store = read_store(out)
    assert store is not None
    t0 = time.perf_counter()
    frames = build_layers([], previous=store, run_date="2000-01-01")  # regroup every statement
    with tempfile.TemporaryDirectory() as tmp:
        write_layers(frames, Path(tmp) / "o", extra=store_files(frames))
    return time.perf_counter() - t0


def report(name: str, n: int, res: dict[str, object]) -> None:
    wall = float(res["wall"])  # type: ignore[arg-type]
    peaks = res["peaks"]
    assert isinstance(peaks, dict)
    by_label: dict[str, list[float]] = {}
    for label, mb in peaks.values():
        by_label.setdefault(label, []).append(mb)
    mem = "; ".join(
        f"{label} x{len(v)}: max {max(v):.0f} MB" for label, v in sorted(by_label.items())
    )
    print(
        f"  {name:<13} rc={res['rc']} {wall:7.1f} s  {n / wall:7.0f} docs/s  "
        f"peak total {float(res['total_peak']):.0f} MB ({mem or 'psutil missing'}; "  # type: ignore[arg-type]
        f"largest child {float(res['children_max']):.0f} MB; "  # type: ignore[arg-type]
        f"main process CPU {float(res['main_cpu']):.1f} s)",  # type: ignore[arg-type]
        flush=True,
    )
    if res["rc"] not in (0, 3):
        print(f"    stderr: {res['stderr']}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[50], help="make_big.py N values")
    ap.add_argument("--workers", type=int, default=None, help="dask workers (default: CPUs)")
    ap.add_argument("--partition-size", type=int, default=None)
    ap.add_argument("--make-big", type=Path, default=MAKE_BIG)
    ap.add_argument("--tmp", type=Path, default=None, help="where corpora and outputs go")
    args = ap.parse_args()
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    base = [sys.executable, "-m", "layers.cli"]
    dask = ["--engine", "dask"]
    if args.workers:
        dask += ["-j", str(args.workers)]
    if args.partition_size:
        dask += ["--partition-size", str(args.partition_size)]
    with tempfile.TemporaryDirectory(prefix="bench-dask-", dir=args.tmp) as tmp:
        t = Path(tmp)
        small = t / "small.jsonl"
        subprocess.run([sys.executable, str(args.make_big), "1", str(small)], check=True)
        start = measure([*base, str(small), "-o", str(t / "s"), "-q", *dask], env)
        print(f"dask engine fixed cost (200 documents): {float(start['wall']):.1f} s")  # type: ignore[arg-type]
        for size in args.sizes:
            corpus = t / f"c{size}.jsonl"
            subprocess.run(
                [sys.executable, str(args.make_big), str(size), str(corpus)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            n = sum(1 for _ in open(corpus, encoding="utf-8"))
            print(f"{n} documents ({corpus.stat().st_size / 2**20:.0f} MB):", flush=True)
            outs = []
            for name, extra in (("single", []), ("dask", dask)):
                out = t / f"{name}{size}"
                res = measure([*base, str(corpus), "-o", str(out), "-q", *extra], env)
                report(name, n, res)
                outs.append(out)
            names = sorted(p.name for p in outs[0].iterdir())
            same = names == sorted(p.name for p in outs[1].iterdir()) and all(
                filecmp.cmp(outs[0] / f, outs[1] / f, shallow=False) for f in names
            )
            print(f"  byte-identical: {same}")
            print(f"  reduction on the client (facts + write): {reduction_seconds(outs[1]):.1f} s")
            for out in outs:
                subprocess.run(["rm", "-rf", str(out)], check=True)
            corpus.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
