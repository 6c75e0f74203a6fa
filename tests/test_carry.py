"""layers.carry: when a statement with no place of its own takes one from the discourse."""

from __future__ import annotations

import pytest

from geo.model import Document
from layers.extract import extract_features


@pytest.fixture(scope="module")
def run(geoparser, gazetteer):
    def _run(text: str):
        parsed = geoparser.parse(Document(doc_id="c", text=text, published="2024-06-12"))
        return extract_features(parsed, gazetteer=gazetteer)

    return _run


def show(feats):
    return [(f.layer, f.kind, f.subject, f.place, f.attachment, f.quote_start) for f in feats]


LEAD = "Two Russian patrol boats harassed a Norwegian frigate in the Barents Sea on Monday. "


def later_ships(feats):
    return [
        f
        for f in feats
        if f.quote_start >= len(LEAD) and f.layer == "assets" and f.kind == "naval vessel"
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The boats sped toward the frigate before turning away.",  # object of a preposition
        "The boats came within 300 yards of the Norwegian frigate.",  # a distance from it
        "Two sailors were thrown out of the frigate by the wave.",  # "out of"
        "The frigate's crew fired warning flares.",  # a possessor
    ],
)
def test_a_force_mentioned_in_passing_restates_nothing(run, sentence):
    feats = run(LEAD + sentence)
    assert not later_ships(feats), show(feats)


def test_a_force_that_refers_back_as_subject_still_takes_its_place(run):
    feats = run(LEAD + "The frigate sailed on toward the open sea.")
    got = later_ships(feats)
    assert got and all(f.place == "Barents Sea" for f in got), show(feats)


def test_a_new_force_after_a_preposition_is_not_in_passing(run):
    # not a reference back: named here for the first time, with a place of its own
    feats = run(LEAD + "A British destroyer sailed toward the frigate from Tromso.")
    assert any(f.subject.endswith("destroyer") for f in feats), show(feats)


CLASH = "Turkish troops and Syrian rebel fighters clashed with Kurdish militias near Manbij. "


@pytest.mark.parametrize(
    "sentence",
    [
        "The United States has long criticised Moscow for supporting Syrian government troops.",
        "Ankara has leaned on Syrian rebel fighters.",
        "EU officials said it belonged to Russia's shadow fleet.",
    ],
)
def test_a_force_someone_backs_or_blames_takes_no_place(run, sentence):
    feats = run(CLASH + sentence)
    assert not [f for f in feats if f.quote_start >= len(CLASH)], show(feats)


def test_a_force_that_supports_is_still_there(run):
    # "supported by American troops": the troops take part, where the story is
    feats = run(CLASH + "Kurdish militias, supported by American troops, held the line.")
    later = [f for f in feats if f.quote_start >= len(CLASH) and f.subject == "troops"]
    assert later and later[0].place == "Manbij", show(feats)


SHOAL = (
    "Chinese coast guard personnel boarded Philippine navy boats on a resupply mission to "
    "Second Thomas Shoal on Monday. "
)


def test_the_storys_own_place_named_in_a_side_clause_does_not_block_the_carry(run):
    # "the reef" in the relative clause is the story's shoal: the ramming is there, and the
    # relative clause's year does not make it history
    feats = run(
        SHOAL + "The boats were rammed repeatedly as they approached the Sierra Madre, a "
        "warship that Manila grounded on the reef in 1999."
    )
    rams = [f for f in feats if f.kind == "harassment" and f.quote_start >= len(SHOAL)]
    assert [(f.place, f.status) for f in rams] == [("Second Thomas Shoal", "reported")], show(feats)


def test_an_event_that_only_dates_the_story_takes_no_place(run):
    lead = "Rebels seized the army's regional command in Lashio on Saturday. "
    feats = run(lead + "It is the first command to fall since the military seized power in a coup.")
    assert not [f for f in feats if f.kind == "coup"], show(feats)
    # a start date only: the story's own events still carry
    for start in ("Since November", "Since last week"):
        feats = run(lead + start + " the army has shelled rebel positions.")
        assert any(f.kind == "strike" and f.place == "Lashio" for f in feats), show(feats)
