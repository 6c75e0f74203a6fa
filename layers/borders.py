"""Borders between two countries: "the Turkish-Syrian border", "the Russia-Ukraine border".

A border named by its two sides is a place of its own. Its point is the middle of the land
boundary the two Natural Earth outlines share (``geo.outlines``); countries that share none
give no place.

    for top in border_mentions(text, s0, s1, gazetteer): ...   # Toponym-like places
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from geo.model import Toponym
from layers._sentence import _COUNTRY_CODES

__all__ = ["BORDER_CODE", "border_mentions", "border_point"]

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


def border_mentions(text: str, s0: int, s1: int, gazetteer: Any) -> list[Toponym]:
    """Borders named in ``text[s0:s1]`` by their two sides, as toponyms on the boundary."""
    if gazetteer is None:
        return []
    out = []
    for m in _BORDER.finditer(text, s0, s1):
        a, b = _side(gazetteer, m.group(1)), _side(gazetteer, m.group(2))
        if a is None or b is None or not a.country_code or not b.country_code:
            continue
        point = border_point(a.country_code, b.country_code)
        if point is None:
            continue
        c1, c2 = sorted((a.country_code, b.country_code))
        out.append(
            Toponym(
                mention=m.group(),
                start=m.start(),
                end=m.end(),
                name=f"{a.name}\u2013{b.name} border",
                lat=point[0],
                lon=point[1],
                feature_code=BORDER_CODE,
                country_code="",
                gazetteer_id=f"border:{c1}-{c2}",
                confidence=0.8,
            )
        )
    return out


@lru_cache(maxsize=256)
def border_point(cc1: str, cc2: str) -> tuple[float, float] | None:
    """(lat, lon) in the middle of the land boundary of two countries, or None."""
    if not cc1 or not cc2 or cc1 == cc2:
        return None
    from geo.outlines import country_shapes

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
    from shapely.ops import linemerge

    merged = linemerge(shared) if shared.geom_type == "MultiLineString" else shared  # type: ignore[arg-type]
    parts = list(getattr(merged, "geoms", [merged]))
    longest = max(parts, key=lambda g: g.length)
    mid = longest.interpolate(0.5, normalized=True)
    return round(mid.y, 5), round(mid.x, 5)
