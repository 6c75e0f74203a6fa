"""Features built from statements: geometry, ids, provenance."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from shapely.geometry import LineString, Point, shape

from geo.geodesy import haversine_km, initial_bearing
from layers._sentence import _COUNTRY_CODES, _Doc, _Place, _Sentence, _Stmt
from layers.borders import border_point
from layers.model import Feature, feature_id
from layers.parts import division_part, part_of, sea_part
from layers.precision import _COUNTRY_LEVEL, location_precision
from layers.relative import (
    central_part,
    offset_point,
    offshore_point,
    relative_after,
    relative_before,
)

# water bodies whose named parts the gazetteer may hold ("the eastern Mediterranean")
_WATER_BODIES = frozenset({"SEA", "OCN", "GULF"})


def _geometry(ctx: _Doc, layer: str, place: _Place) -> Any:
    t = place.top
    if layer == "disputes" and ctx.gazetteer is not None and t.gazetteer_id:
        code = t.feature_code
        if code != "DISP":
            try:
                p = ctx.gazetteer.get(t.gazetteer_id)
            except Exception:  # noqa: BLE001
                p = None
            code = getattr(p, "feature_code", code) if p is not None else code
        if code == "DISP":
            geom = _gz_geometry(ctx, t.gazetteer_id)
            if geom:
                try:
                    return shape(geom)
                except (ValueError, TypeError, AttributeError, KeyError):
                    pass
    return Point(t.lon, t.lat)


_SMALL = frozenset({"ISL", "ISLS", "ATOL", "RF", "SHOL", "BNK", "ISTH", "PRN", "CAPE", "PT"})
_NEAR_KM = 20.0  # how far "east of <town>" is taken to be when no distance is given
_OFF_ISLAND_KM = 50.0  # how far out to sea "east of <island country>" is taken to be


def _gz_geometry(ctx: _Doc, place_id: str) -> Any:
    """The gazetteer's GeoJSON geometry of ``place_id``, or None."""
    if ctx.gazetteer is None or not place_id:
        return None
    try:
        return ctx.gazetteer.geometry(place_id)
    except Exception:  # noqa: BLE001 - a duck-typed gazetteer may raise anything
        return None


def _outline(ctx: _Doc, place: _Place) -> Any:
    """The polygon whose coast "off X" refers to: X's own, else its country's."""
    t = place.top
    geom = _gz_geometry(ctx, t.gazetteer_id) if t.feature_code in _COUNTRY_LEVEL else None
    if geom is None and t.country_code and ctx.gazetteer is not None:
        try:
            country = ctx.gazetteer.country(t.country_code)
        except Exception:  # noqa: BLE001 - a duck-typed gazetteer may raise anything
            country = None
        geom = _gz_geometry(ctx, country.id) if country is not None else None
    return geom


