"""The posture feature: one statement at one place, with its provenance."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

LAYERS = ("assets", "incidents", "disputes")
#: Output formats of `posture layers` (layers.export).
FORMATS = ("geojson", "gpkg", "kml", "csv", "parquet", "fgb")
#: "disputed": a reported or planned fact that a statement denies (set when statements are
#: grouped into facts, see layers.facts), or a statement that reports and denies in one
#: sentence ("... in North Kivu, a charge Kigali denies").
STATUSES = ("reported", "planned", "possible", "denied", "historical", "disputed")
#: The fact statuses `posture layers` maps unless asked for others: what the sources say is,
#: was or will be. A fact only denied or only speculated about ("no order to intercept",
#: "could make their way across the Atlantic") is not posture; its statements stay in the
#: statements table, where a later report can still join them (the fact becomes disputed).
DEFAULT_STATUSES = ("reported", "planned", "historical", "disputed")

# Column order of every layer's GeoDataFrame and of every export format.
COLUMNS = (
    # stable id: of the fact (layers.facts.fact_id_for), or of a range ring
    "feature_id",
    "fact_id",  # the fact's id; its statements are in statements.jsonl under it
    "layer",  # assets | incidents | disputes
    "kind",  # naval vessel, aircraft, air defence, strike, territorial dispute, range ring, ...
    "subject",  # "USS Gerald R. Ford", "S-300 batteries"
    "actor",  # country or side, "" when not stated
    "quantity",  # as stated: "10,000 troops", "" when none
    # ISO 8601 event date at its precision: YYYY-MM-DD, YYYY-MM or YYYY; "" when unknown. The
    # date the text gives the statement, else the publication date (not for historical or
    # planned statements); see layers._dates.event_date
    "date",
    "date_precision",  # day | month | year | unknown: of date
    "status",  # one of STATUSES
    "place",  # gazetteer name of the place
    # exact (a named point place) | offset (computed from "40 km north of X") | area (sea,
    # region, disputed polygon) | country (only a country or first-level division was given)
    "location_precision",
    # how the text puts the statement there: at | destination | weak | line | anaphor ("the
    # island") | discourse (a place named in an earlier sentence)
    "attachment",
    "gazetteer_id",
    "mention",  # document text[start:end]
    "doc_id",
    "doc_title",
    "doc_url",
    "published",
    # the whole sentence; a long one cut to 300 characters each side of the mention, with "…"
    "quote",
    # offset of the sentence in the document: mention is quote[start-quote_start:...] for an
    # uncut quote, except for a place carried from an earlier sentence (attachment "discourse")
    "quote_start",
    "start",
    "end",
    "confidence",  # 0..1
    # independent sources (near-identical copies count once) supporting the fact: same
    # subject, place and time, same status class (layers.facts); "sources" and, for layer
    # files written before facts, "corroboration"
    "corroboration",
    # JSON list of {"doc_id","title","url","published","stance": "reports"|"denies"} (and
    # "copy_of": doc_id for a wire copy) of the OTHER documents stating the same fact
    "corroborated_by",
    "sources",  # the same count as corroboration
    "statements",  # how many statements (sentences) say the fact
    "first_reported",  # earliest publication date of its statements, "" when none is dated
    "last_reported",  # latest publication date of its statements
    # run dates (UTC, YYYY-MM-DD) of `posture layers --update` when the fact first and last
    # got a statement; "" for layers built in one run
    "first_seen",
    "last_seen",
    "range_km",  # nominal range for range rings, 0.0 otherwise
)


@dataclass(slots=True)
class Feature:
    """One posture statement at one place. ``geometry`` is a shapely geometry (EPSG:4326)."""

    layer: str
    kind: str
    subject: str
    geometry: Any
    place: str
    gazetteer_id: str
    mention: str
    doc_id: str
    quote: str
    quote_start: int
    start: int
    end: int
    actor: str = ""
    quantity: str = ""
    date: str = ""
    date_precision: str = "unknown"
    status: str = "reported"
    doc_title: str = ""
    doc_url: str = ""
    published: str = ""
    confidence: float = 0.5
    corroboration: int = 1
    corroborated_by: str = "[]"
    range_km: float = 0.0
    feature_id: str = ""
    location_precision: str = "exact"
    attachment: str = "at"
    extra: dict[str, Any] = field(default_factory=dict)


def feature_id(
    doc_id: str, start: int, layer: str, kind: str, subject: str, *, sentence: int | None = None
) -> str:
    """The stable id of a statement: sha1 of ``doc_id|start|layer|kind|subject`` (16 hex
    digits). ``sentence``: the stating sentence's offset, for a place named in an earlier
    sentence (several sentences may carry statements to one mention)."""
    key = f"{doc_id}|{int(start)}|{layer}|{kind}|{subject}"
    if sentence is not None:
        key += f"|{sentence}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
