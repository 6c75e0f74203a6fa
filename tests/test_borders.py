"""layers.borders: borders named by their two sides ("the Turkish-Syrian border") as places on
the land boundary of the two Natural Earth outlines."""

from __future__ import annotations

import math

import pytest
from shapely.geometry import Point

from geo.outlines import country_shapes
from layers.borders import BORDER_CODE, border_mentions, border_point

KM_PER_DEGREE = 111.32


def km_to_outline(cc: str, lat: float, lon: float) -> float:
    """Distance in km (upper bound) from a point to the outline of a country."""
    degrees = country_shapes()[cc].boundary.distance(Point(lon, lat))
    return degrees * KM_PER_DEGREE


@pytest.mark.parametrize(("a", "b"), [("TR", "SY"), ("RU", "UA"), ("IN", "PK")])
def test_border_point_on_the_shared_boundary(a, b):
    point = border_point(a, b)
    assert point is not None
    lat, lon = point
    assert km_to_outline(a, lat, lon) < 50
    assert km_to_outline(b, lat, lon) < 50


def test_border_point_turkey_syria_region():
    lat, lon = border_point("TR", "SY")
    # the boundary runs from the Mediterranean (36 E) to Iraq (42.4 E) at 36-37.3 N
    assert 35.8 < lat < 37.4 and 35.9 < lon < 42.5


def test_border_point_symmetric_enough():
    a, b = border_point("TR", "SY"), border_point("SY", "TR")
    assert b is not None
    assert math.dist(a, b) < 0.5  # both in the middle of the same line


def test_border_point_lowercase_codes():
    assert border_point("tr", "sy") == border_point("TR", "SY")


@pytest.mark.parametrize(
    ("a", "b"), [("FR", "JP"), ("TR", "TR"), ("", "TR"), ("TR", ""), ("XX", "TR"), ("UA", "US")]
)
def test_no_border_point(a, b):
    assert border_point(a, b) is None


def borders(text: str, gazetteer):
    return border_mentions(text, 0, len(text), gazetteer)


@pytest.mark.parametrize(
    ("text", "mention", "gid", "pair"),
    [
        (
            "Turkish troops massed near the Turkish-Syrian border on Monday.",
            "Turkish-Syrian border",
            "border:SY-TR",
            ("TR", "SY"),
        ),
        (
            "Artillery shelled villages along the Russia-Ukraine border.",
            "Russia-Ukraine border",
            "border:RU-UA",
            ("RU", "UA"),
        ),
        (
            "Patrols increased on the Syria/Turkey frontier.",
            "Syria/Turkey frontier",
            "border:SY-TR",
            ("SY", "TR"),
        ),
    ],
)
def test_border_mentions(gazetteer, text, mention, gid, pair):
    found = borders(text, gazetteer)
    assert len(found) == 1
    top = found[0]
    assert top.mention == mention
    assert text[top.start : top.end] == mention
    assert top.gazetteer_id == gid
    assert top.feature_code == BORDER_CODE
    assert (top.lat, top.lon) == border_point(*pair)
    assert "border" in top.name


@pytest.mark.parametrize(
    "text",
    [
        "Turkish troops massed near the Turkish border.",  # one side only
        "Troops massed at the French-Japanese border.",  # no shared boundary
        "Troops massed at the Turkish-Martian border.",  # not a country
        "The Turkish-Syrian talks ended without a deal.",  # no border word
    ],
)
def test_no_border_mentions(gazetteer, text):
    assert borders(text, gazetteer) == []


def test_border_mentions_within_span_only(gazetteer):
    text = "Shelling hit the Russia-Ukraine border. Ships sailed on."
    cut = text.index("Ships")
    assert border_mentions(text, cut, len(text), gazetteer) == []
    assert border_mentions(text, 0, len(text), None) == []


# --------------------------------------------------------------------------- "the border"


def show(feats) -> list[tuple[str, str, str, str]]:
    return [(f.kind, f.subject, f.place, f.gazetteer_id) for f in feats]


@pytest.fixture(scope="module")
def extract(geoparser, gazetteer):
    from geo.model import Document
    from layers.extract import extract_features

    def _run(text: str):
        parsed = geoparser.parse(Document(doc_id="b", text=text, published="2024-06-12"))
        return extract_features(parsed, gazetteer=gazetteer)

    return _run


