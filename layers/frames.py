"""Features -> one GeoDataFrame per layer, with corroboration counts and range rings.

    frames = features_to_frames(features)   # {"assets": gdf, "incidents": gdf, "disputes": gdf}

Every frame has the columns of :data:`layers.model.COLUMNS` in that order, then ``geometry``,
is in EPSG:4326 and is sorted by (doc_id, start, kind, subject, feature_id), so the same
features always give the same frames. A row is a fact (:mod:`layers.facts`); the statements
that say it come with the frames (:class:`LayerFrames`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

from layers._dates import precision_of
from layers.copies import copy_clusters
from layers.facts import centre, group_facts, subject_key
from layers.model import COLUMNS, LAYERS, STATUSES, Feature, feature_id
from layers.spill import RowStore, StatementList

CRS = "EPSG:4326"
INT_COLUMNS = ("quote_start", "start", "end", "corroboration", "sources", "statements")
FLOAT_COLUMNS = ("confidence", "range_km")
STR_COLUMNS = tuple(c for c in COLUMNS if c not in INT_COLUMNS and c not in FLOAT_COLUMNS)
#: The value a missing column is filled with (e.g. when reading a layer edited elsewhere).
DEFAULTS: dict[str, Any] = {
    **dict.fromkeys(STR_COLUMNS, ""),
    **dict.fromkeys(INT_COLUMNS, 0),
    "confidence": 0.5,
    "range_km": 0.0,
    "corroboration": 1,
    "sources": 1,
    "statements": 1,
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


def _km_label(range_km: float) -> str:
    if float(range_km).is_integer():
        return str(int(range_km))
    return f"{range_km:.1f}".rstrip("0").rstrip(".")


def ring_subject(subject: str, range_km: float) -> str:
    return f"{subject} nominal range ({_km_label(range_km)} km)"


def _unwrap(lons: np.ndarray) -> np.ndarray:
    """Longitudes made continuous (no jump over 180 degrees between neighbours)."""
    out: np.ndarray = np.degrees(np.unwrap(np.radians(lons)))
    return out


def split_unwrapped(coords: Sequence[tuple[float, float]] | np.ndarray) -> BaseGeometry:
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
    return MultiPolygon(sorted(parts, key=lambda p: tuple(p.bounds)))  # type: ignore[union-attr]


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


def geodesic_circle(
    lon: float, lat: float, radius_km: float, *, segments: int = RING_SEGMENTS
) -> BaseGeometry:
    """A geodesic circle on WGS84 as a lon/lat (Multi)Polygon, valid in RFC 7946 terms.

    Circles crossing the antimeridian are split into a MultiPolygon at +-180; a circle that
    contains a pole becomes one polygon capped at +-90 latitude.
    """
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
        key = (
            subject_key(row["subject"]),
            row["gazetteer_id"] or row["place"].casefold(),
            range_km,
        )
        if key in seen:
            continue
        point = centre(row["geometry"])
        if point is None:
            continue
        seen.add(key)
        subject = ring_subject(row["subject"], range_km)
        ring = dict(row)
        ring.update(
            kind=RING_KIND,
            subject=subject,
            geometry=geodesic_circle(point.x, point.y, range_km),
            range_km=range_km,
            feature_id=feature_id(row["doc_id"], row["start"], "assets", RING_KIND, subject),
        )
        ring["fact_id"] = ring["feature_id"]  # a ring is drawn from a fact, not stated
        rings.append(ring)
    return rings


# --------------------------------------------------------------------------- frames


def _sort_key(row: Any) -> tuple[Any, ...]:
    return (row["doc_id"], int(row["start"]), row["kind"], row["subject"], row["feature_id"])


def empty_frame() -> gpd.GeoDataFrame:
    """A layer with no rows, with the right columns and dtypes."""
    return _frame({c: [] for c in COLUMNS}, [])


def _frame(columns: dict[str, list[Any]], geometry: list[Any]) -> gpd.GeoDataFrame:
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


class LayerFrames(dict):  # type: ignore[type-arg]
    """The layers (layer name -> GeoDataFrame of facts), and ``statements``: one dict per
    statement (its columns, ``geometry``, ``fact_id``, ``stance``, ``system``), sorted (a
    :class:`layers.spill.StatementList`, read from disk when large, or a list).
    :meth:`close` removes what was spilled to disk."""

    statements: Sequence[dict[str, Any]]
    #: doc_id -> {"sha256", "fingerprint"}: the manifest's documents (set by the pipeline)
    documents: Mapping[str, dict[str, Any]]
    #: fact id -> (first_seen, last_seen) run dates, for a set kept up to date
    seen: dict[str, tuple[str, str]]

    def __init__(
        self, frames: dict[str, gpd.GeoDataFrame], statements: Sequence[dict[str, Any]]
    ) -> None:
        super().__init__(frames)
        self.statements = statements
        self.documents = {}
        self.seen = {}

    def close(self) -> None:
        """Remove the temporary files of the statements and documents (after writing)."""
        for part in (self.statements, self.documents):
            close = getattr(part, "close", None)
            if callable(close):
                close()


def statement_row(f: Feature) -> dict[str, Any]:
    """The row of one extracted statement (a :class:`Feature`), with an id."""
    row = {c: getattr(f, c) if hasattr(f, c) else DEFAULTS[c] for c in _FIELDS}
    if not row["feature_id"]:
        row["feature_id"] = feature_id(f.doc_id, f.start, f.layer, f.kind, f.subject)
    return row


def features_to_frames(
    features: Iterable[Feature], *, statuses: Iterable[str] | None = None
) -> LayerFrames:
    """One GeoDataFrame of facts per layer of :data:`LAYERS` (always all of them; empty
    ones included), and the statements they group (:class:`LayerFrames`).

    Each feature is a statement; statements without a ``feature_id`` get one; duplicates
    (same id) are kept once. Statements saying the same thing are one fact (see
    :mod:`layers.facts`; ``extra["system"]`` and ``extra["doc_fingerprint"]`` of the
    features are used there). Range rings are added to the assets layer for assets with
    ``range_km > 0``. The features themselves are not modified.
    """
    unique: dict[str, dict[str, Any]] = {}
    systems: dict[str, str] = {}
    fingerprints: dict[str, Any] = {}
    for f in features:
        if f.layer not in LAYERS:
            raise ValueError(f"unknown layer {f.layer!r} (expected one of {', '.join(LAYERS)})")
        row = statement_row(f)
        if row["feature_id"] not in unique:
            unique[row["feature_id"]] = row
            extra = f.extra or {}
            if extra.get("system"):
                systems[row["feature_id"]] = str(extra["system"])
            fp = extra.get(FINGERPRINT)
            if fp and f.doc_id not in fingerprints:
                fingerprints[f.doc_id] = fp
    return rows_to_frames(list(unique.values()), systems, fingerprints, statuses=statuses)


def rows_to_frames(
    rows: list[dict[str, Any]] | RowStore,
    systems: dict[str, str],
    fingerprints: Any,
    *,
    track: Callable[[list[dict[str, Any]]], dict[str, tuple[str, str]]] | None = None,
    statuses: Iterable[str] | None = None,
) -> LayerFrames:
    """Frames of facts from statement rows (see :func:`features_to_frames`); ``fingerprints``
    has ``get(doc_id)`` (a dict, or a view of the manifest's table). ``track``, for
    layers kept up to date, gives fact id -> (first_seen, last_seen) from the statements.
    ``statuses``: the fact statuses the layers keep (default: all; see
    :func:`check_statuses`); every statement is kept either way."""
    wanted = check_statuses(statuses)
    # grouping reads each row's RowKey; whole rows are loaded for the facts and as the
    # statements are written (they may be spilled to disk: see layers.spill)
    store = rows if isinstance(rows, RowStore) else RowStore.of(rows)
    ordered = sorted(store.keys, key=_sort_key)
    published = {r["doc_id"]: str(r["published"] or "") for r in ordered}
    copies = copy_clusters({d: fingerprints.get(d) for d in published}, published)
    facts, statements = group_facts(ordered, systems, copies, load=store.load)
    for st in statements:
        st.system = systems.get(st.feature_id, "")
    seen = track(statements) if track is not None else {}
    if seen:
        for fact in facts:
            fact["first_seen"], fact["last_seen"] = seen.get(fact["fact_id"], ("", ""))
    facts = [f for f in facts if f["status"] in wanted]
    facts.sort(key=_sort_key)
    statements.sort(key=_sort_key)
    rings = _range_rings(facts)
    if rings:
        facts = sorted(facts + rings, key=_sort_key)
    frames = {}
    for layer in LAYERS:
        layer_rows = [r for r in facts if r["layer"] == layer]
        columns = {c: [r[c] for r in layer_rows] for c in COLUMNS}
        frames[layer] = _frame(columns, [r["geometry"] for r in layer_rows])
    out = LayerFrames(frames, StatementList(statements, store))
    out.seen = seen
    return out


def check_statuses(statuses: Iterable[str] | None) -> frozenset[str]:
    """The set of fact statuses to keep (``None``: all of :data:`layers.model.STATUSES`);
    an unknown one is a ValueError naming it and the valid ones."""
    if statuses is None:
        return frozenset(STATUSES)
    wanted = frozenset(statuses)
    unknown = sorted(wanted - set(STATUSES))
    if unknown:
        msg = f"unknown status {unknown[0]!r} (expected any of {', '.join(STATUSES)})"
        raise ValueError(msg)
    return wanted


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
    gdf: gpd.GeoDataFrame = frame
    crs: Any = gdf.crs
    if crs is None:
        gdf = gdf.set_crs(CRS)
    elif not crs.equals(CRS) and crs.to_epsg() != 4326:
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
            feature_id(r.doc_id, r.start, r.layer, r.kind, r.subject)
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
