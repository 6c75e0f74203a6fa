"""layers.discourse: place anaphora ("the island", "the country", "there") and the current
place of a discourse (focus windows). Toponyms are built by hand."""

from __future__ import annotations

import pytest

from geo.model import Toponym
from layers.discourse import Discourse, anaphor_rules
from layers.lexicon import load_lexicon, normalize_text


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def top(text: str, mention: str, code: str, *, name: str = "", cc: str = "", nth: int = 0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(mention, start + 1)
    return Toponym(
        mention=mention,
        start=start,
        end=start + len(mention),
        name=name or mention,
        lat=1.0,
        lon=2.0,
        feature_code=code,
        country_code=cc,
        gazetteer_id=f"test:{mention}",
        confidence=0.9,
    )


def resolved(lex, text: str, places, *, sentence: int | None = None, cased: bool = False):
    """(anaphor text, antecedent name) in the last sentence of ``text``."""
    disc = Discourse(lex, places)
    s0 = text.rindex(". ") + 2
    norm = normalize_text(text)
    return [
        (text[a.start : a.end], a.antecedent.name)
        for a in disc.anaphors(norm, s0, len(text), sentence=sentence, text=text if cased else None)
    ]


def test_the_island(lex):
    text = "Chinese jets flew near Taiwan. The island raised its alert."
    got = resolved(lex, text, [top(text, "Taiwan", "ISL")])
    assert got == [("The island", "Taiwan")]


def test_a_capitalised_modifier_names_another_place(lex):
    text = "The ship surveyed waters off Java island. Warships sailed near the Qwertyabad islands."
    assert resolved(lex, text, [top(text, "Java", "ISL")], cased=True) == []
    text = "The ship surveyed waters off Java island. Warships sailed near the northern islands."
    got = resolved(lex, text, [top(text, "Java", "ISL")], cased=True)
    assert got == [("the northern islands", "Java")]


def test_the_strait_with_a_modifier(lex):
    text = "Warships sailed into the Strait of Hormuz. Tankers avoided the narrow strait."
    got = resolved(lex, text, [top(text, "Strait of Hormuz", "STRT")])
    assert got == [("the narrow strait", "Strait of Hormuz")]


def test_the_shoal_by_head_noun_whatever_the_code(lex):
    # the gazetteer gives a code that "shoal" does not list; the name's head noun matches
    text = "Ships gathered at Scarborough Shoal. Boats circled the shoal."
    got = resolved(lex, text, [top(text, "Scarborough Shoal", "AREA")])
    assert got == [("the shoal", "Scarborough Shoal")]


def test_no_antecedent_of_another_type(lex):
    text = "Ships gathered near Manila. Boats circled the shoal."
    assert resolved(lex, text, [top(text, "Manila", "PPLC")]) == []


def test_the_country_is_the_last_country(lex):
    text = "Troops left Sweden and Finland for Helsinki. The country raised its alert."
    places = [
        top(text, "Sweden", "PCLI"),
        top(text, "Finland", "PCLI"),
        top(text, "Helsinki", "PPLC"),
    ]
    assert resolved(lex, text, places) == [("The country", "Finland")]


def test_the_nordic_nation(lex):
    text = "Jets landed in Norway near Oslo. The Nordic nation protested."
    places = [top(text, "Norway", "PCLI"), top(text, "Oslo", "PPLC")]
    assert resolved(lex, text, places) == [("The Nordic nation", "Norway")]


def test_there_refers_to_the_last_non_country(lex):
    text = "Troops moved to Kharkiv in Ukraine. Russia sent more there."
    places = [top(text, "Kharkiv", "PPLA"), top(text, "Ukraine", "PCLI")]
    assert resolved(lex, text, places) == [("there", "Kharkiv")]


@pytest.mark.parametrize("verb", ["are", "was", "have", "will"])
def test_existential_there_is_no_place(lex, verb):
    text = f"Troops moved to Kharkiv. Now there {verb} many soldiers."
    assert resolved(lex, text, [top(text, "Kharkiv", "PPLA")]) == []


def test_part_of_is_no_anaphor(lex):
    # "the area of X" names its own place
    text = "Troops moved to Kharkiv. Shelling hit the area of the plant."
    assert resolved(lex, text, [top(text, "Kharkiv", "PPLA")]) == []


def test_window_limits_the_antecedent(lex):
    text = "Jets flew near Taiwan. " + "Nothing happened then. " * 10 + ". The island waited."
    places = [top(text, "Taiwan", "ISL")]
    assert resolved(lex, text, places) == [("The island", "Taiwan")]
    disc = Discourse(lex, places)
    s0 = text.rindex(". ") + 2
    assert disc.anaphors(normalize_text(text), s0, len(text), window=50) == []


def test_current_place_preferred_when_it_fits(lex):
    text = "Drills began at Okinawa. Ships then left Guam. Jets circled the island."
    okinawa, guam = top(text, "Okinawa", "ISL"), top(text, "Guam", "ISL")
    places = [okinawa, guam]
    # without a current place: the last island named
    assert resolved(lex, text, places) == [("the island", "Guam")]
    disc = Discourse(lex, places)
    disc.note(okinawa, 0)
    s0 = text.rindex(". ") + 2
    got = disc.anaphors(normalize_text(text), s0, len(text), sentence=2)
    assert [a.antecedent.name for a in got] == ["Okinawa"]


def test_current_place_not_used_when_it_does_not_fit(lex):
    text = "Drills began at Naha. Ships then left Guam. Jets circled the island."
    naha, guam = top(text, "Naha", "PPLA"), top(text, "Guam", "ISL")
    disc = Discourse(lex, [naha, guam])
    disc.note(naha, 0)
    s0 = text.rindex(". ") + 2
    got = disc.anaphors(normalize_text(text), s0, len(text), sentence=2)
    assert [a.antecedent.name for a in got] == ["Guam"]


def test_focus_window(lex):
    n = anaphor_rules(lex).focus_sentences
    text = "Troops moved to Kharkiv."
    kharkiv = top(text, "Kharkiv", "PPLA")
    disc = Discourse(lex, [kharkiv])
    assert disc.focus(0) is None
    disc.note(kharkiv, 3)
    assert disc.focus(3) is None  # not for the sentence that set it
    assert all(disc.focus(3 + k) is kharkiv for k in range(1, n + 1))
    assert disc.focus(3 + n + 1) is None  # expired


def test_carried_notes_fade_three_spans_after_naming(lex):
    n = anaphor_rules(lex).focus_sentences
    text = "Troops moved to Kharkiv."
    kharkiv = top(text, "Kharkiv", "PPLA")
    disc = Discourse(lex, [kharkiv])
    disc.note(kharkiv, 0)
    sentence = 0
    # each later sentence carries it on, but it was named at sentence 0
    while sentence + 1 <= 3 * n:
        sentence += 1
        assert disc.focus(sentence) is kharkiv, sentence
        disc.note(kharkiv, sentence, carried=True)
    assert disc.focus(sentence + 1) is None


def test_naming_again_renews_the_focus(lex):
    n = anaphor_rules(lex).focus_sentences
    text = "Troops moved to Kharkiv."
    kharkiv = top(text, "Kharkiv", "PPLA")
    disc = Discourse(lex, [kharkiv])
    disc.note(kharkiv, 0)
    for sentence in range(1, 3 * n + 1):
        disc.note(kharkiv, sentence, carried=False)
    assert disc.focus(3 * n + 1) is kharkiv


def test_carried_note_of_another_place_counts_as_named(lex):
    text = "Troops moved to Kharkiv and Izium."
    kharkiv, izium = top(text, "Kharkiv", "PPLA"), top(text, "Izium", "PPL")
    disc = Discourse(lex, [kharkiv, izium])
    disc.note(kharkiv, 0)
    disc.note(izium, 10, carried=True)  # not the current place: named now
    assert disc.focus(11) is izium


def test_the_country_is_where_the_story_is_not_the_last_one_named(lex):
    text = (
        "The carrier arrived at Busan in South Korea. It showed the commitment of the "
        "United States. It was the first carrier to call at the country since June."
    )
    places = [
        top(text, "Busan", "PPLA", cc="KR"),
        top(text, "South Korea", "PCLI", cc="KR"),
        top(text, "United States", "PCLI", cc="US"),
    ]
    assert resolved(lex, text, places) == [("the country", "South Korea")]


def _at(t: Toponym, lat: float, lon: float, cc: str) -> Toponym:
    return Toponym(**{**t.to_dict(), "lat": lat, "lon": lon, "country_code": cc})


def test_demonym_on_the_anaphor_keeps_it_inside_that_place(lex):
    text = (
        "The fleet moved from Sevastopol to Novorossiysk after attacks. "
        "Drones hit the Crimean port again."
    )
    sevastopol = _at(top(text, "Sevastopol", "PPLA"), 44.6, 33.5, "UA")
    novorossiysk = _at(top(text, "Novorossiysk", "PPL"), 44.7, 37.8, "RU")
    crimean = Toponym(
        **{**_at(top(text, "Crimean", "ADM1"), 45.3, 34.4, "UA").to_dict(), "adjective": True}
    )
    disc = Discourse(lex, [sevastopol, novorossiysk], adjectives=[crimean])
    s0 = text.rindex(". ") + 2
    got = disc.anaphors(normalize_text(text), s0, len(text))
    assert [(text[a.start : a.end], a.antecedent.name) for a in got] == [
        ("the Crimean port", "Sevastopol")
    ]
    # without the demonym: the last port named
    assert resolved(lex, text, [sevastopol, novorossiysk]) == [("the Crimean port", "Novorossiysk")]


def test_the_island_may_be_an_island_country(lex):
    text = "Chinese jets flew near Taiwan. The island raised its alert."
    got = resolved(lex, text, [top(text, "Taiwan", "PCLI", cc="TW")])
    assert got == [("The island", "Taiwan")]
    text = "Russian jets flew near Ukraine. The island raised its alert."
    assert resolved(lex, text, [top(text, "Ukraine", "PCLI", cc="UA")]) == []
    # a foreign base on the island is no land border (Akrotiri and Dhekelia are British)
    text = "Turkish ships sailed off Cyprus. The island raised its alert."
    got = resolved(lex, text, [top(text, "Cyprus", "PCLI", cc="CY")])
    assert got == [("The island", "Cyprus")]


def test_plural_islands_prefer_a_group(lex):
    text = (
        "Russia held drills on the Kuril Islands, on Iturup and Kunashir. Japan claims the islands."
    )
    places = [
        top(text, "Kuril Islands", "ISLS"),
        top(text, "Iturup", "ISL"),
        top(text, "Kunashir", "ISL"),
    ]
    assert resolved(lex, text, places) == [("the islands", "Kuril Islands")]
    text = "Warships sailed off Java. They returned to the islands."
    assert resolved(lex, text, [top(text, "Java", "ISL")]) == [("the islands", "Java")]


def test_what_the_text_calls_a_place_fits_its_anaphor(lex):
    # Gotland is a county in the gazetteer, but the text calls it an island
    text = "Sweden sent troops to the Baltic island of Gotland. Jets flew over the island."
    places = [top(text, "Gotland", "ADM1", cc="SE")]
    disc = Discourse(lex, places, text=text)
    norm = normalize_text(text)
    s0 = text.rindex(". ") + 2
    got = [(text[a.start : a.end], a.antecedent.name) for a in disc.anaphors(norm, s0, len(text))]
    assert got == [("the island", "Gotland")]
    # without the text's word for it, a county is no island
    assert resolved(lex, text, places) == []


@pytest.mark.parametrize(
    ("first", "code", "last"),
    [
        # a name follows the noun phrase: "the port" is a modifier of "town"
        ("Rebels held the port of Pemba.", "PPL", "Troops recaptured the port town of Palma."),
        # the island's named port is the place
        ("Troops landed on Gotland.", "ISL", "Troops reached the island's main port of Visby."),
    ],
)
def test_a_noun_phrase_that_names_its_place_is_no_anaphor(lex, first, code, last):
    text = first + " " + last
    name = first.split(" ")[-1].rstrip(".")
    places = [top(text, name, code)]
    assert resolved(lex, text, places, cased=True) == []
    # the same noun phrase without a name after it is an anaphor
    bare = last.split(" of ")[0].replace("'s main port", "") + "."
    assert resolved(lex, first + " " + bare, [top(first + " " + bare, name, code)], cased=True)


def test_a_possessive_anaphor_before_a_common_noun_still_refers(lex):
    text = (
        "Gangs attacked prisons in Ecuador. Troops took control of the country's prisons on Friday."
    )
    got = resolved(lex, text, [top(text, "Ecuador", "PCLI", cc="EC")], cased=True)
    assert got == [("the country", "Ecuador")]


def test_the_crossing_is_the_border_crossing_named_before(geoparser, gazetteer):
    from geo.model import Document
    from layers.extract import extract_features

    text = (
        "Israeli tanks rolled into the Gaza side of the Rafah crossing on Tuesday, the military "
        "said. Egypt warned that the operation threatened its 1979 peace treaty with Israel. "
        "Hamas said it had fired mortars at Israeli troops near the crossing."
    )
    doc = Document(doc_id="d", text=text, published="2024-05-07")
    feats = extract_features(geoparser.parse(doc), gazetteer=gazetteer)
    second = [f for f in feats if "mortars" in f.quote]
    # named by "the crossing" itself, not only carried by the discourse
    assert second and {(f.place, f.attachment) for f in second} == {
        ("Rafah crossing", "anaphor")
    }, [(f.subject, f.place) for f in feats]


@pytest.mark.parametrize(
    "text,place,precision",
    [
        (
            "North Korea fired two ballistic missiles off its east coast on Thursday.",
            "North Korea",
            "offset",
        ),
        ("Venezuela deployed warships off its coast on Monday.", "Venezuela", "area"),
    ],
)
def test_its_coast_is_the_coast_of_the_sentences_country(
    geoparser, gazetteer, text, place, precision
):
    from geo.model import Document
    from layers.extract import extract_features

    doc = Document(doc_id="d", text=text, published="2024-05-07")
    feats = extract_features(geoparser.parse(doc), gazetteer=gazetteer)
    assert feats and {(f.place, f.location_precision) for f in feats} == {(place, precision)}, [
        (f.kind, f.place, f.location_precision) for f in feats
    ]


def test_its_coast_guard_is_no_coast(geoparser, gazetteer):
    from geo.model import Document
    from layers.extract import extract_features

    doc = Document(
        doc_id="d",
        text="China said its coast guard ships patrolled near the Senkaku Islands.",
        published="2024-05-07",
    )
    feats = extract_features(geoparser.parse(doc), gazetteer=gazetteer)
    assert feats and {f.place for f in feats} == {"Senkaku Islands"}, [
        (f.kind, f.place) for f in feats
    ]


def _features(geoparser, gazetteer, text: str, published: str):
    from geo.model import Document
    from layers.extract import extract_features

    doc = Document(doc_id="d", text=text, published=published)
    return extract_features(geoparser.parse(doc), gazetteer=gazetteer)


def test_a_newly_named_ship_is_no_reference_to_an_earlier_one(geoparser, gazetteer):
    # "The British frigate HMS Montrose" is definite but new: it does not take the place of
    # the tanker the story placed before
    text = (
        "Iran's Revolutionary Guards seized a tanker in the Strait of Hormuz on Friday, two "
        "weeks after British marines captured an Iranian tanker off Gibraltar. The British "
        "frigate HMS Montrose was about an hour away when the tanker was boarded."
    )
    feats = _features(geoparser, gazetteer, text, "2019-07-20")
    montrose = [f for f in feats if "Montrose" in f.subject]
    assert montrose and "Gibraltar" not in {f.place for f in montrose}, [
        (f.subject, f.place) for f in feats
    ]


def test_a_port_a_ship_is_heading_for_is_not_the_storys_place(geoparser, gazetteer):
    text = (
        "A Russian patrol ship fired warning shots near the British destroyer off Sevastopol "
        "on Wednesday. The destroyer had sailed from Odesa on Monday and was heading for the "
        "Georgian port of Batumi. Some 20 Russian aircraft shadowed the vessel."
    )
    feats = _features(geoparser, gazetteer, text, "2021-06-23")
    later = [f for f in feats if "shadowed" in f.quote]
    assert "Batumi" not in {f.place for f in later}, [(f.subject, f.place) for f in feats]


def test_the_country_of_a_leader_named_in_the_sentence(lex):
    from dataclasses import replace

    text = (
        "A U.S. destroyer docked in Puerto Rico. Venezuelan President Nicolas Maduro mobilised "
        "militia units across the country."
    )
    pr = top(text, "Puerto Rico", "PCLI", cc="PR")
    ve = replace(top(text, "Venezuelan", "PCLI", name="Venezuela", cc="VE"), adjective=True)
    norm = normalize_text(text)
    s0 = text.rindex(". ") + 2
    disc = Discourse(lex, [pr], adjectives=[ve], text=text)
    got = [(text[a.start : a.end], a.antecedent.name) for a in disc.anaphors(norm, s0, len(text))]
    assert got == [("the country", "Venezuela")]
    # a demonym on a force is its owner, not the setting: the country stays the story's
    text2 = text.replace("Venezuelan President Nicolas Maduro", "Venezuelan troops")
    ve2 = replace(top(text2, "Venezuelan", "PCLI", name="Venezuela", cc="VE"), adjective=True)
    disc = Discourse(lex, [pr], adjectives=[ve2], text=text2)
    s0 = text2.rindex(". ") + 2
    got = [
        (text2[a.start : a.end], a.antecedent.name)
        for a in disc.anaphors(normalize_text(text2), s0, len(text2))
    ]
    assert ("the country", "Venezuela") not in got
