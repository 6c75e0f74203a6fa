"""Status (negation, modality, history), date and quantity of statements, on small invented
sentences with hand-made toponyms (tests/_parsed.py)."""

from __future__ import annotations

import pytest
from _parsed import make

from geo.model import Document
from layers._dates import find_dates, parse_published
from layers.extract import extract_features


def adj(mention: str, name: str) -> tuple:
    return (mention, name, {"adjective": True})


def meto(mention: str, name: str) -> tuple:
    return (mention, name, {"literal": False})


def feats(text: str, spec: list, published: str = "2024-06-12"):
    return extract_features(make(text, spec, published=published))


def by_subject(fs, subject: str):
    got = [f for f in fs if f.subject == subject]
    assert got, (subject, [(f.layer, f.kind, f.subject, f.status) for f in fs])
    return got


def statuses(fs, subject: str) -> set[str]:
    return {f.status for f in by_subject(fs, subject)}


# --- negation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spec", "subject"),
    [
        ("Kennedy pledged not to send troops to Cuba.", ["Cuba"], "troops"),
        ("Russia denied sending troops to Syria.", [meto("Russia", "Russia"), "Syria"], "troops"),
        ("Russian troops did not enter Kharkiv.", [adj("Russian", "Russia"), "Kharkiv"], "troops"),
        ("The US never deployed nuclear missiles in Taiwan.", ["Taiwan"], "nuclear missiles"),
        ("Moscow denied that its warships entered the Baltic Sea.", ["Baltic Sea"], "warships"),
        ("No order to intercept the missiles over Poland was issued.", ["Poland"], "intercept"),
        ("No attempts to intercept the missiles over Poland were made.", ["Poland"], "intercept"),
        ("Troops have not been deployed to Niger.", ["Niger"], "Troops"),
        ("There are no U.S. troops in Niger, the spokesman said.", ["Niger"], "troops"),
        (
            "Officials said there was no danger of the missile landing in Poland.",
            ["Poland"],
            "missile",
        ),
    ],
)
def test_negated_statement_is_denied(text, spec, subject):
    assert statuses(feats(text, spec), subject) == {"denied"}


def test_negation_scope_of_a_neighbouring_noun():
    # "no casualties" denies the casualties, not the strike they followed
    fs = feats("There were no casualties after the drone strike on Odesa.", ["Odesa"])
    assert statuses(fs, "drone strike") == {"reported"}


def test_negation_inside_a_relative_clause_does_not_reach_the_main_verb():
    text = "The ministry, which has not commented, said troops arrived in Mali."
    assert statuses(feats(text, ["Mali"]), "troops") == {"reported"}


def test_refusing_to_confirm_is_not_a_denial():
    text = "The ministry refused to confirm that troops were deployed to Niger."
    assert statuses(feats(text, ["Niger"]), "troops") == {"possible"}


# --- modality ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spec", "subject", "status"),
    [
        ("Missile attacks on Kyiv are likely.", ["Kyiv"], "Missile attacks", "possible"),
        ("A drone strike on Odesa is also possible.", ["Odesa"], "drone strike", "possible"),
        ("Troops could be sent to Mali.", ["Mali"], "Troops", "possible"),
        # "plans" with a noun: not yet built
        (
            "The army plans new fortifications and trenches along the border near Kherson.",
            ["Kherson"],
            "fortifications",
            "planned",
        ),
        # an open question: "investigating whether ..."
        (
            "Police are investigating whether Russian drones struck Odesa.",
            ["Odesa"],
            "drones",
            "possible",
        ),
        (
            "If the talks fail, China will send warships to the Red Sea.",
            ["Red Sea"],
            "warships",
            "possible",
        ),
        # a demand reaches its "that" complement
        (
            "Beijing demanded that India withdraw its troops from Poland.",
            ["Poland"],
            "troops",
            "possible",
        ),
        (
            "Should the fighting continue, troops will deploy to Poland.",
            ["Poland"],
            "troops",
            "possible",
        ),
        (
            "China will send warships to the Red Sea if the talks fail.",
            ["Red Sea"],
            "warships",
            "possible",
        ),
        ("Germany announced it would send troops to Poland.", ["Poland"], "troops", "planned"),
        ("Iran warned it would fire missiles at Israel.", ["Israel"], "missiles", "possible"),
        (
            "Officials view the warships as a precursor to invasion of Venezuela.",
            ["Venezuela"],
            "warships",
            "possible",
        ),
        ("The frigate is due to arrive in Odesa.", ["Odesa"], "frigate", "planned"),
        ("Ukraine hopes to receive F-16 jets in Odesa.", ["Odesa"], "F-16 jets", "possible"),
        (
            "Two frigates, accompanied by a tanker, are set to arrive in Odesa.",
            ["Odesa"],
            "frigates",
            "planned",
        ),
        ("Germany plans to deploy a brigade to Poland.", ["Poland"], "brigade", "planned"),
        (
            "The bombers in Kaliningrad can carry nuclear missiles.",
            ["Kaliningrad"],
            "nuclear missiles",
            "possible",
        ),
        (
            "Russian troops may deploy to Mali.",
            [adj("Russian", "Russia"), "Mali"],
            "troops",
            "possible",
        ),
    ],
)
def test_modality(text, spec, subject, status):
    assert statuses(feats(text, spec), subject) == {status}


