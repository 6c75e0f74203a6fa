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
(``POSTURE_CACHE_DIR`` overrides it) and rebuilt when a source changes or the file is corrupt.
Concurrent builders are serialised by a file lock; the index is published by an atomic rename.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import pickle
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.errors import GazetteerError
from geo.gazetteer._build import BUILD_VERSION, build_index, fold, source_files, strip_accents
from geo.model import Place

__all__ = ["Gazetteer", "get_gazetteer", "cache_dir", "fold"]

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_instance: Gazetteer | None = None


def cache_dir() -> Path:
    env = os.environ.get("POSTURE_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("posture"))


def _fingerprint() -> str:
    h = hashlib.sha256(f"v{BUILD_VERSION}".encode())
    for p in source_files():
        try:
            st = p.stat()
        except OSError:
            continue
        h.update(f"{p.name}:{st.st_size}:{int(st.st_mtime)}".encode())
    return h.hexdigest()[:16]


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
        self._country: dict[str, int] = {
            index["cc"][i]: i for i, c in enumerate(index["fcode"]) if c == "PCLI"
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
        path = directory / f"gazetteer-{_fingerprint()}.pickle"
        index = _try_load(path)
        if index is None:
            from filelock import FileLock

            with FileLock(str(path) + ".lock", timeout=600):
                index = _try_load(path)  # another process may have built it meanwhile
                if index is None:
                    index = _build_to(path)
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
        from shapely.geometry import mapping

        from geo.outlines import country_shapes

        shape = country_shapes().get(self._ix["cc"][i])
        return None if shape is None else mapping(shape)

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
        from geo.outlines import country_outlines

        return country_outlines(tolerance=tolerance)

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


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _try_load(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    import gc

    try:
        gc.disable()  # the index is millions of small objects: no cycles to find while loading
        with open(path, "rb") as fh:
            index = pickle.load(fh)
        if not isinstance(index, dict) or index.get("version") != BUILD_VERSION:
            raise ValueError("unexpected index content")
        return index
    except Exception as err:  # any corruption: rebuild
        logger.warning("gazetteer index %s is unreadable (%s); rebuilding", path, err)
        try:
            path.unlink()
        except OSError:
            pass
        return None
    finally:
        gc.enable()


def _build_to(path: Path) -> dict[str, Any]:
    import tempfile

    logger.info("building the gazetteer index in %s (once)", path.parent)
    try:
        index = build_index()
    except (OSError, ValueError, KeyError) as err:
        raise GazetteerError(f"cannot build the gazetteer index: {err}") from err
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as err:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise GazetteerError(f"{path}: cannot write the gazetteer index ({err})") from err
    for old in path.parent.glob("gazetteer-*.pickle"):  # drop stale builds
        if old != path:
            try:
                old.unlink()
            except OSError:
                pass
    return index


@lru_cache(maxsize=1)
def _default() -> Gazetteer:
    return Gazetteer.load_or_build()


def get_gazetteer() -> Gazetteer:
    """The process-wide default gazetteer (built on first use)."""
    with _lock:
        return _default()
