"""The gazetteer index cache: a format that is parsed, never executed, validated on load and
rebuilt when anything is wrong; a fingerprint that imports nothing; a tidy cache directory.

Most tests build a tiny index (``build_index`` monkeypatched) so that a rebuild costs
milliseconds; the real index is the session's (conftest), built once.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import shutil
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

import geo.gazetteer as gzmod
from geo.gazetteer import Gazetteer, _cache, _store
from geo.gazetteer._build import BUILD_VERSION

HEAVY = ("scipy", "shapely", "pyogrio", "numpy")
ROOT = Path(__file__).resolve().parent.parent


def _tiny() -> dict:
    return {
        "version": BUILD_VERSION,
        "ids": ["geonames:1", "geonames:2", "posture:zone"],
        "names": ["Ukraine", "Kyiv", "Zone\x00Ç"],  # a NUL: stored as JSON, still exact
        "lat": [49.0, 50.45466, -0.5],
        "lon": [32.0, 30.5238, 1e-5],
        "fclass": ["A", "P", "L"],
        "fcode": ["PCLI", "PPLC", "DISP"],
        "cc": ["UA", "UA", ""],
        "pop": [41_000_000, 2_797_553, 3_812_366_000],
        "admin1": ["", "Kyiv City", ""],
        "prior": [13.6, 9.1, 6.5],
        "aliases": {"ukraine": (0,), "kyiv": (1,), "kiev": (1,), "zone": (2, 1), "none": ()},
        "caps_only": frozenset({"ua"}),
        "demonyms": {"Ukrainian": 0, "Ukrainians": 0},
        "geometries": {"posture:zone": {"type": "Point", "coordinates": [1.5, -2]}},
        "postal": {"KY": 1},
    }


@pytest.fixture
def tiny(monkeypatch, tmp_path):
    """A cache dir whose builds produce the tiny index; ``tiny.builds`` counts them."""

    class State:
        builds = 0
        directory = tmp_path / "cache"

    def build():
        State.builds += 1
        return _tiny()

    monkeypatch.setattr(gzmod, "build_index", build)
    State.directory.mkdir()
    State.path = State.directory / _cache.cache_name(gzmod._fingerprint())
    return State


def _same(index: dict, expected: dict) -> None:
    assert index == expected and list(index) == list(expected)
    for key, value in expected.items():
        if isinstance(value, list):
            assert [type(v) for v in index[key]] == [type(v) for v in value], key
        if isinstance(value, dict):
            assert list(index[key]) == list(value), key
    assert all(type(v) is tuple for v in index["aliases"].values())
    assert type(index["caps_only"]) is frozenset


def _rewrite_header(data: bytes, change, deep: bytes = b"") -> bytes:
    """The same file with its header edited (and its checksum fixed); ``deep``: raw JSON text
    added as one more member of the header."""
    magic, head_len, _crc = struct.unpack_from("<8sII", data)
    start = 16 + head_len
    payload = data[start + (-start % 8) :]
    header = json.loads(data[16:start])
    change(header)
    head = json.dumps(header).encode()
    if deep:
        head = head[:-1] + b', "deep": ' + deep + b"}"
    prefix = struct.pack("<8sII", magic, len(head), zlib.crc32(head))
    return prefix + head + b"\0" * (-(16 + len(head)) % 8) + payload


def _rewrite_section(data: bytes, column: str, part: str, new: bytes) -> bytes:
    """The same file with one section's bytes replaced (same size), checksums fixed."""
    magic, head_len, _crc = struct.unpack_from("<8sII", data)
    start = 16 + head_len
    body_at = start + (-start % 8)
    header = json.loads(data[16:start])
    at, size = header["columns"][column][part]["at"]
    assert len(new) == size
    payload = bytearray(data[body_at:])
    payload[at : at + size] = new
    header["payload_crc32"] = zlib.crc32(payload)
    head = json.dumps(header).encode()
    prefix = struct.pack("<8sII", magic, len(head), zlib.crc32(head))
    return prefix + head + b"\0" * (-(16 + len(head)) % 8) + bytes(payload)


# -- the format -----------------------------------------------------------------------------------
def test_round_trip_is_exact():
    _same(_store.decode(_store.encode(_tiny())), _tiny())


def test_real_index_file_matches_the_loaded_index(gazetteer):
    assert gazetteer.path.suffix == ".idx"
    with open(gazetteer.path, "rb") as fh:
        assert fh.read(8) == _store.MAGIC
    again = _store.read(gazetteer.path)
    assert again == gazetteer.columns


def test_encode_refuses_an_index_of_another_shape():
    index = _tiny()
    del index["postal"]
    with pytest.raises(_store.IndexFormatError, match="keys"):
        _store.encode(index)
    index = _tiny()
    index["lat"].append(1.0)
    with pytest.raises(_store.IndexFormatError, match="rows"):
        _store.encode(index)