def test_status_of_a_relative_clause_stays_with_its_noun():
    fs = feats(
        "About 30,000 Russian troops are in Poland for exercises that are due to end soon.",
        [adj("Russian", "Russia"), "Poland"],
    )
    assert statuses(fs, "troops") == {"reported"}


def test_a_cue_before_a_verb_of_saying_stays_in_its_clause():
    fs = feats(
        "The junta ordered the troops to leave, saying all personnel had left the base in Niger "
        "in August.",
        ["Niger"],
    )
    assert statuses(fs, "personnel") == {"reported"}


def test_a_promise_after_a_verb_of_saying_is_not_the_earlier_verbs():
    # the attack happened; only the withdrawal was promised, and the forces keep the
    # status of their first verb
    fs = feats(
        "Officials said Russian forces had attacked Kharkiv and said Moscow had promised to "
        "withdraw them.",
        [adj("Russian", "Russia"), "Kharkiv", meto("Moscow", "Moscow")],
    )
    crossing = [f for f in fs if f.kind != "withdrawal" and f.layer == "incidents"]
    assert crossing and {f.status for f in crossing} == {"reported"}, [
        (f.kind, f.status) for f in fs
    ]
    assert statuses(fs, "forces") == {"reported"}


def test_a_denial_reaches_its_own_complement():
    fs = feats("Moscow denied that its warships entered the Baltic Sea.", ["Baltic Sea"])
    assert statuses(fs, "warships") == {"denied"}


def test_headline_subject_to_verb_is_planned():
    fs = feats(
        "Germany to send 3,000 more troops to Poland", [meto("Germany", "Germany"), "Poland"]
    )
    assert statuses(fs, "troops") == {"planned"}
    fs = feats("Germany sends 3,000 more troops to Poland", [meto("Germany", "Germany"), "Poland"])
    assert statuses(fs, "troops") == {"reported"}


def test_main_clause_after_a_relative_clause_keeps_its_own_status():
    fs = feats(
        "Russia, which has massed troops near Poland, denies it plans an invasion.",
        [meto("Russia", "Russia"), "Poland"],
    )
    assert statuses(fs, "troops") == {"reported"}


def test_a_start_date_is_not_the_statements_date():
    fs = feats(
        "China has sent warships to the South China Sea almost daily since Manila bought three "
        "islands in 2012.",
        ["South China Sea"],
    )
    assert {f.date for f in by_subject(fs, "warships")} == {"2024-06-12"}


def test_an_abbreviation_inside_a_since_clause_keeps_its_year_there():
    # "since U.S. troops withdrew in 2011": the year is the reference point, not the strike's
    fs = feats(
        "Jets bombed a target near Kharkiv, the first airstrikes there since U.S. troops "
        "withdrew in 2011.",
        ["Kharkiv"],
    )
    assert statuses(fs, "Jets") == {"reported"}


def test_a_negation_before_another_partys_event_does_not_deny_it():
    fs = feats(
        "The U.S. is not engaged in the Saudis' bombing campaign in Yemen.",
        ["Yemen"],
    )
    assert statuses(fs, "bombing campaign") == {"reported"}


def test_since_a_year_when_dates_the_when_clause():
    fs = feats(
        "The clash on Friday was the first since 2020, when 20 Indian soldiers were killed in "
        "fighting in Kherson.",
        ["Kherson"],
        published="2022-12-12",
    )
    assert {f.date for f in by_subject(fs, "soldiers")} == {"2020"}


def test_the_past_day_is_lately_not_history():
    fs = feats("Jets flew twenty sorties over Syria in the past 24 hours.", ["Syria"])
    assert {f.status for f in fs} == {"reported"}
    fs = feats("In the past, Soviet warships sailed to Cuba.", ["Cuba"])
    assert statuses(fs, "warships") == {"historical"}


def test_may_the_month_is_not_modal():
    fs = feats("In May, Russian troops were deployed to Mali.", [adj("Russian", "Russia"), "Mali"])
    troops = by_subject(fs, "troops")
    assert {f.status for f in troops} == {"reported"} and {f.date for f in troops} == {"2024-05"}


