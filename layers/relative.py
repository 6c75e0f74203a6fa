"""Relative location phrases: "30 nautical miles west of X", "off the coast of X", "near X".

A standalone helper for the extractor: given a text and the offsets of a resolved place mention
(the *anchor*), it reads the relative phrase right before (:func:`relative_before`) or right
after (:func:`relative_after`) the mention, and computes points from it
(:func:`offset_point`, :func:`offshore_point`).

    off = relative_before(text, anchor.start)      # "30 nautical miles west of" -> Offset
    if off is not None and off.moves:
        lat, lon = offset_point(anchor.lat, anchor.lon, off)

Relations (:attr:`Offset.relation`):

``"offset"``
    A distance and/or a compass direction from the anchor: "40 km north of", "east of",
    "NE of", "33 km from" (distance, no bearing), "to the south-west of". Only when both are
    known does :func:`offset_point` move the point; otherwise the caller keeps the anchor and
    may widen its uncertainty (by ``distance_km`` when known).
``"part"``
    A part of the anchor, not a place outside it: "southern Lebanon", "north-eastern Syria",
    "in east Ukraine", "the north of Gaza". ``bearing_deg`` says which part; ``distance_km`` is
    None. The point is not moved (the part's size is unknown): the caller keeps the anchor.
``"off_coast"``
    At sea off the anchor: "off", "off the coast of", "off the northern coast of", "12 nm off"
    (``distance_km`` from the coast), "30 km off the coast of". ``bearing_deg`` is the coast's
    side when said. See :func:`offshore_point`.
``"coast"``
    The anchor's coast, land or sea: "along the coast of", "the coast of", and from
    :func:`relative_after`, "X's coast", "X's southern coastline", "the Gaza coast".
    "off X's northern coast" gives ``off_coast`` before and ``coast`` (bearing 0) after the
    mention: the caller combines them.
``"waters"``
    "in the waters off", "the territorial waters of", and after the mention "X's waters".
``"border"``
    "near the border with", "on the border with", "along the frontier with", "the border of".
    No bearing (in "Israel's northern border with Lebanon" the adjective is about Israel).
``"near"``
    "near", "close to", "outside", "on the outskirts of", "not far from", and
    "within 30 km of" (there ``distance_km`` is the radius).

What is recognised: numbers in digits ("40", "1,180", "2.5"), ranges ("20-30", "20 to 30":
their mean), number words ("thirty", "twenty-five", "a", "a dozen", "two hundred"), with a
qualifier ("about", "some", "roughly", "more than", "within"...) and units km / kms /
kilometre(s) / kilometer(s), mile(s) / mi, nautical mile(s) / nm / NM / nmi, metre(s) /
meter(s), and "m" only after digits ("500 m"). "km/h", "km²" and feet are not distances (a
speed or an altitude): "flying at 800 km/h east of X" gives only the direction. A
parenthesised conversion after the unit is skipped ("200 kilometres (124 miles) south-east
of"). Directions: the 16 compass points as words ("north-northeast", "south east",
"southeast", "South-East") or capital abbreviations ("NE", "NNW", "S.E."); "to the ... of".
Between the phrase and the anchor only whitespace and "the" are allowed, and for distances
and directions also "the city of" / "the town of" / "the port of"... ("30 km west of the town
of Bakhmut").

Matching is bounded: every pattern is tried only on a window of at most :data:`LOOK_BACK`
(before) or :data:`LOOK_AHEAD` (after) characters, so each call costs a constant, and the
patterns have no nested unbounded repetition. Results are deterministic.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from pyproj import Geod
from shapely import STRtree, affinity
from shapely.geometry import Point, box, shape
from shapely.geometry.base import BaseGeometry

from geo.outlines import country_shapes

__all__ = [
    "LOOK_AHEAD",
    "LOOK_BACK",
    "RELATIONS",
    "Offset",
    "central_part",
    "compass_bearing",
    "offset_point",
    "offshore_point",
    "relative_after",
    "relative_before",
    "side_bearing",
]

LOOK_BACK = 96  # characters read before an anchor
LOOK_AHEAD = 64  # characters read after an anchor
RELATIONS = ("offset", "part", "off_coast", "coast", "waters", "border", "near")


@dataclass(frozen=True, slots=True)
class Offset:
    """A relative phrase next to an anchor place mention.

    ``text[start:end]`` is the phrase itself ("30 nautical miles west of", "'s coast"); for
    :func:`relative_before` only whitespace, "the" (and for offsets "the city of"...) lie
    between ``end`` and the anchor.
    """

    start: int
    end: int
    distance_km: float | None  # None when no distance is said
    bearing_deg: float | None  # 0 = north, 90 = east; None when no direction is said
    relation: str  # one of RELATIONS

    @property
    def moves(self) -> bool:
        """True when :func:`offset_point` moves the anchor (an offset with distance and bearing)."""
        return (
            self.relation == "offset"
            and self.distance_km is not None
            and self.bearing_deg is not None
        )


# -- vocabulary ------------------------------------------------------------------------------

_POINTS = (
    "n nne ne ene e ese se sse s ssw sw wsw w wnw nw nnw".split()
)  # 16-point compass, 22.5 degrees apart
_BEARING = {p: i * 22.5 for i, p in enumerate(_POINTS)}

_CARDINAL = r"(?:north|south|east|west)"
_DIRW = rf"{_CARDINAL}(?:[\s-]?{_CARDINAL}){{0,2}}"  # "north", "south-east", "north-northeast"
_DIRA = r"(?-i:[NSEW](?:\.?[NSEW]){0,2}\.?)"  # "NE", "NNW", "S.E." (capitals only)
_DIR = rf"(?:{_DIRW}|{_DIRA})"
# "southern", "north-eastern"; "north-central" (toward that side, short of it)
_ADJ = (
    r"(?:(?:(?:north|south)(?:[\s-]?(?:east|west))?|east|west)ern"
    r"|(?:north|south|east|west)[\s-]central)"
)
_COAST_ADJ = rf"(?:{_ADJ}|{_DIRW})"  # "northern coast", "south coast"

_UNITS_W = {
    w: i + 1
    for i, w in enumerate(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS_W = {
    w: 10 * (i + 2)
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_ONE_TO_NINE = "|".join(list(_UNITS_W)[:9])
_SIMPLE_W = (
    rf"(?:(?:{'|'.join(_TENS_W)})(?:[\s-](?:{_ONE_TO_NINE}))?"
    rf"|{'|'.join(sorted(_UNITS_W, key=len, reverse=True))})"
)
_WORD_NUM = rf"(?:{_SIMPLE_W}(?:\s+hundred)?|a\s+hundred|a\s+dozen|an?)\b"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_NUM = rf"(?:{_DIGITS}|{_WORD_NUM})"

_UNIT_KM = {
    "nautical": 1.852,
    "nm": 1.852,
    "nmi": 1.852,
    "km": 1.0,
    "kms": 1.0,
    "kilo": 1.0,
    "mile": 1.609344,
    "mi": 1.609344,
    "met": 0.001,
    "m": 0.001,
}
_UNIT = (
    r"(?P<unit>nautical\s+miles?|nmi|nm|kilomet(?:re|er)s?|kms?|miles?|mi|met(?:re|er)s?|m)"
    r"(?![\w/²³])"
)
_QUAL = (
    r"(?:(?P<q>about|around|some|roughly|approximately|approx\.|an\s+estimated|nearly|almost"
    r"|over|under|only|just|barely|at\s+least|more\s+than|less\s+than|up\s+to|within|~|c\.)"
    r"\s*)?"
)
_LEFT = r"(?<![\w$€£¥'’])(?<!\d[.,])"  # a phrase starts a word, not inside a number or amount

# "off Yemen's Hodeidah": the country's possessive may stand before the anchor
_POSS = r"(?:[A-Z][\w.\u2019'-]*['\u2019]s\s+)?"
_TAIL = rf"(?P<tail>\s+(?:the\s+)?{_POSS})\Z"
_TAIL_OF = (
    r"(?P<tail>\s+(?:the\s+)?(?:(?:[a-z-]+\s+)?(?:city|town|village|port|settlement|island"
    r"|region|province|oblast|area|district|county|enclave|exclave|peninsula|municipality"
    rf"|commune|governorate|prefecture|regency|hamlet|islet|atoll)\s+of\s+"
    rf"(?:the\s+)?)?{_POSS})\Z"
)

_I = re.IGNORECASE

# Each pattern ends where the anchor starts; the leftmost match over all patterns wins, ties
# going to the earlier pattern.
_BEFORE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "distance",
        re.compile(
            rf"{_LEFT}(?P<phrase>{_QUAL}(?P<n1>{_NUM})(?:\s*(?:-|–|to|or)\s*(?P<n2>{_NUM}))?"
            rf"\s*-?\s*{_UNIT}(?:\s*\([^()\n]{{0,40}}\))?,?\s+"
            rf"(?:(?:to\s+the\s+)?(?P<dir>{_DIR})\s+(?:of|from|off)"
            rf"|(?P<coast>off\s+the\s+(?:(?P<adj>{_COAST_ADJ})\s+)?(?:coast(?:line)?s?|shores?)"
            rf"\s+of)"
            rf"|(?P<prep>from|of|off)))"
            rf"{_TAIL_OF}",
            _I,
        ),
    ),
    (
        "direction",
        re.compile(
            rf"{_LEFT}(?P<phrase>(?:(?:just|due|directly|slightly|far|further|farther"
            rf"|immediately)\s+)?(?:to\s+the\s+)?(?P<dir>{_DIR})\s+of){_TAIL_OF}",
            _I,
        ),
    ),
    (
        "part_of",
        re.compile(
            rf"{_LEFT}(?P<phrase>the\s+(?:(?:far|extreme)\s+)?(?P<dir>{_DIRW})\s+of){_TAIL}", _I
        ),
    ),
    (
        "part_adj",
        re.compile(rf"{_LEFT}(?P<phrase>(?:(?:far|extreme)[\s-]+)?(?P<adj>{_ADJ})){_TAIL}", _I),
    ),
    (
        "part_word",  # "in east Ukraine": lower case only, after a preposition ("South Korea")
        re.compile(
            r"(?:(?<=\bin\s)|(?<=\bacross\s)|(?<=\binto\s)|(?<=\bfrom\s)|(?<=\bthroughout\s))"
            rf"(?P<phrase>(?P<dir>{_DIRW})){_TAIL}"
        ),
    ),
    (
        "coast",
        re.compile(
            rf"{_LEFT}(?P<phrase>(?:(?P<pre>off|along|on|near|at)\s+)?the\s+"
            rf"(?:(?P<adj>{_COAST_ADJ})\s+)?(?:coast(?:line)?s?|shores?|seaboard)\s+of){_TAIL}",
            _I,
        ),
    ),
    (
        "waters",
        re.compile(
            rf"{_LEFT}(?P<phrase>(?:(?:in|into)\s+)?(?:the\s+)?"
            rf"(?:(?:territorial|coastal|international|(?P<adj>{_COAST_ADJ}))\s+)?"
            rf"(?:waters|seas)\s+(?:off|of|near|around)){_TAIL}",
            _I,
        ),
    ),
    (
        "off",
        re.compile(
            rf"{_LEFT}(?P<phrase>(?:(?:just|far|further|farther|well)\s+)?off(?:\s+of)?){_TAIL}",
            _I,
        ),
    ),
    (
        "border",
        re.compile(
            rf"{_LEFT}(?P<phrase>(?:(?:near|on|along|at|across|by|close\s+to|towards?|from)\s+)?"
            rf"(?:the\s+)?(?:{_COAST_ADJ}\s+)?(?:border|frontier|boundary)(?:\s+(?:area|region))?"
            rf"\s+(?:with|of)){_TAIL}",
            _I,
        ),
    ),
    (
        "near",
        re.compile(
            rf"{_LEFT}(?P<phrase>(?:(?:just|very)\s+)?(?:near(?:by)?|close\s+to|outside(?:\s+of)?"
            rf"|on\s+the\s+outskirts\s+of|in\s+the\s+vicinity\s+of|not\s+far\s+from"
            rf"|a\s+short\s+distance\s+from|around|in\s+the\s+(?:area|region)\s+of)){_TAIL}",
            _I,
        ),
    ),
)

_AFTER = re.compile(
    rf"(?:(?:'s|’s|'|’)\s+(?:(?P<adj>{_COAST_ADJ})\s+)?"
    rf"(?P<kind>coast(?:line)?s?|shores?|seaboard|(?:territorial\s+|coastal\s+)?waters|"
    r"(?:exclusive\s+)?economic\s+zone|EEZ|territorial\s+sea)"
    rf"|\s+(?:(?P<adj2>{_COAST_ADJ})\s+)?(?P<kind2>coast(?:line)?|seaboard|"
    r"(?:territorial\s+)?waters))"
    r"\b(?![\s-]*guard)",
    _I,
)

# "cut off Bakhmut", "sealed off Gaza": "off" as a verb particle, not "at sea off".
_OFF_VERBS = frozenset(
    """cut cuts cutting sealed seal seals sealing fend fends fended fending ward warded warding
    take takes took taken taking set sets setting kick kicks kicked kicking call calls called
    calling drive drives drove driven driving break breaks broke broken breaking push pushes
    pushed pushing fight fights fought fighting hold holds held holding turn turns turned
    shut shuts shutting head heads headed heading pay pays paid paying wipe wipes wiped
    wiping shake shook shaken round rounded rounding hive hived fence fenced fencing block
    blocked blocking close closed closing bounce bounced sign signed write wrote written
    written switch switched spin spun""".split()
)
_PREV_WORD = re.compile(r"([A-Za-z]+)\W*\Z")


# -- parsing helpers -------------------------------------------------------------------------


def compass_bearing(direction: str) -> float | None:
    """Bearing in degrees of a compass direction, None when it is not one of the 16 points.

    Accepts words in any case with or without hyphens and spaces ("north-east", "South East",
    "northeast", "east-southeast"), adjectives ("north-eastern") and capital abbreviations
    ("NE", "S.E.", "WNW").
    """
    s = direction.strip()
    if not s:
        return None
    letters = re.sub(r"[\s.\-]", "", s)
    if re.fullmatch(r"[NSEW]{1,3}", letters):
        return _BEARING.get(letters.lower())
    word = letters.lower()
    if word.endswith("ern"):
        word = word[:-3]
    parts = re.findall(r"north|south|east|west|.", word)
    if not parts or any(len(p) == 1 for p in parts):
        return None
    return _BEARING.get("".join(p[0] for p in parts))


def _number(s: str) -> float | None:
    s = " ".join(s.lower().replace("-", " ").split())
    if s[0].isdigit():
        return float(s.replace(",", ""))
    if s in ("a", "an"):
        return 1.0
    if s == "a dozen":
        return 12.0
    if s == "a hundred":
        return 100.0
    words = s.split()
    scale = 1.0
    if words[-1] == "hundred":
        scale, words = 100.0, words[:-1]
    total = 0
    for w in words:
        v = _TENS_W.get(w) or _UNITS_W.get(w)
        if v is None:
            return None
        total += v
    return total * scale


def _unit_km(unit: str) -> float:
    u = unit.lower()
    for key in ("nautical", "nmi", "nm", "kilo", "kms", "km", "mile", "mi", "met", "m"):
        if u.startswith(key):
            return _UNIT_KM[key]
    raise AssertionError(unit)  # pragma: no cover - the pattern only lets these through


def _distance_km(m: re.Match[str]) -> float | None:
    n1 = m.group("n1")
    unit = m.group("unit")
    if unit.lower() == "m" and not n1[0].isdigit():
        return None  # "m" is a unit only after digits
    a = _number(n1)
    b = _number(m.group("n2")) if m.group("n2") else None
    if a is None or (m.group("n2") and b is None):
        return None
    value = a if b is None else (a + b) / 2
    km = value * _unit_km(unit)
    return km if km > 0 and math.isfinite(km) else None


_CENTRAL_SIDE = re.compile(r"[\s-]central$", re.IGNORECASE)


def side_bearing(word: str) -> tuple[float | None, bool]:
    """(bearing, short of the side) of a side word: "southern" (180, False), "north-central"
    (0, True); the bearing is None when the word names no compass side."""
    bare = _CENTRAL_SIDE.sub("", word)
    return compass_bearing(bare), bare != word


def central_part(text: str, off: Offset) -> bool:
    """``off`` is a part short of a side: "north-central Burkina Faso"."""
    return off.relation == "part" and text[off.start : off.end].lower().endswith("central")


def _offset(name: str, m: re.Match[str], text: str) -> Offset | None:
    start, end = m.start("phrase"), m.end("phrase")

    def make(distance: float | None, bearing: float | None, relation: str) -> Offset:
        return Offset(start, end, distance, bearing, relation)

    if name == "distance":
        km = _distance_km(m)
        if km is None:
            return None
        if m.group("dir"):
            bearing = compass_bearing(m.group("dir"))
            return None if bearing is None else make(km, bearing, "offset")
        if m.group("coast"):
            adj = m.group("adj")
            bearing = compass_bearing(adj) if adj else None
            return make(km, bearing, "off_coast")
        prep = m.group("prep").lower()
        within = (m.group("q") or "").lower() == "within"
        if prep == "off":
            return make(km, None, "off_coast")
        if within:
            return make(km, None, "near")
        return make(km, None, "offset") if prep == "from" else None  # "captured 30 km of"
    if name in ("direction", "part_of", "part_adj", "part_word"):
        word = m.group("adj") if name == "part_adj" else m.group("dir")
        bearing, _ = side_bearing(word)
        if bearing is None:
            return None
        return make(None, bearing, "offset" if name == "direction" else "part")
    if name == "coast":
        adj = m.group("adj")
        pre = (m.group("pre") or "").lower()
        return make(
            None, compass_bearing(adj) if adj else None, "off_coast" if pre == "off" else "coast"
        )
    if name == "waters":
        adj = m.group("adj")
        return make(None, compass_bearing(adj) if adj else None, "waters")
    if name == "off":
        prev = _PREV_WORD.search(text, max(0, start - 24), start)
        if prev is not None and prev.group(1).lower() in _OFF_VERBS:
            return None
        return make(None, None, "off_coast")
    if name == "border":
        return make(None, None, "border")
    return make(None, None, "near")


# -- API -------------------------------------------------------------------------------------


def relative_before(text: str, anchor_start: int, *, min_start: int = 0) -> Offset | None:
    """The relative phrase that ends right before the place mention at ``anchor_start``.

    Only whitespace and "the" may lie between the phrase and the mention (for distances and
    directions also "the city of", "the town of"...). At most :data:`LOOK_BACK` characters
    are read, never before ``min_start`` (a sentence or clause start, say). Returns None when
    there is no such phrase. When several phrases end there, the longest one wins ("near the
    border with", not "near"; "30 km west of", not "west of").
    """
    if not 0 <= anchor_start <= len(text):
        raise ValueError(f"anchor_start {anchor_start} outside the text (0..{len(text)})")
    lo = max(0, min_start, anchor_start - LOOK_BACK)
    if lo >= anchor_start:
        return None
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for rank, (name, pattern) in enumerate(_BEFORE):
        m = pattern.search(text, lo, anchor_start)
        if m is not None:
            found.append((m.start("phrase"), rank, name, m))
    for _, _, name, m in sorted(found, key=lambda f: (f[0], f[1])):
        off = _offset(name, m, text)
        if off is not None:
            return off
    return None


def relative_after(text: str, anchor_end: int, *, max_end: int | None = None) -> Offset | None:
    """The coast or waters phrase right after the place mention ending at ``anchor_end``.

    "Venezuela's coast", "Venezuela's northern coastline", "Taiwan's territorial waters",
    "Guyana's exclusive economic zone", "the Gaza coast", "Indonesian waters" (relation
    ``"coast"`` or ``"waters"``, bearing from the adjective).
    "coast guard" is not a coast. At most :data:`LOOK_AHEAD` characters are read, never past
    ``max_end``. Whether the text says "off" before the mention is :func:`relative_before`'s
    business: combine both for "off Venezuela's northern coast".
    """
    if not 0 <= anchor_end <= len(text):
        raise ValueError(f"anchor_end {anchor_end} outside the text (0..{len(text)})")
    hi = min(len(text), anchor_end + LOOK_AHEAD)
    if max_end is not None:
        hi = min(hi, max_end)
    if hi <= anchor_end:
        return None
    m = _AFTER.match(text, anchor_end, hi)
    if m is None:
        return None
    adj = m.group("adj") or m.group("adj2")
    kind = (m.group("kind") or m.group("kind2")).lower()
    relation = "coast" if kind.startswith(("coast", "shore", "seaboard")) else "waters"
    if m.group("kind"):
        start = anchor_end
    else:
        start = m.start("adj2") if m.group("adj2") else m.start("kind2")
    return Offset(start, m.end(), None, compass_bearing(adj) if adj else None, relation)


@functools.lru_cache(maxsize=1)
def _geod() -> Any:
    return Geod(ellps="WGS84")


def offset_point(lat: float, lon: float, off: Offset) -> tuple[float, float]:
    """The point ``off.distance_km`` from (lat, lon) along ``off.bearing_deg`` (WGS84 geodesic).

    Only an ``"offset"`` with both a distance and a bearing moves the point (``off.moves``);
    any other Offset gives (lat, lon) back unchanged.
    """
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"invalid coordinates: {lat}, {lon}")
    if not off.moves:
        return (lat, lon)
    assert off.distance_km is not None and off.bearing_deg is not None
    lon2, lat2, _ = _geod().fwd(lon, lat, off.bearing_deg, off.distance_km * 1000.0)
    return (float(lat2), float(lon2))


# -- offshore points -------------------------------------------------------------------------

_STEP_KM = 1.0  # sampling step along rays
_MAX_REACH_KM = 6000.0  # longest ray, for a bearing given on a large country
_RAYS = 72  # bearings tried (every 5 degrees) when none is given


@functools.lru_cache(maxsize=1)
def _land() -> Any:
    """STRtree over the Natural Earth country shapes (all land the outlines know)."""
    return STRtree(list(country_shapes().values()))


def _on_land(xs: Any, ys: Any) -> Any:
    pts = shapely.points(xs, ys)
    hit = np.zeros(len(pts), dtype=bool)
    pairs = _land().query(pts, predicate="intersects")
    hit[pairs[0]] = True
    return hit


def _as_geometry(outline: Any) -> BaseGeometry | None:
    geom = outline if isinstance(outline, BaseGeometry) else shape(outline)
    if geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    shapely.prepare(geom)
    return geom


def _ray(lat: float, lon: float, bearing: float, dists_km: Any) -> tuple[Any, Any]:
    n = len(dists_km)
    xs, ys, _ = _geod().fwd(
        np.full(n, lon), np.full(n, lat), np.full(n, bearing), np.asarray(dists_km) * 1000.0
    )
    return np.asarray(xs), np.asarray(ys)


def _first_sea_exit(
    geom: BaseGeometry, lat: float, lon: float, bearing: float, reach_km: float, km: float
) -> float | None:
    """Distance along ``bearing`` where the ray leaves ``geom`` for open sea (``km`` of it)."""
    dists = np.arange(0.0, reach_km + _STEP_KM, _STEP_KM)
    xs, ys = _ray(lat, lon, bearing, dists)
    inside = shapely.contains_xy(geom, xs, ys)
    exits = np.flatnonzero(inside[:-1] & ~inside[1:])
    for i in exits:
        lo, hi = float(dists[i]), float(dists[i + 1])
        for _ in range(8):  # to about 4 m
            mid = (lo + hi) / 2
            x, y = _ray(lat, lon, bearing, [mid])
            if shapely.contains_xy(geom, x[0], y[0]):
                lo = mid
            else:
                hi = mid
        beyond = hi + np.arange(_STEP_KM / 2, km + _STEP_KM / 2, _STEP_KM)
        bx, by = _ray(lat, lon, bearing, beyond)
        in_geom = shapely.contains_xy(geom, bx, by)
        on_land = _on_land(bx, by)
        if not in_geom.any() and not on_land.any():
            return hi
        if (on_land & ~in_geom).any():
            return None  # a land border (or land of another outline): no coast this way
        # a bay or strait narrower than km: the ray comes back onto the anchor; go on
    return None


def offshore_point(
    lat: float,
    lon: float,
    outline: Any,
    *,
    km: float = 20.0,
    bearing_deg: float | None = None,
    max_coast_km: float = 50.0,
) -> tuple[float, float] | None:
    """A point ``km`` offshore of the coast of ``outline`` near (lat, lon), or None.

    Args:
        lat, lon: the anchor (a country's representative point, a city), inside ``outline``.
        outline: the anchor's polygon: a GeoJSON-like geometry dict (``Gazetteer.geometry``)
            or a shapely (Multi)Polygon; for a city, its country's outline. None gives None.
        km: how far beyond the coastline the point lies (also how much open sea must be
            there: a bay narrower than that is not a coast).
        bearing_deg: the side of the coast when the text says it ("off Venezuela's northern
            coast": 0). The ray from the anchor along it, however long, gives the first
            coastline it crosses.
        max_coast_km: with no bearing, the nearest coastline is looked for (72 bearings)
            only this far from the anchor. A city on the coast gets the point off its shore;
            a large country's representative point lies farther than that from any coast,
            so it gets None: "off the coast of Venezuela" does not say where.

    Returns None when the anchor is not inside the outline, when the ray meets a land
    border (another country) before the sea, or when no coast is near enough. Open sea means
    outside ``outline`` and outside every Natural Earth country (``geo.outlines``).
    Deterministic: rays are sampled every 1 km and refined by bisection.
    """
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"invalid coordinates: {lat}, {lon}")
    if not (isinstance(km, (int, float)) and math.isfinite(km) and km > 0):
        raise ValueError(f"km must be a positive number, got {km!r}")
    if outline is None:
        return None
    geom = _as_geometry(outline)
    if geom is None or not shapely.contains_xy(geom, lon, lat):
        return None
    if bearing_deg is not None:
        minx, miny, maxx, maxy = geom.bounds
        geod = _geod()
        reach = max(
            geod.inv(lon, lat, x, y)[2] / 1000.0 for x in (minx, maxx) for y in (miny, maxy)
        )
        bearings = [float(bearing_deg) % 360.0]
        reach = min(reach + _STEP_KM, _MAX_REACH_KM)
    else:
        bearings = [i * 360.0 / _RAYS for i in range(_RAYS)]
        reach = float(max_coast_km)
        if reach <= 0:
            return None
    best: tuple[float, float] | None = None
    for b in bearings:
        d = _first_sea_exit(geom, lat, lon, b, reach, float(km))
        if d is not None and d <= reach and (best is None or d < best[0]):
            best = (d, b)
    if best is None:
        return None
    lon2, lat2, _ = _geod().fwd(lon, lat, best[1], (best[0] + km) * 1000.0)
    return (float(lat2), float(lon2))


#: How far (degrees) outside its outline an area's point may lie and still anchor a part of it.
_ANCHOR_REACH = 1.0


def part_point(
    lat: float, lon: float, outline: Any, bearing_deg: float, *, share: float = 1 / 3
) -> tuple[float, float] | None:
    """A point in the ``bearing_deg`` part of ``outline`` ("northern Japan", "southern
    Lebanon"): the centre of the outer ``share`` of the area's main body along that direction
    (the body: its largest polygon and the islands within reach of it, so "southern France" is
    not French Guiana and "northern Japan" is Hokkaido), on land. None when the outline is
    missing, the anchor (lat, lon) lies far outside it, or the body straddles the antimeridian."""
    if outline is None or not 0.0 < share < 1.0:
        return None
    geom = _as_geometry(outline)
    if geom is None:
        return None
    if not shapely.contains_xy(geom, lon, lat) and geom.distance(Point(lon, lat)) > _ANCHOR_REACH:
        return None  # an archipelago's point may lie at sea between its islands, not far off
    body = _main_body(geom)
    minx, _, maxx, _ = body.bounds
    if maxx - minx > 180.0:
        return None
    k = math.cos(math.radians(lat))
    # a local frame in which the bearing points up: x scaled by cos(lat), then turned
    turned = affinity.rotate(
        affinity.scale(body, xfact=k, yfact=1.0, origin=(0.0, 0.0)),
        float(bearing_deg),
        origin=(0.0, 0.0),
    )
    x0, y0, x1, y1 = turned.bounds
    cut = y1 - share * (y1 - y0)
    part = turned.intersection(box(x0 - 1.0, cut, x1 + 1.0, y1 + 1.0))
    if part.is_empty:
        return None
    spot = part.centroid
    if not part.contains(spot):
        pieces = getattr(part, "geoms", [part])
        largest = max(pieces, key=lambda g: g.area)
        spot = (
            largest.centroid
            if largest.contains(largest.centroid)
            else largest.representative_point()
        )
    back = affinity.scale(
        affinity.rotate(spot, -float(bearing_deg), origin=(0.0, 0.0)),
        xfact=1.0 / k,
        yfact=1.0,
        origin=(0.0, 0.0),
    )
    return float(back.y), float(back.x)


#: Islands farther than this (degrees) from the rest of an area are not part of its body.
_BODY_LINK_DEG = 3.0


def _main_body(geom: BaseGeometry) -> BaseGeometry:
    """The largest polygon of ``geom`` with every polygon linked to it through gaps of at
    most :data:`_BODY_LINK_DEG` (an island chain stays, a far territory goes)."""
    pieces = list(getattr(geom, "geoms", [geom]))
    if len(pieces) == 1:
        return geom
    tree = STRtree(pieces)
    start = max(range(len(pieces)), key=lambda i: (pieces[i].area, -i))
    seen = {start}
    todo = [start]
    while todo:
        i = todo.pop()
        for j in tree.query(pieces[i], predicate="dwithin", distance=_BODY_LINK_DEG):
            j = int(j)
            if j not in seen:
                seen.add(j)
                todo.append(j)
    return shapely.union_all([pieces[i] for i in sorted(seen)]) if len(seen) > 1 else pieces[start]
