"""Posture vocabulary of the lexicon data files, on small hand-made sentences: grey-zone
harassment, interception, transits, fortification, withdrawal, ceasefire violations, mine-laying,
referendums, force words and named systems, and everyday uses that must not trigger."""

from __future__ import annotations

import pytest
from _parsed import make

from layers.extract import extract_features
from layers.lexicon import default_lexicon


def kinds(text: str, places: list) -> set[tuple[str, str]]:
    return {(f.layer, f.kind) for f in extract_features(make(text, places))}


POSITIVES = [
    (
        "Officials said Russia had disrupted GPS signals near Kaliningrad for a week.",
        ["Kaliningrad"],
        ("incidents", "electronic warfare"),
    ),
    (
        "A Russian destroyer forced the frigate to change course near Kaliningrad, and the "
        "tanker was forced to turn back near Kaliningrad.",
        ["Kaliningrad"],
        ("incidents", "interception"),
    ),
    (
        "Soldiers were blamed for the killing of hundreds of civilians in Kharkiv in November.",
        ["Kharkiv"],
        ("incidents", "attack"),
    ),
    (
        "Russian troops advanced several kilometres towards Kharkiv on Monday.",
        ["Kharkiv"],
        ("incidents", "attack"),
    ),
    (
        "Russian instructors have been training Malian soldiers at a camp in Mali.",
        ["Mali"],
        ("incidents", "exercise"),
    ),
    (
        "Russian troops crossed the border into Ukraine near Kharkiv on Thursday.",
        ["Ukraine", "Kharkiv"],
        ("incidents", "line crossing"),
    ),
    (
        "A North Korean ballistic missile flew for 40 minutes before plunging into the sea "
        "near the Korean Peninsula.",
        ["Korean Peninsula"],
        ("incidents", "landing"),
    ),
    (
        "A Chinese coast guard ship fired water cannon at a Philippine supply boat near "
        "Second Thomas Shoal.",
        ["Second Thomas Shoal"],
        ("incidents", "harassment"),
    ),
    (
        "A Chinese coast guard vessel rammed a Philippine resupply boat near Second Thomas Shoal.",
        ["Second Thomas Shoal"],
        ("incidents", "harassment"),
    ),
    (
        "A Chinese fighter jet performed an unsafe and unprofessional intercept of a US "
        "surveillance plane over the South China Sea.",
        ["South China Sea"],
        ("incidents", "harassment"),
    ),
    (
        "Russian jets buzzed a US destroyer in the Baltic Sea.",
        ["Baltic Sea"],
        ("incidents", "harassment"),
    ),
    (
        "A Chinese warship aimed military-grade lasers at a Philippine patrol aircraft over "
        "the South China Sea.",
        ["South China Sea"],
        ("incidents", "harassment"),
    ),
    (
        "South Korea scrambled fighter jets after Russian bombers flew over the Sea of Japan.",
        ["Sea of Japan"],
        ("incidents", "interception"),
    ),
    (
        "Chinese military aircraft flew through contested airspace near Taiwan.",
        ["Taiwan"],
        ("disputes", "contested airspace"),
    ),
    (
        "A US destroyer sailed through the Taiwan Strait on Tuesday.",
        ["Taiwan Strait"],
        ("incidents", "patrol"),
    ),
    (
        "Twelve Chinese military aircraft entered Taiwan's air defense identification zone.",
        ["Taiwan"],
        ("incidents", "airspace violation"),
    ),
    (
        "Two Russian fighter jets violated Polish airspace on Tuesday.",
        [("Polish", "Poland", {"adjective": True})],
        ("incidents", "airspace violation"),
    ),
    (
        "Poland reported incursions into its airspace by Russian drones near Kaliningrad.",
        ["Kaliningrad"],
        ("incidents", "airspace violation"),
    ),
    (
        "Ten Chinese warplanes crossed the median line of the Taiwan Strait on Sunday.",
        ["Taiwan Strait"],
        ("incidents", "line crossing"),
    ),
    (
        "Ten Chinese warplanes crossed the median line of the Taiwan Strait on Sunday.",
        ["Taiwan Strait"],
        ("disputes", "contested waters"),
    ),
    (
        "Armenian troops violated the contact line near Jermuk, the defence ministry said.",
        ["Jermuk"],
        ("incidents", "line crossing"),
    ),
    (
        "North Korean patrol boats crossed the NLL in the Sea of Japan.",
        ["Sea of Japan"],
        ("incidents", "line crossing"),
    ),
    ("The destroyer made a port call in Guam.", ["Guam"], ("incidents", "visit")),
    (
        "Armenian and Azerbaijani troops exchanged heavy fire near Jermuk on Tuesday.",
        ["Jermuk"],
        ("incidents", "clash"),
    ),
    ("The two armies traded artillery fire near Kharkiv.", ["Kharkiv"], ("incidents", "clash")),
    ("A Chinese spy balloon drifted over Texas.", ["Texas"], ("assets", "aircraft")),
    (
        "NATO air policing fighters based at an air base near Kharkiv were scrambled.",
        ["Kharkiv"],
        ("assets", "aircraft"),
    ),
    (
        "Russian troops installed a barbed-wire fence near the border with Ukraine.",
        ["Ukraine"],
        ("incidents", "fortification"),
    ),
    (
        "Armenia accused Azerbaijan of ceasefire violations near Jermuk.",
        ["Jermuk"],
        ("incidents", "clash"),
    ),
    (
        "France completed the withdrawal of its troops from Mali.",
        ["Mali"],
        ("incidents", "withdrawal"),
    ),
    (
        "Russia laid naval mines in the Baltic Sea, officials said.",
        ["Baltic Sea"],
        ("incidents", "blockade"),
    ),
    ("Iran seized an oil tanker in the Red Sea.", ["Red Sea"], ("incidents", "seizure")),
    (
        "A drone attack hit the air base near Tartus overnight.",
        ["Tartus"],
        ("incidents", "strike"),
    ),
    (
        "Separatists held an independence referendum in Crimea.",
        ["Crimea"],
        ("disputes", "territorial dispute"),
    ),
    (
        "Chinese maritime militia vessels were anchored at the Spratly Islands.",
        ["Spratly Islands"],
        ("assets", "naval vessel"),
    ),
    (
        "A Chinese seismic survey vessel escorted by warships entered waters near the Philippines.",
        ["Philippines"],
        ("assets", "naval vessel"),
    ),
    (
        "Russian military engineers and paratroopers arrived in Kaliningrad.",
        ["Kaliningrad"],
        ("assets", "ground forces"),
    ),
    ("Russian Tu-142 aircraft flew over the Baltic Sea.", ["Baltic Sea"], ("assets", "aircraft")),
    ("Twenty sorties have been made over Syria since Monday.", ["Syria"], ("incidents", "patrol")),
    (
        "A suicide bomber rammed a vehicle into a military post in Kherson, killing soldiers.",
        ["Kherson"],
        ("incidents", "attack"),
    ),
    (
        "Such bombers took part in Russia's campaign in Syria, launching cruise missiles.",
        ["Russia", "Syria"],
        ("incidents", "attack"),
    ),
    (
        "Russian aircraft flew forty combat sorties over Syria on Sunday.",
        ["Syria"],
        ("incidents", "patrol"),
    ),
    (
        "Russian jets intruded into Poland and dropped a payload near the border.",
        ["Poland"],
        ("incidents", "strike"),
    ),
    (
        "Russian jets intruded into Poland on Tuesday, the army said.",
        ["Poland"],
        ("incidents", "attack"),
    ),
    (
        "Russian soldiers opened fire on a checkpoint in Kharkiv.",
        ["Kharkiv"],
        ("incidents", "attack"),
    ),
    (
        "Rebel troops shot both pilots as they descended over Syria.",
        ["Syria"],
        ("incidents", "attack"),
    ),
    (
        "The peacekeeping mission left its base in Mali last month.",
        ["Mali"],
        ("incidents", "withdrawal"),
    ),
    (
        "South Korean troops fired warning shots near the Korean Peninsula's border line.",
        ["Korean Peninsula"],
        ("incidents", "interception"),
    ),
    (
        "Soldiers clashed with rioters in Gaza as unrest spread.",
        ["Gaza"],
        ("incidents", "clash"),
    ),
    (
        "Naval drones sank a Russian patrol ship off Sevastopol on Tuesday.",
        ["Sevastopol"],
        ("incidents", "strike"),
    ),
    (
        "Four projectiles hit residential areas of Sevastopol overnight, killing one.",
        ["Sevastopol"],
        ("incidents", "strike"),
    ),
    (
        "The valley in India remained one of the contentious zones of the standoff.",
        ["India"],
        ("disputes", "territorial dispute"),
    ),
    (
        "Azerbaijani troops advanced onto Armenian territory near Jermuk.",
        ["Jermuk"],
        ("incidents", "attack"),
    ),
    (
        "Iranian gunboats swarmed a tanker in the middle of the Taiwan Strait.",
        ["Taiwan Strait"],
        ("incidents", "harassment"),
    ),
    (
        "Two soldiers were hurt in a melee with Russian troops near Kharkiv.",
        ["Kharkiv"],
        ("incidents", "clash"),
    ),
    (
        "Russian troops advanced across the river near Kharkiv.",
        ["Kharkiv"],
        ("incidents", "attack"),
    ),
    (
        "A Chinese warship shone a laser at a Philippine patrol boat in the South China Sea.",
        ["South China Sea"],
        ("incidents", "harassment"),
    ),
    (
        "Three shells struck a school in Kherson on Monday, the governor said.",
        ["Kherson"],
        ("incidents", "strike"),
    ),
    (
        "A Russian warship entered Ukraine's territorial waters near Odesa on Monday.",
        ["Odesa"],
        ("incidents", "maritime incursion"),
    ),
    (
        "Two Chinese coast guard cutters intruded into the contiguous zone off Taiwan.",
        ["Taiwan"],
        ("incidents", "maritime incursion"),
    ),
    (
        "Russian troops moved eight launchers to a military base near Kaliningrad.",
        ["Kaliningrad"],
        ("assets", "missile"),
    ),
    (
        "Ukrainian troops took the airport in Kherson on Friday.",
        ["Kherson"],
        ("incidents", "seizure"),
    ),
    (
        "Russian forces said they had taken the town's bridge near Kherson.",
        ["Kherson"],
        ("incidents", "seizure"),
    ),
    (
        "Artillery duels flared near Kharkiv overnight, the governor said.",
        ["Kharkiv"],
        ("incidents", "clash"),
    ),
]


