"""The actor of a statement: who does the thing, never the speaker, a nearby country or the
target's owner. Invented sentences through the real geoparser."""

from __future__ import annotations

import pytest

from geo.model import Document
from layers.extract import extract_features


@pytest.fixture(scope="module")
def run(geoparser, gazetteer):
    def _run(text: str):
        doc = Document(doc_id="a", text=text, published="2024-06-12")
        return extract_features(geoparser.parse(doc), gazetteer=gazetteer)

    return _run


def actor_of(feats, layer, kind):
    got = [f.actor for f in feats if f.layer == layer and f.kind == kind]
    assert got, [(f.layer, f.kind, f.subject, f.actor) for f in feats]
    return got[0]


# (text, layer, kind, expected actor)
CASES = [
    # the subject, a demonym on the subject, an owner, a ship prefix
    ("Russia deployed S-400 systems to Kaliningrad.", "assets", "air defence", "Russia"),
    # "its" belongs to the party that opens its own clause, not to the one urging it
    (
        "The United States urged Russia to withdraw its troops from Crimea.",
        "assets",
        "ground forces",
        "Russia",
    ),
    # an insurgent group is its own actor, not the state it fights
    (
        "ELN guerrillas attacked an army base in Colombia's Catatumbo region.",
        "incidents",
        "attack",
        "ELN",
    ),
    ("Russian bombers flew over the Baltic Sea on Tuesday.", "assets", "aircraft", "Russia"),
    (
        "China's coast guard fired water cannon at a Philippine supply boat near Second "
        "Thomas Shoal.",
        "incidents",
        "harassment",
        "China",
    ),
    (
        "The China Coast Guard fired water cannon near Scarborough Shoal.",
        "incidents",
        "harassment",
        "China",
    ),
    ("Pakistan Air Force jets struck targets near Kabul.", "incidents", "strike", "Pakistan"),
    # the weapon an attack is made "with" is the attacker's, not the target's
    (
        "Hamas said its fighters targeted an Israeli tank with an anti-tank missile east of Rafah.",
        "assets",
        "missile",
        "Hamas",
    ),
    # the event's subject after "of" carries its own demonym, not the speaker's country
    (
        "Egypt's foreign ministry condemned the operation and warned that the presence of "
        "Israeli troops along the Philadelphi corridor threatened the peace treaty.",
        "assets",
        "ground forces",
        "Israel",
    ),
    ("USS Carney shot down drones over the Red Sea.", "incidents", "shoot-down", "United States"),
    # the agent of a passive; its subject is the target
    (
        "A cargo ship was attacked by Houthi rebels in the Red Sea.",
        "incidents",
        "attack",
        "Houthis",
    ),
    (
        "Two Russian Tu-95 bombers were intercepted by Japanese fighter jets near Hokkaido.",
        "incidents",
        "interception",
        "Japan",
    ),
    ("A Russian submarine was struck in Sevastopol.", "incidents", "strike", ""),
    ("A Russian submarine was struck in Sevastopol.", "assets", "naval vessel", "Russia"),
    # targets are not actors
    (
        "Ukraine's military said it struck a Russian airbase in Crimea.",
        "incidents",
        "strike",
        "Ukraine",
    ),
    (
        "A Ukrainian drone struck a Russian submarine in Sevastopol.",
        "incidents",
        "strike",
        "Ukraine",
    ),
    # never the speaker
    ("Kyiv reported a drone strike on Odesa.", "incidents", "strike", ""),
    (
        "South Korea's Joint Chiefs of Staff said the missile was launched toward the Sea of "
        "Japan.",
        "incidents",
        "missile launch",
        "",
    ),
    (
        "The Israeli military said a missile was fired from Yemen toward Eilat.",
        "incidents",
        "missile launch",
        "",
    ),
    (
        "Taiwan's Ministry of National Defense reported that 22 Chinese military aircraft "
        "crossed the median line of the Taiwan Strait.",
        "assets",
        "aircraft",
        "China",
    ),
    (
        "According to Ukraine, Russian troops shelled Kherson overnight.",
        "incidents",
        "strike",
        "Russia",
    ),
    (
        "Russia said it shot down 20 Ukrainian drones over Crimea.",
        "incidents",
        "shoot-down",
        "Russia",
    ),
    (
        "Kenya Defense Forces said militants attempted to breach the perimeter of Manda Bay "
        "Airfield.",
        "assets",
        "irregular forces",
        "",
    ),
    # never a country merely nearby
    (
        "NATO officials in Brussels told Reuters the plane did enter Turkish airspace.",
        "assets",
        "aircraft",
        "",
    ),
    (
        "Georgian government forces have fought three wars against Russian-backed separatist "
        "forces in Abkhazia.",
        "disputes",
        "territorial dispute",
        "",
    ),
    ("Nato soldiers from Italy were deployed to Latvia.", "assets", "ground forces", "NATO"),
    # an owner's institution, not the institution's usual country
    (
        "Swedish Royal Navy vessels searched for a submarine east of Stockholm.",
        "assets",
        "naval vessel",
        "Sweden",
    ),
    # a named group keeps its name after its country
    (
        "Lebanon's Hezbollah militia fired rockets from Tyre.",
        "assets",
        "irregular forces",
        "Hezbollah",
    ),
    # an adjectival participle is not a speech verb
    (
        "Russia's widely announced military mission arrived in Caracas.",
        "incidents",
        "deployment",
        "Russia",
    ),
    # an aside about another party names no actor of the main clause
    (
        "Sweden, which is not a member of NATO, stationed a battle group on Gotland in 2016.",
        "assets",
        "ground forces",
        "Sweden",
    ),
]