def test_capability_does_not_make_the_carrier_hypothetical():
    fs = feats("The bombers in Kaliningrad can carry nuclear missiles.", ["Kaliningrad"])
    assert statuses(fs, "bombers") == {"reported"}


# --- history -----------------------------------------------------------------------------


def test_old_year_is_historical_and_dated():
    fs = feats("In 2018 troops were deployed to Mali.", ["Mali"])
    troops = by_subject(fs, "troops")
    assert {f.status for f in troops} == {"historical"} and {f.date for f in troops} == {"2018"}


@pytest.mark.parametrize(
    ("text", "status", "date"),
    [
        ("Troops fought two wars in Mali between 1992-2008.", "historical", "2008"),
        ("Troops fought in Mali during the 2014–15 campaign.", "historical", "2015"),
        ("Troops have fought in Mali during the 2023-24 offensive.", "reported", "2024"),
    ],
)
def test_a_year_range_is_dated_by_its_end(text, status, date):
    troops = by_subject(feats(text, ["Mali"]), "Troops")
    assert {(f.status, f.date) for f in troops} == {(status, date)}


@pytest.mark.parametrize(
    "text",
    [
        "An offensive is possible if the militia does not withdraw from Gaza.",
        "Strikes will resume unless the militia withdraws from Gaza.",
    ],
)
def test_a_trigger_inside_a_condition_is_possible_not_denied(text):
    fs = [f for f in feats(text, ["Gaza"]) if f.kind == "withdrawal"]
    assert fs and {f.status for f in fs} == {"possible"}, [(f.kind, f.status) for f in fs]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Russia kept peacekeepers in Nagorno-Karabakh until 2024.", "historical"),
        ("Russia kept peacekeepers in Nagorno-Karabakh until March 2025.", "historical"),
        ("Russia will keep peacekeepers in Nagorno-Karabakh until 2026.", "planned"),
    ],
)
def test_a_state_that_ended_before_publication_is_history(text, status):
    fs = feats(text, ["Nagorno-Karabakh"], published="2025-06-01")
    assert statuses(fs, "peacekeepers") == {status}


def test_another_statements_modality_does_not_reach_across_a_coordination():
    text = (
        "Germany moved two Patriot systems to Poland in January, and the Netherlands "
        "said it could send F-35 jets to Poland if asked."
    )
    fs = feats(text, ["Poland", ("Poland", "Poland", {"nth": 1})])
    assert statuses(fs, "Patriot systems") == {"reported"}
    assert statuses(fs, "F-35 jets") == {"possible"}


def test_a_pier_long_enough_to_host_a_carrier_hosts_none_yet():
    text = "A new pier long enough to host an aircraft carrier was built in Guam."
    assert statuses(feats(text, ["Guam"]), "aircraft carrier") == {"possible"}


def test_weighing_a_deployment_is_possible():
    fs = feats("Pentagon weighs sending Patriot batteries to Poland", ["Poland"])
    assert statuses(fs, "Patriot batteries") == {"possible"}


def test_previous_experience_elsewhere_is_no_place_of_the_troops():
    # their past, not where they are: not even a historical feature at Syria
    text = "Most of the troops had previous experience on missions in Syria."
    assert not [f for f in feats(text, ["Syria"]) if f.subject == "troops"]


def test_start_date_is_ongoing_not_historical():
    text = "Russian troops have been stationed in Crimea since 2014."
    fs = feats(text, [adj("Russian", "Russia"), "Crimea"])
    assert statuses(fs, "troops") == {"reported"}


def test_former_is_historical():
    fs = feats("A former Soviet air base in Armenia was reopened.", ["Armenia"])
    assert statuses(fs, "air base") == {"historical"}


def test_historical_phrase_in_another_clause_does_not_reach_a_present_clause():
    text = "Unlike during the Cold War, Russian warships are now in the Caribbean."
    fs = feats(text, [adj("Russian", "Russia"), "Caribbean"])
    assert statuses(fs, "warships") == {"reported"}


def test_recent_relative_date_is_reported():
    text = "Russian troops entered Kharkiv last month."
    fs = feats(text, [adj("Russian", "Russia"), "Kharkiv"])
    troops = by_subject(fs, "troops")
    assert {f.status for f in troops} == {"reported"} and {f.date for f in troops} == {"2024-05"}


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "published", "iso"),
    [
        ("on Sunday (Aug. 14)", "2022-08-16", "2022-08-14"),
        ("on November 28", "2022-12-02", "2022-11-28"),
        ("on Dec. 1", "2022-12-02", "2022-12-01"),
        ("on Tuesday", "2022-12-02", "2022-11-29"),
        ("last Friday", "2022-12-02", "2022-11-25"),
        ("yesterday", "2022-12-02", "2022-12-01"),
        ("In May", "2024-06-12", "2024-05"),
        ("In November", "2024-12-12", "2024-11"),
        ("In 2018 troops", "2024-06-12", "2018"),
        ("next Tuesday", "2022-12-02", "2022-12-06"),
    ],
)
def test_find_dates(phrase, published, iso):
    got = find_dates(f"Drones struck {phrase}.", 0, parse_published(published))
    assert [d[1] for d in got][:1] == [iso]


