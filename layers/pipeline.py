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

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from typing import Any, Protocol

from geo.errors import InputError
from geo.guard import Failed, guarded
from geo.model import Document
from geo.parallel import PARALLEL_MIN_ITEMS, default_workers, parallel_map
from geo.parse import Geoparser
from layers.copies import fingerprint
from layers.extract import extract_features, unplaced_names
from layers.frames import (
    FINGERPRINT,
    LayerFrames,
    check_statuses,
    rows_to_frames,
    statement_row,
)
from layers.lexicon import ASSET, load_lexicon
from layers.model import DEFAULT_STATUSES, Feature
from layers.spill import RowStore
from layers.store import DocumentTable, Store, document_hash

#: Below this many documents everything runs in this process (starting workers costs more).
PARALLEL_MIN_DOCS = PARALLEL_MIN_ITEMS

__all__ = [
    "PARALLEL_MIN_DOCS",
    "Engine",
    "build_layers",
    "default_workers",
    "document_result",
    "extract_all",
    "prepare",
]

#: What one document gives: its features, its unplaced names, (doc_id, manifest record); or
#: :class:`~geo.guard.Failed` when guarded and it failed.
Result = tuple[list[Feature], int, tuple[str, dict[str, Any]]]


class Engine(Protocol):
    """Somewhere else to run the per-document work (:func:`document_result` on each)."""

    def map_documents(
        self, documents: Iterable[Document], *, guard: bool
    ) -> Iterator[Result | Failed]:
        """The result of every document, in document order; ``guard``: a failing document
        gives :class:`~geo.guard.Failed` (see :func:`geo.guard.guarded`), else raises."""
        ...


def document_result(state: tuple[Any, Any, Any], doc: Document, *, guard: bool) -> Any:
    """What :func:`extract_all` needs of one document, computed with ``state`` (from
    :func:`prepare`): a :data:`Result`, or :class:`~geo.guard.Failed` when ``guard``."""
    if guard:
        return guarded(partial(_features, state), doc)
    return _features(state, doc)


def prepare() -> tuple[Any, Any, Any]:
    """The default geoparser, lexicon and gazetteer (what an engine's worker loads once)."""
    return _prepare(None, None, None)


def _prepare(geoparser: Any, lexicon: Any, gazetteer: Any) -> tuple[Any, Any, Any]:
    if geoparser is None:
        geoparser = Geoparser(gazetteer=gazetteer) if gazetteer is not None else Geoparser()
    if gazetteer is None:
        gazetteer = getattr(geoparser, "gazetteer", None)
    if lexicon is None:
        lexicon = load_lexicon()
    return geoparser, lexicon, gazetteer


def _features(
    state: tuple[Any, Any, Any], doc: Document
) -> tuple[list[Feature], int, tuple[str, dict[str, Any]]]:
    geoparser, lexicon, gazetteer = state
    parsed = geoparser.parse(doc)
    features = extract_features(parsed, gazetteer=gazetteer, lexicon=lexicon)
    # what facts need beyond the features: the document's text fingerprint (wire copies
    # count once) and the named system a subject is about; and for --update, its hash
    fp = fingerprint(doc.text)
    record = (doc.doc_id, {"sha256": document_hash(doc), "fingerprint": fp})
    if features:
        for f in features:
            f.extra[FINGERPRINT] = fp
            if "system" not in f.extra:
                system = _system(lexicon, f.subject)
                if system:
                    f.extra["system"] = system
    return features, unplaced_names(parsed), record


def _system(lexicon: Any, subject: str) -> str:
    """The canonical name of the equipment ``subject`` names, "" when none."""
    for m in lexicon.scan(subject):
        term = m.term
        if term.channel == ASSET and not term.generic and term.name not in lexicon.ship_prefixes:
            return str(term.name)
    return ""


