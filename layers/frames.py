"""Features -> one GeoDataFrame per layer, with corroboration counts and range rings.

    frames = features_to_frames(features)   # {"assets": gdf, "incidents": gdf, "disputes": gdf}

Every frame has the columns of :data:`layers.model.COLUMNS` in that order, then ``geometry``,
is in EPSG:4326 and is sorted by (doc_id, start, kind, subject, feature_id), so the same
features always give the same frames.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from layers._dates import precision_of
from layers.copies import copy_clusters
from layers.model import COLUMNS, LAYERS, Feature

CRS = "EPSG:4326"
INT_COLUMNS = ("quote_start", "start", "end", "corroboration")
FLOAT_COLUMNS = ("confidence", "range_km")
STR_COLUMNS = tuple(c for c in COLUMNS if c not in INT_COLUMNS and c not in FLOAT_COLUMNS)
#: The value a missing column is filled with (e.g. when reading a layer edited elsewhere).
DEFAULTS: dict[str, Any] = {
    **dict.fromkeys(STR_COLUMNS, ""),
    **dict.fromkeys(INT_COLUMNS, 0),
    "confidence": 0.5,
    "range_km": 0.0,
    "corroboration": 1,
    "corroborated_by": "[]",
    "status": "reported",
    "date_precision": "unknown",
}
#: Feature.extra key of the document fingerprint (:func:`layers.copies.fingerprint`).
FINGERPRINT = "doc_fingerprint"
SORT_KEY = ("doc_id", "start", "kind", "subject", "feature_id")

RING_KIND = "range ring"
RING_SEGMENTS = 128
# Half the WGS84 meridian circumference, a little rounded down: a larger "circle" is the globe.
_HALF_EARTH_M = 20_003_000.0
# Pieces thinner than this (degrees) vanish at the 6 decimals of the exports: dropped.
_SLIVER = 1e-6


# --------------------------------------------------------------------------- identifiers


def feature_id_for(doc_id: str, start: int, layer: str, kind: str, subject: str) -> str:
    """The stable id of a feature: a hash of where it was said and what it is."""
    key = f"{doc_id}|{int(start)}|{layer}|{kind}|{subject}"  # as layers.extract.feature_id
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- subject keys

_ARTICLES = frozenset("the a an some several many few about around nearly almost over".split())
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve dozen dozens hundred
    hundreds thousand thousands million additional more extra new""".split()
)
# Generic heads dropped after a designator: "S-300 batteries" ~ "S-300 systems" ~ "S-300".
_GENERIC_HEADS = frozenset("system battery unit launcher platform complex vehicle".split())
_NOT_PLURAL = frozenset(
    "us gas bus class pass press chassis series species aircraft fleet ss is has was its".split()
)


def _singular(word: str) -> str:
    if len(word) <= 3 or word in _NOT_PLURAL or not word.isalpha():
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
    words = text.split()
    while words and (
        words[0] in _ARTICLES or words[0] in _NUMBER_WORDS or re.fullmatch(r"[\d.,]+", words[0])
    ):
        words.pop(0)
    words = [_singular(w) for w in words]
    while len(words) > 1 and words[-1] in _GENERIC_HEADS:
        words.pop()
    return " ".join(words)


# --------------------------------------------------------------------------- range rings


def _km_label(range_km: float) -> str:
    if float(range_km).is_integer():
        return str(int(range_km))
    return f"{range_km:.1f}".rstrip("0").rstrip(".")


def ring_subject(subject: str, range_km: float) -> str:
    return f"{subject} nominal range ({_km_label(range_km)} km)"


def _unwrap(lons: np.ndarray) -> np.ndarray:
    """Longitudes made continuous (no jump over 180 degrees between neighbours)."""
    return np.degrees(np.unwrap(np.radians(lons)))


