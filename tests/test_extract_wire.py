"""Wire-style military news from theatres and years the seeds do not cover, through the real
geoparser: layer, kind, place, actor, status and date of the key statements, and nothing on
modifiers ("U.S.-made"), speakers ("Russia's defence ministry said") or targets' owners.
All sentences are invented for these tests."""

from __future__ import annotations

import pytest

from geo.model import Document
from layers.extract import extract_features


@pytest.fixture(scope="module")
def run(geoparser, gazetteer):
    def _run(text: str, published: str = "2024-06-12"):
        doc = Document(doc_id="w", text=text, published=published)
        return extract_features(geoparser.parse(doc), gazetteer=gazetteer)

    return _run


def pick(feats, layer, kind=None, place=None):
    return [
        f
        for f in feats
        if f.layer == layer
        and (kind is None or f.kind == kind)
        and (place is None or f.place == place)
    ]


def show(feats):
    return [(f.layer, f.kind, f.subject, f.place, f.actor, f.status, f.date) for f in feats]


# (text, published, layer, kind, place, actor, status, date); None = not checked
POSITIVES = [
    (
        "Russia struck the Ukrainian city of Dnipro with a ballistic missile on Thursday.",
        "2024-11-21",
        "incidents",
        "strike",
        "Dnipro",
        "Russia",
        "reported",
        "2024-11-21",
    ),
    (
        "Two days earlier Ukraine had fired six U.S.-made ATACMS missiles at a target in "
        "Russia's Bryansk region, the ministry said.",
        "2024-11-21",
        "incidents",
        "missile launch",
        "Brjansk",  # the Bryansk region (oblast), as GeoNames names it
        "Ukraine",
        "reported",
        "2024-11-19",
    ),
    (
        "The United States will send additional HIMARS launchers to Ukraine next month.",
        "2024-11-21",
        "assets",
        "artillery",
        "Ukraine",
        "United States",
        "planned",
        "2024-12",
    ),
    (
        "Odesa and Kharkiv were shelled overnight.",
        "2025-04-13",
        "incidents",
        "strike",
        "Odesa",
        None,
        "reported",
        "2025-04-13",
    ),
    (
        "Odesa and Kharkiv were shelled overnight.",
        "2025-04-13",
        "incidents",
        "strike",
        "Kharkiv",
        None,
        "reported",
        None,
    ),
    (
        "The IDF said it had struck Hamas targets in Khan Younis on Monday.",
        "2024-02-13",
        "incidents",
        "strike",
        "Khān Yūnis",
        "Israel",
        "reported",
        "2024-02-12",
    ),
    (
        "Israel plans to send troops into Rafah, the prime minister said.",
        "2024-02-13",
        "assets",
        "ground forces",
        "Rafaḩ",
        "Israel",
        "planned",
        None,
    ),
    (
        "Hezbollah fired more than 200 rockets at northern Israel on Wednesday.",
        "2024-06-12",
        "incidents",
        "missile launch",
        "Israel",
        "Hezbollah",
        "reported",
        "2024-06-12",
    ),
    (
        "A Chinese coast guard ship fired water cannon at a Philippine supply boat near the "
        "Second Thomas Shoal on Saturday.",
        "2024-03-23",
        "incidents",
        "harassment",
        "Second Thomas Shoal",
        "China",
        "reported",
        "2024-03-23",
    ),
    (
        "China claims almost all of the South China Sea.",
        "2024-03-23",
        "disputes",
        None,
        "South China Sea",
        None,
        None,
        None,
    ),
    (
        "Pyongyang has denied sending soldiers to fight in Ukraine.",
        "2024-11-05",
        "assets",
        "ground forces",
        "Ukraine",
        "North Korea",
        "denied",
        None,
    ),
    (
        "Wagner mercenaries may soon deploy to Niger, analysts said.",
        "2023-08-03",
        "assets",
        "irregular forces",
        "Niger",
        "Russia",
        "possible",
        None,
    ),
    (
        "In Mali, government soldiers took control of Kidal in November after the rebels withdrew.",
        "2024-02-10",
        "incidents",
        "seizure",
        "Kidal",
        None,
        "reported",
        "2023-11",
    ),
    (
        "The United States has deployed eight warships to the southern Caribbean, officials said.",
        "2025-09-02",
        "assets",
        "naval vessel",
        "Caribbean Sea",
        "United States",
        "reported",
        None,
    ),
    (
        "India struck nine militant sites in Pakistan and Pakistan-administered Kashmir with "
        "missiles early on Wednesday.",
        "2025-05-08",
        "incidents",
        "strike",
        "Pakistan",
        "India",
        "reported",
        "2025-05-07",
    ),
    (
        "Twenty Indian soldiers were killed in a clash with Chinese troops in the Galwan Valley "
        "on Monday night.",
        "2020-06-17",
        "incidents",
        "clash",
        "Galwan Valley",
        None,
        "reported",
        "2020-06-15",
    ),
    (
        "Ukrainian naval drones attacked Russian ships near Novorossiysk last month.",
        "2023-09-14",
        "incidents",
        "attack",
        "Novorossiysk",
        "Ukraine",
        "reported",
        "2023-08",
    ),
    (
        "Ukraine struck a Russian submarine in a dry dock in Sevastopol with missiles on "
        "Wednesday.",
        "2023-09-14",
        "assets",
        "missile",
        "Sevastopol",
        "Ukraine",
        "reported",
        "2023-09-13",
    ),
    (
        "The Pentagon sent ten F-35 fighter jets to Puerto Rico last week.",
        "2025-09-02",
        "assets",
        "aircraft",
        "Puerto Rico",
        "United States",
        "reported",
        "2025-08",  # a week is dated to its month (layers._dates._week_month)
    ),
    (
        "Russia has deployed Iskander missiles in Kaliningrad, a Lithuanian official said.",
        "2024-03-04",
        "assets",
        "missile",
        "Kaliningrad",
        "Russia",
        "reported",
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "published", "layer", "kind", "place", "actor", "status", "date"), POSITIVES
)
def test_wire_statement(run, text, published, layer, kind, place, actor, status, date):
    feats = run(text, published)
    found = pick(feats, layer, kind, place)
    assert found, show(feats)
    f = found[0]
    if actor is not None:
        assert f.actor == actor, show(feats)
    if status is not None:
        assert f.status == status, show(feats)
    if date is not None:
        assert f.date == date, show(feats)


