"""layers.frames: features -> one GeoDataFrame per layer, corroboration, range rings."""

from __future__ import annotations

import json
import math

import pytest
from _features import feature
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import MultiPolygon, Point, Polygon

from layers.facts import fact_id_for
from layers.frames import (
    INT_COLUMNS,
    RING_KIND,
    features_to_frames,
    geodesic_circle,
    subject_key,
)
from layers.model import COLUMNS, LAYERS, feature_id

GEOD = Geod(ellps="WGS84")
R_EARTH = 6371008.8


def test_empty_input_gives_all_layers_with_columns_and_dtypes():
    frames = features_to_frames([])
    assert tuple(frames) == LAYERS
    for frame in frames.values():
        assert len(frame) == 0
        assert tuple(frame.columns) == (*COLUMNS, "geometry")
        assert frame.crs.to_epsg() == 4326
        for col in INT_COLUMNS:
            assert frame[col].dtype == "int64"
        assert frame["confidence"].dtype == "float64"
        assert frame["range_km"].dtype == "float64"
        assert frame["subject"].dtype == "str"


def test_layers_sorting_and_ids():
    fs = [
        feature(
            doc_id="d2",
            start=5,
            subject="frigate",
            kind="naval vessel",
            gazetteer_id="g:2",
            geometry=Point(30.5, 50.4),
        ),
        feature(doc_id="d1", start=50, kind="naval vessel", subject="frigate"),
        feature(doc_id="d1", start=10),
        feature(layer="incidents", kind="strike", subject="drone strike", doc_id="d1"),
        feature(layer="disputes", kind="territorial dispute", subject="Crimea", doc_id="d3"),
    ]
    frames = features_to_frames(fs)
    assets = frames["assets"]
    assert list(zip(assets.doc_id, assets.start, strict=False)) == [
        ("d1", 10),
        ("d1", 50),
        ("d2", 5),
    ]
    assert len(frames["incidents"]) == 1 and len(frames["disputes"]) == 1
    assert set(assets.layer) == {"assets"}
    statement_id = feature_id("d1", 10, "assets", "air defence", fs[2].subject)
    assert assets.feature_id.iloc[0] == assets.fact_id.iloc[0] == fact_id_for([statement_id])
    # Same input in another order: the same frames and statements.
    again = features_to_frames(list(reversed(fs)))
    for layer in LAYERS:
        assert again[layer].drop(columns="geometry").equals(frames[layer].drop(columns="geometry"))
    assert again.statements == frames.statements


def test_duplicate_feature_ids_kept_once_and_unknown_layer_rejected():
    frames = features_to_frames([feature(), feature()])
    assert len(frames["assets"]) == 1
    with pytest.raises(ValueError, match="unknown layer"):
        features_to_frames([feature(layer="bases")])


@pytest.mark.parametrize(
    "a, b",
    [
        ("S-300 batteries", "the S-300 systems"),
        ("S-300 batteries", "s300 battery"),
        ("Aircraft Carriers", "an aircraft carrier"),
        ("10,000 troops", "troops"),
        ("two destroyers", "Destroyer"),
    ],
)
def test_subject_key_equivalences(a, b):
    assert subject_key(a) == subject_key(b)


def test_subject_key_keeps_different_things_apart():
    assert subject_key("S-300 batteries") != subject_key("S-400 batteries")
    assert subject_key("USS Gerald R. Ford") == "uss gerald r ford"
    assert subject_key("gas") == "gas"


def test_statements_of_one_fact_are_one_feature_listing_the_other_documents():
    fs = [
        feature(doc_id="d1", subject="S-300 batteries"),
        feature(doc_id="d1", subject="S-300 batteries", start=90),  # same doc twice
        feature(doc_id="d2", subject="the S-300 systems", doc_title="Ünïcode “title”"),
        feature(  # elsewhere (another place, far away)
            doc_id="d3",
            subject="S-300 batteries",
            gazetteer_id="geonames:1",
            geometry=Point(30.5, 50.4),
        ),
        feature(doc_id="d4", subject="S-300 batteries", layer="incidents", kind="strike"),
    ]
    frames = features_to_frames(fs)
    assets = frames["assets"]
    assert len(assets) == 2 and len(frames["incidents"]) == 1
    here, there = (r for r in assets.itertuples())
    assert (here.doc_id, here.start, there.doc_id) == ("d1", 33, "d3")
    assert (here.sources, here.corroboration, here.statements) == (2, 2, 3)
    assert (there.sources, there.statements) == (1, 1)
    assert (here.first_reported, here.last_reported) == ("2024-05-01", "2024-05-01")
    others = json.loads(here.corroborated_by)
    assert others == [
        {
            "doc_id": "d2",
            "published": "2024-05-01",
            "stance": "reports",
            "title": "Ünïcode “title”",
            "url": "https://example.com/d1",
        }
    ]
    assert "Ünïcode" in here.corroborated_by  # ensure_ascii=False
    assert ", " not in here.corroborated_by  # compact
    assert there.corroborated_by == "[]"
    by_fact: dict[str, list] = {}
    for s in frames.statements:
        by_fact.setdefault(s["fact_id"], []).append((s["doc_id"], s["start"], s["stance"]))
    assert sorted(by_fact[here.fact_id]) == [
        ("d1", 33, "reports"),
        ("d1", 90, "reports"),
        ("d2", 33, "reports"),
    ]


