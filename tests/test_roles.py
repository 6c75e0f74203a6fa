"""What a place mention does in its sentence (layers.roles, layers.statements), seen through
layers.extract.extract_features with the real geoparser. All sentences are invented."""

from __future__ import annotations

import math

import pytest

from geo.model import Document
from geo.outlines import country_shapes
from geo.resolve import FALLBACK_CONFIDENCE
from layers.extract import extract_features
from layers.mentions import caption


@pytest.fixture(scope="module")
def run(geoparser, gazetteer):
    def _run(text: str, *, with_parsed: bool = False):
        parsed = geoparser.parse(Document(doc_id="r", text=text, published="2024-06-12"))
        feats = extract_features(parsed, gazetteer=gazetteer)
        return (parsed, feats) if with_parsed else feats

    return _run


def at(feats) -> set[str]:
    return {f.place for f in feats}


def show(feats):
    return [(f.layer, f.kind, f.subject, f.place, f.attachment) for f in feats]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


# --- origins -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "NATO soldiers from Italy were hurt in the attack.",
        "Two soldiers from Italy were wounded in a drone attack.",
    ],
)
def test_origin_of_the_hurt_carries_no_point(run, text):
    feats = run(text)
    assert "Italy" not in at(feats), show(feats)


@pytest.mark.parametrize(
    "text",
    [
        "An F-16 from Ramstein Air Base in Germany fired a missile at the drone.",
        "Two frigates from the naval base in Toulon, France, fired missiles at the drones.",
    ],
)
def test_the_home_base_of_a_shooter_is_not_where_it_fired(run, text):
    # "in Germany" locates the base the "from" names: the origin, not the launch
    feats = run(text)
    assert not [f for f in feats if f.attachment == "at" and f.kind != "base"], show(feats)


def test_origin_of_a_delivery_carries_no_point(run):
    feats = run("Russia delivered drones from Iran to Venezuela.")
    assert "Iran" not in at(feats), show(feats)


def test_origin_of_a_deployment_is_no_point(run):
    feats = run("NATO soldiers from Italy were deployed to Latvia.")
    points = [f for f in feats if f.geometry.geom_type == "Point"]
    assert points and all(f.place == "Latvia" for f in points), show(feats)


@pytest.mark.parametrize(
    "text",
    ["Houthi fighters fired missiles from Yemen.", "Houthi fighters launched drones from Yemen."],
)
def test_fired_from_is_where_the_shooter_is(run, text):
    feats = run(text)
    launches = [f for f in feats if f.layer == "incidents" and f.kind == "missile launch"]
    assert launches and all(f.place == "Yemen" for f in launches), show(feats)


# --- parties, parts, routes ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Iranian warships held drills with Russia.",
        "Belarus signed a deal with Russia to host Iskander missiles.",
        "Venezuela signed a deal with Russia to buy S-300 missiles.",
    ],
)
def test_with_a_country_is_a_party(run, text):
    feats = run(text)
    assert "Russia" not in at(feats), show(feats)


def test_part_of_a_strait_is_a_location(run):
    feats = run("Chinese warships crossed the median line of the Taiwan Strait.")
    assert at(feats) == {"Taiwan Strait"}, show(feats)
    assert all(f.location_precision == "area" for f in feats)


def test_partitive_claim_is_a_location(run):
    feats = run("China claims almost all of the South China Sea.")
    disputes = [f for f in feats if f.layer == "disputes"]
    assert disputes and {f.place for f in disputes} == {"South China Sea"}, show(feats)


def test_route(run):
    feats = run("A US destroyer sailed through the Taiwan Strait.")
    vessel = [f for f in feats if f.layer == "assets" and f.subject == "destroyer"]
    assert vessel and vessel[0].place == "Taiwan Strait", show(feats)
    assert vessel[0].attachment == "route"


# --- qualifiers, appositions, possessives, relative clauses, parentheses -------------------


def test_region_qualifier_keeps_the_town(run):
    feats = run("In Enerhodar, Zaporizhzhia Oblast, Russian troops shelled a school.")
    assert feats and at(feats) == {"Enerhodar"}, show(feats)
    assert all(f.location_precision == "exact" for f in feats)


def test_apposition_list_spells_out_the_country(run):
    feats = run(
        "Russia annexed the occupied territories of Ukraine \u2013 Zaporizhzhia, Donetsk and "
        "Luhansk."
    )
    assert {f.mention for f in feats} == {"Zaporizhzhia", "Donetsk", "Luhansk"}, show(feats)


@pytest.mark.parametrize("when", ["overnight", "on Sunday", "last night"])
def test_a_time_adverb_before_the_list_still_spells_out_the_country(run, when):
    feats = run(
        f"Azerbaijani forces shelled towns inside Armenia {when}, including Jermuk and Goris."
    )
    assert {f.place for f in feats if f.layer == "incidents"} == {"Jermuk", "Goris"}, show(feats)


def test_breakaway_region_of_a_country(run):
    feats = run("Russian troops are stationed in Georgia's breakaway region South Ossetia.")
    assert feats and at(feats) == {"South Ossetia"}, show(feats)


@pytest.mark.parametrize(
    "text",
    [
        "Russia deployed mercenaries of the Wagner group which operates in Africa.",
        "Russia sent mercenaries of the Wagner group, which operates in Africa, to Mali.",
    ],
)
def test_relative_clause_is_not_the_place(run, text):
    feats = run(text)
    assert "Africa" not in at(feats), show(feats)


def test_short_parenthesis_does_not_break_the_clause(run):
    feats = run(
        "Chinese troops clashed with Indian soldiers at the Patrolling Point 14 (PP 14) area "
        "of the Galwan Valley."
    )
    clashes = [f for f in feats if f.kind == "clash"]
    assert clashes and at(clashes) == {"Galwan Valley"}, show(feats)


# --- discourse -----------------------------------------------------------------------------

SHOAL = "Chinese coast guard ships fired water cannon at Scarborough Shoal."


def test_discourse_carries_the_place(run):
    second = "The coast guard vessels also rammed a Philippine supply boat."
    text = f"{SHOAL} {second}"
    feats = run(text)
    later = [f for f in feats if f.quote_start > 0 and f.layer == "incidents"]
    assert later, show(feats)
    f = later[0]
    assert f.place == "Scarborough Shoal"
    assert f.attachment == "discourse"
    assert text[f.start : f.end] == "Scarborough Shoal"
    assert f.start < text.index(second)  # the earlier mention
    assert f.quote == second
    assert f.quote_start == text.index(second)


def test_discourse_carries_the_place_plain_ships(run):
    feats = run(
        "Chinese ships fired water cannon at Scarborough Shoal. The vessels also rammed a "
        "Philippine boat."
    )
    assert any(f.attachment == "discourse" and f.place == "Scarborough Shoal" for f in feats)


def test_anaphor(run):
    text = f"{SHOAL} Later the coast guard ships rammed a Philippine boat near the shoal."
    feats = run(text)
    later = [f for f in feats if f.quote_start > 0]
    assert later, show(feats)
    for f in later:
        assert f.place == "Scarborough Shoal"
        assert f.attachment == "anaphor"
        assert f.mention == "the shoal"
        assert text[f.start : f.end] == "the shoal"


@pytest.mark.parametrize(
    "second",
    [
        "The Tu-160 can carry cruise missiles.",
        "The Tu-160 bombers can carry cruise missiles.",
    ],
)
def test_capability_is_never_carried(run, second):
    first = "Russian bombers were deployed to Engels."
    feats = run(f"{first} {second}")
    assert feats, "the first sentence states a deployment"
    assert all(f.quote == first for f in feats), show(feats)


def test_discourse_fades(run):
    # named once, then many sentences later without a place: no longer carried
    filler = " ".join(f"The weather was mild on day {i}." for i in range(8))
    feats = run(f"{SHOAL} {filler} The coast guard vessels rammed a Philippine supply boat.")
    assert all(f.quote == SHOAL for f in feats), show(feats)


# --- relative locations and precision ------------------------------------------------------


def test_offset_north(run, gazetteer):
    parsed, feats = run("Russian troops massed 40 km north of Kharkiv.", with_parsed=True)
    assert feats, show(feats)
    kharkiv = next(t for t in parsed.toponyms if t.mention == "Kharkiv")
    for f in feats:
        assert f.place == "Kharkiv" and f.location_precision == "offset"
        assert f.geometry.y > kharkiv.lat
        assert km(kharkiv.lat, kharkiv.lon, f.geometry.y, f.geometry.x) == pytest.approx(40, abs=4)
        assert abs(f.geometry.x - kharkiv.lon) < 0.05


def test_offset_east(run):
    parsed, feats = run("Swedish troops were deployed east of Stockholm.", with_parsed=True)
    assert feats, show(feats)
    sthlm = next(t for t in parsed.toponyms if t.mention == "Stockholm")
    for f in feats:
        assert f.location_precision == "offset"
        assert f.geometry.x > sthlm.lon


def test_off_a_country_coast_is_at_sea_as_an_area(run):
    # no town says which stretch of coast: the sea off the coast nearest the country's
    # point, as an area (never inland at the country's centre, never an exact pin)
    parsed, feats = run("US warships were deployed off Venezuela's coast.", with_parsed=True)
    assert feats, show(feats)
    ven = next(t for t in parsed.toponyms if t.mention == "Venezuela")
    land = country_shapes()["VE"]
    for f in feats:
        assert f.location_precision == "area"
        assert f.geometry.y > ven.lat and not land.contains(f.geometry)  # at sea, to the north
    # a large country's centre is too far from any coast to say which: its point stays
    feats = run("Warships were deployed off the coast of Russia.")
    assert all(f.location_precision == "country" for f in feats), show(feats)


def test_off_a_first_level_division_is_at_sea_off_its_nearest_coast(run):
    # "off the coast of South Carolina": the sea nearest the state's point, as an area
    parsed, feats = run(
        "A US fighter jet shot down a balloon off the coast of South Carolina.", with_parsed=True
    )
    sc = next(t for t in parsed.toponyms if t.mention == "South Carolina")
    land = country_shapes()["US"]
    assert feats, show(feats)
    for f in feats:
        assert f.location_precision == "area" and not land.contains(f.geometry), show(feats)
        assert km(f.geometry.y, f.geometry.x, sc.lat, sc.lon) < 300


def test_a_sea_that_describes_a_city_is_not_the_place(run):
    # "the Red Sea port city": the city the story named, not the sea
    feats = run(
        "Houthi drones hit Jeddah on Friday. Rebels fired missiles at the Red Sea city again."
    )
    assert feats and "Red Sea" not in at(feats), show(feats)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "Chinese vessels rammed Vietnamese ships on Monday. The confrontation took place "
            "near the Paracel Islands.",
            "Paracel Islands",
        ),
        (
            "Two Indian soldiers were killed in the attack on Monday, the army said. The fighting "
            "broke out near the Galwan Valley in Ladakh.",
            "Galwan Valley",
        ),
    ],
)
def test_a_vague_event_noun_that_happened_is_an_event(run, text, place):
    # "the confrontation took place near X": no force word needed beside it
    feats = run(text)
    assert ("clash", place) in {(f.kind, f.place) for f in feats}, show(feats)


def test_a_claim_in_a_relative_clause_is_on_its_antecedent(run):
    # ", which are administered by Japan but claimed by China": the islands are contested
    feats = run(
        "A Chinese carrier group sailed near the Senkaku Islands, which are administered by "
        "Japan but claimed by China."
    )
    got = {(f.layer, f.place) for f in feats}
    assert ("disputes", "Senkaku Islands") in got, show(feats)


def test_ships_in_the_region_are_at_the_sea_of_the_story(run):
    # the last land place is a state off whose coast the story happens: ships "in the
    # region" are at the story's sea, not at the state's centre
    feats = run(
        "Pirates hijacked a tanker in the Arabian Sea on Monday, the navy said, about 300 km "
        "off the coast of Gujarat. India has deployed four destroyers in the region."
    )
    ships = [f for f in feats if f.subject == "destroyers"]
    assert ships and {f.place for f in ships} == {"Arabian Sea"}, show(feats)


def test_a_place_in_a_later_as_clause_is_that_clauses(run):
    # "as warships were drawn to the Red Sea": the warships' destination, not the hijackings'
    feats = run(
        "There have been at least 20 hijacking attempts since November as warships were drawn "
        "to the Red Sea."
    )
    hijack = [f for f in feats if f.kind == "seizure"]
    assert all(f.place != "Red Sea" for f in hijack), show(feats)
    assert {(f.subject, f.place) for f in feats if f.layer == "assets"} == {
        ("warships", "Red Sea")
    }, show(feats)


def test_a_place_in_the_speakers_apposition_is_the_speakers(run):
    # "JNIM, al Qaeda's affiliate in the Sahel, said ...": the Sahel describes who speaks
    feats = run(
        "JNIM, al Qaeda's affiliate in the Sahel, said its fighters destroyed several military "
        "aircraft at the airbase."
    )
    assert "Sahel" not in at(feats), show(feats)


def test_the_storys_past_does_not_become_its_current_place(run):
    # "after a militant attack in Pahalgam last month": the later shoot-down is not there
    feats = run(
        "India struck Pakistan on Wednesday after a militant attack on tourists in Pahalgam "
        "last month killed 26 men. Pakistan said its air force shot down five Indian jets."
    )
    assert any(f.place == "Pahalgam" for f in feats), show(feats)
    assert all(f.place != "Pahalgam" for f in feats if f.kind == "shoot-down"), show(feats)


def test_an_owner_before_a_quoted_noun_at_a_sentence_end_is_no_place(run):
    # the possessed phrase ends with its sentence: "Russia's" owns the fleet, the next
    # sentence's words are not part of it
    feats = run(
        "Finnish authorities have seized an oil tanker suspected of damaging a power cable "
        "between Finland and Estonia, police said, adding that the ship was part of Russia's "
        '"shadow fleet".\n\nThe Cook Islands-registered Eagle S had dragged its anchor.'
    )
    assert "Russia" not in at(feats), show(feats)


def test_each_entry_of_a_live_blog_is_a_story_of_its_own(run):
    # the second entry's interceptions are not at the first entry's town
    text = (
        "Live updates\n\n09:14 GMT — Israeli jets struck rocket launchers near the town of "
        "Nabatieh overnight.\n\n08:40 GMT — Hezbollah fired about 30 rockets into northern "
        "Israel. Most were intercepted, the army said."
    )
    feats = run(text)
    assert any(f.kind == "strike" for f in feats), show(feats)
    assert not [f for f in feats if f.kind == "interception"], show(feats)


def test_an_island_nation_named_as_a_government_is_the_phrases_place(run):
    # "The Solomon Islands has signed ... the Pacific island nation": not Australia, named
    # as a place before it, nor the Pacific
    feats = run(
        "Solomon Islands signs pact with China, alarming Australia\n\nThe Solomon Islands has "
        "signed a security agreement with China that could allow Chinese warships to dock in the "
        "Pacific island nation, Beijing said. The pact said China could send armed forces there "
        "at the government's request."
    )
    ships = [f for f in feats if f.subject == "warships"]
    assert ships and {f.place for f in ships} == {"Solomon Islands"}, show(feats)
    assert "Pacific Ocean" not in at(feats), show(feats)
    # "there" right after a country of the same sentence is that country, never an older place
    feats = run(
        "Warships sailed across the Pacific Ocean. The pact said Chinese naval ships could refuel "
        "in the Solomon Islands and that China could send armed forces there."
    )
    forces = [f for f in feats if f.subject == "armed forces"]
    assert forces and "Pacific Ocean" not in {f.place for f in forces}, show(feats)


