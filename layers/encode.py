"""How the rows and geometries of a layer frame are written out, shared by the layer files
(:mod:`layers.export`) and the statements beside them (:mod:`layers.store`).

- Geometries as RFC 7946 GeoJSON (:func:`geometry_to_geojson`: coordinates rounded to
  :data:`PRECISION` decimals, exterior rings counter-clockwise and holes clockwise, lines and
  polygons crossing the antimeridian split at +-180) or as WKT (:func:`wkt`).
- Rows as plain values in column order (:func:`frame_rows`), and as CSV with the geometry as
  WKT in a last column ``wkt`` (:func:`csv_bytes`, cells neutralised by :mod:`layers.csvio`).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import (
    GeometryCollection,
    LineString,
    MultiLineString,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
    box,
)
from shapely.geometry.base import BaseGeometry

from layers import csvio
from layers.frames import split_unwrapped
from layers.model import COLUMNS
from layers.values import plain_column

__all__ = [
    "PRECISION",
    "antimeridian_safe",
    "cell",
    "csv_bytes",
    "frame_columns",
    "frame_rows",
    "geometry_to_geojson",
    "round_coordinate",
    "wkt",
]

#: Decimals kept in written coordinates (about 0.1 m).
PRECISION = 6


# --------------------------------------------------------------------------- rows


def frame_columns(frame: gpd.GeoDataFrame) -> list[str]:
    geom = frame.geometry.name
    known = [c for c in COLUMNS if c in frame.columns]  # all of them in a layer
    return known + [c for c in frame.columns if c not in COLUMNS and c != geom]


def frame_rows(frame: gpd.GeoDataFrame) -> Iterator[tuple[dict[str, Any], BaseGeometry | None]]:
    cols = frame_columns(frame)
    data = [plain_column(frame[c]) for c in cols]
    geoms = frame.geometry.tolist()
    for i, geom in enumerate(geoms):
        yield dict(zip(cols, [d[i] for d in data], strict=True)), geom


# --------------------------------------------------------------------------- geometry


def round_coordinate(x: float) -> float:
    return round(float(x), PRECISION) + 0.0  # + 0.0: no "-0.0"


def _fix_lon(x: float) -> float:
    return ((x + 180.0) % 360.0) - 180.0 if not -180.0 <= x <= 180.0 else x


def _split_line(coords: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A line split where it crosses the antimeridian (a jump of more than 180 degrees between
    neighbours, or longitudes beyond +-180), each part within [-180, 180]."""
    lons = np.degrees(np.unwrap(np.radians([c[0] for c in coords])))
    lons += -360.0 * math.floor((lons[0] + 180.0) / 360.0)
    line = LineString(list(zip(lons, [c[1] for c in coords], strict=True)))
    minx, _, maxx, _ = line.bounds
    parts: list[list[tuple[float, float]]] = []
    for k in range(math.floor((minx + 180.0) / 360.0), math.floor((maxx + 180.0) / 360.0) + 1):
        piece = line.intersection(box(-180.0 + 360.0 * k, -90.0, 180.0 + 360.0 * k, 90.0))
        for g in getattr(piece, "geoms", [piece]):
            if isinstance(g, LineString) and g.length >= 1e-6:
                parts.append([(x - 360.0 * k, y) for x, y, *_ in g.coords])
    return parts


def antimeridian_safe(geom: BaseGeometry | None) -> BaseGeometry | None:
    """Longitudes back within [-180, 180]: polygons running past +-180 are split into a
    MultiPolygon, lines crossing the antimeridian into a MultiLineString (RFC 7946 3.1.9)."""
    if geom is None or geom.is_empty:
        return geom
    minx, _, maxx, _ = geom.bounds
    if isinstance(geom, Point):
        return Point(_fix_lon(geom.x), geom.y) if not -180 <= geom.x <= 180 else geom
    if isinstance(geom, LineString | MultiLineString):
        lines = [geom] if isinstance(geom, LineString) else list(geom.geoms)
        if -180 <= minx and maxx <= 180 and not any(_jumps(line.coords) for line in lines):
            return geom
        parts = []
        for line in lines:
            parts.extend(_split_line([(x, y) for x, y, *_ in line.coords]))
        return LineString(parts[0]) if len(parts) == 1 else MultiLineString(parts)
    if -180 <= minx and maxx <= 180:
        return geom
    if isinstance(geom, Polygon | MultiPolygon):
        polys: list[Polygon] = []
        for poly in [geom] if isinstance(geom, Polygon) else geom.geoms:
            shift = 360.0 * math.floor((poly.bounds[0] + 180.0) / 360.0)
            ring = [(x - shift, y) for x, y, *_ in poly.exterior.coords]
            split = split_unwrapped(ring)
            if poly.interiors:
                holes = [
                    split_unwrapped([(x - shift, y) for x, y, *_ in r.coords])
                    for r in poly.interiors
                ]
                for hole in holes:
                    split = split.difference(hole)
            polys.extend(getattr(split, "geoms", [split]))
        polys = [p for p in polys if isinstance(p, Polygon) and not p.is_empty]
        return polys[0] if len(polys) == 1 else MultiPolygon(polys)
    if isinstance(geom, MultiPoint):
        return MultiPoint([(_fix_lon(p.x), p.y) for p in geom.geoms])
    if isinstance(geom, GeometryCollection):
        return GeometryCollection([antimeridian_safe(g) for g in geom.geoms])
    return geom