def _relative(
    ctx: _Doc, sent: _Sentence, place: _Place, *, at_sea: bool = False, actor: str = ""
) -> tuple[Point, str] | None:
    """The point a relative phrase around the mention describes ("40 km north of X",
    "off X's northern coast"), with its location precision; None when there is none.
    ``at_sea``: the thing placed is a ship, so "near" a country is off its coast. ``actor``:
    the force's own country, so "near" a neighbour is their border."""
    if place.via == "discourse":
        return None
    t = place.top
    before = relative_before(ctx.text, place.start, min_start=sent.start)
    after = relative_after(ctx.text, place.end, max_end=sent.end)
    if (
        not at_sea
        and actor
        and before is not None
        and before.relation == "near"
        and before.bearing_deg is None
        and before.distance_km is None
        and t.feature_code in _COUNTRY_CODES
        and t.country_code
    ):
        # "Serbia's army has 4,500 troops stationed near Kosovo": on their shared border
        home = _home_country(sent, actor)
        spot = border_point(home, t.country_code) if home != t.country_code else None
        if spot is not None:
            return Point(spot[1], spot[0]), "area"
    if before is not None and before.relation == "offset" and before.bearing_deg is not None:
        if before.distance_km is None:
            # "east of Stockholm": a direction alone says "just outside", for a point place
            # or a small one (an island, a reef); "east of Taiwan", "north of Scotland": the
            # sea off the coast on that side, when that side is a coast; "east of Syria"
            # (a land border there) says too little
            if t.feature_code in _COUNTRY_CODES or (
                t.feature_code == "ADM1" and location_precision(t.feature_code) != "exact"
            ):
                spot = offshore_point(
                    t.lat,
                    t.lon,
                    _outline(ctx, place),
                    km=_OFF_ISLAND_KM,
                    bearing_deg=before.bearing_deg,
                )
                if spot is not None:
                    return Point(round(spot[1], 5), round(spot[0], 5)), "area"
                return None
            if location_precision(t.feature_code) != "exact" and t.feature_code not in _SMALL:
                return None
            before = dataclasses.replace(before, distance_km=_NEAR_KM)
        lat, lon = offset_point(t.lat, t.lon, before)
        return Point(round(lon, 5), round(lat, 5)), "offset"
    if before is not None and before.relation == "part" and before.bearing_deg is not None:
        # "northern Japan", "southern Lebanon": inside that part of the area
        spot = part_of(ctx.gazetteer, t.gazetteer_id, t.lat, t.lon, before.bearing_deg)
        if spot is None and t.feature_code == "ADM1" and t.country_code:
            spot = division_part(ctx.gazetteer, t.country_code, t.name, before.bearing_deg)
        if spot is None and t.feature_code in _WATER_BODIES:
            if t.feature_code == "OCN":
                # "in the eastern Pacific, off the coast of Colombia": the place named beside
                near = _ocean_near(ctx, sent, place)
                if near is not None:
                    return near
            spot = sea_part(ctx.gazetteer, t.name, before.bearing_deg)
        if spot is not None and central_part(ctx.text, before):
            spot = ((spot[0] + t.lat) / 2, (spot[1] + t.lon) / 2)  # halfway to the middle
        if spot is not None:
            return Point(round(spot[1], 5), round(spot[0], 5)), "area"
        return None
    # "off X", and "X's waters" / "X's exclusive economic zone": at sea, whatever the side
    off = before is not None and before.relation in ("off_coast", "waters")
    # "seven warships near Venezuela", "near Florida": a ship near a country or a first-level
    # division is at sea, not at its centre
    near_sea = (
        at_sea
        and before is not None
        and before.relation == "near"
        and before.bearing_deg is None
        and (t.feature_code in _COUNTRY_CODES or t.feature_code == "ADM1")
    )
    # "warships sailed toward Cyprus": still at sea, off its coast
    toward_sea = (
        at_sea
        and before is None
        and (t.feature_code in _COUNTRY_CODES or t.feature_code == "ADM1")
        and TOWARD.search(ctx.text, max(sent.start, place.start - 16), place.start) is not None
    )
    # "sailed along the coast of Norway", "patrolled the Norwegian coast": a ship by a coast
    # is off it
    along_sea = at_sea and (
        before is not None
        and before.relation == "coast"
        or before is None
        and after is not None
        and after.relation == "coast"
    )
    off = off or near_sea or toward_sea or along_sea
    off = off or (after is not None and after.relation == "waters" and before is None)
    if off or (after is not None and after.relation == "coast" and before is None):
        bearing = before.bearing_deg if before is not None else None
        if bearing is None and after is not None:
            bearing = after.bearing_deg
        if bearing is None and not off:
            return None  # "X's coast" alone: land or sea, keep the place
        km = before.distance_km if before is not None and before.distance_km else 20.0
        if near_sea and before is not None and not before.distance_km:
            km = _NEAR_SEA_KM
        outline = _outline(ctx, place)
        spot = offshore_point(t.lat, t.lon, outline, km=km, bearing_deg=bearing)
        if spot is not None:
            return Point(round(spot[1], 5), round(spot[0], 5)), "offset"
        if bearing is None and t.feature_code in _COUNTRY_CODES:
            # "off Venezuela's coast" says no side: off the coastal place of that country
            # the document is about, if it names one
            for city in _coastal_candidates(ctx, t, place.start):
                spot = offshore_point(city.lat, city.lon, outline, km=km)
                if spot is not None:
                    return Point(round(spot[1], 5), round(spot[0], 5)), "area"
            # none named: the coast nearest the country's point, if a small country's
            # ("Guyana's exclusive economic zone"); a large one's says too little
            spot = offshore_point(t.lat, t.lon, outline, km=km, max_coast_km=_NEAREST_COAST_KM)
            if spot is not None:
                return Point(round(spot[1], 5), round(spot[0], 5)), "area"
        if bearing is None and off and t.feature_code == "ADM1":
            # "off the coast of South Carolina": the coast nearest the division's point
            spot = offshore_point(t.lat, t.lon, outline, km=km, max_coast_km=_NEAREST_COAST_KM)
            if spot is not None:
                return Point(round(spot[1], 5), round(spot[0], 5)), "area"
    return None


