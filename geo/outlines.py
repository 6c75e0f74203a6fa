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

Reading takes about 0.4 s (pyogrio, imported only when needed); results are cached, and
the merged shapes of :func:`country_shapes` also on disk (WKB in the user cache directory).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import os
import tempfile
from importlib import resources
from typing import Any

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geo.cache import cache_dir
from geo.errors import ConfigurationError, GazetteerError
from geo.lazy import lazy_module

#: GDAL, to read the shapefile (0.5 s to import): only when the shapes cache is missing or stale.
pyogrio = lazy_module("pyogrio")

__all__ = ["country_geometry", "country_outlines", "country_shapes", "natural_earth_path"]

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


def country_holds(cc: str, lat: float, lon: float) -> bool:
    """Whether the outline of country ``cc`` holds (lat, lon)."""
    shape = _shapes().get(cc) if cc else None
    return shape is not None and bool(shapely.contains_xy(shape, lon, lat))


def country_at(lat: float, lon: float, *, hint: str = "") -> str:
    """The code of the country whose outline holds (lat, lon), trying ``hint`` first; "" at
    sea or outside every outline. A town filed under one state by the gazetteer may lie in a
    territory with an outline of its own (Smara: Morocco's in GeoNames, in Western Sahara)."""
    if country_holds(hint, lat, lon):
        return hint
    for cc, shape in _shapes().items():
        x0, y0, x1, y1 = shape.bounds
        if x0 <= lon <= x1 and y0 <= lat <= y1 and shapely.contains_xy(shape, lon, lat):
            return cc
    return ""


def country_geometry(cc: str) -> dict[str, Any] | None:
    """The full-resolution outline of country ``cc`` (ISO 3166-1 alpha-2) as a GeoJSON
    geometry dict (lon/lat), or None when Natural Earth has none."""
    shape = _shapes().get(cc)
    return None if shape is None else mapping(shape)


@functools.lru_cache(maxsize=1)
def _features() -> tuple[tuple[str, str, BaseGeometry], ...]:
    """(iso_a2, name, valid full-resolution geometry) for every Natural Earth feature."""
    path = natural_earth_path()
    try:
        meta, _fids, wkb, columns = pyogrio.raw.read(
            f"/vsizip/{path}", columns=_FIELDS, encoding="UTF-8"
        )
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
    path = _shapes_cache_path()
    fingerprint = _shapes_fingerprint()
    shapes = _read_shapes_cache(path, fingerprint) if path is not None else None
    if shapes is None:
        shapes = _build_shapes()
        if path is not None:
            _write_shapes_cache(path, fingerprint, shapes)
    for geom in shapes.values():
        shapely.prepare(geom)
    return shapes


def _build_shapes() -> dict[str, BaseGeometry]:
    parts: dict[str, list[BaseGeometry]] = {}
    for iso, _name, geom in _features():
        if iso:
            parts.setdefault(iso, []).append(geom)
    shapes = {}
    for iso in sorted(parts):
        geoms = parts[iso]
        shapes[iso] = geoms[0] if len(geoms) == 1 else _polygonal(shapely.union_all(geoms))
    return shapes


# The merged shapes are cached as WKB (plain data, never code) in the user cache directory
# (``POSTURE_CACHE_DIR``): reading and repairing the shapefile costs about 0.3 s, the cache
# about 0.03 s. Its header names the fingerprint of its sources (the shipped zip's contents,
# shapely and GEOS versions, this format) and the SHA-256 of its payload; a cache that does
# not match is rebuilt and replaced atomically.
_SHAPES_CACHE = "country-shapes.wkb"
_SHAPES_MAGIC = b"POSTURE-COUNTRY-SHAPES 1\n"


def _shapes_cache_path() -> str | None:
    try:
        return str(cache_dir() / _SHAPES_CACHE)
    except Exception as err:  # platformdirs failing: no cache, build every run
        logger.debug("no cache directory for country shapes: %s", err)
        return None


def _shapes_fingerprint() -> str:
    digest = hashlib.sha256(_SHAPES_MAGIC)
    with open(natural_earth_path(), "rb") as fh:
        digest.update(hashlib.sha256(fh.read()).digest())
    digest.update(f"|{shapely.__version__}|{shapely.geos_version_string}".encode())
    return digest.hexdigest()


def _read_shapes_cache(path: str, fingerprint: str) -> dict[str, BaseGeometry] | None:
    """The cached shapes, or None when the cache is missing, stale or damaged."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    try:
        if not data.startswith(_SHAPES_MAGIC):
            raise ValueError("not a country shapes cache")
        end = data.index(b"\n", len(_SHAPES_MAGIC))
        header = json.loads(data[len(_SHAPES_MAGIC) : end])
        if header.get("fingerprint") != fingerprint:
            raise ValueError("stale (its sources changed)")
        payload = memoryview(data)[end + 1 :]
        if hashlib.sha256(payload).hexdigest() != header["sha256"]:
            raise ValueError("damaged (checksum mismatch)")
        codes, lengths = header["codes"], header["lengths"]
        if len(codes) != len(lengths) or sum(lengths) != len(payload):
            raise ValueError("damaged (bad lengths)")
        blobs, pos = [], 0
        for n in lengths:
            blobs.append(bytes(payload[pos : pos + n]))
            pos += n
        geoms = shapely.from_wkb(blobs)
        if any(g is None or g.geom_type not in ("Polygon", "MultiPolygon") for g in geoms):
            raise ValueError("damaged (not polygons)")
    except Exception as err:  # any damage: rebuild
        logger.debug("%s: country shapes cache not used: %s", path, err)
        return None
    return dict(zip(codes, geoms, strict=True))


def _write_shapes_cache(path: str, fingerprint: str, shapes: dict[str, BaseGeometry]) -> None:
    """Write the cache atomically (a temporary file renamed); failing only logs."""
    blobs = [shapely.to_wkb(g) for g in shapes.values()]
    payload = b"".join(blobs)
    header = {
        "fingerprint": fingerprint,
        "codes": list(shapes),
        "lengths": [len(b) for b in blobs],
        "sha256": hashlib.sha256(payload).hexdigest(),
    }
    data = _SHAPES_MAGIC + json.dumps(header, separators=(",", ":")).encode() + b"\n" + payload
    directory = os.path.dirname(path)
    tmp = None
    try:
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".country-shapes-", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as err:
        logger.debug("%s: cannot write country shapes cache: %s", path, err)
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


@functools.lru_cache(maxsize=8)
def _outlines_json(tolerance: float) -> str:
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