def test_a_region_in_a_wars_name_is_no_place(run):
    # "in the 1967 Mideast war": when, not where the annexation is
    feats = run(
        "Israel captured the Golan Heights from Syria in the 1967 Mideast war and annexed it in "
        "1981."
    )
    assert feats and "Middle East" not in at(feats), show(feats)


def test_a_ships_name_does_not_part_it_from_its_verb(run):
    # "the submarine Kazan, which had visited Havana, had sailed back into the Atlantic"
    feats = run(
        "The navy said the nuclear-powered submarine Kazan, which had visited Havana, had "
        "sailed back into the Atlantic."
    )
    subs = [f for f in feats if f.layer == "assets" and "submarine" in f.subject]
    assert subs and {f.place for f in subs} == {"Atlantic Ocean"}, show(feats)


def test_a_ship_near_a_country_is_at_sea_off_it(run):
    # "near" a country, for a ship: off its coast (outside its territorial sea), not inland
    parsed, feats = run("Two US destroyers were seen near Venezuela.", with_parsed=True)
    ships = [f for f in feats if f.subject == "destroyers"]
    assert ships, show(feats)
    ven = next(t for t in parsed.toponyms if t.mention == "Venezuela")
    land = country_shapes()["VE"]
    for f in ships:
        assert f.location_precision == "area"
        assert not land.contains(f.geometry) and f.geometry.y > ven.lat
    # troops near a neighbour are not at sea: on the border of their own country and it
    feats = run("Russian troops massed near Ukraine.")
    assert feats and all(f.location_precision == "area" for f in feats), show(feats)
    for f in feats:
        assert km(f.geometry.y, f.geometry.x, 50.3, 37.5) < 300, show(feats)  # Belgorod-Kharkiv
    feats = run("Serbia's army has about 4,500 troops stationed near Kosovo.")
    assert feats and all(f.location_precision == "area" for f in feats), show(feats)
    for f in feats:
        assert km(f.geometry.y, f.geometry.x, 42.6, 21.0) > 20  # not Kosovo's own point
    # no home country named: the country's point, as a country-level pin
    feats = run("Troops massed near Ukraine.")
    assert feats and all(f.location_precision == "country" for f in feats), show(feats)


def test_a_list_of_forces_shares_the_place_after_it(run):
    # the place after the list is said of every item, however long the list before it
    feats = run(
        "The navy deployed at least seven warships, a nuclear-powered submarine and more "
        "than 4,500 Marines to Guam."
    )
    got = {(f.layer, f.subject) for f in feats if f.place == "Guam"}
    assert {
        ("assets", "warships"),
        ("assets", "nuclear-powered submarine"),
        ("assets", "Marines"),
    } <= got, show(feats)


def test_a_count_named_in_part_stays_a_count(run):
    # "28 combat aircraft, including Su-30 fighters": the named ones are some of the 28
    feats = run("Russia deployed 28 combat aircraft, including Su-30 fighters, to Latakia.")
    assets = {f.subject: f for f in feats if f.layer == "assets"}
    assert {"combat aircraft", "Su-30 fighters"} <= set(assets), show(feats)
    assert assets["combat aircraft"].quantity and not assets["Su-30 fighters"].quantity
    # the same ship named after its class noun is one ship, not two
    feats = run("A US destroyer, the USS Mason, sailed in the Red Sea.")
    assert [f.subject for f in feats if f.layer == "assets"] == ["USS Mason"], show(feats)


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("Russian troops shelled Kharkiv.", "exact"),
        ("A US destroyer sailed through the Taiwan Strait.", "area"),
        ("Russian troops deployed to Ukraine.", "country"),
        ("Russian troops deployed to Crimea.", "country"),
    ],
)
def test_location_precision(run, text, precision):
    feats = run(text)
    assert feats and {f.location_precision for f in feats} == {precision}, show(feats)


# --- mentions that are not places ----------------------------------------------------------


def test_speaker_place_carries_nothing(run):
    feats = run("The general told reporters in Brussels that Russian troops shelled Kharkiv.")
    assert feats and at(feats) == {"Kharkiv"}, show(feats)
    assert run("The general told reporters in Brussels that Russian warships were deployed.") == []


def test_dateline_carries_nothing(run):
    feats = run("BRUSSELS \u2014 Russian troops shelled Kharkiv.")
    assert feats and at(feats) == {"Kharkiv"}, show(feats)
    assert run("BRUSSELS \u2014 Russian troops were deployed on Monday.") == []
    # nor is it an antecedent of "the city"
    feats = run("BRUSSELS \u2014 Russian troops were deployed. The troops stayed in the city.")
    assert feats == [], show(feats)


def test_organisation_name_is_no_place(run):
    feats = run("The China Coast Guard fired water cannon near Scarborough Shoal.")
    assert feats and at(feats) == {"Scarborough Shoal"}, show(feats)
    assert run("The China Coast Guard fired water cannon.") == []


def test_maker_is_no_place(run):
    feats = run("China flew Shenyang J-16 fighters near Taiwan.")
    assert feats and "Shenyang" not in at(feats), show(feats)
    assert any("Shenyang" in f.subject for f in feats)


def test_unknown_name_at_the_main_place_carries_nothing(run):
    text = "Chinese troops clashed with Indian soldiers at Patrolling Point 15."
    parsed, feats = run(text, with_parsed=True)
    unknown = [t for t in parsed.toponyms if t.mention == "Patrolling Point"]
    # precondition: the geoparser put the unknown name at the document's main place
    assert unknown and unknown[0].confidence <= FALLBACK_CONFIDENCE
    assert unknown[0].name != unknown[0].mention
    assert feats == [], show(feats)


def test_an_unknown_place_off_a_coast_is_not_the_storys_place(run):
    # ", meanwhile," parts no clause: the ship's own place is in it, unresolved
    feats = run(
        "Russian warships sailed near Kaliningrad on Monday, the navy said. The Swedish "
        "corvette Visby, meanwhile, was shadowing a Russian landing ship off the southern tip "
        "of Qwertland, the navy said."
    )
    assert not [f for f in feats if "Qwertland" in f.quote], show(feats)


def test_unknown_name_keeps_the_discourse_place(run):
    text = (
        "Chinese troops clashed with Indian soldiers near Pangong Tso. Indian troops later "
        "clashed with Chinese patrols at Yangtse Ridge."
    )
    feats = run(text)
    assert feats and at(feats) == {"Pangong Lake"}, show(feats)


# --- what is no asset ----------------------------------------------------------------------


def test_civilian_craft_is_no_asset(run):
    feats = run("Houthi rebels fired a missile at a container ship in the Red Sea.")
    assert feats, show(feats)
    assert not any(f.layer == "assets" and "ship" in f.subject for f in feats), show(feats)


def test_spent_weapon_is_no_asset(run):
    feats = run("A Russian drone struck a cargo ship near Odesa.")
    assert [f.layer for f in feats] == ["incidents"], show(feats)
    assert feats[0].place == "Odesa"


def test_target_warship_and_the_drone_are_the_strikes(run):
    # one feature for the statement: the strike near Sevastopol, its target in the quote
    feats = run("A Ukrainian naval drone struck a Russian warship near Sevastopol.")
    assert [(f.layer, f.place) for f in feats] == [("incidents", "Sevastopol")], show(feats)


# --- a very long sentence ------------------------------------------------------------------

TOWNS = (
    "Kyiv Kharkiv Odesa Lviv Dnipro Poltava Sumy Chernihiv Zhytomyr Vinnytsia Uman Izium "
    "Kupiansk Lozova Pavlohrad Nikopol Kherson Mykolaiv Kramatorsk Sloviansk Bakhmut Avdiivka "
    "Mariupol Berdiansk Melitopol Tokmak Enerhodar Kremenchuk Cherkasy Bila Tserkva"
).split()


def long_sentence(size: int) -> tuple[str, int]:
    parts = ["Russian troops moved from Kyiv to Kharkiv, Odesa and Lviv"]
    count, i, length = 4, 0, len(parts[0])
    fillers = (
        ", then the brigades pushed on from {} to {} with armoured columns and heavy "
        "artillery support, and {}",
        ", while other units crossed {}, {} and {} before regrouping near the roads around {}",
        " and on toward {} and {}, where engineers built pontoon bridges under drone fire",
    )
    while length < size - 1:
        fmt = fillers[i % len(fillers)]
        picked = [TOWNS[(count + j) % len(TOWNS)] for j in range(fmt.count("{}"))]
        part = fmt.format(*picked)
        parts.append(part)
        count += len(picked)
        length += len(part)
        i += 1
    return "".join(parts) + ".", count


def test_long_sentence_finishes_with_proportional_features(run):
    text, count = long_sentence(20_000)
    assert len(text) >= 20_000 and count > 300
    parsed, feats = run(text, with_parsed=True)
    assert len(parsed.toponyms) > 300
    assert feats, "a sentence about troops moving between towns states something"
    assert len(feats) <= 4 * count
    assert all(0 <= f.start < f.end <= len(text) for f in feats)


def test_home_base_inside_an_origin_phrase(run):
    feats = run(
        "Four B-1 bombers deployed to Norway; they come from the 7th Bomb Wing at Dyess Air "
        "Force Base in Texas."
    )
    assert feats and all(f.attachment in ("destination", "at") for f in feats), show(feats)
    assert all("Dyess" not in f.place and f.place != "Texas" for f in feats), show(feats)


def test_the_country_is_the_current_places_country(run):
    text = (
        "The U.S. aircraft carrier arrived in Busan, South Korea, on Sunday. "
        "It is the first U.S. aircraft carrier to call at a port in the country since June."
    )
    feats = run(text)
    carried = [f for f in feats if f.mention == "the country"]
    assert carried and all(f.place == "South Korea" for f in carried), show(feats)


def test_off_a_countrys_coast_is_at_sea_off_its_named_town(run):
    text = (
        "Russian transport planes landed in Caracas on Monday. "
        "The American destroyer USS Stockdale was patrolling off Venezuela's coast."
    )
    feats = [f for f in run(text) if "Stockdale" in f.subject]
    assert feats, show(run(text))
    for f in feats:
        assert f.location_precision == "area", show(feats)
        assert 10.6 < f.geometry.y < 11.5 and -68.0 < f.geometry.x < -66.0, f.geometry


def test_outside_an_area_is_not_there(run):
    feats = run(
        "North Korea fired several ballistic missiles into the sea on Thursday. Japan's coast "
        "guard said the missiles landed outside Japan's exclusive economic zone."
    )
    assert all(f.place != "Japan" for f in feats), show(feats)


def test_outside_a_town_is_near_it(run):
    feats = run("Russian troops massed outside Kharkiv on Monday.")
    assert feats and {f.place for f in feats} == {"Kharkiv"}, show(feats)


def test_a_region_after_in_locates_the_origin_and_is_no_place(run):
    # "X in Y" with Y the larger unit of X's own country: Y says where X is, nothing more
    feats = run("The bombers will come from the 9th Bomb Wing at Fort Hood in Texas.")
    assert feats == [], show(feats)
    feats = run("The frigates sailed from the naval base at Sevastopol in Crimea.")
    assert at(feats) == {"Sevastopol"}, show(feats)


@pytest.mark.parametrize(
    "text",
    [
        "Such bombers took part in the campaign in Syria in 2015.",
        "Moscow has protested the deployment of such missiles in Poland.",
        "These types of drones have been seen over Kherson.",
    ],
)
def test_a_kind_of_thing_is_no_thing_at_a_place(run, text):
    # no force of that kind is at the place (the campaign itself may be: it happened there)
    feats = run(text)
    assert not [f for f in feats if f.layer == "assets"], show(feats)
    assert not [f for f in feats if f.layer == "incidents" and f.kind != "attack"], show(feats)


def test_such_as_still_names_things(run):
    feats = run("Drones such as the Shahed struck Odesa overnight.")
    assert "Odesa" in at(feats), show(feats)


def test_a_missile_that_fell_into_the_sea_landed_there(run):
    feats = run("The ballistic missile fell into the Sea of Japan, officials said.")
    assert ("incidents", "landing", "Sea of Japan") in {(f.layer, f.kind, f.place) for f in feats}


def test_falling_without_a_force_word_is_nothing(run):
    assert run("A tree fell on the road near Kharkiv during the storm.") == []


@pytest.mark.parametrize(
    "text",
    [
        "A deputy commander of rebel forces in Syria said the talks had failed.",
        "The Pakistani forces' spokesperson in Rawalpindi said the talks had failed.",
    ],
)
def test_a_force_that_only_says_whom_a_speaker_belongs_to_is_no_posture(run, text):
    assert not [f for f in run(text) if f.layer == "assets"], show(run(text))


def test_a_speakers_place_does_not_locate_what_they_report(run):
    feats = run(
        "Turkish F-16s shot down a Russian Su-24 bomber near Latakia on Monday. "
        "A commander of militia units in Idlib said his fighters shot the crew."
    )
    shot = [f for f in feats if "shot" in f.quote and f.layer == "incidents"]
    assert shot and all(f.place != "Idlib" for f in shot), show(feats)


def test_a_vague_event_word_needs_a_finite_force_subject_to_take_the_story_place(run):
    story = "Turkish F-16s shot down a Russian Su-24 bomber near Latakia on Monday. "
    shot = run(story + "His fighters shot the crew as they descended.")
    assert any(f.layer == "incidents" and "shot" in f.quote for f in shot), show(shot)
    fighting = run(story + "Ankara has long backed rebels fighting the government.")
    assert not any(f.kind == "clash" for f in fighting), show(fighting)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Iran seized a tanker on Monday, officials said.", "seizure"),
        ("Russia attacked a convoy overnight, officials said.", "attack"),
    ],
)
def test_a_country_right_before_an_attack_is_who_did_it(run, text, kind):
    feats = run(text)
    assert not any(f.kind == kind and f.place in ("Iran", "Russia") for f in feats), show(feats)


def test_a_launch_is_where_it_is_from_and_what_follows_the_origin_is_not_inside_it(run):
    feats = run(
        "A destroyer shot down two drones launched from rebel-held areas of Yemen "
        "over the Red Sea on Friday."
    )
    launches = [(f.place, f.attachment) for f in feats if f.kind == "missile launch"]
    assert launches == [("Yemen", "origin")], show(feats)
    home = run("The B-52s came from the 5th Bomb Wing at Minot and landed at Fairford.")
    assert "Minot" not in {f.place for f in home if f.attachment == "at"}, show(home)


def test_a_town_near_an_area_refines_it_and_a_dispute_keeps_the_area(run):
    feats = run("Naval drones struck a Russian landing ship off occupied Crimea near Alupka.")
    by_layer = {(f.layer, f.place) for f in feats}
    assert ("incidents", "Alupka") in by_layer and ("incidents", "Crimea") not in by_layer
    assert ("disputes", "Crimea") in by_layer, show(feats)


def test_the_seabed_of_a_sea_locates(run):
    feats = run(
        "Navy divers inspected a damaged undersea cable on the seabed of the Gulf of Finland."
    )
    assert any(f.kind == "infrastructure" and f.place == "Gulf of Finland" for f in feats), show(
        feats
    )


def test_a_base_named_after_a_town_is_at_the_town_not_its_region(run):
    feats = run("A drone hit the runway of the Engels-1 airbase in Saratov Oblast.")
    bases = [f for f in feats if f.kind == "base"]
    assert bases and {f.place for f in bases} == {"Engels"}, show(feats)