@pytest.mark.parametrize(("text", "layer", "kind", "actor"), CASES)
def test_actor(run, text, layer, kind, actor):
    assert actor_of(run(text), layer, kind) == actor


@pytest.mark.parametrize(
    "text",
    [
        "A cargo ship was attacked by Houthi rebels in the Red Sea.",
        "Russia said it shot down 20 Ukrainian drones over Crimea.",
        "The Israeli military said a missile was fired from Yemen toward Eilat.",
        # the instruments of an attack told in the next clause
        "Officials said the troops had used artillery, mortars and drones and had advanced "
        "onto territory near Kharkiv.",
    ],
)
def test_used_weapons_and_civilian_craft_are_no_assets(run, text):
    """A weapon spent in the incident and a civilian ship are the incident's matter, not a
    force posted at the place."""
    feats = run(text)
    assert [f for f in feats if f.layer == "incidents"]
    assert not [f for f in feats if f.layer == "assets" and f.kind in ("missile", "drone")]
    assert not [f for f in feats if f.layer == "assets" and f.kind == "naval vessel"]


def test_the_subjects_own_demonym_is_the_actor_not_the_objects(geoparser, gazetteer):
    text = (
        "Chinese coast guard ships blast Philippine vessel with water cannon near Scarborough Shoal"
    )
    parsed = geoparser.parse(Document(doc_id="a", text=text))
    feats = extract_features(parsed, gazetteer=gazetteer)
    events = [f for f in feats if f.layer == "incidents"]
    assert events and {f.actor for f in events} == {"China"}


def test_the_parties_together_name_no_actor(run):
    # "..., and the two sides fought": neither side, nor a country named before them
    feats = run(
        "Thai and Cambodian troops exchanged fire along their disputed border on Thursday, and "
        "Thailand launched airstrikes on Cambodian military targets. The dispute over the border "
        "dates back to maps drawn under French colonial rule, and the two sides fought over the "
        "Preah Vihear temple between 2008 and 2011."
    )
    fought = [f for f in feats if f.quote.startswith("The dispute") and f.kind == "clash"]
    assert fought and {f.actor for f in fought} == {""}, [(f.kind, f.actor) for f in feats]


def test_the_owner_of_an_object_is_not_the_subject(run):
    # "said it backed Somalia's sovereignty and later sent troops": Egypt sent them
    feats = run(
        "Egypt, which is locked in a dispute with Ethiopia over a dam on the Nile, said it backed "
        "Somalia's sovereignty and later sent weapons and troops to Mogadishu."
    )
    assert actor_of(feats, "assets", "ground forces") == "Egypt"
    # the owner that opens its clause is its subject: "Colombia's government sent soldiers"
    feats = run("Colombia's government sent hundreds of soldiers to the Catatumbo region.")
    assert actor_of(feats, "assets", "ground forces") == "Colombia"


