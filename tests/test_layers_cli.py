"""`posture layers`: in-process with CliRunner (exit codes, messages, formats, atomicity)."""

from __future__ import annotations

import importlib.util
import json
import multiprocessing

import geopandas as gpd
import pyogrio
import pytest
from click.testing import CliRunner
from shapely.geometry import Point

import layers.export as export
import layers.pipeline as pipeline
from layers.cli import layers_command
from layers.model import LAYERS, Feature

ARTICLE = (
    "Russia moves S-400 batteries to Kaliningrad\n\n"
    "Russia has deployed S-400 air defence batteries to Kaliningrad, officials said on Monday. "
    "Separately, a drone strike hit an oil depot near Novorossiysk overnight.\n"
)


SIDECARS = ("csv", "csvt", "prj")


def _fake_extract_all(documents, **kwargs):
    """Stands in for geoparse + extract: one asset per document, one incident if 'strike'."""
    for doc in documents:
        common = dict(
            place="Kaliningrad",
            gazetteer_id="geonames:554234",
            mention="Kaliningrad",
            doc_id=doc.doc_id,
            quote=doc.text[:60],
            quote_start=0,
            start=0,
            end=5,
            doc_title=doc.title,
            doc_url=doc.url,
            published=doc.published,
        )
        yield Feature(
            layer="assets",
            kind="air defence",
            subject="S-400 batteries",
            geometry=Point(20.5, 54.7),
            range_km=400.0,
            **common,
        )
        if "strike" in doc.text:
            yield Feature(
                layer="incidents",
                kind="strike",
                subject="drone strike",
                geometry=Point(37.8, 44.7),
                **common,
            )


@pytest.fixture
def fake_pipeline(monkeypatch):
    monkeypatch.setattr(pipeline, "extract_all", _fake_extract_all)


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "b.jsonl").write_text(
        json.dumps({"id": "b1", "text": "Troops moved to Kaliningrad.", "title": "B"}) + "\n",
        encoding="utf-8",
    )
    return src


def run(*args):
    return CliRunner().invoke(layers_command, [str(a) for a in args])


@pytest.mark.parametrize(
    "fmt, names",
    [
        ("geojson", ["assets.geojson", "disputes.geojson", "incidents.geojson"]),
        ("gpkg", ["posture.gpkg"]),
        ("kml", ["posture.kml"]),
        ("parquet", [f"{n}.parquet" for n in ("assets", "disputes", "incidents", "statements")]),
        ("fgb", [f"{n}.fgb" for n in ("assets", "disputes", "incidents", "statements")]),
        (
            "csv",
            sorted(
                [
                    f"{n}.{e}"
                    for n in ("assets", "disputes", "incidents")
                    for e in ("csv", "csvt", "prj")
                ]
                + ["statements.csv"]
            ),
        ),
    ],
)
def test_each_format(fake_pipeline, corpus, tmp_path, fmt, names):
    out = tmp_path / "out"
    res = run(corpus, "-o", out, "--format", fmt)
    assert res.exit_code == 0, res.output
    assert res.stdout == ""
    store = ["manifest.json", "statements.jsonl"]
    assert sorted(p.name for p in out.iterdir()) == sorted(names + store)
    # 2 statements of one asset fact + its range ring, 1 incident, 0 disputes
    assert f"wrote 2 assets, 1 incidents, 0 disputes from 2 documents to {out}" in res.stderr
    for name in names:
        if name.endswith(".parquet"):  # pyogrio's GDAL reads GeoParquet only with libduckdb
            assert gpd.read_parquet(out / name).crs.to_epsg() == 4326
        elif name != "statements.csv" and not name.endswith((".csvt", ".prj")):
            assert pyogrio.list_layers(out / name) is not None
    lines = (out / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(x)["doc_id"] for x in lines) == ["a", "a", "b1"]


def test_geojson_content(fake_pipeline, corpus, tmp_path):
    out = tmp_path / "out"
    assert run(corpus, "-o", out).exit_code == 0
    doc = json.loads((out / "assets.geojson").read_text(encoding="utf-8"))
    kinds = sorted(f["properties"]["kind"] for f in doc["features"])
    assert kinds == ["air defence", "range ring"]
    fact = next(f["properties"] for f in doc["features"] if f["properties"]["kind"] != "range ring")
    assert fact["corroboration"] == fact["sources"] == fact["statements"] == 2


