"""`posture geoparse`: in-process with CliRunner, and once as the installed command."""

import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from geo.cli import geoparse

ARTICLE = "Navy ships arrive in Odesa\n\nRussian drones struck Odesa overnight, officials said.\n"


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "b1", "text": "Troops moved from Caracas to Maracaibo."}) + "\n"
        "{not json}\n",
        encoding="utf-8",
    )
    return tmp_path


def test_writes_jsonl_and_reports_bad_lines(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(
        geoparse, [str(corpus / "a.txt"), str(corpus / "b.jsonl"), "-o", str(out)]
    )
    assert res.exit_code == 3, res.output  # something was skipped
    assert "b.jsonl:2" in res.stderr
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in recs] == ["a", "b1"]
    odesa = [t for t in recs[0]["toponyms"] if t["mention"] == "Odesa"]
    assert odesa and odesa[0]["country_code"] == "UA"
    assert ARTICLE[odesa[0]["start"] : odesa[0]["end"]] == "Odesa"
    russian = [t for t in recs[0]["toponyms"] if t["mention"] == "Russian"]
    assert russian and russian[0]["adjective"] is True and russian[0]["literal"] is True


def test_existing_output_needs_overwrite(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("keep me", encoding="utf-8")
    res = CliRunner().invoke(geoparse, [str(corpus / "a.txt"), "-o", str(out)])
    assert res.exit_code == 1
    assert "exists" in res.stderr and "Traceback" not in res.output
    assert out.read_text(encoding="utf-8") == "keep me"
    res = CliRunner().invoke(geoparse, [str(corpus / "a.txt"), "-o", str(out), "--overwrite"])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith('{"doc_id":"a"')


def test_byte_identical_reruns(corpus, tmp_path):
    a, b = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    for out in (a, b):
        CliRunner().invoke(geoparse, [str(corpus), "-o", str(out), "-q"])
    assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 0


def test_missing_source_is_one_line(tmp_path):
    res = CliRunner().invoke(geoparse, [str(tmp_path / "nope.txt")])
    assert res.exit_code == 1  # nothing read: nothing written (issue 12)
    assert "nope.txt" in res.stderr and "Traceback" not in res.output


def test_no_arguments_is_usage_error():
    res = CliRunner().invoke(geoparse, [])
    assert res.exit_code == 2


def test_installed_command(corpus):
    exe = shutil.which("posture")
    cmd = [exe] if exe else [sys.executable, "-m", "maps"]
    proc = subprocess.run(
        [*cmd, "geoparse", str(corpus / "a.txt"), "-q"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    rec = json.loads(proc.stdout.splitlines()[0])
    assert rec["doc_id"] == "a" and rec["toponyms"]


def test_cli_leaves_no_logging_state_behind(corpus):
    import logging

    log = logging.getLogger("geo")
    before = (log.level, log.propagate, list(log.handlers))
    CliRunner().invoke(geoparse, [str(corpus / "a.txt"), "-q"])
    assert (log.level, log.propagate, list(log.handlers)) == before


def test_workers_do_not_change_the_output(tmp_path):
    from geo.parallel import PARALLEL_MIN_ITEMS

    src = tmp_path / "many.jsonl"
    texts = ["Troops moved from Kherson to Odesa.", "Paris, Texas was quiet.", "Nothing here."]
    src.write_text(
        "".join(
            json.dumps({"id": f"d{i:04d}", "text": texts[i % 3]}) + "\n"
            for i in range(PARALLEL_MIN_ITEMS + 40)
        ),
        encoding="utf-8",
    )
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        res = CliRunner().invoke(geoparse, [str(src), "-o", str(out), "-q", "-j", jobs])
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and outs[0].count(b"\n") == PARALLEL_MIN_ITEMS + 40


def test_published_default_reaches_the_parser(corpus, tmp_path, monkeypatch):
    import geo.cli

    monkeypatch.setattr(geo.cli, "_record", lambda parser, doc: doc.published + "\n")
    (corpus / "c.txt").write_text("Odesa\n2025-10-01\n\nDrones hit Odesa.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = [str(corpus / "a.txt"), str(corpus / "c.txt"), "-o", str(out), "-j", "1"]
    res = CliRunner().invoke(geoparse, [*args, "--published", "2025-11-03"])
    assert res.exit_code == 0, res.output
    assert out.read_text().splitlines() == ["2025-11-03", "2025-10-01"]


def test_invalid_published_exits_2(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(geoparse, [str(corpus / "a.txt"), "-o", str(out), "--published", "x"])
    assert res.exit_code == 2
    assert "'x' is not a date" in res.stderr and "--published" in res.stderr
    assert not out.exists()
