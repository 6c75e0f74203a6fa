import pytest

from geo.gazetteer import Gazetteer, haversine_km


def test_countries_capitals_divisions(gazetteer):
    ua = gazetteer.country("UA")
    assert ua is not None and ua.feature_code == "PCLI" and ua.name == "Ukraine"
    kyiv = gazetteer.lookup("Kyiv")[0]
    assert kyiv.feature_code == "PPLC" and kyiv.country_code == "UA"
    assert gazetteer.lookup("Kiev")[0].id == kyiv.id  # alternate name
    sichuan = gazetteer.lookup("Sichuan")[0]
    assert sichuan.feature_code == "ADM1" and sichuan.country_code == "CN"
    alberta = gazetteer.lookup("Alberta")[0]
    assert haversine_km(alberta.lat, alberta.lon, 54.5, -115.0) < 300


def test_divisions_known_without_their_local_type_word(gazetteer):
    # GeoNames writes "Finnmark Fylke"; news writes "Finnmark"
    finnmark = [p for p in gazetteer.lookup("Finnmark") if p.feature_code == "ADM1"]
    assert finnmark and finnmark[0].country_code == "NO"


def test_lookup_is_case_and_accent_insensitive(gazetteer):
    assert gazetteer.lookup("caracas")[0].country_code == "VE"
    assert gazetteer.lookup("Bogota")[0].id == gazetteer.lookup("Bogotá")[0].id


def test_capital_outranks_namesakes(gazetteer):
    assert gazetteer.lookup("Moscow")[0].country_code == "RU"
    assert gazetteer.lookup("Paris")[0].country_code == "FR"
    assert gazetteer.lookup("Washington")[0].feature_code == "PPLC"


def test_get_and_reverse(gazetteer):
    p = gazetteer.lookup("Odesa")[0]
    assert gazetteer.get(p.id) == p
    near = gazetteer.reverse(p.lat + 0.01, p.lon + 0.01)
    assert near is not None and haversine_km(near.lat, near.lon, p.lat, p.lon) < 20
    assert gazetteer.get("geonames:0") is None
    with pytest.raises(ValueError, match="invalid coordinates"):
        gazetteer.reverse(95, 0)


def test_lookup_rejects_non_strings(gazetteer):
    with pytest.raises(TypeError, match="must be a str"):
        gazetteer.lookup(None)


def test_index_loads_from_cache(gazetteer):
    again = Gazetteer.load_or_build(gazetteer.path.parent)
    assert again.path == gazetteer.path and len(again) == len(gazetteer)


def _build_in(directory: str) -> int:
    from pathlib import Path

    return len(Gazetteer.load_or_build(Path(directory)))


def test_two_processes_building_at_once(tmp_path):
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    with ctx.Pool(2) as pool:
        sizes = pool.map(_build_in, [str(tmp_path), str(tmp_path)])
    assert sizes[0] == sizes[1] > 100_000
    assert len(list(tmp_path.glob("gazetteer-*.idx"))) == 1
    assert not list(tmp_path.glob(".gazetteer*"))  # no temporary file left behind


def test_fingerprint_follows_source_contents_not_mtimes(tmp_path, monkeypatch):
    import os

    import geo.gazetteer as gzmod
    from geo.gazetteer import _build

    src = tmp_path / "source.txt"
    src.write_text("a", encoding="utf-8")
    monkeypatch.setattr(_build, "own_source_files", lambda: [src])
    before = gzmod._fingerprint()
    os.utime(src, ns=(1, 1))  # touched (a fresh clone): same fingerprint
    assert gzmod._fingerprint() == before
    src.write_text("b", encoding="utf-8")  # same size, other content
    assert gzmod._fingerprint() != before


def test_geometry_of_disputes_and_countries(gazetteer):
    from shapely.geometry import Point, shape

    essequibo = gazetteer.lookup("Essequibo")[0]
    assert essequibo.has_geometry
    assert gazetteer.geometry(essequibo.id)["type"] in ("Polygon", "MultiPolygon")
    ukraine = gazetteer.country("UA")
    assert shape(gazetteer.geometry(ukraine.id)).contains(Point(30.52, 50.45))  # Kyiv
    assert gazetteer.geometry(gazetteer.lookup("Kyiv")[0].id) is None


def test_initial_bearing_points_the_way():
    from geo.geodesy import initial_bearing

    assert round(initial_bearing(0.0, 0.0, 10.0, 0.0)) == 0
    assert round(initial_bearing(0.0, 0.0, 0.0, 10.0)) == 90
    assert round(initial_bearing(10.0, 0.0, 0.0, 0.0)) == 180
    assert round(initial_bearing(0.0, 10.0, 0.0, 0.0)) == 270
    assert 0.0 <= initial_bearing(43.0, 143.0, 0.0, -160.0) < 360.0
