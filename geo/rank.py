"""Candidate ranking for toponym resolution: explicit features, linear weights from a data file.

Each candidate of a mention (all mentions of one name in a document share one sense) gets a
feature vector (:data:`FEATURES`) from the gazetteer and the document; its score is the dot
product with the weights in ``geo/data/models/ranker.json``. The weights are a conditional
logit (softmax over each mention's candidates) fitted by ``tools/fit_ranker.py`` on labelled
documents, cross-validated across documents; without the file the hand-set weights below are
used. Standard library only: fitting, with NumPy, is in :mod:`geo.rankfit`.

A user prior (``--region US`` or a bounding box) is not a feature: it only breaks near ties,
see :meth:`Region.prefer`.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

FEATURES: tuple[str, ...] = (
    "prior",  # log10 population + type bonus + prominence (gazetteer prior)
    "country",  # lies in a country the document names: min(1, 0.25 + 0.25 * mentions)
    "country_top",  # lies in the document's most named country
    "admin",  # lies in a first-level division the document names (unambiguously)
    "admin_maybe",  # lies in a division named by an ambiguous name ("Georgia", "Washington")
    "adm1_siblings",  # a division, in a country whose other divisions the document names
    "pattern",  # "City, Country" / "City, ST" names this candidate's country or division
    "near",  # within 300 km of another confidently resolved place of the document
    "near_close",  # within 50 km of one
    "alt_variant",  # matched through a spelling variant, not the place's own name
    "alt_other",  # matched through another alternate name (a nickname, another language)
    "is_country",
    "is_adm1",
    "is_adm2",
    "is_capital",
    "is_city",  # other populated places
    "is_other",  # natural features, curated areas, continents
)

# Hand-set weights (the resolver's weights before fitting), in "prior" units.
DEFAULT_WEIGHTS: dict[str, float] = {
    "prior": 1.0,
    "country": 3.0,
    "admin": 2.0,
    "pattern": 6.0,
    "near": 2.0,
    "alt_variant": -1.5,
    "alt_other": -3.0,
}

NEAR_KM = 300.0
CLOSE_KM = 50.0


@dataclass(frozen=True)
class Ranker:
    weights: tuple[float, ...]
    source: str = "default"

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "") -> Ranker:
        w = data.get("weights", data)
        if not isinstance(w, dict):
            raise ValueError("ranker weights must be a JSON object of feature -> weight")
        unknown = set(w) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown ranker features: {sorted(unknown)}")
        return cls(tuple(float(w.get(f, 0.0)) for f in FEATURES), source)

    def as_dict(self) -> dict[str, float]:
        return dict(zip(FEATURES, self.weights, strict=True))

    def score(self, x: list[float]) -> float:
        return math.fsum(w * v for w, v in zip(self.weights, x, strict=True))


def default_ranker() -> Ranker:
    return Ranker.from_dict(DEFAULT_WEIGHTS, "default")


def ranker_path() -> Path:
    return Path(str(resources.files("geo") / "data" / "models" / "ranker.json"))


@lru_cache(maxsize=1)
def load_ranker() -> Ranker:
    """The fitted ranker shipped in geo/data/models/ranker.json, else the hand-set weights."""
    path = ranker_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default_ranker()
    return Ranker.from_dict(data, str(path))


def softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    ex = [math.exp(s - top) for s in scores]
    z = sum(ex)
    return [e / z for e in ex]


# -- user prior -------------------------------------------------------------------------------
_BBOX = re.compile(
    r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*,"
    r"\s*(-?\d+(?:\.\d+)?)\s*$"
)


@dataclass(frozen=True)
class Region:
    """Where the user's documents are about: country codes and/or a bounding box
    (west, south, east, north). Used only to break near ties between candidates."""

    countries: frozenset[str] = frozenset()
    bbox: tuple[float, float, float, float] | None = None

    # A candidate in the region wins when its score is within this margin of the best one
    # (logit units: the best is at most e^0.7 = 2 times as likely).
    MARGIN = 0.7

    @classmethod
    def parse(cls, spec: str | None) -> Region | None:
        """ "US", "US,CA", or "west,south,east,north" in degrees; None for no prior."""
        if spec is None or not spec.strip():
            return None
        m = _BBOX.match(spec)
        if m:
            w, s, e, n = (float(g) for g in m.groups())
            if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s < n <= 90):
                raise ValueError(f"invalid bounding box {spec!r}: west,south,east,north")
            return cls(bbox=(w, s, e, n))
        codes = [c.strip().upper() for c in spec.split(",") if c.strip()]
        if not codes or not all(re.fullmatch(r"[A-Z]{2}", c) for c in codes):
            raise ValueError(
                f"invalid region {spec!r}: give ISO country codes (US, VE) or a bounding box "
                "west,south,east,north"
            )
        return cls(countries=frozenset(codes))

    def contains(self, cc: str, lat: float, lon: float) -> bool:
        if self.countries and cc in self.countries:
            return True
        if self.bbox is not None:
            w, s, e, n = self.bbox
            inside_lon = w <= lon <= e if w <= e else (lon >= w or lon <= e)
            return s <= lat <= n and inside_lon
        return False

    def prefer(self, ranked: list[tuple[float, int]], inside: list[bool]) -> int:
        """Position in ``ranked`` (best first) to choose: the best, unless it lies outside the
        region and a candidate inside it scores within :attr:`MARGIN`."""
        if not ranked or inside[0]:
            return 0
        best = ranked[0][0]
        for pos, ((s, _), ok) in enumerate(zip(ranked, inside, strict=True)):
            if s < best - self.MARGIN:
                break
            if ok:
                return pos
        return 0


_default_region: Region | None = None


def set_default_region(region: Region | None) -> None:
    """The process-wide user prior (the CLI's ``--region``) for geoparsers built without one."""
    global _default_region
    _default_region = region


def default_region() -> Region | None:
    return _default_region