def test_what_a_base_is_used_for_is_no_event(run):
    feats = run(
        "Drones hit the Engels airbase, which Russia uses to launch missile strikes on Ukraine."
    )
    assert not any(f.kind == "strike" and f.place == "Ukraine" for f in feats), show(feats)
    plain = run("Russia launched missile strikes on Ukraine on Monday.")
    assert any(f.kind == "strike" and f.place == "Ukraine" for f in plain), show(plain)


def test_an_armed_organisation_licenses_a_vague_event_word(run):
    story = "Chinese coast guard ships blocked a Philippine supply boat at Second Thomas Shoal. "
    feats = run(story + "The Chinese coast guard said it expelled the Philippine vessels.")
    assert any(f.kind == "interception" and "expelled" in f.quote for f in feats), show(feats)
    alone = run(story + "The boat was later expelled.")
    assert not any("expelled" in f.quote for f in alone), show(alone)


def test_what_a_departure_word_names_is_the_origin(run):
    feats = run("Navy jets struck a speedboat in the Gulf of Aden after departing Djibouti.")
    assert "Gulf of Aden" in at(feats) and "Djibouti" not in at(feats), show(feats)
    alone = run("Two Russian frigates departed Tartus on Friday.")
    assert [(f.place, f.attachment) for f in alone if f.layer == "incidents"] == [
        ("Ţarţūs", "origin")
    ], show(alone)
    backstory = run("Marines boarded a freighter that had departed from Djibouti.")
    assert "Djibouti" not in at(backstory), show(backstory)


def test_members_of_a_force_are_the_force(run):
    feats = run("Members of the Wagner group arrived in Mali last week.")
    assert any(f.layer == "assets" and f.place == "Mali" for f in feats), show(feats)


def test_a_country_owning_another_thing_holds_no_earlier_force(run):
    feats = run("Two bombers flew with Russia's Tu-142 and China's Y-8 near Okinawa.")
    assert not any(f.place in ("China", "Russia") for f in feats), show(feats)


def test_a_part_of_a_country_after_its_possessive_still_locates(run):
    feats = run("Russian troops massed near Ukraine's border on Monday.")
    # the border with the other country of the sentence, else the country itself
    places = {"Ukraine", "Ukraine\u2013Russia border"}
    assert any(f.layer == "assets" and f.place in places for f in feats), show(feats)


@pytest.mark.parametrize(
    "text",
    [
        "The army was in contact with the military leadership in Azerbaijan and in Armenia "
        "to ensure the safety of the peacekeepers.",
        "Russian troops met officials in Yerevan on Monday.",
    ],
)
def test_a_place_of_officials_is_no_place_of_a_force(run, text):
    feats = run("Russian troops moved to Aleppo in Syria. " + text)
    assert not [f for f in feats if f.quote.startswith(text[:20])], show(feats)


def test_a_seat_of_power_after_a_verb_of_saying_is_where_someone_spoke(run):
    feats = run("Trump mentioned the strike at the White House on Tuesday, calling it a success.")
    assert not any(f.place == "White House" for f in feats), show(feats)


def test_a_country_after_a_comma_is_no_object_of_the_preposition(run):
    feats = run("The navy reported the strike on Tuesday, saying the U.S. destroyed a boat.")
    assert not any(f.place == "United States" for f in feats), show(feats)


# --- other parties' places -----------------------------------------------------------------


def test_country_owning_the_people_hit_is_not_the_place(run):
    feats = run("An Israeli strike killed Iran's top general in Syria on Monday.")
    assert "Iran" not in at(feats) and "Syria" in at(feats), show(feats)


def test_place_of_another_persons_visit_is_not_the_deployments(run):
    feats = run("The bombers' deployment follows President Ortega's visit to Moscow last week.")
    assert "Moscow" not in at(feats), show(feats)


def test_a_ships_own_port_visit_keeps_its_port(run):
    feats = run("The aircraft carrier's port visit to Busan drew protests on Sunday.")
    assert "Busan" in at(feats), show(feats)


def test_organisation_name_shared_by_a_town_is_no_place(run):
    feats = run("Israel deployed troops near Gaza after Hamas's attack on Sderot.")
    assert "Hamm" not in at(feats), show(feats)


# --- verb chains ---------------------------------------------------------------------------


def test_vague_event_continuing_a_verb_chain_is_stated(run):
    feats = run(
        "The missile flew over Cape Erimo before falling 1,000 kilometres east of Hokkaido."
    )
    landed = [f for f in feats if f.kind == "landing"]
    assert landed, show(feats)
    lon = landed[0].geometry.x
    assert lon > 150, (lon, show(feats))  # the offset point in the Pacific, not the island


def test_vague_event_after_another_subject_is_not_chained(run):
    feats = run("The missile flew over Hokkaido and officials said debris was falling.")
    assert not [f for f in feats if f.kind == "landing"], show(feats)


@pytest.mark.parametrize(
    "text",
    [
        "Finland has begun building a fence along its border with Russia, the army said.",
        "Lithuania has dug new trenches near Vilnius, the defence ministry said.",
        "Estonia is building hundreds of concrete bunkers near Narva, the army said.",
    ],
)
def test_what_a_verb_of_building_takes_is_a_fortification(run, text):
    feats = run(text)
    assert [f for f in feats if f.kind == "fortification"], show(feats)


def test_a_vague_fortification_word_without_a_builder_stays_vague(run):
    feats = run("Finland has a fence along its border with Russia, the army said.")
    assert not [f for f in feats if f.kind == "fortification"], show(feats)


def test_base_named_by_its_place_is_at_that_place(run):
    feats = run("Bombers will arrive at Ramstein Air Base in Germany next week.")
    bases = [f for f in feats if f.kind == "base"]
    assert bases and all(f.place != "Germany" for f in bases), show(feats)


def test_aside_between_subject_and_verb_keeps_the_place(run):
    feats = run("The bombers, accompanied by 200 airmen, landed at Ramstein Air Base on Monday.")
    assert any(f.subject == "bombers" and "Ramstein" in f.place for f in feats), show(feats)


def test_a_missile_is_not_carried_to_the_discourse_place(run):
    feats = run(
        "North Korea launched a missile from near Pyongyang on Tuesday. "
        "The missile was the first to pass over Japan since 2009, officials said."
    )
    second = [f for f in feats if f.start > 60 and f.subject == "missile"]
    assert all(f.attachment != "discourse" for f in second), show(feats)


def test_unknown_village_is_placed_where_its_apposition_says(run):
    feats = run(
        "Russian troops installed a new barbed wire fence that stretched into the village of "
        "Zarbatovka, a small hamlet located in Georgia's Gori district."
    )
    fences = [f for f in feats if f.kind == "fortification"]
    assert fences and {f.place for f in fences} == {"Gori"}, show(feats)


# --- captions ------------------------------------------------------------------------------


def test_caption_takes_no_place_from_the_discourse(run):
    feats = run(
        "US bombers will deploy to Ramstein Air Base in Germany next week.\n"
        "A B-1B accompanied by F-35A fighters during an exercise last year., Air Force photo\n"
        "The bombers will stay for a month."
    )
    caption = [f for f in feats if "F-35A" in f.subject or f.subject == "B-1B"]
    assert not caption, show(feats)


def test_caption_with_credit_marker():
    text = "Troops patrol near the border. (Photo: Reuters) The ministry said more would come."
    assert caption(text, 0, len(text))
    plain = "Troops patrol near the border in the photo the ministry released."
    assert not caption(plain, 0, len(plain))


# --- who acts, whose event -----------------------------------------------------------------


def test_capital_opening_a_relative_clause_is_the_agent(run):
    feats = run(
        "Marines are stationed aboard a rusting warship that Manila deliberately grounded "
        "on the reef in 1999."
    )
    assert "Manila" not in at(feats), show(feats)


def test_origin_of_an_intervening_launch_is_not_the_shoot_downs(run):
    feats = run(
        "The destroyer, operating in the Red Sea, shot down three drones launched from "
        "rebel-held areas of Yemen."
    )
    downs = [f for f in feats if f.kind == "shoot-down"]
    assert downs and {f.place for f in downs} == {"Red Sea"}, show(feats)


def test_event_owned_by_another_named_party_keeps_its_place(run):
    feats = run("The rebels vowed to continue attacks until Israel halts its offensive in Gaza.")
    assert not [f for f in feats if f.subject == "attacks" and f.place == "Gaza"], show(feats)


def test_country_owning_a_speakers_office_is_not_the_place(run):
    feats = run(
        "China's foreign ministry spokesperson said in a statement that the vessels had "
        "illegally intruded into waters near the reef."
    )
    assert "China" not in at(feats), show(feats)


def test_claiming_an_attack_is_no_territorial_claim(run):
    feats = run("Rebels claim drone attack on a commercial ship in the Red Sea.")
    assert not [f for f in feats if f.layer == "disputes"], show(feats)


def test_adjective_homograph_is_no_event(run):
    feats = run(
        "Coast guard ships fired water cannon near the Spratly Islands, an action the "
        "military called excessive and offensive."
    )
    assert not [f for f in feats if f.kind == "attack"], show(feats)


def test_own_unnamed_place_with_three_modifiers_blocks_the_discourse(run):
    feats = run(
        "A North Korean missile splashed down in the Sea of Japan on Sunday. "
        "Days earlier the North fired artillery shells near the disputed western sea border."
    )
    shells = [f for f in feats if "artillery" in f.subject]
    assert all(f.place != "Sea of Japan" for f in shells), show(feats)


def test_own_possessed_unnamed_place_blocks_the_discourse(run):
    feats = run(
        "Venezuela moved troops to the border with Guyana on Monday. "
        "Brazil said it had reinforced its own northern border with additional troops."
    )
    # not the story's Guyana-Venezuela border: Brazil's own (its northern neighbour's)
    brazil = [f for f in feats if f.quote.startswith("Brazil")]
    assert brazil and all(f.place.startswith("Brazil") for f in brazil), show(feats)


def test_list_of_regions_is_not_a_town_and_its_region(run):
    feats = run(
        "The air force said it shot down 38 of the 52 drones Russia launched overnight, "
        "mostly over the Odesa, Mykolaiv and Kherson regions."
    )
    downs = [f for f in feats if f.kind == "shoot-down"]
    assert {"Mykolaiv", "Kherson"} <= {f.place for f in downs}, show(feats)


def test_flying_between_two_places_is_a_route_line(run):
    feats = run(
        "Two Su-27 fighters were flying between mainland Russia and the Kaliningrad exclave "
        "on Tuesday."
    )
    jets = [f for f in feats if f.layer == "assets"]
    assert jets and all(f.geometry.geom_type == "LineString" for f in jets), show(feats)


def test_waters_between_two_places_is_their_midpoint_area(run):
    feats = run(
        "Turkey sent the survey ship back into Greek-claimed waters between Cyprus and Crete, "
        "sparking calls from Athens for sanctions."
    )
    between = [f for f in feats if f.place == "between Cyprus and Crete"]
    assert between, show(feats)
    for f in between:
        assert f.mention == "Cyprus and Crete" and f.location_precision == "area"
        assert 28.0 < f.geometry.centroid.x < 30.5 and 34.5 < f.geometry.centroid.y < 36.0
    assert all("Athens" not in str(f.extra.get("origin", "")) for f in feats), show(feats)


def test_a_visit_paid_to_troops_is_no_port_call(run):
    feats = run(
        "The defence minister said during a visit to troops near Kharkiv that more would come."
    )
    assert not [f for f in feats if f.kind == "visit"], show(feats)


def test_a_force_before_a_that_clause_is_not_its_events_subject(run):
    feats = run(
        "The minister said during a visit to troops near Kharkiv that a ground operation in "
        "Russia was possible."
    )
    troops = [f for f in feats if f.subject == "troops"]
    assert troops and {f.status for f in troops} == {"reported"}, show(feats)


def test_unknown_island_placed_by_its_distance_apposition(run):
    feats = run(
        "Live-fire drills are planned on the island of Zarbatan, some 200 kilometres south "
        "of Taiwan."
    )
    drills = [f for f in feats if f.kind == "exercise"]
    assert drills and drills[0].location_precision == "offset", show(feats)
    assert drills[0].geometry.y < 22.5, drills[0].geometry


def test_ship_named_after_a_city_is_not_at_that_city(run):
    feats = run(
        "Ukrainian forces struck a Russian landing ship named after the city of Novocherkassk "
        "in Feodosia."
    )
    assert "Novocherkassk" not in at(feats) and at(feats), show(feats)


def test_place_after_a_closed_relative_clause_is_the_main_clauses(run):
    feats = run("The frigate, whose home port is Sevastopol, is operating in the Mediterranean.")
    assert any(f.subject == "frigate" and "Mediterranean" in f.place for f in feats), show(feats)


def test_vague_event_inside_a_relative_clause_is_not_stated(run):
    feats = run("The Wagner group, which operates in Africa, sent fighters to Venezuela.")
    assert "Africa" not in at(feats), show(feats)


def test_parties_appealed_to_are_not_places(run):
    feats = run(
        "Maduro made desperate appeals to Russia and China for military aid and air defence "
        "systems this week."
    )
    assert not ({"Russia", "China"} & at(feats)), show(feats)


def test_a_definite_re_mention_in_the_same_sentence_is_not_carried(run):
    feats = run(
        "Russian bombers landed in Caracas on Monday. The destroyer USS Stockdale patrolling "
        "off Venezuela's coast tried to block a tanker, but the tanker evaded the warship."
    )
    assert not [f for f in feats if f.subject == "warship"], show(feats)


def test_a_sentence_about_another_country_takes_no_discourse_place(run):
    feats = run(
        "Russian bombers landed in Caracas on Monday. The general defended parts of eastern "
        "Ukraine against the 2023 counter offensive."
    )
    assert not [f for f in feats if f.place == "Caracas" and f.start > 45], show(feats)


def test_a_measured_spot_in_the_triggers_clause_wins(run):
    feats = run(
        "Houthi rebels attacked a tanker in the Red Sea on Wednesday, setting it ablaze about "
        "77 nautical miles west of the port city of Hodeidah."
    )
    attack = [f for f in feats if f.kind == "attack"]
    assert attack and attack[0].location_precision == "offset", show(feats)
    assert 41.0 < attack[0].geometry.x < 42.5, attack[0].geometry


def test_a_force_word_before_a_spokesman_is_no_asset(run):
    feats = run("A Kurdish militia spokesman says Turkey has shelled a city in northeastern Syria.")
    assert not [f for f in feats if f.layer == "assets"], show(feats)


def test_where_a_person_was_is_not_the_assets_place(run):
    feats = run(
        "The administration approved $1 billion in missiles while the crown prince was in "
        "Washington last week."
    )
    assert "Washington" not in at(feats), show(feats)


def test_demonym_place_noun_of_a_named_place_is_that_place(run):
    feats = run("Turkish troops and tanks attacked the Kurdish enclave of Afrin on Monday.")
    assert at(feats) and "Kurdistan" not in at(feats), show(feats)


def test_a_force_that_speaks_is_not_placed(run):
    feats = run(
        "Four Chinese coast guard ships entered waters around the Senkaku Islands on Saturday, "
        "the Japan Coast Guard said."
    )
    assert [f.subject for f in feats if f.layer == "assets"] == ["coast guard ships"], show(feats)


