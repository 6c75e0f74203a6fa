"""Which ambiguous triggers may yield a feature (layers._context), seen through
layers.extract.extract_features with the real geoparser. All sentences are invented."""

from __future__ import annotations

import pytest

from geo.model import Document
from layers.extract import extract_features


@pytest.fixture(scope="module")
def run(geoparser, gazetteer):
    def _run(text: str):
        doc = Document(doc_id="c", text=text, published="2024-06-12")
        return extract_features(geoparser.parse(doc), gazetteer=gazetteer)

    return _run


def show(feats):
    return [(f.layer, f.kind, f.subject, f.place, f.location_precision) for f in feats]


MARITIME = "Houthi forces have launched missiles at ships in the area. "


@pytest.mark.parametrize(
    "text",
    [
        MARITIME + "A merchant vessel reported an explosion 70 nautical miles south-east of Aden.",
        MARITIME + "A merchant vessel reported an explosion 70NM south-east of Aden.",
        MARITIME + "An explosion hit a tanker off Aden on Monday.",
    ],
)
def test_a_blast_beside_a_ship_is_a_strike(run, text):
    feats = run(text)
    got = [f for f in feats if f.kind == "strike" and f.place == "Aden"]
    assert got, show(feats)
    assert got[0].location_precision in ("offset", "area"), show(feats)


def test_a_blast_ashore_without_a_ship_stays_vague(run):
    feats = run(MARITIME + "An explosion was heard in Aden on Monday.")
    assert not [f for f in feats if f.kind == "strike" and f.place == "Aden"], show(feats)


def test_a_craft_approaching_a_vessel_is_harassment(run):
    feats = run(
        MARITIME + "The tanker was approached by two skiffs with armed men 60 nautical miles "
        "east of Socotra."
    )
    got = [f for f in feats if f.kind == "harassment"]
    assert got and got[0].place == "Socotra", show(feats)
    assert got[0].location_precision == "offset", show(feats)


def test_approached_by_people_is_no_incident(run):
    feats = run("Reporters approached by police in Paris declined to comment.")
    assert not feats, show(feats)


@pytest.mark.parametrize(
    "text",
    ["US forces struck a village near Bogota.", "U.S. forces struck a village near Bogota."],
)
def test_an_actor_named_force_is_military_context(run, text):
    feats = run(text)
    assert [f for f in feats if f.kind == "strike" and f.place == "Bogotá"], show(feats)


def test_a_nations_jets_and_a_violent_event_confirm_each_other(run):
    feats = run("Russia attacked Ukraine. Ukrainian jets destroyed a bridge near Glushkovo.")
    got = [f for f in feats if f.kind == "strike" and f.place == "Glushkovo"]
    assert got and got[0].actor == "Ukraine", show(feats)


def test_a_lone_jet_word_needs_context(run):
    assert not run("A Russian jet crashed near Moscow.")


def test_an_event_said_to_have_taken_place_in_a_military_story(run):
    feats = run(
        "Two B-52 bombers flew near Venezuela. Ships and submarines were sent to the area. "
        "That strike took place in international waters in the eastern Pacific, off the "
        "coast of Colombia."
    )
    got = [f for f in feats if f.kind == "strike"]
    assert got, show(feats)
    # the stretch of the Pacific off Colombia, not the ocean's centre
    assert got[0].geometry.y > -5 and got[0].geometry.x > -85, show(feats)


@pytest.mark.parametrize(
    "text",
    [
        "Navy ships searched the gulf. An explosion on a tanker under repair at a shipyard in "
        "Haiphong killed two workers on Friday, police said, adding that the blast was caused by "
        "a gas leak.",
        "North Korea's new destroyer was seriously damaged during a failed launch at Chongjin.",
    ],
)
def test_a_mishap_is_no_strike(run, text):
    feats = run(text)
    assert not [f for f in feats if f.kind == "strike"], show(feats)


@pytest.mark.parametrize(
    "text",
    [
        # "exercised jurisdiction" is no drill
        "Troops patrolled the area. China's state media said the coast guard exercised "
        "sovereign jurisdiction over the sandbars near Thitu.",
        "Troops patrolled the area. Both navies were urged to exercise restraint in the Taiwan "
        "Strait.",
    ],
)
def test_exercising_a_right_or_restraint_is_no_exercise(run, text):
    feats = run(text)
    assert not [f for f in feats if f.kind == "exercise"], show(feats)