@pytest.mark.parametrize(("text", "places", "expected"), POSITIVES)
def test_posture_phrases_yield_their_kind(text, places, expected):
    assert expected in kinds(text, places)


NEGATIVES = [
    ("The storm front advanced 20 km into Texas overnight.", ["Texas"]),
    ("Teachers attended a week of training at a college in Denver.", ["Denver"]),
    ("Hundreds of migrants crossed the border into Poland on Thursday.", ["Poland"]),
    ("Trucks queued at the border crossing near Kharkiv on Thursday.", ["Kharkiv"]),
    ("Workers went on strike in Chicago over pay.", ["Chicago"]),
    ("Students took part in a fire drill at the school in Dublin.", ["Dublin"]),
    ("A police patrol stopped the car in Denver.", ["Denver"]),
    ("Residents evacuated their homes in Texas as the hurricane approached.", ["Texas"]),
    ("The company will withdraw its products from stores in Germany.", ["Germany"]),
    ("Two cars collided on a highway in Ohio.", ["Ohio"]),
    ("Three people were killed in a car crash in Kyiv on Monday.", ["Kyiv"]),
    ("A new app launcher went on sale in Germany.", ["Germany"]),
    ("Shell said its profits rose sharply in London on Monday.", ["London"]),
    # the waters' own name is no military context: a migrant boat makes no incursion
    ("A boat carrying 40 migrants entered the territorial waters of Cuba on Monday.", ["Cuba"]),
    # a toll at a disputed place, with no force or violence in the sentence: no attack
    ("About 3,000 people were killed in Crimea by floods last spring.", ["Crimea"]),
    ("She was harassed by a colleague at the office in London.", ["London"]),
    ("The farmer built a fence around his field in Texas.", ["Texas"]),
    ("An oil tanker docked at the port in Madrid.", ["Madrid"]),
    ("Police used water cannon against protesters in Paris.", ["Paris"]),
    ("The fortified wine was sold in Madrid.", ["Madrid"]),
    ("The team will rotate players in Paris this season.", ["Paris"]),
    (
        "Scotland held an independence referendum in 2014 while voters in London watched.",
        ["London"],
    ),
    ("Voters in Texas went to the polls for the referendum on the border with Ohio.", ["Texas"]),
    ("A burglar intruded into a house in Ohio.", ["Ohio"]),
    ("A truck crossed the median line on the highway near Denver.", ["Denver"]),
    ("Unrest over fuel prices spread across Paris.", ["Paris"]),
    ("Fans rioted after the match in Madrid.", ["Madrid"]),
    ("The director shot the film in Paris last summer.", ["Paris"]),
    ("Prices shot up in Madrid after the storm.", ["Madrid"]),
    ("The mayor's election campaign in Madrid ended on Sunday.", ["Madrid"]),
    (
        "Army veterans and teachers went on strike in Madrid after the missile factory closed.",
        ["Madrid"],
    ),
    ("The striker fired a rocket of a shot past the keeper in Madrid.", ["Madrid"]),
    ("The retailer launched drone deliveries in Texas on Thursday.", ["Texas"]),
    ("An air raid alert was declared across Ukraine on Tuesday morning.", ["Ukraine"]),
    ("The two armies of lawyers struck a deal in Paris after the trade war.", ["Paris"]),
    ("The ferry sank off Dublin after a storm.", ["Dublin"]),
    (
        "The airline entered Polish airspace on schedule.",
        [("Polish", "Poland", {"adjective": True})],
    ),
]


