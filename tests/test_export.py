"""layers.export: GeoJSON (RFC 7946), GeoPackage, KML, CSV; atomic, deterministic; read back."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely
from _features import feature
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box, shape

import layers.export as export
from geo.errors import ConfigurationError, InputError, OutputError
from layers.export import antimeridian_safe, output_paths, read_layers, write_layers
from layers.frames import features_to_frames
from layers.model import COLUMNS, FORMATS, LAYERS, Feature

KML = "{http://www.opengis.net/kml/2.2}"


# --------------------------------------------------------------------------- fixtures


def sample_features() -> list[Feature]:
    return [
        feature(range_km=200.0),
        feature(doc_id="d2", subject="the S-300 systems", range_km=200.0, doc_title="Zwei"),
        feature(
            doc_id="d3",
            kind="naval vessel",
            subject='frigate <Admiral> & "co"',
            geometry=Point(179.5, -16.5),
            place="Fiji waters",
            quote="A frigate <script>alert(1)</script> & friends — near Fiji.",
            doc_url="javascript:alert(1)",
            range_km=500.0,
        ),
        feature(doc_id="d4", subject="radar", geometry=Point(10.0, 89.0), range_km=300.0),
        feature(
            layer="incidents",
            kind="strike",
            subject="drone strike",
            geometry=LineString([(170.0, 10.0), (-170.0, 12.0)]),
            doc_id="d2",
            confidence=float("nan"),
        ),
        feature(
            layer="incidents",
            kind="strike",
            subject="missile strike",
            geometry=Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (1, 2), (2, 2), (2, 1)]]),
            doc_id="d5",
        ),
        feature(
            layer="disputes",
            kind="territorial dispute",
            subject="Essequibo",
            geometry=box(-61.4, 4.0, -57.0, 8.5),
            place="Essequibo",
            gazetteer_id="posture:essequibo",
            doc_id="d6",
            status="denied",
        ),
    ]


@pytest.fixture
def frames():
    return features_to_frames(sample_features())


# --------------------------------------------------------------------------- RFC 7946 validator

_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}


def _position(p) -> None:
    assert isinstance(p, list) and len(p) in (2, 3), p
    assert all(isinstance(v, int | float) and math.isfinite(v) for v in p), p
    assert -180 <= p[0] <= 180 and -90 <= p[1] <= 90, p
    assert all(round(v, 6) == v for v in p[:2]), p


def _line(coords, *, closed=False) -> None:
    assert isinstance(coords, list) and len(coords) >= (4 if closed else 2), coords
    for p in coords:
        _position(p)
    for a, b in zip(coords, coords[1:], strict=False):
        if abs(a[0] - b[0]) > 180:  # only along the map edge at a pole (a capped polar ring)
            assert abs(a[0]) == abs(b[0]) == 180 and abs(a[1]) == abs(b[1]) == 90, (a, b)
    if closed:
        assert coords[0] == coords[-1], "ring not closed"


def _area2(ring) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False))


def _polygon(rings) -> None:
    assert isinstance(rings, list) and rings
    for i, ring in enumerate(rings):
        _line(ring, closed=True)
        if i == 0:
            assert _area2(ring) > 0, "exterior ring not counter-clockwise"
        else:
            assert _area2(ring) < 0, "hole not clockwise"


def validate_geometry(g) -> None:
    if g is None:
        return
    assert isinstance(g, dict) and g.get("type") in _TYPES, g
    t = g["type"]
    if t == "GeometryCollection":
        assert "coordinates" not in g
        for part in g["geometries"]:
            validate_geometry(part)
        return
    c = g["coordinates"]
    if t == "Point":
        _position(c)
    elif t == "MultiPoint":
        for p in c:
            _position(p)
    elif t == "LineString":
        _line(c)
    elif t == "MultiLineString":
        for line in c:
            _line(line)
    elif t == "Polygon":
        _polygon(c)
    else:
        for poly in c:
            _polygon(poly)


def validate_rfc7946(doc) -> None:
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc
    assert isinstance(doc["features"], list)
    for f in doc["features"]:
        assert f["type"] == "Feature"
        assert "crs" not in f
        props = f["properties"]
        assert props is None or isinstance(props, dict)
        for value in (props or {}).values():
            assert value is None or isinstance(value, str | int | float | bool), "not flat"
        validate_geometry(f["geometry"])


# --------------------------------------------------------------------------- GeoJSON


def test_geojson_files_are_rfc7946(tmp_path, frames):
    paths = write_layers(frames, tmp_path / "out")
    assert [p.name for p in paths] == [f"{layer}.geojson" for layer in LAYERS]
    for path, layer in zip(paths, LAYERS, strict=False):
        doc = json.loads(path.read_text(encoding="utf-8"))
        validate_rfc7946(doc)
        assert doc["name"] == layer
        assert len(doc["features"]) == len(frames[layer])
        for f in doc["features"]:
            assert list(f["properties"])[: len(COLUMNS)] == list(COLUMNS)
    text = paths[0].read_text(encoding="utf-8")
    assert "—" in text  # ensure_ascii=False
    incidents = json.loads(paths[1].read_text(encoding="utf-8"))["features"]
    nan_row = [f for f in incidents if f["properties"]["subject"] == "drone strike"][0]
    assert nan_row["properties"]["confidence"] is None
    assert nan_row["geometry"]["type"] == "MultiLineString"  # split at the antimeridian
    holed = [f for f in incidents if f["properties"]["subject"] == "missile strike"][0]
    assert len(holed["geometry"]["coordinates"]) == 2


def test_geojson_rings_antimeridian_and_pole(tmp_path, frames):
    write_layers(frames, tmp_path)
    doc = json.loads((tmp_path / "assets.geojson").read_text(encoding="utf-8"))
    rings = {
        f["properties"]["subject"]: f["geometry"]
        for f in doc["features"]
        if f["properties"]["kind"] == "range ring"
    }
    fiji = rings['frigate <Admiral> & "co" nominal range (500 km)']
    assert fiji["type"] == "MultiPolygon" and len(fiji["coordinates"]) == 2
    polar = rings["radar nominal range (300 km)"]
    assert polar["type"] == "Polygon"
    assert max(p[1] for p in polar["coordinates"][0]) == 90
    assert len(rings) == 3  # S-300 reported twice at the same place: one ring


def test_geojson_round_trips_through_gdal(tmp_path, frames):
    write_layers(frames, tmp_path)
    for layer in LAYERS:
        gdal = pyogrio.read_dataframe(tmp_path / f"{layer}.geojson")
        assert len(gdal) == len(frames[layer])
        for ours, theirs in zip(frames[layer].geometry, gdal.geometry, strict=False):
            expected = antimeridian_safe(ours)
            assert theirs.hausdorff_distance(expected) < 2e-6
        if len(gdal):
            assert list(gdal["feature_id"]) == list(frames[layer]["feature_id"])


def test_reruns_are_byte_identical(tmp_path, frames):
    for fmt in FORMATS:
        a = write_layers(frames, tmp_path / f"a-{fmt}", format=fmt)
        b = write_layers(features_to_frames(sample_features()), tmp_path / f"b-{fmt}", format=fmt)
        for pa, pb in zip(a, b, strict=False):
            assert pa.read_bytes() == pb.read_bytes(), pa.name


# --------------------------------------------------------------------------- other formats


def test_gpkg_has_three_layers_and_the_statements_and_reads_back(tmp_path, frames):
    (path,) = write_layers(frames, tmp_path, format="gpkg")
    assert path.name == "posture.gpkg"
    assert [str(n) for n, _ in pyogrio.list_layers(path)] == [*LAYERS, "statements"]
    statements = pyogrio.read_dataframe(path, layer="statements")
    assert len(statements) == len(frames.statements) > 0
    for layer in LAYERS:
        gdf = pyogrio.read_dataframe(path, layer=layer)
        assert len(gdf) == len(frames[layer])
    assert not list(tmp_path.glob(".*"))  # no temp file left


def test_kml_structure_and_escaping(tmp_path, frames):
    (path,) = write_layers(frames, tmp_path, format="kml")
    layer_names = [str(n) for n, _ in pyogrio.list_layers(path)]
    assert {"assets", "incidents", "disputes"} <= set(layer_names)
    root = ET.parse(path).getroot()
    doc = root.find(f"{KML}Document")
    folders = doc.findall(f"{KML}Folder")
    assert [f.findtext(f"{KML}name") for f in folders] == list(LAYERS)
    kinds = [f.findtext(f"{KML}name") for f in folders[0].findall(f"{KML}Folder")]
    assert kinds == sorted(kinds) and "range ring" in kinds
    placemarks = list(root.iter(f"{KML}Placemark"))
    assert len(placemarks) == sum(len(f) for f in frames.values())
    frigate = [p for p in placemarks if p.findtext(f"{KML}name").startswith("frigate <")][0]
    assert frigate.findtext(f"{KML}name") == 'frigate <Admiral> & "co" @ Fiji waters'
    desc = frigate.findtext(f"{KML}description")
    assert "<script>" not in desc and "&lt;script&gt;" in desc
    assert "<a " not in desc  # javascript: URL is never a link
    schema_data = frigate.find(f"{KML}ExtendedData/{KML}SchemaData")
    assert schema_data.get("schemaUrl") == "#assets_schema"
    data = {d.get("name"): d.text for d in schema_data.findall(f"{KML}SimpleData")}
    assert set(COLUMNS) <= set(data) and data["doc_id"] == "d3" and data["start"] == "33"
    schemas = {s.get("id"): s for s in doc.findall(f"{KML}Schema")}
    assert set(schemas) == {f"{layer}_schema" for layer in LAYERS}
    fields = {f.get("name"): f.get("type") for f in schemas["assets_schema"]}
    assert fields["start"] == "int" and fields["confidence"] == "double"
    gdal = pyogrio.read_dataframe(path, layer="naval vessel")
    assert gdal["doc_id"].tolist() == ["d3"] and gdal["corroboration"].tolist() == [1]
    s300 = [p for p in placemarks if p.findtext(f"{KML}name") == "S-300 batteries @ Sevastopol"][0]
    assert '<a href="https://example.com/d1">Title d1</a>' in s300.findtext(f"{KML}description")
    assert frigate.find(f"{KML}Point") is not None
    assert list(root.iter(f"{KML}MultiGeometry")) and list(root.iter(f"{KML}innerBoundaryIs"))


def test_csv_columns_and_wkt(tmp_path, frames):
    paths = write_layers(frames, tmp_path, format="csv")
    import csv

    with open(paths[0], encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [*COLUMNS, "wkt"]
    assert rows[0]["wkt"] == "POINT (33.5 44.6)"
    assert len(rows) == len(frames["assets"])
    gdal = pyogrio.read_dataframe(paths[0])
    assert len(gdal) == len(rows)


# --------------------------------------------------------------------------- atomicity


def test_existing_output_is_refused_before_anything_is_written(tmp_path, frames):
    (tmp_path / "incidents.geojson").write_text("keep", encoding="utf-8")
    with pytest.raises(OutputError, match="incidents.geojson"):
        write_layers(frames, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incidents.geojson"]
    assert (tmp_path / "incidents.geojson").read_text(encoding="utf-8") == "keep"
    write_layers(frames, tmp_path, overwrite=True)
    assert json.loads((tmp_path / "incidents.geojson").read_text(encoding="utf-8"))


def test_failure_mid_write_leaves_nothing_partial(tmp_path, frames, monkeypatch):
    write_layers(frames, tmp_path, format="geojson")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real = export._write_geojson

    def boom(out, frame, layer):
        if layer == "disputes":
            raise RuntimeError("disk on fire")
        return real(out, frame, layer)

    monkeypatch.setattr(export, "_write_geojson", boom)
    small = features_to_frames(sample_features()[:1])
    with pytest.raises(OutputError, match="disk on fire"):
        write_layers(small, tmp_path, overwrite=True)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before

    fresh = tmp_path / "fresh"
    with pytest.raises(OutputError):
        write_layers(small, fresh)
    assert not fresh.exists()


def test_gpkg_failure_leaves_no_file(tmp_path, frames, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("GDAL said no")

    monkeypatch.setattr(pyogrio, "write_dataframe", boom)
    with pytest.raises(OutputError, match="GDAL said no"):
        write_layers(frames, tmp_path, format="gpkg")
    assert list(tmp_path.iterdir()) == []


def test_bad_arguments(tmp_path, frames):
    with pytest.raises(ConfigurationError):
        write_layers(frames, tmp_path, format="shp")
    with pytest.raises(OutputError, match="does not exist"):
        write_layers(frames, tmp_path / "no" / "such")
    with pytest.raises(ValueError, match="unknown layer"):
        write_layers({"bases": frames["assets"]}, tmp_path)
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="not a directory"):
        write_layers(frames, tmp_path / "file")
    assert output_paths(tmp_path, "kml") == [tmp_path / "posture.kml"]


def test_missing_layers_are_written_empty(tmp_path, frames):
    write_layers({"assets": frames["assets"]}, tmp_path)
    doc = json.loads((tmp_path / "disputes.geojson").read_text(encoding="utf-8"))
    assert doc["features"] == []


# --------------------------------------------------------------------------- read back


@pytest.mark.parametrize("fmt", ["geojson", "csv", "gpkg", "parquet", "fgb"])
def test_read_layers_round_trip(tmp_path, frames, fmt):
    paths = write_layers(frames, tmp_path, format=fmt)
    back = read_layers(paths[0] if fmt == "gpkg" else tmp_path)
    assert tuple(back) == LAYERS
    for layer in LAYERS:
        ours, theirs = frames[layer], back[layer]
        assert tuple(theirs.columns) == (*COLUMNS, "geometry")
        assert len(theirs) == len(ours)
        for col in COLUMNS:
            if col in ("confidence", "range_km"):  # NaN (unknown) survives as NaN
                assert ours[col].fillna(-1).tolist() == theirs[col].fillna(-1).tolist(), col
            else:
                assert ours[col].tolist() == theirs[col].tolist(), col
        for g1, g2 in zip(ours.geometry, theirs.geometry, strict=False):
            assert g2.hausdorff_distance(antimeridian_safe(g1)) < 2e-6
    # A directory written as gpkg reads back too.
    if fmt == "gpkg":
        assert len(read_layers(tmp_path)["assets"]) == len(frames["assets"])


def test_read_layers_tolerates_edits(tmp_path, frames):
    write_layers(frames, tmp_path)
    doc = json.loads((tmp_path / "assets.geojson").read_text(encoding="utf-8"))
    for f in doc["features"]:
        del f["properties"]["corroboration"]
        del f["properties"]["quote"]
        f["properties"]["analyst_note"] = "checked"
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    (tmp_path / "assets.geojson").write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "disputes.geojson").unlink()
    back = read_layers(tmp_path)
    assert tuple(back["assets"].columns) == (*COLUMNS, "analyst_note", "geometry")
    assert set(back["assets"].corroboration) == {1}
    assert set(back["assets"].quote) == {""}
    assert len(back["disputes"]) == 0
    # ...and writes again, extra column included.
    write_layers(back, tmp_path / "again")
    again = json.loads((tmp_path / "again" / "assets.geojson").read_text(encoding="utf-8"))
    assert again["features"][0]["properties"]["analyst_note"] == "checked"


def test_read_layers_single_file_and_errors(tmp_path, frames):
    write_layers(frames, tmp_path)
    only = read_layers(tmp_path / "incidents.geojson")
    assert len(only["incidents"]) == len(frames["incidents"]) and len(only["assets"]) == 0
    (tmp_path / "assets.geojson").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="assets.geojson"):
        read_layers(tmp_path)
    with pytest.raises(InputError, match="nowhere"):
        read_layers(tmp_path / "nowhere")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no posture layers"):
        read_layers(empty)
    bad = tmp_path / "bad.gpkg"
    bad.write_bytes(b"not a geopackage")
    with pytest.raises(InputError, match="bad.gpkg"):
        read_layers(bad)
    (empty / "assets.csv").write_text('feature_id,wkt\nx,"POINT (1"\n', encoding="utf-8")
    with pytest.raises(InputError, match="assets.csv"):
        read_layers(empty)


# --------------------------------------------------------------------------- properties

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)
_lon = st.floats(-180, 180, allow_nan=False)
_lat = st.floats(-89.9, 89.9, allow_nan=False)


@st.composite
def _geometries(draw):
    kind = draw(st.sampled_from(["point", "box", "line"]))
    x, y = draw(_lon), draw(_lat)
    if kind == "point":
        return Point(x, y)
    w = draw(st.floats(0.01, 30))
    h = draw(st.floats(0.01, 20))
    y = min(y, 89.9 - h)
    if kind == "box":  # may run past 180: must come out split
        return box(x, y, x + w, y + h)
    return LineString([(x, y), (x + w, y + h), (x + 2 * w, y)])


@st.composite
def _features(draw):
    n = draw(st.integers(0, 6))
    out = []
    for i in range(n):
        out.append(
            feature(
                layer=draw(st.sampled_from(LAYERS)),
                kind=draw(st.sampled_from(["air defence", "strike", "naval vessel"])),
                subject=draw(_text),
                quote=draw(_text),
                doc_title=draw(_text),
                geometry=draw(_geometries()),
                doc_id=f"d{draw(st.integers(0, 3))}",
                start=i,
                range_km=draw(st.sampled_from([0.0, 0.0, 150.0, 2500.0])),
                confidence=draw(st.floats(0, 1)),
            )
        )
    return out


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(features=_features())
def test_property_geojson_valid_and_gdal_round_trip(tmp_path_factory, features):
    out = tmp_path_factory.mktemp("prop")
    frames = features_to_frames(features)
    paths = write_layers(frames, out)
    for path, layer in zip(paths, LAYERS, strict=False):
        doc = json.loads(path.read_text(encoding="utf-8"))
        validate_rfc7946(doc)
        assert len(doc["features"]) == len(frames[layer])
        if not len(frames[layer]):
            continue
        gdal = pyogrio.read_dataframe(path)
        assert len(gdal) == len(frames[layer])
        for ours, theirs in zip(frames[layer].geometry, gdal.geometry, strict=False):
            assert theirs.hausdorff_distance(antimeridian_safe(ours)) < 2e-6
    again = write_layers(features_to_frames(features), out / "again")
    assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in again]
    back = read_layers(out)
    for layer in LAYERS:
        assert back[layer]["subject"].tolist() == frames[layer]["subject"].tolist()


def test_antimeridian_safe_shapes():
    split = antimeridian_safe(box(175, 0, 185, 5))
    assert isinstance(split, MultiPolygon) and split.is_valid
    assert split.area == pytest.approx(50)
    assert antimeridian_safe(Point(190, 1)).equals(Point(-170, 1))
    line = antimeridian_safe(LineString([(170, 0), (-170, 10)]))
    assert line.geom_type == "MultiLineString"
    assert [round(c[1], 6) for c in line.geoms[0].coords] == [0, 5]
    within = Polygon([(0, 0), (1, 0), (1, 1)])
    assert antimeridian_safe(within) is within
    gj = export.geometry_to_geojson(shapely.Polygon([(0, 0), (0, 1), (1, 1), (1, 0)]))
    assert _area2(gj["coordinates"][0]) > 0  # clockwise input comes out CCW
    assert shape(gj).is_valid


def test_frames_written_are_unchanged(tmp_path, frames):
    snapshot = frames["assets"].copy()
    write_layers(frames, tmp_path, format="gpkg")
    assert frames["assets"].equals(snapshot)


def test_output_paths_per_format(tmp_path):
    assert [p.name for p in output_paths(tmp_path, "csv")] == [
        f"{x}{ext}" for x in LAYERS for ext in (".csv", ".csvt", ".prj")
    ]
    assert output_paths(tmp_path, "gpkg") == [Path(tmp_path) / "posture.gpkg"]


# --------------------------------------------------------------------------- date_precision

PRECISE = {"d1": ("2024-04-30", "day"), "d2": ("2024-04", "month"), "d3": ("2024", "year")}
PRECISE["d4"] = ("", "unknown")


def dated_frames():
    return features_to_frames(
        [
            feature(doc_id=d, date=date, date_precision=prec, subject=f"battery {d}")
            for d, (date, prec) in PRECISE.items()
        ]
    )


def _raw_assets(path: Path, fmt: str) -> tuple[list[str], list[dict]]:
    """Column names and rows of the assets layer as the file holds them (no conform)."""
    if fmt == "geojson":
        doc = json.loads(path.read_text(encoding="utf-8"))
        rows = [f["properties"] for f in doc["features"]]
        return list(rows[0]), rows
    if fmt == "csv":
        import csv

        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        return list(rows[0]), rows
    if fmt == "kml":
        root = ET.parse(path).getroot()
        rows = []
        for pm in root.iter(f"{KML}Placemark"):
            data = pm.find(f"{KML}ExtendedData/{KML}SchemaData")
            rows.append({d.get("name"): d.text or "" for d in data.findall(f"{KML}SimpleData")})
        return list(rows[0]), rows
    if fmt == "parquet":
        gdf = gpd.read_parquet(path)
    else:
        gdf = pyogrio.read_dataframe(path, layer="assets")
    rows = [{k: ("" if v is None else v) for k, v in r.items()} for r in gdf.to_dict("records")]
    return [str(c) for c in gdf.columns], rows


@pytest.mark.parametrize("fmt", FORMATS)
def test_date_precision_column_in_every_format(tmp_path, fmt):
    paths = write_layers(dated_frames(), tmp_path, format=fmt)
    path = [p for p in paths if p.name.startswith("assets") or fmt in ("gpkg", "kml")][0]
    names, rows = _raw_assets(path, fmt)
    assert names[names.index("date") + 1] == "date_precision"
    got = {r["doc_id"]: (r["date"] or "", r["date_precision"]) for r in rows}
    assert got == PRECISE


def test_kml_timestamp_at_the_date_precision(tmp_path):
    (path,) = write_layers(dated_frames(), tmp_path, format="kml")
    root = ET.parse(path).getroot()
    when = {
        pm.findtext(f"{KML}name"): pm.findtext(f"{KML}TimeStamp/{KML}when")
        for pm in root.iter(f"{KML}Placemark")
    }
    assert when == {f"battery {d} @ Sevastopol": date or None for d, (date, _) in PRECISE.items()}


def test_layer_without_date_precision_reads_it_from_the_date(tmp_path):
    write_layers(dated_frames(), tmp_path)
    doc = json.loads((tmp_path / "assets.geojson").read_text(encoding="utf-8"))
    for f in doc["features"]:
        del f["properties"]["date_precision"]  # written before the column existed
    (tmp_path / "assets.geojson").write_text(json.dumps(doc), encoding="utf-8")
    back = read_layers(tmp_path)["assets"]
    assert (
        dict(zip(back.doc_id, zip(back.date, back.date_precision, strict=True), strict=True))
        == PRECISE
    )


# --------------------------------------------------------------------------- hostile values

HOSTILE_VALUES = [
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "'=already quoted",
    "a lone \r carriage return",
    "a\r\nb\nc",
    'say "hi", <b>bold</b> & more',
]


def hostile_export_frames():
    feats = [
        feature(
            doc_id=f"h{i}",
            subject=value,
            actor=value,
            kind=value if i % 2 else "naval vessel",
            quote=f"<script>alert({i})</script> {value}",
            doc_url="javascript:alert(1)",
            start=33 + i,
        )
        for i, value in enumerate(HOSTILE_VALUES)
    ]
    return features_to_frames(feats)


def _by_id(frame):
    return {row["feature_id"]: row for _, row in frame.iterrows()}


def test_csv_has_no_live_formula_and_reads_back_exactly(tmp_path):
    import csv

    frames = hostile_export_frames()
    write_layers(frames, tmp_path, format="csv")
    raw = (tmp_path / "assets.csv").read_text(encoding="utf-8")
    with open(tmp_path / "assets.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 1 + len(frames["assets"])  # no lone CR split a row
    numeric = {"quote_start", "start", "end", "confidence", "corroboration", "range_km"}
    header = rows[0]
    for r in rows[1:]:
        assert len(r) == len(header)
        for name, cell in zip(header, r, strict=True):
            if name not in numeric:
                assert cell[:1] not in tuple("=+-@\t\r"), (name, cell)
    assert "'=cmd" in raw and "''=already" in raw
    back = read_layers(tmp_path)["assets"]
    orig = _by_id(frames["assets"])
    for fid, row in _by_id(back).items():
        for col in ("subject", "actor", "kind", "quote"):
            assert row[col] == orig[fid][col]


def test_csv_sidecars_give_types_and_crs_to_gdal(tmp_path, frames):
    write_layers(frames, tmp_path, format="csv")
    assert (tmp_path / "assets.prj").read_text().startswith('GEOGCS["WGS 84"')
    types = (tmp_path / "assets.csvt").read_text().strip().split(",")
    assert len(types) == len(export.frame_columns(frames["assets"])) + 1 and types[-1] == '"WKT"'
    gdf = pyogrio.read_dataframe(tmp_path / "assets.csv")
    assert gdf.crs.to_epsg() == 4326
    assert str(gdf["start"].dtype) == "int64" and str(gdf["confidence"].dtype) == "float64"


def test_kml_styles_follow_the_map_and_balloons_are_escaped(tmp_path):
    from layers.kmlio import kml_color
    from layers.styles import kind_styles
    from maps.render import render_map

    frames = hostile_export_frames()
    (path,) = write_layers(frames, tmp_path, format="kml")
    root = ET.parse(path).getroot()
    styles = {s.get("id"): s for s in root.iter(f"{KML}Style")}
    assert styles
    for s in styles.values():
        assert s.find(f"{KML}BalloonStyle/{KML}text").text == "$[description]"
    # every placemark's icon colour is its kind's colour on the map
    payload = render_map(frames, basemap=False, generated="x")
    map_styles = {k: c for k, c, _ in _map_styles(payload)}
    assert map_styles == {k: s.color for k, s in kind_styles(_drawn_kinds(frames)).items()}
    for pm in root.iter(f"{KML}Placemark"):
        sid = pm.find(f"{KML}styleUrl").text[1:]
        kind = pm.find(f".//{KML}SimpleData[@name='kind']").text
        icon = styles[sid].find(f"{KML}IconStyle/{KML}color").text
        assert icon == kml_color(map_styles[kind])
        desc = pm.find(f"{KML}description").text
        assert "<script>" not in desc and "&lt;script&gt;" in desc
        assert 'href="javascript' not in desc


def _drawn_kinds(frames):
    return [k for layer in LAYERS for k in frames[layer]["kind"]]


def _map_styles(m):
    import re

    from maps.render import render_html

    page = render_html(m)
    data = re.search(r'id="posture-data">(.*?)</script>', page, re.S).group(1)
    return json.loads(data)["styles"]


@pytest.mark.parametrize("fmt", ["kml", "csv", "gpkg", "parquet", "fgb"])
def test_every_format_reads_back_like_geojson(tmp_path, fmt):
    frames = hostile_export_frames()
    write_layers(frames, tmp_path / "gj", format="geojson")
    write_layers(frames, tmp_path / fmt, format=fmt)
    want, got = read_layers(tmp_path / "gj"), read_layers(tmp_path / fmt)
    for layer in LAYERS:
        a, b = want[layer], got[layer]
        assert list(a.columns) == list(b.columns), layer
        assert "end" in b.columns and "end2" not in b.columns
        props = [c for c in a.columns if c != "geometry"]
        assert a[props].equals(b[props]), layer
        for ga, gb in zip(a.geometry, b.geometry, strict=True):
            assert ga.equals_exact(gb, 1e-6)


@pytest.mark.parametrize("fmt", ["parquet", "fgb"])
def test_one_file_per_layer_and_the_statements(tmp_path, frames, fmt):
    paths = write_layers(frames, tmp_path, format=fmt)
    assert [p.name for p in paths] == [f"{n}.{fmt}" for n in (*LAYERS, "statements")]
    read = gpd.read_parquet if fmt == "parquet" else pyogrio.read_dataframe
    statements = read(tmp_path / f"statements.{fmt}")
    assert len(statements) == len(frames.statements) > 0
    assert sorted(statements["feature_id"]) == sorted(s["feature_id"] for s in frames.statements)
    for layer in LAYERS:  # each layer file also reads back on its own
        assert len(read_layers(tmp_path / f"{layer}.{fmt}")[layer]) == len(frames[layer])
    assert not list(tmp_path.glob(".*"))  # no temp file left


def test_geoparquet_metadata(tmp_path, frames):
    import pyarrow.parquet as pq

    write_layers(frames, tmp_path, format="parquet")
    meta = json.loads(pq.read_schema(tmp_path / "assets.parquet").metadata[b"geo"])
    assert meta["version"] == "1.0.0" and meta["primary_column"] == "geometry"
    assert meta["columns"]["geometry"]["encoding"] == "WKB"
    assert meta["columns"]["geometry"]["crs"]["id"] == {"authority": "EPSG", "code": 4326}


# dask-geopandas 0.5 still passes reset_index(inplace=...), deprecated in pandas 3.1
@pytest.mark.filterwarnings("ignore:The inplace keyword in GeoDataFrame.reset_index")
def test_geoparquet_reads_with_dask_geopandas(tmp_path, frames):
    dgpd = pytest.importorskip("dask_geopandas")
    write_layers(frames, tmp_path, format="parquet")
    gdf = dgpd.read_parquet(tmp_path / "assets.parquet").compute()
    assert list(gdf["feature_id"]) == list(frames["assets"]["feature_id"])
    assert gdf.crs.to_epsg() == 4326


def test_parquet_without_pyarrow_is_one_clear_error(tmp_path, frames, monkeypatch):
    import importlib.util

    from geo.errors import ConfigurationError

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a)
    )
    with pytest.raises(ConfigurationError, match=r"pip install 'posture-mapper\[parquet\]'"):
        write_layers(frames, tmp_path / "out", format="parquet")
    assert not (tmp_path / "out").exists()  # raised before anything was written


@pytest.mark.parametrize("fmt", ["gpkg", "fgb", "parquet"])
def test_binary_formats_keep_nul(tmp_path, fmt):
    frames = features_to_frames([feature(subject="before\x00after", quote="a\x00b")])
    write_layers(frames, tmp_path, format=fmt)
    back = read_layers(tmp_path)["assets"]
    assert back["subject"].iloc[0] == "before\x00after" and back["quote"].iloc[0] == "a\x00b"


def test_gpkg_keeps_nul(tmp_path):
    frames = features_to_frames([feature(subject="before\x00after", quote="a\x00b")])
    (path,) = write_layers(frames, tmp_path, format="gpkg")
    raw = pyogrio.read_dataframe(path, layer="assets")
    assert raw["subject"].iloc[0] == "before\u2400after"  # what GIS software shows
    back = read_layers(path)["assets"]
    assert back["subject"].iloc[0] == "before\x00after" and back["quote"].iloc[0] == "a\x00b"


# --------------------------------------------------------------------------- CRS and coordinates


def _merc(lon, lat):
    from pyproj import Transformer

    return Transformer.from_crs(4326, 3857, always_xy=True).transform(lon, lat)


def test_geojson_crs_member_is_reprojected(tmp_path):
    x, y = _merc(33.5, 44.6)
    fc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"feature_id": "a", "subject": "ships"},
                "geometry": {"type": "Point", "coordinates": [x, y]},
            }
        ],
    }
    (tmp_path / "assets.geojson").write_text(json.dumps(fc), encoding="utf-8")
    (pt,) = read_layers(tmp_path)["assets"].geometry
    assert pt.x == pytest.approx(33.5) and pt.y == pytest.approx(44.6)
    fc["crs"] = {"type": "name", "properties": {"name": "EPSG:999999"}}
    (tmp_path / "assets.geojson").write_text(json.dumps(fc), encoding="utf-8")
    with pytest.raises(InputError, match="assets.geojson.*CRS"):
        read_layers(tmp_path)


def test_csv_prj_and_gpkg_srs_are_reprojected(tmp_path, frames):
    import csv

    from pyproj import CRS

    write_layers(frames, tmp_path / "csv", format="csv")
    x, y = _merc(33.5, 44.6)
    csv_path = tmp_path / "csv" / "assets.csv"
    with open(csv_path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1:] = [r[:-1] + [f"POINT ({x} {y})"] for r in rows[1:]]
    with open(csv_path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    (tmp_path / "csv" / "assets.prj").write_text(CRS.from_epsg(3857).to_wkt(), encoding="utf-8")
    pts = read_layers(tmp_path / "csv")["assets"].geometry
    assert all(p.x == pytest.approx(33.5) and p.y == pytest.approx(44.6) for p in pts)

    gdf = frames["assets"].to_crs(3857)
    pyogrio.write_dataframe(gdf, tmp_path / "merc.gpkg", layer="assets", driver="GPKG")
    back = read_layers(tmp_path / "merc.gpkg")["assets"]
    assert back.crs.to_epsg() == 4326
    for a, b in zip(frames["assets"].geometry, back.geometry, strict=True):
        assert a.equals_exact(b, 1e-6)


BAD_COORDS = [[1e308, 0.0], [float("nan"), float("nan")], [10.0, 91.0], [float("inf"), 1.0]]


def _bad_geojson(path):
    feats = [
        {
            "type": "Feature",
            "properties": {"feature_id": f"bad{i}\x1b[31m", "subject": "x"},
            "geometry": {"type": "Point", "coordinates": c},
        }
        for i, c in enumerate(BAD_COORDS)
    ]
    feats.insert(
        2,
        {
            "type": "Feature",
            "properties": {"feature_id": "good", "subject": "ok"},
            "geometry": {"type": "Point", "coordinates": [33.5, 44.6]},
        },
    )
    feats.append({"type": "Feature", "properties": {}, "geometry": {"type": "Point"}})
    fc = {"type": "FeatureCollection", "features": feats}
    path.write_text(json.dumps(fc), encoding="utf-8")  # NaN/Infinity: Python's JSON


def test_bad_coordinates_are_reported_per_feature_and_the_rest_kept(tmp_path):
    path = tmp_path / "assets.geojson"
    _bad_geojson(path)
    with pytest.raises(InputError, match="assets.geojson"):
        read_layers(path)
    errors: list[InputError] = []
    frame = read_layers(path, on_error=errors.append)["assets"]
    assert list(frame["feature_id"]) == ["good"]
    assert len(errors) == 5
    for err in errors:
        line = str(err)
        assert "\n" not in line and "\x1b" not in line
        assert line.startswith(f"{path}: assets feature ")
    assert "1e+308" in str(errors[0]) and "not finite" in str(errors[1])
    assert "latitude 91" in str(errors[2]) and "bad geometry" in str(errors[4])


def test_bad_wkt_in_csv_is_one_feature_error(tmp_path, frames):
    write_layers(frames, tmp_path, format="csv")
    path = tmp_path / "assets.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].rsplit(",", 1)[0] + ',"POINT (1"'
    path.write_text("\n".join(lines), encoding="utf-8")
    errors: list[InputError] = []
    frame = read_layers(tmp_path, on_error=errors.append)["assets"]
    assert len(frame) == len(frames["assets"]) - 1
    assert len(errors) == 1 and "bad WKT" in str(errors[0])


def test_kml_with_a_dtd_is_refused(tmp_path):
    path = tmp_path / "posture.kml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaa">]>'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="DTD"):
        read_layers(path)
