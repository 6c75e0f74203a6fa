"""The CLI's input side under broken and hostile inputs (issue 12): per-document guard,
last-resort handler, '-' as stdin/stdout, nothing read, geocoder failures, notices."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import geo.parse
from geo.cli import geoparse
from geo.cliutil import clean_errors, configure_logging, verbosity_options
from layers.cli import layers_command
from maps.cli import main

GOOD = [
    {"id": "g1", "text": "Russian drones struck Odesa overnight, officials said."},
    {"id": "g2", "text": "Russia has deployed S-400 batteries to Kaliningrad, officials said."},
]


def hostile_feed(path: Path) -> Path:
    """Good records among every kind of bad one."""
    lines = [json.dumps(GOOD[0])]
    lines.append('{"id": "big", "text": "Troops in Kyiv.", "n": ' + "9" * 5000 + "}")
    lines.append(
        json.dumps({"id": "tz", "text": "Troops in Kyiv.", "published": "2025-01-01 +24:00"})
    )
    lines.append('{"id": "sur\\ud800", "text": "Ships \\udc00 left Sevastopol for Novorossiysk."}')
    lines.append(json.dumps({"id": "zw", "text": "\u200b\u2060\ufeff \u200d"}))
    lines.append(json.dumps(GOOD[1]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_geoparse_survives_a_hostile_batch(tmp_path: Path) -> None:
    feed = hostile_feed(tmp_path / "feed.jsonl")
    odd = tmp_path / "odd\udcff\n\x1b[2Jname.txt"
    odd.write_text("Troops moved to Kharkiv.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(geoparse, [str(feed), str(odd), "-o", str(out)])
    assert res.exit_code == 3, res.output
    ids = [json.loads(line)["doc_id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["g1", "tz", "sur\ufffd", "g2", "odd\\xff\\n\\x1b[2Jname"]
    assert "Traceback" not in res.output and "\x1b" not in res.stderr
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert [e.split(":")[2] for e in errors] == ["2", "5"]  # the huge number, the blank text


@pytest.mark.parametrize("command", ["layers", "map"])
def test_layers_and_map_survive_a_hostile_batch(tmp_path: Path, command: str) -> None:
    feed = hostile_feed(tmp_path / "feed.jsonl")
    out = tmp_path / ("out" if command == "layers" else "map.html")
    args = [command, str(feed), "-o", str(out)] + (["--offline"] if command == "map" else [])
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 3, res.output
    assert out.exists() and "Traceback" not in res.output
    assert "from 4 documents (2 skipped)" in res.stderr


@pytest.fixture
def boom(monkeypatch: pytest.MonkeyPatch) -> None:
    """Processing the document with id "boom" fails unexpectedly."""
    real = geo.parse.Geoparser.parse

    def parse(self, doc):  # type: ignore[no-untyped-def]
        if doc.doc_id == "boom":
            raise ZeroDivisionError("division by zero\nsecond line")
        return real(self, doc)

    monkeypatch.setattr(geo.parse.Geoparser, "parse", parse)


@pytest.mark.parametrize("command", ["geoparse", "layers", "map"])
def test_a_document_failing_to_process_is_skipped(boom, tmp_path: Path, command: str) -> None:
    feed = tmp_path / "feed.jsonl"
    recs = [GOOD[0], {"id": "boom", "text": "Troops in Kyiv."}, GOOD[1]]
    feed.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    out = tmp_path / {"geoparse": "o.jsonl", "layers": "o", "map": "o.html"}[command]
    res = CliRunner().invoke(main, [command, str(feed), "-o", str(out)])
    assert res.exit_code == 3, res.output
    [line] = [x for x in res.stderr.splitlines() if x.startswith("error:")]
    assert line.startswith(f"error: {feed}:2: document 'boom' could not be processed")
    assert "ZeroDivisionError: division by zero second line" in line
    assert "Traceback" not in res.output and out.exists()
    if command == "geoparse":
        ids = [json.loads(x)["doc_id"] for x in out.read_text(encoding="utf-8").splitlines()]
        assert ids == ["g1", "g2"]


def test_last_resort_is_one_line_asking_for_a_report(monkeypatch, tmp_path: Path) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyError("gremlin")

    monkeypatch.setattr(geo.parse.Geoparser, "__init__", broken)
    doc = tmp_path / "a.txt"
    doc.write_text("Troops in Kyiv.", encoding="utf-8")
    res = CliRunner().invoke(geoparse, [str(doc)])
    assert res.exit_code == 1
    assert res.stderr.strip().splitlines() == [
        "error: unexpected KeyError: 'gremlin' (a bug: please report it; -v shows the traceback)"
    ]
    res = CliRunner().invoke(geoparse, [str(doc), "-v"])
    assert res.exit_code == 1 and "Traceback" in res.stderr and "please report" in res.stderr


def test_stdin_in_and_stdout_out(tmp_path: Path) -> None:
    feed = "".join(json.dumps(r) + "\n" for r in GOOD)
    res = CliRunner().invoke(geoparse, ["-", "-o", "-"], input=feed)
    assert res.exit_code == 0, res.output
    assert [json.loads(x)["doc_id"] for x in res.stdout.splitlines()] == ["g1", "g2"]
    assert "geoparsed 2 documents -> stdout" in res.stderr
    assert not (Path.cwd() / "-").exists()
    res = CliRunner().invoke(geoparse, ["-"], input="Title\n\nTroops moved to Kyiv.\n")
    assert res.exit_code == 0 and json.loads(res.stdout)["doc_id"] == "stdin"
    out = tmp_path / "layers"
    res = CliRunner().invoke(layers_command, ["-", "-o", str(out)], input=feed)
    assert res.exit_code == 0, res.output
    assert (out / "assets.geojson").exists()


def test_nothing_read_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(geoparse, [str(tmp_path / "nope.txt"), "-o", str(out)])
    assert res.exit_code == 1
    assert "nope.txt: no such file" in res.stderr and "nothing written" in res.stderr
    assert not out.exists()
    res = CliRunner().invoke(geoparse, ["-"], input="")
    assert res.exit_code == 1 and res.stdout == ""


def test_max_bytes_option(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("Troops moved to Kyiv. " + "Then to Odesa. " * 100, encoding="utf-8")
    res = CliRunner().invoke(geoparse, [str(doc), "--max-bytes", "30"])
    assert res.exit_code == 0, res.output
    assert "longer than 30 bytes" in res.stderr
    mentions = [t["mention"] for t in json.loads(res.stdout)["toponyms"]]
    assert mentions == ["Kyiv"]
    assert CliRunner().invoke(geoparse, [str(doc), "--max-bytes", "0"]).exit_code == 2


def test_unreachable_geocoder_is_one_line(monkeypatch, tmp_path: Path) -> None:
    """An online geocoder that cannot be reached (faked: no network is used)."""
    from geopy.exc import GeocoderUnavailable

    import geo.geocoders.resolver as resolver

    real = resolver.get_geocoder

    def fake(name, **options):  # type: ignore[no-untyped-def]
        options.update(cache=False, min_delay_seconds=0, max_retries=2, error_wait_seconds=0)
        options.setdefault("domain", "geocoder.invalid")  # never the public server
        gc = real(name, **options)

        def unreachable(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise GeocoderUnavailable("Max retries exceeded: Connection refused")

        gc.geocoder.geocode = unreachable
        return gc

    monkeypatch.setattr(resolver, "get_geocoder", fake)
    doc = tmp_path / "a.txt"
    doc.write_text("Troops moved to Kharkiv.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(geoparse, [str(doc), "--geocoder", "nominatim", "-o", str(out)])
    assert res.exit_code == 1
    assert "Traceback" not in res.output and not out.exists()
    assert res.stderr.strip().splitlines()[-1] == (
        "Error: nominatim geocoder failed: GeocoderUnavailable: "
        "Max retries exceeded: Connection refused"
    )
    assert len(res.stderr.strip().splitlines()) <= 3  # the retries' warnings: one line each


@click.command()
@verbosity_options
@clean_errors
def _noisy(verbose: int, quiet: bool) -> None:
    configure_logging(verbose, quiet)
    logging.getLogger("geo.gazetteer").info("building the gazetteer index in %s (once)", "/c")
    logging.getLogger("geo.gazetteer").info("something else")


def test_index_build_is_announced_at_default_verbosity() -> None:
    res = CliRunner().invoke(_noisy, [])
    assert res.stderr == "INFO: building the gazetteer index (first run only)\u2026\n"
    assert CliRunner().invoke(_noisy, ["-q"]).stderr == ""
    assert "something else" in CliRunner().invoke(_noisy, ["-v"]).stderr


def test_the_group_lists_each_command_with_its_own_help_line() -> None:
    from maps.cli import COMMANDS

    for name in COMMANDS:
        command = main.get_command(click.Context(main), name)
        assert command is not None and command.name == name
        assert (command.help or "").split("\n\n")[0] == COMMANDS[name][1]


def test_geoparse_starts_without_the_heavy_stages() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from maps.cli import main\n"
        "main.get_command(None, 'geoparse')\n"
        "print(sorted(m for m in ('geopandas', 'folium', 'layers', 'maps.render')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("a=1", ("a", 1)), ("b = 2.5", ("b", 2.5)), ("c=x=y", ("c", "x=y")), ("d=", ("d", ""))],
)
def test_key_value_option(given: str, expected: tuple[str, object]) -> None:
    from geo.cliutil import KEY_VALUE

    assert KEY_VALUE.convert(given, None, None) == expected
    with pytest.raises(click.BadParameter, match="expected KEY=VALUE"):
        KEY_VALUE.convert("novalue", None, None)