@pytest.mark.parametrize(("text", "places"), NEGATIVES)
def test_everyday_uses_do_not_trigger(text, places):
    assert kinds(text, places) == set()


def test_attack_before_an_aircraft_noun_is_its_type_not_an_attack():
    # "Su-25 attack jets", "an attack plane": a kind of aircraft; nothing was attacked
    got = kinds("Russia moved Su-25 attack jets and an attack plane to Tartus.", ["Tartus"])
    assert ("assets", "aircraft") in got and ("incidents", "attack") not in got, got


def test_violations_named_again_are_placed_where_they_happened():
    text = (
        "Russian fighter jets violated Polish airspace 23 times on Tuesday. Most of the "
        "violations took place near Kaliningrad, the military said."
    )
    places = [("Polish", "Poland", {"adjective": True}), "Kaliningrad"]
    got = [
        (f.kind, f.place) for f in extract_features(make(text, places)) if f.layer == "incidents"
    ]
    assert ("airspace violation", "Kaliningrad") in got, got


def test_new_kinds_are_declared():
    lex = default_lexicon()
    assert {"harassment", "fortification", "withdrawal"} <= set(lex.kinds["incidents"])


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            "The US plans to rotate marines through Poland as part of a rotational deployment.",
            "planned",
        ),
        ("Russia threatened to lay naval mines in the Baltic Sea.", "possible"),
        ("Russia denied that its jets buzzed a US destroyer in the Baltic Sea.", "denied"),
    ],
)
def test_status_cues_apply_to_new_triggers(text, status):
    place = "Poland" if "Poland" in text else "Baltic Sea"
    feats = [f for f in extract_features(make(text, [place])) if f.layer == "incidents"]
    assert feats and all(f.status == status for f in feats), [(f.kind, f.status) for f in feats]


