"""Plain data objects shared by every stage: documents, gazetteer places, toponyms."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Document:
    """One source article. ``text`` is the full text all offsets refer to."""

    doc_id: str
    text: str
    title: str = ""
    url: str = ""
    published: str = ""  # ISO 8601 date or datetime, "" when unknown
    source: str = ""  # file the document came from
    line: int | None = None  # 1-based line in a .jsonl source


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry."""

    id: str  # "geonames:2643743", "posture:strait-of-hormuz", "country:UA", ...
    name: str
    lat: float
    lon: float
    feature_class: str  # GeoNames class: A (admin), P (populated), H (water), L (area), S (spot), T
    feature_code: str  # GeoNames code: PCLI, PPLC, ADM1, PPL, STRT, SEA, MILB, ...
    country_code: str = ""  # ISO 3166-1 alpha-2, "" for international waters
    population: int = 0
    admin1: str = ""  # first-level division name, when known
    has_geometry: bool = False  # a polygon is available via Gazetteer.geometry(id)


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place mention in a document, resolved to a gazetteer place.

    Invariant: ``document.text[start:end] == mention``.
    """

    mention: str
    start: int
    end: int
    name: str
    lat: float
    lon: float
    feature_code: str
    country_code: str
    gazetteer_id: str
    confidence: float
    literal: bool = True  # False only for metonymy ("Moscow warned")
    adjective: bool = False  # demonym / adjective use ("Russian troops")
    # part of an organisation's fixed name ("Washington" in "The Washington Post"): the
    # place is named, but nothing the text tells happens there
    embedded: bool = False

    def to_dict(self) -> dict[str, Any]:
        # The fields in declaration order, as dataclasses.asdict gives them (without its
        # recursive deep copy: every field is a str, int, float or bool).
        return {
            "mention": self.mention,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "feature_code": self.feature_code,
            "country_code": self.country_code,
            "gazetteer_id": self.gazetteer_id,
            "confidence": self.confidence,
            "literal": self.literal,
            "adjective": self.adjective,
            "embedded": self.embedded,
        }


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A document and the toponyms found in it, in text order."""

    document: Document
    toponyms: tuple[Toponym, ...] = field(default_factory=tuple)

    @property
    def doc_id(self) -> str:
        return self.document.doc_id

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.document.doc_id, "toponyms": [t.to_dict() for t in self.toponyms]}