def _jumps(coords: Any) -> bool:
    prev = None
    for c in coords:
        if prev is not None and abs(c[0] - prev) > 180.0:
            return True
        prev = c[0]
    return False


def _position(c: Any) -> list[float]:
    return [round_coordinate(c[0]), round_coordinate(c[1])]


def _positions(coords: Any) -> list[list[float]]:
    """Rounded [lon, lat] positions, consecutive duplicates (after rounding) dropped."""
    arr = np.asarray(coords, dtype=float)
    if arr.size == 0:
        return []
    arr = np.round(arr[:, :2], PRECISION) + 0.0
    if len(arr) > 1:
        keep = np.ones(len(arr), dtype=bool)
        keep[1:] = (arr[1:] != arr[:-1]).any(axis=1)
        arr = arr[keep]
    positions: list[list[float]] = arr.tolist()
    return positions


def _signed_area(ring: list[list[float]]) -> float:
    return sum(
        ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1)
    )


def _ring(coords: Any, ccw: bool) -> list[list[float]] | None:
    ring = _positions(coords)
    if len(ring) >= 2 and ring[0] != ring[-1]:
        ring.append(ring[0])
    if len(ring) < 4:
        return None
    area = _signed_area(ring)
    if (area < 0 and ccw) or (area > 0 and not ccw):
        ring.reverse()
    return ring


def _polygon_coords(poly: Polygon) -> list[list[list[float]]] | None:
    outer = _ring(poly.exterior.coords, ccw=True)
    if outer is None:
        return None
    holes = [_ring(r.coords, ccw=False) for r in poly.interiors]
    return [outer] + [h for h in holes if h is not None]


def geometry_to_geojson(geom: BaseGeometry | None) -> dict[str, Any] | None:
    """A shapely geometry -> an RFC 7946 geometry dict (rounded, wound, antimeridian-split);
    None for a missing or empty geometry."""
    geom = antimeridian_safe(geom)
    if geom is None or geom.is_empty:
        return None
    return _geojson(geom)


def _geojson(geom: BaseGeometry) -> dict[str, Any] | None:
    if isinstance(geom, Point):
        return {"type": "Point", "coordinates": _position(geom.coords[0])}
    if isinstance(geom, LineString):
        coords = _positions(geom.coords)
        if len(coords) < 2:
            return {"type": "Point", "coordinates": coords[0]} if coords else None
        return {"type": "LineString", "coordinates": coords}
    if isinstance(geom, Polygon):
        rings = _polygon_coords(geom)
        return {"type": "Polygon", "coordinates": rings} if rings else None
    if isinstance(geom, MultiPoint):
        return {"type": "MultiPoint", "coordinates": [_position(p.coords[0]) for p in geom.geoms]}
    if isinstance(geom, MultiLineString):
        lines = [c for c in (_positions(g.coords) for g in geom.geoms) if len(c) >= 2]
        return {"type": "MultiLineString", "coordinates": lines} if lines else None
    if isinstance(geom, MultiPolygon):
        polys = [c for c in (_polygon_coords(g) for g in geom.geoms) if c]
        return {"type": "MultiPolygon", "coordinates": polys} if polys else None
    if isinstance(geom, GeometryCollection):
        parts = [g for g in (_geojson(g) for g in geom.geoms if not g.is_empty) if g]
        return {"type": "GeometryCollection", "geometries": parts} if parts else None
    raise ValueError(f"unsupported geometry type {geom.geom_type}")


# --------------------------------------------------------------------------- CSV


def cell(value: Any) -> str:
    """A plain value (see :func:`layers.values.plain_value`) as text."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def wkt(geom: BaseGeometry | None) -> str:
    geom = antimeridian_safe(geom)
    if geom is None or geom.is_empty:
        return ""
    return shapely.to_wkt(geom, rounding_precision=PRECISION, trim=True)


def _csv_text(value: Any) -> str:
    """A plain value as a CSV cell: text neutralised (no live formula), numbers as numbers."""
    return csvio.neutralise(value) if type(value) is str else cell(value)


def csv_bytes(frame: gpd.GeoDataFrame, layer: str) -> bytes:
    out = io.StringIO()
    cols = frame_columns(frame)
    out.write(csvio.row([*(csvio.neutralise(c) for c in cols), "wkt"]))
    for props, geom in frame_rows(frame):
        out.write(csvio.row([_csv_text(props[c]) for c in cols] + [wkt(geom)]))
    return out.getvalue().encode("utf-8")
