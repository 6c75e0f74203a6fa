"""The five seed articles through the real pipeline: the posture statements they make, as
features in the right layer at the right place, and nothing on metonymic or modifier mentions.

Expectations were written while reading the articles (seeds/*.txt); each test names the
sentence it stands for.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from _features import quote_fits

from geo.text import sentence_spans
from layers.model import LAYERS, STATUSES

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

DOC_CRISIS = "000_e7d677451c6bec40"  # bankingnews: "New missile crisis being set up in Cuba"
DOC_ESCALATES = "001_45b75137a0563e55"  # "The U.S. Escalates Military Presence in the Caribbean"
DOC_ARMADA = "002_ed0b837c86d29817"  # Arostegui: Il-76 in Caracas, Buk/Pantsir/S-300
DOC_AID = "003_c6cdf426b5678743"  # "Maduro Asks Russia for Aid Amid US Bombing Threat"
DOC_ALLIANCE = "004_15b0fd5f471b0a17"  # "Venezuela's Shocking Alliance", Essequibo

# Capitals and seats of power that these articles only use for governments.
METONYMIC_SEATS = {"Moscow", "Washington", "Beijing", "Kremlin", "Pentagon", "White House"}


@pytest.fixture(scope="module")
def seeds(geoparser, gazetteer):
    from geo.documents import read_documents
    from layers.extract import extract_features

    out = {}
    for doc in read_documents([str(SEEDS)]):
        parsed = geoparser.parse(doc)
        out[doc.doc_id] = (parsed, extract_features(parsed, gazetteer=gazetteer))
    assert set(out) == {DOC_CRISIS, DOC_ESCALATES, DOC_ARMADA, DOC_AID, DOC_ALLIANCE}
    return out


def feats(seeds, doc_id):
    return seeds[doc_id][1]


def find(fs, *, layer=None, kind=None, subject=None, place=None, actor=None, status=None):
    """Features matching every given field (``subject`` is a case-insensitive substring)."""
    out = []
    for f in fs:
        if layer is not None and f.layer != layer:
            continue
        if kind is not None and f.kind != kind:
            continue
        if subject is not None and subject.lower() not in f.subject.lower():
            continue
        if place is not None and f.place != place:
            continue
        if actor is not None and f.actor != actor:
            continue
        if status is not None and f.status != status:
            continue
        out.append(f)
    return out


def describe(fs):
    return "\n".join(
        f"{f.layer}/{f.kind} {f.subject!r} @{f.place} actor={f.actor!r} {f.status}" for f in fs
    )


def expect(fs, **kw):
    got = find(fs, **kw)
    assert got, f"no feature {kw} among:\n{describe(fs)}"
    return got


# ------------------------------------------------------------------------------------------
# Invariants on every seed
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", [DOC_CRISIS, DOC_ESCALATES, DOC_ARMADA, DOC_AID, DOC_ALLIANCE])
def test_invariants(seeds, doc_id):
    parsed, fs = seeds[doc_id]
    text = parsed.document.text
    spans = set(sentence_spans(text))
    by_start = {t.start: t for t in parsed.toponyms}
    for f in fs:
        assert f.layer in LAYERS and f.status in STATUSES
        assert text[f.start : f.end] == f.mention
        sentence_end = dict(spans)[f.quote_start]
        assert quote_fits(f.quote, text[f.quote_start : sentence_end])
        assert (f.quote_start, sentence_end) in spans, "quote is a sentence"
        if f.attachment == "discourse":  # the place was named in an earlier sentence
            assert f.end <= f.quote_start
        else:
            assert f.quote_start <= f.start and f.end <= sentence_end
        assert 0.0 <= f.confidence <= 1.0
        if f.geometry.geom_type == "Point" and f.attachment != "anaphor":
            top = by_start.get(f.start)
            assert top is not None and top.end == f.end, "a point sits on a toponym"
            assert top.literal, f"feature on a metonymic mention: {f.mention!r} in {f.quote!r}"


@pytest.mark.parametrize("doc_id", [DOC_CRISIS, DOC_ESCALATES, DOC_ARMADA, DOC_AID, DOC_ALLIANCE])
def test_no_duplicate_statements(seeds, doc_id):
    fs = feats(seeds, doc_id)
    keys = Counter((f.quote_start, f.layer, f.kind, f.subject, f.place) for f in fs)
    assert not [k for k, n in keys.items() if n > 1]
    assets = Counter((f.quote_start, f.subject, f.place) for f in fs if f.layer == "assets")
    assert not [k for k, n in assets.items() if n > 1]


def test_nothing_on_metonymic_capitals_or_sources(seeds):
    for doc_id, (_parsed, fs) in seeds.items():
        for f in fs:
            assert f.place not in METONYMIC_SEATS, (doc_id, f.place, f.quote)
            after = f.quote[f.end - f.quote_start :]
            assert not re.match(r"\s+(?:sources|officials|spokes)", after), (doc_id, f.quote)
            before = f.quote[: f.start - f.quote_start]
            assert not before.endswith(("pro-", "anti-")), (doc_id, f.quote)


def test_adjective_mentions_give_actor_not_place(seeds):
    """A demonym or modifier ("Russian troops", "U.S. officials", "Venezuelan forces") never
    places a feature, unless it is a locative phrase ("Venezuelan territory")."""
    for doc_id, (parsed, fs) in seeds.items():
        by_start = {t.start: t for t in parsed.toponyms}
        for f in fs:
            top = by_start.get(f.start)
            if top is None or not top.adjective:
                continue
            after = parsed.document.text[f.end : f.end + 30].lower()
            noun_use = f.mention.lower().removeprefix("the ") == f.place.lower()
            assert noun_use or re.match(
                r"\s+(?:\w+\s+)?(?:territory|soil|airspace|waters|coast)", after
            ), (
                doc_id,
                f.mention,
                f.quote,
            )


def test_country_is_not_the_place_when_only_the_actor(seeds):
    # "Maduro Asks Russia for Aid Amid US Bombing Threat": nothing happens in Russia.
    assert not find(feats(seeds, DOC_AID), place="Russia")
    # "The United States has increased military ... operations ..., deploying ... in the Caribbean"
    # and "the U.S. has granted the CIA ... covert actions": the U.S. is the actor.
    assert not find(feats(seeds, DOC_ALLIANCE), place="United States")
    # "a direct military intervention by the U.S.?": the agent.
    assert not find(feats(seeds, DOC_AID), place="United States")
    # "Russia's reinforcement of Venezuela's air defenses": Russia is the agent.
    assert not find(feats(seeds, DOC_ARMADA), place="Russia", layer="incidents")


# ------------------------------------------------------------------------------------------
# 000: bankingnews "New missile crisis being set up in Cuba"
# ------------------------------------------------------------------------------------------


def test_crisis_strike_force_off_venezuela(seeds):
    # "the Americans have created a strike force off the coast of Venezuela."
    expect(
        feats(seeds, DOC_CRISIS),
        layer="assets",
        kind="naval vessel",
        subject="strike force",
        place="Venezuela",
        actor="United States",
        status="reported",
    )


def test_crisis_russian_transport_plane_to_caracas(seeds):
    # "a Russian transport plane had departed for Caracas."
    fs = feats(seeds, DOC_CRISIS)
    plane = expect(fs, layer="assets", kind="aircraft", subject="transport plane", place="Caracas")
    assert all(f.actor == "Russia" for f in plane)
    assert any(f.date == "2025-10-30" for f in plane)
    # one feature for the flight: the plane at Caracas, not a second point for its sending
    assert not find(fs, layer="incidents", subject="transport plane", place="Caracas")
    # The demonym gives the actor only.
    assert not [f for f in fs if f.place == "Russia" and "transport plane" in f.quote]


def test_crisis_2018_bombers_are_historical(seeds):
    # "In 2018, Russian strategic bombers visited Venezuela."
    fs = feats(seeds, DOC_CRISIS)
    bombers = expect(fs, subject="strategic bombers", place="Venezuela", actor="Russia")
    assert {f.layer for f in bombers} == {"assets", "incidents"}
    assert all(f.status == "historical" for f in bombers)
    assert all(f.quantity == "" for f in bombers), "a year is not a quantity"


def test_crisis_possible_shoot_down(seeds):
    # "the shooting down of submarines in the Caribbean is also possible"
    expect(
        feats(seeds, DOC_CRISIS),
        layer="incidents",
        kind="shoot-down",
        place="Caribbean Sea",
        status="possible",
    )


def test_crisis_missile_crisis_is_not_a_missile(seeds):
    # Title "New missile crisis being set up in Cuba": a crisis, no missiles in Cuba.
    assert not find(feats(seeds, DOC_CRISIS), layer="assets", kind="missile", place="Cuba")


# ------------------------------------------------------------------------------------------
# 001: "The U.S. Escalates Military Presence in the Caribbean ..."
# ------------------------------------------------------------------------------------------


def test_escalates_gerald_ford_heading_to_caribbean(seeds):
    # "USS Gerald R. Ford, is heading to the Caribbean Sea"
    fs = feats(seeds, DOC_ESCALATES)
    expect(
        fs,
        layer="assets",
        kind="naval vessel",
        subject="USS Gerald R. Ford",
        place="Caribbean Sea",
        actor="United States",
        status="reported",
    )
    assert not find(fs, layer="incidents", subject="Gerald R. Ford", place="Caribbean Sea")


def test_escalates_presence_in_caribbean(seeds):
    # Title and "... increasing its military presence in the Caribbean": the U.S. is the subject.
    pres = expect(feats(seeds, DOC_ESCALATES), subject="military presence", place="Caribbean Sea")
    assert {f.actor for f in pres} == {"United States"}
    assert not find(feats(seeds, DOC_ESCALATES), subject="military presence", place="Europe")


def test_escalates_covert_action_and_possible_strikes(seeds):
    fs = feats(seeds, DOC_ESCALATES)
    # "Trump has reportedly approved CIA covert measures inside Venezuela"
    expect(fs, layer="incidents", kind="covert action", place="Venezuela", actor="United States")
    # "the U.S. could soon launch direct strikes on Venezuelan territory"
    expect(
        fs,
        layer="incidents",
        kind="strike",
        place="Venezuela",
        actor="United States",
        status="possible",
    )


def test_escalates_russian_advisers(seeds):
    # "reports of Russian military advisors in Venezuela"
    expect(
        feats(seeds, DOC_ESCALATES),
        layer="assets",
        kind="advisers",
        place="Venezuela",
        actor="Russia",
    )


# ------------------------------------------------------------------------------------------
# 002: Arostegui, the Il-76 in Caracas and the air defences
# ------------------------------------------------------------------------------------------


def test_armada_in_caribbean(seeds):
    # "the massive U.S. naval and air armada assembled in the Caribbean"
    expect(
        feats(seeds, DOC_ARMADA),
        layer="assets",
        subject="armada",
        place="Caribbean Sea",
        actor="United States",
    )


def test_armada_ilyushin_landings_in_caracas(seeds):
    fs = feats(seeds, DOC_ARMADA)
    # "At least one Ilyushin military transport plane landed in Caracas last week"
    # "the Ilyushin 76TD cargo aircraft landing in Caracas on October 26"
    landings = expect(fs, layer="incidents", kind="landing", subject="Ilyushin")
    assert {f.place for f in landings} == {"Caracas"}
    assert len({f.quote_start for f in landings}) == 2
    planes = expect(fs, layer="assets", kind="aircraft", subject="Ilyushin", place="Caracas")
    assert len(planes) == 2
    # "... to unload armaments, including air defense missiles, according to Pentagon sources."
    expect(fs, layer="assets", kind="air defence", subject="air defense missiles", place="Caracas")


def test_armada_air_defence_systems_with_range_rings(seeds):
    fs = feats(seeds, DOC_ARMADA)
    # "the Ilyushin 76TD cargo aircraft landing in Caracas ... to unload BuK M2E and Pantsir
    # SRS1 SAM missiles to protect 'high value targets in Venezuela,' ... a dozen long range
    # S-300 missile batteries already in the country": the BuK and the Pantsir coordinated
    # with it unloaded at Caracas (the country's point would hide the town the sentence
    # names); the S-300 batteries already somewhere in the country
    for name, place in (("Buk", "Caracas"), ("Pantsir", "Caracas"), ("S-300", "Venezuela")):
        got = expect(fs, layer="assets", kind="air defence", subject=name, place=place)
        assert all(f.range_km > 0 for f in got), name
    s300 = expect(fs, subject="S-300 missile batteries")
    assert s300[0].quantity == "a dozen batteries"


def test_armada_uss_stockdale_patrol(seeds):
    # "The American destroyer USS Stockdale patrolling off Venezuela's coast"
    fs = feats(seeds, DOC_ARMADA)
    expect(
        fs,
        layer="assets",
        kind="naval vessel",
        subject="USS Stockdale",
        place="Venezuela",
        actor="United States",
    )
    expect(fs, layer="incidents", kind="patrol", subject="USS Stockdale", place="Venezuela")


def test_armada_cuban_mercenaries_in_ukraine(seeds):
    # "Twenty thousand Cuban "mercenaries" are also fighting in Ukraine"
    merc = expect(
        feats(seeds, DOC_ARMADA),
        layer="assets",
        subject="mercenaries",
        place="Ukraine",
        actor="Cuba",
    )
    assert merc[0].quantity.lower().startswith("twenty thousand")


def test_armada_1962_missiles_are_historical(seeds):
    # "... led to the 1962 Cuban missile crisis. The potentially apocalyptic standoff ... was
    # resolved when Russia withdrew nuclear missiles it had placed in Cuba after president
    # Kennedy pledged to withdraw U.S. intermediate range missiles based in Turkey ..."
    fs = feats(seeds, DOC_ARMADA)
    expect(
        fs,
        layer="assets",
        subject="nuclear missiles",
        place="Cuba",
        actor="Russia",
        status="historical",
    )
    expect(
        fs,
        layer="assets",
        subject="intermediate range missiles",
        place="Turkey",
        actor="United States",
        status="historical",
    )
    for f in fs:
        if "Kennedy" in f.quote or "1962" in f.quote:
            assert f.status == "historical", describe([f])


def test_armada_hypotheticals_are_possible(seeds):
    fs = feats(seeds, DOC_ARMADA)
    # "The U.S. Navy could also sever Chinese laid undersea cables connecting Venezuela with Cuba."
    cables = expect(
        fs, kind="infrastructure", subject="undersea cables", actor="China", status="possible"
    )
    assert any(f.geometry.geom_type == "LineString" for f in cables)
    # "he might publicly tell Zelensky to fire off 3,300 U.S. ... ERAM missiles"
    eram = expect(
        fs, layer="assets", subject="ERAM missiles", place="Ukraine", actor="United States"
    )
    assert all(f.status == "possible" for f in eram)


def test_armada_no_wagner_on_moscow(seeds):
    # "... Wagner Para Military Company which has been operating under Russia's ministry of
    # defense to prop up pro-Moscow dictatorships in Africa."
    for f in find(feats(seeds, DOC_ARMADA), subject="Wagner"):
        assert f.place not in {"Moscow", "Russia"}


# ------------------------------------------------------------------------------------------
# 003: "Maduro Asks Russia for Aid Amid US Bombing Threat"
# ------------------------------------------------------------------------------------------


def test_aid_possible_us_intervention(seeds):
    # "a potential U.S. military intervention in Venezuela"
    expect(
        feats(seeds, DOC_AID),
        layer="incidents",
        subject="military intervention",
        place="Venezuela",
        actor="United States",
        status="possible",
    )


def test_aid_iranian_drones(seeds):
    # "military equipment shipments from Iran, including drones with a 1,000 km range": Iran
    # is where they come from, not where they are
    fs = feats(seeds, DOC_AID)
    assert not [f for f in fs if f.place == "Iran" and f.kind in ("delivery", "drone")]


# ------------------------------------------------------------------------------------------
# 004: "Venezuela's Shocking Alliance", Essequibo
# ------------------------------------------------------------------------------------------


def test_alliance_essequibo_dispute_polygon(seeds):
    # "U.S. supports Guyana in territorial disputes with Venezuela over the Essequibo region."
    # "The ongoing territorial dispute with Guyana over the Essequibo region ..."
    disputes = expect(feats(seeds, DOC_ALLIANCE), layer="disputes", place="Essequibo")
    assert len({f.quote_start for f in disputes}) == 2
    assert all(f.geometry.geom_type in ("Polygon", "MultiPolygon") for f in disputes)
    assert all(
        f.layer == "disputes"
        for f in feats(seeds, DOC_ALLIANCE)
        if f.place == "Essequibo" and f.kind == "territorial dispute"
    )


def test_alliance_assets_in_caribbean(seeds):
    # "... deploying naval and aerial assets in the Caribbean."
    fs = feats(seeds, DOC_ALLIANCE)
    expect(
        fs, layer="assets", subject="aerial assets", place="Caribbean Sea", actor="United States"
    )
    assert not find(fs, layer="incidents", kind="deployment", place="Caribbean Sea")


def test_alliance_exercises_and_patrols(seeds):
    # "with the U.S. openly supporting Guyana through joint military exercises and air patrols"
    fs = feats(seeds, DOC_ALLIANCE)
    expect(fs, layer="incidents", kind="exercise")
    for f in find(fs, layer="incidents", kind="exercise") + find(fs, kind="patrol"):
        assert f.place in {"Guyana", "Essequibo"}


# ------------------------------------------------------------------------------------------
# Whole picture
# ------------------------------------------------------------------------------------------


def test_layer_counts(seeds):
    counts = Counter(f.layer for _p, fs in seeds.values() for f in fs)
    assert counts["assets"] >= 25
    assert counts["incidents"] >= 20
    assert counts["disputes"] >= 2