def test_modifier_country_is_neither_place_nor_actor(run):
    feats = run(
        "Azerbaijan used Turkish-made Bayraktar drones to strike positions in Nagorno-Karabakh.",
        "2023-09-20",
    )
    assert feats, show(feats)
    assert all(f.actor != "Turkey" and f.place != "Turkey" for f in feats), show(feats)
    feats = run(
        "Ukraine fired U.S.-made missiles at an airfield in Russia's Kursk region.", "2024-11-21"
    )
    assert all(f.place != "United States" for f in feats), show(feats)
    assert all(f.actor != "United States" for f in feats), show(feats)


def test_holder_compound_keeps_the_listed_place(run):
    feats = run(
        "India struck nine militant sites in Pakistan and Pakistan-administered Kashmir with "
        "missiles early on Wednesday.",
        "2025-05-08",
    )
    places = {f.place for f in pick(feats, "incidents", "strike")}
    assert "Pakistan" in places and any("Kashmir" in p for p in places), show(feats)


def test_speaker_is_not_the_place(run):
    feats = run(
        "Russia's defence ministry said it had struck a meeting of commanders in the city.",
        "2025-04-13",
    )
    assert not any(f.place == "Russia" for f in feats), show(feats)


def test_target_of_an_attack_gets_no_subject_actor(run):
    feats = run(
        "The Houthis have attacked dozens of merchant ships in the Red Sea since November.",
        "2024-01-12",
    )
    # merchant ships are no military asset; the attack is the Houthis'
    assert not pick(feats, "assets", "naval vessel"), show(feats)
    assert any(f.actor == "Houthis" for f in pick(feats, "incidents", "attack")), show(feats)
    feats = run("The destroyer USS Carney shot down 14 drones over the Red Sea.", "2023-12-19")
    # the drones are the shoot-down's target, not a US force
    assert all(f.actor != "United States" for f in pick(feats, "assets", "drone")), show(feats)
    assert pick(feats, "incidents", "shoot-down"), show(feats)


def test_possessive_country_owns_its_force(run):
    feats = run(
        "The ruling junta in Mali turned to Russia's Wagner Group for security.", "2023-08-03"
    )
    assert not any(f.place == "Russia" for f in feats), show(feats)
    assert not pick(feats, "incidents", "coup"), show(feats)


def test_date_of_another_clause_is_not_borrowed(run):
    feats = run(
        "Niger's junta, which seized power in a coup last week, said it would end cooperation "
        "with France, which has about 1,500 troops in Niger.",
        "2023-08-03",
    )
    troops = pick(feats, "assets", "ground forces", "Niger")
    # not the coup's "last week" (2023-07), but the publication date
    assert troops and troops[0].date == "2023-08-03", show(feats)


