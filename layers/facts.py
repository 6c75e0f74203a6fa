"""Statements -> facts: one fact per thing said, with every statement that says it.

    facts, statements = group_facts(rows, systems, copies)

``rows`` are statement rows (one per extracted :class:`layers.model.Feature`, as dicts of
its columns and ``geometry``). Two statements belong to one fact when they are in the same
layer, of the same kind, about the same subject (:func:`fact_subject_key`), at the same
place (:func:`same_place`: the same gazetteer id, or points within a radius that depends on
``location_precision``) and at compatible dates (:func:`same_time`), and when their statuses
may meet: reported and planned statements support each other; a denial joins them and
contradicts them (the fact becomes ``disputed``); historical, possible and denied
statements otherwise only meet their own kind. Facts are the connected groups of that
relation, so the result does not depend on the order of the rows.

A fact row is its best statement's row (the most precise place, then a place of its own
rather than one carried from an earlier sentence, then the highest confidence) with the
fact's own columns: ``fact_id`` (stable: a hash of the smallest statement id), ``status``,
``sources`` (independent documents supporting it; near-identical copies count once),
``statements``, ``first_reported``/``last_reported`` (publication dates) and
``corroborated_by`` (the other documents, with their stance). Statement rows keep their own
status and quote, and gain ``fact_id`` and ``stance``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo.errors import ConfigurationError
from geo.geodesy import haversine_km
from layers._dates import precision_of
from layers.lexicon import ASSET, load_lexicon

__all__ = [
    "CORROBORATION_LIMIT",
    "DATE_WINDOW_DAYS",
    "PLACE_RADIUS_KM",
    "fact_subject_key",
    "group_facts",
    "same_place",
    "same_time",
    "subject_key",
    "system_of",
]

#: How far apart two point statements may be and still be at the same place (km), by
#: location_precision; other precisions (area, country) match on the gazetteer id only.
PLACE_RADIUS_KM = {"exact": 25.0, "offset": 50.0}
#: Documents listed in a fact's ``corroborated_by``; beyond them a last entry counts the rest
#: ({"more_reports": n, "more_denials": m}), so no property grows with the corpus.
CORROBORATION_LIMIT = 25
DATE_WINDOW_DAYS = 3
#: Status classes: a class meets only itself, except that a denial meets the present class.
_STATUS_CLASS = {"reported": "present", "planned": "present", "disputed": "present"}
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
# The fact's geometry: an offset ("30 km east of X") refines the named point it is measured
# from, which refines an area, which refines a country.
_PLACE_RANK = {"offset": 0, "exact": 1, "area": 2, "country": 3}

# --------------------------------------------------------------------------- subject keys


@functools.cache
def _subject_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(skip words, generic heads, not plurals) of layers/data/syntax.json."""
    cfg = load_lexicon().config
    out = []
    for key in ("subject_skip_words", "subject_generic_heads", "subject_not_plural"):
        words = cfg.get(key)
        if not words:
            raise ConfigurationError(f"layers/data/syntax.json: {key!r} missing or empty")
        out.append(frozenset(str(w).casefold() for w in words))
    return out[0], out[1], out[2]


def _singular(word: str) -> str:
    if len(word) <= 3 or word in _subject_words()[2] or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("ches", "shes", "sses", "xes", "zes"):
        if word.endswith(suffix):
            return word[:-2]
    if word.endswith("ss") or word.endswith("us") or word.endswith("is"):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=65536)
def subject_key(subject: str) -> str:
    """A normalised subject for corroboration: case, articles, numbers and plurals ignored.

    >>> subject_key("the S-300 batteries") == subject_key("S-300 systems") == subject_key("s300")
    True
    """
    text = subject.casefold().replace("’", "'")
    # "S-300" == "S300" == "S 300"; other hyphens are spaces ("air-defence").
    text = re.sub(r"(?<=[a-z])[-\s]+(?=\d)", "", text)
    text = re.sub(r"[^\w\s.]+|(?<!\w)\.|\.(?!\w)", " ", text)
    skip, generic, _ = _subject_words()
    words = text.split()
    while words and (words[0] in skip or re.fullmatch(r"[\d.,]+", words[0])):
        words.pop(0)
    words = [_singular(w) for w in words]
    while len(words) > 1 and words[-1] in generic:
        words.pop()
    return " ".join(words)


