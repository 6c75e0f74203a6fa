"""The statements behind the facts, and the manifest of a layer set.

Beside its layer files, ``posture layers`` writes

- ``statements.jsonl``: one line per statement, sorted: the fact it belongs to
  (``fact_id``), its own status, ``stance`` ("reports" or "denies"), date, place, quote and
  offsets, document provenance, and its geometry (GeoJSON). It is also the store
  ``--update`` rebuilds the facts from.
- ``manifest.json``: per document a content hash and its text fingerprint (wire copies),
  and per fact its ``first_seen``/``last_seen`` run dates when the set is kept up to date.

    rows = statement_rows(frames.statements)          # what statements.jsonl holds
    store = read_store(directory)                     # Store | None
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import shape

from geo.errors import InputError
from geo.model import Document
from geo.spill import SpillFile
from layers.encode import csv_bytes, geometry_to_geojson

__all__ = [
    "MANIFEST_NAME",
    "DocumentTable",
    "STATEMENTS_NAME",
    "STATEMENT_FIELDS",
    "Store",
    "document_hash",
    "manifest_bytes",
    "read_store",
    "statements_jsonl",
    "write_manifest",
    "write_statements",
]

STATEMENTS_NAME = "statements.jsonl"
MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
#: Fields of a statement line, in order (then "geometry").
STATEMENT_FIELDS = (
    "fact_id",
    "feature_id",
    "layer",
    "kind",
    "subject",
    "status",
    "stance",
    "date",
    "date_precision",
    "place",
    "gazetteer_id",
    "location_precision",
    "attachment",
    "mention",
    "start",
    "end",
    "quote",
    "quote_start",
    "doc_id",
    "doc_title",
    "doc_url",
    "published",
    "actor",
    "quantity",
    "confidence",
    "range_km",
    "system",
)
_INT = ("start", "end", "quote_start")
#: Documents a :class:`DocumentTable` keeps in memory before it spills them to disk.
SPILL_BATCH = 2000
#: Lines (statements, manifest entries) encoded and written at a time.
WRITE_BATCH = 1000
_FLOAT = ("confidence", "range_km")


def document_hash(doc: Document) -> str:
    """What makes a document the same document for ``--update``: its text and metadata."""
    h = hashlib.sha256()
    for part in (doc.doc_id, doc.title, doc.url, doc.published, doc.text):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _number(value: Any, kind: type) -> Any:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return kind(0)
    if not math.isfinite(x):
        return kind(0)
    return int(round(x)) if kind is int else x


def statement_line(st: Mapping[str, Any]) -> str:
    out: dict[str, Any] = {}
    for key in STATEMENT_FIELDS:
        value = st.get(key, "")
        if key in _INT:
            value = _number(value, int)
        elif key in _FLOAT:
            value = round(_number(value, float), 6)
        else:
            value = "" if value is None else str(value)
        out[key] = value
    out["geometry"] = geometry_to_geojson(st.get("geometry"))
    return json.dumps(out, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def statements_jsonl(statements: Iterable[Mapping[str, Any]]) -> bytes:
    """``statements.jsonl``: one JSON object a line, in the given (sorted) order."""
    buf = io.BytesIO()
    write_statements(buf, statements)
    return buf.getvalue()


def write_statements(out: IO[bytes], statements: Iterable[Mapping[str, Any]]) -> None:
    """Write :func:`statements_jsonl` to ``out`` in batches of :data:`WRITE_BATCH` lines
    (never the whole file in memory)."""
    lines: list[str] = []
    for st in statements:
        lines.append(statement_line(st) + "\n")
        if len(lines) >= WRITE_BATCH:
            out.write("".join(lines).encode("utf-8", "surrogatepass"))
            lines.clear()
    if lines:
        out.write("".join(lines).encode("utf-8", "surrogatepass"))


def _fp_json(fp: Any) -> Any:
    if not isinstance(fp, Mapping):
        return None
    minhash = fp.get("minhash") or b""
    return {
        "prefix": str(fp.get("prefix") or ""),
        "minhash": base64.b64encode(bytes(minhash)).decode("ascii"),
    }


def _fp_back(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        return None
    try:
        minhash = base64.b64decode(str(value.get("minhash") or ""), validate=True)
    except ValueError:
        return None
    return {"prefix": str(value.get("prefix") or ""), "minhash": minhash}


def manifest_bytes(
    documents: Mapping[str, Mapping[str, Any]], seen: Mapping[str, tuple[str, str]]
) -> bytes:
    """``manifest.json``: ``documents`` doc_id -> {"sha256", "fingerprint"}; ``seen`` fact
    id -> (first_seen, last_seen) run dates (empty for a set built in one run)."""
    buf = io.BytesIO()
    write_manifest(buf, documents, seen)
    return buf.getvalue()


def _json_member(key: str, value: Any) -> str:
    """``"key": value`` as ``json.dumps(..., sort_keys=True, indent=1)`` writes a member of
    a dict nested one level down (strings never hold a raw newline, so lines are layout)."""
    text = json.dumps({key: value}, ensure_ascii=False, sort_keys=True, indent=1)
    return text[2:-2].replace("\n", "\n ")  # drop "{\n" and "\n}", indent one more


def _write_members(out: IO[bytes], members: Iterable[tuple[str, Any]]) -> None:
    """A sorted dict of the manifest's top level, as json.dumps(indent=1) writes it."""
    chunks: list[str] = []
    first = True
    for key, value in members:
        chunks.append(("{\n " if first else ",\n ") + _json_member(key, value))
        first = False
        if len(chunks) >= WRITE_BATCH:
            out.write("".join(chunks).encode("utf-8", "surrogatepass"))
            chunks.clear()
    chunks.append("{}" if first else "\n }")
    out.write("".join(chunks).encode("utf-8", "surrogatepass"))


