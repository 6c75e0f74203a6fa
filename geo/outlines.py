"""Country outlines from Natural Earth 10m admin-0 countries (public domain).

    from geo.outlines import country_outlines, country_shapes
    fc = country_outlines()                 # simplified GeoJSON FeatureCollection for maps
    country_shapes()["UA"].contains(point)  # full-resolution shapely geometries

The shapefile ships in ``geo/data/ne_10m_admin_0_countries.zip`` (Natural Earth's German
point-of-view edition, v5.1.1; its attribute table cut down to the columns read here by
``tools/make_geodata.py``; see ``geo/data/SOURCES.md``).

Natural Earth has ``ISO_A2 == "-99"`` for some features (France, Norway, Kosovo, sovereign
base areas...). Their code is taken from ``ISO_A2_EH`` when it has one, else from the
sovereign state (``SOVEREIGNT``: Akrotiri and Dhekelia give GB, Guantanamo Bay gives CU).
Features without any code (Bir Tawil, Spratly Islands, Scarborough Reef) have
``iso_a2 == ""`` in the outlines and are left out of :func:`country_shapes`.

Reading takes about 0.4 s (pyogrio, imported only when needed); results are cached.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import os
from importlib import resources
from typing import TYPE_CHECKING, Any

from geo.errors import ConfigurationError, GazetteerError

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = ["country_outlines", "country_shapes", "natural_earth_path"]

logger = logging.getLogger(__name__)

_ZIP_NAME = "ne_10m_admin_0_countries.zip"
_FIELDS = ["ISO_A2", "ISO_A2_EH", "ADM0_A3", "ADMIN", "NAME", "SOVEREIGNT"]
_PRECISION = 4  # decimals kept in outline coordinates (about 11 m)


def natural_earth_path() -> str:
    """Path of the Natural Earth countries zip shipped in ``geo/data``."""
    path = str(resources.files("geo") / "data" / _ZIP_NAME)
    if not os.path.isfile(path):  # pragma: no cover - shipped with the package
        raise GazetteerError(f"{path}: Natural Earth countries file is missing")
    return path


def country_outlines(*, tolerance: float = 0.05) -> dict[str, Any]:
    """Simplified country outlines as a GeoJSON FeatureCollection (lon/lat, RFC 7946).

    Args:
        tolerance: simplification tolerance in degrees (shapely ``simplify`` with
            ``preserve_topology=True``); 0 keeps every vertex.

    Each feature has properties ``iso_a2`` (ISO 3166-1 alpha-2, "XK" for Kosovo, "" when
    there is none) and ``name``; features are sorted by ``iso_a2`` then ``name``.
    Geometries are valid (Multi)Polygons, exterior rings counter-clockwise, coordinates
    rounded to 4 decimals. A new dict is returned on every call (the work is cached).
    """
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)):
        raise ConfigurationError(f"tolerance must be a number of degrees, got {tolerance!r}")
    if not math.isfinite(tolerance) or tolerance < 0:
        raise ConfigurationError(f"tolerance must be a finite number >= 0, got {tolerance!r}")
    out: dict[str, Any] = json.loads(_outlines_json(float(tolerance)))
    return out


def country_shapes() -> dict[str, BaseGeometry]:
    """Full-resolution country geometries by ISO 3166-1 alpha-2 code (cached, prepared).

    Features sharing a code (France and Clipperton Island...) are merged. Geometries are
    valid and prepared (``shapely.prepare``) for fast ``contains`` tests.
    """
    return dict(_shapes())


@functools.lru_cache(maxsize=1)
def _features() -> tuple[tuple[str, str, BaseGeometry], ...]:
    """(iso_a2, name, valid full-resolution geometry) for every Natural Earth feature."""
    import shapely
    from pyogrio.raw import read

    path = natural_earth_path()
    try:
        meta, _fids, wkb, columns = read(f"/vsizip/{path}", columns=_FIELDS, encoding="UTF-8")
    except Exception as err:  # pyogrio/GDAL errors have no common base class
        raise GazetteerError(f"{path}: cannot read Natural Earth countries: {err}") from err
    rec = {name: list(values) for name, values in zip(meta["fields"], columns, strict=True)}
    geoms = shapely.from_wkb(wkb)

    def code(value: Any) -> str:
        value = (value or "").strip().upper()
        return value if len(value) == 2 and value.isalpha() else ""

    by_admin = {
        admin: code(iso)
        for admin, iso in zip(rec["ADMIN"], rec["ISO_A2"], strict=True)
        if code(iso)
    }
    out = []
    for i, geom in enumerate(geoms):
        iso = code(rec["ISO_A2"][i]) or code(rec["ISO_A2_EH"][i])
        if not iso:
            iso = by_admin.get(rec["SOVEREIGNT"][i], "")
            if iso:
                logger.debug("%s: ISO code %s from its sovereign state", rec["NAME"][i], iso)
        if geom is None or geom.is_empty:
            continue
        if not geom.is_valid:
            geom = _polygonal(shapely.make_valid(geom))
        out.append((iso, str(rec["NAME"][i]), geom))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _shapes() -> dict[str, BaseGeometry]:
    import shapely

    parts: dict[str, list[BaseGeometry]] = {}
    for iso, _name, geom in _features():
        if iso:
            parts.setdefault(iso, []).append(geom)
    shapes = {}
    for iso in sorted(parts):
        geoms = parts[iso]
        geom = geoms[0] if len(geoms) == 1 else _polygonal(shapely.union_all(geoms))
        shapely.prepare(geom)
        shapes[iso] = geom
    return shapes


@functools.lru_cache(maxsize=8)
def _outlines_json(tolerance: float) -> str:
    import shapely
    from shapely.geometry import mapping
    from shapely.geometry.polygon import orient

    features = []
    for iso, name, geom in sorted(_features(), key=lambda f: (f[0], f[1])):
        simple = geom.simplify(tolerance, preserve_topology=True) if tolerance else geom
        gridded = _polygonal(shapely.set_precision(simple, 10**-_PRECISION))
        if gridded.is_empty:  # only islands smaller than the grid: keep them unsimplified
            gridded = _polygonal(shapely.set_precision(geom, 10**-_PRECISION))
        if gridded.is_empty:
            logger.debug("%s: outline vanishes at %g degrees; dropped", name, tolerance)
            continue
        polys = [orient(p, sign=1.0) for p in getattr(gridded, "geoms", [gridded])]
        oriented = polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)
        features.append(
            {
                "type": "Feature",
                "properties": {"iso_a2": iso, "name": name},
                "geometry": _rounded(mapping(oriented)),
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """The (Multi)Polygon part of ``geom`` (make_valid and unions may add lines/points)."""
    import shapely

    if geom.geom_type in ("Polygon", "MultiPolygon") or geom.is_empty:
        return geom
    polys: list[Any] = []
    for part in getattr(geom, "geoms", [geom]):
        if part.geom_type == "Polygon":
            polys.append(part)
        elif part.geom_type == "MultiPolygon":
            polys.extend(part.geoms)
    if not polys:
        return shapely.MultiPolygon()
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def _rounded(geometry: dict[str, Any]) -> dict[str, Any]:
    def ring(coords: Any) -> list[list[float]]:
        return [[round(x, _PRECISION), round(y, _PRECISION)] for x, y, *_ in coords]

    if geometry["type"] == "Polygon":
        coords: Any = [ring(r) for r in geometry["coordinates"]]
    else:
        coords = [[ring(r) for r in poly] for poly in geometry["coordinates"]]
    return {"type": geometry["type"], "coordinates": coords}