@functools.lru_cache(maxsize=65536)
def system_of(subject: str) -> str:
    """The canonical name of the named system a subject is about ("F-35 stealth fighters"
    -> "F-35"), from the equipment of :func:`layers.lexicon.load_lexicon`; "" for force words
    and ship names."""
    lex = load_lexicon()
    for m in lex.scan(subject):
        term = m.term
        if term.channel == ASSET and not term.generic and term.name not in lex.ship_prefixes:
            return term.name
    return ""


def fact_subject_key(subject: str, system: str = "") -> str:
    """What a statement is about: a named system keys on its canonical name (``system``,
    else the equipment named in ``subject``), so "F-35 fighter jets", "F-35 stealth
    fighters", "F-35s" and "F-35A" are one subject; anything else on :func:`subject_key`."""
    system = system or system_of(subject)
    if system:
        return "system:" + subject_key(system)
    return subject_key(subject)


# --------------------------------------------------------------------------- place and time


def centre(geometry: BaseGeometry | None) -> Point | None:
    """A point standing for a geometry (a polygon's representative point), None if empty."""
    if geometry is None or geometry.is_empty:
        return None
    if isinstance(geometry, Point):
        return geometry
    if geometry.geom_type.endswith("Polygon"):
        return geometry.representative_point()
    return geometry.centroid


def _place_key(row: Mapping[str, Any]) -> str:
    return str(row["gazetteer_id"] or str(row["place"]).casefold())


def _site(row: Mapping[str, Any]) -> tuple[str, str, float, float]:
    """(place key, location precision, lon, lat) of a row; lon/lat NaN when not a point."""
    precision = str(row.get("location_precision") or "")
    lon = lat = float("nan")
    if precision in PLACE_RADIUS_KM:
        c = centre(row["geometry"])
        if c is not None:
            lon, lat = round(c.x, 6), round(c.y, 6)
    return (_place_key(row), precision, lon, lat)


#: The place of a statement row as :func:`same_place` compares it.
site = _site


def _site_of(row: Any) -> tuple[str, str, float, float]:
    """:func:`site` of a row, or what a :class:`layers.spill.RowKey` holds of it."""
    known = getattr(row, "site", None)
    return known if known is not None else _site(row)


def same_place(a: tuple[str, str, float, float], b: tuple[str, str, float, float]) -> bool:
    """Same gazetteer place, or points within :data:`PLACE_RADIUS_KM` of each other."""
    if a[0] == b[0]:
        return True
    if a[1] not in PLACE_RADIUS_KM or b[1] not in PLACE_RADIUS_KM:
        return False
    if math.isnan(a[2]) or math.isnan(b[2]):
        return False
    radius = max(PLACE_RADIUS_KM[a[1]], PLACE_RADIUS_KM[b[1]])
    return haversine_km(a[3], a[2], b[3], b[2]) <= radius  # rows hold (lon, lat)


def _when(row: Mapping[str, Any]) -> tuple[str, int]:
    """(date, precision rank) of a row; ("", -1) when undated."""
    date = str(row.get("date") or "")
    if not date:
        return ("", -1)
    precision = str(row.get("date_precision") or "")
    if precision not in _PRECISION_RANK:
        precision = precision_of(date)
    return (date, _PRECISION_RANK.get(precision, 2))


@functools.lru_cache(maxsize=65536)
def _ordinal(date: str) -> int | None:
    try:
        return dt.date.fromisoformat(date[:10]).toordinal()
    except ValueError:
        return None


def same_time(a: tuple[str, int], b: tuple[str, int]) -> bool:
    """Compatible dates: both undated, or overlapping at the coarser precision (day: within
    :data:`DATE_WINDOW_DAYS` days; month: the same month; year: the same year)."""
    if not a[0] or not b[0]:
        return not a[0] and not b[0]
    rank = max(a[1], b[1])
    if rank >= 2:
        return a[0][:4] == b[0][:4]
    if rank == 1:
        return a[0][:7] == b[0][:7]
    x, y = _ordinal(a[0]), _ordinal(b[0])
    if x is None or y is None:
        return a[0][:10] == b[0][:10]
    return abs(x - y) <= DATE_WINDOW_DAYS