@pytest.mark.parametrize(
    ("text", "gid"),
    [
        (
            "Serbia has sent troops to the border amid condemnation of Kosovo authorities.",
            "border:RS-XK",
        ),
        ("India moved two army divisions to its border with China.", "border:CN-IN"),
        ("Russia massed troops near the border, Ukrainian officials said.", "border:RU-UA"),
        # a few kilometres into a country: just over its border with the other one
        (
            "Two Belarusian military helicopters penetrated up to 3 kilometres into Poland "
            "before returning to Belarus.",
            "border:BY-PL",
        ),
    ],
)
def test_an_unnamed_border_is_between_two_neighbours_of_the_sentence(extract, text, gid):
    feats = extract(text)
    assert feats and {f.gazetteer_id for f in feats} == {gid}, show(feats)


@pytest.mark.parametrize(
    "text",
    [
        "Troops were sent to the border.",  # no sides named
        "Poland sent troops to the border with Spain.",  # no land boundary
        # deep inside is no longer at the border
        "Russian tanks advanced 200 km into Ukraine from Belarus.",
        # an institution, not a place
        "Azerbaijan's border service said Armenian troops opened fire on Monday.",
    ],
)
def test_no_unnamed_border_without_two_neighbours(extract, text):
    assert not any(f.gazetteer_id.startswith("border:") for f in extract(text))


@pytest.mark.parametrize(
    ("text", "gid"),
    [
        ("Russia has deployed S-400 systems in Belarus, near the Polish border.", "border:BY-PL"),
        ("Venezuela deploys troops near Guyana border amid the dispute.", "border:GY-VE"),
    ],
)
def test_a_border_named_by_one_side_is_with_the_other_country(extract, text, gid):
    feats = extract(text)
    ids = {f.gazetteer_id for f in feats}
    assert gid in ids and "Poland" not in {f.place for f in feats}, show(feats)


def test_a_border_named_by_one_side_is_with_the_country_of_the_place_before_it(extract):
    # the depot's region lies in Moldova: not the border of Russia, the sentence's subject
    feats = extract(
        "Russia keeps about 1,500 troops in Transnistria, some of them guarding an ammunition "
        "depot at Qwertovo, close to the Ukrainian border."
    )
    ids = {f.gazetteer_id for f in feats}
    assert "border:MD-UA" in ids and "border:RU-UA" not in ids, show(feats)


def test_the_border_with_one_foreign_country_is_its_border_with_the_storys(extract):
    feats = extract(
        "ADDIS ABABA — Eritrean troops remain in Ethiopia's Tigray region, residents said. "
        "Officials said Eritrean forces had crossed the border on Monday."
    )
    later = [f for f in feats if "crossed" in f.quote]
    assert later and {f.gazetteer_id for f in later} == {"border:ER-ET"}, show(feats)


def test_a_bare_name_before_border_needs_a_country(extract):
    feats = extract("Police patrolled the Texas border with troops on Monday.")
    assert not any(f.gazetteer_id.startswith("border:") for f in feats)


def test_a_hyphenated_backer_is_no_side_of_a_border(extract):
    feats = extract(
        "Authorities in Moldova's Russian-backed region said a drone hit a military base near "
        "the Ukrainian border."
    )
    ids = {f.gazetteer_id for f in feats}
    assert "border:MD-UA" in ids and "border:RU-UA" not in ids, ids


def test_the_border_with_a_country_takes_the_storys_other_side(extract):
    # the story is at the US-Mexico border; "the southern border with Guatemala" is Mexico's,
    # the mention runs to the neighbour's name, and a ", where" clause is at that border
    feats = extract(
        "Mexico has deployed 15,000 soldiers to its northern border with the United States. "
        "Another 6,500 troops are being sent to the southern border with Guatemala, where "
        "the National Guard has set up checkpoints."
    )
    later = [f for f in feats if "Guatemala" in f.quote]
    assert later and {f.gazetteer_id for f in later} == {"border:GT-MX"}, [
        (f.subject, f.place, f.gazetteer_id) for f in feats
    ]
    assert {f.mention for f in later} == {"the southern border with Guatemala"}


def test_the_border_with_a_country_takes_the_side_of_a_place_the_sentence_names(extract):
    feats = extract(
        "Colombia gave US troops access to seven Colombian military bases. Chavez said he had "
        "sent troops and armoured units to the border with Colombia in Tachira state."
    )
    later = [f for f in feats if "Chavez" in f.quote]
    assert later and {f.gazetteer_id for f in later} == {"border:CO-VE"}, [
        (f.subject, f.place, f.gazetteer_id) for f in feats
    ]