def test_recent_withdrawal_is_not_historical(run):
    feats = run("Malian soldiers took control of Kidal after the rebels withdrew.", "2024-02-10")
    assert feats and all(f.status == "reported" for f in feats), show(feats)


NEGATIVES = [
    ("Fans flew from Kyiv to Odesa to watch the final on Sunday.", "2024-06-12"),
    ("Firefighters used a water cannon to cool the warehouse in Manila.", "2024-03-23"),
    ("The U.S.-made cars sold well in Germany last year.", "2024-06-12"),
    ("The town of Kidal held a festival in November.", "2024-02-10"),
    ("Shares of the Taiwan chipmaker rose on Friday.", "2024-05-24"),
]


@pytest.mark.parametrize(("text", "published"), NEGATIVES)
def test_wire_negatives(run, text, published):
    feats = run(text, published)
    assert feats == [], show(feats)


def test_numbered_formation_is_a_force(run):
    feats = run(
        "Russian forces attacked Pokrovsk on Monday. Elements of the Russian 41st Combined "
        "Arms Army are reportedly operating near Selydove."
    )
    got = [f for f in feats if f.layer == "assets" and f.place == "Selydove"]
    assert got and got[0].subject == "41st Combined Arms Army", show(feats)
    assert got[0].actor == "Russia", show(feats)


def test_numbered_division_of_a_league_is_no_force(run):
    assert not run("The 3rd Division of the league played in Berlin on Sunday."), "league"


@pytest.mark.parametrize(
    "text,kind,place",
    [
        (
            "Russian forces attacked Pokrovsk. Geolocated footage indicates that Ukrainian "
            "forces recently advanced west of Kreminna.",
            "attack",
            "Kreminna",
        ),
        (
            "Russia attacked Ukraine. Ukraine says it has taken full control of Sudzha and "
            "set up a military administration there.",
            "seizure",
            "Sudzha",
        ),
    ],
)
def test_front_line_verbs(run, text, kind, place):
    feats = run(text)
    assert pick(feats, "incidents", kind, place), show(feats)


def test_mobilised_troops_are_a_deployment(run):
    feats = run(
        "Saudi Arabia said it had mobilized 150,000 troops and 100 warplanes near its border "
        "with Yemen."
    )
    # the sending is told by the forces at the border, who take the sender as actor
    got = pick(feats, "assets", "ground forces")
    assert got and got[0].actor == "Saudi Arabia", show(feats)
    assert not pick(feats, "incidents", "deployment"), show(feats)


def test_an_armoured_unit_sent_to_the_area_is_a_deployment_there(run):
    feats = run(
        "Gangs attacked Mirebalais on Monday, and soldiers fought them for hours. The "
        "Kenyan-led mission, which has about 1,000 police officers in Haiti, said it had "
        "deployed an armored unit to the area."
    )
    assert [
        f
        for f in feats
        if f.layer == "assets" and f.subject == "armored unit" and f.place == "Mirebalais"
    ], [(f.kind, f.subject, f.place) for f in feats]


def test_a_participles_phrase_with_a_list_does_not_part_a_trigger_from_its_place(run):
    feats = run(
        "EUFOR said it would deploy reserve troops to Bosnia. About 1,100 soldiers serve in "
        "the peacekeeping force, which NATO supports. The reinforcements, drawn from "
        "units in Austria, Hungary and Romania, will arrive at Camp Butmir near Sarajevo this "
        "week, EUFOR said."
    )
    got = [f for f in feats if f.subject == "reinforcements"]
    assert got and got[0].place == "Sarajevo" and got[0].status == "planned", [
        (f.kind, f.subject, f.place, f.status) for f in feats
    ]
    assert [f for f in feats if f.subject == "troops" and f.actor == "European Union"]


def test_a_blast_someone_is_blamed_for_is_a_strike(run):
    feats = run(
        "Pakistani and Afghan forces exchanged fire along the border. On Thursday, explosions "
        "were heard in Kabul, which the Taliban blamed on Pakistan."
    )
    assert [f for f in feats if f.kind == "strike" and f.place == "Kabul"], [
        (f.kind, f.subject, f.place) for f in feats
    ]
    # unattributed, the vague word stays no strike
    feats = run("Soldiers patrolled the area. Explosions were heard in Kabul on Thursday.")
    assert not [f for f in feats if f.kind == "strike"]