def test_ethnic_demonym_is_people_not_the_state(run):
    feats = run(
        "Azerbaijani troops fought to retake the ethnic Armenian enclave of Nagorno-Karabakh."
    )
    assert "Armenia" not in at(feats), show(feats)


@pytest.mark.parametrize(
    ("text", "box"),
    [
        # (lon_min, lat_min, lon_max, lat_max) of the sea off the named place, on the ocean's side
        (
            "A ballistic missile flew over Hokkaido before landing in the Pacific Ocean.",
            (143.0, 38.0, 150.0, 44.0),
        ),
        (
            "Two Russian destroyers left Severomorsk for the Arctic Ocean on Monday.",
            (30.0, 69.0, 40.0, 75.0),
        ),
    ],
)
def test_an_ocean_named_beside_a_coast_is_the_sea_off_it(run, text, box):
    ocean = [f for f in run(text) if f.place.endswith("Ocean")]
    assert ocean, show(run(text))
    for f in ocean:
        x, y = f.geometry.x, f.geometry.y
        assert box[0] <= x <= box[2] and box[1] <= y <= box[3], (f.kind, x, y)
        assert f.location_precision == "area"


def test_an_ocean_named_alone_keeps_its_point(run):
    feats = run("The missile fell into the Pacific Ocean, officials said.")
    assert [(f.geometry.x, f.geometry.y) for f in feats if f.place == "Pacific Ocean"]
    assert all(
        (f.geometry.x, f.geometry.y) == (-160.0, 0.0) for f in feats if f.place == "Pacific Ocean"
    )


def test_an_ocean_beside_a_country_whose_point_is_at_sea_is_off_its_land(run):
    feats = run("A Russian frigate held missile drills in the Atlantic Ocean on its way to Cuba.")
    ocean = [f for f in feats if f.place == "Atlantic Ocean"]
    assert ocean and all(-80.0 < f.geometry.x < -70.0 and 18.0 < f.geometry.y < 25.0 for f in ocean)


def test_a_direction_from_an_island_country_is_the_sea_on_that_side(run):
    feats = run("Chinese warships held live-fire drills east of Taiwan on Monday.")
    drills = [f for f in feats if f.kind == "exercise"]
    assert drills, show(feats)
    for f in drills:
        assert f.location_precision == "area" and 121.7 < f.geometry.x < 123.0, f.geometry
    inland = run("Russian troops massed west of Ukraine on Monday.")
    assert all(f.location_precision == "country" for f in inland), show(inland)


def test_a_town_the_trigger_is_tied_to_refines_a_loosely_attached_country(run):
    feats = run(
        "The cargo aircraft landed in Caracas and stayed two days to unload Buk air defence "
        "missiles to protect high value targets in Venezuela."
    )
    buk = [f for f in feats if f.kind == "air defence"]
    assert buk and {f.place for f in buk} == {"Caracas"}, show(feats)
    own = run(
        "He said a ground operation in Lebanon was possible if Hezbollah did not withdraw "
        "north of the Litani River."
    )
    assert {f.place for f in own if f.kind == "attack"} <= {"Lebanon"}, show(own)


def test_a_town_after_an_apposition_refines_the_country_of_its_clause(run):
    feats = run(
        "A U.S. F-15 strike killed the group's leader in Libya, an Iraqi known as Abu Nabil, "
        "near the eastern city of Derna, the Pentagon said."
    )
    strikes = [f for f in feats if f.kind == "strike"]
    assert strikes and {f.place for f in strikes} == {"Darnah"}, show(feats)
    # a town named before the country's phrase stays another statement's place: see
    # test_a_force_that_went_away_is_not_at_the_place


def test_an_event_restated_at_its_country_is_one_event_at_the_town(run):
    feats = run(
        "Two U.S. Navy jets dropped bombs on an artillery piece near Erbil on Friday, the "
        "Pentagon said, in the first American airstrikes in Iraq since 2011."
    )
    strikes = [f for f in feats if f.kind == "strike"]
    assert strikes and {f.place for f in strikes} == {"Erbil"}, show(feats)
    # another kind of event in the country stays
    other = run(
        "Jets bombed an artillery piece near Erbil on Friday as rebels attacked convoys in "
        "Iraq, the Pentagon said."
    )
    assert any(f.kind == "attack" and f.place == "Iraq" for f in other), show(other)


def test_a_force_opening_an_as_clause_does_not_take_the_place_before(run):
    feats = run(
        "Poland moved troops to the Podlaskie region, as Wagner fighters were reported to be "
        "training elsewhere, the army said."
    )
    wagner = [f for f in feats if "Wagner" in f.subject]
    assert not [f for f in wagner if f.place == "Podlasie"], show(feats)
    assert any(f.place == "Podlasie" for f in feats if f.subject == "troops"), show(feats)


def test_a_force_kept_somewhere_by_its_next_predicate_is_there(run):
    feats = run(
        "Thousands of Wagner fighters moved to Belarus in June and are housed in a tent camp "
        "near Asipovichy, about 100 km south-east of Minsk, satellite images show."
    )
    fighters = [f for f in feats if f.layer == "assets" and "Wagner" in f.subject]
    assert fighters and {f.place for f in fighters} == {"Osipovichi"}, show(feats)


def test_people_moved_are_no_deployment(run):
    feats = run(
        "Two Ospreys were hit by small-arms fire and diverted to Entebbe, from where the wounded "
        "were flown to Nairobi for treatment, the army said."
    )
    assert "Nairobi" not in at(feats), show(feats)
    troops = run("Troops were flown to Nairobi on Monday, the army said.")
    assert "Nairobi" in at(troops), show(troops)


def test_a_dispute_over_a_territorial_thing_is_at_the_place_after_it(run):
    feats = run(
        "Colombia and Venezuela also have an unresolved dispute over their maritime boundary "
        "in the Gulf of Venezuela."
    )
    disputes = [f for f in feats if f.layer == "disputes"]
    assert disputes and {f.place for f in disputes} == {"Gulf of Venezuela"}, show(feats)


def test_land_forces_do_not_take_a_sea_the_story_is_at(run):
    story = "Chinese warships held drills in the Taiwan Strait on Monday. "
    feats = run(story + "Land-based missile systems and artillery units were put on alert.")
    assert not [f for f in feats if "drills" not in f.quote], show(feats)
    ships = run(story + "Navy vessels and fighter jets were put on alert.")
    assert any(f.place == "Taiwan Strait" and "vessels" in f.subject for f in ships), show(ships)


@pytest.mark.parametrize(
    ("text", "kind", "place"),
    [
        # another party's event between the trigger and the place owns the place
        (
            "Officials said the strikes were a response to Ukrainian attacks on oil "
            "refineries in Saratov.",
            "strike",
            None,
        ),
        # its own object or verb shares it
        ("The army repelled a major assault on Kharkiv on Friday.", "interception", "Kharkiv"),
        ("Troops launched strikes and shelling in Kharkiv on Friday.", "strike", "Kharkiv"),
    ],
)
def test_a_place_after_another_event_is_that_events(run, text, kind, place):
    got = {f.place for f in run(text) if f.kind == kind}
    assert got == ({place} if place else set()), show(run(text))


def test_a_force_word_coordinated_with_one_placed_in_a_town_is_there_too(run):
    feats = run(
        "The cargo aircraft landed in Caracas to unload Buk and Pantsir missiles to protect "
        "targets in Venezuela."
    )
    got = {f.subject: f.place for f in feats if f.kind == "air defence"}
    assert set(got.values()) == {"Caracas"} and len(got) == 2, show(feats)


# --- places that describe, locate or stand beside the statement's place ------------------
# Each case: an invented text, which features to look at (attribute, value), and the places
# they must have (exactly), or a place none of the text's features may have.


def _pick(feats, key: tuple[str, str]):
    attr, value = key
    return [f for f in feats if getattr(f, attr) == value]


@pytest.mark.parametrize(
    ("text", "key", "places"),
    [
        # a list after the trigger is taken whole, whichever of its places was chosen
        (
            "Warplanes carried out airstrikes on the capital Sanaa and the port of Hodeidah.",
            ("layer", "incidents"),
            {"Sanaa", "Al Ḩudaydah"},
        ),
        # an anaphor takes a fitting place named earlier in its own sentence
        (
            "Rebels seized the town of Sake on Monday. The mission said its troops had reinforced "
            "positions around Goma and that a contingent of peacekeepers based in the city would "
            "remain.",
            ("subject", "contingent"),
            {"Goma"},
        ),
        # "its airspace": the first country the sentence names
        (
            "A Russian spy ship sailed off Cork on Monday. Ireland has no fighter jets and relies "
            "on Britain to respond to Russian bombers that approach its airspace.",
            ("subject", "bombers"),
            {"Ireland"},
        ),
        # "the disputed islands" name the contested place
        (
            "Japan protests Russian drills on disputed Kuril islands. Russia held exercises "
            "involving 500 troops on the disputed islands off Hokkaido, Japan said.",
            ("subject", "troops"),
            {"Kuril Islands"},
        ),
        # a town right after "airspace near (the town of)" refines it
        (
            "Poland scrambled fighter jets after a drone crossed into Polish airspace near the "
            "town of Hrubieszow.",
            ("subject", "drone"),
            {"Hrubieszów"},
        ),
        # "the breakaway region of X": X is the contested place
        (
            "Ethiopia signed a deal with the breakaway region of Somaliland that would give it "
            "access to the sea at the port of Berbera.",
            ("layer", "disputes"),
            {"Somaliland"},
        ),
        # "the towns of X, Y and Z" are the places
        (
            "Azerbaijani forces shelled the Armenian towns of Jermuk, Goris and Vardenis.",
            ("layer", "incidents"),
            {"Jermuk", "Goris", "Vardenis"},
        ),
        # "the islets of X and Y": as "the islands of"
        (
            "Turkish F-16 fighter jets flew over the islets of Oinousses and Chios.",
            ("kind", "patrol"),
            {"Chios", "Oinoússes"},
        ),
        # "claims almost the entire X": a share of X, the whole of it
        (
            "China claims almost the entire South China Sea.",
            ("layer", "disputes"),
            {"South China Sea"},
        ),
        # "the western states of X and Y on the border with Z": the states, not Z
        (
            "Maduro said he had deployed 15,000 troops to the western states of Zulia and "
            "Tachira on the border with Colombia.",
            ("subject", "troops"),
            {"Zulia", "Tachira"},
        ),
        # "in the jungle of X", "in the forests of X": X is where it happens
        (
            "Colombian air force planes bombed a rebel camp in the jungle of Putumayo province.",
            ("kind", "strike"),
            {"Putumayo"},
        ),
        # "X, which they seized": X is what was seized
        (
            "Russian forces moved to the town of Gharyan, which they seized last week.",
            ("kind", "seizure"),
            {"Gharyan"},
        ),
        # a place followed by ", where" is where that clause happens
        (
            "The deal covers Demchok in the Ladakh region, where troops of both countries have "
            "been deployed since deadly clashes in the Galwan Valley.",
            ("layer", "assets"),
            {"Ladakh"},
        ),
        # a border named by one side takes the story's country as the other
        (
            "French and Malian troops seized the airport in the northern town of Gao on Saturday. "
            "Special forces backed by helicopters and fighter jets took control of the airport. "
            "The Islamist fighters retreated toward the desert mountains of the Adrar des Ifoghas "
            "near the Algerian border.",
            ("subject", "fighters"),
            {"Algeria–Mali border"},
        ),
        # a headline's "along disputed border" is the two countries' border
        (
            "Thailand and Cambodia trade fire along disputed border",
            ("layer", "disputes"),
            {"Cambodia–Thailand border"},
        ),
        # "closer to Finland": toward the border, not into Finland
        (
            "Russia moves nuclear-capable Iskander missiles closer to Finland",
            ("layer", "assets"),
            {"Finland–Russia border"},
        ),
        # a distance from "the Russian enclave of X" is near X, not from it
        (
            "The destroyer was operating about 70 nautical miles from the Russian enclave of "
            "Kaliningrad when the jets made low passes.",
            ("subject", "destroyer"),
            {"Kaliningrad"},
        ),
    ],
)
def test_statements_sit_where_the_text_puts_them(run, text, key, places):
    feats = run(text)
    picked = _pick(feats, key)
    assert picked and at(picked) == places, show(feats)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a place that only describes the named place after it
        ("A missile struck a depot in the Red Sea city of Jeddah.", "Red Sea"),
        ("Drones hit a ship in the Black Sea port of Novorossiysk.", "Black Sea"),
        # the anchor of a relative phrase set off after a town only locates that town
        ("Troops seized the town of Bucha, about 25 km northwest of Kyiv.", "Kyiv"),
        # a military district that speaks
        (
            "Russia's Eastern Military District said the drills in the Kuril Islands ended.",
            "Russia",
        ),
        # a force's past
        (
            "Russian peacekeepers arrived in Stepanakert on Tuesday. Nearly all the servicemen "
            "had previous experience on humanitarian missions in Syria.",
            "Syria",
        ),
        # a parliament spoken to
        (
            "Azerbaijani forces shelled the town of Jermuk overnight. At least 49 soldiers were "
            "killed, Prime Minister Nikol Pashinyan told parliament in Yerevan.",
            "Yerevan",
        ),
        # a place in a time phrase
        ("Venezuela orders troops to border after Guyana oil discovery", "Guyana"),
        # a country before a numbered unit owns it
        (
            "The destroyer is forward-deployed to Yokosuka and assigned to the U.S. 7th Fleet's "
            "principal surface force.",
            "United States",
        ),
        # whose the agent is, not where it acts
        (
            "Yemen's Houthi rebels seized a British-owned, Japanese-operated cargo ship in the "
            "southern Red Sea on Sunday.",
            "Yemen",
        ),
        # "the Pacific island nation" is the country, not the ocean
        (
            "China signs security pact with Solomon Islands\n\nHONIARA (Reuters) - China and "
            "Solomon Islands have signed a security pact that allows Chinese military personnel "
            "to be deployed in the Pacific island nation at Honiara's request, officials said.",
            "Pacific Ocean",
        ),
        # a later act ("before withdrawing towards") owns its place
        (
            "Jihadist fighters attacked a military post in Djibo. The attackers arrived on "
            "motorbikes and set fire to the base before withdrawing towards the Malian border.",
            "Mali–Burkina Faso border",
        ),
        # where an intercepted boat was bound is not where anything happened
        (
            "Israeli naval forces intercepted a boat carrying activists and aid bound for Gaza "
            "in international waters early Monday.",
            "Gaza",
        ),
        # a country ordered to act is a party
        (
            "Russian troops moved into an air base in Niamey. Niger's junta ordered the U.S. to "
            "withdraw its forces after the coup.",
            "United States",
        ),
        # a capital prompted to act is its government
        (
            "A Russian missile entered Polish airspace near Lublin, prompting Warsaw to scramble "
            "its jets.",
            "Warsaw",
        ),
    ],
)
def test_no_statement_at_a_place_the_text_does_not_put_it_at(run, text, place):
    feats = run(text)
    assert place not in at(feats), show(feats)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # a nation's whole military takes no place from the story
        (
            "A Turkish survey ship sailed south of Crete on Monday, escorted by two warships. "
            "Greece has put its armed forces on alert, a spokesman said.",
            ("subject", "armed forces"),
        ),
        (
            "A Turkish survey ship sailed south of Crete on Monday. 'The armed forces are fully "
            "prepared to carry out their mission,' the minister said.",
            ("subject", "armed forces"),
        ),
        # a title before a person's name
        (
            "Russian troops are stationed in Mali. The army adviser Sergei Ivanov said on Monday "
            "that more instructors had arrived in Mali.",
            ("subject", "adviser"),
        ),
        # what happens on the way takes no place from the story
        (
            "Two Russian bombers landed at Maiquetia airport near Caracas on Monday. The ministry "
            "said the bombers were shadowed by Norwegian fighter jets during part of their "
            "flight.",
            ("subject", "fighter jets"),
        ),
        # an event named as a point in time
        (
            "The United States moved a THAAD battery and about 100 soldiers to Israel before the "
            "strikes, the Pentagon said.",
            ("kind", "strike"),
        ),
        # a named landmark we cannot place stops the story's place
        (
            "Cambodian rockets hit homes in Thailand's Surin province on Thursday. Cambodia "
            "said Thai jets had dropped bombs near the ancient Ta Muen Thom temple.",
            ("subject", "jets"),
        ),
        # a named site we cannot place stops the story's place
        (
            "Turkey has deployed drones and troops at the al-Watiya air base in Libya. Russian "
            "mercenaries operate from the Qwerty air base, according to U.S. officials.",
            ("subject", "mercenaries"),
        ),
        # an event word in a hyphenated adjective is no event
        (
            "Yemen's Houthi rebels seized a British-owned, Japanese-operated cargo ship in the "
            "southern Red Sea on Sunday.",
            ("kind", "deployment"),
        ),
        # what a weapon counters is not there
        (
            "Soldiers were building anti-tank barriers near Paju in South Korea.",
            ("subject", "tank"),
        ),
        # freedoms of navigation and overflight are no overflight
        (
            "The destroyer transited the Taiwan Strait through waters where freedoms of "
            "navigation and overflight apply.",
            ("subject", "overflight"),
        ),
        # firefighting craft, and a craft coordinated with one, are civilian
        (
            "ATHENS (AP) — A wildfire fanned by strong winds forced the evacuation of several "
            "villages north of Athens on Sunday, as firefighters backed by water-dropping "
            "aircraft and helicopters battled the blaze.\n\nArmy troops were sent to help "
            "with the evacuation, and the coast guard stood by to take residents off beaches by "
            "boat.",
            ("kind", "aircraft"),
        ),
    ],
)
def test_no_statement_for_what_the_text_does_not_state(run, text, key):
    feats = run(text)
    assert not _pick(feats, key), show(feats)


