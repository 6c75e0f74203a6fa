"""Precision of layers.extract on text that is not about military posture, and recall of the
ambiguous words ("carrier", "fighter", "visit", "shot down", "delivery", "claims", "B-1") when
they are used in military contexts. All sentences are invented for these tests."""

from __future__ import annotations

import pytest
from _parsed import make

from geo.model import Document
from layers.extract import extract_features

# name -> (lat, lon, feature_code, country_code)


def summary(feats) -> list[tuple[str, str, str, str]]:
    return [(f.layer, f.kind, f.subject, f.place) for f in feats]


NEGATIVES = [
    # aviation and business
    ("The airline's carriers expanded their routes across Europe this summer.", ["Europe"]),
    ("Budget carriers cut fares on flights to Madrid.", ["Madrid"]),
    ("Shipments of solar inverters grew 18% in India last year.", ["India"]),
    ("The company promised efficient delivery of parcels in Ohio.", ["Ohio"]),
    ("The retailer said its transfer of pension assets in Texas was complete.", ["Texas"]),
    ("The plane landed safely in Dublin after a bird strike.", ["Dublin"]),
    ("Analysts said the aircraft orders from Germany beat expectations.", ["Germany"]),
    # sport
    ("UFC fighters arrived in Las Vegas for the weigh-in.", ["Las Vegas"]),
    ("The coach visited Madrid to watch the derby.", ["Madrid"]),
    ("The trainer saddled three winners in Dublin on Saturday.", ["Dublin"]),
    ("The Rockets beat Denver in overtime.", ["Denver"]),
    ("The striker scored twice as the visitors launched a late offensive in Madrid.", ["Madrid"]),
    # politics and media
    ("The minister shot down the rumour during a press conference in Paris.", ["Paris"]),
    ("The newspaper claimed that London was becoming unaffordable.", ["London"]),
    ("The senator claims the governor mismanaged the budget in Ohio.", ["Ohio"]),
    ("The dispute over the pension reform spread to Paris.", ["Paris"]),
    ("The mayor's visit to Chicago drew large crowds.", ["Chicago"]),
    ("The delegation toured factories in Germany.", ["Germany"]),
    # education and charities
    ("Applicants need B1 level English to study in Dublin.", ["Dublin"]),
    ("The club is a 501(c)(3) charity based in Ohio.", ["Ohio"]),
    ("Pupils at the K-8 school in Denver took part.", ["Denver"]),
    ("The Patriot Center in Texas hosts concerts.", ["Texas"]),
    # local crime and courts
    ("Police detained two suspects after the assault in Chicago.", ["Chicago"]),
    ("He was charged with possession of an offensive weapon in Dublin.", ["Dublin"]),
    ("The man attacked a cyclist in Denver on Tuesday.", ["Denver"]),
    ("The detention centre in Texas holds migrants awaiting hearings.", ["Texas"]),
    ("Teachers striking in Ohio won a pay raise.", ["Ohio"]),
    ("Investors amassed shares in the Madrid lender.", ["Madrid"]),
    ("Officials said a spokesman for the Sam Houston museum in Texas left.", ["Texas"]),
]


@pytest.mark.parametrize(("text", "names"), NEGATIVES)
def test_no_features_outside_military_context(text, names):
    feats = extract_features(make(text, names))
    assert feats == [], summary(feats)


def has(feats, layer, kind, place=None, subject=None):
    return any(
        f.layer == layer
        and f.kind == kind
        and (place is None or f.place == place)
        and (subject is None or subject.lower() in f.subject.lower())
        for f in feats
    )


POSITIVES = [
    # Ukraine
    (
        "The defence minister visited troops in Kherson on Monday.",
        ["Kherson"],
        [("incidents", "visit", "Kherson", None)],
    ),
    (
        "The first delivery of HIMARS launchers to Ukraine was confirmed.",
        ["Ukraine"],
        [("incidents", "delivery", "Ukraine", None), ("assets", "artillery", "Ukraine", "HIMARS")],
    ),
    (
        "Air defence units shot down a drone over Kyiv overnight.",
        ["Kyiv"],
        [("incidents", "shoot-down", "Kyiv", None)],
    ),
    # Red Sea
    (
        "A carrier strike group sailed into the Red Sea to deter Houthi attacks on shipping.",
        ["Red Sea"],
        [("assets", "naval vessel", "Red Sea", "carrier strike group")],
    ),
    (
        "Houthi fighters fired missiles from Yemen at a tanker.",
        ["Yemen"],
        [("assets", "irregular forces", "Yemen", "fighters")],
    ),
    # Taiwan Strait
    (
        "Chinese fighter jets crossed the median line of the Taiwan Strait.",
        ["Taiwan Strait"],
        [("assets", "aircraft", "Taiwan Strait", "fighter jets")],
    ),
    # Korea
    (
        "Two B-1B bombers flew over the Korean Peninsula in a show of force.",
        ["Korean Peninsula"],
        [("assets", "aircraft", "Korean Peninsula", "B-1B")],
    ),
    (
        "North Korea launched a ballistic missile into the Sea of Japan.",
        ["Sea of Japan"],
        [("incidents", "missile launch", "Sea of Japan", None)],
    ),
    # Sahel
    (
        "Russian military trainers arrived in Mali to support the junta.",
        ["Mali"],
        [("assets", "advisers", "Mali", None)],
    ),
    (
        "Jihadist fighters attacked an army post in Niger, killing 12 soldiers.",
        ["Niger"],
        [("incidents", "attack", "Niger", None)],
    ),
    # Caucasus
    (
        "Azerbaijani troops shelled positions in Nagorno-Karabakh.",
        ["Nagorno-Karabakh"],
        [("incidents", "strike", "Nagorno-Karabakh", None)],
    ),
    (
        "Azerbaijan claims Nagorno-Karabakh as its sovereign territory.",
        ["Nagorno-Karabakh"],
        [("disputes", "territorial dispute", "Nagorno-Karabakh", None)],
    ),
    # Latin America
    (
        "A US Navy destroyer and a carrier were deployed to the Caribbean near Venezuela.",
        ["Caribbean", "Venezuela"],
        [("assets", "naval vessel", "Caribbean", None)],
    ),
    # South China Sea
    (
        "China claims the Spratly Islands, which Vietnam and the Philippines also claim.",
        ["Spratly Islands"],
        [("disputes", None, "Spratly Islands", None)],
    ),
    # Middle East
    (
        "Israeli warplanes struck targets in Gaza after rocket fire.",
        ["Gaza"],
        [("incidents", "strike", "Gaza", None)],
    ),
    (
        "Hezbollah fighters clashed with the army in Lebanon.",
        ["Lebanon"],
        [("incidents", "clash", "Lebanon", None)],
    ),
    # Europe and Pacific
    (
        "Germany will send a Patriot battery to Poland.",
        ["Germany", "Poland"],
        [("assets", "air defence", "Poland", "Patriot")],
    ),
    (
        "The B-2 stealth bombers were moved to Guam.",
        ["Guam"],
        [("assets", "aircraft", "Guam", None)],
    ),
]