def extract_all(
    documents: Iterable[Document],
    *,
    geoparser: Any = None,
    lexicon: Any = None,
    gazetteer: Any = None,
    workers: int | None = None,
    stats: dict[str, int] | None = None,
    documents_seen: dict[str, dict[str, Any]] | None = None,
    on_error: Callable[[InputError], None] | None = None,
    engine: Engine | None = None,
) -> Iterator[Feature]:
    """The features of every document, lazily, in document order.

    ``geoparser`` defaults to a :class:`geo.parse.Geoparser` on ``gazetteer`` (the embedded
    gazetteer when None); ``lexicon`` is the extraction lexicon
    (:func:`layers.lexicon.load_lexicon`, loaded once when None). ``workers``: processes to
    use (None: :func:`default_workers`; inputs under :data:`PARALLEL_MIN_DOCS` documents run
    in this process). Documents are read in this process, so ``on_error`` callbacks of
    :func:`geo.documents.read_documents` run here. ``stats``, when given, counts
    ``unplaced``: names the geoparser could only put at a document's main place, which carry
    no feature (:func:`layers.extract.unplaced_names`). ``documents_seen``, when given, gets
    doc_id -> {"sha256", "fingerprint"} of every document (the layer set's manifest).
    ``on_error``, when given, is called with an :class:`~geo.errors.InputError` for each
    document whose processing failed (naming its file and line) and the batch goes on;
    without it the failure raises. ``engine``, when given, runs the per-document work instead
    of this process and its forked workers (e.g. :class:`layers.dask_engine.DaskEngine`; it
    uses the default geoparser and lexicon, so ``geoparser``, ``lexicon``, ``gazetteer`` and
    ``workers`` are then unused); results come back in document order all the same.
    """
    results: Iterable[Any]
    if engine is not None:
        results = engine.map_documents(documents, guard=on_error is not None)
    else:
        state = _prepare(geoparser, lexicon, gazetteer)
        func: Callable[[Document], Any] = partial(_features, state)
        if on_error is not None:
            func = partial(guarded, func)
        results = parallel_map(func, documents, workers=workers)
    for result in results:
        if isinstance(result, Failed):
            if on_error is not None:
                on_error(result.error())
            continue
        features, unplaced, (doc_id, record) = result
        if stats is not None:
            stats["unplaced"] = stats.get("unplaced", 0) + unplaced
        if documents_seen is not None:
            documents_seen[doc_id] = record
        yield from features


