"""The benchmark scripts start and parse their options (no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_paired_help() -> None:
    res = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_paired.py"), "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert "--base-ref" in res.stdout and "--pathological" in res.stdout


def test_long_sentence_is_one_sentence_of_places() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import bench_paired
    finally:
        sys.path.remove(str(ROOT / "bench"))
    text, count = bench_paired.long_sentence(5000)
    assert 5000 <= len(text) < 5200
    assert text.count(".") == 1 and text.endswith(".")
    assert count > 100


def test_bench_update_help() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_update.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--update" in out.stdout


def test_bench_pathological_help() -> None:
    res = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_pathological.py"), "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert "--doublings" in res.stdout


def test_bench_dask_help() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_dask.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--sizes" in out.stdout and "--partition-size" in out.stdout
