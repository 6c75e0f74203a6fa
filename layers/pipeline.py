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

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import Any

import geopandas as gpd

from geo.model import Document
from layers.model import Feature

#: Below this many documents everything runs in this process (starting workers costs more).
PARALLEL_MIN_DOCS = 200
BATCH = 32
MAX_WORKERS = 8

# What forked workers use: set in the parent just before the pool forks.
_STATE: tuple[Any, Any, Any] | None = None


def default_workers() -> int:
    """CPUs this process may use, at most :data:`MAX_WORKERS`; 1 where fork is unavailable."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        n = os.cpu_count() or 1
    return max(1, min(n, MAX_WORKERS))


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


def _features(doc: Document, state: tuple[Any, Any, Any]) -> list[Feature]:
    from layers.extract import extract_features

    geoparser, lexicon, gazetteer = state
    return extract_features(geoparser.parse(doc), gazetteer=gazetteer, lexicon=lexicon)


def _work(batch: list[Document]) -> list[Feature]:
    assert _STATE is not None
    out: list[Feature] = []
    for doc in batch:
        out.extend(_features(doc, _STATE))
    return out


def extract_all(
    documents: Iterable[Document],
    *,
    geoparser: Any = None,
    lexicon: Any = None,
    gazetteer: Any = None,
    workers: int | None = None,
) -> Iterator[Feature]:
    """The features of every document, lazily, in document order.

    ``geoparser`` defaults to a :class:`geo.parse.Geoparser` on ``gazetteer`` (the embedded
    gazetteer when None); ``lexicon`` is the extraction lexicon
    (:func:`layers.lexicon.load_lexicon`, loaded once when None). ``workers``: processes to
    use (None: :func:`default_workers`; inputs under :data:`PARALLEL_MIN_DOCS` documents run
    in this process). Documents are read in this process, so ``on_error`` callbacks of
    :func:`geo.documents.read_documents` run here.
    """
    global _STATE
    state = _prepare(geoparser, lexicon, gazetteer)
    it = iter(documents)
    head = list(islice(it, PARALLEL_MIN_DOCS))
    n = default_workers() if workers is None else max(1, workers)
    if (
        n == 1
        or len(head) < PARALLEL_MIN_DOCS
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for doc in chain(head, it):
            yield from _features(doc, state)
        return
    _STATE = state
    try:
        with multiprocessing.get_context("fork").Pool(n) as pool:
            pending: deque = deque()
            docs = chain(head, it)
            while batch := list(islice(docs, BATCH)):
                pending.append(pool.apply_async(_work, (batch,)))
                while len(pending) > 2 * n:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()
    finally:
        _STATE = None


def build_layers(
    documents: Iterable[Document],
    *,
    geoparser: Any = None,
    lexicon: Any = None,
    gazetteer: Any = None,
    workers: int | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """Geoparse each document, extract its posture features, return one frame per layer
    (see :func:`layers.frames.features_to_frames`)."""
    from layers.frames import features_to_frames

    return features_to_frames(
        extract_all(
            documents, geoparser=geoparser, lexicon=lexicon, gazetteer=gazetteer, workers=workers
        )
    )
