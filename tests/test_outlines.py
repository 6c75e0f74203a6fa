"""Tests for geo.outlines (Natural Earth country outlines)."""

from __future__ import annotations

import pytest
import shapely
from shapely.geometry import Point, shape

from geo.errors import ConfigurationError
from geo.outlines import country_at, country_holds, country_outlines, country_shapes


@pytest.fixture(scope="module")
def outlines() -> dict:
    return country_outlines()


def _polygons(geometry: dict) -> list[list]:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _signed_area(ring: list) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2


def test_feature_collection_shape(outlines: dict) -> None:
    assert outlines["type"] == "FeatureCollection"
    features = outlines["features"]
    assert len(features) > 200
    keys = [(f["properties"]["iso_a2"], f["properties"]["name"]) for f in features]
    assert keys == sorted(keys)
    for f in features:
        assert f["type"] == "Feature"
        assert set(f["properties"]) == {"iso_a2", "name"}
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_geometries_valid_ccw_and_rounded(outlines: dict) -> None:
    for f in outlines["features"]:
        geom = shape(f["geometry"])
        assert geom.is_valid, f["properties"]
        assert not geom.is_empty
        for poly in _polygons(f["geometry"]):
            exterior, *holes = poly
            assert exterior[0] == exterior[-1]
            assert _signed_area(exterior) > 0, f["properties"]  # counter-clockwise
            for hole in holes:
                assert _signed_area(hole) < 0, f["properties"]  # clockwise
            for x, y in exterior:
                assert -180 <= x <= 180 and -90 <= y <= 90
                assert round(x, 4) == x and round(y, 4) == y


def test_no_minus_99_codes(outlines: dict) -> None:
    codes = {f["properties"]["name"]: f["properties"]["iso_a2"] for f in outlines["features"]}
    assert "-99" not in codes.values()
    assert codes["France"] == "FR"
    assert codes["Norway"] == "NO"
    assert codes["Kosovo"] == "XK"
    assert codes["Akrotiri"] == "GB"  # from its sovereign state
    assert codes["Bir Tawil"] == ""
    assert all(c == "" or (len(c) == 2 and c.isupper()) for c in codes.values())


def test_names_decoded_as_utf8(outlines: dict) -> None:
    names = {f["properties"]["name"] for f in outlines["features"]}
    assert "Côte d'Ivoire" in names


@pytest.mark.parametrize(
    ("iso", "lat", "lon"),
    [("UA", 50.45, 30.52), ("FR", 48.8566, 2.3522), ("NO", 59.91, 10.75), ("XK", 42.66, 21.17)],
)
def test_capitals_inside(iso: str, lat: float, lon: float, outlines: dict) -> None:
    assert country_shapes()[iso].contains(Point(lon, lat))
    simplified = [
        shape(f["geometry"]) for f in outlines["features"] if f["properties"]["iso_a2"] == iso
    ]
    assert any(g.contains(Point(lon, lat)) for g in simplified)


def test_country_shapes() -> None:
    shapes = country_shapes()
    assert "-99" not in shapes and "" not in shapes
    assert {"UA", "FR", "NO", "XK", "RU", "US", "CN"} <= set(shapes)
    assert all(g.is_valid and g.geom_type in ("Polygon", "MultiPolygon") for g in shapes.values())
    assert not shapes["UA"].contains(Point(37.62, 55.75))  # Moscow
    assert shapes["FR"].contains(Point(-109.22, 10.30))  # Clipperton Island merged into FR
    shapes.clear()  # a copy: the cache is not affected
    assert "UA" in country_shapes()


def test_returns_fresh_dict() -> None:
    a = country_outlines()
    a["features"].clear()
    assert country_outlines()["features"]