@pytest.mark.parametrize(
    ("text", "places", "absent"),
    [
        (
            "A drone strike destroyed three fuel storage tanks at a military airfield in Texas.",
            ["Texas"],
            ("assets", "ground forces"),
        ),
        (
            "Analysts at a think tank in London said the army was weak.",
            ["London"],
            ("assets", "ground forces"),
        ),
        (
            "Rebels fired missiles at a depot in Madrid, sending a plume of smoke over the city.",
            ["Madrid"],
            ("incidents", "deployment"),
        ),
        # an event word naming a unit: "a brigade combat team", "an assault battalion"
        (
            "A U.S. armored brigade combat team is headquartered in Madrid.",
            ["Madrid"],
            ("incidents", "clash"),
        ),
        ("An assault battalion is based in Madrid.", ["Madrid"], ("incidents", "attack")),
        # an air defence identification zone is declared by one side, not contested land
        (
            "Twelve Chinese military aircraft entered Taiwan's air defense identification zone.",
            ["Taiwan"],
            ("disputes", "contested airspace"),
        ),
    ],
)
def test_a_word_that_makes_a_force_word_another_thing(text, places, absent):
    # "storage tanks", "a think tank": no armour; "sending a plume of smoke": no force moved
    assert absent not in kinds(text, places)