@pytest.mark.parametrize(("text", "names", "expected"), POSITIVES)
def test_military_use_of_ambiguous_words(text, names, expected):
    feats = extract_features(make(text, names))
    for layer, kind, place, subject in expected:
        ok = any(
            f.layer == layer
            and (kind is None or f.kind == kind)
            and f.place == place
            and (subject is None or subject.lower() in f.subject.lower())
            for f in feats
        )
        assert ok, (layer, kind, place, subject, summary(feats))


def test_document_context_supports_weak_words():
    # The second sentence alone has no military word; the document is clearly military and
    # the sentence pairs a force word with a movement.
    text = (
        "The navy said two destroyers and a frigate left port on Monday. "
        "Military officials said more warships would follow. "
        "Two ships then sailed to the Red Sea."
    )
    feats = extract_features(make(text, ["Red Sea"]))
    assert has(feats, "assets", "naval vessel", "Red Sea", "ships")


def test_weak_word_alone_in_military_document_is_dropped():
    text = (
        "The army moved artillery and troops to the border. "
        "Military officials said more soldiers would follow. "
        "Fans visited Madrid for the final."
    )
    feats = extract_features(make(text, ["Madrid"]))
    assert feats == [], summary(feats)


def test_designator_is_not_a_model_number():
    assert extract_features(make("Vitamin B-12 sales rose in Ohio.", ["Ohio"])) == []
    feats = extract_features(make("A B-1 bomber landed in Guam.", ["Guam"]))
    assert has(feats, "assets", "aircraft", "Guam", "B-1")


def test_needs_context_is_data(tmp_path):
    from layers.lexicon import load_lexicon

    extra = tmp_path / "mine.json"
    extra.write_text(
        '{"_doc": "x", "assets": [{"kind": "naval vessel", "terms": ["longboat"], '
        '"needs_context": true}]}',
        encoding="utf-8",
    )
    lex = load_lexicon([extra])
    text = "A longboat reached Dublin."
    assert extract_features(make(text, ["Dublin"]), lexicon=lex) == []
    text = "A navy longboat reached Dublin."
    feats = extract_features(make(text, ["Dublin"]), lexicon=lex)
    assert has(feats, "assets", "naval vessel", "Dublin")


def test_claim_of_responsibility_is_not_a_dispute():
    from geo.parse import Geoparser
    from layers.extract import extract_features

    text = "Houthis claim attack on tanker in Red Sea. The militia claimed responsibility."
    feats = extract_features(Geoparser().parse(Document(doc_id="c", text=text)))
    assert not [f for f in feats if f.layer == "disputes"]


def test_an_owned_force_word_is_military_context():
    # "forces" and "Fleet" alone are ambiguous (market forces, a taxi fleet); owned by a
    # nation or inside a formation's name they are armed forces and confirm each other
    from geo.parse import Geoparser

    gp = Geoparser()
    text = "Iranian forces and the Fifth Fleet were in the Strait of Hormuz on Friday."
    feats = extract_features(gp.parse(Document("d", text)), gazetteer=gp.gazetteer)
    assert {f.subject for f in feats} == {"forces", "Fleet"}, summary(feats)
    plain = "Market forces and a taxi fleet were in Dublin on Friday."
    assert extract_features(gp.parse(Document("d", plain)), gazetteer=gp.gazetteer) == []


def test_a_place_inside_an_organisation_name_carries_no_feature():
    # the geoparser reports "Washington" in "the Washington Post" (embedded); the layers
    # must not read it as where the troops are
    from geo.parse import Geoparser

    gp = Geoparser()
    text = "Russian troops massed near the border, the Washington Post reported."
    parsed = gp.parse(Document("d", text))
    assert any(t.embedded and t.mention == "Washington" for t in parsed.toponyms)
    feats = extract_features(parsed, gazetteer=gp.gazetteer)
    assert not [f for f in feats if f.place == "Washington"], summary(feats)
