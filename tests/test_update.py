"""`posture layers --update DIR`: the daily update of a layer set (layers.store, pipeline).

Hand-written articles run through the real pipeline."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from layers.cli import layers_command

DAY1 = [
    {
        "id": "a",
        "title": "A",
        "published": "2024-03-04",
        "text": "The United States deployed six F-35 fighter jets to the Łask air base in Poland "
        "on Monday, officials said.",
    },
    {
        "id": "b",
        "title": "B",
        "published": "2024-03-04",
        "text": "Russia moved S-400 air defence systems to Kaliningrad on Monday.",
    },
]
DAY2 = [
    {
        "id": "c",
        "title": "C",
        "published": "2024-03-05",
        "text": "Six F-35 stealth fighters arrived at Łask air base in central Poland on "
        "Tuesday. Separately, two Chinese warships sailed through the Taiwan Strait.",
    },
]


def _write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(layers_command, [str(a) for a in args])


def _facts(directory):
    out = {}
    for layer in ("assets", "incidents", "disputes"):
        doc = json.loads((directory / f"{layer}.geojson").read_text(encoding="utf-8"))
        for f in doc["features"]:
            out[f["properties"]["fact_id"]] = f["properties"]
    return out


def _statements(directory):
    lines = (directory / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(x) for x in lines]


def _files(directory):
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.fixture
def feeds(tmp_path):
    day1 = _write(tmp_path / "day1.jsonl", DAY1)
    day2 = _write(tmp_path / "day2.jsonl", DAY2)
    return day1, day2


def test_update_adds_documents_and_tracks_when_facts_were_seen(feeds, tmp_path):
    day1, day2 = feeds
    sets = tmp_path / "set"
    res = run(day1, "--update", sets, "--run-date", "2024-03-04")
    assert res.exit_code == 0, res.output
    first = _facts(sets)
    assert first and {p["first_seen"] for p in first.values()} == {"2024-03-04"}

    res = run(day1, day2, "--update", sets, "--run-date", "2024-03-05")
    assert res.exit_code == 0, res.output
    assert "2 unchanged, not read again" in res.stderr
    facts = _facts(sets)
    f35 = [p for p in facts.values() if "F-35" in p["subject"] and p["kind"] == "aircraft"]
    assert len(f35) == 1  # day 2's paraphrase joined day 1's fact
    (fact,) = f35
    assert (fact["first_seen"], fact["last_seen"]) == ("2024-03-04", "2024-03-05")
    assert fact["sources"] == 2
    s400 = [p for p in facts.values() if "S-400" in p["subject"] and p["kind"] != "range ring"]
    assert s400 and {(p["first_seen"], p["last_seen"]) for p in s400} == {("2024-03-04",) * 2}
    new = [p for p in facts.values() if p["first_seen"] == "2024-03-05"]
    assert new and all(p["doc_id"] == "c" for p in new)

    # the same articles again, another day: nothing changes, byte for byte
    before = _files(sets)
    res = run(day1, day2, "--update", sets, "--run-date", "2024-03-06")
    assert res.exit_code == 0, res.output
    assert "3 unchanged" in res.stderr
    assert _files(sets) == before


def test_an_update_says_what_a_full_run_says(feeds, tmp_path):
    day1, day2 = feeds
    sets, full = tmp_path / "set", tmp_path / "full"
    assert run(day1, "--update", sets, "--run-date", "2024-03-04").exit_code == 0
    assert run(day2, "--update", sets, "--run-date", "2024-03-05").exit_code == 0
    assert run(day1, day2, "-o", full).exit_code == 0
    assert _statements(sets) == _statements(full)
    strip = {"first_seen", "last_seen"}
    a = {k: {x: y for x, y in v.items() if x not in strip} for k, v in _facts(sets).items()}
    b = {k: {x: y for x, y in v.items() if x not in strip} for k, v in _facts(full).items()}
    assert a == b
    assert {p["first_seen"] for p in _facts(full).values()} == {""}  # not tracked


def test_a_changed_document_replaces_its_statements(feeds, tmp_path):
    day1, _ = feeds
    sets = tmp_path / "set"
    assert run(day1, "--update", sets, "--run-date", "2024-03-04").exit_code == 0
    changed = [dict(DAY1[0]), {**DAY1[1], "text": "Nothing happened in Kaliningrad."}]
    _write(day1, changed)
    res = run(day1, "--update", sets, "--run-date", "2024-03-05")
    assert res.exit_code == 0, res.output
    assert "1 unchanged" in res.stderr
    assert not [s for s in _statements(sets) if "S-400" in s["subject"]]


def test_update_and_output_are_exclusive_and_foreign_directories_refused(feeds, tmp_path):
    day1, _ = feeds
    res = run(day1, "--update", tmp_path / "x", "-o", tmp_path / "y")
    assert res.exit_code == 2 and "either -o/--output DIR or --update DIR" in res.output
    res = run(day1)
    assert res.exit_code == 2
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    res = run(day1, "--update", other)
    assert res.exit_code == 2 and "no manifest.json" in res.output
    assert (other / "notes.txt").read_text() == "mine"
    res = run(day1, "-o", tmp_path / "z", "--run-date", "2024-03-04")
    assert res.exit_code == 2 and "--run-date goes with --update" in res.output
    res = run(day1, "--update", tmp_path / "z", "--run-date", "March")
    assert res.exit_code == 2 and "not a date" in res.output


def test_a_damaged_statement_store_is_a_clean_error(feeds, tmp_path):
    day1, _ = feeds
    sets = tmp_path / "set"
    assert run(day1, "--update", sets, "--run-date", "2024-03-04").exit_code == 0
    (sets / "statements.jsonl").write_text("{not json\n", encoding="utf-8")
    res = run(day1, "--update", sets, "--run-date", "2024-03-05")
    assert res.exit_code == 1, res.output
    assert "statements.jsonl:1" in res.output and "Traceback" not in res.output