def test_range_rings_added_once_per_subject_and_place():
    fs = [
        feature(doc_id="d1", range_km=200.0),
        feature(doc_id="d2", subject="S-300 systems", range_km=200.0),
        feature(doc_id="d3", subject="frigate", kind="naval vessel"),
        feature(doc_id="d4", layer="incidents", kind="strike", subject="strike", range_km=50.0),
    ]
    frames = features_to_frames(fs)
    rings = frames["assets"][frames["assets"].kind == RING_KIND]
    assert len(rings) == 1
    ring = rings.iloc[0]
    assert ring.subject == "S-300 batteries nominal range (200 km)"
    assert ring.doc_id == "d1" and ring.quote == fs[0].quote and ring.place == "Sevastopol"
    assert ring.range_km == 200.0
    assert ring.corroboration == 2
    assert ring.feature_id not in set(
        frames["assets"][frames["assets"].kind != RING_KIND].feature_id
    )
    assert isinstance(ring.geometry, Polygon) and ring.geometry.is_valid
    assert ring.geometry.contains(Point(33.5, 44.6))
    assert (frames["incidents"].kind != RING_KIND).all()


def _cap_area(radius_m: float) -> float:
    return 2 * math.pi * R_EARTH**2 * (1 - math.cos(radius_m / R_EARTH))


def _geodesic_area(geom) -> float:
    return sum(abs(GEOD.geometry_area_perimeter(g)[0]) for g in getattr(geom, "geoms", [geom]))


def _in_range(geom) -> bool:
    minx, miny, maxx, maxy = geom.bounds
    return -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90


def test_ring_across_the_antimeridian_is_split():
    ring = geodesic_circle(179.5, 10.0, 500.0)
    assert isinstance(ring, MultiPolygon) and len(ring.geoms) == 2
    assert ring.is_valid and _in_range(ring)
    east, west = sorted(ring.geoms, key=lambda g: -g.bounds[2])
    assert east.bounds[2] == 180.0 and west.bounds[0] == -180.0
    assert _geodesic_area(ring) == pytest.approx(_cap_area(500e3), rel=0.01)


@pytest.mark.parametrize("lat, lon", [(89.0, 0.0), (-89.0, 120.0), (88.0, 179.9)])
def test_ring_around_a_pole_is_capped(lat, lon):
    ring = geodesic_circle(lon, lat, 300.0)
    assert isinstance(ring, Polygon) and ring.is_valid and _in_range(ring)
    pole = 90.0 if lat > 0 else -90.0
    assert pole in (ring.bounds[1], ring.bounds[3])
    assert ring.bounds[0] == -180.0 and ring.bounds[2] == 180.0
    assert ring.contains(Point(lon, lat))
    assert _geodesic_area(ring) == pytest.approx(_cap_area(300e3), rel=0.01)


def test_huge_ring_containing_both_poles_and_whole_globe():
    ring = geodesic_circle(10.0, 0.0, 12000.0)
    assert ring.is_valid and _in_range(ring)
    assert ring.contains(Point(10, 0)) and not ring.contains(Point(-170, 0))
    assert geodesic_circle(0, 0, 30000.0).bounds == (-180.0, -90.0, 180.0, 90.0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lon=st.floats(-180, 180),
    lat=st.floats(-90, 90),
    km=st.floats(0.5, 19000),
)
def test_any_ring_is_valid_and_in_range(lon, lat, km):
    ring = geodesic_circle(lon, lat, km)
    assert not ring.is_empty and ring.is_valid and _in_range(ring)
    if km < 15000:
        assert _geodesic_area(ring) > 0
