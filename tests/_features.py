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