def test_bare_weekday_wire_style():
    text = "Russian drones struck Odesa Tuesday, officials said."
    fs = feats(text, [adj("Russian", "Russia"), "Odesa"], published="2022-12-02")
    assert {f.date for f in by_subject(fs, "drones")} == {"2022-11-29"}


def test_may_modal_is_not_a_date():
    assert find_dates("Troops may move in May 2024.", 0, parse_published("2024-06-12")) == [
        (19, "2024-05", "explicit")
    ]
    assert find_dates("Troops may arrive soon.", 0, parse_published("2024-06-12")) == []


# --- quantity ----------------------------------------------------------------------------


def qty(fs, subject: str) -> str:
    return by_subject(fs, subject)[0].quantity


def test_quantity_on_its_own_noun():
    text = (
        "Taiwan detected 22 Chinese military aircraft and six naval vessels near the Taiwan Strait."
    )
    fs = feats(text, [meto("Taiwan", "Taiwan"), adj("Chinese", "China"), "Taiwan Strait"])
    assert qty(fs, "military aircraft") == "22 aircraft"
    assert qty(fs, "naval vessels") == "six vessels"
    fs = feats(
        "Three Russian warships entered the Baltic Sea.", [adj("Russian", "Russia"), "Baltic Sea"]
    )
    assert qty(fs, "warships") == "Three warships"
    fs = feats("Two Tu-95 bombers flew over the Baltic Sea.", ["Baltic Sea"])
    assert qty(fs, "Tu-95 bombers") == "Two bombers"


@pytest.mark.parametrize(
    ("text", "spec", "subject"),
    [
        ("At 5:58 am missiles struck Kyiv.", ["Kyiv"], "missiles"),
        ("At 0558 missiles struck Kyiv.", ["Kyiv"], "missiles"),
        ("The 16 Bihar regiment troops were deployed in India.", ["India"], "regiment troops"),
        ("The 3rd brigade troops were deployed in Kharkiv.", ["Kharkiv"], "brigade troops"),
        ("Russia deployed 2,700 kilometres range missiles to Syria.", ["Syria"], "missiles"),
        (
            "Russia moved the 4th Su-25 jets to Kharkiv.",
            [meto("Russia", "Russia"), "Kharkiv"],
            "Su-25 jets",
        ),
    ],
)
def test_not_a_quantity(text, spec, subject):
    assert qty(feats(text, spec), subject) == ""


def test_negated_verb_does_not_deny_its_object_phrase():
    text = "Kyiv said the votes would not change Ukraine's counteroffensive in Kherson."
    fs = feats(text, [meto("Kyiv", "Kyiv"), "Kherson"])
    assert "denied" not in statuses(fs, "counteroffensive")


def test_named_weekday_is_not_a_date():
    got = find_dates("On Bloody Sunday troops fired.", 0, parse_published("2024-06-12"))
    assert got == []


@pytest.mark.parametrize("verb", ["didn't say", "did not say", "declined to say"])
def test_not_saying_whether_is_no_denial(verb):
    fs = feats(
        f"The ministry {verb} whether the bombers would stay in Venezuela.",
        [("Venezuela", "Venezuela")],
    )
    assert statuses(fs, "bombers") == {"possible"}


def test_contracted_negation_still_denies():
    fs = feats("Russia didn't send troops to Kherson.", [("Kherson", "Kherson")])
    assert "denied" in statuses(fs, "troops")


def test_a_period_between_two_past_years_is_history():
    fs = feats("Russian troops fought in Kherson between 1991 and 2008.", [("Kherson", "Kherson")])
    assert statuses(fs, "troops") == {"historical"}


@pytest.mark.parametrize(
    ("text", "published", "status"),
    [
        # a closed span of years is history even when the text gives no publication date
        ("Russian troops fought in Kherson between 1991-2008.", "", "historical"),
        ("Russian troops fought in Kherson from 1994 to 1996.", "", "historical"),
        ("Russian troops fought in Kherson between 1994 and 1996.", "", "historical"),
        # a span that runs into the year of publication still holds
        ("Russian troops have fought in Kherson between 2022 and 2024.", "2024-06-12", "reported"),
        # a future span is a plan
        ("Russian troops will deploy to Kherson between 2025 and 2027.", "", "planned"),
    ],
)
def test_a_closed_span_of_years_is_history(text, published, status):
    fs = feats(text, [("Kherson", "Kherson")], published=published)
    assert statuses(fs, "troops") == {status}