def test_tolerance() -> None:
    fine = country_outlines(tolerance=0.1)
    coarse = country_outlines(tolerance=0.5)

    def count(fc: dict) -> int:
        return sum(shapely.get_num_coordinates(shape(f["geometry"])) for f in fc["features"])

    assert count(coarse) < count(fine)


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), "0.1", None, True])
def test_bad_tolerance(bad: object) -> None:
    with pytest.raises(ConfigurationError, match="tolerance") as info:
        country_outlines(tolerance=bad)  # type: ignore[arg-type]
    assert repr(bad) in str(info.value)


# --- the country shapes cache (WKB in POSTURE_CACHE_DIR) ------------------------------------


@pytest.fixture()
def shapes_cache(tmp_path, monkeypatch):
    from geo import outlines

    monkeypatch.setenv("POSTURE_CACHE_DIR", str(tmp_path))
    outlines._shapes.cache_clear()
    yield tmp_path / outlines._SHAPES_CACHE
    outlines._shapes.cache_clear()


def _same(a: dict, b: dict) -> bool:
    return list(a) == list(b) and all(shapely.to_wkb(a[k]) == shapely.to_wkb(b[k]) for k in a)


def _reload() -> dict:
    from geo import outlines

    outlines._shapes.cache_clear()
    return country_shapes()


def test_shapes_cache_written_and_equal_to_a_fresh_build(shapes_cache) -> None:
    from geo import outlines

    first = country_shapes()
    assert shapes_cache.is_file()
    assert not [p for p in shapes_cache.parent.iterdir() if p.name.endswith(".tmp")]
    cached = _reload()
    assert _same(first, cached)
    assert _same(cached, outlines._build_shapes())
    assert cached["UA"].contains(Point(30.5, 50.45))


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b[:-100] + bytes(100),  # payload overwritten
        lambda b: b"garbage",
        lambda b: b"",
    ],
)
def test_corrupt_shapes_cache_is_rebuilt(shapes_cache, damage) -> None:
    good = country_shapes()
    data = shapes_cache.read_bytes()
    shapes_cache.write_bytes(damage(data))
    assert _same(_reload(), good)
    assert shapes_cache.read_bytes() == data  # rewritten


def test_stale_shapes_cache_is_rebuilt(shapes_cache, monkeypatch) -> None:
    from geo import outlines

    good = country_shapes()
    data = shapes_cache.read_bytes()
    # A cache written from other sources: its fingerprint differs from the current one.
    monkeypatch.setattr(outlines, "_shapes_fingerprint", lambda: "0" * 64)
    outlines._shapes.cache_clear()
    wrong = {"UA": shapely.box(0, 0, 1, 1)}
    outlines._write_shapes_cache(str(shapes_cache), "0" * 64, wrong)
    assert list(_reload()) == ["UA"]  # its own fingerprint: used
    monkeypatch.undo()
    monkeypatch.setenv("POSTURE_CACHE_DIR", str(shapes_cache.parent))
    assert _same(_reload(), good)  # the real fingerprint: rebuilt
    assert shapes_cache.read_bytes() == data


def test_shapes_cache_unwritable_still_works(shapes_cache, monkeypatch) -> None:
    blocker = shapes_cache.parent / "file"
    blocker.write_text("x")
    monkeypatch.setenv("POSTURE_CACHE_DIR", str(blocker / "sub"))
    assert "UA" in _reload()


@pytest.mark.parametrize(
    ("lat", "lon", "hint", "expected"),
    [
        (48.85, 2.35, "FR", "FR"),  # Paris, as filed
        (26.74, -11.67, "MA", "EH"),  # Smara: filed under Morocco, inside Western Sahara
        (52.23, 21.01, "", "PL"),  # no hint: found by its outline
        (30.0, -40.0, "", ""),  # the mid-Atlantic: no country
    ],
)
def test_country_at(lat: float, lon: float, hint: str, expected: str) -> None:
    assert country_at(lat, lon, hint=hint) == expected


def test_country_holds() -> None:
    assert country_holds("EH", 26.74, -11.67)  # Smara, inside Western Sahara's outline
    assert not country_holds("MA", 26.74, -11.67)
    assert not country_holds("", 26.74, -11.67) and not country_holds("XX", 0.0, 0.0)
