"""Sides of a country named alone ("in the northeast") and parts of archipelagos (layers.parts,
layers.relative.part_point), through the extraction with the real geoparser. Sentences are
invented."""

from __future__ import annotations

import pytest

from geo.model import Document
from geo.outlines import country_shapes
from layers.extract import extract_features


@pytest.fixture(scope="module")
def run(geoparser, gazetteer):
    def _run(text: str):
        parsed = geoparser.parse(Document(doc_id="p", text=text, published="2024-06-12"))
        return extract_features(parsed, gazetteer=gazetteer)

    return _run


def show(feats):
    return [(f.layer, f.kind, f.subject, f.place, f.location_precision) for f in feats]


def test_a_side_alone_is_that_part_of_the_storys_country(run):
    feats = run(
        "In Nigeria, the army is stretched thin. Air strikes killed 20 jihadists in the northeast"
        " on Monday, the army said."
    )
    there = [f for f in feats if f.place == "northeastern Nigeria"]
    assert there, show(feats)
    for f in there:
        assert f.location_precision == "area"
        assert country_shapes()["NG"].contains(f.geometry)
        assert f.geometry.y > 10.0 and f.geometry.x > 10.0  # the north-east third


@pytest.mark.parametrize(
    "text",
    [
        # the side says where the place just named is
        "Ukraine is at war. Russian troops attacked Kharkiv in the north on Monday.",
        # "the North" in a Korean story is a state, and "the east of X" names its own place
        "South Korea said troops in the North fired shells on Monday.",
        "Russian troops attacked villages in the east of Kharkiv on Monday.",
    ],
)
def test_no_side_where_the_text_names_the_place(run, text):
    feats = run(text)
    assert not any(f.gazetteer_id.startswith("part:") for f in feats), show(feats)


def test_a_part_of_an_archipelago_whose_point_lies_at_sea(run):
    feats = run("Marines delivered aid to towns in the northern Philippines on Wednesday.")
    assert feats, show(feats)
    for f in feats:
        assert f.place == "Philippines" and f.location_precision == "area", show(feats)
        assert f.geometry.y > 15.5  # northern Luzon, not the country's point at sea


def test_a_side_of_the_country_anaphor_is_not_the_storys_country(run):
    feats = run(
        "A Chinese survey ship docked in Sri Lanka on Tuesday. India fears the ship could be"
        " used to spy on its military installations in the south of the country."
    )
    assert not any(f.place == "southern Sri Lanka" for f in feats), show(feats)


@pytest.mark.parametrize(
    ("text", "near"),
    [
        ("Greek and Turkish warships shadowed each other in the eastern Mediterranean.", (31, 34)),
        ("Two Chinese aircraft carriers operated in the western Pacific.", (140, 18)),
        ("The United States has deployed eight warships to the southern Caribbean.", (-70, 13)),
    ],
)
def test_a_side_of_a_sea_is_the_gazetteers_part_of_it(run, text, near):
    # "the western Pacific" is not the ocean's middle (0, -160)
    feats = run(text)
    assert feats
    for f in feats:
        x, y = f.geometry.x, f.geometry.y
        assert abs(x - near[0]) < 5 and abs(y - near[1]) < 5, (f.kind, x, y)
        assert f.location_precision == "area"


def test_a_side_between_two_named_parts_of_a_sea_lies_between_them(run):
    # the gazetteer names a western and a southern Black Sea, no south-western one: the
    # sea's middle (34 E) is not where the text puts it
    feats = run("A Russian frigate stopped a cargo ship in the south-western Black Sea.")
    assert feats, show(feats)
    for f in feats:
        assert f.geometry.x < 33.0 and f.geometry.y < 43.3, (f.kind, f.geometry)
        assert f.location_precision == "area"


def test_a_side_of_a_first_level_division_is_among_its_towns_on_that_side(run):
    # a division has no outline: the mean of its towns in the outer third on that side
    feats = run("Russian forces shelled villages in southern Kherson region on Monday.")
    got = [f for f in feats if f.place == "Kherson"]
    assert got, show(feats)
    kherson = run("Russian forces shelled villages in Kherson region on Monday.")
    centre = [f for f in kherson if f.place == "Kherson"][0].geometry
    for f in got:
        assert f.geometry.y < centre.y - 0.3, (f.geometry, centre)
        assert f.location_precision == "area"


def test_a_village_the_gazetteer_lacks_is_in_the_side_its_description_names(run):
    text = (
        "An Israeli airstrike killed a senior commander in the southern Lebanese village of "
        "Kfar Zorbat on Tuesday."
    )
    feats = run(text)
    assert feats and {f.place for f in feats} == {"southern Lebanon"}, show(feats)
    for f in feats:
        assert f.mention == "Kfar Zorbat" == text[f.start : f.end]
        assert f.location_precision == "area"
        assert country_shapes()["LB"].contains(f.geometry)
        assert f.geometry.y < 33.6  # the south of Lebanon (it spans 33.05-34.7 N)


def test_a_described_village_without_a_side_stays_unplaced(run):
    feats = run("Russian drones struck the Ukrainian town of Zorbivka overnight.")
    assert not feats, show(feats)


def test_a_known_town_keeps_its_own_place(run):
    feats = run("Russian drones struck the eastern Ukrainian town of Kupiansk overnight.")
    assert {f.mention for f in feats} == {"Kupiansk"}, show(feats)
    assert all(f.location_precision == "exact" for f in feats), show(feats)


def test_a_central_side_lies_between_the_side_and_the_middle(run):
    def lat(text: str) -> float:
        feats = run(text)
        assert feats and all(f.location_precision == "area" for f in feats), show(feats)
        return feats[0].geometry.y

    north = lat("Militants killed 20 soldiers in northern Nigeria on Monday.")
    central = lat("Militants killed 20 soldiers in north-central Nigeria on Monday.")
    middle = run("Militants killed 20 soldiers in Nigeria on Monday.")[0].geometry.y
    assert middle < central < north