def test_skipped_input_exits_3(fake_pipeline, corpus, tmp_path):
    (corpus / "c.jsonl").write_text('{"id": "c1", "text": "ok strike"}\n{not json}\n')
    out = tmp_path / "out"
    res = run(corpus, "-o", out)
    assert res.exit_code == 3, res.output
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "c.jsonl:2" in errors[0]
    assert "from 3 documents (1 skipped)" in res.stderr
    assert (out / "assets.geojson").exists()


def test_nothing_readable_exits_1(fake_pipeline, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json}\n", encoding="utf-8")
    res = run(bad, "-o", tmp_path / "out")
    assert res.exit_code == 1
    assert "no document could be read" in res.stderr
    assert not (tmp_path / "out").exists()


def test_existing_output_without_overwrite(fake_pipeline, corpus, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "incidents.geojson").write_text("keep me", encoding="utf-8")
    res = run(corpus, "-o", out)
    assert res.exit_code == 1
    assert "incidents.geojson" in res.stderr and "--overwrite" in res.stderr
    assert "Traceback" not in res.output
    assert (out / "incidents.geojson").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in out.iterdir()) == ["incidents.geojson"]
    res = run(corpus, "-o", out, "--overwrite")
    assert res.exit_code == 0, res.output
    assert json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))["features"]


def test_failure_mid_write_leaves_no_partial_file(fake_pipeline, corpus, tmp_path, monkeypatch):
    real = export.csv_bytes

    def boom(frame, layer):
        if layer == "incidents":
            raise OSError(28, "No space left on device")
        return real(frame, layer)

    monkeypatch.setattr(export, "csv_bytes", boom)
    out = tmp_path / "out"
    res = run(corpus, "-o", out, "--format", "csv")
    assert res.exit_code == 1
    assert "No space left on device" in res.stderr
    assert not out.exists()  # created for this run, removed again: nothing partial


def test_usage_errors_exit_2(fake_pipeline, corpus, tmp_path):
    assert run(corpus, "-o", tmp_path / "o", "--format", "shp").exit_code == 2
    assert run(corpus).exit_code == 2  # -o is required
    assert run("-o", tmp_path / "o").exit_code == 2  # no sources


def test_output_parent_missing_exits_1(fake_pipeline, corpus, tmp_path):
    res = run(corpus, "-o", tmp_path / "no" / "such")
    assert res.exit_code == 1
    assert "does not exist" in res.stderr


def test_quiet_and_help(fake_pipeline, corpus, tmp_path):
    res = run(corpus, "-o", tmp_path / "out", "-q")
    assert res.exit_code == 0 and res.stderr == "" and res.stdout == ""
    help_text = CliRunner().invoke(layers_command, ["--help"]).output
    assert "Examples:" in help_text and "--format" in help_text


_REAL = all(importlib.util.find_spec(m) for m in ("geo.parse", "layers.extract", "layers.lexicon"))


@pytest.mark.skipif(not _REAL, reason="the geoparser or the extractor is not there yet")
def test_real_pipeline_on_a_tiny_article(tmp_path):
    src = tmp_path / "kaliningrad.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    res = run(src, "-o", out)
    assert res.exit_code == 0, res.output
    assert res.stdout == ""
    assert "from 1 document to" in res.stderr
    total = 0
    for layer in LAYERS:
        doc = json.loads((out / f"{layer}.geojson").read_text(encoding="utf-8"))
        assert doc["type"] == "FeatureCollection" and "crs" not in doc
        for f in doc["features"]:
            props = f["properties"]
            assert props["doc_id"] == "kaliningrad"
            assert ARTICLE[props["start"] : props["end"]] == props["mention"]
        total += len(doc["features"])
    assert total >= 1


# --------------------------------------------------------------------------- pipeline


def _fake_features(state, doc):
    return list(_fake_extract_all([doc])), 0, (doc.doc_id, {"sha256": doc.doc_id})


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork")
def test_parallel_pipeline_gives_the_same_frames(monkeypatch):
    from geo.model import Document

    monkeypatch.setattr(pipeline, "_features", _fake_features)
    monkeypatch.setattr(pipeline, "_prepare", lambda *a: (None, None, None))
    docs = [
        Document(doc_id=f"d{i:04d}", text="strike" if i % 3 else "calm", title=f"T{i}")
        for i in range(pipeline.PARALLEL_MIN_DOCS + 57)
    ]
    serial = pipeline.build_layers(docs, workers=1)
    parallel = pipeline.build_layers(iter(docs), workers=2)
    for layer in LAYERS:
        assert serial[layer].equals(parallel[layer])
    assert len(serial["assets"]) == 2  # one fact and its ring for the lot
    assert serial["assets"].statements.max() == len(docs)
    assert serial.statements == parallel.statements
    from geo import parallel

    assert parallel._FUNC is None