def test_a_line_the_sentence_crosses_is_its_own_place(run):
    feats = run(
        "One aircraft flew northeast of the Pratas Islands on Sunday. The 10 warplanes that "
        "crossed the median line were identified as J-16 fighter jets."
    )
    assert not [f for f in feats if "J-16" in f.subject], show(feats)


def test_a_measured_spot_after_a_sea_is_still_the_place(run):
    feats = run("Houthi rebels attacked a ship in the Red Sea, 77 nautical miles west of Hodeidah.")
    strikes = [f for f in feats if f.layer == "incidents"]
    assert strikes and all(f.location_precision == "offset" for f in strikes), show(feats)


def test_the_area_is_not_where_a_movement_started(run):
    feats = run(
        "Rebels attacked soldiers near the town of Gao on Monday. An army convoy had been sent "
        "north from the town of Kidal last week to retake the area."
    )
    assert "Kidal" not in at(_pick(feats, ("kind", "seizure"))), show(feats)


def test_the_ends_of_a_cable_are_not_where_a_ship_was_seized(run):
    feats = run(
        "Finnish authorities boarded and seized the oil tanker Eagle S on Thursday on suspicion "
        "that it damaged the Estlink 2 power cable linking Finland and Estonia."
    )
    assert not ({"Finland", "Estonia"} & at(_pick(feats, ("kind", "seizure")))), show(feats)


def test_air_defences_that_destroy_drones_shoot_them_down(run):
    feats = run(
        "Air defences destroyed 62 drones over the Sumy region overnight, the air force said."
    )
    kinds = {f.kind for f in feats if f.layer == "incidents"}
    assert kinds == {"shoot-down"}, show(feats)


def test_a_relative_clause_keeps_its_place_from_a_clause_joined_after_it(run):
    feats = run(
        "A missile flew over the Lublin region on Sunday. Polish aircraft were activated during "
        "the attack, which targeted the Lviv region, and air defence was put on alert."
    )
    assert "Lviv" not in at(_pick(feats, ("kind", "air defence"))), show(feats)


# --- session 4: voyages, datelines, places described by others ------------------------------


def test_a_voyage_cut_short_is_no_place_of_the_sentence(run):
    feats = run(
        "Iran's navy seized an oil tanker in the Gulf of Oman on Thursday, the U.S. Navy said. "
        "The tanker was heading to Houston from Kuwait when it was taken in international "
        "waters, the Fifth Fleet said."
    )
    assert not {"Houston", "Kuwait"} & at(feats), show(feats)
    assert not [f for f in feats if f.kind == "deployment"], show(feats)
    feats = run("The freighter was on its way to Haifa when Houthi drones struck it.")
    assert "Haifa" not in at(feats), show(feats)
    # a voyage that goes on is a movement like any other
    feats = run("The destroyer was heading to the Red Sea on Monday, the navy said.")
    assert "Red Sea" in at(feats), show(feats)


def test_a_wire_dateline_with_a_date_is_no_place(run):
    feats = run(
        "MAPUTO, Aug 8 - Rwandan troops recaptured the port town of Mocimboa da Praia. "
        "The town was taken after the insurgents fled into the forest."
    )
    assert "Maputo" not in at(feats), show(feats)
    assert "Mocímboa da Praia" in at(feats), show(feats)


def test_an_island_in_a_sea_is_the_place_not_the_sea(run):
    for text in (
        "Russian troops abandoned Snake Island in the Black Sea.",
        "Russian troops withdrew from Snake Island, a strategic outcrop in the Black Sea.",
    ):
        feats = run(text)
        assert at(feats) == {"Snake Island"}, show(feats)


def test_an_event_in_a_relative_clause_does_not_silence_the_main_one(run):
    feats = run(
        "Russian forces withdrew from Snake Island, a strategic outcrop that they seized in "
        "February, the military said."
    )
    assert {"withdrawal", "seizure"} <= {f.kind for f in feats}, show(feats)


def test_a_buffer_zone_between_two_places_whatever_modifies_them(run):
    feats = run(
        "Israeli forces moved into the demilitarised buffer zone between the Israeli-occupied "
        "Golan Heights and Syria on Sunday."
    )
    assert [f.place for f in feats] == ["between Golan Heights and Syria"], show(feats)
    # a preposition after "between" governs the places: no area between them
    feats = run("Fighting broke out between the two sides in Syria and Iraq.")
    assert not [f for f in feats if f.place.startswith("between")], show(feats)


def test_a_place_a_force_did_not_enter_is_denied(run):
    feats = run(
        "The Russian bombers remained in international airspace and did not enter U.S. or "
        "Canadian sovereign airspace, NORAD said."
    )
    assert feats and {f.status for f in feats} == {"denied"}, show(feats)
    feats = run("The Russian bombers entered Canadian airspace and did not respond to calls.")
    assert {f.status for f in feats} == {"reported"}, show(feats)


def test_a_town_that_fell_to_rebels_was_seized(run):
    feats = run("The town of Mocimboa da Praia fell to insurgents in August.")
    assert {f.kind for f in feats if f.layer == "incidents"} == {"seizure"}, show(feats)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Russian missiles struck Ukraine's capital overnight.", "Kyiv"),
        ("Israeli jets struck targets in Syria's capital on Sunday.", "Damascus"),
    ],
)
def test_a_countrys_capital_is_its_capital_city(run, text, place):
    feats = run(text)
    assert place in at(feats), show(feats)
    # "the capital of" / "capital city of" name the city themselves
    feats = run("Russian missiles struck Ukraine's capital city of Kyiv overnight.")
    assert "Kyiv" in at(feats), show(feats)


def test_the_boundary_with_a_country_is_shared_with_the_storys_country(run):
    feats = run(
        "Gunmen attacked a monastery in northern Kosovo on Sunday. Police in Kosovo said the "
        "attackers fled. NATO later deployed additional troops to the area along the boundary "
        "with Serbia."
    )
    troops = [f for f in feats if f.subject == "troops"]
    assert troops and {f.place for f in troops} == {"Serbia\u2013Kosovo border"}, show(feats)


def test_a_place_that_dates_the_statement_is_not_its_place(run):
    feats = run(
        "NATO jets shot down Russian drones over Poland, the first time allies have fired on "
        "Russian assets since the start of the war in Ukraine."
    )
    assert "Ukraine" not in at(feats), show(feats)
    assert "Poland" in at(feats), show(feats)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Officials said Kyiv was hit by Russian missiles overnight.", "Kyiv"),
        ("The monitor said Damascus had been struck by Israeli jets.", "Damascus"),
    ],
)
def test_a_capital_that_was_struck_is_a_place(run, text, place):
    assert place in at(run(text))


@pytest.mark.parametrize(
    ("text", "not_places"),
    [
        # other vessels' destinations, the whole list
        (
            "Coast guard ships could stop and inspect vessels heading for the ports of "
            "Kaohsiung and Keelung, analysts say.",
            {"Kaohsiung", "Keelung"},
        ),
        # a country opening the next clause is its subject
        (
            "The Houthis said they fired missiles at the vessel and vowed to continue their "
            "attacks until Israel ends its war in Gaza.",
            {"Israel"},
        ),
        # a country that keeps a force is its owner
        (
            "The Philippines keeps a small contingent of marines aboard an old ship.",
            {"Philippines"},
        ),
        # a region that ranks a place does not locate it
        (
            "Iran fired missiles at the Al Udeid air base in Qatar. The base, the largest US "
            "military installation in the Middle East, had been largely evacuated.",
            {"Middle East"},
        ),
    ],
)
def test_places_that_only_describe_own_or_rank(run, text, not_places):
    feats = run(text)
    assert not not_places & at(feats), show(feats)


def test_a_later_sentence_carries_the_measured_spot_not_its_anchor(run):
    feats = run(
        "A Houthi missile struck a bulk carrier about 50 nautical miles southwest of Aden on "
        "Wednesday. The crew abandoned the ship, and an Indian destroyer rescued 21 sailors."
    )
    carried = [f for f in feats if f.attachment == "discourse"]
    assert carried, show(feats)
    for f in carried:  # the spot at sea, not the city
        lon, lat = f.geometry.x, f.geometry.y
        assert km(lat, lon, 12.78, 45.03) > 60, (f.subject, lat, lon)
        assert f.location_precision != "exact"


def test_the_international_border_is_a_border(run):
    feats = run(
        "Russia may launch an offensive in the summer, though Russian troops have not yet "
        "massed near the international border with Ukraine."
    )
    assert "Russia\u2013Ukraine border" in at(feats) or "Ukraine\u2013Russia border" in at(feats), (
        show(feats)
    )


def test_what_a_drill_includes_is_rehearsed_not_done(run):
    feats = run(
        "Russian troops held drills including mock missile strikes in Kaliningrad on Monday."
    )
    # the drill took place; no strike did (the rehearsed strikes are the drill)
    kinds = {f.kind: f.status for f in feats if f.layer == "incidents"}
    assert kinds == {"exercise": "reported"}, show(feats)


def test_a_count_of_events_is_no_force_at_a_place(run):
    feats = run(
        "Japan scrambled fighter jets on Tuesday after Chinese drones flew near Okinawa. The "
        "ministry said the number of scrambles against Chinese aircraft in the six months to "
        "September rose to 330."
    )
    assert not [f for f in feats if f.subject == "aircraft"], show(feats)
    feats = run("The number of US troops in Poland rose to 10,000 this year.")
    assert "Poland" in at(feats), show(feats)


def test_a_countrys_waters_are_at_sea_off_it(run):
    feats = run(
        "A Venezuelan navy patrol boat entered Guyana's exclusive economic zone on Saturday, "
        "the president said."
    )
    boat = [f for f in feats if f.subject == "patrol boat"]
    assert boat, show(feats)
    lon, lat = boat[0].geometry.x, boat[0].geometry.y
    assert lat > 6.5 and boat[0].location_precision == "area", (lat, lon)  # off the coast


def test_places_an_including_phrase_adds_to_a_strike(run):
    feats = run(
        "India launched missile strikes on nine sites in Pakistan and Pakistan-administered "
        "Kashmir early on Wednesday, including targets in Muridke, officials said."
    )
    assert "Muridke" in {f.place for f in feats if f.kind == "strike"}, show(feats)


def test_an_including_list_goes_on_past_its_first_item(run):
    feats = run(
        "Israeli jets struck five sites in Syria on Monday, including a depot in Homs and a "
        "camp in Palmyra."
    )
    assert {"Homs", "Tadmur"} <= {f.place for f in feats if f.kind == "strike"}, show(feats)


def test_an_including_list_ends_where_a_new_clause_starts(run):
    feats = run(
        "Israeli jets struck five sites in Syria on Monday, including a depot in Homs, and "
        "officials in Damascus said a general was killed."
    )
    assert "Damascus" not in {f.place for f in feats if f.kind == "strike"}, show(feats)


def test_a_scheduled_flight_is_routine_not_a_plan(run):
    feats = run(
        "Russia's defence ministry said the bombers had flown a scheduled flight from Karelia "
        "to the Kaliningrad region."
    )
    assert feats and {f.status for f in feats} == {"reported"}, show(feats)
    feats = run("Russian bombers are scheduled to fly to the Kaliningrad region next week.")
    assert feats and {f.status for f in feats} == {"planned"}, show(feats)


def test_an_area_measured_off_a_country_is_in_it(run):
    feats = run(
        "The prime minister said Azerbaijani troops had occupied about 10 square kilometres "
        "of Armenian territory."
    )
    assert "Armenia" in at(feats), show(feats)


def test_a_ship_named_before_its_act_takes_the_storys_place(run):
    feats = run(
        "Houthi drones were shot down over the southern Red Sea on Friday. The British "
        "destroyer HMS Diamond downed a drone on Saturday, the Ministry of Defence said."
    )
    downed = [f for f in feats if f.kind == "shoot-down" and f.attachment == "discourse"]
    assert downed and downed[0].place == "Red Sea", show(feats)


def test_where_another_force_came_from_does_not_stop_the_storys_place(run):
    feats = run(
        "The Chinese carrier Liaoning sailed into the Yellow Sea on Wednesday. A Japanese "
        "destroyer shadowed the group, and fighter jets from Naha were scrambled."
    )
    assert "Yellow Sea" in {f.place for f in feats if f.kind == "interception"}, show(feats)


def test_most_of_them_over_a_sea_is_where_they_were_shot_down(run):
    feats = run(
        "The U.S. Navy has shot down more than 100 Houthi drones since November, most of them "
        "over the southern Red Sea."
    )
    assert "Red Sea" in {f.place for f in feats if f.kind == "shoot-down"}, show(feats)


@pytest.mark.parametrize(
    "text",
    [
        "U.S. forces are no longer stationed at a base near Agadez, the Pentagon said.",
        "The ships will stay in Cuba until June 17, adding that none carried nuclear weapons.",
    ],
)
def test_no_longer_and_none_deny(run, text):
    subjects = {"forces", "nuclear weapons"}
    got = [f for f in run(text) if f.subject in subjects]
    assert got and {f.status for f in got} == {"denied"}, show(got)