def split_unwrapped(coords: Sequence[tuple[float, float]]) -> BaseGeometry:
    """A ring whose longitudes may run past +-180 -> a Polygon or a MultiPolygon split at +-180."""
    poly = Polygon(coords)
    if not poly.is_valid:
        poly = poly.buffer(0)
    minx, _, maxx, _ = poly.bounds
    if -180.0 <= minx and maxx <= 180.0:
        return poly
    parts: list[Polygon] = []
    for k in range(math.floor((minx + 180.0) / 360.0), math.floor((maxx + 180.0) / 360.0) + 1):
        piece = poly.intersection(box(-180.0 + 360.0 * k, -90.0, 180.0 + 360.0 * k, 90.0))
        for geom in getattr(piece, "geoms", [piece]):
            if not isinstance(geom, Polygon) or geom.is_empty:
                continue
            gx0, gy0, gx1, gy1 = geom.bounds
            if gx1 - gx0 >= _SLIVER and gy1 - gy0 >= _SLIVER:  # else gone once rounded
                shifted = Polygon(
                    [(x - 360.0 * k, y) for x, y in geom.exterior.coords],
                    [[(x - 360.0 * k, y) for x, y in r.coords] for r in geom.interiors],
                )
                parts.append(shifted)
    if len(parts) == 1:
        return parts[0]
    return MultiPolygon(sorted(parts, key=lambda p: p.bounds))


def _pole_cap(lons: np.ndarray, lats: np.ndarray, pole: float) -> Polygon:
    """A circle around a pole: its boundary meets every meridian once; cap it at the pole."""
    lons = ((lons + 180.0) % 360.0) - 180.0
    order = np.argsort(lons, kind="stable")
    lons, lats = lons[order], lats[order]
    # Latitude where the boundary crosses the antimeridian, interpolated between the ends.
    gap = (lons[0] + 360.0) - lons[-1]
    t = (180.0 - lons[-1]) / gap if gap > 0 else 0.0
    lat_x = float(lats[-1] + t * (lats[0] - lats[-1]))
    coords = [(-180.0, lat_x)]
    coords += [(float(x), float(y)) for x, y in zip(lons, lats, strict=False) if -180.0 < x < 180.0]
    coords += [(180.0, lat_x), (180.0, pole), (-180.0, pole), (-180.0, lat_x)]
    poly = Polygon(coords)
    return poly if poly.is_valid else poly.buffer(0)


def geodesic_circle(lon: float, lat: float, radius_km: float, *, segments: int = RING_SEGMENTS):
    """A geodesic circle on WGS84 as a lon/lat (Multi)Polygon, valid in RFC 7946 terms.

    Circles crossing the antimeridian are split into a MultiPolygon at +-180; a circle that
    contains a pole becomes one polygon capped at +-90 latitude.
    """
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    radius = float(radius_km) * 1000.0
    if radius >= _HALF_EARTH_M:
        return box(-180.0, -90.0, 180.0, 90.0)
    az = np.linspace(0.0, 360.0, segments, endpoint=False)
    lons, lats, _ = geod.fwd(
        np.full(segments, float(lon)), np.full(segments, float(lat)), az, np.full(segments, radius)
    )
    lons, lats = np.asarray(lons, dtype=float), np.clip(np.asarray(lats, dtype=float), -90, 90)
    _, _, to_north = geod.inv(lon, lat, lon, 90.0)
    _, _, to_south = geod.inv(lon, lat, lon, -90.0)
    north, south = to_north < radius, to_south < radius
    if north and south:
        # The boundary is a small circle around the antipode: the disc is the rest of the globe.
        hole = split_unwrapped(np.column_stack([_unwrap(lons), lats]))
        return box(-180.0, -90.0, 180.0, 90.0).difference(hole)
    if north or south:
        return _pole_cap(lons, lats, 90.0 if north else -90.0)
    return split_unwrapped(np.column_stack([_unwrap(lons), lats]))


def _centre(geometry: BaseGeometry) -> Point | None:
    if geometry is None or geometry.is_empty:
        return None
    if isinstance(geometry, Point):
        return geometry
    return (
        geometry.representative_point()
        if geometry.geom_type.endswith("Polygon")
        else (geometry.centroid)
    )


