"""Tests for layers.relative (relative location phrases -> computed points)."""

from __future__ import annotations

import dataclasses
import math

import pytest
import shapely
from pyproj import Geod
from shapely.geometry import mapping

from layers.relative import (
    LOOK_BACK,
    RELATIONS,
    Offset,
    compass_bearing,
    offset_point,
    offshore_point,
    part_point,
    relative_after,
    relative_before,
)

GEOD = Geod(ellps="WGS84")
MILE = 1.609344
NM = 1.852


def before(text: str, anchor: str, **kw: int) -> Offset | None:
    """relative_before for the last occurrence of ``anchor`` in ``text``."""
    return relative_before(text, text.rindex(anchor), **kw)


def summary(text: str, off: Offset | None) -> tuple | None:
    if off is None:
        return None
    d = None if off.distance_km is None else round(off.distance_km, 3)
    return (text[off.start : off.end], d, off.bearing_deg, off.relation)


# -- relative_before -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        (
            "The destroyer sailed 30 nautical miles west of Crete.",
            "Crete",
            ("30 nautical miles west of", round(30 * NM, 3), 270.0, "offset"),
        ),
        ("Troops massed 40 km north of Kyiv", "Kyiv", ("40 km north of", 40.0, 0.0, "offset")),
        (
            "a drone hit 1,180 km east of Moscow",
            "Moscow",
            ("1,180 km east of", 1180.0, 90.0, "offset"),
        ),
        (
            "It fell about 200 kilometres (124 miles) south-east of the capital Tehran",
            "the capital",
            ("about 200 kilometres (124 miles) south-east of", 200.0, 135.0, "offset"),
        ),
        (
            "Ships gathered some 50 miles northeast of Taipei.",
            "Taipei",
            ("some 50 miles northeast of", round(50 * MILE, 3), 45.0, "offset"),
        ),
        (
            "a tanker 12 nm off Taiwan",
            "Taiwan",
            ("12 nm off", round(12 * NM, 3), None, "off_coast"),
        ),
        (
            "a vessel 12 NM off Taiwan",
            "Taiwan",
            ("12 NM off", round(12 * NM, 3), None, "off_coast"),
        ),
        ("a strike 33 km from Kursk", "Kursk", ("33 km from", 33.0, None, "offset")),
        ("shelling east of Kherson", "Kherson", ("east of", None, 90.0, "offset")),
        ("shelling northeast of Kharkiv", "Kharkiv", ("northeast of", None, 45.0, "offset")),
        ("positions NE of Izium", "Izium", ("NE of", None, 45.0, "offset")),
        ("positions S.E. of Mosul", "Mosul", ("S.E. of", None, 135.0, "offset")),
        ("fighting north-west of Donetsk", "Donetsk", ("north-west of", None, 315.0, "offset")),
        ("fighting south east of Donetsk", "Donetsk", ("south east of", None, 135.0, "offset")),
        (
            "fighting East-Southeast of Donetsk",
            "Donetsk",
            ("East-Southeast of", None, 112.5, "offset"),
        ),
        ("a bridge just north of the Dnipro", "Dnipro", ("just north of", None, 0.0, "offset")),
        ("raids to the north of Gaza", "Gaza", ("to the north of", None, 0.0, "offset")),
        ("7 mi west of Basra", "Basra", ("7 mi west of", round(7 * MILE, 3), 270.0, "offset")),
        ("8 kms south of Basra", "Basra", ("8 kms south of", 8.0, 180.0, "offset")),
        (
            "twenty-five miles south of Basra",
            "Basra",
            ("twenty-five miles south of", round(25 * MILE, 3), 180.0, "offset"),
        ),
        (
            "thirty kilometers west of Homs",
            "Homs",
            ("thirty kilometers west of", 30.0, 270.0, "offset"),
        ),
        ("a mile off Gaza", "Gaza", ("a mile off", round(MILE, 3), None, "off_coast")),
        ("500 m west of Avdiivka", "Avdiivka", ("500 m west of", 0.5, 270.0, "offset")),
        ("800 metres east of Avdiivka", "Avdiivka", ("800 metres east of", 0.8, 90.0, "offset")),
        ("20-30 km south of Kherson", "Kherson", ("20-30 km south of", 25.0, 180.0, "offset")),
        ("2.5 km south of Kherson", "Kherson", ("2.5 km south of", 2.5, 180.0, "offset")),
        (
            "5 km to the north-east of Avdiivka",
            "Avdiivka",
            ("5 km to the north-east of", 5.0, 45.0, "offset"),
        ),
        (
            "30 km west of the town of Bakhmut",
            "Bakhmut",
            ("30 km west of", 30.0, 270.0, "offset"),
        ),
        ("within 30 km of Kursk", "Kursk", ("within 30 km of", 30.0, None, "near")),
        (
            "30 km off the coast of Libya",
            "Libya",
            ("30 km off the coast of", 30.0, None, "off_coast"),
        ),
        # speeds and altitudes are not distances: only the direction is kept
        ("jets at 800 km/h east of Odesa", "Odesa", ("east of", None, 90.0, "offset")),
        ("flying at 30,000 feet north of Minsk", "Minsk", ("north of", None, 0.0, "offset")),
        # parts of the anchor
        ("strikes on southern Lebanon", "Lebanon", ("southern", None, 180.0, "part")),
        ("in north-eastern Syria", "Syria", ("north-eastern", None, 45.0, "part")),
        ("in the far northern Gaza Strip", "Gaza", ("far northern", None, 0.0, "part")),
        ("in east Ukraine", "Ukraine", ("east", None, 90.0, "part")),
        ("in the north of Gaza", "Gaza", ("the north of", None, 0.0, "part")),
        # coasts, waters, borders, near
        ("off the coast of Venezuela", "Venezuela", ("off the coast of", None, None, "off_coast")),
        (
            "off the northern coast of Sicily",
            "Sicily",
            ("off the northern coast of", None, 0.0, "off_coast"),
        ),
        (
            "a drill off the south coast of Crete",
            "Crete",
            ("off the south coast of", None, 180.0, "off_coast"),
        ),
        ("a ship off Yemen", "Yemen", ("off", None, None, "off_coast")),
        ("a ship just off the Gaza", "Gaza", ("just off", None, None, "off_coast")),
        ("along the coast of Crimea", "Crimea", ("along the coast of", None, None, "coast")),
        ("in the waters off Somalia", "Somalia", ("in the waters off", None, None, "waters")),
        (
            "in the territorial waters of Taiwan",
            "Taiwan",
            ("in the territorial waters of", None, None, "waters"),
        ),
        ("near the border with Russia", "Russia", ("near the border with", None, None, "border")),
        ("on the border with Belarus", "Belarus", ("on the border with", None, None, "border")),
        (
            "along the border with Lebanon",
            "Lebanon",
            ("along the border with", None, None, "border"),
        ),
        (
            "Israel's northern border with Lebanon",  # the adjective is about Israel
            "Lebanon",
            ("northern border with", None, None, "border"),
        ),
        ("near Bakhmut", "Bakhmut", ("near", None, None, "near")),
        ("close to Bakhmut", "Bakhmut", ("close to", None, None, "near")),
        ("on the outskirts of Kyiv", "Kyiv", ("on the outskirts of", None, None, "near")),
        ("just outside Kyiv", "Kyiv", ("just outside", None, None, "near")),
    ],
)
def test_relative_before(text: str, anchor: str, expected: tuple | None) -> None:
    off = before(text, anchor)
    assert summary(text, off) == expected
    if off is not None:
        assert off.relation in RELATIONS
        gap = text[off.end : text.rindex(anchor)]
        assert gap.strip() in ("", "the", "the town of")


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("Russian forces cut off Bakhmut", "Bakhmut"),
        ("the army sealed off Gaza", "Gaza"),
        ("they captured 30 km of Donbas", "Donbas"),
        ("it received $5m from Qatar", "Qatar"),
        ("the southern city of Kherson", "Kherson"),  # Kherson is a southern city, not a part
        ("talks with South Korea", "Korea"),  # a name, not a part
        ("40 km north of Kyiv and Lviv", "Lviv"),  # the phrase is about Kyiv
        ("troops in Kyiv", "Kyiv"),
        ("the east west of Kyiv", "Kyiv"),  # not a compass point
        ("Kyiv", "Kyiv"),
    ],
)
def test_relative_before_none(text: str, anchor: str) -> None:
    assert before(text, anchor) is None