def _bad_files() -> dict[str, bytes]:
    good = _store.encode(_tiny())
    flipped = bytearray(good)
    flipped[-3] ^= 0xFF
    head_flipped = bytearray(good)
    head_flipped[30] ^= 0x01

    def drop_small(h):
        del h["small"]["postal"]

    def drop_column(h):
        del h["columns"]["names"]

    def other_format(h):
        h["format"] = _store.FORMAT_VERSION + 1

    def other_build(h):
        h["build"] = h["version"] = BUILD_VERSION - 1

    def bad_bounds(h):
        h["columns"]["lat"]["at"] = [0, 10**9]

    def more_rows(h):
        h["rows"] = 4

    def bad_demonym(h):
        h["small"]["demonyms"]["Martian"] = 99

    out_of_range = _rewrite_section(good, "aliases", "first", struct.pack("<5I", 0, 1, 1, 7, 0))
    bad_code = _rewrite_section(good, "fcode", "codes", bytes([0, 1, 9]))
    nested = _rewrite_header(good, lambda h: None, deep=b"[" * 100_000 + b"]" * 100_000)
    return {
        "empty": b"",
        "deeply nested header": nested,
        "garbage": os.urandom(4096),
        "json": b'{"version": 3}',
        "truncated": good[: len(good) // 2],
        "payload byte flipped": bytes(flipped),
        "header byte flipped": bytes(head_flipped),
        "trailing bytes": good + b"\0" * 8,
        "missing table": _rewrite_header(good, drop_small),
        "missing column": _rewrite_header(good, drop_column),
        "other format": _rewrite_header(good, other_format),
        "other build": _rewrite_header(good, other_build),
        "section out of bounds": _rewrite_header(good, bad_bounds),
        "row count mismatch": _rewrite_header(good, more_rows),
        "demonym out of range": _rewrite_header(good, bad_demonym),
        "alias row out of range": out_of_range,
        "code past its vocabulary": bad_code,
    }


@pytest.mark.parametrize("case", sorted(_bad_files()))
def test_any_bad_file_is_rejected_and_rebuilt(case, tiny, caplog):
    data = _bad_files()[case]
    with pytest.raises(_store.IndexFormatError):
        _store.decode(data)
    tiny.path.write_bytes(data)
    with caplog.at_level(logging.WARNING, logger="geo.gazetteer"):
        gz = Gazetteer.load_or_build(tiny.directory)
    assert tiny.builds == 1 and gz.path == tiny.path
    assert "unusable" in caplog.text
    _same(_store.read(tiny.path), _tiny())  # replaced by a good file
    assert gz.lookup("Kiev")[0].name == "Kyiv"


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


def test_a_planted_pickle_is_never_run(tiny, tmp_path):
    marker = tmp_path / "pwned"
    tiny.path.write_bytes(pickle.dumps({"version": BUILD_VERSION, "x": _Payload(marker)}))
    # The old name, too: nothing ever unpickles it.
    old = tiny.directory / tiny.path.name.replace(".idx", ".pickle")
    shutil.copyfile(tiny.path, old)
    gz = Gazetteer.load_or_build(tiny.directory)
    assert not marker.exists()
    assert tiny.builds == 1 and len(gz) == 3
    _same(_store.read(tiny.path), _tiny())


@pytest.mark.parametrize("kind", ["symlink", "fifo", "directory"])
def test_no_regular_file_under_the_name_is_read(kind, tiny, tmp_path):
    if kind == "symlink":
        good = tmp_path / "elsewhere.idx"
        good.write_bytes(_store.encode(_tiny()))
        tiny.path.symlink_to(good)
    elif kind == "fifo":
        os.mkfifo(tiny.path)  # reading it would hang
    else:
        tiny.path.mkdir()
    with pytest.raises((_store.IndexFormatError, OSError)):
        _store.read(tiny.path)
    if kind == "directory":  # cannot be replaced by a rename: a clear error, no hang
        with pytest.raises(gzmod.GazetteerError, match="cannot write"):
            Gazetteer.load_or_build(tiny.directory)
        return
    gz = Gazetteer.load_or_build(tiny.directory)
    assert tiny.builds == 1 and len(gz) == 3
    assert tiny.path.is_file() and not tiny.path.is_symlink()


def test_built_once_then_loaded(tiny):
    first = Gazetteer.load_or_build(tiny.directory)
    second = Gazetteer.load_or_build(tiny.directory)
    assert tiny.builds == 1
    _same(second.columns, first.columns)
    assert [p.name for p in tiny.directory.iterdir() if not p.name.endswith(".lock")] == [
        tiny.path.name
    ]
    assert second.country("ua").name == "Ukraine" and second.demonym("Ukrainian") == 0
    assert second.candidates("zone") == (2, 1) and second.candidates("none") == ()
    assert second.get("posture:zone").has_geometry


# -- the cache directory --------------------------------------------------------------------------
def _age(path: Path, seconds: float) -> None:
    t = time.time() - seconds
    os.utime(path, (t, t))


def test_temp_files_of_killed_builds_are_removed(tiny):
    d = tiny.directory
    fp = "0123456789abcdef"
    # A builder killed with -9 after creating and locking its temporary file.
    code = (
        "import os, signal, sys\n"
        "from geo.gazetteer import _cache\n"
        "fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)\n"
        "_cache.lock_temp(fd)\n"
        "os.write(fd, b'x' * 1000)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    killed = d / f".gazetteer-{fp}.4242.0badcafe.tmp"
    proc = subprocess.run([sys.executable, "-c", code, str(killed)], env=_env(), check=False)
    assert proc.returncode == -9 and killed.exists()
    _age(killed, 60)
    fresh = d / f".gazetteer-{fp}.4243.00000001.tmp"  # just created: its builder may lock it yet
    fresh.write_bytes(b"x")
    held = d / f".gazetteer-{fp}.4244.00000002.tmp"  # a live builder holds it
    held.write_bytes(b"x")
    _age(held, 600)
    legacy_old = d / ".gazetteer.ab12cd34"  # the pickle era's mkstemp names: by age only
    legacy_old.write_bytes(b"x")
    _age(legacy_old, 2 * 3600)
    legacy_new = d / ".gazetteer.ef56gh78"
    legacy_new.write_bytes(b"x")
    _age(legacy_new, 300)
    unrelated = [d / "notes.txt", d / ".gazetteer-notours", d / "gazetteer-xyz.idx"]
    for p in unrelated:
        p.write_bytes(b"x")
        _age(p, 90 * 86400)
    fd = os.open(held, os.O_RDONLY)
    try:
        _cache.lock_temp(fd)
        Gazetteer.load_or_build(d)
    finally:
        os.close(fd)
    assert not killed.exists() and not legacy_old.exists()
    assert fresh.exists() and held.exists() and legacy_new.exists()
    assert all(p.exists() for p in unrelated)


def test_other_builds_are_kept_a_while(tiny):
    d = tiny.directory
    Gazetteer.load_or_build(d)
    _age(tiny.path, 3 * 86400)  # in use: its mtime is refreshed on load
    others = []
    for n, days in enumerate([1, 2, 3, 4, 5, 6]):
        p = d / f"gazetteer-{n:016x}.idx"
        p.write_bytes(b"x")
        _age(p, days * 86400 + 60)
        others.append(p)
    legacy = d / "gazetteer-00000000000000ff.pickle"
    legacy.write_bytes(b"x")
    _age(legacy, 2.5 * 86400)
    stale = d / "gazetteer-00000000000000aa.idx"
    stale.write_bytes(b"x")
    _age(stale, 40 * 86400)
    gz = Gazetteer.load_or_build(d)
    assert tiny.builds == 1 and gz.path == tiny.path
    assert time.time() - tiny.path.stat().st_mtime < 60
    kept = sorted(p.name for p in d.glob("gazetteer-*.*") if not p.name.endswith(".lock"))
    # the four most recently used others, and ours
    expected = [others[0], others[1], legacy, others[2], tiny.path]
    assert kept == sorted(p.name for p in expected)


# -- the fingerprint ------------------------------------------------------------------------------
def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    env.update(extra)
    return env


def test_fingerprint_and_load_import_no_heavy_package(gazetteer):
    code = (
        "import sys\n"
        "from geo.gazetteer import _fingerprint, get_gazetteer\n"
        "_fingerprint()\n"
        f"heavy = {HEAVY!r}\n"
        "assert not [m for m in heavy if m in sys.modules], 'fingerprint'\n"
        "assert get_gazetteer().lookup('Kherson')\n"
        "assert not [m for m in heavy if m in sys.modules], 'load'\n"
        "print(get_gazetteer().path)\n"
    )
    env = _env(POSTURE_CACHE_DIR=str(gazetteer.path.parent))
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == str(gazetteer.path)  # the session's build, not a new one


def test_two_checkouts_of_the_same_sources_share_a_fingerprint(tmp_path):
    prints = []
    for n in range(2):
        checkout = tmp_path / f"checkout{n}"
        shutil.copytree(
            ROOT / "geo", checkout / "geo", ignore=shutil.ignore_patterns("__pycache__")
        )
        env = dict(os.environ, PYTHONPATH=str(checkout))
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                "import geo, geo.gazetteer as g; print(geo.__file__); print(g._fingerprint())",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp_path,
        )
        where, fp = out.stdout.split()
        assert where.startswith(str(checkout))
        prints.append(fp)
    assert prints[0] == prints[1] == gzmod._fingerprint()


def test_bench_index_script_starts():
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_index.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--repeat" in out.stdout