def _fake_with_unplaced(documents, *, stats=None, **kwargs):
    yield from _fake_extract_all(documents, **kwargs)
    if stats is not None:
        stats["unplaced"] = stats.get("unplaced", 0) + 2


def test_summary_counts_unplaced_names(monkeypatch, corpus, tmp_path):
    monkeypatch.setattr(pipeline, "extract_all", _fake_with_unplaced)
    result = run(corpus, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "2 unknown place names left unplaced" in result.stderr


def test_published_default_for_documents_without_a_date(fake_pipeline, corpus, tmp_path):
    (corpus / "c.txt").write_text("Headline\nPublished: 1 Oct 2025\n\nA drone strike.\n")
    out = tmp_path / "out"
    res = run(corpus, "-o", out, "--published", "3 Nov 2025")
    assert res.exit_code == 0, res.output
    lines = (out / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    st = [json.loads(x) for x in lines if json.loads(x)["layer"] == "incidents"]
    assert {x["doc_id"]: x["published"] for x in st} == {"a": "2025-11-03", "c": "2025-10-01"}
    doc = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))
    (fact,) = [f["properties"] for f in doc["features"]]
    assert (fact["first_reported"], fact["last_reported"]) == ("2025-10-01", "2025-11-03")


def test_without_published_option_undated_documents_stay_undated(fake_pipeline, corpus, tmp_path):
    out = tmp_path / "out"
    assert run(corpus, "-o", out).exit_code == 0
    doc = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["published"] for f in doc["features"]] in ([""], [None])


@pytest.mark.parametrize("value", ["someday", "1850-01-01", "2025-02-30"])
def test_invalid_published_exits_2(fake_pipeline, corpus, tmp_path, value):
    out = tmp_path / "out"
    res = run(corpus, "-o", out, "--published", value)
    assert res.exit_code == 2
    assert "--published" in res.stderr and repr(value) in res.stderr
    assert "Traceback" not in res.output
    assert not out.exists()


def test_geopackage_has_a_statements_table(fake_pipeline, corpus, tmp_path):
    out = tmp_path / "out"
    assert run(corpus, "-o", out, "--format", "gpkg").exit_code == 0
    names = [n for n, _ in pyogrio.list_layers(out / "posture.gpkg")]
    assert "statements" in names
    table = pyogrio.read_dataframe(out / "posture.gpkg", layer="statements")
    assert sorted(table["doc_id"]) == ["a", "a", "b1"]
    facts = pyogrio.read_dataframe(out / "posture.gpkg", layer="assets")
    assert set(table["fact_id"]) <= set(facts["fact_id"]) | set(
        pyogrio.read_dataframe(out / "posture.gpkg", layer="incidents")["fact_id"]
    )


def _fake_denied(documents, **kwargs):
    """One denied asset per document (what the text says did not happen)."""
    for f in _fake_extract_all(documents, **kwargs):
        if f.layer == "assets":
            f.status = "denied"
            yield f


@pytest.mark.parametrize(
    "args, n",
    # the two documents' denials are one fact
    [((), 0), (("--status", "all"), 1), (("--status", "denied", "--status", "reported"), 1)],
)
def test_status_chooses_the_facts_mapped(tmp_path, corpus, monkeypatch, args, n):
    monkeypatch.setattr(pipeline, "extract_all", _fake_denied)
    out = tmp_path / "out"
    r = run(corpus, "-o", out, "-q", *args)
    assert r.exit_code == 0, r.output
    fc = json.loads((out / "assets.geojson").read_text(encoding="utf-8"))
    assert len([f for f in fc["features"] if f["properties"]["kind"] != "range ring"]) == n
    # the statements stay, mapped or not
    lines = (out / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2


def test_an_unknown_status_is_a_usage_error(tmp_path, corpus):
    r = run(corpus, "-o", tmp_path / "out", "--status", "rumoured")
    assert r.exit_code == 2 and "rumoured" in r.output
    assert not (tmp_path / "out").exists()
