"""layers.mentions: datelines and the roles of place mentions that are not a statement's
place (speaker, meeting, owner, maker, media). Invented sentences."""

from __future__ import annotations

import pytest

from layers.lexicon import load_lexicon
from layers.mentions import datelines, mention_rules, non_place_role


@pytest.fixture(scope="module")
def rules():
    return mention_rules(load_lexicon())


def lines(text: str) -> list[str]:
    return [text[a:b] for a, b in datelines(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MOSCOW \u2014 Russian troops moved west.", "MOSCOW \u2014 "),
        ("TAIPEI (Taiwan News) \u2014 Chinese jets flew nearby.", "TAIPEI (Taiwan News) \u2014 "),
        ("WASHINGTON (AP) - The Pentagon said on Monday.", "WASHINGTON (AP) - "),
        ("KYIV, Ukraine (AP) \u2014 Drones hit the city.", "KYIV, Ukraine (AP) \u2014 "),
        ("NEW DELHI: Indian troops moved north.", "NEW DELHI: "),
        # the wire services' date after the town
        ("MAPUTO, Aug 8 - Troops retook the town.", "MAPUTO, Aug 8 - "),
        ("TAIPEI, Feb 19 (Reuters) - Ships sailed.", "TAIPEI, Feb 19 (Reuters) - "),
        ("WASHINGTON, Nov. 3 (Reuters) \u2014 Jets flew.", "WASHINGTON, Nov. 3 (Reuters) \u2014 "),
        ("BRUSSELS, 12 June 2023 - NATO met.", "BRUSSELS, 12 June 2023 - "),
        ("BEIJING, March 5, 2024 (Xinhua) -- Ships left.", "BEIJING, March 5, 2024 (Xinhua) -- "),
        ("PORT-AU-PRINCE, June 25 (AP) - Police landed.", "PORT-AU-PRINCE, June 25 (AP) - "),
    ],
)
def test_dateline_spans(text, expected):
    assert lines(text) == [expected]


def test_dateline_at_start_of_a_later_paragraph():
    text = "Headline of the story.\nBEIJING \u2014 China sent ships."
    assert lines(text) == ["BEIJING \u2014 "]


@pytest.mark.parametrize(
    "text",
    [
        "Jan. 5 (UPI) -- The navy said on Friday.",  # a date, not an uppercase place
        "Russian troops moved to Kyiv \u2014 and then west.",  # a dash mid-sentence
        "Moscow \u2014 the capital \u2014 was quiet.",  # not uppercase
        "The ships sailed through the strait on Tuesday.",
        "NATO, Russia and Ukraine - all three - met.",  # a list, not a town and a date
    ],
)
def test_no_dateline(text):
    assert lines(text) == []


def test_dateline_limit():
    text = "x" * 50 + "\nMOSCOW \u2014 Troops moved."
    assert lines(text) == ["MOSCOW \u2014 "]
    assert datelines(text, limit=30) == []


def role(rules, text: str, name: str) -> str:
    start = text.index(name)
    return non_place_role(rules, text, start, start + len(name))


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("The minister told reporters in Brussels that troops would move.", "Brussels", "speaker"),
        (
            "The general said at the White House on Tuesday that jets moved.",
            "White House",
            "speaker",
        ),
        ("Officials in Washington said the drills would go on.", "Washington", "speaker"),
        ("NATO leaders met at a summit in Helsinki on Monday.", "Helsinki", "meeting"),
        ("The China Coast Guard fired water cannon.", "China", "owner"),
        ("Pakistan Air Force jets struck targets.", "Pakistan", "owner"),
        ("Russia's Baltic Sea fleet sailed out.", "Baltic Sea", "owner"),
        ("Soldiers of the 16 Bihar regiment moved up.", "Bihar", "owner"),
        ("Two Shenyang J-16 fighters flew past.", "Shenyang", "maker"),
        ("Chengdu J-10 jets took off.", "Chengdu", "maker"),
        ("The Telegram channel Baza said drones hit a depot.", "Baza", "media"),
        ("Troops deployed in Stockholm on Monday.", "Stockholm", ""),
        ("Russian troops deployed in Stockholm.", "Stockholm", ""),
        ("Warships sailed to Brussels after the drills.", "Brussels", ""),
        ("US officials called on Russia to stop its strikes.", "Russia", "addressee"),
        ("A defense official confirmed to The Hill that a boat was hit.", "The Hill", "speaker"),
        ("Russia's Central Election Commission said votes were counted.", "Russia", "owner"),
        ("Japan's coast guard said the missiles fell at sea.", "Japan", "owner"),
        ("A commander of militia units in Idlib said his men fired.", "Idlib", "speaker"),
        ("A spokesman for the regional administration in Kherson told AP.", "Kherson", "speaker"),
        ("A commander of militia units in Idlib was killed.", "Idlib", ""),
    ],
)
def test_non_place_role(rules, text, name, expected):
    assert role(rules, text, name) == expected


def test_speaker_noun_needs_a_saying_verb_after(rules):
    # "officials in X" is a speaker's place only when they say something
    assert role(rules, "Officials in Kabul were evacuated by air.", "Kabul") == ""


def test_role_looks_back_only_to_sentence_start(rules):
    text = "The envoy spoke to the media in Stockholm."
    start = text.index("Stockholm")
    assert non_place_role(rules, text, start, start + 9) == "speaker"
    cut = text.index("to the media")
    assert non_place_role(rules, text, start, start + 9, sentence_start=cut) == ""
