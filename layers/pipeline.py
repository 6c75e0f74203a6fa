"""Documents -> posture layers: geoparse, extract features, build the frames.

    from geo.documents import read_documents
    from layers import build_layers, write_layers
    frames = build_layers(read_documents(["articles/"]))
    write_layers(frames, "out/", format="gpkg")

Geoparsing and extraction are pure per document, so large inputs are spread over worker
processes (forked after the gazetteer and lexicons are loaded, so they share them); the
output does not depend on the number of workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

import geopandas as gpd

from geo._guard import Failed, guarded
from geo._parallel import PARALLEL_MIN_ITEMS, default_workers, parallel_map
from geo.errors import InputError
from geo.model import Document
from layers.model import Feature

#: Below this many documents everything runs in this process (starting workers costs more).
PARALLEL_MIN_DOCS = PARALLEL_MIN_ITEMS

__all__ = ["PARALLEL_MIN_DOCS", "build_layers", "default_workers", "extract_all"]


def _prepare(geoparser: Any, lexicon: Any, gazetteer: Any) -> tuple[Any, Any, Any]:
    from geo.parse import Geoparser

    if geoparser is None:
        geoparser = Geoparser(gazetteer=gazetteer) if gazetteer is not None else Geoparser()
    if gazetteer is None:
        gazetteer = getattr(geoparser, "gazetteer", None)
    if lexicon is None:
        from layers.lexicon import load_lexicon

        lexicon = load_lexicon()
    return geoparser, lexicon, gazetteer


def _features(state: tuple[Any, Any, Any], doc: Document) -> tuple[list[Feature], int]:
    from layers.copies import fingerprint
    from layers.extract import extract_features, unplaced_names
    from layers.frames import FINGERPRINT

    geoparser, lexicon, gazetteer = state
    parsed = geoparser.parse(doc)
    features = extract_features(parsed, gazetteer=gazetteer, lexicon=lexicon)
    if features:
        # what corroboration needs beyond the features: the document's text fingerprint
        # (wire copies count once) and the named system a subject is about
        fp = fingerprint(doc.text)
        for f in features:
            f.extra[FINGERPRINT] = fp
            if "system" not in f.extra:
                system = _system(lexicon, f.subject)
                if system:
                    f.extra["system"] = system
    return features, unplaced_names(parsed)


def _system(lexicon: Any, subject: str) -> str:
    """The canonical name of the equipment ``subject`` names, "" when none."""
    from layers.lexicon import ASSET

    for m in lexicon.scan(subject):
        term = m.term
        if term.channel == ASSET and not term.generic and term.name not in lexicon.ship_prefixes:
            return term.name
    return ""


def extract_all(
    documents: Iterable[Document],
    *,
    geoparser: Any = None,
    lexicon: Any = None,
    gazetteer: Any = None,
    workers: int | None = None,
    stats: dict[str, int] | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[Feature]:
    """The features of every document, lazily, in document order.

    ``geoparser`` defaults to a :class:`geo.parse.Geoparser` on ``gazetteer`` (the embedded
    gazetteer when None); ``lexicon`` is the extraction lexicon
    (:func:`layers.lexicon.load_lexicon`, loaded once when None). ``workers``: processes to
    use (None: :func:`default_workers`; inputs under :data:`PARALLEL_MIN_DOCS` documents run
    in this process). Documents are read in this process, so ``on_error`` callbacks of
    :func:`geo.documents.read_documents` run here. ``stats``, when given, counts
    ``unplaced``: names the geoparser could only put at a document's main place, which carry
    no feature (:func:`layers.extract.unplaced_names`). ``on_error``, when given, is called
    with an :class:`~geo.errors.InputError` for each document whose processing failed
    (naming its file and line) and the batch goes on; without it the failure raises.
    """
    state = _prepare(geoparser, lexicon, gazetteer)
    func = partial(_features, state)
    if on_error is not None:
        func = partial(guarded, func)
    for result in parallel_map(func, documents, workers=workers):
        if isinstance(result, Failed):
            on_error(result.error())  # type: ignore[misc]
            continue
        features, unplaced = result
        if stats is not None:
            stats["unplaced"] = stats.get("unplaced", 0) + unplaced
        yield from features


def build_layers(
    documents: Iterable[Document],
    *,
    geoparser: Any = None,
    lexicon: Any = None,
    gazetteer: Any = None,
    workers: int | None = None,
    stats: dict[str, int] | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """Geoparse each document, extract its posture features, return one frame per layer
    (see :func:`layers.frames.features_to_frames`); ``stats`` and ``on_error`` as for
    :func:`extract_all`."""
    from layers.frames import features_to_frames

    return features_to_frames(
        extract_all(
            documents,
            geoparser=geoparser,
            lexicon=lexicon,
            gazetteer=gazetteer,
            workers=workers,
            stats=stats,
            on_error=on_error,
        )
    )
