"""Documents -> posture layers: geoparse, extract features, build the frames.

from geo.documents import read_documents
from layers import build_layers, write_layers
frames = build_layers(read_documents(["articles/"]))
write_layers(frames, "out/", format="gpkg")
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import geopandas as gpd

from geo.model import Document
from layers.model import Feature


def extract_all(
    documents: Iterable[Document],
    *,
    geoparser: Any = None,
    lexicon: Any = None,
    gazetteer: Any = None,
) -> Iterator[Feature]:
    """The features of every document, lazily, in document order.

    ``geoparser`` defaults to a :class:`geo.parse.Geoparser` on ``gazetteer`` (the embedded
    gazetteer when None); ``lexicon`` is the extraction lexicon
    (:func:`layers.lexicon.load_lexicon`, loaded once when None).
    """
    from geo.parse import Geoparser
    from layers.extract import extract_features

    if geoparser is None:
        geoparser = Geoparser(gazetteer=gazetteer) if gazetteer is not None else Geoparser()
    if gazetteer is None:
        gazetteer = getattr(geoparser, "gazetteer", None)
    if lexicon is None:
        from layers.lexicon import load_lexicon

        lexicon = load_lexicon()
    for doc in documents:
        parsed = geoparser.parse(doc)
        yield from extract_features(parsed, gazetteer=gazetteer, lexicon=lexicon)


def build_layers(
    documents: Iterable[Document],
    *,
    geoparser: Any = None,
    lexicon: Any = None,
    gazetteer: Any = None,
) -> dict[str, gpd.GeoDataFrame]:
    """Geoparse each document, extract its posture features, return one frame per layer
    (see :func:`layers.frames.features_to_frames`)."""
    from layers.frames import features_to_frames

    return features_to_frames(
        extract_all(documents, geoparser=geoparser, lexicon=lexicon, gazetteer=gazetteer)
    )