def test_an_own_escort_and_a_job_title_are_no_statements(run):
    feats = run(
        "The carrier, escorted by two destroyers, conducted flight operations near Okinawa, "
        "national security adviser Eduardo Ano said."
    )
    assert "interception" not in {f.kind for f in feats}, show(feats)
    assert "advisers" not in {f.kind for f in feats}, show(feats)


def test_a_list_of_forces_shares_the_predicate_after_it(run):
    feats = run(
        "Officials said SM-6, Tomahawk and hypersonic missiles could be stationed in Germany "
        "from 2026."
    )
    got = {f.subject: f.status for f in feats if f.layer == "assets"}
    assert len(got) >= 2 and set(got.values()) == {"possible"}, show(feats)


def test_a_disputed_border_area_between_the_two_sides(run):
    feats = run(
        "Thai and Cambodian soldiers exchanged fire for ten minutes in a disputed border area "
        "near an ancient temple, both armies said."
    )
    assert "Cambodia\u2013Thailand border" in {f.place for f in feats if f.kind == "clash"}, show(
        feats
    )


def test_border_guards_are_a_force_not_a_border(run):
    feats = run(
        "Georgia's security service said Russian border guards had moved the markers of South "
        "Ossetia's de facto boundary 500 metres deeper into Georgian-controlled territory."
    )
    assert not [f for f in feats if f.place.endswith(" border")], show(feats)


def test_what_was_shot_down_is_spent_whatever_the_count(run):
    feats = run(
        "The U.S. Navy has shot down more than 100 Houthi drones and missiles over the Red Sea "
        "since November."
    )
    assert {f.layer for f in feats} == {"incidents"}, show(feats)


# --- owners, borders, voyages and relative clauses (unseen-article faults) -----------------


def test_a_country_owning_the_struck_thing_is_not_where_it_is(run):
    # "Iran's consulate in Damascus": the strike is in Damascus; Iran only owns the building
    feats = run(
        "An Israeli airstrike destroyed Iran's consulate in the Syrian capital of Damascus on "
        "Monday."
    )
    strikes = [f for f in feats if f.kind == "strike"]
    assert strikes and {f.place for f in strikes} == {"Damascus"}, show(feats)


def test_the_area_after_its_own_border_with_a_country_is_that_border(run):
    feats = run(
        "Lithuania declared a state of emergency along its own border with Belarus and moved "
        "troops to the area."
    )
    troops = [f for f in feats if f.subject == "troops"]
    assert troops and {f.place for f in troops} == {"Belarus\u2013Lithuania border"}, show(feats)


def test_the_frontier_is_the_storys_border_of_the_country_named(run):
    # no second country in the sentence: the border the story named before, on that side
    feats = run(
        "The Polish army deployed 12,000 soldiers along its border with Belarus on Tuesday. "
        "Lithuania's military moved troops to its border with Belarus too, the army said. "
        "Poland plans to build a steel barrier along the frontier next year."
    )
    barrier = [f for f in feats if f.kind == "fortification"]
    assert [(f.place, f.status) for f in barrier] == [("Belarus\u2013Poland border", "planned")], (
        show(feats)
    )


def test_an_interrupted_voyage_in_the_pluperfect_reached_nowhere(run):
    feats = run(
        "The vessel had been sailing from South Korea to Turkey when it was boarded by pirates "
        "off Socotra."
    )
    assert "Turkey" not in at(feats) and "South Korea" not in at(feats), show(feats)


def test_a_relative_clause_that_says_where_the_object_is_places_the_event(run):
    feats = run(
        "A Spanish warship was shadowing the hijacked ship, which was last seen off the Puntland "
        "region of Somalia."
    )
    ship = [f for f in feats if f.subject == "warship"]
    assert ship and {f.place for f in ship} == {"Puntland"}, show(feats)
    # the active voice too: "which anchored off ..."
    feats = run(
        "A Spanish warship was shadowing the hijacked ship, which anchored off the Puntland "
        "region of Somalia on Thursday."
    )
    ship = [f for f in feats if f.subject == "warship"]
    assert ship and {f.place for f in ship} == {"Puntland"}, show(feats)
    # what a force holds says where it is: "which controls most of X"
    feats = run(
        "Drones struck Port Sudan on Tuesday. The paramilitary force, which controls most of "
        "Darfur in the west, has lost Khartoum to the army."
    )
    force = [f for f in feats if f.subject.startswith("paramilitary")]
    assert force and {f.place for f in force} == {"Darfur"}, show(feats)
    # a relative clause about what the noun does elsewhere still says nothing of the event
    feats = run("Russian mercenaries arrived in Bamako, the Wagner group, which operates in Libya.")
    assert "Libya" not in at(feats), show(feats)


def test_an_event_named_to_date_another_is_not_at_the_sentences_place(run):
    feats = run(
        "Sagaing, near Mandalay, has been a stronghold of armed resistance since the 2021 coup. "
        "About 1,000 US troops were stationed in Niger before the July 2023 coup."
    )
    assert not [f for f in feats if f.kind == "coup"], show(feats)
    # an event of its own, with its own place, stays ("after a bomb attack in Istanbul")
    feats = run(
        "Turkish jets struck targets in Iraq, a week after a bomb attack in Istanbul killed six."
    )
    assert "Istanbul" in at(feats), show(feats)


def test_a_missile_inside_a_countrys_economic_zone_is_at_sea(run):
    feats = run("A North Korean missile landed inside Japan's economic zone on Friday.")
    land = country_shapes()["JP"]
    got = [f for f in feats if f.place == "Japan"]
    assert got, show(feats)
    assert all(f.location_precision != "country" and not land.contains(f.geometry) for f in got)


def test_an_unresolved_place_of_its_own_is_not_replaced_by_the_storys(run):
    # "the town of Qwertyville" names where it happened: never the story's current place
    feats = run(
        "Hezbollah fired dozens of rockets at the northern Israeli city of Haifa on Tuesday. "
        "Lebanon's army said Israeli forces had not entered the town of Qwertyville. "
        "UN peacekeepers in Zxcvbnoura said their headquarters had been hit twice."
    )
    late = [f for f in feats if f.quote_start > 80]
    assert not late, show(feats)
    # no place named at all: the story's place still carries
    feats = run(
        "Hezbollah fired dozens of rockets at the northern Israeli city of Haifa on Tuesday. "
        "Israeli jets struck back within the hour."
    )
    assert any(f.place == "Haifa" and f.quote_start > 80 for f in feats), show(feats)


def test_a_threat_or_message_to_a_country_is_no_destination(run):
    # "a threat to X", "a warning to X", "in response to X": a relation, not where it went
    feats = run(
        "Russian warships made a port visit to Havana. "
        "The Pentagon said the visit posed no threat to the United States."
    )
    assert at(feats) == {"Havana"}, show(feats)
    feats = run("Russia sent troops to Belarus in a warning to Poland.")
    assert at(feats) == {"Belarus"}, show(feats)


def test_a_focus_on_a_region_is_no_place(run):
    # "part of the navy's new focus on the Baltic": a topic, not where the plan happens
    feats = run(
        "Britain will send four Typhoon jets to Romania next month. "
        "The deployment is part of the air force's new focus on the Black Sea."
    )
    assert at(feats) <= {"Romania"}, show(feats)
    feats = run("Britain will shift its emphasis on the Black Sea with jets sent to Romania.")
    assert "Black Sea" not in at(feats), show(feats)


def test_a_force_carried_from_a_measured_spot_stays_at_the_spot(run):
    # "the ship" later in the story is where the first sentence measured it, not at the port
    parsed, feats = run(
        "Houthi missiles hit the tanker about 77 nautical miles west of Hodeidah on Wednesday. "
        "A French warship rescued the crew. "
        "The navy said the tanker had been struck by three missiles.",
        with_parsed=True,
    )
    port = next(t for t in parsed.toponyms if t.mention == "Hodeidah")
    later = [f for f in feats if f.quote_start > 90 and f.subject == "tanker"]
    assert later, show(feats)
    for f in later:
        assert f.location_precision == "area"
        assert km(f.geometry.y, f.geometry.x, port.lat, port.lon) > 100


def test_a_nations_units_license_a_vague_event(run):
    feats = run(
        "Azerbaijani forces shelled the village of Sotk in Armenia on Tuesday, while Azerbaijan "
        "said Armenian units fired on its positions in the Kalbajar district."
    )
    assert "Kalbajar" in at(feats), show(feats)


def test_a_tally_over_a_period_is_not_carried_to_the_storys_place(run):
    feats = run(
        "Houthi missiles struck a tanker in the Red Sea on Wednesday. "
        "The Houthis have attacked more than 80 merchant vessels since November."
    )
    assert not [f for f in feats if f.quote_start > 60], show(feats)
    # a count with its own place stays ("more than 80 drones at Odesa since Monday")
    feats = run("Russia has launched more than 80 drones at Odesa since Monday.")
    assert "Odesa" in at(feats), show(feats)


def test_an_event_framing_the_statement_keeps_its_own_place(run):
    # "during a Russian attack on western Ukraine": the attack's place, not the aircraft's
    feats = run(
        "Polish and allied aircraft shot down several Russian drones that entered Polish "
        "airspace overnight during a Russian attack on western Ukraine."
    )
    jets = [f for f in feats if f.subject == "aircraft"]
    assert jets and "Ukraine" not in at(jets), show(feats)
    # "retaliation for the killing of X in Beirut": the killing's place (an attack of its
    # own), not the retaliation's
    feats = run(
        "Iran fired missiles at Israel. Iran said the attack was retaliation for the killing of "
        "a Hezbollah commander in Beirut last week."
    )
    others = [f for f in feats if not f.subject.startswith("killing")]
    assert others and "Beirut" not in at(others), show(feats)


def test_a_new_subject_after_and_takes_the_place_after_it(run):
    feats = run(
        "Dutch F-35 jets and Polish F-16s were scrambled, and airports in Warsaw and Rzeszow "
        "were briefly closed."
    )
    assert not {"Warsaw", "Rzesz\u00f3w"} & at(feats), show(feats)


def test_a_countrys_airspace_over_a_named_spot_is_at_the_spot(run):
    feats = run(
        "Three Russian MiG-31 jets entered Estonian airspace without permission over the Gulf "
        "of Finland on Friday."
    )
    jets = [f for f in feats if f.layer == "assets"]
    assert jets and at(jets) == {"Gulf of Finland"}, show(feats)
    # the airspace alone stays the country's
    feats = run("Three Russian MiG-31 jets entered Estonian airspace on Friday.")
    assert "Gulf of Finland" not in at(feats), show(feats)


def test_a_direction_off_a_coastal_region_or_country_is_the_sea_on_that_side(run):
    feats = run("Two Russian Tu-142 aircraft were flying north of Scotland on Thursday.")
    land = country_shapes()["GB"]
    got = [f for f in feats if f.place == "Scotland"]
    assert got, show(feats)
    for f in got:
        assert f.location_precision == "area" and not land.contains(f.geometry)
        assert f.geometry.y > 58.5
    # a land border on that side says too little: the country's pin stays
    feats = run("Russian troops massed north of Ukraine on Thursday.")
    assert all(f.location_precision == "country" for f in feats), show(feats)


def test_a_border_named_by_a_region_is_that_regions_stretch(run):
    # "the Kursk border": the Russia-Ukraine border near Kursk, not its middle
    feats = run("Ukraine said Russian troops massed along the Kursk border on Monday.")
    got = [f for f in feats if f.place == "Russia\u2013Ukraine border"]
    assert got, show(feats)
    assert all(km(f.geometry.y, f.geometry.x, 51.7, 36.2) < 150 for f in got), show(feats)
    # "the Kaliningrad border": with Poland, the neighbour that border reaches, not Belarus
    feats = run(
        "The Polish army has built a fence along its border with Belarus, and its troops are "
        "digging new fortifications along the Kaliningrad border."
    )
    assert "Poland\u2013Russia border" in at(feats) or "Russia\u2013Poland border" in at(feats)
    assert "Russia\u2013Belarus border" not in at(feats), show(feats)


@pytest.mark.parametrize(
    "text",
    [
        "An army air strike killed 40 people who were attending a wedding in a village near Gao.",
        "A drone attack mistakenly killed 12 civilians who were sheltering in a school in Gao.",
    ],
)
def test_where_the_people_an_attack_hit_were_is_where_it_hit(run, text):
    feats = [f for f in run(text) if f.layer == "incidents"]
    assert feats and at(feats) == {"Gao"}, show(feats)


def test_a_possessive_anaphor_after_a_comma_is_an_apposition_not_a_list(run):
    feats = run(
        "Nigeria faces unrest. Soldiers were deployed to the state of Kaduna, the country's"
        " defence ministry said."
    )
    assert at(feats) == {"Kaduna"}, show(feats)


def test_international_waters_are_the_sea_the_story_last_named(run):
    feats = run(
        "Two destroyers patrolled the Black Sea on Monday. A third destroyer was docked in the"
        " Romanian port of Constanta. On Tuesday a Russian jet flew near one of the destroyers"
        " in international airspace, the Pentagon said."
    )
    jets = [f for f in feats if f.subject == "jet"]
    assert jets and at(jets) == {"Black Sea"}, show(feats)


def test_international_waters_beside_a_named_place_are_that_place(run):
    feats = run(
        "Warships sailed through the Black Sea. The destroyer was in international waters in"
        " the Strait of Hormuz when the boats approached."
    )
    ships = [f for f in feats if f.subject == "destroyer"]
    assert ships and at(ships) == {"Strait of Hormuz"}, show(feats)


def test_a_region_named_for_a_sea_is_the_sea(run):
    feats = run("The navy sent three warships to the Caribbean on Monday.")
    ships = [f for f in feats if f.layer == "assets"]
    assert ships and at(ships) == {"Caribbean Sea"}, show(feats)
    lon, lat = ships[0].geometry.coords[0]
    assert km(lat, lon, 15.0, -75.0) < 300  # at sea, not the region's point on Hispaniola


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. has sent three destroyers to the waters off Venezuela.",
        "China fired missiles into waters near Venezuela last year.",
        "A Russian frigate entered Venezuelan waters on Monday.",
    ],
)
def test_the_waters_off_a_country_are_at_sea(run, text):
    feats = [f for f in run(text) if f.place == "Venezuela"]
    land = country_shapes()["VE"]
    assert feats, text
    for f in feats:
        assert f.location_precision != "country" and not land.contains(f.geometry), show(feats)


def test_a_territory_holding_the_place_only_locates_it(run):
    # the gazetteer files Smara under Morocco; Western Sahara's outline holds it
    feats = run("Rockets hit Moroccan city of Smara in Western Sahara, one killed.")
    assert feats and at(feats) == {"Smara"}, show(feats)


def test_the_country_qualifying_a_meetings_place_is_no_place_either(run):
    feats = run(
        "The two leaders, who met at a regional summit in Samarkand, Uzbekistan, on Friday,"
        " agreed to pull back troops."
    )
    assert "Uzbekistan" not in at(feats) and "Samarkand" not in at(feats), show(feats)


def test_what_people_flee_is_not_where_they_went(run):
    feats = run(
        "More than 200 members of Myanmar's Border Guard Police have fled into Bangladesh since"
        " Sunday to escape fighting with the Arakan Army, an ethnic armed group, officials said."
    )
    clashes = [f for f in feats if f.kind in ("clash", "irregular forces")]
    assert not any(f.place == "Bangladesh" for f in clashes), show(feats)
    assert any(f.place == "Bangladesh" for f in feats), show(feats)  # the guards went there