def test_no_reports_of_damage_to_a_list_denies_every_item():
    fs = feats(
        "There were no reports of damage to aircraft, warships or troops in Kherson.",
        [("Kherson", "Kherson")],
    )
    for subject in ("aircraft", "warships", "troops"):
        assert statuses(fs, subject) == {"denied"}, subject
    # a list after a real report stays reported
    fs = feats("Russia moved aircraft, warships and troops to Kherson.", [("Kherson", "Kherson")])
    assert statuses(fs, "troops") == {"reported"}


def test_what_an_exercise_is_meant_to_repel_is_rehearsed():
    fs = feats(
        "Russian warships held exercises off Kherson to repel attacks by naval drones.",
        [("Kherson", "Kherson")],
    )
    # no attack took place: the drill did (one exercise, reported)
    assert not [f for f in fs if f.kind == "attack"]
    assert {(f.kind, f.status) for f in fs if f.layer == "incidents"} == {("exercise", "reported")}
    fs = feats(
        "Russian warships repelled attacks by naval drones off Kherson.", [("Kherson", "Kherson")]
    )
    assert {f.status for f in fs if f.kind == "attack"} == {"reported"}


def test_not_carrying_denies_the_cargo_not_the_carrier():
    fs = feats(
        "Russian warships arrived in Kherson. The warships are not carrying nuclear weapons.",
        [("Kherson", "Kherson")],
    )
    assert "denied" not in statuses(fs, "warships")
    fs = feats("The warships are not in Kherson.", [("Kherson", "Kherson")])
    assert statuses(fs, "warships") == {"denied"}


def test_a_typographic_apostrophe_negates_too():
    fs = feats("Russia didn\u2019t send troops to Kherson.", [("Kherson", "Kherson")])
    assert statuses(fs, "troops") == {"denied"}


# --- requests, offers, rehearsals ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("The envoy urged Russia to withdraw its troops from Mali.", "troops"),
        ("Egypt has offered to send troops to Mali.", "troops"),
        ("Paris called on Berlin to send more troops to Mali.", "troops"),
    ],
)
def test_what_is_asked_offered_or_rehearsed_is_possible(text, subject):
    assert statuses(feats(text, ["Mali"]), subject) == {"possible"}


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # the request reaches its own "to" complement, not a clause after it
        ("The army called on residents to leave as strikes continued in Kharkiv.", "strikes"),
        ("Egypt offered to send troops and delivered drones to Kharkiv.", "drones"),
        ("He urged calm, and troops were deployed to Kharkiv.", "troops"),
    ],
)
def test_a_request_does_not_reach_past_its_complement(text, subject):
    assert "possible" not in statuses(feats(text, ["Kharkiv"]), subject)


def test_who_rehearses_or_urges_is_no_hypothetical():
    fs = feats("Marines rehearsed an amphibious landing in Mali.", ["Mali"])
    assert {f.status for f in fs if f.layer == "assets"} == {"reported"}
    # the rehearsal is a drill that took place
    assert {(f.kind, f.status) for f in fs if f.layer == "incidents"} == {("exercise", "reported")}
    fs = feats("Troops in Mali urged residents to leave.", ["Mali"])
    assert statuses(fs, "Troops") == {"reported"}


def test_a_weekday_ends_carried_history_without_a_publication_date():
    fs = feats(
        "Soviet troops were deployed to Kherson during World War II. "
        "Russian bombers flew over Kherson on Thursday.",
        ["Kherson", adj("Russian", "Russia"), ("Kherson", "Kherson", {"nth": 1})],
        published="",
    )
    assert statuses(fs, "bombers") == {"reported"}


def test_a_prohibition_denies():
    fs = feats("The constitution of Mali forbids foreign military bases on its soil.", ["Mali"])
    assert statuses(fs, "military bases") == {"denied"}


def test_a_modal_does_not_cross_into_anothers_coordinated_clause():
    fs = feats(
        "NATO said it would send more ships, and Germany's navy began patrolling the Baltic Sea.",
        ["Baltic Sea"],
    )
    assert {f.status for f in fs if f.kind == "patrol"} == {"reported"}


def test_no_immediate_plans_deny():
    fs = feats("Saudi Arabia had no immediate plans for a ground offensive in Yemen.", ["Yemen"])
    assert statuses(fs, "ground offensive") == {"denied"}


def test_a_negated_verbs_oblique_force_is_not_denied():
    fs = feats(
        "The Russians do not mix with the 1,000 American soldiers still in Niger.", ["Niger"]
    )
    assert statuses(fs, "soldiers") == {"reported"}


