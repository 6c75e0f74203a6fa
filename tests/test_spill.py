"""layers.spill: statement rows spilled to disk come back equal, and the layers written with
a tiny batch (everything spilled) are byte-identical to those written in memory."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from shapely.geometry import MultiPolygon, Point, Polygon

import layers.spill as spill
import layers.store as store
from layers.cli import layers_command
from layers.spill import RowStore, StatementList

ROOT = Path(__file__).resolve().parent.parent


def _rows() -> list[dict]:
    square = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)], [[(0.2, 0.2), (0.2, 0.4), (0.4, 0.2)]])
    rows = [
        {
            "feature_id": "a",
            "doc_id": "d1",
            "start": 3,
            "quote": 'x\n"y" \ud800 é',
            "confidence": 0.1 + 0.2,
            "geometry": Point(30.123456789, 50.1),
            "layer": "assets",
        },
        {
            "geometry": None,
            "feature_id": "b",
            "doc_id": "d2",
            "start": 0,
            "range_km": math.inf,
            "quote": "",
            "layer": "incidents",
        },
        {
            "feature_id": "c",
            "doc_id": "d2",
            "start": 7,
            "date": None,
            "layer": "assets",
            "geometry": MultiPolygon([square, Polygon([(5, 5), (6, 5), (6, 6)])]),
        },
        {
            "feature_id": "d",
            "doc_id": "d3",
            "start": 1,
            "layer": "assets",
            "location_precision": "area",
        },
    ]
    place = {"gazetteer_id": "", "place": "Kyiv", "location_precision": "exact"}
    return [{**place, **r} for r in rows]


def test_spilled_rows_come_back_equal_and_the_file_is_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    rows = _rows()
    rs = RowStore(batch=2)
    keys = [rs.add(r) for r in rows]
    assert rs.path is not None and rs.path.parent == tmp_path and rs.path.exists()
    back = rs.load_many(list(reversed(keys)))[::-1]
    for got, want in zip(back, rows, strict=True):
        assert list(got) == list(want)  # key order too (the geometry's place included)
        for k, v in want.items():
            if k == "geometry":
                assert (got[k] is None) if v is None else got[k].equals_exact(v, 0)
            else:
                assert got[k] == v and type(got[k]) is type(v)
    assert keys[2]["doc_id"] == "d2" and keys[2].get("date") is None
    with pytest.raises(KeyError):
        keys[0]["no such column"]
    rs.close()
    assert list(tmp_path.iterdir()) == []


def test_statement_list_reads_back_in_order():
    rs = RowStore(batch=1)
    keys = [rs.add(r) for r in _rows()]
    for k, fact in zip(keys, "wxyz", strict=True):
        k.fact_id, k.stance, k.system = fact, "reports", ""
    listed = StatementList(keys[::-1], rs)
    assert [s["feature_id"] for s in listed] == ["d", "c", "b", "a"]
    assert listed[0]["fact_id"] == "z" and [s["fact_id"] for s in listed[1:3]] == ["y", "x"]
    assert listed == list(listed) and len(listed) == 4
    rs.close()


def _run(args: list[str]) -> None:
    result = CliRunner().invoke(layers_command, args)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_layers_identical_when_everything_spills(tmp_path, monkeypatch, fmt):
    seeds = str(ROOT / "seeds")
    _run([seeds, "-o", str(tmp_path / "memory"), "-q", "--format", fmt])
    spills = tmp_path / "spills"
    spills.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spills))
    monkeypatch.setattr(spill, "SPILL_BATCH", 1)
    monkeypatch.setattr(store, "SPILL_BATCH", 1)
    made: list[Path] = []
    real_open = RowStore._open

    def watched(self):  # noqa: ANN001, ANN202
        db = real_open(self)
        made.append(self.path)
        return db

    monkeypatch.setattr(RowStore, "_open", watched)
    _run([seeds, "-o", str(tmp_path / "spilled"), "-q", "--format", fmt])
    assert made, "nothing was spilled"
    assert list(spills.iterdir()) == []  # the spill files are gone
    names = sorted(p.name for p in (tmp_path / "memory").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "spilled").iterdir())
    for name in names:
        a = (tmp_path / "memory" / name).read_bytes()
        assert a == (tmp_path / "spilled" / name).read_bytes(), name


def test_update_identical_when_everything_spills(tmp_path, monkeypatch):
    seeds = sorted((ROOT / "seeds").iterdir())
    first, rest = [str(p) for p in seeds[:2]], [str(p) for p in seeds[2:]]
    outs = []
    for batch in (10_000, 1):
        monkeypatch.setattr(spill, "SPILL_BATCH", batch)
        monkeypatch.setattr(store, "SPILL_BATCH", batch)
        out = tmp_path / f"set-{batch}"
        _run([*first, "--update", str(out), "--run-date", "2024-05-01", "-q"])
        _run([*first, *rest, "--update", str(out), "--run-date", "2024-05-02", "-q"])
        outs.append(out)
    for p in sorted(outs[0].iterdir()):
        assert p.read_bytes() == (outs[1] / p.name).read_bytes(), p.name


def test_a_spill_file_is_made_on_first_use_and_removed_on_close_or_collection(
    tmp_path, monkeypatch
):
    import gc

    from geo.spill import SpillFile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    spill = SpillFile("posture-test-", "CREATE TABLE t (x INTEGER)")
    assert spill.path is None and list(tmp_path.iterdir()) == []
    spill.connect().execute("INSERT INTO t VALUES (1)")
    assert spill.path is not None and spill.path.exists()
    spill.close()
    assert list(tmp_path.iterdir()) == [] and spill.db is None
    other = SpillFile("posture-test-", "CREATE TABLE t (x INTEGER)")
    other.connect()
    del other
    gc.collect()
    assert list(tmp_path.iterdir()) == []