def test_a_spot_measured_from_a_country_carries_to_the_next_sentences(run):
    feats = run(
        "Indian Navy frees hijacked bulk carrier off Somalia\n\n"
        "The Indian Navy said it had forced Somali pirates holding the bulk carrier MV Ruen to "
        "surrender after an operation about 260 nautical miles east of the Somali coast.\n\n"
        "The destroyer INS Kolkata intercepted the ship on Friday, the navy said."
    )
    got = [f for f in feats if f.kind == "interception"]
    assert got and got[0].attachment == "discourse", [(f.kind, f.subject, f.place) for f in feats]
    assert got[0].geometry.x > 50, got[0].geometry.wkt  # at sea, east of the coast


def test_a_datelines_unit_name_is_no_force(run):
    feats = run(
        "7TH FLEET, Sept 12 — The guided-missile destroyer USS Ralph Johnson conducted a routine "
        "Taiwan Strait transit on Thursday, the fleet said."
    )
    assert not [f for f in feats if f.subject.lower() == "fleet"], [
        (f.kind, f.subject) for f in feats
    ]
    assert [f for f in feats if "destroyer" in f.subject]


def test_an_amount_of_money_is_no_count_and_an_approved_sale_is_planned(run):
    feats = run(
        "U.S. approves $1.7 billion missile sale to Poland, Pentagon says, as troops drill."
    )
    got = [f for f in feats if f.subject == "missile"]
    assert got and {f.quantity for f in got} == {""}, [(f.subject, f.quantity) for f in feats]
    assert {f.status for f in got} == {"planned"}


def test_officials_sent_are_no_force(run):
    feats = run(
        "Soldiers patrolled the capital. The United States said it would send military "
        "officials to Ecuador to discuss security cooperation."
    )
    assert not [f for f in feats if f.kind == "deployment"], [(f.kind, f.subject) for f in feats]
    # advisers are
    feats = run(
        "Soldiers patrolled the capital. The United States said it would send military "
        "advisers to Ecuador."
    )
    got = [f for f in feats if f.subject == "military advisers"]
    assert got and (got[0].place, got[0].actor) == ("Ecuador", "United States"), show(feats)


def test_a_scramble_with_its_own_jets_beside_another_event_is_kept(run):
    feats = run(
        "On Monday, a Chinese Y-9 aircraft flew from the East China Sea over waters near "
        "Okinawa and returned, prompting the Air Self-Defense Force to scramble fighter jets."
    )
    got = [f for f in feats if f.kind == "interception"]
    assert got and got[0].actor == "Japan", [(f.kind, f.subject, f.actor) for f in feats]


def test_a_ship_named_again_without_its_prefix_is_the_ship(run):
    feats = run(
        "The destroyer USS Ralph Johnson (DDG 114) conducted a routine Taiwan Strait transit on "
        "Thursday. Ralph Johnson is forward-deployed to Yokosuka, Japan."
    )
    got = [f for f in feats if f.subject == "Ralph Johnson"]
    assert got and got[0].place == "Yokosuka" and got[0].actor == "United States", [
        (f.subject, f.place) for f in feats
    ]


def test_a_one_word_ship_name_needs_the_article_again(run):
    feats = run(
        "The destroyer INS Kolkata sailed from Mumbai on Monday. Kolkata, the capital of West "
        "Bengal, saw protests."
    )
    assert not [f for f in feats if f.subject == "Kolkata"], [(f.subject, f.place) for f in feats]


def test_a_ship_apposed_to_its_class_noun_is_placed_by_its_verb(run):
    feats = run(
        "The U.S. destroyer transited the Taiwan Strait. Ralph Johnson is based in Yokosuka. "
        "A Canadian frigate, HMCS Ottawa, transited the strait alongside the destroyer."
    )
    got = [f for f in feats if f.layer == "assets" and "Ottawa" in f.subject]
    assert got and got[0].place == "Taiwan Strait", [(f.subject, f.place) for f in feats]
    assert not [f for f in feats if f.subject == "frigate" and f.place != "Taiwan Strait"]


def test_the_country_named_only_as_a_government_is_the_country(run):
    feats = run(
        "Ecuador's military took control of several prisons on Sunday. About 22,400 soldiers "
        "have been deployed across the country, the armed forces said."
    )
    got = [f for f in feats if f.subject == "soldiers"]
    assert got and got[0].place == "Ecuador", [(f.kind, f.subject, f.place) for f in feats]