def test_a_plan_does_not_reach_a_clause_after_a_comma_and_after():
    fs = feats(
        "Serbia ordered units to move closer to the border, after troops clashed with police in "
        "Kharkiv.",
        ["Kharkiv"],
    )
    assert {f.status for f in fs if f.kind == "clash"} == {"reported"}


def test_a_denied_role_in_an_event_does_not_deny_the_event():
    fs = feats(
        "The minister denied that his government had any role in the missile strike on "
        "Kharkiv on Sunday.",
        ["Kharkiv"],
    )
    assert statuses(fs, "missile strike") == {"reported"}
    fs = feats("The minister denied the missile strike on Kharkiv on Sunday.", ["Kharkiv"])
    assert statuses(fs, "missile strike") == {"denied"}


def test_at_the_time_is_the_storys_time_not_history():
    fs = feats(
        "The strike supported Ukrainian troops who were deployed near Kherson at the time.",
        ["Kherson"],
    )
    assert {f.status for f in fs if f.kind == "deployment"} == {"reported"}


def test_a_date_in_the_triggers_own_comma_segment_dates_it():
    # "in 2023" is nearer to "seized" than "in 1974", but across the comma
    text = "The armies fought a brief war in Mali in 2023, and troops seized Kherson in 1974."
    fs = feats(text, ["Mali", "Kherson"])
    seized = [f for f in fs if f.kind == "seizure"]
    assert seized and {(f.date, f.status) for f in seized} == {("1974", "historical")}


def test_a_participle_before_its_noun_is_a_standing_state():
    # "may send officers to occupied parts of X": the sending is possible, the occupation is
    # not, and the sender is not the occupier
    fs = feats("Belarus may send troops to occupied parts of Kherson.", ["Kherson"])
    occupied = [f for f in fs if f.layer == "disputes"]
    assert occupied and {(f.status, f.actor) for f in occupied} == {("reported", "")}, [
        (f.layer, f.kind, f.status, f.actor) for f in fs
    ]


def test_a_negated_relative_clause_does_not_deny_its_noun():
    # "the aircraft, which did not enter UK airspace, were tracked over X": they were there
    fs = feats(
        "The Russian bombers, which did not enter British airspace, were tracked as they flew "
        "over Kherson.",
        ["Kherson"],
    )
    bombers = by_subject(fs, "bombers")
    assert {f.status for f in bombers} == {"reported"}


def test_a_drill_is_no_rehearsal_of_itself():
    # "practised landing ... during the drills": the landing was rehearsed, the drills held:
    # one exercise, reported, and no landing
    fs = feats(
        "U.S. Marines practised landing on beaches in Kherson during the drills.", ["Kherson"]
    )
    got = {(f.kind, f.status) for f in fs if f.layer == "incidents"}
    assert got == {("exercise", "reported")}, got


def test_a_modal_does_not_reach_a_clause_a_day_after(geoparser, gazetteer):
    text = (
        "The minister said troops near the border would stay there as long as necessary, a day"
        " after Britain sent a patrol ship to Guyana's waters."
    )
    feats = extract_features(
        geoparser.parse(Document(doc_id="s", text=text, published="2024-06-12")),
        gazetteer=gazetteer,
    )
    ships = [f for f in feats if f.subject == "patrol ship"]
    assert ships and all(f.status == "reported" for f in ships), [
        (f.subject, f.status) for f in feats
    ]


def test_can_before_a_verb_of_saying_is_no_modality(geoparser, gazetteer):
    doc = Document(
        doc_id="s",
        text="What I can tell you is that two B-52 bombers flew a mission over the southern "
        "Caribbean in international airspace and returned to base.",
        published="2025-10-16",
    )
    feats = extract_features(geoparser.parse(doc), gazetteer=gazetteer)
    assert feats and {f.status for f in feats} == {"reported"}, [
        (f.kind, f.place, f.status) for f in feats
    ]


@pytest.mark.parametrize(
    "text,status",
    [
        (
            "Claims circulating on social media that Russian paratroopers landed on the Swedish "
            "island of Gotland on Saturday are false, Sweden's armed forces said.",
            "denied",
        ),
        (
            "Reports that Russian troops attacked Kharkiv were confirmed by the ministry.",
            "reported",
        ),
        (
            "Italian jets were scrambled to intercept Russian aircraft flying over the Baltic "
            "Sea without filing flight plans, NATO said.",
            "reported",
        ),
    ],
)
def test_claims_called_false_and_adjuncts_after_the_trigger(geoparser, gazetteer, text, status):
    doc = Document(doc_id="s", text=text, published="2025-10-16")
    feats = extract_features(geoparser.parse(doc), gazetteer=gazetteer)
    assert feats and {f.status for f in feats} == {status}, [
        (f.kind, f.subject, f.status) for f in feats
    ]