@pytest.mark.parametrize(
    ("text", "kind", "not_actor"),
    [
        # a demonym on people who are no force names the victims
        (
            "Two people, a Bangladeshi woman and a Rohingya man, were killed when a mortar"
            " shell fired from Myanmar landed near the border, police said.",
            "missile launch",
            "Bangladesh",
        ),
        # a direction between the preposition and the country: still a place
        (
            "The Guards fired missiles at positions in northwestern Syria, in retaliation for"
            " a bombing in the city of Kerman that killed nearly 100 people.",
            "strike",
            "Syria",
        ),
        # a later clause with a named subject of its own
        (
            "Morocco did not say who had fired the shells, but the Polisario Front has"
            " repeatedly claimed attacks on army positions near Smara.",
            "attack",
            "Morocco",
        ),
        # a relative clause's subject is its antecedent, not the sentence's first party
        (
            "Iran's Revolutionary Guard struck the town of Panjgur on Tuesday, saying it had"
            " targeted bases of Jaish al-Adl, a Sunni militant group which has attacked"
            " border posts near Saravan.",
            "attack",
            "Iran",
        ),
        # a demonym after a preposition is a place's or a target's, not the subject
        (
            "Fighting between Kyrgyz and Tajik forces spread along their disputed border on"
            " Friday, with both sides massing tanks, mortars and rocket artillery, officials said.",
            "artillery",
            "Kyrgyzstan",
        ),
    ],
)
def test_no_actor_from_a_bystander_a_place_or_another_clause(run, text, kind, not_actor):
    feats = [f for f in run(text) if f.kind == kind]
    assert feats, [(f.layer, f.kind, f.subject, f.actor) for f in run(text)]
    assert all(f.actor != not_actor for f in feats), [(f.kind, f.subject, f.actor) for f in feats]


@pytest.mark.parametrize(
    ("text", "subject", "actor"),
    [
        # a capitalised word after the demonym is a name, not people
        (
            "The strike was conducted in support of Somali National Army forces near Kismayo.",
            "forces",
            "Somalia",
        ),
        # an owner after a preposition still owns ("a reference to Russia's Wagner Group")
        (
            "The operation had the support of partners, a reference to Russia's Wagner Group,"
            " which has deployed hundreds of fighters to Mali since 2021.",
            "fighters",
            "Russia",
        ),
        # a demonym on a ship beats its hull prefix's navy (Sweden's ships are HMS too)
        (
            "The Swedish corvette HMS Visby was shadowing a landing ship near Gotland.",
            "corvette HMS Visby",
            "Sweden",
        ),
        ("HMS Spey sailed through the Taiwan Strait on Monday.", "HMS Spey", "United Kingdom"),
    ],
)
def test_names_and_owners_keep_their_actor(run, text, subject, actor):
    feats = [f for f in run(text) if f.subject == subject]
    assert feats and all(f.actor == actor for f in feats), [
        (f.kind, f.subject, f.actor) for f in run(text)
    ]


def test_what_a_mission_is_against_is_not_the_subject_of_its_strike(run):
    feats = run(
        "The army said the aircraft had been on a mission against Islamist militants when it"
        " struck the village of Tudun Biri near Kaduna."
    )
    strikes = [f for f in feats if f.kind == "strike"]
    assert strikes and all(f.subject != "militants" for f in strikes), [
        (f.kind, f.subject) for f in feats
    ]


def test_a_datelines_place_is_not_the_actor(run):
    feats = run(
        "Where China's next base could be\n\nSINGAPORE (Reuters) - China opened its first"
        " overseas military base in Djibouti in 2017."
    )
    bases = [f for f in feats if f.kind == "base"]
    assert bases and all(f.actor == "China" for f in bases), [(f.subject, f.actor) for f in feats]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Indian and Pakistani troops exchanged fire across the Line of Control.", "clash"),
        (
            "About 16,000 Philippine and American troops began joint military exercises on"
            " Luzon on Monday.",
            "exercise",
        ),
    ],
)
def test_two_parties_joined_by_and_name_no_single_actor(run, text, kind):
    feats = [f for f in run(text) if f.kind == kind]
    assert feats and all(f.actor == "" for f in feats), [(f.kind, f.actor) for f in run(text)]


def test_the_maker_of_bought_equipment_is_not_who_holds_it(run):
    feats = [f for f in run("Turkey itself bought Russian S-400 systems in 2019.") if f.kind]
    assert feats and all(f.actor != "Russia" for f in feats), [(f.kind, f.actor) for f in feats]
    # a command is no purchase: "ordered French troops out" keeps them France's
    feats = run("The junta in Niamey has also ordered French troops out and ended cooperation.")
    troops = [f for f in feats if f.subject == "troops"]
    assert troops and all(f.actor == "France" for f in troops), [(f.kind, f.actor) for f in feats]


@pytest.mark.parametrize(
    "text",
    [
        "Militias allied to Iran attacked a US base in Syria.",
        "Militias backed by Iran attacked a US base in Syria.",
        "Militias loyal to Turkey attacked Kurdish positions near Manbij.",
    ],
)
def test_a_sponsor_is_not_the_actor(run, text):
    feats = run(text)
    assert actor_of(feats, "incidents", "attack") == "", text


@pytest.mark.parametrize(
    "text",
    [
        "Nicaragua's congress has authorised Russian troops, ships and aircraft to enter the "
        "country for exercises.",
        "Cuba welcomed Russian warships, submarines and aircraft in Havana.",
    ],
)
def test_list_members_share_the_heads_demonym(run, text):
    feats = run(text)
    assets = [f for f in feats if f.layer == "assets"]
    assert len(assets) == 3 and {f.actor for f in assets} == {"Russia"}, [
        (f.subject, f.actor) for f in assets
    ]


