"""geo.recognize does linear work on hostile text (issue 12): counted, not timed."""

from __future__ import annotations

import pytest

import geo.recognize as recognize
from geo.recognize import tokenize


def _cap_checks(monkeypatch: pytest.MonkeyPatch, gazetteer, text: str) -> int:
    calls = 0
    real = recognize._is_cap

    def counted(tok: str) -> bool:
        nonlocal calls
        calls += 1
        return real(tok)

    monkeypatch.setattr(recognize, "_is_cap", counted)
    recognize.recognize(text, gazetteer)
    monkeypatch.setattr(recognize, "_is_cap", real)
    return calls


@pytest.mark.parametrize(
    "unit",
    [
        "Kyiv ",  # one capitalised place repeated: _keep walked back over the run
        "John ",  # a given name repeated: _person_names walked forward over the run
        "John Mary Alpha Kyiv Bravo Odesa President Charlie ",
    ],
)
def test_capitalised_runs_take_linear_work(monkeypatch, gazetteer, unit: str) -> None:
    small = _cap_checks(monkeypatch, gazetteer, "Troops in " + unit * 500 + "today.")
    large = _cap_checks(monkeypatch, gazetteer, "Troops in " + unit * 2000 + "today.")
    assert large <= 4.4 * small  # four times the text: about four times the checks
    assert large < 40 * 2000 * unit.count(" ")  # a few dozen checks per token at most


def test_run_bounds_match_the_walks_they_replace(gazetteer) -> None:
    from geo._lexicon import recognition_lexicon
    from geo.recognize import _Doc, _run_ends, _run_starts

    text = "the Kyiv Odesa Lviv and Gen. Jack Smith. Maria  Machado went to New York City"
    toks = tokenize(text)
    doc = _Doc(text, gazetteer, recognition_lexicon())
    assert (doc.S, doc.E, doc.T) == tuple(list(col) for col in zip(*toks, strict=True))
    starts, ends = _run_starts(doc), _run_ends(doc)
    for i in range(len(toks)):
        r = i
        while (
            r > 0
            and text[toks[r - 1].end : toks[r].start] == " "
            and toks[r - 1].text[:1].isupper()
        ):
            r -= 1
        j = i
        while (
            j + 1 < len(toks)
            and toks[j + 1].text[:1].isupper()
            and toks[j + 1].start - toks[j].end <= 1
        ):
            j += 1
        assert (starts[i], ends[i]) == (r, j), toks[i]


def test_repeated_place_still_recognised(gazetteer) -> None:
    mentions = recognize.recognize("Troops in " + "Kyiv " * 50 + "today.", gazetteer)
    assert mentions and all(m.text == "Kyiv" for m in mentions)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Rockets hit a base in Deir ez-Zor province on Friday.", "Deir ez-Zor"),
        ("The ship docked at Dar es-Salaam last week.", "Dar es-Salaam"),
        ("Troops moved to Dayr az-Zawr overnight.", "Dayr az-Zawr"),
    ],
)
def test_assimilated_arabic_article_is_part_of_a_name(gazetteer, text: str, mention: str) -> None:
    found = [m.text for m in recognize.recognize(text, gazetteer)]
    assert any(f.startswith(mention) for f in found), found


def test_lowercase_hyphen_word_after_a_name_is_not_a_name(gazetteer) -> None:
    found = [m.text for m in recognize.recognize("Ships were en-route to Tartus.", gazetteer)]
    assert found == ["Tartus"], found


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("The patrol over the Chukchi and Bering seas lasted hours.", ["Chukchi", "Bering"]),
        ("Ships sailed in the Black and Azov seas.", ["Black", "Azov"]),
        ("The Yellow and East China seas were busy.", ["Yellow", "East China"]),
        ("Floods hit the Tigris and Euphrates rivers.", ["Tigris", "Euphrates"]),
        ("Jets flew near the Kuril and Aleutian islands.", ["Kuril", "Aleutian"]),
    ],
)
def test_names_that_share_a_plural_head(gazetteer, text: str, names: list[str]) -> None:
    """Each name is the place "<name> <head>" ("Azov" is the sea, not the town)."""
    found = recognize.recognize(text, gazetteer)
    assert [m.text for m in found] == names
    for m in found:
        assert text[m.start : m.end] == m.text
        top = gazetteer.place(m.candidates[0])
        assert top.feature_code in ("SEA", "STM", "ISLS", "ISL"), (m.text, top)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a name that runs on past a hyphen and a lowercase part, when the gazetteer knows it
        ("Ships sailed near Pag-asa Island in the South China Sea.", ["Pag-asa Island"]),
        # ... and past a second hyphen to a capitalised part
        ("Fighters took the headquarters in Rostov-on-Don on Saturday.", ["Rostov-on-Don"]),
        # ... and a place before a modifier suffix stays the place
        ("A Kyiv-based group said the Iran-backed militia left.", ["Kyiv", "Iran"]),
    ],
)
def test_a_hyphen_inside_a_name(gazetteer, text: str, names: list[str]) -> None:
    found = [m.text for m in recognize.recognize(text, gazetteer)]
    assert [f for f in found if f in names or f.startswith(names[0][:3])][: len(names)] == names


def test_a_common_word_is_a_place_only_when_measured_from(gazetteer) -> None:
    found = [
        m.text
        for m in recognize.recognize("The ship was 340 nautical miles east of Eden.", gazetteer)
    ]
    assert found == ["Eden"], found
    found = [m.text for m in recognize.recognize("They spoke of the garden of Eden.", gazetteer)]
    assert found == [], found
