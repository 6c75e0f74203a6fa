"""Coordinates read from layer files: their CRS (reprojected to EPSG:4326) and sanity.

    crs = geojson_crs(data)            # a GeoJSON ``crs`` member (as QGIS writes) or None
    crs = prj_crs(Path("assets.prj"))  # a .prj sidecar, or None when there is none
    geoms = to_wgs84(geoms, crs)       # lon/lat, whatever the input was
    coordinate_problem(geom)           # "latitude 1e+308 out of range" or None

Longitudes are accepted within +-360 (a geometry crossing the antimeridian may run past
+-180), latitudes within +-90; every coordinate must be a finite number.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

WGS84 = CRS.from_epsg(4326)
#: Degrees of longitude accepted (beyond +-180 only for geometries crossing the antimeridian).
MAX_LON = 360.0
MAX_LAT = 90.0


def _crs(value: Any) -> CRS:
    try:
        return CRS.from_user_input(value)
    except (CRSError, TypeError, ValueError) as err:
        raise ValueError(f"unknown CRS {str(value)[:80]!r}") from err


def geojson_crs(data: Mapping[str, Any]) -> CRS | None:
    """The CRS a GeoJSON object names in a (pre-RFC 7946) ``crs`` member, None without one.

    ``{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}`` and the old
    ``{"type": "EPSG", "properties": {"code": 3857}}`` are understood; anything else is a
    ValueError."""
    member = data.get("crs")
    if member is None:
        return None
    if not isinstance(member, Mapping) or not isinstance(member.get("properties"), Mapping):
        raise ValueError("'crs' is not a GeoJSON CRS object")
    props = member["properties"]
    if member.get("type") == "name" and isinstance(props.get("name"), str):
        return _crs(props["name"])
    if member.get("type") == "EPSG" and isinstance(props.get("code"), int | str):
        return _crs(f"EPSG:{props['code']}")
    raise ValueError(f"unsupported 'crs' member of type {str(member.get('type'))[:40]!r}")


def prj_crs(path: Path) -> CRS | None:
    """The CRS of a ``.prj`` sidecar (WKT), None when the file does not exist."""
    try:
        text = path.read_text(encoding="utf-8-sig", errors="strict")
    except FileNotFoundError:
        return None
    return _crs(text.strip())


def is_wgs84(crs: CRS | None) -> bool:
    """True for no CRS, EPSG:4326 and OGC CRS84 (lon/lat either way, as GIS software writes)."""
    if crs is None:
        return True
    if crs.equals(WGS84, ignore_axis_order=True):
        return True
    return crs.to_epsg() == 4326 or (crs.to_authority() or ("", ""))[1] == "CRS84"


def to_wgs84(geoms: gpd.GeoSeries, crs: CRS | None) -> gpd.GeoSeries:
    """``geoms`` (in ``crs``; None means lon/lat) as EPSG:4326 longitude/latitude."""
    if is_wgs84(crs):
        return gpd.GeoSeries(list(geoms), crs="EPSG:4326")
    return gpd.GeoSeries(list(geoms), crs=crs).to_crs("EPSG:4326")


def _num(x: float) -> str:
    return f"{x:.6g}"


def coordinate_problem(geom: Any) -> str | None:
    """What is wrong with a lon/lat geometry's coordinates (not finite, out of range), or
    None when nothing is (an empty or missing geometry is fine)."""
    if geom is None:
        return None
    coords = shapely.get_coordinates(geom)
    if coords.size == 0:
        return None
    finite = np.isfinite(coords)
    if not finite.all():
        bad = coords[~finite.all(axis=1)][0]
        return f"coordinates ({_num(bad[0])}, {_num(bad[1])}) are not finite numbers"
    lon, lat = coords[:, 0], coords[:, 1]
    if (np.abs(lat) > MAX_LAT).any():
        value = float(lat[np.abs(lat) > MAX_LAT][0])
        return f"latitude {_num(value)} out of range (-90..90)"
    if (np.abs(lon) > MAX_LON).any():
        value = float(lon[np.abs(lon) > MAX_LON][0])
        return f"longitude {_num(value)} out of range (-360..360)"
    return None


def invalid_indices(geoms: Any) -> list[int]:
    """Positions of the geometries in ``geoms`` with a :func:`coordinate_problem`."""
    arr = np.array(list(geoms) + [None], dtype=object)[:-1]  # 1-d even for one geometry
    if arr.size == 0:
        return []
    coords, index = shapely.get_coordinates(arr, return_index=True)
    if coords.size == 0:
        return []
    bad = ~np.isfinite(coords).all(axis=1)
    with np.errstate(invalid="ignore"):
        bad |= np.abs(coords[:, 1]) > MAX_LAT
        bad |= np.abs(coords[:, 0]) > MAX_LON
    return sorted({int(i) for i in index[bad]})