#: A movement not yet arrived ("sailed toward Cyprus", "bound for X"): not at that place yet.
TOWARD = re.compile(
    r"\b(?:toward|towards|heading\s+for|bound\s+for|en\s+route\s+to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: The same, wider, for where a story is: "heading for the Georgian port of Batumi", "on its
#: way to X" (a few words may stand between the verb and the place).
NOT_THERE_YET = re.compile(
    r"\b(?:toward|towards|head(?:ing|ed)\s+(?:for|to)|bound\s+for|en\s+route\s+to"
    r"|on\s+(?:its|their|her|his)\s+way\s+to)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$",
    re.IGNORECASE,
)


def _home_country(sent: _Sentence, actor: str) -> str:
    """The country code of an actor the sentence names as a country or by its demonym."""
    for t in sent.toponyms:
        if t.feature_code in _COUNTRY_CODES and t.name == actor and t.country_code:
            return str(t.country_code)
    return ""


_NAVAL = "naval vessel"
#: A ship "near" a country, no distance given: outside its territorial sea (12 nmi, where
#: the text would say "in its waters"), put at the contiguous zone's edge (24 nmi).
_NEAR_SEA_KM = 44.4
#: How far from a country's point its nearest coast may be to stand for "off X" unnamed.
_NEAREST_COAST_KM = 400.0


def carried_top(ctx: _Doc, sent: _Sentence, place: _Place) -> Any:
    """The place a later sentence carries from this one: the spot a relative phrase measures
    ("50 nautical miles southwest of Aden": "the crew abandoned the ship" is there, not in
    Aden) as an area of its own, else the named place."""
    rel = _relative(ctx, sent, place)
    if rel is None or rel[1] != "offset":
        return place.top
    point = rel[0]
    return dataclasses.replace(
        place.top,
        lat=point.y,
        lon=point.x,
        feature_code="AREA",
        gazetteer_id="",
        confidence=round(place.top.confidence * 0.9, 3),
    )


#: How far out to sea an ocean named beside a coastal place is put (km).
OCEAN_OFFSHORE_KM = 150.0
#: Farther than this from its anchor, a coast is not the anchor's: keep the ocean's point.
OCEAN_ANCHOR_KM = 1000.0


def _ocean_near(ctx: _Doc, sent: _Sentence, place: _Place) -> tuple[Point, str] | None:
    """ "flew over Hokkaido before landing in the Pacific Ocean": an ocean's one point (the
    middle of the Pacific) says nothing; the story's sea is the ocean off the place the
    sentence names beside it (else the discourse's), on the side facing that ocean."""
    near = sent.near("places", place.start - 300, place.end + 300)  # bounded: linear time
    others = [p for p in near if p is not place and p.top.feature_code != "OCN"]
    others.sort(key=lambda p: (abs(p.start - place.start), p.start))
    # a named place of the sentence, else the story's, else a country the sentence names
    anchors = [p for p in others if p.top.feature_code not in _COUNTRY_CODES]
    if sent.focus is not None and sent.focus.top.feature_code != "OCN":
        anchors.append(sent.focus)
    anchors += [p for p in others if p.top.feature_code in _COUNTRY_CODES]
    t = place.top
    for a in anchors[:3]:
        outline = _outline(ctx, a)
        lat, lon = a.top.lat, a.top.lon
        if outline is not None and a.top.feature_code in _COUNTRY_CODES:
            shp = shape(outline)
            if not shp.contains(Point(lon, lat)):
                # a country's point at sea (Cuba's): start from a point on its land
                inner = shp.representative_point()
                lat, lon = inner.y, inner.x
        bearing = initial_bearing(lat, lon, t.lat, t.lon)
        spot = offshore_point(lat, lon, outline, km=OCEAN_OFFSHORE_KM, bearing_deg=bearing)
        if spot is not None and haversine_km(lat, lon, *spot) <= OCEAN_ANCHOR_KM:
            return Point(round(spot[1], 5), round(spot[0], 5)), "area"
    return None


def _coastal_candidates(ctx: _Doc, country: Any, pos: int) -> list[Any]:
    """The document's literal town mentions in ``country``, nearest to ``pos`` first."""
    towns = [
        t
        for t in ctx.parsed.toponyms
        if t.literal
        and not t.adjective
        and t.country_code == country.country_code
        and (t.feature_code or "").startswith("PPL")
        and t.start not in ctx.nonplace
    ]
    seen: set[str] = set()
    out = []
    for t in sorted(towns, key=lambda t: (abs(t.start - pos), t.start)):
        if t.gazetteer_id not in seen:
            seen.add(t.gazetteer_id)
            out.append(t)
    return out[:3]


#: Characters of the sentence kept on each side of the place mention in a feature's quote.
QUOTE_CONTEXT = 300
ELLIPSIS = "\u2026"


def quote_window(text: str, s0: int, s1: int, start: int, end: int) -> str:
    """The quote of a mention at ``start:end`` stated in the sentence ``s0:s1``: the sentence,
    or for a long one at most :data:`QUOTE_CONTEXT` characters each side of the mention with
    an ellipsis where it was cut (so a one-line 50 MB document gives small features). The
    feature's ``quote_start`` stays the sentence's offset (its identity); the mention is
    ``text[start:end]`` either way."""
    a = min(max(start, s0), s1)  # a place carried from an earlier sentence: its start
    b = min(max(end, a), s1, a + 2 * QUOTE_CONTEXT)  # a movement line may span the sentence
    q0, q1 = max(s0, a - QUOTE_CONTEXT), min(s1, b + QUOTE_CONTEXT)
    if q0 == s0 and q1 == s1:
        return text[s0:s1]
    return (ELLIPSIS if q0 > s0 else "") + text[q0:q1] + (ELLIPSIS if q1 < s1 else "")


def _emit(ctx: _Doc, sent: _Sentence, st: _Stmt) -> None:
    doc = ctx.parsed.document
    # a range ring only around a place the sentence names, where the system is
    rng = (
        st.m.term.range_km
        if st.layer == "assets" and st.cand.role in ("at", "destination")
        else 0.0
    )
    extra = {
        "trigger": ctx.text[st.m.start : st.m.end],
        "trigger_start": st.m.start,
        "trigger_end": st.m.end,
        "attachment": st.cand.role,
    }
    if st.m.term.operators and st.m.term.name not in ctx.lex.ship_prefixes:
        extra["system"] = st.m.term.name

    def add(
        place: _Place,
        geometry: Any,
        start: int,
        end: int,
        name: str,
        conf: float,
        more: dict[str, Any],
        precision: str = "",
    ) -> None:
        # a place carried from an earlier sentence: one feature per stating sentence
        carried = start < sent.start
        quote = quote_window(ctx.text, sent.start, sent.end, start, end)
        fid = feature_id(
            doc.doc_id,
            start,
            st.layer,
            st.kind,
            st.subject,
            sentence=sent.start if carried else None,
        )
        f = Feature(
            layer=st.layer,
            kind=st.kind,
            subject=st.subject,
            geometry=geometry,
            place=name,
            gazetteer_id=place.top.gazetteer_id,
            mention=ctx.text[start:end],
            doc_id=doc.doc_id,
            quote=quote,
            quote_start=sent.start,
            start=start,
            end=end,
            actor=st.actor,
            quantity=st.quantity,
            date=st.date,
            date_precision=st.date_precision,
            status=st.status,
            doc_title=doc.title,
            doc_url=doc.url,
            published=doc.published,
            confidence=round(max(0.0, min(1.0, conf)), 3),
            range_km=float(rng),
            feature_id=fid,
            extra={**extra, **more},
            location_precision=precision or location_precision(place.top.feature_code),
            attachment="line" if more else (place.via or st.cand.role),
        )
        old = ctx.features.get(fid)
        if old is None or old.confidence < f.confidence:
            ctx.features[fid] = f

    at_sea = _NAVAL in (st.kind, st.subj.term.kind if st.subj is not None else "")
    if not st.line_only:
        for place in st.places:
            conf = place.top.confidence * st.cand.strength * place.factor
            geometry = _geometry(ctx, st.layer, place)
            precision = ""
            if geometry.geom_type == "Point":
                rel = _relative(ctx, sent, place, at_sea=at_sea, actor=st.actor)
                if rel is None and place.top.feature_code == "OCN":
                    rel = _ocean_near(ctx, sent, place)
                if rel is not None:
                    geometry, precision = rel
            add(place, geometry, place.start, place.end, place.top.name, conf, {}, precision)
    if st.line is not None:
        a, b = st.line
        geom = LineString([(a.top.lon, a.top.lat), (b.top.lon, b.top.lat)])
        start = min(a.start, b.start, st.m.start)
        end = max(a.end, b.end, st.m.end)
        conf = min(a.top.confidence, b.top.confidence) * 0.8
        more = {
            "origin": a.top.name,
            "origin_id": a.top.gazetteer_id,
            "destination": b.top.name,
            "destination_id": b.top.gazetteer_id,
            "geometry_role": "line",
        }
        add(b, geom, start, end, b.top.name, conf, more)