def write_manifest(
    out: IO[bytes],
    documents: Mapping[str, Mapping[str, Any]],
    seen: Mapping[str, tuple[str, str]],
) -> None:
    """Write :func:`manifest_bytes` to ``out`` document by document (the same bytes as one
    ``json.dumps``, without the whole text in memory)."""
    # a DocumentTable gives its items sorted, read back in batches
    items = documents.items() if isinstance(documents, DocumentTable) else sorted(documents.items())
    docs = (
        (d, {"sha256": str(v.get("sha256") or ""), "fingerprint": _fp_json(v.get("fingerprint"))})
        for d, v in items
    )
    out.write(b'{\n "documents": ')
    _write_members(out, docs)
    out.write(b',\n "facts": ')
    facts = ((f, {"first_seen": a, "last_seen": b}) for f, (a, b) in sorted(seen.items()) if a)
    _write_members(out, facts)
    out.write(b',\n "posture_layers": %d\n}\n' % MANIFEST_VERSION)


class DocumentTable(Mapping[str, dict[str, Any]]):
    """doc_id -> {"sha256", "fingerprint"} (the manifest's documents) that keeps at most
    ``batch`` documents in memory: beyond that they are spilled to a temporary SQLite file
    (plain columns; nothing read back runs code), removed by :meth:`close` (or when the
    table is collected, or at exit). Iteration is in doc_id order. Values read back from
    the spill are normalised as the manifest writes them (``sha256`` a str, ``fingerprint``
    None or {"prefix": str, "minhash": bytes})."""

    def __init__(self, batch: int | None = None) -> None:
        self.batch = max(1, int(SPILL_BATCH if batch is None else batch))
        self._buffer: dict[str, dict[str, Any]] = {}
        self._spill = SpillFile(
            "posture-documents-",
            "CREATE TABLE docs (id BLOB PRIMARY KEY, sha256 TEXT, has_fp INTEGER,"
            " prefix TEXT, minhash BLOB) WITHOUT ROWID",
        )

    # ---- spill
    @property
    def path(self) -> Path | None:
        """The spill file, once documents were spilled."""
        return self._spill.path

    @property
    def _db(self) -> sqlite3.Connection | None:
        return self._spill.db

    def _open(self) -> sqlite3.Connection:
        return self._spill.connect()

    def _flush(self) -> None:
        if not self._buffer:
            return
        db = self._open()
        db.executemany(
            "INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?)",
            (_spill_row(d, v) for d, v in self._buffer.items()),
        )
        db.commit()
        self._buffer.clear()

    def close(self) -> None:
        """Remove the spill file (the table is then empty)."""
        self._buffer.clear()
        self._spill.close()

    # ---- mapping
    def __setitem__(self, doc_id: str, value: Mapping[str, Any]) -> None:
        self._buffer[doc_id] = dict(value)
        if len(self._buffer) >= self.batch:
            self._flush()

    def __getitem__(self, doc_id: str) -> dict[str, Any]:
        value = self._buffer.get(doc_id)
        if value is not None:
            return value
        if self._db is not None:
            row = self._db.execute(
                "SELECT sha256, has_fp, prefix, minhash FROM docs WHERE id = ?", (_key(doc_id),)
            ).fetchone()
            if row is not None:
                return _spill_value(row)
        raise KeyError(doc_id)

    def __contains__(self, doc_id: object) -> bool:
        if doc_id in self._buffer:
            return True
        if self._db is None or not isinstance(doc_id, str):
            return False
        found = self._db.execute("SELECT 1 FROM docs WHERE id = ?", (_key(doc_id),)).fetchone()
        return found is not None

    def __len__(self) -> int:
        if self._db is None:
            return len(self._buffer)
        self._flush()
        return int(self._db.execute("SELECT count(*) FROM docs").fetchone()[0])

    def __iter__(self) -> Iterator[str]:
        for doc_id, _ in self.items():
            yield doc_id

    def items(self) -> Iterator[tuple[str, dict[str, Any]]]:  # type: ignore[override]
        """(doc_id, value) in doc_id order, read back in batches."""
        if self._db is None:
            yield from sorted(self._buffer.items())
            return
        self._flush()
        # BLOB order is byte order; UTF-8 (surrogates passed) keeps code point order
        cur = self._db.execute("SELECT id, sha256, has_fp, prefix, minhash FROM docs ORDER BY id")
        while rows := cur.fetchmany(WRITE_BATCH):
            for row in rows:
                yield bytes(row[0]).decode("utf-8", "surrogatepass"), _spill_value(row[1:])