def test_longest_phrase_wins() -> None:
    text = "fighting near the border with Russia"
    assert before(text, "Russia").relation == "border"
    text = "about 40 km north of Kyiv"
    assert text[before(text, "Kyiv").start :] == "about 40 km north of Kyiv"


def test_min_start_limits_the_look_back() -> None:
    text = "Shelling 40 km north of Kyiv"
    full = before(text, "Kyiv")
    assert full is not None and full.distance_km == 40.0
    cut = before(text, "Kyiv", min_start=text.index("km") + 2)
    assert summary(text, cut) == ("north of", None, 0.0, "offset")
    assert before(text, "Kyiv", min_start=text.index("Kyiv")) is None


def test_look_back_is_bounded() -> None:
    assert 64 <= LOOK_BACK <= 100
    far = "40 km north of" + " " * LOOK_BACK + "Kyiv"
    assert before(far, "Kyiv") is None
    near = "x" * 100_000 + " 40 km north of Kyiv"
    assert before(near, "Kyiv").distance_km == 40.0


def test_adversarial_input_is_fast_enough() -> None:
    # nested optional separators and numbers: would hang with catastrophic backtracking
    for filler in ("north-" * 20_000, "1,1" * 30_000, "about " * 20_000, "(" * 50_000):
        text = filler + " Kyiv"
        for i in range(0, len(text), len(text) // 7):
            relative_before(text, i)
        relative_before(text, text.rindex("Kyiv"))
        relative_after(text, 0)


def test_offsets_are_positions_in_the_text() -> None:
    text = "On Monday, a frigate was seen 30 nautical miles west of Crete."
    off = before(text, "Crete")
    assert off == Offset(30, 55, 30 * NM, 270.0, "offset")
    assert text[off.start : off.end] == "30 nautical miles west of"


def test_bad_anchor_raises() -> None:
    with pytest.raises(ValueError):
        relative_before("near Kyiv", 99)
    with pytest.raises(ValueError):
        relative_after("near Kyiv", -1)


def test_offset_is_frozen() -> None:
    off = Offset(0, 1, None, None, "near")
    with pytest.raises(dataclasses.FrozenInstanceError):
        off.start = 2  # type: ignore[misc]


# -- relative_after --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("off Venezuela's northern coast", "Venezuela", ("'s northern coast", None, 0.0, "coast")),
        ("off Venezuela’s coast", "Venezuela", ("’s coast", None, None, "coast")),
        (
            "along Yemen's western coastline.",
            "Yemen",
            ("'s western coastline", None, 270.0, "coast"),
        ),
        (
            "into Taiwan's territorial waters",
            "Taiwan",
            ("'s territorial waters", None, None, "waters"),
        ),
        ("off the Gaza coast", "Gaza", ("coast", None, None, "coast")),
        ("the Black Sea south-west coast", "Black Sea", ("south-west coast", None, 225.0, "coast")),
        ("Venezuela's coast guard seized", "Venezuela", None),
        ("Venezuela's coastguard", "Venezuela", None),
        ("Venezuela's president", "Venezuela", None),
        ("Venezuela", "Venezuela", None),
    ],
)
def test_relative_after(text: str, anchor: str, expected: tuple | None) -> None:
    off = relative_after(text, text.index(anchor) + len(anchor))
    assert summary(text, off) == expected


