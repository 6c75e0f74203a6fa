"""Tests for layers.lexicon: data files, user extensions, errors, matching rules."""

from __future__ import annotations

import json

import pytest

from geo.errors import ConfigurationError
from layers.lexicon import (
    ACTOR,
    ASSET,
    DATA_DIR,
    DISPUTE,
    EVENT,
    default_lexicon,
    load_lexicon,
    normalize_text,
)

REQUIRED_KINDS = {
    "assets": {
        "naval vessel",
        "aircraft",
        "air defence",
        "missile",
        "artillery",
        "ground forces",
        "irregular forces",
        "advisers",
        "base",
        "infrastructure",
        "drone",
    },
    "incidents": {
        "strike",
        "attack",
        "shoot-down",
        "clash",
        "landing",
        "delivery",
        "blockade",
        "interception",
        "seizure",
        "airspace closure",
        "electronic warfare",
        "exercise",
        "patrol",
        "covert action",
        "coup",
        "visit",
        "deployment",
    },
    "disputes": {
        "territorial dispute",
        "contested waters",
        "contested airspace",
        "occupation",
        "annexation",
    },
}


def names(lex, text, channel=None):
    return [
        (text[m.start : m.end], m.term.kind, m.term.name)
        for m in lex.scan(text)
        if channel is None or m.term.channel == channel
    ]


def test_sizes_and_vocabulary():
    lex = default_lexicon()
    sizes = lex.sizes()
    assert sizes["equipment"] >= 150
    assert sizes["events"] >= 100 and sizes["disputes"] >= 20 and sizes["actors"] >= 50
    for layer, kinds in REQUIRED_KINDS.items():
        assert kinds <= set(lex.kinds[layer])


def test_every_builtin_file_is_documented_json():
    for path in sorted(DATA_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(data.get("_doc"), str) and data["_doc"], path
    assert (DATA_DIR / "README.md").is_file()


def test_equipment_covers_arsenals():
    data = json.loads((DATA_DIR / "equipment.json").read_text(encoding="utf-8"))
    ops = {o for e in data["equipment"] for o in e.get("operators", [])}
    for country in (
        "Russia",
        "Ukraine",
        "United States",
        "China",
        "Iran",
        "North Korea",
        "Israel",
        "Turkey",
    ):
        assert country in ops
    kinds = {e["kind"] for e in data["equipment"]}
    assert {"air defence", "missile", "aircraft", "drone", "naval vessel", "artillery"} <= kinds


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the S-300 batteries", "S-300"),
        ("the S300 batteries", "S-300"),
        ("the S 300 batteries", "S-300"),
        ("unload BuK M2E missiles", "Buk"),
        ("a Buk-M2E launcher", "Buk"),
        ("Pantsir-S1 systems", "Pantsir"),
        ("an Il-76MD transport", "Il-76"),
        ("the Ilyushin 76TD cargo aircraft", "Il-76"),
        ("Tu-160s flew", "Tu-160"),
        ("a Hwasong-18 ICBM", "Hwasong-18"),
        ("a Hwasong-20 ICBM", "Hwasong"),
        ("DF-21D missiles", "DF-21"),
        ("Shahed-136 drones", "Shahed-136"),
        ("Bayraktar TB2 drones", "Bayraktar TB2"),
        ("Iron Dome interceptors", "Iron Dome"),
        ("David’s Sling", "David's Sling"),
        ("HIMARS launchers", "HIMARS"),
        ("Storm Shadow missiles", "Storm Shadow"),
        ("F-35I Adir jets", "F-35"),
        ("Kalibr cruise missiles", "Kalibr"),
    ],
)
def test_equipment_variants(text, name):
    got = names(default_lexicon(), text, ASSET)
    assert any(n == name for _, _, n in got), got


def test_subject_expands_over_unit_heads():
    lex = default_lexicon()
    text = "a dozen long range S-300 missile batteries"
    spans = [text[m.start : m.end] for m in lex.scan(text) if m.term.name == "S-300"]
    assert spans == ["S-300 missile batteries"]


def test_plain_word_names_need_capital_letter():
    lex = default_lexicon()
    assert names(lex, "a Patriot battery", ASSET)
    assert not [n for n in names(lex, "a true patriot said", ASSET) if n[2] == "Patriot"]


def test_designators_need_their_capital_letter():
    lex = default_lexicon()
    assert [n for n in names(lex, "two A-10 jets", ASSET) if n[2] == "A-10"]
    assert not [n for n in names(lex, "a claim to a 10-mile limit", ASSET) if n[2] == "A-10"]


