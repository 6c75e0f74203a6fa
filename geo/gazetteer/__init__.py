"""The embedded gazetteer.

    from geo.gazetteer import get_gazetteer
    gz = get_gazetteer()            # builds the on-disk index on first use, then loads fast
    gz.lookup("Kherson")            # -> list[Place], best prior first (case-insensitive)
    gz.get("geonames:706448")       # -> Place | None
    gz.country("UA")                # -> Place | None (the country entry)
    gz.geometry("posture:essequibo")  # -> GeoJSON geometry dict (lon/lat) | None
    gz.reverse(46.6, 32.6)          # -> nearest populated Place | None
    gz.outlines()                   # -> GeoJSON FeatureCollection of country outlines (simplified)
    gz.areas()                      # -> GeoJSON FeatureCollection of curated polygons

The index is built once from the installed sources into the user cache directory
(``POSTURE_CACHE_DIR`` overrides it) as ``gazetteer-<fingerprint>.idx`` and rebuilt when a
source changes or the file is unusable (corrupt, truncated, planted, from another version: see
:mod:`geo.gazetteer._store`, a format that is parsed, never executed). Concurrent builders are
serialised by a file lock; the index is published by an atomic rename. What interrupted or
outdated builds leave behind is swept (see :mod:`geo.gazetteer._cache`).
"""

from __future__ import annotations

import logging
import math
import os
import threading
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import Any

from geo.cache import cache_dir
from geo.errors import GazetteerError
from geo.gazetteer import _cache, _store
from geo.gazetteer._build import build_index, fold, strip_accents
from geo.geodesy import haversine_km
from geo.lazy import lazy_module
from geo.model import Place

#: Only the first run builds the index under a file lock; country outlines need shapely
#: (and GDAL the first time): geoparsing loads neither.
filelock = lazy_module("filelock")
geo_outlines = lazy_module("geo.outlines")

__all__ = ["Gazetteer", "get_gazetteer", "cache_dir", "fold", "haversine_km"]

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_instance: Gazetteer | None = None


def _fingerprint() -> str:
    """Names the index build: its sources' contents and versions, no package imported."""
    return _cache.fingerprint()