@pytest.mark.parametrize(
    "text",
    [
        "Australia sent police and troops to Madrid to quell riots.",
        "President Biden is sending about 3,000 U.S. troops to Madrid.",
        "The army sent patrols to Madrid on Friday.",
        "The army sent weapons and ammunition to Madrid.",
        "Two battalions were sent to Madrid.",
        "The army deployed units to Madrid.",
        "The navy sent Almirante Grau back to Madrid.",
    ],
)
def test_a_verb_of_sending_a_force_or_materiel_is_a_deployment(text):
    # a force sent is mapped at its destination; materiel sent, as the sending
    feats = [f for f in extract_features(make(text, ["Madrid"])) if f.place == "Madrid"]
    assert [f for f in feats if f.attachment == "destination"], feats
    sent = {f.layer for f in feats if f.attachment == "destination" and f.kind != "clash"}
    assert len(sent) == 1, feats


def test_fighters_without_an_air_word_are_armed_men():
    found = kinds("Hamas fighters massed near Kharkiv.", ["Kharkiv"])
    assert ("assets", "irregular forces") in found and ("assets", "aircraft") not in found


def test_what_a_weapon_counters_does_not_hide_the_weapon():
    # "anti-ship cruise missiles": no ship, but the missiles are
    found = kinds("Rebels fired two anti-ship cruise missiles into the Baltic Sea.", ["Baltic Sea"])
    assert ("incidents", "missile launch") in found, found
    assert ("assets", "naval vessel") not in found, found


def test_a_toll_is_an_incident_where_they_fell():
    text = (
        "Russian artillery positions lined the river bank for weeks, and officials said four "
        "civilians were killed in Odesa."
    )
    feats = extract_features(make(text, ["Odesa"]))
    assert [f for f in feats if f.layer == "incidents" and f.place == "Odesa"], [
        (f.kind, f.place) for f in feats
    ]


def test_a_toll_without_a_place_of_its_own_adds_nothing():
    # the strike is at Odesa; "four civilians were killed" says nothing more of where
    text = "Russian missiles hit Odesa overnight, and four civilians were killed, officials said."
    feats = extract_features(make(text, ["Odesa"]))
    assert {f.kind for f in feats if f.layer == "incidents"} == {"strike"}, [
        (f.kind, f.subject) for f in feats
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ukrainian troops took part in drills near Kherson on Friday.",
        "Wounded soldiers were taken to a hospital in Kherson.",
        "Russian troops have taken steps to fortify positions near Kherson.",
    ],
)
def test_a_verb_of_taking_without_a_place_taken_is_no_seizure(text):
    assert ("incidents", "seizure") not in kinds(text, ["Kherson"])
