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
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import shape

from geo.errors import InputError
from geo.model import Document
from layers.encode import csv_bytes, geometry_to_geojson

__all__ = [
    "MANIFEST_NAME",
    "STATEMENTS_NAME",
    "STATEMENT_FIELDS",
    "Store",
    "document_hash",
    "manifest_bytes",
    "read_store",
    "statements_jsonl",
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
    text = "".join(statement_line(st) + "\n" for st in statements)
    return text.encode("utf-8", "surrogatepass")


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
    docs = {
        d: {"sha256": str(v.get("sha256") or ""), "fingerprint": _fp_json(v.get("fingerprint"))}
        for d, v in sorted(documents.items())
    }
    facts = {f: {"first_seen": a, "last_seen": b} for f, (a, b) in sorted(seen.items()) if a}
    body = {"posture_layers": MANIFEST_VERSION, "documents": docs, "facts": facts}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, indent=1)
    return (text + "\n").encode("utf-8", "surrogatepass")


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


def store_files(frames: Any, format: str = "geojson") -> dict[str, bytes]:
    """The files written beside the layers of ``frames`` (a :class:`layers.frames.LayerFrames`;
    plain frame dicts have no statements): ``statements.jsonl``, ``statements.csv`` for the
    CSV format, and ``manifest.json``."""
    statements = list(getattr(frames, "statements", []) or [])
    files = {STATEMENTS_NAME: statements_jsonl(statements)}
    if format == "csv":
        files["statements.csv"] = statements_csv(statements)
    documents = getattr(frames, "documents", {}) or {}
    files[MANIFEST_NAME] = manifest_bytes(documents, getattr(frames, "seen", {}) or {})
    return files


def statements_frame(statements: list[Mapping[str, Any]]) -> Any:
    """The statements as a GeoDataFrame (columns :data:`STATEMENT_FIELDS`, EPSG:4326)."""
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
