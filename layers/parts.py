"""Parts of an area: "northern Japan" (a place named with its side) and "in the northeast"
(a side alone, of the country the story is in) as points inside that part of its outline."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from geo.model import Toponym
from layers.relative import compass_bearing, part_point, side_bearing

#: Feature code of a side of a country named without the country ("in the northeast").
PART_CODE = "RGN"

# "jihadists in the northeast": a side with no name after it (not "in the east of Ukraine",
# "in the south of the country": the country the anaphor means, "in the north wing", "in the
# North": a Korea, as a rule)
_SIDE_ALONE = re.compile(
    r"\b(?:in|across|throughout)\s+the\s+(?:far\s+)?"
    r"(?P<dir>north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
    r"(?=\s*[,.;:)\u2014\u2013]|\s*$|\s+(?:and|or|where|which|on|in|at|as|while|since|after|"
    r"before|for|near|along|until|during|last|this|earlier|overnight)\b)"
)
_GAP = frozenset(" ,\t\n")

_ADJECTIVES = {
    0.0: "northern",
    45.0: "northeastern",
    90.0: "eastern",
    135.0: "southeastern",
    180.0: "southern",
    225.0: "southwestern",
    270.0: "western",
    315.0: "northwestern",
}


@lru_cache(maxsize=256)
def part_of(
    gazetteer: Any, place_id: str, lat: float, lon: float, bearing_deg: float
) -> tuple[float, float] | None:
    """:func:`~layers.relative.part_point` of a gazetteer place, once per place and side."""
    if gazetteer is None or not place_id:
        return None
    try:
        outline = gazetteer.geometry(place_id)
    except Exception:  # noqa: BLE001 - a duck-typed gazetteer may raise anything
        return None
    return part_point(lat, lon, outline, bearing_deg)


@lru_cache(maxsize=4)
def _towns_by_division(gazetteer: Any) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """(country, first-level division) -> the points of its towns, once per gazetteer."""
    ix = getattr(gazetteer, "columns", None)
    out: dict[tuple[str, str], list[tuple[float, float]]] = {}
    if not isinstance(ix, dict) or "admin1" not in ix:
        return out
    for cc, a1, fclass, lat, lon in zip(
        ix["cc"], ix["admin1"], ix["fclass"], ix["lat"], ix["lon"], strict=False
    ):
        if fclass == "P" and cc and a1:
            out.setdefault((cc, a1), []).append((lat, lon))
    return out


@lru_cache(maxsize=256)
def division_part(
    gazetteer: Any, cc: str, name: str, bearing_deg: float
) -> tuple[float, float] | None:
    """ "northern Shan state", "southern Kherson region": a first-level division has no
    outline here, so the mean of its towns in the outer third along that direction (at least
    six towns, else None)."""
    towns = _towns_by_division(gazetteer).get((cc, name), [])
    if len(towns) < 6:
        return None
    lat0 = sum(t[0] for t in towns) / len(towns)
    lon0 = sum(t[1] for t in towns) / len(towns)
    k = math.cos(math.radians(lat0))
    b = math.radians(bearing_deg)
    ranked = sorted(
        towns,
        key=lambda t: -((t[1] - lon0) * k * math.sin(b) + (t[0] - lat0) * math.cos(b)),
    )
    outer = ranked[: max(2, len(ranked) // 3)]
    return (
        sum(t[0] for t in outer) / len(outer),
        sum(t[1] for t in outer) / len(outer),
    )


_WATER_WORD = re.compile(r"\s+(?:sea|ocean)$", re.IGNORECASE)


@lru_cache(maxsize=256)
def sea_part(gazetteer: Any, name: str, bearing_deg: float) -> tuple[float, float] | None:
    """ "the eastern Mediterranean", "the western Pacific": the gazetteer's named part of the
    water body on that side (a point at sea), when it has one; a side between two named ones
    ("the south-western Black Sea") lies between them, or at the one there is."""
    side = round(bearing_deg / 45.0) * 45.0 % 360.0
    spot = _named_sea_part(gazetteer, name, side)
    if spot is not None or side % 90.0 == 0.0:
        return spot
    near = [
        p
        for p in (
            _named_sea_part(gazetteer, name, (side - 45.0) % 360.0),
            _named_sea_part(gazetteer, name, (side + 45.0) % 360.0),
        )
        if p is not None
    ]
    if not near:
        return None
    return (
        round(sum(p[0] for p in near) / len(near), 5),
        round(sum(p[1] for p in near) / len(near), 5),
    )


def _named_sea_part(gazetteer: Any, name: str, side: float) -> tuple[float, float] | None:
    adjective = _ADJECTIVES.get(side)
    if gazetteer is None or adjective is None or not name:
        return None
    whole = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    short = re.sub(r"[^a-z0-9]+", "-", _WATER_WORD.sub("", name).lower()).strip("-")
    for base in dict.fromkeys((short, whole)):
        try:
            place = gazetteer.get(f"posture:{adjective}-{base}")
        except Exception:  # noqa: BLE001 - a duck-typed gazetteer may raise anything
            return None
        if place is not None:
            return place.lat, place.lon
    return None


def country_sides(
    text: str, s0: int, s1: int, tops: list[Toponym], gazetteer: Any, *, home: str
) -> list[Toponym]:
    """Sides named alone in ``text[s0:s1]`` ("fighting jihadists in the northeast") as
    toponyms in that part of country ``home`` (the story's), named "northeastern Nigeria";
    none when the story has no country or the side follows a place it locates."""
    if not home or gazetteer is None or "the " not in text[s0:s1]:
        return []
    out: list[Toponym] = []
    country = None
    ends = {t.end for t in tops}
    for m in _SIDE_ALONE.finditer(text, s0, s1):
        j = m.start()
        while j > s0 and text[j - 1] in _GAP:
            j -= 1
        if j in ends:
            continue  # "Kharkiv in the north": the side says where the place just named is
        bearing = compass_bearing(m.group("dir"))
        if bearing is None:
            continue
        if country is None:
            try:
                country = gazetteer.country(home)
            except Exception:  # noqa: BLE001 - a duck-typed gazetteer may raise anything
                return out
            if country is None:
                return out
        spot = part_of(gazetteer, country.id, country.lat, country.lon, bearing)
        if spot is None:
            continue
        start = m.start() + m.group().index("the ")
        out.append(
            Toponym(
                mention=text[start : m.end()],
                start=start,
                end=m.end(),
                name=f"{_ADJECTIVES.get(bearing, m.group('dir'))} {country.name}",
                lat=round(spot[0], 5),
                lon=round(spot[1], 5),
                feature_code=PART_CODE,
                country_code=home,
                gazetteer_id=f"part:{home}:{int(bearing)}",
                confidence=0.6,
            )
        )
    return out


# "the southern Lebanese village of X", "the eastern Ukrainian river port of X": a name the
# gazetteer lacks, described by its country's demonym (and side) and a settlement noun
_DESCRIBED = re.compile(
    r"\b[Tt]he\s+(?:(?P<dir>(?:far[\s-])?(?:north|south)(?:[\s-]?(?:east|west))?ern|eastern"
    r"|western|(?:north|south|east|west)[\s-]central|central)\s+)?"
    r"(?P<dem>(?:North|South|East|West)\s[A-Z][a-z]+|[A-Z][a-z]+)\s+"
    r"(?:[a-z]+\s+){0,2}(?:village|town|city|port|district|region|province|governorate|county"
    r"|hamlet|settlement|municipality|commune|island|enclave)\s+of\s+"
    r"(?P<name>[A-Z][\w'\u2019-]*(?:\s(?:(?:al|el|ad|as|ash|ez|de|del|da|la|le)[\s-])?"
    r"[A-Z][\w'\u2019-]*){0,3})"
)


def described_unknowns(
    text: str, tops: list[Toponym], gazetteer: Any, *, guess: float
) -> list[Toponym]:
    """``tops`` with each name the gazetteer lacks (no toponym, or one the geoparser could only
    guess at, confidence <= ``guess``) but the text describes as "the southern Lebanese
    village of X" placed in that part of the country, named for it ("southern Lebanon"); the
    mention stays the name as written. Without a side the name stays unplaced."""
    if gazetteer is None or " of " not in text:
        return tops
    at = {t.start: t for t in tops}
    out = dict(at)
    for m in _DESCRIBED.finditer(text):
        start, end = m.span("name")
        known = at.get(start)
        if known is not None and known.confidence > guess:
            continue
        try:
            i = gazetteer.demonym(m.group("dem"))
            country = gazetteer.place(i) if i is not None else None
        except Exception:  # noqa: BLE001 - a duck-typed gazetteer may lack these
            return tops
        if country is None or not country.country_code:
            continue
        spot = _described_spot(gazetteer, country, m.group("dir"))
        if spot is None:
            continue
        (lat, lon), name, code, gid = spot
        out[start] = Toponym(
            mention=text[start:end],
            start=start,
            end=end,
            name=name,
            lat=round(lat, 5),
            lon=round(lon, 5),
            feature_code=code,
            country_code=country.country_code,
            gazetteer_id=gid,
            confidence=0.6,
        )
    if len(out) == len(at) and all(out[k] is at[k] for k in at):
        return tops
    return sorted(out.values(), key=lambda t: t.start)


def _described_spot(
    gazetteer: Any, country: Any, side: str | None
) -> tuple[tuple[float, float], str, str, str] | None:
    """(point, name, feature code, id) of a country's side named as an adjective ("southern",
    "north-central"; "central" is the country's middle); None without a side."""
    cc = country.country_code
    if not side:
        return None  # a country's middle would pin the village at a spot nowhere near it
    words = side.lower().replace("far ", "").replace("far-", "")
    if words == "central":
        return (country.lat, country.lon), f"central {country.name}", PART_CODE, f"part:{cc}:c"
    bearing, central = side_bearing(words)
    if bearing is None:
        return None
    spot = part_of(gazetteer, country.id, country.lat, country.lon, bearing)
    if spot is None:
        return None
    adjective = _ADJECTIVES.get(bearing, words)
    if central:  # halfway between the middle and that side
        spot = ((spot[0] + country.lat) / 2, (spot[1] + country.lon) / 2)
        adjective = f"{_ADJECTIVES[bearing].removesuffix('ern')}-central"
    return spot, f"{adjective} {country.name}", PART_CODE, f"part:{cc}:{words}"