def test_a_border_named_by_one_side_takes_the_territory_the_story_is_in(run):
    # the gazetteer files Smara under Morocco, which has no border with Mauritania; the
    # town lies in Western Sahara, which has
    feats = run(
        "Projectiles hit the city of Smara overnight. Moroccan troops later moved into a buffer"
        " zone near the Mauritanian border."
    )
    troops = [f for f in feats if f.subject == "troops"]
    assert troops and all("Western Sahara" in f.place for f in troops), show(feats)


def test_a_place_in_a_framing_phrase_is_the_framing_events(run):
    feats = run("Jets struck militia sites amid rising regional tensions over the war in Gaza.")
    strikes = [f for f in feats if f.subject in ("Jets", "struck")]
    assert not any(f.place == "Gaza" for f in strikes), show(feats)


def test_forces_heading_toward_a_place_are_not_there_for_later_sentences(run):
    feats = run(
        "A convoy of armored vehicles moved north toward Moscow on Saturday. Wagner fighters"
        " also seized military facilities in Voronezh, including an airfield. The regional"
        " governor said troops were carrying out combat measures."
    )
    troops = [f for f in feats if f.subject == "troops"]
    assert troops and all(f.place != "Moscow" for f in troops), show(feats)


def test_a_country_that_sends_forces_is_not_where_they_are(run):
    feats = run("Japan dispatched the destroyer JS Takanami to monitor the ships.")
    assert "Japan" not in at(feats), show(feats)
    # the one that receives them is
    feats = run("Belarus also received Iskander missile systems in June.")
    assert "Belarus" in at([f for f in feats if f.kind == "delivery"]), show(feats)


@pytest.mark.parametrize(
    "text",
    [
        "The Shandong and three other warships were spotted south of Okinawa on Saturday.",
        "Another Chinese aircraft carrier, the Liaoning, was operating near Okinawa on Monday.",
    ],
)
def test_a_ship_named_for_a_province_by_its_context(run, text):
    feats = run(text)
    assert feats and at(feats) <= {"Okinawa"}, show(feats)


def test_a_ship_name_of_several_words_in_apposition_is_no_place(run):
    feats = run(
        "A British-linked oil tanker, the Marlin Luanda, caught fire on Friday after being "
        "struck by a Houthi anti-ship missile."
    )
    assert "Luanda" not in at(feats), show(feats)


def test_a_ship_sailing_near_a_place_when_stopped_was_there(run):
    feats = run(
        "The Philippine warship was sailing near Second Thomas Shoal on Sunday when a Chinese"
        " coast guard vessel cut across its bow."
    )
    assert "Second Thomas Shoal" in at(feats), show(feats)


def test_a_list_of_counts_and_places_gives_every_place(run):
    feats = run(
        "The ministry said 72 drones were shot down over the Bryansk region, 14 over Kursk and"
        " eight over Belgorod."
    )
    assert {"Kursk", "Belgorod"} <= at(feats), show(feats)


def test_fighting_reported_somewhere_is_a_clash_there(run):
    feats = run(
        "Fighting was reported in Lalibela, a UNESCO world heritage site, on Tuesday, and"
        " militiamen took control of the airport in Gondar."
    )
    assert ("clash", "Lalibela") in [(f.kind, f.place) for f in feats], show(feats)


def test_a_militias_name_is_not_a_place(run):
    feats = run(
        "Troops clashed with militiamen near Gondar. The Fano militia fought alongside federal"
        " forces during the war."
    )
    assert "Fano" not in at(feats), show(feats)


def test_what_a_weapon_is_capable_of_is_no_event_and_no_place(run):
    feats = run(
        "Japan will deploy long-range missiles capable of striking targets in China to a camp"
        " in Kumamoto."
    )
    assert "China" not in at(feats) and not any(f.kind == "strike" for f in feats), show(feats)


def test_a_flight_information_region_is_not_its_namesake_city(run):
    feats = run(
        "Turkish jets flew over the Aegean Sea on Tuesday. Greek fighter jets intercepted the"
        " Turkish aircraft after they entered the Athens flight information region."
    )
    assert "Athens" not in at(feats), show(feats)


def test_ships_near_a_first_level_division_are_at_sea(run):
    feats = [f for f in run("Russian warships sailed near Florida on Tuesday.") if f.place]
    land = country_shapes()["US"]
    assert feats, show(feats)
    for f in feats:
        assert f.location_precision == "area" and not land.contains(f.geometry), show(feats)


def test_the_owner_of_a_fleet_of_assets_is_not_their_place(run):
    feats = run(
        "HELSINKI, Dec 26 (Reuters) - Finnish authorities boarded and seized the oil tanker "
        "Eagle S on Thursday on suspicion that it damaged the Estlink 2 power cable linking "
        "Finland and Estonia by dragging its anchor across the seabed of the Gulf of Finland."
        " The vessel, which sails under the flag of the Cook Islands, is part of Russia's "
        "shadow fleet of aging tankers, the European Commission said. Finnish coast guard "
        "helicopters landed a special forces team on the ship's deck about 15 nautical miles "
        "south of Porvoo, and the tanker was later escorted to anchorage near the port of "
        "Kilpilahti."
    )
    assert "Russia" not in at(feats), show(feats)


def test_a_ship_heading_toward_a_country_is_at_sea_off_it(run):
    feats = [f for f in run("The Russian frigate was heading toward Cyprus.") if f.place]
    assert feats, show(feats)
    land = country_shapes()["CY"]
    for f in feats:
        assert f.location_precision != "country" and not land.contains(f.geometry), show(feats)


@pytest.mark.parametrize(
    "text,place",
    [
        (
            "Russian forces attacked Kharkiv. Russia's defence ministry said its forces had "
            "advanced near Pokrovsk in eastern Ukraine.",
            "Pokrovsk",
        ),
        ("Israeli tanks advanced into the western parts of Rafah overnight.", "Rafaḩ"),
    ],
)
def test_a_trigger_ending_in_its_preposition_governs_the_place(run, text, place):
    feats = run(text)
    got = [f for f in feats if f.kind == "attack" and "advanced" in f.quote[-80:]]
    assert got and {f.place for f in got} == {place}, show(feats)


def test_a_place_after_an_intervening_clause_is_not_the_triggers(run):
    feats = run(
        "Copenhagen Airport shut after several large drones were spotted flying over it, "
        "Danish police said, and Oslo's main airport briefly closed its airspace."
    )
    assert "Copenhagen" in {f.place for f in feats if f.kind == "patrol"}, show(feats)


def test_the_sea_off_a_coast_is_placed_off_that_coast(run):
    feats = run("U.S. forces struck a boat in the eastern Pacific, off the coast of Colombia.")
    got = [f for f in feats if f.kind == "strike"]
    assert got, show(feats)
    g = got[0].geometry
    assert km(g.y, g.x, 4.6, -77.5) < 600, show(feats)  # off Colombia's Pacific coast


def test_the_ocean_near_or_around_a_place_is_placed_there(run):
    feats = run("Chinese warships sailed in the Pacific near Guam on Monday.")
    assert at(feats) == {"Guam"}, show(feats)
    feats = run(
        "Britain sent troops to the Falkland Islands. The patrol ship HMS Clyde and the frigate "
        "HMS Portland remain on station in the South Atlantic around the islands."
    )
    ships = [f for f in feats if f.kind == "naval vessel"]
    assert len(ships) == 2 and {f.place for f in ships} == {"Falkland Islands"}, show(feats)


def test_a_country_something_is_linked_to_is_not_its_place(run):
    feats = run(
        "Iranian commandos rappelled from a helicopter onto a container ship linked to Israel "
        "near the Strait of Hormuz on Saturday and seized the vessel."
    )
    assert feats and "Israel" not in at(feats), show(feats)
    assert "Strait of Hormuz" in at(feats), show(feats)


def test_a_name_saying_what_kind_of_place_the_next_is_not_the_place(run):
    feats = run(
        "France said it was sending hundreds of troops to its Pacific territory of New Caledonia."
    )
    got = [f for f in feats if f.subject == "troops"]
    assert got and {f.place for f in got} == {"New Caledonia"}, show(feats)
    assert got[0].attachment == "destination", show(feats)


@pytest.mark.parametrize(
    "text",
    [
        "Russian warships sailed along the coast of Norway on Tuesday.",
        "Russian warships sailed along the Norwegian coast on Tuesday.",
    ],
)
def test_a_ship_along_a_coast_is_at_sea(run, text):
    feats = run(text)
    got = [f for f in feats if f.layer == "assets" and f.place == "Norway"]
    assert got and got[0].location_precision != "country", show(feats)


def test_troops_along_a_coast_stay_ashore(run):
    feats = run("Russian troops massed along the coast of Norway on Tuesday.")
    got = [f for f in feats if f.layer == "assets" and f.place == "Norway"]
    assert got and got[0].location_precision == "country", show(feats)


def test_a_ports_share_of_oil_supplies_is_no_delivery(run):
    feats = run(
        "Ukrainian sea drones struck a Russian navy landing ship at the Black Sea port of "
        "Novorossiysk overnight. Russia's defence ministry said two sea drones had been "
        "destroyed by ships guarding the naval base. Novorossiysk, which handles about 2% of "
        "global oil supplies, briefly halted shipping after the attack."
    )
    assert feats and not [f for f in feats if f.kind == "delivery"], show(feats)


def test_a_country_that_lost_troops_is_their_owner_not_their_place(run):
    feats = run("Russia lost 1,200 troops, 14 tanks and 32 artillery systems over the past day.")
    assert not [f for f in feats if f.place == "Russia"], show(feats)


def test_a_country_that_hosts_a_force_is_its_place(run):
    feats = run("Poland hosted US troops at Rzeszow airport.")
    assert [f for f in feats if f.layer == "assets" and f.actor == "United States"], show(feats)


def test_a_base_named_for_an_unknown_place_is_not_at_an_earlier_place(run):
    feats = run(
        "The fishermen, from Rameswaram in India's Tamil Nadu state, were taken to the "
        "Kankesanthurai naval base, a spokesman said."
    )
    assert not [f for f in feats if f.kind == "base"], show(feats)
    # a base named for a known place stays there
    feats = run("In Syria, rockets hit the Russian air base at Hmeimim.")
    assert [f for f in feats if f.kind == "base" and "Hmeimim" in f.place], show(feats)


def test_a_town_with_an_adjective_refines_the_sea(run):
    feats = run(
        "The Israeli military said its Arrow air defence system had intercepted a missile over "
        "the Red Sea near the southern city of Eilat."
    )
    assert [f for f in feats if f.kind == "interception" and f.place == "Eilat"], show(feats)


def test_a_destination_after_another_nouns_of_phrase_is_that_nouns(run):
    feats = run(
        "Soldiers patrolled the border on Monday. The troops will focus on stopping the flow "
        "of fentanyl into the United States, officials said."
    )
    assert not [f for f in feats if f.place == "United States"], show(feats)
    # a sender named in an "of" phrase still lets the troops reach their destination
    feats = run("Troops were sent by the Ministry of Defence to Estonia last week.")
    assert [f for f in feats if f.layer == "assets" and f.place == "Estonia"], show(feats)


def test_a_country_named_right_before_a_force_is_its_owner_not_its_place(run):
    feats = run(
        "Chinese warships held drills in the Tasman Sea. The New Zealand frigate HMNZS Te Kaha "
        "was shadowing the task group."
    )
    frigate = [f for f in feats if f.subject.startswith("frigate")]
    assert frigate and all(f.place != "New Zealand" for f in frigate), show(feats)
    assert {f.actor for f in frigate} == {"New Zealand"}


def test_a_common_word_measured_from_is_a_place(run):
    feats = run(
        "Chinese warships held drills in the Tasman Sea. The cruiser Zunyi and the frigate "
        "Hengyang were about 340 nautical miles east of Eden, on the coast of New South Wales, "
        "when a Chinese warship broadcast a warning."
    )
    cruiser = [f for f in feats if f.subject == "cruiser"]
    assert cruiser and cruiser[0].location_precision == "offset", show(feats)
    pt = cruiser[0].geometry
    assert pt.x > 155 and -38 < pt.y < -36, pt.wkt  # at sea, 630 km east of Eden (NSW)


def test_a_lists_later_member_goes_where_its_first_goes(run):
    feats = run(
        "Convoys of troops left Mexico City and the western state of Jalisco, and the first "
        "units arrived in Tijuana on Tuesday night, officials said."
    )
    assert not [
        f for f in feats if f.place in ("Mexico City", "Jalisco") and f.kind != "deployment"
    ], show(feats)
    assert [f for f in feats if f.kind == "deployment" and "Tijuana" in f.place], show(feats)


def test_a_country_paired_with_another_sides_name_before_forces_is_an_owner(run):
    feats = run(
        "Pakistani and Afghan forces exchanged fire along the border overnight. Pakistan and "
        "Afghan Taliban forces clashed again on Sunday."
    )
    assert not [f for f in feats if f.place == "Pakistan"], show(feats)


def test_a_force_from_its_home_base_is_at_the_storys_place(run):
    feats = run(
        "Two Chinese destroyers passed between Yonaguni and Taiwan into the East China Sea. "
        "A P-3C patrol aircraft from Naha Air Base monitored them."
    )
    got = [f for f in feats if f.subject == "P-3C patrol aircraft"]
    assert got and got[0].place == "East China Sea", [(f.subject, f.place) for f in feats]
    # a verb between the force and its base: the sentence is about where it comes from
    feats = run(
        "The bombers could make their way across the Atlantic this week. The aircraft will all "
        "come from the 7th Bomb Wing at Dyess Air Force Base in Texas."
    )
    assert not [f for f in feats if f.subject == "aircraft" and f.place == "Atlantic Ocean"], [
        (f.subject, f.place) for f in feats
    ]


def test_where_a_coordinated_verb_set_out_from_is_not_where_the_next_one_happened(run):
    feats = run(
        "A U.S. fighter jet shot down a balloon off South Carolina. The F-22 took off from "
        "Langley Air Force Base in Virginia and fired a single missile at the balloon."
    )
    assert not [f for f in feats if f.kind == "missile launch" and f.place == "Virginia"], show(
        feats
    )


@pytest.mark.parametrize(
    "text",
    [
        "Ethiopia and Eritrea mass troops along border, diplomats say. Troops moved in.",
        "Russia masses troops on border. Soldiers were seen near Kharkiv.",
    ],
)
def test_countries_that_are_the_subject_of_a_verb_of_forces_own_them(run, text):
    feats = run(text)
    assert not [f for f in feats if f.place in ("Ethiopia", "Eritrea", "Russia")], show(feats)


def test_where_a_force_served_before_is_its_past_not_its_place(run):
    feats = run(
        "Paratroopers deployed to Poland. Some of the soldiers served in Iraq and Afghanistan."
    )
    assert not [f for f in feats if f.place in ("Iraq", "Afghanistan")], show(feats)
    feats = run("Paratroopers deployed to Poland. About 900 US troops are serving in Syria.")
    assert [f for f in feats if f.place == "Syria"], show(feats)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "Japan stationed 160 troops on Yonaguni, its westernmost inhabited island, about "
            "110 km east of Taiwan, on Monday.",
            "Yonaguni",
        ),
        (
            "Rebels shelled Rutshuru, a town about 60 km north of Goma, on Monday.",
            "Rutshuru",
        ),
    ],
)
def test_a_measured_phrase_describing_a_named_place_is_no_offset(run, text, place):
    # the phrase says where the place is; the statement is at the place, not measured off
    feats = run(text)
    assert feats and all(f.place.startswith(place) for f in feats), show(feats)
    assert all(f.location_precision == "exact" for f in feats), show(feats)