def test_relative_after_max_end() -> None:
    text = "off Venezuela's northern coast"
    end = text.index("Venezuela") + len("Venezuela")
    assert relative_after(text, end, max_end=end + 5) is None
    assert relative_after(text, end, max_end=len(text)) is not None


def test_before_and_after_combine() -> None:
    text = "a tanker seized off Venezuela's northern coast"
    start = text.index("Venezuela")
    b = relative_before(text, start)
    a = relative_after(text, start + len("Venezuela"))
    assert b is not None and b.relation == "off_coast" and b.bearing_deg is None
    assert a is not None and a.relation == "coast" and a.bearing_deg == 0.0


# -- compass ---------------------------------------------------------------------------------

POINTS = "N NNE NE ENE E ESE SE SSE S SSW SW WSW W WNW NW NNW".split()
WORDS = {"N": "north", "S": "south", "E": "east", "W": "west"}


@pytest.mark.parametrize("i", range(16))
def test_compass_16_points(i: int) -> None:
    abbr = POINTS[i]
    assert compass_bearing(abbr) == i * 22.5
    words = [WORDS[c] for c in abbr]
    joined = words[0] + ("-" + "".join(words[1:]) if len(words) == 3 else "".join(words[1:]))
    assert compass_bearing(joined) == i * 22.5
    assert compass_bearing(" ".join(words).title()) == i * 22.5


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("north-eastern", 45.0),
        ("Southwestern", 225.0),
        ("S.E.", 135.0),
        ("east west", None),
        ("NSE", None),
        ("northish", None),
        ("", None),
        ("ne", None),  # abbreviations are capitals only
    ],
)
def test_compass_words(word: str, expected: float | None) -> None:
    assert compass_bearing(word) == expected