class Gazetteer:
    """Read-only view over a built index dict."""

    def __init__(self, index: dict[str, Any], *, path: Path | None = None) -> None:
        self._ix = index
        self.path = path
        self._ids = index["ids"]
        self._aliases: dict[str, tuple[int, ...]] = index["aliases"]
        self.caps_only: frozenset[str] = index["caps_only"]
        self._by_id: dict[str, int] | None = None
        self._places: dict[int, Place] = {}
        fcode, cc = index["fcode"], index["cc"]
        self._country: dict[str, int] = {
            cc[i]: i for i in compress(range(len(fcode)), map("PCLI".__eq__, fcode))
        }
        self._grid: dict[tuple[int, int], list[int]] | None = None

    # -- construction --------------------------------------------------------------------
    @classmethod
    def load_or_build(cls, directory: Path | None = None) -> Gazetteer:
        directory = directory or cache_dir()
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise GazetteerError(f"{directory}: cannot create cache directory ({err})") from err
        fingerprint = _fingerprint()
        path = directory / _cache.cache_name(fingerprint)
        index, _problem = _try_load(path)
        if index is None:
            with filelock.FileLock(str(directory / _cache.lock_name(fingerprint)), timeout=600):
                index, problem = _try_load(path)  # another process may have built it meanwhile
                if index is None:
                    if problem:
                        logger.warning(
                            "gazetteer index %s is unusable (%s); rebuilding", path, problem
                        )
                    index = _build_to(path, fingerprint)
        _cache.sweep(directory, path)
        return cls(index, path=path)

    @property
    def columns(self) -> dict[str, Any]:
        """The index as parallel columns (ids, names, lat, lon, fclass, fcode, cc, pop, admin1,
        prior), indexed like :meth:`candidates`. Read-only: for fast loops in the geoparser."""
        return self._ix

    # -- lookups -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._ids)

    def place(self, i: int) -> Place:
        p = self._places.get(i)
        if p is None:
            ix = self._ix
            p = Place(
                id=ix["ids"][i],
                name=ix["names"][i],
                lat=ix["lat"][i],
                lon=ix["lon"][i],
                feature_class=ix["fclass"][i],
                feature_code=ix["fcode"][i],
                country_code=ix["cc"][i],
                population=ix["pop"][i],
                admin1=ix["admin1"][i],
                has_geometry=ix["ids"][i] in ix["geometries"],
            )
            self._places[i] = p
        return p

    def prior(self, i: int) -> float:
        return self._ix["prior"][i]

    def candidates(self, key: str) -> tuple[int, ...]:
        """Indices for an already folded key, best prior first."""
        return self._aliases.get(key, ())

    def demonym(self, word: str) -> int | None:
        return self._ix["demonyms"].get(word)

    @property
    def demonyms(self) -> dict[str, int]:
        return self._ix["demonyms"]

    def lookup(self, name: str) -> list[Place]:
        if not isinstance(name, str):
            raise TypeError(f"name must be a str, not {type(name).__name__}")
        key = fold(name)
        idx = self._aliases.get(key) or self._aliases.get(fold(strip_accents(name)), ())
        return [self.place(i) for i in idx]

    def index_of(self, place_id: str) -> int | None:
        if self._by_id is None:
            self._by_id = {pid: i for i, pid in enumerate(self._ids)}
        return self._by_id.get(place_id)

    def get(self, place_id: str) -> Place | None:
        i = self.index_of(place_id)
        return None if i is None else self.place(i)

    def country(self, cc: str) -> Place | None:
        i = self._country.get((cc or "").upper())
        return None if i is None else self.place(i)

    def country_index(self, cc: str) -> int | None:
        return self._country.get(cc)

    def geometry(self, place_id: str) -> dict[str, Any] | None:
        """GeoJSON geometry (lon/lat) of a curated area, or a country's Natural Earth outline."""
        geom = self._ix["geometries"].get(place_id)
        if geom is not None:
            return geom
        i = self.index_of(place_id)
        if i is None or self._ix["fcode"][i] != "PCLI":
            return None
        return geo_outlines.country_geometry(self._ix["cc"][i])

    def reverse(self, lat: float, lon: float) -> Place | None:
        """Nearest populated place (haversine), searching a 1-degree grid outward."""
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"invalid coordinates: {lat}, {lon}")
        grid = self._grid_index()
        cy, cx = int(math.floor(lat)), int(math.floor(lon))
        best: tuple[float, int] | None = None
        for r in range(0, 30):
            for gy in range(cy - r, cy + r + 1):
                for gx in range(cx - r, cx + r + 1):
                    if max(abs(gy - cy), abs(gx - cx)) != r:
                        continue
                    for i in grid.get((gy, ((gx + 180) % 360) - 180), ()):
                        d = haversine_km(lat, lon, self._ix["lat"][i], self._ix["lon"][i])
                        if best is None or d < best[0]:
                            best = (d, i)
            if best is not None and best[0] < r * 111.0 * max(math.cos(math.radians(lat)), 0.2):
                break
        return None if best is None else self.place(best[1])

    def _grid_index(self) -> dict[tuple[int, int], list[int]]:
        if self._grid is None:
            grid: dict[tuple[int, int], list[int]] = {}
            ix = self._ix
            for i, fc in enumerate(ix["fclass"]):
                if fc == "P":
                    key = (int(math.floor(ix["lat"][i])), int(math.floor(ix["lon"][i])))
                    grid.setdefault(key, []).append(i)
            self._grid = grid
        return self._grid

    def outlines(self, *, tolerance: float = 0.05) -> dict[str, Any]:
        return geo_outlines.country_outlines(tolerance=tolerance)

    def areas(self) -> dict[str, Any]:
        feats = []
        for pid in sorted(self._ix["geometries"]):
            p = self.get(pid)
            if p is None:
                continue
            feats.append(
                {
                    "type": "Feature",
                    "properties": {"id": pid, "name": p.name, "feature_code": p.feature_code},
                    "geometry": self._ix["geometries"][pid],
                }
            )
        return {"type": "FeatureCollection", "features": feats}


def _try_load(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The index at ``path``, or None and what is wrong with the file (None: there is none)."""
    try:
        return _store.read(path), None
    except FileNotFoundError:
        return None, None
    except Exception as err:  # corrupt, truncated, planted, old, unreadable: rebuild
        return None, str(err) or type(err).__name__


def _build_to(path: Path, fingerprint: str) -> dict[str, Any]:
    logger.info("building the gazetteer index in %s (once)", path.parent)
    try:
        data = _store.encode(build_index())
        index = _store.decode(data)  # exactly what every later run will load
    except (OSError, ValueError, KeyError, ImportError) as err:
        raise GazetteerError(f"cannot build the gazetteer index: {err}") from err
    tmp = path.parent / _cache.temp_name(fingerprint)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(tmp, flags | getattr(os, "O_BINARY", 0), 0o644)
        try:
            with open(fd, "wb", closefd=False) as fh:
                _cache.lock_temp(fd)  # held until published: see _cache.sweep
                fh.write(data)
                fh.flush()
                os.fsync(fd)
                os.replace(tmp, path)
        finally:
            os.close(fd)
    except OSError as err:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise GazetteerError(f"{path}: cannot write the gazetteer index ({err})") from err
    return index


@lru_cache(maxsize=1)
def _default() -> Gazetteer:
    return Gazetteer.load_or_build()


def get_gazetteer() -> Gazetteer:
    """The process-wide default gazetteer.

    Returns
    -------
    Gazetteer
        The same object on every call. The first call loads it from the index cache
        (:envvar:`POSTURE_CACHE_DIR`), building the index there first when it is missing
        or stale (once; it takes a while).
    """
    with _lock:
        return _default()
