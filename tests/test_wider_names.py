"""Wider names (issue 11 item 3): hyphenated compounds, designator numbers, plural demonyms
and places inside facility names, on small hand-made sentences."""

from __future__ import annotations

import pytest

from geo.model import Document


def _parse(geoparser, text: str) -> list[tuple[str, str, str]]:
    parsed = geoparser.parse(Document(doc_id="t", text=text))
    for t in parsed.toponyms:
        assert text[t.start : t.end] == t.mention
    return [(t.mention, t.name, t.country_code) for t in parsed.toponyms]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Kyiv-Moscow talks failed.", [("Kyiv", "UA"), ("Moscow", "RU")]),
        ("Trade on the US-China route slowed.", [("US", "US"), ("China", "CN")]),
        ("The India-Pakistan border was calm.", [("India", "IN"), ("Pakistan", "PK")]),
        ("The Russian-Ukrainian border was shut.", [("Russian", "RU"), ("Ukrainian", "UA")]),
    ],
)
def test_hyphenated_compounds_of_places(geoparser, text: str, expected) -> None:
    assert [(m, cc) for m, _, cc in _parse(geoparser, text)] == expected


def test_place_with_a_designator_number(geoparser) -> None:
    found = _parse(
        geoparser, "Satellite images show the Russian Engels-1 airbase in Saratov Oblast."
    )
    assert ("Engels", "Engels", "RU") in found


@pytest.mark.parametrize(
    "text",
    [
        "Su-35 and Tu-95 jets, MiG-29 and Il-76 planes, Kh-101 and S-400 missiles, AK-47s.",
        "The Mercedes-Benz plant, Coca-Cola and Rolls-Royce reported profits.",
        "Jean-Pierre spoke on Tuesday.",
    ],
)
def test_hyphenated_names_that_are_not_places_stay_whole(geoparser, text: str) -> None:
    assert _parse(geoparser, text) == []


def test_hyphenated_place_names_stay_whole(geoparser) -> None:
    found = _parse(geoparser, "Winston-Salem, Guinea-Bissau and Khanty-Mansiysk.")
    assert [m for m, _, _ in found] == ["Winston-Salem", "Guinea-Bissau", "Khanty-Mansiysk"]


def test_compound_splitting_is_linear(gazetteer) -> None:
    from geo.recognize import recognize

    mentions = recognize("The Kyiv-Moscow talks. " * 2000, gazetteer)
    assert len(mentions) == 4000


def test_variant_of_a_name_with_a_number_tail() -> None:
    """A name whose tail has no letters ("Abc 2") used to raise while indexing alternate
    names of small places (a lower alternate-name threshold reaches them)."""
    from geo.gazetteer._build import variant_of

    assert variant_of("Abc", "Abc 2")
    assert not variant_of("Rapid", "Rapid City")


@pytest.mark.parametrize(
    ("text", "mention", "name"),
    [
        ("Ukraine hit ships in the Bay of Feodosia.", "Bay of Feodosia", "Feodosiya"),
        ("A frigate left Syria from the Port of Tartus.", "Port of Tartus", "Ţarţūs"),
    ],
)
def test_prefix_of_name_is_the_named_towns(geoparser, text: str, mention: str, name: str) -> None:
    got = [(m, n) for m, n, _ in _parse(geoparser, text)]
    assert (mention, name) in got, got


def test_prefix_of_a_known_name_keeps_it(geoparser) -> None:
    got = [(m, n) for m, n, _ in _parse(geoparser, "Ships sailed into the Gulf of Aden.")]
    assert got == [("Gulf of Aden", "Gulf of Aden")], got


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        ("Drones hit the Odesa region overnight.", "Odesa region", "UA"),
        ("Shelling hit the Zaporizhzhia region on Monday.", "Zaporizhzhia region", "UA"),
        ("Drones fell in the Bryansk region.", "Bryansk region", "RU"),
    ],
)
def test_a_city_name_with_region_is_its_division(geoparser, text: str, mention: str, code) -> None:
    parsed = geoparser.parse(Document(doc_id="t", text=text))
    got = [(t.mention, t.feature_code, t.country_code) for t in parsed.toponyms]
    assert (mention, "ADM1", code) in got, got


def test_a_town_name_with_region_that_is_no_division_stays_the_town(geoparser) -> None:
    parsed = geoparser.parse(Document(doc_id="t", text="Troops massed near the Izium region."))
    assert [t.feature_code for t in parsed.toponyms] == ["PPL"], parsed.toponyms