# -- offset_point ----------------------------------------------------------------------------


def test_offset_point_geodesic() -> None:
    off = Offset(0, 1, 40.0, 0.0, "offset")
    lat, lon = offset_point(50.45, 30.52, off)
    assert lon == pytest.approx(30.52, abs=1e-9)
    assert lat == pytest.approx(50.45 + 40 / 111.2, abs=0.005)
    az, _, dist = GEOD.inv(30.52, 50.45, lon, lat)
    assert dist == pytest.approx(40_000, abs=0.01)
    assert az == pytest.approx(0.0, abs=1e-6)


def test_offset_point_from_text() -> None:
    text = "about 200 kilometres (124 miles) south-east of Moscow"
    lat, lon = offset_point(55.75, 37.62, before(text, "Moscow"))
    az, _, dist = GEOD.inv(37.62, 55.75, lon, lat)
    assert dist == pytest.approx(200_000, abs=0.01)
    assert az == pytest.approx(135.0, abs=1e-6)
    assert lat < 55.75 and lon > 37.62


@pytest.mark.parametrize(
    "off",
    [
        Offset(0, 1, None, 90.0, "offset"),
        Offset(0, 1, 33.0, None, "offset"),
        Offset(0, 1, None, 180.0, "part"),
        Offset(0, 1, 22.0, None, "off_coast"),
        Offset(0, 1, 30.0, None, "near"),
    ],
)
def test_offset_point_keeps_the_anchor(off: Offset) -> None:
    assert not off.moves
    assert offset_point(50.45, 30.52, off) == (50.45, 30.52)


def test_offset_point_bad_coordinates() -> None:
    with pytest.raises(ValueError):
        offset_point(91.0, 0.0, Offset(0, 1, 1.0, 0.0, "offset"))


# -- offshore_point --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shapes() -> dict:
    from geo.outlines import country_shapes

    return country_shapes()


def _at_sea(shapes: dict, lat: float, lon: float) -> bool:
    p = shapely.Point(lon, lat)
    return not any(g.contains(p) for g in shapes.values())


def test_offshore_with_bearing(shapes: dict) -> None:
    # "off Venezuela's northern coast", from the country's gazetteer point (8 N, 66 W)
    point = offshore_point(8.0, -66.0, mapping(shapes["VE"]), bearing_deg=0.0, km=20)
    assert point is not None
    lat, lon = point
    assert lon == pytest.approx(-66.0, abs=1e-6)
    assert 10.4 < lat < 10.8
    assert _at_sea(shapes, lat, lon)
    # about km from the coast crossed on the way
    coast = shapely.Point(lon, lat - 20 / 110.6)
    assert shapes["VE"].distance(coast) < 0.01
    assert offshore_point(8.0, -66.0, shapes["VE"], bearing_deg=0.0, km=20) == point