def test_royal_marines_are_british(run):
    feats = run("Argentine forces overwhelmed the small garrison of Royal Marines at Port Stanley.")
    assert [f for f in feats if f.subject == "Marines" and f.actor == "United Kingdom"], [
        (f.subject, f.actor) for f in feats
    ]


def test_a_fight_between_parties_has_no_single_actor(run):
    feats = run("Fighting between Sudanese army troops and RSF fighters raged in El Fasher.")
    assert actor_of(feats, "incidents", "clash") == ""
    # each party keeps its own demonym
    feats = run("Sudanese army troops and RSF fighters are massed in El Fasher.")
    assert actor_of(feats, "assets", "ground forces") == "Sudan"


def test_flights_between_two_places_keep_their_actor(run):
    feats = run(
        "Two Russian Su-27 fighters were flying between mainland Russia and the Kaliningrad "
        "exclave with their transponders switched off."
    )
    assert actor_of(feats, "incidents", "deployment") == "Russia"


def test_sponsors_listed_after_backed_by_are_neither_place_nor_actor(geoparser, gazetteer):
    text = (
        "Turkey's parliament approved a bill allowing troops to be deployed to Libya, where "
        "militias fight for the government in Tripoli. Haftar's forces, backed by Russia, Egypt "
        "and the United Arab Emirates, have been trying to capture Tripoli since April. Egypt "
        "warned against any foreign military intervention in Libya."
    )
    doc = Document(doc_id="a", text=text, published="2020-01-02")
    feats = extract_features(geoparser.parse(doc), gazetteer=gazetteer)
    got = [f for f in feats if "Haftar" in f.quote]
    assert got, [(f.kind, f.place, f.actor) for f in feats]
    assert not {f.place for f in got} & {"Russia", "Egypt", "United Arab Emirates"}
    assert not {f.actor for f in got} & {"Russia", "Egypt", "United Arab Emirates"}


def test_its_belongs_to_the_nearest_speaker(run):
    feats = run(
        "Yemen's Houthis said they had fired missiles at Israel, and the Israeli military said "
        "its Arrow air defence system had intercepted a missile over the Red Sea."
    )
    assert actor_of(feats, "incidents", "interception") == "Israel"


def test_a_victim_of_an_event_is_not_its_actor(run):
    feats = run(
        "Soldiers and gangs clashed in Mirebalais on Monday. A Kenyan soldier was killed in an "
        "ambush in the Artibonite region last month."
    )
    assert actor_of(feats, "incidents", "attack") == ""
    # the soldier killed is the ambush's toll, not a force mapped there
    assert not [f for f in feats if f.subject == "soldier" and f.layer == "assets"]


def test_the_force_a_subject_clashes_with_is_not_the_subjects(run):
    feats = run(
        "Islamic State-linked insurgents attacked the town of Macomia in Mozambique's northern "
        "Cabo Delgado province on Friday, looting shops and clashing with soldiers for several "
        "hours, residents said."
    )
    soldiers = [f for f in feats if f.subject == "soldiers"]
    assert soldiers and {f.actor for f in soldiers} == {""}, [(f.subject, f.actor) for f in feats]


def test_an_event_named_by_a_participle_before_its_noun_is_not_the_clauses(run):
    feats = run(
        "Pirates hijacked a bulk carrier off Somalia last week. The Indian Navy escorted the "
        "hijacked ship to Mumbai on Sunday."
    )
    assert not [f for f in feats if f.kind == "seizure" and f.place == "Mumbai"], [
        (f.kind, f.place, f.actor) for f in feats
    ]
    assert not [f for f in feats if f.kind == "seizure" and f.actor == "India"]
    # a siege named so goes on where the clause's event is
    feats = run("Paramilitary forces shelled the besieged city of El Fasher on Friday.")
    assert [f for f in feats if f.kind == "blockade"], [(f.kind, f.place) for f in feats]


def test_a_far_agent_after_by_does_the_event(geoparser, gazetteer):
    text = (
        "The attacks on commercial vessels in the Gulf of Aden and Red Sea by the Houthi rebels "
        "have caused significant disruptions to global trade."
    )
    feats = extract_features(
        geoparser.parse(Document("a", text, published="2024-03-02")), gazetteer=gazetteer
    )
    attacks = [f for f in feats if f.kind == "attack"]
    assert attacks and {f.actor for f in attacks} == {"Houthis"}, feats
    # the rebels are told by their attacks, not also as a force there
    assert not [f for f in feats if f.layer == "assets"], feats