def _range_rings(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One ring row per (subject, place, range) among asset rows with ``range_km > 0``; the
    ring keeps the provenance of the first such row."""
    rings: list[dict[str, Any]] = []
    seen: set[tuple[str, str, float]] = set()
    for row in rows:
        if row["layer"] != "assets" or row["kind"] == RING_KIND:
            continue
        try:
            range_km = float(row["range_km"])
        except (TypeError, ValueError):
            continue
        if not (range_km > 0 and math.isfinite(range_km)):
            continue
        key = (subject_key(row["subject"]), _place_key(row), range_km)
        if key in seen:
            continue
        centre = _centre(row["geometry"])
        if centre is None:
            continue
        seen.add(key)
        subject = ring_subject(row["subject"], range_km)
        ring = dict(row)
        ring.update(
            kind=RING_KIND,
            subject=subject,
            geometry=geodesic_circle(centre.x, centre.y, range_km),
            range_km=range_km,
            feature_id=feature_id_for(row["doc_id"], row["start"], "assets", RING_KIND, subject),
        )
        rings.append(ring)
    return rings


# --------------------------------------------------------------------------- corroboration


def _place_key(row: dict[str, Any]) -> str:
    return row["gazetteer_id"] or str(row["place"]).casefold()


@functools.lru_cache(maxsize=65536)
def system_of(subject: str) -> str:
    """The canonical name of the named system a subject is about ("F-35 stealth fighters"
    -> "F-35"), from the equipment of :func:`layers.lexicon.load_lexicon`; "" for force words
    and ship names."""
    from layers.lexicon import ASSET, load_lexicon

    lex = load_lexicon()
    for m in lex.scan(subject):
        term = m.term
        if term.channel == ASSET and not term.generic and term.name not in lex.ship_prefixes:
            return term.name
    return ""


def fact_subject_key(subject: str, system: str = "") -> str:
    """What a statement is about, for corroboration: a named system keys on its canonical
    name (``system``, else the equipment named in ``subject``), so "F-35 fighter jets",
    "F-35 stealth fighters", "F-35s" and "F-35A" are one subject; anything else on
    :func:`subject_key`."""
    system = system or system_of(subject)
    if system:
        return "system:" + subject_key(system)
    return subject_key(subject)


#: How far apart two point statements may be and still be at the same place (km), by
#: location_precision; other precisions (area, country) match on the gazetteer id only.
PLACE_RADIUS_KM = {"exact": 25.0, "offset": 50.0}
#: Status classes: statements support only statements of their own class. A denial
#: contradicts the present class ("reported", "planned", and "disputed" when read back).
_STATUS_CLASS = {"reported": "present", "planned": "present", "disputed": "present"}
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
DATE_WINDOW_DAYS = 3


def _status_class(status: str) -> str:
    return _STATUS_CLASS.get(status, status)


def _stance(status: str) -> str:
    return "denies" if status == "denied" else "reports"


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _site(row: dict[str, Any]) -> tuple[str, str, float, float]:
    """(place key, location precision, lon, lat) of a row; lon/lat NaN when not a point."""
    precision = str(row.get("location_precision") or "")
    lon = lat = float("nan")
    if precision in PLACE_RADIUS_KM:
        centre = _centre(row["geometry"])
        if centre is not None:
            lon, lat = round(centre.x, 6), round(centre.y, 6)
    return (_place_key(row), precision, lon, lat)


def _same_place(a: tuple[str, str, float, float], b: tuple[str, str, float, float]) -> bool:
    if a[0] == b[0]:
        return True
    if a[1] not in PLACE_RADIUS_KM or b[1] not in PLACE_RADIUS_KM:
        return False
    if math.isnan(a[2]) or math.isnan(b[2]):
        return False
    radius = max(PLACE_RADIUS_KM[a[1]], PLACE_RADIUS_KM[b[1]])
    return _haversine_km((a[2], a[3]), (b[2], b[3])) <= radius


def _when(row: dict[str, Any]) -> tuple[str, int]:
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


def _corroborate(
    rows: list[dict[str, Any]],
    systems: dict[str, str] | None = None,
    copies: dict[str, str] | None = None,
) -> None:
    """Set ``corroboration``, ``corroborated_by`` and (for contradicted statements)
    ``status`` of every row, in place.

    Two statements of different documents are about the same fact when they are in the same
    layer, about the same subject (:func:`fact_subject_key`; ``systems`` maps feature ids to
    the named system their extractor saw), at the same place (:func:`_same_place`) and at
    compatible dates (:func:`same_time`). Of those, statements of the same status class
    support each other (reported and planned together; historical, possible and denied each
    with their own kind only); a denial and a reported or planned statement contradict each
    other: the reported/planned one becomes "disputed", and both list the other with its
    ``stance`` ("reports" or "denies"). ``corroboration`` counts the independent sources
    supporting a statement, its own included: documents in ``copies`` (doc_id -> the document
    standing for its cluster of near-identical copies) count once; ``corroborated_by`` lists
    every other document, copies with ``copy_of``.
    """
    systems = systems or {}
    copies = copies or {}
    docs: dict[str, dict[str, str]] = {}
    buckets: dict[tuple[str, str], list[int]] = {}
    sites: list[tuple[str, str, float, float]] = []
    whens: list[tuple[str, int]] = []
    for i, row in enumerate(rows):
        key = (row["layer"], fact_subject_key(row["subject"], systems.get(row["feature_id"], "")))
        buckets.setdefault(key, []).append(i)
        sites.append(_site(row))
        whens.append(_when(row))
        if row["doc_id"] not in docs:
            docs[row["doc_id"]] = {
                "doc_id": row["doc_id"],
                "title": row["doc_title"],
                "url": row["doc_url"],
                "published": row["published"],
            }
    statuses = [str(r["status"]) for r in rows]
    for members in buckets.values():
        rendered: dict[tuple, tuple[int, str, bool]] = {}
        # statements at each site, and which sites are the same place (once per pair)
        by_site: dict[tuple, list[int]] = {}
        for i in members:
            by_site.setdefault(sites[i], []).append(i)
        site_list = list(by_site)
        near = {s: [t for t in site_list if t == s or _same_place(s, t)] for s in site_list}
        for i in members:
            row = rows[i]
            doc, cls = row["doc_id"], _status_class(statuses[i])
            sig = (sites[i], whens[i], doc, cls)
            done = rendered.get(sig)
            if done is None:
                listed: set[tuple[str, str]] = set()
                sources = {copies.get(doc, doc)}
                contradicted = False
                for site in near[sites[i]]:
                    for j in by_site[site]:
                        other = rows[j]["doc_id"]
                        if other == doc or not same_time(whens[i], whens[j]):
                            continue
                        ocls = _status_class(statuses[j])
                        if ocls == cls:
                            sources.add(copies.get(other, other))
                            listed.add((other, _stance(statuses[j])))
                        elif {cls, ocls} == {"present", "denied"}:
                            contradicted = contradicted or cls == "present"
                            listed.add((other, _stance(statuses[j])))
                entries = []
                for other, stance in sorted(listed):
                    entry = {**docs[other], "stance": stance}
                    head = copies.get(other, other)
                    if head != other:
                        entry["copy_of"] = head
                    entries.append(entry)
                text = json.dumps(
                    entries, ensure_ascii=False, sort_keys=True, separators=(",", ":")
                )
                done = (len(sources), text, contradicted)
                rendered[sig] = done
            row["corroboration"], row["corroborated_by"], contradicted = done
            if contradicted:
                row["status"] = "disputed"


# --------------------------------------------------------------------------- frames


def _sort_key(row: dict[str, Any]) -> tuple:
    return (row["doc_id"], int(row["start"]), row["kind"], row["subject"], row["feature_id"])


def empty_frame() -> gpd.GeoDataFrame:
    """A layer with no rows, with the right columns and dtypes."""
    return _frame({c: [] for c in COLUMNS}, [])


def _frame(columns: dict[str, list], geometry: list) -> gpd.GeoDataFrame:
    data = {}
    for col in COLUMNS:
        values = columns[col]
        if col in INT_COLUMNS:
            data[col] = pd.Series(values, dtype="int64")
        elif col in FLOAT_COLUMNS:
            data[col] = pd.Series(values, dtype="float64")
        else:
            data[col] = pd.Series(values, dtype="str")
    geoms = gpd.GeoSeries(geometry, crs=CRS)
    return gpd.GeoDataFrame(data, geometry=geoms, crs=CRS)


_FIELDS = (*COLUMNS, "geometry")


def features_to_frames(features: Iterable[Feature]) -> dict[str, gpd.GeoDataFrame]:
    """One GeoDataFrame per layer of :data:`LAYERS` (always all of them; empty ones included).

    Features without a ``feature_id`` get one; duplicates (same id) are kept once. Range rings
    are added to the assets layer for assets with ``range_km > 0``; every feature gets its
    corroboration count and the list of the other documents reporting or denying the same
    fact (see :func:`_corroborate`; ``extra["system"]`` and ``extra["doc_fingerprint"]`` of
    the features are used there). The features themselves are not modified.
    """
    unique: dict[str, dict[str, Any]] = {}
    systems: dict[str, str] = {}
    fingerprints: dict[str, Any] = {}
    for f in features:
        if f.layer not in LAYERS:
            raise ValueError(f"unknown layer {f.layer!r} (expected one of {', '.join(LAYERS)})")
        row = {c: getattr(f, c) for c in _FIELDS}
        if not row["feature_id"]:
            row["feature_id"] = feature_id_for(f.doc_id, f.start, f.layer, f.kind, f.subject)
        if row["feature_id"] not in unique:
            unique[row["feature_id"]] = row
            extra = f.extra or {}
            if extra.get("system"):
                systems[row["feature_id"]] = str(extra["system"])
            fp = extra.get(FINGERPRINT)
            if fp and f.doc_id not in fingerprints:
                fingerprints[f.doc_id] = fp
    ordered = sorted(unique.values(), key=_sort_key)
    published = {r["doc_id"]: str(r["published"] or "") for r in ordered}
    copies = copy_clusters({d: fingerprints.get(d) for d in published}, published)
    _corroborate(ordered, systems, copies)
    rings = [r for r in _range_rings(ordered) if r["feature_id"] not in unique]
    if rings:
        ordered = sorted(ordered + rings, key=_sort_key)

    frames = {}
    for layer in LAYERS:
        rows = [r for r in ordered if r["layer"] == layer]
        columns = {c: [r[c] for r in rows] for c in COLUMNS}
        frames[layer] = _frame(columns, [r["geometry"] for r in rows])
    return frames


def conform(frame: pd.DataFrame, layer: str) -> gpd.GeoDataFrame:
    """Make a frame read from elsewhere look like ours: every column of COLUMNS (missing ones
    filled with defaults, numbers coerced), extra columns kept after them, EPSG:4326."""
    active = getattr(frame, "_geometry_column_name", None)
    if not isinstance(frame, gpd.GeoDataFrame) or active not in frame.columns:
        plain = pd.DataFrame(frame).drop(columns=["geometry"], errors="ignore")
        frame = gpd.GeoDataFrame(
            plain, geometry=gpd.GeoSeries([None] * len(plain), index=plain.index), crs=CRS
        )
    if _conformant(frame, layer):
        return frame
    gdf = frame
    if gdf.crs is None:
        gdf = gdf.set_crs(CRS)
    elif not gdf.crs.equals(CRS) and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(CRS)
    geometry = gdf.geometry.reset_index(drop=True)
    n = len(gdf)
    data: dict[str, pd.Series] = {}
    for col in COLUMNS:
        default = DEFAULTS[col] if col != "layer" else layer
        if col in gdf.columns:
            raw = gdf[col].reset_index(drop=True)
        else:
            raw = pd.Series([default] * n)
        if col in INT_COLUMNS:
            num = pd.to_numeric(raw, errors="coerce")
            data[col] = num.where(np.isfinite(num), default).round().astype("int64")
        elif col in FLOAT_COLUMNS:  # NaN stays NaN (unknown; null in GeoJSON)
            data[col] = pd.to_numeric(raw, errors="coerce").astype("float64")
        else:
            values = [default if _missing(v) else str(v) for v in raw]
            if col == "date_precision":  # a layer written before the column: from the date
                if col not in gdf.columns:
                    raw = pd.Series([None] * n)
                values = [
                    precision_of(d) if _missing(v) else str(v)
                    for v, d in zip(raw, data["date"], strict=True)
                ]
            if col == "layer":
                values = [v or layer for v in values]
            data[col] = pd.Series(values, dtype="str")
    extra = [c for c in gdf.columns if c not in COLUMNS and c != gdf.geometry.name]
    for col in extra:
        data[col] = gdf[col].reset_index(drop=True)
    out = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geometry.values, crs=CRS), crs=CRS)
    missing_id = out["feature_id"] == ""
    if missing_id.any():
        out.loc[missing_id, "feature_id"] = [
            feature_id_for(r.doc_id, r.start, r.layer, r.kind, r.subject)
            for r in out.loc[missing_id].itertuples()
        ]
    return out


def _conformant(frame: gpd.GeoDataFrame, layer: str) -> bool:
    """Already what :func:`conform` would make (e.g. straight from features_to_frames)."""
    if tuple(frame.columns) != _FIELDS or frame.geometry.name != "geometry":
        return False
    if (
        frame.crs is None
        or frame.crs.to_epsg() != 4326
        or not frame.index.equals(pd.RangeIndex(len(frame)))
    ):
        return False
    for col in COLUMNS:
        dtype = frame[col].dtype
        if col in INT_COLUMNS:
            if dtype != "int64":
                return False
        elif col in FLOAT_COLUMNS:
            if dtype != "float64":
                return False
        elif dtype != "str" or frame[col].isna().any():
            return False
    return bool((frame["layer"] == layer).all()) and bool((frame["feature_id"] != "").all())


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
