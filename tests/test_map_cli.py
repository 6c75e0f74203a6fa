"""`posture map` and the `posture` command group."""

from __future__ import annotations

import subprocess
import sys

import pytest
from _synthetic import synthetic_frames
from click.testing import CliRunner

from layers.sources import is_layers_source
from maps.cli import main


@pytest.fixture(scope="module")
def layers_dir(tmp_path_factory):
    from layers.export import write_layers

    out = tmp_path_factory.mktemp("layers")
    write_layers(synthetic_frames(120, seed=7), out, format="geojson", overwrite=True)
    return out


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_help_version_and_subcommands():
    r = run("--help")
    assert r.exit_code == 0
    for cmd in ("geoparse", "layers", "map"):
        assert cmd in r.output
    assert "posture map" in r.output  # usage examples
    r = run("--version")
    assert r.exit_code == 0 and "posture" in r.output
    r = run("map", "--help")
    assert r.exit_code == 0 and "--offline" in r.output and "Examples" in r.output


def test_python_dash_m_maps():
    r = subprocess.run([sys.executable, "-m", "maps", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and "posture" in r.stdout


def test_map_from_layers_directory(tmp_path, layers_dir):
    assert is_layers_source(layers_dir)
    out = tmp_path / "map.html"
    r = run("map", layers_dir, "-o", out, "--offline", "--title", "Test <map>")
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Test &lt;map&gt;</title>" in page
    assert "tile.openstreetmap.org" not in page
    assert "wrote" in r.stderr and "[offline]" in r.stderr
    assert r.stdout == ""


def test_existing_output_needs_overwrite(tmp_path, layers_dir):
    out = tmp_path / "map.html"
    out.write_text("keep me")
    r = run("map", layers_dir, "-o", out)
    assert r.exit_code == 1
    assert "exists" in r.stderr and "Traceback" not in r.output
    assert out.read_text() == "keep me"
    r = run("map", layers_dir, "-o", out, "--overwrite", "-q")
    assert r.exit_code == 0 and r.stderr == ""
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_bad_args_exit_2(tmp_path):
    assert run("map").exit_code == 2
    assert run("map", tmp_path, "--bogus").exit_code == 2


def test_bad_layers_source_is_skipped_with_exit_3(tmp_path, layers_dir):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "assets.geojson").write_text("{not json")
    out = tmp_path / "map.html"
    r = run("map", layers_dir, bad, "-o", out, "--offline")
    assert r.exit_code == 3, r.output
    errors = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "assets.geojson" in errors[0]
    assert out.exists()


def test_nothing_readable_exit_1(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "assets.geojson").write_text("{not json")
    out = tmp_path / "map.html"
    r = run("map", bad, "-o", out)
    assert r.exit_code == 1
    assert not out.exists()


def test_map_from_documents(tmp_path):
    pytest.importorskip("layers.extract", reason="the layers pipeline is not there yet")
    doc = tmp_path / "a.txt"
    doc.write_text("Russia deployed S-400 batteries to Kaliningrad on 3 May 2025.\n")
    missing = tmp_path / "missing.txt"
    out = tmp_path / "map.html"
    r = run("map", doc, missing, "-o", out, "--offline")
    assert r.exit_code == 3, r.output
    assert "missing.txt" in r.stderr
    assert out.exists()
    assert "1 document" in r.stderr


def test_map_is_byte_identical_with_source_date_epoch(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from maps.cli import main

    doc = tmp_path / "a.txt"
    doc.write_text(
        "Frigate in port\n\nA Russian frigate arrived in Tartus on Monday.\n", encoding="utf-8"
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outs = []
    for name in ("1.html", "2.html"):
        out = tmp_path / name
        res = CliRunner().invoke(main, ["map", str(doc), "-o", str(out), "--offline", "-q"])
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert b"2023-11-14 22:13 UTC" in outs[0]


def test_map_published_default(tmp_path):
    pytest.importorskip("layers.extract", reason="the layers pipeline is not there yet")
    doc = tmp_path / "a.txt"
    doc.write_text("Russia deployed S-400 batteries to Kaliningrad.\n")
    out = tmp_path / "map.html"
    r = run("map", doc, "-o", out, "--offline", "-q")
    assert r.exit_code == 0, r.output
    assert "2024-12-01" not in out.read_text(encoding="utf-8")
    r = run("map", doc, "-o", out, "--offline", "-q", "--overwrite", "--published", "2024-12-01")
    assert r.exit_code == 0, r.output
    assert "2024-12-01" in out.read_text(encoding="utf-8")


def test_map_invalid_published_exits_2(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Russia deployed S-400 batteries to Kaliningrad.\n")
    out = tmp_path / "map.html"
    r = run("map", doc, "-o", out, "--published", "next tuesday")
    assert r.exit_code == 2
    assert "'next tuesday'" in r.stderr and "--published" in r.stderr
    assert not out.exists()


def test_new_since_must_be_a_date(tmp_path):
    from click.testing import CliRunner

    from maps.cli import main

    res = CliRunner().invoke(main, ["map", str(tmp_path), "--new-since", "yesterday"])
    assert res.exit_code == 2 and "not a date" in res.output


def test_bad_coordinates_in_a_layer_file_skip_that_feature_only(tmp_path, layers_dir):
    import json
    import shutil

    src = tmp_path / "layers"
    shutil.copytree(layers_dir, src)
    path = src / "assets.geojson"
    fc = json.loads(path.read_text(encoding="utf-8"))
    n = len(fc["features"])
    fc["features"][0]["geometry"] = {"type": "Point", "coordinates": [1e308, 0]}
    fc["features"][1]["geometry"] = {"type": "Point", "coordinates": [float("nan"), 1]}
    path.write_text(json.dumps(fc), encoding="utf-8")
    out = tmp_path / "map.html"
    r = run("map", src, "-o", out, "--offline")
    assert r.exit_code == 3, r.output
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 2
    assert str(path) in errors[0] and "feature 1" in errors[0] and "1e+308" in errors[0]
    assert f"{n - 2} assets" in r.stderr and "2 skipped" in r.stderr
    assert "1e+308" not in out.read_text(encoding="utf-8")


def test_map_from_kml_csv_parquet_and_fgb_layers(tmp_path):
    from layers.export import write_layers

    frames = synthetic_frames(40, seed=3)
    for fmt in ("kml", "csv", "parquet", "fgb"):
        write_layers(frames, tmp_path / fmt, format=fmt)
        assert is_layers_source(tmp_path / fmt)
        r = run("map", tmp_path / fmt, "-o", tmp_path / f"{fmt}.html", "--offline")
        assert r.exit_code == 0, r.output
        counts = ", ".join(f"{len(frames[n])} {n}" for n in ("assets", "incidents", "disputes"))
        assert counts in r.stderr
    assert is_layers_source(tmp_path / "kml" / "posture.kml")


def test_tiles_option_points_the_map_at_another_tile_server(tmp_path, layers_dir):
    out = tmp_path / "map.html"
    url = "https://tiles.example.org/osm/{z}/{x}/{y}.png"
    r = run("map", layers_dir, "-o", out, "--tiles", url, "--tiles-attribution", "© Example")
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    csp = page.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0]
    assert "img-src data: https://tiles.example.org;" in csp
    assert "openstreetmap" not in csp
    assert url in page and "© Example" in page


@pytest.mark.parametrize(
    "args",
    [
        ["--tiles", "javascript:alert(1)//{z}/{x}/{y}"],
        ["--tiles", "https://tiles.example.org/{z}/{x}.png"],  # no {y}
        ["--tiles", "https://tiles.example.org;script-src */{z}/{x}/{y}"],
        ["--tiles", "https://tiles.example.org/{z}/{x}/{y}.png", "--offline"],
    ],
)
def test_bad_tiles_option_exits_2_and_writes_nothing(tmp_path, layers_dir, args):
    out = tmp_path / "map.html"
    r = run("map", layers_dir, "-o", out, *args)
    assert r.exit_code == 2, r.output
    assert not out.exists()


def test_status_filters_a_layer_set_only_when_asked(tmp_path, layers_dir):
    # the synthetic set has every status; drawn as written unless --status is given
    def statuses(page: str) -> set[str]:
        return {s for s in ("denied", "possible", "historical") if f'"{s}"' in page}

    every = tmp_path / "every.html"
    assert run("map", layers_dir, "-o", every, "--offline", "-q").exit_code == 0
    assert statuses(every.read_text(encoding="utf-8")) == {"denied", "possible", "historical"}
    some = tmp_path / "some.html"
    r = run("map", layers_dir, "-o", some, "--offline", "-q", "--status", "reported")
    assert r.exit_code == 0, r.output
    assert statuses(some.read_text(encoding="utf-8")) == set()
    r = run("map", layers_dir, "-o", some, "--overwrite", "--status", "rumoured")
    assert r.exit_code == 2 and "rumoured" in r.output