def test_a_country_as_the_agent_is_not_its_middle_when_the_story_is_in_it(run):
    text = (
        "North Korea fired dozens of artillery shells onto the South Korean island of "
        "Yeonpyeong on Tuesday, killing two marines. South Korea returned fire with K-9 "
        "howitzers and scrambled F-16 fighter jets."
    )
    second = [f for f in run(text) if f.quote.startswith("South Korea")]
    assert second and all(f.place.startswith("Yeonpyeong") for f in second), show(second)


def test_there_after_a_measured_reference_is_the_place_described(run):
    feats = run(
        "Japan opened a radar station on Yonaguni, its westernmost inhabited island, about 110 km "
        "east of Taiwan, stationing some 160 troops there."
    )
    troops = [f for f in feats if f.subject == "troops" and f.layer == "assets"]
    assert troops and troops[0].place.startswith("Yonaguni"), show(feats)


def test_a_home_base_in_a_participle_phrase_is_not_where_the_event_is(run):
    # the exercise is at a range we cannot place: not at the regiment's home
    feats = run(
        "HIMARS launchers from the 3rd Marine Littoral Regiment, based in Hawaii, will take "
        "part in live-fire exercises at the Bradshaw Field Training Area in July."
    )
    assert not [f for f in feats if f.layer == "incidents"], show(feats)
    feats = run("Marines based in Hawaii held exercises on Monday.")
    assert [f.place for f in feats if f.layer == "incidents"] == ["Hawaii"], show(feats)


def test_the_course_of_a_downed_object_places_the_shoot_down(run):
    feats = run("A U.S. F-15 fighter shot down an Iranian drone that was heading toward Erbil.")
    assert [f.place for f in feats if f.kind == "shoot-down"] == ["Erbil"], show(feats)
    feats = run("A U.S. F-15 fighter shot down an Iranian drone, which was heading toward Erbil.")
    assert [f.place for f in feats if f.kind == "shoot-down"] == ["Erbil"], show(feats)


def test_a_capital_that_acts_is_the_government_not_the_place(run):
    feats = run("Bamako has leaned heavily on Russian paramilitaries since the coup.")
    assert "Bamako" not in at(feats), show(feats)
    # a capital that is hit, or where something is, stays a place
    feats = run("Kyiv has been hit by Russian missiles.")
    assert "Kyiv" in at(feats), show(feats)


def test_a_place_in_a_hyphenated_modifier_is_not_where_things_are(run):
    feats = run(
        "Six U.S. Air Force B-2 stealth bombers have been deployed to the joint U.S.-British "
        "base on Diego Garcia in the Indian Ocean."
    )
    assert "United States" not in at(feats) and "Diego Garcia" in at(feats), show(feats)
    # a border named by a hyphenated pair is still a place
    feats = run("Russian troops massed on the Russia-Ukraine border on Monday.")
    assert at(feats), show(feats)


def test_a_forces_newspaper_is_no_force_at_the_place(run):
    feats = run(
        "Russia has deployed Bastion coastal missile systems on the Kuril Islands, the Pacific "
        "Fleet's newspaper reported on Tuesday."
    )
    assert "Fleet" not in {f.subject for f in feats}, show(feats)
    assert "Bastion coastal missile systems" in {f.subject for f in feats}, show(feats)


def test_a_continent_is_no_place_to_map(run):
    feats = run("Britain said a battalion of its soldiers already in Europe was ready to deploy.")
    assert "Europe" not in at(feats), show(feats)


def test_a_speakers_headquarters_with_its_country_is_not_the_place(run):
    feats = run(
        "The U.S. Africa Command, headquartered in Stuttgart, Germany, said the attack had been "
        "repelled and that it had carried out an airstrike in response."
    )
    assert not at(feats) & {"Stuttgart", "Germany"}, show(feats)


def test_a_weapon_verb_is_a_strike_only_with_a_weapon(run):
    feats = run(
        "Two U.S. Navy F/A-18 jets dropped 500-pound laser-guided bombs on a mobile artillery "
        "piece near Erbil on Friday."
    )
    assert {f.kind for f in feats if f.layer == "incidents"} == {"strike"}, show(feats)
    feats = run("Military aircraft dropped leaflets over Gaza City on Monday.")
    assert not [f for f in feats if f.kind == "strike"], show(feats)


def test_a_weapon_that_comes_down_is_a_strike_there(run):
    feats = run(
        "The Israeli military said several projectiles fell near Safed on Monday. Two rockets "
        "landed in Sderot, the army said. Russia keeps Iskander missiles in Kaliningrad."
    )
    hits = {(f.layer, f.kind, f.place) for f in feats if f.place in ("Safed", "Sderot")}
    assert hits == {("incidents", "strike", "Safed"), ("incidents", "strike", "Sderot")}, show(
        feats
    )
    # a weapon kept at a place is still an asset there
    assert ("assets", "Kaliningrad") in {(f.layer, f.place) for f in feats}, show(feats)


def test_weapons_used_against_a_place_are_a_strike_there(run):
    feats = run(
        "Mortars and heavy weapons were used against the village of Sotk in Armenia, the "
        "ministry said."
    )
    assert {(f.layer, f.kind) for f in feats if f.place == "Sotk"} == {("incidents", "strike")}, (
        show(feats)
    )
    # a force used against no place stays what it was
    feats = run("Russia keeps heavy weapons in Kaliningrad.")
    assert ("assets", "Kaliningrad") in {(f.layer, f.place) for f in feats}, show(feats)


def test_weapons_a_ship_was_hit_by_are_a_strike_not_a_force(run):
    feats = run(
        "The ship had been hit by two anti-ship missiles while sailing about 120 km south of "
        "Odesa, officials said."
    )
    missiles = [f for f in feats if "missile" in f.subject]
    assert missiles and all((f.layer, f.kind) == ("incidents", "strike") for f in missiles), show(
        feats
    )


def test_a_force_that_went_away_is_not_at_the_place(run):
    feats = run(
        "Jets bombed a target near Erbil, the first airstrikes in Iraq since U.S. troops "
        "withdrew in 2011."
    )
    assert feats and not [f for f in feats if f.subject == "troops"], show(feats)
    # where it went still holds it
    feats = run("Russian troops left Belarus for Ukraine in February.")
    assert [f.place for f in feats if f.subject == "troops"] == ["Ukraine"], show(feats)


def test_a_force_that_completed_its_withdrawal_is_not_at_the_place(run):
    feats = run("German troops completed their withdrawal from Mali in December.")
    assert [f.kind for f in feats] == ["withdrawal"], show(feats)
    # aircraft sent to evacuate people from a town do go there
    feats = run(
        "Three U.S. military aircraft sent to evacuate Americans from Juba came under fire."
    )
    assert [f for f in feats if f.subject == "military aircraft" and f.place == "Juba"], show(feats)


@pytest.mark.parametrize("lead", ["", "A U.S. destroyer docked in Haifa on Monday. "])
def test_a_test_launch_with_no_place_is_in_the_launchers_country(run, lead):
    text = lead + "Iranian commanders oversaw a test launch of a new ballistic missile."
    feats = run(text)
    got = [f for f in feats if f.kind == "missile launch"]
    assert [(f.place, f.attachment, f.location_precision) for f in got] == [
        ("Iran", "actor", "country")
    ], show(feats)
    assert text[got[0].start : got[0].end] == "Iranian"


@pytest.mark.parametrize(
    "text",
    [
        "Russian officials said a test launch took place on Monday.",  # a speaker's demonym
        "Iranian forces fired missiles on Monday.",  # a bare verb of firing may be anyone's
    ],
)
def test_a_launch_is_not_placed_by_any_demonym(run, text):
    assert not [f for f in run(text) if f.kind == "missile launch"]


def test_a_missile_in_flight_is_not_a_missile_kept_there(run):
    feats = run("Sirens went off in northern Japan as the missile flew overhead.")
    assert not [f for f in feats if f.layer == "assets"], show(feats)
    feats = run("Russia keeps Iskander missiles in Kaliningrad.")
    assert [f.layer for f in feats] == ["assets"], show(feats)


def test_a_later_object_of_a_strikes_list_is_its_target_not_a_force_there(run):
    feats = run(
        "Hours later a drone and four more fighters struck a convoy of seven vehicles and a "
        "mortar position southwest of Erbil."
    )
    assert [(f.layer, f.kind) for f in feats] == [("incidents", "strike")], show(feats)


@pytest.mark.parametrize("source", ["according to the Philippine Coast Guard", "citing the navy"])
def test_a_force_that_is_the_source_is_not_placed(run, source):
    feats = run(f"Chinese navy ships were spotted near Itbayat island on Monday, {source}.")
    subjects = {f.subject for f in feats if f.layer == "assets"}
    assert subjects == {"navy ships"}, show(feats)


def test_a_zone_around_a_named_place_is_that_place_not_an_anaphor(run):
    feats = run(
        "Japan scrambled jets over Okinawa on Monday. Chinese coast guard ships spent a record "
        "time in the contiguous zone around the Senkakus this year."
    )
    ships = [f for f in feats if f.subject == "coast guard ships"]
    assert [f.place for f in ships] == ["Senkaku Islands"], show(feats)


@pytest.mark.parametrize("when", ["", " on Tuesday"])
def test_a_village_near_which_airspace_was_crossed_places_it(run, when):
    feats = run(
        f"Two Belarusian military helicopters crossed into Polish airspace{when} near the "
        "village of Bialowieza."
    )
    got = {(f.layer, f.kind) for f in feats if f.mention == "Bialowieza"}
    assert ("incidents", "airspace violation") in got, show(feats)
    assert all(f.mention == "Bialowieza" for f in feats), show(feats)


def test_a_country_after_an_indefinite_article_is_a_nationality(run):
    feats = run(
        "Separatist rebels attacked Indonesian soldiers searching for a missing New Zealand "
        "pilot, the military said."
    )
    assert "New Zealand" not in {f.place for f in feats}, show(feats)
    feats = run("Indonesia sent two warships to New Zealand for joint drills.")
    assert "New Zealand" in {f.place for f in feats}, show(feats)


def test_where_after_a_border_phrase_means_the_region_it_places(run):
    feats = run(
        "Gunmen have stepped up raids in the Mopti region near the borders with Niger and "
        "Burkina Faso, where 12 soldiers were killed in an ambush on Sunday."
    )
    got = [f for f in feats if f.subject == "ambush"]
    assert got and {f.place for f in got} == {"Mopti"}, show(feats)
    # the border phrase follows a distance: the place measured, not its reference point
    feats = run(
        "U.S. warplanes struck a camp near Sabratha on Friday, officials said. The jets hit a "
        "farmhouse on the outskirts of the town, about 70 km west of Tripoli and close to the "
        "Tunisian border, where militants were planning attacks, the Pentagon said."
    )
    got = [f for f in feats if f.kind == "attack"]
    assert got and "Tripoli" not in {f.place for f in got}, show(feats)


@pytest.mark.parametrize(
    "text",
    [
        "Frigates from several navies patrol the Celebes Sea to deter kidnappers.",
        "Frigates from several navies are in the Celebes Sea to deter kidnappers.",
    ],
)
def test_a_verb_after_from_ends_the_origin(run, text):
    # the place is the verb's (or the copula's), not where the ships came from
    feats = run(text)
    got = {(f.layer, f.place) for f in feats}
    assert ("assets", "Celebes Sea") in got, show(feats)


def test_from_a_base_in_a_place_stays_an_origin(run):
    feats = run("Frigates from the naval base in Toulon sailed to Crete on Monday.")
    assert "Toulon" not in {f.place for f in feats if f.kind == "naval vessel"}, show(feats)


def test_a_force_sent_to_a_country_is_found_again_by_its_definite_name(run):
    # a country never becomes the story's current place, but the force placed there does
    text = (
        "Qatar sent 800 troops to Oman on Monday, officials said. "
        "The Qatari troops would guard the ports and pipelines, an official said."
    )
    feats = run(text)
    later = [f for f in feats if f.quote.startswith("The Qatari")]
    assert {(f.layer, f.place) for f in later} == {("assets", "Oman")}, show(feats)
    assert all(f.attachment == "discourse" for f in later), show(feats)
    feats = run(text.replace("The Qatari troops", "Police"))
    assert not [f for f in feats if f.quote.startswith("Police")], show(feats)


@pytest.mark.parametrize(
    "text",
    [
        "The army reinforced its troops in the municipality of Arauquita on Monday.",
        "The army reinforced its troops in the governorate of Deir ez-Zor on Monday.",
    ],
)
def test_an_administrative_noun_names_the_place_after_of(run, text):
    feats = run(text)
    want = text.split(" of ")[1].removesuffix(" on Monday.")
    assert {f.mention for f in feats if f.layer == "assets"} == {want}, show(feats)


def test_a_relative_clause_after_a_qualified_place_is_about_the_head(run):
    feats = run(
        "Ships still call at the port of Mariupol on the Sea of Azov, which Russian troops "
        "shelled for weeks in 2022."
    )
    shelled = [f for f in feats if f.kind == "strike"]
    assert shelled and {f.mention for f in shelled} == {"Mariupol"}, show(feats)


def test_a_relative_clause_with_a_long_subject_still_names_its_object(run):
    feats = run(
        "Ukraine has lost the town of Vuhledar, which units of the Russian 155th Marine "
        "Brigade captured on Monday."
    )
    taken = [f for f in feats if f.kind == "seizure"]
    assert taken and {f.mention for f in taken} == {"Vuhledar"}, show(feats)


def test_forces_that_clash_are_the_clash_not_a_posture(run):
    feats = run("Armenian and Azerbaijani troops clashed near Jermuk on Tuesday.")
    assert {(f.layer, f.kind) for f in feats} == {("incidents", "clash")}, show(feats)
    # forces kept at a place, then fighting elsewhere, are still a posture there
    feats = run("Russia keeps 1,500 troops in Transnistria; they clashed with police in Bender.")
    assert ("assets", "Transnistria") in {(f.layer, f.place) for f in feats}, show(feats)
    # forces fighting in a country at war are a posture there
    feats = run("Thousands of North Korean troops have clashed with Ukrainian forces in Russia.")
    assert ("assets", "Russia") in {(f.layer, f.place) for f in feats}, show(feats)


def test_a_neighbourhood_of_a_town_is_in_the_town(run):
    feats = run("Security forces raided a poor neighbourhood of Cucuta on Monday.")
    assert {(f.layer, f.mention) for f in feats} >= {("incidents", "Cucuta")}, show(feats)


def test_an_aside_on_what_an_event_involves_does_not_part_it_from_its_place(run):
    feats = run(
        "The drills, involving aircraft and naval vessels, are being held in the state of "
        "Sucre, the defence minister said."
    )
    assert ("incidents", "exercise", "Sucre") in {(f.layer, f.kind, f.mention) for f in feats}, (
        show(feats)
    )


def test_where_troops_trained_before_being_moved_is_their_training_not_their_post(run):
    feats = run(
        "About 11,000 North Korean soldiers were sent to Russia in October and trained at "
        "bases in the Russian Far East before being moved to the front line."
    )
    there = {(f.layer, f.kind) for f in feats if f.place == "Russian Far East"}
    assert there <= {("incidents", "exercise")}, show(feats)
