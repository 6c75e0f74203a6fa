#!/usr/bin/env python3
"""Speed of `posture geoparse` and `posture layers` as ratios to geotext's, measured in one run.

    python bench/bench_geotext.py /tmp/big.jsonl --rounds 5
    python bench/bench_geotext.py /tmp/big.jsonl --tree /tmp/posture-base --tree . --rounds 5

geotext (``pip install geotext``; only for this benchmark) is the reference: a whole process
that reads the JSON Lines corpus, runs ``GeoText(text)`` on every document and writes its
cities and countries as JSON Lines. Each posture command is a whole process too
(``python -m maps geoparse|layers CORPUS -o TMP --overwrite -q -j 1``, one worker, since the
ratio is per core) with ``PYTHONPATH`` set to each ``--tree`` (default: this checkout) and its
own ``POSTURE_CACHE_DIR`` (the index is built in an untimed warm-up run).

Every round runs all the commands once, in an order that rotates from round to round (shared,
busy machines: order effects cancel out). Reported per command: median wall and CPU seconds
(user + sys, ``os.wait4``), documents/s, and the ratio to geotext's speed (geotext's time /
the command's time, so 0.5 means half geotext's speed), as the median of the per-round ratios.
Timing is reported, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

GEOTEXT = """
import json, sys
from geotext import GeoText
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in src:
        if not line.strip():
            continue
        doc = json.loads(line)
        places = GeoText(doc["text"])
        out.write(json.dumps({"id": doc.get("id"), "cities": places.cities,
                              "countries": places.countries}, ensure_ascii=False) + "\\n")
"""


def timed(argv: list[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=cwd)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 3):
            err.seek(0)
            sys.stderr.write(err.read().decode("utf-8", "replace")[-4000:])
            raise SystemExit(f"exit code {code}: {' '.join(argv)}")
    return wall, ru.ru_utime + ru.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--tree", action="append", type=Path, help="source tree (repeatable)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--commands", default="geoparse,layers", help="comma-separated")
    args = ap.parse_args()
    corpus = args.corpus.resolve()
    n_docs = sum(1 for line in corpus.open(encoding="utf-8") if line.strip())
    trees = [t.resolve() for t in (args.tree or [ROOT])]
    commands = [c for c in args.commands.split(",") if c]
    with tempfile.TemporaryDirectory(prefix="bench-geotext-") as tmp:
        script = Path(tmp) / "geotext_run.py"
        script.write_text(GEOTEXT, encoding="utf-8")
        jobs: dict[str, tuple[list[str], dict[str, str]]] = {
            "geotext": ([sys.executable, str(script), str(corpus), f"{tmp}/geotext.jsonl"], {})
        }
        for t, tree in enumerate(trees):
            env = {"PYTHONPATH": str(tree), "POSTURE_CACHE_DIR": f"{tmp}/cache-{t}"}
            for cmd in commands:
                out = f"{tmp}/out-{t}-{cmd}" + (".jsonl" if cmd == "geoparse" else "")
                argv = [sys.executable, "-m", "maps", cmd, str(corpus), "-o", out]
                label = cmd if len(trees) == 1 else f"{cmd}@{t}"
                jobs[label] = ([*argv, "--overwrite", "-q", "-j", "1"], env)
        names = list(jobs)
        for name in names:  # warm-up: page cache, compiled modules, gazetteer index built
            argv, extra = jobs[name]
            timed(argv, dict(os.environ, **extra), tmp)
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
        for r in range(args.rounds):
            order = names[r % len(names) :] + names[: r % len(names)]
            for name in order:
                argv, extra = jobs[name]
                runs[name].append(timed(argv, dict(os.environ, **extra), tmp))
    print(f"documents: {n_docs}; rounds: {args.rounds}; -j 1")
    for t, tree in enumerate(trees):
        print(f"tree {t}: {tree}")
    print(f"{'':14}{'wall s':>8}{'cpu s':>8}{'docs/s':>8}{'x geotext (wall)':>18}{'(cpu)':>8}")
    ref = runs["geotext"]
    for name in names:
        rs = runs[name]
        wall = statistics.median(w for w, _ in rs)
        cpu = statistics.median(c for _, c in rs)
        ratio_w = statistics.median(g[0] / w[0] for g, w in zip(ref, rs, strict=True))
        ratio_c = statistics.median(g[1] / w[1] for g, w in zip(ref, rs, strict=True))
        print(f"{name:14}{wall:8.2f}{cpu:8.2f}{n_docs / wall:8.0f}{ratio_w:18.3f}{ratio_c:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
