"""layers.store: the manifest written in batches is json.dumps' bytes; the document table
spills to disk, keeps doc_id order and removes its file."""

from __future__ import annotations

import json
import tempfile

import pytest

from layers.copies import fingerprint
from layers.store import DocumentTable, manifest_bytes, statements_jsonl


def _reference(documents, seen) -> bytes:  # what manifest_bytes wrote as one json.dumps
    from layers.store import _fp_json

    docs = {
        d: {"sha256": str(v.get("sha256") or ""), "fingerprint": _fp_json(v.get("fingerprint"))}
        for d, v in sorted(documents.items())
    }
    facts = {f: {"first_seen": a, "last_seen": b} for f, (a, b) in sorted(seen.items()) if a}
    body = {"posture_layers": 1, "documents": docs, "facts": facts}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, indent=1)
    return (text + "\n").encode("utf-8", "surrogatepass")


DOCS = {
    "b": {"sha256": "x" * 64, "fingerprint": fingerprint("one two three four five six")},
    'a\n"é\ud800': {"sha256": "y", "fingerprint": None},
    "Z": {"sha256": "", "fingerprint": {"prefix": "", "minhash": b""}},
    "€": {"sha256": "z", "fingerprint": {"prefix": "p", "minhash": b"\x00\xff"}},
}


@pytest.mark.parametrize(
    ("documents", "seen"),
    [
        ({}, {}),
        (DOCS, {}),
        ({}, {"f1": ("2024-01-01", "2024-01-02")}),
        (DOCS, {"f2": ("2024-01-01", "2024-02-01"), "f1": ("", ""), "f0": ("2023-01-01", "x")}),
    ],
)
def test_manifest_streams_the_bytes_of_one_dump(documents, seen):
    assert manifest_bytes(documents, seen) == _reference(documents, seen)


def test_manifest_from_a_spilled_table_is_the_same(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    table = DocumentTable(batch=2)
    for d, v in DOCS.items():
        table[d] = v
    table["b"] = DOCS["b"]  # again: replaced, not doubled
    assert table.path is not None and table.path.exists()
    assert len(table) == 4 and list(table) == sorted(DOCS)  # code point order, as sorted()
    assert "Z" in table and "nope" not in table and table.get("nope") is None
    assert table["b"]["fingerprint"] == DOCS["b"]["fingerprint"]
    assert table['a\n"é\ud800'] == {"sha256": "y", "fingerprint": None}
    assert manifest_bytes(table, {}) == _reference(DOCS, {})
    table.close()
    assert list(tmp_path.iterdir()) == []


def test_statements_jsonl_in_batches(monkeypatch):
    import layers.store as store

    rows = [{"feature_id": str(i), "quote": "q\u2028", "start": i} for i in range(7)]
    whole = statements_jsonl(rows)
    monkeypatch.setattr(store, "WRITE_BATCH", 2)
    assert statements_jsonl(rows) == whole and whole.count(b"\n") == 7