def test_a_sending_is_mapped_once_as_the_force_at_its_destination(run):
    feats = run("Britain sent 200 troops to Estonia on Monday.")
    assert [(f.layer, f.subject, f.place, f.actor, f.quantity) for f in feats] == [
        ("assets", "troops", "Estonia", "United Kingdom", "200 troops")
    ], show(feats)
    # with both ends stated the movement keeps its line; materiel is no mapped force
    feats = run("Two Russian frigates sailed from Sevastopol to Tartus on Monday.")
    assert [f for f in feats if f.geometry.geom_type == "LineString"], show(feats)
    assert pick(run("The army sent weapons and ammunition to Kharkiv."), "incidents", "deployment")


def test_a_force_that_intercepts_or_strikes_is_told_by_the_event(run):
    feats = run(
        "A Swedish Gripen jet intercepted two Russian Su-27 fighters over the Baltic Sea on "
        "Wednesday."
    )
    event = pick(feats, "incidents", "interception")
    assert event and (event[0].subject, event[0].actor) == ("Gripen jet", "Sweden"), show(feats)
    assert not [f for f in feats if f.subject == "Gripen jet" and f.layer == "assets"], show(feats)
    feats = run("Indian warplanes struck a militant camp near Muzaffarabad on Tuesday.")
    assert not [f for f in feats if f.subject == "warplanes" and f.layer == "assets"]
    # a launch site is where the force is
    feats = run("Lebanon's Hezbollah militia fired rockets from Tyre.")
    assert [f for f in feats if f.layer == "assets" and f.place == "Tyre"], show(feats)
    # forces that fight each other at a place are the clash's parties, not a posture there
    feats = run("Russian troops clashed with Ukrainian forces near Bakhmut on Tuesday.")
    assert pick(feats, "incidents", "clash") and not pick(feats, "assets"), show(feats)


def test_a_force_killed_or_wounded_is_the_incidents_toll(run):
    feats = run("A French drone strike killed about 40 militants near Gao on Sunday.")
    assert pick(feats, "incidents", "strike", "Gao") and not pick(feats, "assets"), show(feats)
    feats = run("Several NATO peacekeeping troops have been wounded in clashes in Zvecan.")
    assert not pick(feats, "assets"), show(feats)
    # the killers are a force there
    feats = run("Suspected jihadists killed 20 soldiers in an ambush near Gao on Friday.")
    assert [f.subject for f in pick(feats, "assets")] == ["jihadists"], show(feats)


def test_a_force_struck_or_seized_is_the_events_target(run):
    feats = run("NATO warplanes struck government tanks on the outskirts of Misrata on Sunday.")
    assert pick(feats, "incidents", "strike") and not pick(feats, "assets"), show(feats)
    feats = run("NORAD jets intercepted two Russian Tu-95 bombers over the Beaufort Sea in July.")
    assert not [f for f in feats if f.subject == "Tu-95 bombers"], show(feats)
    # an agent after "by", and jets scrambled by their own side, are forces there
    feats = run("The Oruc Reis, escorted by five Turkish navy ships, sailed south of Kastellorizo.")
    assert [f for f in feats if f.subject == "navy ships" and f.layer == "assets"], show(feats)


def test_gunfire_heard_or_ringing_out_happened(run):
    feats = run(
        "M23 rebels seized Goma on Sunday after days of fighting with Congolese troops and U.N. "
        "peacekeepers. Rwandan soldiers were seen near the airport, the army said. Heavy "
        "gunfire rang out in Goma overnight."
    )
    assert [f for f in feats if f.subject == "gunfire" and f.place == "Goma"], show(feats)
    feats = run(
        "M23 rebels seized Goma on Sunday after days of fighting with Congolese troops. Rwandan "
        "soldiers were seen near the lake, the army said. Gunfire and explosions were heard "
        "near Goma's airport overnight."
    )
    assert [f for f in feats if f.subject == "Gunfire" and f.place == "Goma"], show(feats)


def test_a_forces_own_act_beside_a_sending_is_kept(run):
    feats = run(
        "Iranian ships fired rockets near U.S. warships in the Strait of Hormuz, and a month "
        "later flew an unarmed drone over the carrier."
    )
    assert pick(feats, "incidents", "missile launch", "Strait of Hormuz"), show(feats)
    # a vague word with no force of its own still gives way to the sending
    feats = run("Should the fighting continue, troops will deploy to Poland.")
    assert not pick(feats, "incidents"), show(feats)