def test_word_boundaries_and_wildcards():
    lex = default_lexicon()
    assert not [n for n in names(lex, "relationships", ASSET)]
    kinds = {k for _, k, _ in names(lex, "the city was bombarded", EVENT)}
    assert "strike" in kinds
    got = [t for t, _, _ in names(lex, "massive bombardment", EVENT)]
    assert got == ["bombardment"]


def test_plural_and_spelling_variants_generated():
    lex = default_lexicon()
    assert names(lex, "two frigates", ASSET)
    assert names(lex, "air defence systems", ASSET)
    assert names(lex, "air-defense systems", ASSET)
    assert [k for _, k, _ in names(lex, "armoured vehicles", ASSET)] == ["ground forces"]


def test_channels():
    lex = default_lexicon()
    got = names(lex, "the disputed islands", DISPUTE)
    assert max(got, key=lambda n: len(n[0]))[1] == "contested waters"
    assert {k for _, k, _ in names(lex, "Houthi fighters", ACTOR)} == {"Houthis"}
    assert "Russia" in {k for _, k, _ in names(lex, "Wagner", ACTOR)}


def test_normalize_keeps_offsets():
    text = "İstanbul’s S‑300 — “Buk”"
    assert len(normalize_text(text)) == len(text)


def test_user_file_extends(tmp_path):
    extra = tmp_path / "mine.json"
    extra.write_text(
        json.dumps(
            {
                "_doc": "test",
                "kinds": {"incidents": ["port call"]},
                "equipment": [
                    {"name": "Zorro-9", "aliases": ["Z9 Fox"], "kind": "missile", "range_km": 90}
                ],
                "events": [{"kind": "port call", "terms": ["tied up alongside"]}],
                "actors": [{"name": "Zorro Front", "terms": ["Zorristas"]}],
            }
        ),
        encoding="utf-8",
    )
    lex = load_lexicon([extra])
    assert lex is not default_lexicon()
    assert names(lex, "Z9 Fox missiles", ASSET)[0][2] == "Zorro-9"
    assert names(lex, "the ship tied up alongside", EVENT)[0][1] == "port call"
    assert "port call" in lex.kinds["incidents"]
    assert names(lex, "S-400", ASSET)  # built-ins kept
    assert load_lexicon([extra]) is lex  # cached
    # A directory stands for its *.json files.
    assert names(load_lexicon([tmp_path]), "Z9 Fox", ASSET)


def test_env_var(tmp_path, monkeypatch):
    extra = tmp_path / "env.json"
    extra.write_text('{"equipment": [{"name": "Quokka-3", "kind": "drone"}]}', encoding="utf-8")
    monkeypatch.setenv("POSTURE_LEXICON", str(extra))
    assert names(load_lexicon(), "Quokka-3 drones", ASSET)
    monkeypatch.delenv("POSTURE_LEXICON")
    assert not names(load_lexicon(), "Quokka-3", ASSET)


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ('{\n  "equipment": [\n    {"name": "X", "kind": "missile",}\n  ]\n}', 3, "invalid JSON"),
        (
            '{\n  "equipment": [\n    {"name": "Zed-1", "kind": "spaceship"}\n  ]\n}',
            3,
            "unknown assets kind",
        ),
        ('{\n  "events": [\n    {"kind": "strike", "terms": "boom"}\n  ]\n}', 3, "terms"),
        ('{\n  "colours": []\n}', 2, "unknown lexicon section"),
        ('{\n  "status": {\n    "maybe": ["perhaps"]\n  }\n}', 3, "unknown status"),
        (
            '{\n  "equipment": [\n    {"name": "Zed-2", "kind": "missile", "range_km": -4}\n  ]\n}',
            3,
            "range_km",
        ),
        ("[1, 2]", 1, "JSON object"),
    ],
)
def test_bad_user_file_names_file_and_line(tmp_path, content, line, words):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigurationError) as exc:
        load_lexicon([bad])
    msg = str(exc.value)
    assert f"{bad}:{line}:" in msg and words in msg


def test_missing_user_file(tmp_path):
    with pytest.raises(ConfigurationError, match="nope.json"):
        load_lexicon([tmp_path / "nope.json"])


def test_bare_ship_names_are_found_in_one_pass():
    lex = default_lexicon()
    text = (
        "USS Carl Vinson arrived. Carl Vinson left. INS Kolkata sailed; The Kolkata docked "
        "in Kolkata."
    )
    got = [
        (text[m.start : m.end], m.term.kind)
        for m in lex.scan(text)
        if m.term.name in ("USS", "INS")
    ]
    assert ("Carl Vinson", "naval vessel") in got and ("Kolkata", "naval vessel") in got, got
    # a one-word name without "the" (the city) is not taken
    assert sum(1 for t, _ in got if t == "Kolkata") == 1, got