def build_layers(
    documents: Iterable[Document],
    *,
    geoparser: Any = None,
    lexicon: Any = None,
    gazetteer: Any = None,
    workers: int | None = None,
    stats: dict[str, int] | None = None,
    previous: Store | None = None,
    run_date: str = "",
    on_error: Callable[[InputError], None] | None = None,
    engine: Engine | None = None,
    statuses: Iterable[str] | None = DEFAULT_STATUSES,
) -> LayerFrames:
    """Geoparse documents, extract their posture statements and group them into facts.

    Parameters
    ----------
    documents : iterable of Document
        The articles, e.g. :func:`geo.documents.read_documents`; read once, lazily.
    geoparser, lexicon, gazetteer : optional
        A :class:`geo.parse.Geoparser`, a :class:`layers.lexicon.Lexicon` and a gazetteer
        to use instead of the shipped ones.
    workers : int, optional
        Worker processes (default: the CPUs available, at most 8); the result is the same
        for any number.
    stats : dict, optional
        Filled with counts, as for :func:`extract_all` (``unplaced``, ``unchanged``).
    previous : Store, optional
        :func:`layers.store.read_store` of an existing set makes this an update: documents
        it holds unchanged are not extracted again, changed ones replace their statements,
        and every fact gets ``first_seen``/``last_seen``: ``run_date`` when it is new or got
        a statement from a document of this run, else what it had.
    run_date : str
        The date of this run (YYYY-MM-DD), for ``previous``.
    on_error : callable, optional
        Gets each document that fails as an :class:`~geo.errors.InputError` and the batch
        goes on; without it, the error is raised.
    engine : Engine, optional
        Runs the per-document extraction elsewhere (:func:`make_engine`, e.g. the Dask
        engine); the facts are grouped here all the same, so the output does not change.
    statuses : iterable of str, optional
        The fact statuses the layers keep (default :data:`layers.model.DEFAULT_STATUSES`:
        facts only denied or only possible are left out; ``None``: all). The statements
        table keeps every statement either way.

    Returns
    -------
    LayerFrames
        One GeoDataFrame per layer of :data:`layers.model.LAYERS` (see
        :func:`layers.frames.features_to_frames`); its ``documents`` is the manifest's
        document table.
    """
    check_statuses(statuses)  # before any work
    tracked = previous is not None
    previous = previous or Store()
    # the manifest's documents, spilled to disk beyond a batch (the records of every
    # document would otherwise grow with the corpus)
    seen_docs = DocumentTable()
    fresh: set[str] = set()  # only needed to leave out what the previous set held
    keep_fresh = bool(previous.documents or previous.rows)

    def wanted(docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            old = previous.documents.get(doc.doc_id)
            if old is not None and old["sha256"] == document_hash(doc):
                if stats is not None:
                    stats["unchanged"] = stats.get("unchanged", 0) + 1
                continue
            if keep_fresh:
                fresh.add(doc.doc_id)
            yield doc

    # statement rows: what grouping reads in memory, the rest spilled to disk past a batch
    rows = RowStore()
    ids: set[str] = set()  # their feature ids
    systems: dict[str, str] = {}
    # the fingerprint of a document with features is its record's, read from the manifest's
    # table when the copies are clustered; kept here only when that record is replaced (a
    # doc_id given twice: the first with features counts) or missing
    fingerprints: dict[str, Any] = {}
    featured: set[str] = set()

    class Seen:
        def __setitem__(self, doc_id: str, record: dict[str, Any]) -> None:
            if doc_id in featured and doc_id not in fingerprints and doc_id in seen_docs:
                old = seen_docs[doc_id].get("fingerprint")
                if old:
                    fingerprints[doc_id] = old
            seen_docs[doc_id] = record

    for f in extract_all(
        wanted(documents),
        geoparser=geoparser,
        lexicon=lexicon,
        gazetteer=gazetteer,
        workers=workers,
        stats=stats,
        documents_seen=Seen(),  # type: ignore[arg-type]
        on_error=on_error,
        engine=engine,
    ):
        row = statement_row(f)
        if row["feature_id"] in ids:
            continue
        ids.add(row["feature_id"])
        rows.add(row)
        if f.extra.get("system"):
            systems[row["feature_id"]] = str(f.extra["system"])
        if f.extra.get(FINGERPRINT) and f.doc_id not in fingerprints and f.doc_id not in featured:
            featured.add(f.doc_id)
            if f.doc_id not in seen_docs:
                fingerprints[f.doc_id] = f.extra[FINGERPRINT]
    before: dict[str, str] = {}  # statement id -> its fact id in the previous set
    for row in previous.rows:
        if row["doc_id"] in fresh or row["feature_id"] in ids:
            continue
        ids.add(row["feature_id"])
        rows.add(row)
        before[row["feature_id"]] = str(row.get("fact_id") or "")
        if row["feature_id"] in previous.systems:
            systems[row["feature_id"]] = previous.systems[row["feature_id"]]
    manifest = seen_docs  # the documents of this run, then the previous set's others
    for d, v in previous.documents.items():
        if d not in fresh:  # this run's documents are all in fresh
            manifest[d] = v
    track = partial(_seen_dates, before=before, previous=previous.seen, run_date=run_date)
    del ids
    frames = rows_to_frames(
        rows,
        systems,
        _Fingerprints(fingerprints, manifest),
        track=track if tracked else None,
        statuses=statuses,
    )
    frames.documents = manifest
    return frames


class _Fingerprints:
    """doc_id -> fingerprint: those seen on features first, else the manifest's (read from
    its table when asked, so they are not all held at once)."""

    def __init__(self, own: dict[str, Any], manifest: Mapping[str, Mapping[str, Any]]):
        self.own, self.manifest = own, manifest

    def __getitem__(self, doc_id: str) -> Any:
        if doc_id in self.own:
            return self.own[doc_id]
        v = self.manifest[doc_id].get("fingerprint")
        if not v:
            raise KeyError(doc_id)
        return v

    def get(self, doc_id: str, default: Any = None) -> Any:
        try:
            return self[doc_id]
        except KeyError:
            return default


def _seen_dates(
    statements: list[dict[str, Any]],
    before: dict[str, str],
    previous: dict[str, tuple[str, str]],
    run_date: str,
) -> dict[str, tuple[str, str]]:
    """first_seen/last_seen of every fact: a statement new in this run makes it last seen
    now (and first seen now when none of its statements was in the previous set)."""
    seen: dict[str, tuple[str, str]] = {}
    for st in statements:
        fact = st["fact_id"]
        old_fact = before.get(st["feature_id"])
        first, last = seen.get(fact, ("", ""))
        if old_fact is None:  # a statement of this run
            first, last = first or run_date, run_date
        else:
            a, b = previous.get(old_fact, (run_date, run_date))
            first = min(x for x in (first, a) if x) if (first or a) else ""
            last = max(last, b)
        seen[fact] = (first, last)
    return seen