def _real(geoparser, gazetteer, text: str):
    doc = Document(doc_id="s", text=text, published="2025-10-16")
    return extract_features(geoparser.parse(doc), gazetteer=gazetteer)


@pytest.mark.parametrize(
    "text,subject,status",
    [
        # the sentence reports it and ends by saying someone denies it: disputed
        (
            "Niger's junta has accused Benin of hosting French troops near the border, which "
            "Benin denies.",
            "troops",
            "disputed",
        ),
        (
            "Soldiers patrolled the border. Russian troops shelled Kharkiv on Monday, which "
            "Moscow has denied.",
            "troops",
            "disputed",
        ),
        (
            "U.N. experts estimate that 3,000 Rwandan soldiers are operating in North Kivu, a "
            "charge Kigali denies.",
            "soldiers",
            "disputed",
        ),
        # not a denial: a relative clause about the place
        (
            "Soldiers patrolled the border. Russian troops shelled Kharkiv on Monday, which "
            "lies near the border.",
            "troops",
            "reported",
        ),
        # a rejected claim to territory is still a dispute
        (
            "China claims the whole of Arunachal Pradesh as part of Tibet, which India rejects.",
            "claims",
            "reported",
        ),
        # a relative clause that says it never happened: denied
        (
            "Houthi rebels fired missiles at ships in the Red Sea. The Houthis have repeatedly "
            "claimed attacks on U.S. warships in the Red Sea that the Pentagon says never "
            "happened.",
            "attacks",
            "denied",
        ),
        # what the denied claim says of a force does not deny the force
        (
            "Troops held Debaltseve. A rebel commander said hundreds of Ukrainian soldiers had "
            "been taken prisoner in Debaltseve, a claim Kiev denied.",
            "soldiers",
            "reported",
        ),
    ],
)
def test_a_closing_denial_disputes_what_the_sentence_reported(
    geoparser, gazetteer, text, subject, status
):
    feats = _real(geoparser, gazetteer, text)
    got = {f.status for f in feats if f.subject == subject}
    assert got == {status}, [(f.kind, f.subject, f.status) for f in feats]


def test_a_qualified_origin_does_not_hide_the_predicates_modality(geoparser, gazetteer):
    feats = _real(
        geoparser,
        gazetteer,
        "Soldiers patrolled the area in Texas on Monday. A Stryker brigade from Fort Carson, "
        "Colorado, is expected to arrive in El Paso next month, a defense official said.",
    )
    got = {f.status for f in feats if f.subject == "Stryker brigade"}
    assert got == {"planned"}, [(f.kind, f.subject, f.place, f.status) for f in feats]


def test_a_lasting_state_after_a_sentence_about_the_past_is_not_history(geoparser, gazetteer):
    feats = _real(
        geoparser,
        gazetteer,
        "Born in 1950, he served in Afghanistan in the 1980s and commanded a regiment in "
        "Chechnya in 1995. Russia still keeps about 4,000 troops in South Ossetia and Abkhazia, "
        "which Moscow recognized as independent after the war.",
    )
    assert {f.status for f in feats if f.subject == "troops"} == {"reported"}, [
        (f.subject, f.place, f.status) for f in feats
    ]
    assert {f.status for f in feats if f.subject == "regiment"} == {"historical"}


def test_a_named_subjects_clause_after_and_keeps_its_own_status(geoparser, gazetteer):
    feats = _real(
        geoparser,
        gazetteer,
        "Eritrea has ordered a nationwide military mobilisation and Ethiopia has moved troops "
        "and heavy weapons towards their shared border near the town of Zalambessa, diplomats "
        "said.",
    )
    got = [f for f in feats if f.subject == "troops"]
    assert got and {f.status for f in got} == {"reported"}, [
        (f.kind, f.status, f.actor) for f in feats
    ]
    assert {f.actor for f in got} == {"Ethiopia"}


def test_forces_already_there_are_no_plan(geoparser, gazetteer):
    feats = _real(
        geoparser,
        gazetteer,
        "The paratroopers flew to Poland, where they will join thousands of troops already "
        "deployed along the eastern flank.",
    )
    got = [f for f in feats if f.subject == "troops"]
    assert got and {f.status for f in got} == {"reported"}, [
        (f.kind, f.subject, f.status) for f in feats
    ]


def test_a_war_named_as_a_yardstick_is_no_history():
    text = (
        "North Korea fired dozens of artillery shells at Kaliningrad on Tuesday, killing two "
        "marines, in one of the heaviest attacks since the Korean War ended."
    )
    fs = feats(text, ["Kaliningrad"])
    assert fs and all(f.status == "reported" for f in fs), [(f.kind, f.status) for f in fs]
    # the comparison names no event of its own
    assert not [f for f in fs if f.kind == "attack"], [(f.kind, f.subject) for f in fs]
    # a war named as the time of the statement still is
    fs = feats("During the Korean War, US troops landed at Kaliningrad.", ["Kaliningrad"])
    assert fs and all(f.status == "historical" for f in fs)