def _key(doc_id: str) -> bytes:
    return doc_id.encode("utf-8", "surrogatepass")


def _spill_row(doc_id: str, value: Mapping[str, Any]) -> tuple[Any, ...]:
    fp = value.get("fingerprint")
    sha = str(value.get("sha256") or "")
    if not isinstance(fp, Mapping):
        return (_key(doc_id), sha, 0, "", b"")
    return (_key(doc_id), sha, 1, str(fp.get("prefix") or ""), bytes(fp.get("minhash") or b""))


def _spill_value(row: Sequence[Any]) -> dict[str, Any]:
    sha, has_fp, prefix, minhash = row
    fp = {"prefix": str(prefix), "minhash": bytes(minhash)} if has_fp else None
    return {"sha256": str(sha), "fingerprint": fp}


@dataclass
class Store:
    """What an existing layer set says about itself (see :func:`read_store`)."""

    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    seen: dict[str, tuple[str, str]] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    systems: dict[str, str] = field(default_factory=dict)


def read_store(directory: str | Path) -> Store | None:
    """The manifest and statements of a layer set, or None when ``directory`` has no
    manifest (not a set written by ``posture layers``). A damaged file is an
    :class:`~geo.errors.InputError` naming it (and the line)."""
    d = Path(directory)
    mpath = d / MANIFEST_NAME
    if not mpath.is_file():
        return None
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise InputError(f"cannot read the manifest ({err})", path=str(mpath)) from err
    if not isinstance(manifest, dict) or manifest.get("posture_layers") != MANIFEST_VERSION:
        raise InputError("not a posture layers manifest (version 1)", path=str(mpath))
    store = Store()
    for doc_id, v in (manifest.get("documents") or {}).items():
        if isinstance(v, Mapping):
            store.documents[str(doc_id)] = {
                "sha256": str(v.get("sha256") or ""),
                "fingerprint": _fp_back(v.get("fingerprint")),
            }
    for fact_id, v in (manifest.get("facts") or {}).items():
        if isinstance(v, Mapping):
            first, last = v.get("first_seen") or "", v.get("last_seen") or ""
            store.seen[str(fact_id)] = (str(first), str(last))
    spath = d / STATEMENTS_NAME
    if not spath.is_file():
        raise InputError("missing beside the manifest", path=str(spath))
    with open(spath, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                geometry = shape(rec["geometry"]) if rec.get("geometry") else None
            except (ValueError, KeyError, TypeError, AttributeError) as err:
                raise InputError(f"bad statement ({err})", path=str(spath), line=n) from err
            row = {k: rec.get(k, "") for k in STATEMENT_FIELDS}
            for k in _INT:
                row[k] = _number(row[k], int)
            for k in _FLOAT:
                row[k] = _number(row[k], float)
            row["geometry"] = geometry
            if row["system"]:
                store.systems[str(row["feature_id"])] = str(row["system"])
            store.rows.append(row)
    return store


#: What :func:`store_files` gives for a file: its bytes, or a function writing them to a
#: binary file (so a large file is written in batches, never whole in memory).
FileContent = bytes | Callable[[IO[bytes]], None]


def store_files(frames: Any, format: str = "geojson") -> dict[str, FileContent]:
    """The files written beside the layers of ``frames`` (a :class:`layers.frames.LayerFrames`;
    plain frame dicts have no statements): ``statements.jsonl``, ``statements.csv`` for the
    CSV format, and ``manifest.json``. The statements and the manifest come as writers
    (see :data:`FileContent`; :func:`layers.export.write_layers` takes both kinds)."""
    statements = getattr(frames, "statements", None) or []
    files: dict[str, FileContent] = {
        STATEMENTS_NAME: partial(write_statements, statements=statements)
    }
    if format == "csv":
        files["statements.csv"] = statements_csv(list(statements))
    documents = getattr(frames, "documents", None)
    if documents is None:
        documents = {}
    seen = getattr(frames, "seen", None) or {}
    files[MANIFEST_NAME] = partial(write_manifest, documents=documents, seen=seen)
    return files


def statements_frame(statements: Iterable[Mapping[str, Any]]) -> Any:
    """The statements as a GeoDataFrame (columns :data:`STATEMENT_FIELDS`, EPSG:4326)."""
    statements = list(statements)  # read once (a StatementList loads them from disk)
    data = {}
    for key in STATEMENT_FIELDS:
        values = [st.get(key, "") for st in statements]
        if key in _INT:
            data[key] = pd.Series([_number(v, int) for v in values], dtype="int64")
        elif key in _FLOAT:
            data[key] = pd.Series([_number(v, float) for v in values], dtype="float64")
        else:
            data[key] = pd.Series(["" if v is None else str(v) for v in values], dtype="str")
    geometry = gpd.GeoSeries([st.get("geometry") for st in statements], crs="EPSG:4326")
    return gpd.GeoDataFrame(data, geometry=geometry, crs="EPSG:4326")


def statements_csv(statements: list[Mapping[str, Any]]) -> bytes:
    """``statements.csv``: the statements as the layers' CSV (geometry as WKT)."""
    return csv_bytes(statements_frame(statements), "statements")