def test_a_weapon_word_before_a_plant_names_the_plant(run):
    feats = run(
        "Troops patrolled the area. Rheinmetall said it would open an artillery ammunition "
        "plant in western Ukraine next year."
    )
    assert not [f for f in feats if "ammunition" in f.subject], show(feats)


def test_a_nations_ambiguous_force_word_in_a_military_story_is_a_force(run):
    feats = run(
        "Israeli forces took control of Mount Hermon and moved into the buffer zone, the "
        "military said. Israeli tanks were also seen near the Syrian town of Quneitra."
    )
    assert [f for f in feats if f.subject == "tanks" and f.place == "Quneitra"], show(feats)
    # without a military story, the word stays ambiguous
    feats = run("Israeli tanks were seen near the Syrian town of Quneitra.")
    assert not [f for f in feats if f.subject == "tanks"], show(feats)


STORY = (
    "Colombia's military killed ten rebels in an aerial bombardment in Guaviare province on "
    "Sunday, the defence minister said, and troops recovered rifles and explosives. "
)


def test_a_vague_verb_of_the_operation_told_is_that_event(run):
    feats = run(STORY + "The operation targeted a camp near the town of Calamar, officials said.")
    assert [f for f in feats if f.kind == "strike" and f.place == "Calamar"], show(feats)


@pytest.mark.parametrize(
    "sentence",
    [
        "The rescue mission hit a snag in Calamar, officials said.",
        "The trade mission targeted investors in Calamar.",
    ],
)
def test_a_mission_that_is_no_military_event(run, sentence):
    feats = run(STORY + sentence)
    assert not [f for f in feats if f.place == "Calamar"], show(feats)


def test_a_nations_forces_are_military_context_of_their_own(run):
    feats = run("Russian forces moved to Kharkiv on Monday.")
    assert ("assets", "ground forces") in {(f.layer, f.kind) for f in feats}, show(feats)
    assert run("Market forces moved prices in London on Monday.") == []


def disputes_at(feats, place):
    return [f for f in feats if f.layer == "disputes" and f.place == place]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Iraq annexed Kuwait in August 1990, a step the United Nations never accepted.", "Kuwait"),
        ("Eritrea declared independence from Ethiopia in 1993, after a long war.", "Eritrea"),
        ("Turkey recognised Northern Cyprus as independent in 1983.", "Northern Cyprus"),
        (
            "Israeli troops captured most of the Sinai Peninsula from Egypt in 1967 and "
            "occupied it until 1982.",
            "Sinai Peninsula",
        ),
    ],
)
def test_a_dispute_word_whose_object_or_subject_is_a_place_is_territorial(run, text, place):
    feats = run(text)
    assert disputes_at(feats, place), show(feats)


@pytest.mark.parametrize(
    "text",
    [
        "The protocol was annexed to the treaty signed in Paris in 1990.",
        "The central bank declared independence from the finance ministry in Somalia.",
        # a description of the place, not the act: no dispute without territorial context
        "Election officials counted ballots in the occupied parts of Georgia.",
    ],
)
def test_a_dispute_word_without_a_territory_of_its_own_stays_ambiguous(run, text):
    feats = run(text)
    assert not [f for f in feats if f.layer == "disputes"], show(feats)


def test_a_ship_word_followed_by_its_name_is_a_warship(run):
    feats = run("The cruiser Varyag entered the Mediterranean Sea on Tuesday.")
    assert [f for f in feats if f.kind == "naval vessel" and f.place == "Mediterranean Sea"], show(
        feats
    )


@pytest.mark.parametrize(
    "text",
    [
        "The carrier Ryanair cut flights to Poland on Tuesday.",  # an airline
        "Police cruisers Tuesday blocked the road to Marseille.",  # a weekday, not a name
    ],
)
def test_a_ship_word_before_a_name_that_is_no_ship_stays_ambiguous(run, text):
    feats = run(text)
    assert not [f for f in feats if f.kind == "naval vessel"], show(feats)


def test_a_passive_attack_in_a_military_story_is_an_attack(run):
    lead = "Houthi forces have launched missiles and drones at warships and tankers in the area. "
    feats = run(lead + "The Ocean Pride, carrying grain, was attacked on Tuesday east of Aden.")
    later = [f for f in feats if f.quote_start >= len(lead)]
    assert [f for f in later if f.kind == "attack" and f.place == "Aden"], show(feats)
    # outside a military story a passive stays ambiguous
    feats = run("The plan was attacked on Tuesday by critics in Aden.")
    assert not [f for f in feats if f.kind == "attack"], show(feats)