def test_a_year_inside_a_since_clause_does_not_make_the_next_sentence_history():
    text = (
        "Russian border guards seized three navy boats off Sevastopol on Sunday, in the "
        "worst clash since Moscow annexed the peninsula in 2014. The boats were trying to "
        "reach Odesa when a Russian patrol ship rammed the tug."
    )
    fs = feats(text, ["Sevastopol", "Odesa"])
    later = [f for f in fs if "rammed" in f.quote]
    assert later and {f.status for f in later} == {"reported"}, [(f.kind, f.status) for f in fs]


@pytest.mark.parametrize(
    "text,subject,kind,status",
    [
        # a rehearsed event is a drill that took place, not a hypothetical event
        (
            "Marines rehearsed retaking an island in an amphibious landing on Okinawa.",
            "Marines",
            "exercise",
            "reported",
        ),
        ("Marines staged a mock amphibious landing on Okinawa.", "Marines", "exercise", "reported"),
        # a plain landing stays a landing
        ("Marines made an amphibious landing on Okinawa.", "Marines", "landing", "reported"),
    ],
)
def test_a_rehearsed_event_is_an_exercise(geoparser, gazetteer, text, subject, kind, status):
    feats = [f for f in _real(geoparser, gazetteer, text) if f.layer == "incidents"]
    got = {(f.kind, f.status) for f in feats}
    assert (kind, status) in got and len(got) == 1, [(f.kind, f.subject, f.status) for f in feats]


@pytest.mark.parametrize(
    "text,subject,status",
    [
        # a time between the verb of saying and "would": still an announced plan
        (
            "NATO said on Friday it would send additional troops to Kosovo.",
            "troops",
            "planned",
        ),
        # "said X and that Y would": the same speech, a plan
        (
            "Russia will build a naval base in Ochamchire. The leader said an agreement had been "
            "signed and that the base would host Russian warships in the near future.",
            "warships",
            "planned",
        ),
        # an adjunct's negation ("without causing casualties") is not the force's own verb
        (
            "A bomb hit a convoy of Italian soldiers in Mogadishu, without causing casualties.",
            "soldiers",
            "reported",
        ),
        # a year in a relative clause dates that clause's event, not the main clause's
        (
            "Russian soldiers deployed to Timbuktu. On Monday, France, which in 2013 "
            "intervened against rebels, criticised the deployment of Russian mercenaries.",
            "mercenaries",
            "reported",
        ),
        # a modal cue does not reach a past clause after it ("after being hit")
        (
            "The cargo ship was at risk of sinking after being hit by missiles in the Gulf of "
            "Aden.",
            "hit by missiles",
            "reported",
        ),
    ],
)
def test_cues_stay_in_their_clause(geoparser, gazetteer, text, subject, status):
    feats = _real(geoparser, gazetteer, text)
    got = {f.status for f in feats if f.subject == subject}
    assert got == {status}, [(f.kind, f.subject, f.status) for f in feats]


@pytest.mark.parametrize(
    "text,subject,status",
    [
        # the force shares the status of the event noun it is "of"
        (
            "Finnish officials said they had seen no significant build-up of Russian troops "
            "near Salla so far.",
            "troops",
            "denied",
        ),
        # "since YEAR, when ...": the when-clause's event is at that date
        (
            "The UAE has contested Iran's control of Abu Musa since 1971, when Iranian forces "
            "took the island.",
            "forces",
            "historical",
        ),
        # a subordinate clause with its own subject: the force is not the war's
        (
            "Russia has kept troops in Transnistria since 1992, when a war ended.",
            "troops",
            "reported",
        ),
    ],
)
def test_status_reaches_what_its_clause_says(geoparser, gazetteer, text, subject, status):
    feats = _real(geoparser, gazetteer, text)
    got = {f.status for f in feats if f.subject == subject and f.layer == "assets"}
    assert got == {status}, [(f.layer, f.kind, f.subject, f.status) for f in feats]


def test_a_force_that_speaks_under_its_full_name_is_not_placed(geoparser, gazetteer):
    feats = _real(
        geoparser,
        gazetteer,
        "Chinese personnel boarded Philippine navy boats at Second Thomas Shoal on Monday, the "
        "Armed Forces of the Philippines said.",
    )
    assert not [f for f in feats if f.subject == "Armed Forces"], [
        (f.layer, f.subject) for f in feats
    ]
    assert [f for f in feats if f.kind == "seizure"]
