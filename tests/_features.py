"""A posture Feature with sensible defaults, for frame and export tests."""

from __future__ import annotations

from shapely.geometry import Point

from layers.model import Feature


def feature(**kw) -> Feature:
    base = dict(
        layer="assets",
        kind="air defence",
        subject="S-300 batteries",
        geometry=Point(33.5, 44.6),
        place="Sevastopol",
        gazetteer_id="geonames:694423",
        mention="Sevastopol",
        doc_id="d1",
        quote="Russia moved S-300 batteries to Sevastopol.",
        quote_start=0,
        start=33,
        end=43,
        doc_title="Title d1",
        doc_url="https://example.com/d1",
        published="2024-05-01",
        date="2024-04-30",
        actor="Russia",
    )
    base.update(kw)
    return Feature(**base)


def quote_fits(quote: str, sentence: str) -> bool:
    """A feature's quote is its sentence, or a cut of it around the mention (with "…")."""
    if quote == sentence:
        return True
    core = quote.removeprefix("\u2026").removesuffix("\u2026")
    return core != quote and core in sentence and len(quote) < len(sentence) + 2