def _status_class(status: str) -> str:
    return _STATUS_CLASS.get(status, status)


def _meet(a: str, b: str) -> bool:
    return a == b or {a, b} == {"present", "denied"}


# --------------------------------------------------------------------------- grouping


class _Groups:
    """Union-find over row indices; the root of a group is its smallest index."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


_CELL_DEG = 0.5  # grid cells for point sites: a 50 km radius spans at most a few cells


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL_DEG), math.floor(lon / _CELL_DEG) % round(360 / _CELL_DEG)


def _neighbours(
    sites: Sequence[tuple[str, str, float, float]],
) -> Iterator[tuple[int, list[int]]]:
    """For each site (by index), the later sites that may be the same place: the same place
    key, or points in nearby grid cells. Comparing only those keeps a subject reported at
    many places near linear, instead of every pair of its places."""
    by_key: dict[str, list[int]] = {}
    by_cell: dict[tuple[int, int], list[int]] = {}
    columns = round(360 / _CELL_DEG)
    for k, site in enumerate(sites):
        by_key.setdefault(site[0], []).append(k)
        if site[1] in PLACE_RADIUS_KM and not math.isnan(site[2]):
            by_cell.setdefault(_cell(site[3], site[2]), []).append(k)
    reach = max(PLACE_RADIUS_KM.values()) / 111.0 / _CELL_DEG  # in cells of latitude
    for k, site in enumerate(sites):
        near = set(by_key[site[0]])
        if site[1] in PLACE_RADIUS_KM and not math.isnan(site[2]):
            row, col = _cell(site[3], site[2])
            dy = math.ceil(reach)
            shrink = max(math.cos(math.radians(min(abs(site[3]) + 1.0, 90.0))), 1e-3)
            dx = min(math.ceil(reach / shrink), columns // 2)
            for r in range(row - dy, row + dy + 1):
                for c in range(col - dx, col + dx + 1):
                    near.update(by_cell.get((r, c % columns), ()))
        yield k, sorted(n for n in near if n > k)


def _components(rows: Sequence[Mapping[str, Any]], systems: Mapping[str, str]) -> list[list[int]]:
    groups = _Groups(len(rows))
    buckets: dict[tuple[str, str, str], list[int]] = {}
    for i, row in enumerate(rows):
        subject = fact_subject_key(str(row["subject"]), systems.get(row["feature_id"], ""))
        buckets.setdefault((row["layer"], row["kind"], subject), []).append(i)
    for members in buckets.values():
        # statements with one signature (site, date, status class) are one fact at once;
        # signatures are then compared with those that may be at the same place
        sigs: dict[tuple[Any, ...], int] = {}
        for i in members:
            row = rows[i]
            sig = (_site_of(row), _when(row), _status_class(str(row["status"])))
            first = sigs.setdefault(sig, i)
            if first != i:
                groups.union(first, i)
        items = list(sigs.items())
        for k, others in _neighbours([sig[0] for sig, _ in items]):
            a, i = items[k]
            for n in others:
                b, j = items[n]
                if _meet(a[2], b[2]) and same_place(a[0], b[0]) and same_time(a[1], b[1]):
                    groups.union(i, j)
    out: dict[int, list[int]] = {}
    for i in range(len(rows)):
        out.setdefault(groups.find(i), []).append(i)
    return list(out.values())


def _rank(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """Best statement first: most precise place, own place, confidence, then provenance."""
    return (
        _PLACE_RANK.get(str(row.get("location_precision") or ""), 4),
        row.get("attachment") in ("discourse", "anaphor"),
        -float(row.get("confidence") or 0.0),
        str(row.get("published") or "9999"),
        str(row["doc_id"]),
        int(row["start"]),
        str(row["feature_id"]),
    )


def fact_id_for(statement_ids: Sequence[str]) -> str:
    """The id of a fact: a hash of its smallest statement id (stable in any input order)."""
    return hashlib.sha1(f"fact|{min(statement_ids)}".encode()).hexdigest()[:16]


def group_facts(
    rows: Sequence[Any],
    systems: Mapping[str, str] | None = None,
    copies: Mapping[str, str] | None = None,
    *,
    load: Callable[[Any], dict[str, Any]] | None = None,
) -> tuple[list[dict[str, Any]], list[Any]]:
    """(fact rows, statement rows) of the statement ``rows``. ``systems``: feature id -> the
    named system its extractor saw; ``copies``: doc_id -> the document standing for its
    cluster of near-identical copies. Rows are not modified.

    ``load``: the rows are :class:`layers.spill.RowKey` and this gives a key's whole row
    (for the fact's best statement); the statements are then the keys themselves, with
    ``fact_id`` and ``stance`` set."""
    systems = systems or {}
    copies = copies or {}
    facts: list[dict[str, Any]] = []
    statements: list[dict[str, Any]] = []
    for members in _components(rows, systems):
        group = [rows[i] for i in members]
        classes = {_status_class(str(r["status"])) for r in group}
        if "present" in classes:
            support = [r for r in group if _status_class(str(r["status"])) == "present"]
            if "denied" in classes or any(r["status"] == "disputed" for r in support):
                status = "disputed"  # a denial joins it, or a statement says both
            elif any(r["status"] == "planned" for r in support) and not any(
                r["status"] in ("reported", "disputed") for r in support
            ):
                status = "planned"
            else:
                status = "reported"
        else:
            support = group
            status = str(group[0]["status"])
        best = min(support, key=_rank)
        fact_id = fact_id_for([str(r["feature_id"]) for r in group])
        sources = {copies.get(str(r["doc_id"]), str(r["doc_id"])) for r in support}
        published = sorted(str(r["published"]) for r in group if r.get("published"))
        fact = dict(best) if load is None else load(best)
        fact.update(
            feature_id=fact_id,
            fact_id=fact_id,
            status=status,
            sources=len(sources),
            corroboration=len(sources),
            statements=len(group),
            first_reported=published[0] if published else "",
            last_reported=published[-1] if published else "",
            corroborated_by=_others(group, str(best["doc_id"]), copies),
        )
        facts.append(fact)
        for r in group:
            stance = "denies" if r["status"] == "denied" else "reports"
            if load is not None:
                r.fact_id, r.stance = fact_id, stance
                statements.append(r)
                continue
            st = dict(r)
            st["fact_id"] = fact_id
            st["stance"] = stance
            statements.append(st)
    return facts, statements


def _others(group: Sequence[Mapping[str, Any]], own: str, copies: Mapping[str, str]) -> str:
    """JSON list of the other documents stating the fact, one entry per document."""
    entries: dict[str, dict[str, str]] = {}
    for r in group:
        doc = str(r["doc_id"])
        if doc == own:
            continue
        stance = "denies" if r["status"] == "denied" else "reports"
        entry = entries.get(doc)
        if entry is None or (entry["stance"] == "denies" and stance == "reports"):
            entry = {
                "doc_id": doc,
                "title": str(r["doc_title"]),
                "url": str(r["doc_url"]),
                "published": str(r["published"]),
                "stance": stance,
            }
            head = copies.get(doc, doc)
            if head != doc:
                entry["copy_of"] = head
            entries[doc] = entry
    listed: list[dict[str, Any]] = [entries[d] for d in sorted(entries)]
    if len(listed) > CORROBORATION_LIMIT:
        # a property that grew with the corpus: denials first, then independent reports,
        # then copies; the rest only counted (the statements table links every one)
        ranked = sorted(listed, key=lambda e: (e["stance"] != "denies", "copy_of" in e))
        kept, cut = ranked[:CORROBORATION_LIMIT], ranked[CORROBORATION_LIMIT:]
        listed = sorted(kept, key=lambda e: e["doc_id"])
        listed.append(
            {
                "more_reports": sum(e["stance"] == "reports" for e in cut),
                "more_denials": sum(e["stance"] == "denies" for e in cut),
            }
        )
    return json.dumps(listed, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