@pytest.mark.parametrize(
    ("text", "gid", "near"),
    [
        # a region of one side: its stretch of the border, not the border's middle
        (
            "Georgian special forces clashed with gunmen near the border with Russia's "
            "Dagestan region.",
            "border:GE-RU",
            (41.9, 46.3),  # Dagestan meets Georgia in the east, the middle is 400 km west
        ),
        (
            "U.S. soldiers began patrolling federal land along the border with Mexico in New "
            "Mexico.",
            "border:MX-US",
            (31.8, -107.0),  # New Mexico's stretch, far from the Texas middle of the border
        ),
        # a border named by its sides, and a region of one of them
        (
            "Turkish tanks massed on the Turkish-Syrian border, opposite Syria's Idlib "
            "province, on Monday.",
            "border:SY-TR",
            (36.0, 36.4),  # the middle of the border is 200 km east, near Kobani
        ),
        # a strait at the border's end: Musandam's border, not the inland middle 200 km south
        (
            "Omani troops were put on alert along the border with the United Arab Emirates "
            "near the Strait of Hormuz on Monday.",
            "border:AE-OM",
            (26.0, 56.1),
        ),
    ],
)
def test_a_finer_place_of_the_sentence_says_which_stretch_of_the_border(extract, text, gid, near):
    feats = [f for f in extract(text) if f.gazetteer_id == gid]
    assert feats, [(f.subject, f.place, f.gazetteer_id) for f in extract(text)]
    lat, lon = feats[0].geometry.y, feats[0].geometry.x
    km = math.hypot(lat - near[0], (lon - near[1]) * math.cos(math.radians(lat))) * KM_PER_DEGREE
    assert km < 150, (lat, lon)


def test_a_capital_does_not_choose_the_stretch_of_a_border(extract):
    # Caracas speaks; the border keeps its middle
    feats = extract("Officials in Caracas said troops were sent to the border with Colombia.")
    got = [f for f in feats if f.gazetteer_id == "border:CO-VE"]
    mid = border_point("CO", "VE")
    assert got and (round(got[0].geometry.y, 3), round(got[0].geometry.x, 3)) == (
        round(mid[0], 3),
        round(mid[1], 3),
    ), [(f.place, f.geometry) for f in feats]


@pytest.mark.parametrize(
    ("text", "gid", "pair"),
    [
        (
            "Russian troops massed along the border with Ukraine on Monday. Shelling hit "
            "villages near Kharkiv later that day.",
            "border:RU-UA",
            ("RU", "UA"),
        ),
        # a border named by its sides as well
        (
            "Turkish tanks massed on the Turkish-Syrian border on Monday. Shelling hit "
            "villages near Idlib later that day.",
            "border:SY-TR",
            ("TR", "SY"),
        ),
    ],
)
def test_the_storys_place_near_a_border_says_which_stretch_of_it(extract, text, gid, pair):
    # the sentence names no finer place; the next one does, near the border's west end
    feats = extract(text)
    got = [f for f in feats if f.gazetteer_id == gid]
    assert got, [(f.subject, f.place, f.gazetteer_id) for f in feats]
    mid = border_point(*pair)
    assert got[0].geometry.x < mid[1] - 0.8, got[0].geometry  # west of the middle


@pytest.mark.parametrize(
    ("text", "gid"),
    [
        ("Finland sent 800 troops to its eastern border on Monday.", "border:FI-RU"),
        ("Ecuador deployed 2,000 soldiers to its northern border.", "border:CO-EC"),
        ("Lebanon's southern border was reinforced with 3,000 troops.", "border:IL-LB"),
        ("Mexico sent National Guard troops to the country's southern border.", "border:GT-MX"),
    ],
)
def test_a_side_of_a_countrys_border_is_its_neighbour_that_way(extract, text, gid):
    feats = extract(text)
    assert feats and {f.gazetteer_id for f in feats} == {gid}, show(feats)


def test_a_side_with_no_neighbour_that_way_is_no_border(extract):
    # Portugal's only land neighbour lies east of it
    feats = extract("Portugal sent 300 troops to its western border.")
    assert not any(f.gazetteer_id.startswith("border:") for f in feats)


def test_a_possessor_read_as_no_place_takes_the_storys_country(extract):
    # "Zorbania" is no place; the story's country is the other side of "the border with X"
    feats = extract(
        "KAMPALA, Uganda - Rebel fighters attacked army positions on Zorbania's border with "
        "Kenya on Monday."
    )
    assert {f.gazetteer_id for f in feats} == {"border:KE-UG"}, show(feats)


def test_the_border_in_a_sentence_with_no_place_is_the_storys_latest(extract):
    feats = extract(
        "Thai and Cambodian troops fought with artillery on their disputed border on Sunday. "
        "Both sides have reinforced their troops along the border."
    )
    later = [f for f in feats if f.quote.startswith("Both")]
    assert later and {f.gazetteer_id for f in later} == {"border:KH-TH"}, show(feats)
