"""Borders between two countries: "the Turkish-Syrian border", "the Russia-Ukraine border".

A border named by its two sides is a place of its own; so is "the border" that a sentence
names without its sides ("Serbia sent troops to the border ... Kosovo authorities"): its
sides are two countries of the sentence that share a land boundary, the one named in "the
border with X" first. Its point is the middle of the land
boundary the two Natural Earth outlines share (``geo.outlines``), or the point of it nearest a
finer place of the sentence on one side ("the border with Mexico in New Mexico"); countries
that share none give no place.

    for top in border_mentions(text, s0, s1, gazetteer): ...   # Toponym-like places
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from shapely import STRtree
from shapely.geometry import Point
from shapely.ops import linemerge, nearest_points

from geo.geodesy import haversine_km
from geo.model import Toponym
from geo.outlines import country_shapes
from layers._sentence import _COUNTRY_CODES

__all__ = ["BORDER_CODE", "border_mentions", "border_point", "island_country", "unnamed_borders"]

BORDER_CODE = "BNDR"  # feature code of a border between two countries (an area)
_BORDER = re.compile(
    r"\b([A-Z][\w'.]{2,24})[-\u2010\u2011\u2013/]([A-Z][\w'.]{2,24})\s+"
    r"(?:border|borders|frontier|boundary|border area|border region)\b"
)


def _side(gz: Any, word: str) -> Any:
    """The country a side names: a demonym ("Syrian") or a country name ("Syria")."""
    try:
        i = gz.demonym(word)
        if i is not None:
            return gz.place(i)
        return next((p for p in gz.lookup(word) if p.feature_code in _COUNTRY_CODES), None)
    except Exception:  # noqa: BLE001 - a duck-typed gazetteer may lack these
        return None


def border_mentions(
    text: str,
    s0: int,
    s1: int,
    gazetteer: Any,
    *,
    tops: Sequence[Toponym] = (),
    story: Sequence[Toponym] = (),
) -> list[Toponym]:
    """Borders named in ``text[s0:s1]`` by their two sides, as toponyms on the boundary
    (the stretch of it nearest a finer place of ``tops`` in the sentence, else of the
    ``story``'s places nearest in the text, if any)."""
    if gazetteer is None:
        return []
    out = []
    for m in _BORDER.finditer(text, s0, s1):
        a, b = _side(gazetteer, m.group(1)), _side(gazetteer, m.group(2))
        if a is None or b is None or not a.country_code or not b.country_code:
            continue
        sides = (a.country_code, a.name), (b.country_code, b.name)
        # the sentence's finer place, else the story's nearest ("pounded rebel positions
        # along the border" in a story at a mountain of Jizan province)
        near = _stretch_anchor(tops, s0, s1, m.start(), sides) or _stretch_anchor(
            story, 0, len(text), m.start(), sides
        )
        top = _border(m, *sides, 0.8, near=near)
        if top is not None:
            out.append(top)
    return out


def _border(
    m: re.Match[str],
    a: tuple[str, str],
    b: tuple[str, str],
    confidence: float,
    *,
    near: tuple[float, float] | None = None,
) -> Toponym | None:
    """The border between countries ``a`` and ``b`` ((code, name) each) mentioned by ``m``,
    or None when they share no land boundary; ``near``: the point of the boundary nearest
    to it (a region's stretch), else its middle."""
    point = border_point(a[0], b[0]) if near is None else border_point_near(a[0], b[0], *near)
    if point is None:
        return None
    c1, c2 = sorted((a[0], b[0]))
    return Toponym(
        mention=m.group(),
        start=m.start(),
        end=m.end(),
        name=f"{a[1]}\u2013{b[1]} border",
        lat=point[0],
        lon=point[1],
        feature_code=BORDER_CODE,
        country_code="",
        gazetteer_id=f"border:{c1}-{c2}",
        confidence=confidence,
    )


# "the border", "its southern border", "the border area", "the border with X"
# "the Polish border", "near Guyana border": one side named, the other the sentence's
_UNNAMED = re.compile(
    # "the border", "their disputed border", and headline style "along disputed border"
    r"\b(?:(?:(?:the|its|their|our|the\s+(?:country|nation)['\u2019]s)\s+"
    r"|a\s+(?=(?:common|shared|disputed)\s)"
    r"|(?:(?<=along )|(?<=across )|(?<=near )|(?<=on ))"
    r"(?=(?:common|shared|disputed)\s))"
    r"(?:own\s+)?(?:(?:common|shared|northern|southern|eastern|western|"
    r"disputed|de facto|administrative|international|long|porous)\s+)?"
    r"(?:(?P<side>[A-Z][\w'.\u2019-]+)\s+)?"
    r"|(?P<bare>[A-Z][\w.-]+)(?:['\u2019]s)?\s+(?:(?:northern|southern|eastern|western)\s+)?)"
    r"(?:borders?|frontiers?|boundary|boundaries)(?:\s+(?:area|region|zone|line|crossing))?\b"
    # "Azerbaijan's border service said": an institution, not a place
    r"(?!\s+(?:service|services|agency|police|committee|authority|authorities|ministry|"
    r"guards?|troops|forces|units|officials|officers|control|protection)\b)"
)
_HYPHENS = frozenset("-\u2010\u2011")
# "closer to Finland", "nearer to the Polish frontier" is the unnamed-border pattern's
_CLOSER = re.compile(r"\b(?:closer|nearer)\s+to\s+(?:the\s+)?(?P<side>[A-Z])")
_WITH = re.compile(r"\s+(?:with|between)\s+(?:the\s+)?")
# "penetrated up to 3 kilometres into Poland", "2 km inside Lebanon": just over the border
_INTO = re.compile(
    r"\b(?:\d[\d,.]*|a\s+few|several)\s*-?\s*(?:km|kms|kilometres?|kilometers?|miles?|"
    r"metres?|meters?)\s+(?:deep\s+)?(?:into|inside)\s+(?:the\s+)?(?P<side>[A-Z])"
)
# farther in than this is no longer "at the border"
_INTO_MAX_KM = 30.0


def unnamed_borders(
    text: str,
    s0: int,
    s1: int,
    tops: list[Toponym],
    gazetteer: Any,
    *,
    named: list[Toponym] | None = None,
    home: str = "",
    recent: Sequence[Toponym] = (),
    fallbacks: Sequence[str] = (),
    story: Sequence[Toponym] = (),
) -> list[Toponym]:
    """ "the border" in ``text[s0:s1]`` between two countries the sentence names, as a
    toponym on their shared boundary; none when the sentence names no such pair. ``home``:
    the country the story is in, the other side of "the Algerian border" when the sentence
    names only one. ``recent``: borders the story named before, latest last; "the frontier"
    with no sides is the latest of them that has a side the sentence names. ``fallbacks``:
    other countries of the story, tried in order when ``home`` has no border with the one
    named ("the southern border with Guatemala" after a story at the US-Mexico border).
    ``story``: the document's places in text order, whose nearest ones on one side of the
    border say which stretch of it is meant when the sentence names no finer place."""
    # the countries of the sentence's other places first ("the border with Colombia in
    # Tachira state"), then of the story's recent borders, then the story's own
    local = [t.country_code for t in tops if s0 <= t.start < s1 and t.country_code]
    homes = (
        home,
        *local,
        *(sides for t in reversed(recent) for sides in _codes(t)),
        *fallbacks,
    )
    if gazetteer is None:
        return []
    if named is None:
        named = border_mentions(text, s0, s1, gazetteer)
    spans = [(t.start, t.end) for t in named]
    countries = [
        t
        for t in tops
        if s0 <= t.start
        and t.end <= s1
        and t.country_code
        and (t.feature_code in _COUNTRY_CODES or t.adjective)
        and text[t.end : t.end + 1] not in _HYPHENS  # "Russian-backed": no side
    ]
    by_start = {t.start: t for t in countries}
    cstarts = [t.start for t in countries]
    top_at = {t.start: t for t in tops if not t.adjective}
    out = []
    for m in _CLOSER.finditer(text, s0, s1):
        # "moves missiles closer to Finland": toward the border of the country named, from
        # the other country of the sentence (or of the story), not into Finland
        facing = by_start.get(m.start("side"))
        if facing is None or facing.adjective:
            continue
        sides = _sides(gazetteer, countries, m.start(), facing, home)
        if sides is None:
            continue
        top = _border(m, *sides, 0.6)
        if top is not None:  # the mention runs to the end of the country's name
            out.append(replace(top, mention=text[m.start() : facing.end], end=facing.end))
    for m in _INTO.finditer(text, s0, s1):
        # "helicopters flew 3 kilometres into Poland before returning to Belarus": at the
        # border of the country entered with the other country of the sentence (or story)
        facing = by_start.get(m.start("side"))
        if facing is None or facing.adjective or _into_km(m.group()) > _INTO_MAX_KM:
            continue
        sides = _sides(gazetteer, countries, m.start(), facing, home)
        if sides is None:
            continue
        top = _border(m, *sides, 0.6)
        if top is not None:
            out.append(replace(top, mention=text[m.start() : facing.end], end=facing.end))
    for m in _UNNAMED.finditer(text, s0, s1):
        if any(a < m.end() and m.start() < b for a, b in spans):
            continue  # "the Turkish-Syrian border": named by its sides
        after = _WITH.match(text, m.end())
        first = next((t for t in countries if t.start == after.end()), None) if after else None
        side = m.start("side") if m.group("side") else m.start("bare")
        named_side = by_start.get(side) if side >= 0 else None
        if side >= 0 and named_side is None:
            # "the Kaliningrad border", "the Kursk border": a region's stretch of its
            # country's border with the other country of the sentence or the story
            top = _region_border(m, top_at.get(side), countries, cstarts, gazetteer, home)
            if top is not None:
                out.append(top)
                continue
            if m.group("bare") and (first is None or side in top_at):
                continue  # "Texas border" with no second country: no unnamed border
            # "Congo's border with Uganda", a name read as no place: the story's country
            named_side = None
        sides = None
        if first is None and named_side is not None:
            # "an ammunition depot in Transnistria, close to the Ukrainian border": the border
            # of the country the place just named lies in, not of another country the
            # sentence names farther away ("Russia keeps troops in ...")
            sides = _located_side(gazetteer, tops, countries, s0, m.start(), named_side)
        if sides is None:
            sides = _sides(gazetteer, countries, m.start(), first or named_side, home)
        if sides is None and first is not None:
            for other in homes:
                sides = _sides(gazetteer, countries, m.start(), first, other)
                if sides is not None:
                    break
        if sides is None and first is None:
            # "along its eastern border", "Poland's eastern border": the owner's boundary
            # with the neighbour on that side
            sides = _directed_sides(gazetteer, m, named_side, countries, cstarts, home)
        if sides is None and first is None and named_side is None:
            earlier = _recent_border(recent, countries)
            if earlier is not None:  # "Poland plans a barrier along the frontier"
                out.append(replace(earlier, mention=m.group(), start=m.start(), end=m.end()))
                continue
            if len({c.country_code for c in countries}) == 1:
                # "Eritrean forces had crossed the border" in a story in Ethiopia: the one
                # country the sentence names and the story's
                sides = _sides(gazetteer, countries, m.start(), countries[0], home)
        if sides is None:
            continue
        # the sentence's finer place, else the story's nearest ("pounded rebel positions
        # along the border" in a story at a mountain of Jizan province)
        near = _stretch_anchor(tops, s0, s1, m.start(), sides) or _stretch_anchor(
            story, 0, len(text), m.start(), sides
        )
        top = _border(m, *sides, 0.6, near=near)
        if top is not None and first is not None:
            # "the southern border with Guatemala": the mention runs to the country's name
            top = replace(top, mention=text[m.start() : first.end], end=first.end)
        if top is not None:
            out.append(top)
    return out


_DIRECTED = re.compile(r"\b(north|south|east|west)ern\s")
_BEARINGS = {"north": 0.0, "east": 90.0, "south": 180.0, "west": 270.0}


def _directed_sides(
    gazetteer: Any,
    m: re.Match[str],
    named_side: Toponym | None,
    countries: list[Toponym],
    cstarts: list[int],
    home: str,
) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """The sides of "its eastern border" (or "Poland's eastern border"): the owner (the
    country named on it, else the sentence's last country before it, else the story's) and
    its neighbour whose shared boundary lies farthest that way from the owner."""
    side = _DIRECTED.search(m.group())
    if side is None:
        return None
    if named_side is not None:
        owner = named_side.country_code
    else:
        i = bisect_left(cstarts, m.start())
        owner = countries[i - 1].country_code if i else home
    neighbour = _neighbour_toward(owner, _BEARINGS[side.group(1)]) if owner else None
    if neighbour is None:
        return None
    a, b = _country_name(gazetteer, owner), _country_name(gazetteer, neighbour)
    return ((owner, a), (neighbour, b)) if a and b else None


@lru_cache(maxsize=512)
def _neighbour_toward(cc: str, bearing_deg: float) -> str | None:
    """The neighbour of country ``cc`` whose land boundary with it lies farthest toward
    ``bearing_deg`` from the country's own middle (None: no neighbour lies that way)."""
    own = country_shapes().get(cc.upper())
    if own is None:
        return None
    tree, codes = _country_tree()
    centre = own.representative_point()
    k = math.cos(math.radians(centre.y))
    b = math.radians(bearing_deg)
    best, score = None, 0.0
    for i in sorted(tree.query(own.buffer(0.02))):
        other = codes[i]
        if other == cc.upper():
            continue
        point = border_point(cc.upper(), other)
        if point is None:
            continue
        along = (point[1] - centre.x) * k * math.sin(b) + (point[0] - centre.y) * math.cos(b)
        if along > score:
            best, score = other, along
    return best


def _stretch_anchor(
    tops: Sequence[Toponym],
    s0: int,
    s1: int,
    at: int,
    sides: tuple[tuple[str, str], tuple[str, str]],
) -> tuple[float, float] | None:
    """A finer place of ``tops`` (in text order) within ``[s0, s1)`` on one side of the
    border, near its boundary, that says which stretch of it is meant ("the border with
    Mexico in New Mexico", "near the border with Russia's Dagestan region", "the border town
    of X"): the place nearest the mention in the text; None when there is none."""
    codes = {sides[0][0], sides[1][0], ""}  # "" a sea or strait: "near the Bab el-Mandeb"
    # the places nearest the mention in the text (``tops`` in text order): a bounded few, so
    # a long text with many borders stays linear
    i = bisect_left(tops, at, key=lambda t: t.start)
    ranked = sorted(
        (
            t
            for t in tops[max(0, i - _NEAREST) : i + _NEAREST]
            if s0 <= t.start < s1
            and t.literal
            and not t.adjective
            and t.country_code in codes
            and t.feature_code not in _COUNTRY_CODES
            and t.feature_code not in (BORDER_CODE, "PPLC")  # a capital speaks, mostly
        ),
        key=lambda t: (abs(t.start - at), t.start),
    )
    a, b = sides[0][0], sides[1][0]
    for t in ranked[:3]:
        spot = border_point_near(a, b, t.lat, t.lon)
        reach = _REGION_KM if t.feature_code.startswith("ADM") and t.country_code else _TOWN_KM
        if spot is not None and haversine_km(*spot, t.lat, t.lon) <= reach:
            return t.lat, t.lon
    return None


#: How far from a border a town may lie and still say which stretch of it is meant.
_TOWN_KM = 150.0
#: The places looked at on each side of a border mention, nearest in the text.
_NEAREST = 12


def _into_km(phrase: str) -> float:
    """The depth a phrase of :data:`_INTO` gives, in km ("a few km": a few)."""
    num = re.match(r"[\d,.]+", phrase)
    value = float(num.group().replace(",", "").rstrip(".") or 0) if num else 3.0
    low = phrase.lower()
    if "mile" in low:
        value *= 1.609
    elif re.search(r"\d\s*-?\s*(?:metres?|meters?)\b", low):
        value /= 1000.0
    return value


def _region_border(
    m: re.Match[str],
    region: Toponym | None,
    countries: list[Toponym],
    cstarts: list[int],
    gazetteer: Any,
    home: str,
) -> Toponym | None:
    if region is None or not region.country_code or region.feature_code in _COUNTRY_CODES:
        return None
    cc = region.country_code

    def reaches(other: str) -> bool:  # the region lies on that stretch of the border
        spot = border_point_near(cc, other, region.lat, region.lon) if other != cc else None
        return spot is not None and haversine_km(*spot, region.lat, region.lon) <= _REGION_KM

    # the countries named nearest the mention (a bounded few: linear in a long sentence)
    i = bisect_left(cstarts, m.start())
    ranked = sorted(countries[max(0, i - 3) : i + 3], key=lambda t: abs(t.start - m.start()))
    near = next((t for t in ranked if reaches(t.country_code)), None)
    if near is not None:
        other = (near.country_code, _name(gazetteer, near))
    elif home and reaches(home):
        other = (home, _country_name(gazetteer, home))
    else:
        return None  # "the Texas border" in a story with no second country
    name = _country_name(gazetteer, cc)
    if not name or not other[1]:
        return None
    return _border(m, (cc, name), other, 0.6, near=(region.lat, region.lon))


#: How far from a border the point of a region named for its stretch may lie ("the Kursk
#: border"; a large region's point lies well inside it: Texas's is ~300 km from Mexico).
_REGION_KM = 450.0


def _codes(top: Toponym) -> list[str]:
    """The two countries of a border toponym ("border:MX-US")."""
    return (
        top.gazetteer_id.removeprefix("border:").split("-")
        if top.gazetteer_id.startswith("border:")
        else []
    )


def _recent_border(recent: Sequence[Toponym], countries: list[Toponym]) -> Toponym | None:
    """The latest of the story's borders with a side among ``countries`` (any, if none)."""
    codes = {t.country_code for t in countries}
    for top in reversed(recent):
        if not codes or codes & set(_codes(top)):
            return top
    return None


def _sides(
    gazetteer: Any, countries: list[Toponym], at: int, first: Toponym | None, home: str
) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """(code, name) of the two sides of a border mentioned at ``at``: two countries the
    sentence names, else ``first`` and the story's country ``home``; None when none share a
    land boundary."""
    pair = _pair(countries, at, first)
    if pair is not None:
        a, b = pair
        return (a.country_code, _name(gazetteer, a)), (b.country_code, _name(gazetteer, b))
    if first is None or not home or not border_point(first.country_code, home):
        return None
    other = _country_name(gazetteer, home)
    return ((first.country_code, _name(gazetteer, first)), (home, other)) if other else None


def _located_side(
    gazetteer: Any,
    tops: Sequence[Toponym],
    countries: list[Toponym],
    s0: int,
    at: int,
    side: Toponym,
) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """The border of ``side`` with the country of the place named last before ``at`` (a town
    or region, not a country), when no other country is named between them."""
    place = next(
        (
            t
            for t in reversed(tops)
            if s0 <= t.start
            and t.end <= at
            and not t.adjective
            and t.country_code
            and t.feature_code not in _COUNTRY_CODES
            and t.feature_code != BORDER_CODE
        ),
        None,
    )
    if (
        place is None
        or place.country_code == side.country_code
        or any(place.end <= c.start < at and c is not side for c in countries)
        or not border_point(place.country_code, side.country_code)
    ):
        return None
    name = _country_name(gazetteer, place.country_code)
    return (
        ((side.country_code, _name(gazetteer, side)), (place.country_code, name)) if name else None
    )


def _pair(
    countries: list[Toponym], at: int, first: Toponym | None
) -> tuple[Toponym, Toponym] | None:
    """Two countries sharing a land boundary, nearest the mention first; ``first`` (the X of
    "the border with X") is one of them when given."""
    ranked = sorted(countries, key=lambda t: (abs(t.start - at), t.start))
    seen: dict[str, Toponym] = {}
    for t in ranked:
        seen.setdefault(t.country_code, t)
    sides = list(seen.values())
    heads = [seen[first.country_code]] if first is not None else sides
    for a in heads:
        for b in sides:
            if b.country_code != a.country_code and border_point(a.country_code, b.country_code):
                return a, b
    return None


def _country_name(gazetteer: Any, cc: str) -> str:
    try:
        country = gazetteer.country(cc)
    except Exception:  # noqa: BLE001 - a duck-typed gazetteer may lack it
        return ""
    return str(country.name) if country is not None else ""


def _name(gazetteer: Any, t: Toponym) -> str:
    """The country's name (a demonym mention names its country too)."""
    if not t.adjective:
        return t.name
    try:
        country = gazetteer.country(t.country_code)
    except Exception:  # noqa: BLE001 - a duck-typed gazetteer may lack it
        country = None
    return str(country.name) if country is not None else t.name


@lru_cache(maxsize=256)
def border_point(cc1: str, cc2: str) -> tuple[float, float] | None:
    """(lat, lon) in the middle of the land boundary of two countries, or None."""
    shared = _shared_boundary(cc1, cc2)
    if shared is None:
        return None
    merged = linemerge(shared) if shared.geom_type == "MultiLineString" else shared
    parts = list(getattr(merged, "geoms", [merged]))
    longest = max(parts, key=lambda g: g.length)
    mid = longest.interpolate(0.5, normalized=True)
    return round(mid.y, 5), round(mid.x, 5)


@lru_cache(maxsize=1024)
def border_point_near(cc1: str, cc2: str, lat: float, lon: float) -> tuple[float, float] | None:
    """(lat, lon) of the land boundary of two countries nearest to a point, or None."""
    shared = _shared_boundary(cc1, cc2)
    if shared is None:
        return None
    spot = nearest_points(shared, Point(lon, lat))[0]
    return round(spot.y, 5), round(spot.x, 5)


@lru_cache(maxsize=256)
def _shared_boundary(cc1: str, cc2: str) -> Any:
    if not cc1 or not cc2 or cc1 == cc2:
        return None
    shapes = country_shapes()
    a, b = shapes.get(cc1.upper()), shapes.get(cc2.upper())
    if a is None or b is None:
        return None
    try:
        shared = a.boundary.intersection(b.buffer(0.02))  # outlines do not meet exactly
    except Exception:  # noqa: BLE001 - shapely topology errors on odd outlines: no border
        return None
    if shared.is_empty or shared.length == 0:
        return None
    return shared


@lru_cache(maxsize=512)
def island_country(cc: str) -> bool:
    """Whether country ``cc`` shares no land boundary with another ("the island" may refer
    to Taiwan, Cyprus or Japan; not to Ukraine)."""
    shapes = country_shapes()
    own = shapes.get(cc.upper()) if cc else None
    if own is None:
        return False
    tree, codes = _country_tree()
    near = own.buffer(0.02)
    for i in tree.query(near):
        if codes[i] == cc.upper():
            continue
        # a neighbour's piece that touches counts unless it is an enclave or a base on the
        # island (Cyprus and the British Sovereign Base Areas of Akrotiri and Dhekelia)
        for piece in getattr(tree.geometries[i], "geoms", [tree.geometries[i]]):
            if piece.area >= _ENCLAVE_SHARE * own.area and near.intersects(piece):
                return False
    return True


#: Below this share of an island country's area, a foreign piece on it is an enclave or base.
_ENCLAVE_SHARE = 0.02


@lru_cache(maxsize=1)
def _country_tree() -> tuple[STRtree, list[str]]:
    shapes = country_shapes()
    codes = sorted(shapes)
    return STRtree([shapes[c] for c in codes]), codes