def test_offshore_bearing_into_a_neighbour_is_none(shapes: dict) -> None:
    # due south of Venezuela lies Brazil: a land border, not a coast
    assert offshore_point(8.0, -66.0, shapes["VE"], bearing_deg=180.0) is None


def test_offshore_without_bearing_country_is_none(shapes: dict) -> None:
    assert offshore_point(8.0, -66.0, shapes["VE"]) is None


def test_offshore_coastal_city(shapes: dict) -> None:
    # Odesa: the nearest sea is the Gulf of Odesa, to the east
    lat, lon = offshore_point(46.48, 30.73, shapes["UA"], km=10)
    assert _at_sea(shapes, lat, lon)
    _, _, dist = GEOD.inv(30.73, 46.48, lon, lat)
    assert 10_000 < dist < 20_000
    assert lon > 30.73


def test_offshore_inland_city_is_none(shapes: dict) -> None:
    assert offshore_point(40.4168, -3.7038, shapes["ES"], km=10) is None  # Madrid


def test_offshore_honest_none(shapes: dict) -> None:
    assert offshore_point(8.0, -66.0, None) is None
    assert offshore_point(0.0, 0.0, shapes["VE"]) is None  # anchor outside the outline
    assert offshore_point(8.0, -66.0, {"type": "Point", "coordinates": [-66.0, 8.0]}) is None
    assert offshore_point(10.6, -66.93, shapes["VE"], max_coast_km=0) is None


def test_offshore_bad_arguments(shapes: dict) -> None:
    with pytest.raises(ValueError):
        offshore_point(8.0, -66.0, shapes["VE"], km=0)
    with pytest.raises(ValueError):
        offshore_point(8.0, -66.0, shapes["VE"], km=math.nan)
    with pytest.raises(ValueError):
        offshore_point(100.0, -66.0, shapes["VE"])


def test_part_point_lies_in_that_part_of_the_outline():
    from shapely.geometry import box

    square = box(0.0, 0.0, 10.0, 10.0)  # lon 0..10, lat 0..10
    lat, lon = part_point(5.0, 5.0, square, 0.0)  # "northern"
    assert 7.0 < lat < 8.5 and abs(lon - 5.0) < 1e-6
    lat, lon = part_point(5.0, 5.0, square, 90.0)  # "eastern"
    assert 7.0 < lon < 8.5
    assert part_point(20.0, 20.0, square, 0.0) is None  # anchor outside
    assert part_point(5.0, 5.0, None, 0.0) is None


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("a tanker off Yemen's Hodeidah", "Hodeidah", ("off", None, None, "off_coast")),
        (
            "about 77 nautical miles west of the port city of Hodeidah",
            "Hodeidah",
            ("about 77 nautical miles west of", 142.604, 270.0, "offset"),
        ),
    ],
)
def test_relative_before_over_a_possessive_or_a_kind_of_place(text, anchor, expected) -> None:
    assert summary(text, before(text, anchor)) == expected


@pytest.mark.parametrize(
    ("cc", "anchor", "bearing", "lat_range", "lon_range"),
    [
        ("JP", (36.0, 138.0), 0.0, (41.3, 45.6), (139.3, 145.9)),  # northern Japan: Hokkaido
        ("FR", (46.0, 2.0), 180.0, (42.0, 45.5), (-2.0, 8.0)),  # not French Guiana
        ("UA", (49.0, 32.0), 90.0, (46.0, 50.5), (35.0, 40.5)),  # eastern Ukraine
        ("LB", (33.83, 35.83), 180.0, (33.0, 33.6), (35.1, 35.9)),  # southern Lebanon
    ],
)
def test_part_point_of_a_country_is_in_that_part_of_its_main_body(
    cc, anchor, bearing, lat_range, lon_range
):
    from geo.outlines import country_shapes

    lat, lon = part_point(*anchor, country_shapes()[cc], bearing)
    assert lat_range[0] <= lat <= lat_range[1] and lon_range[0] <= lon <= lon_range[1], (lat, lon)
