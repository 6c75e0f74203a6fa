"""Near-identical documents (wire copies): one fingerprint per document, then clusters.

    fp = fingerprint(doc.text)                 # per document, in the worker (picklable)
    canon = copy_clusters({doc_id: fp, ...}, published={doc_id: "2024-05-01", ...})
    canon["d2"] == "d1"                        # d2 is a copy of d1 (or of the same story)

Two documents are copies when their first :data:`PREFIX_CHARS` normalised characters are
the same (both texts at least that long), or when the MinHash estimate of the Jaccard
similarity of their word 5-gram sets is at least :data:`JACCARD`. Candidate pairs come from
locality-sensitive hashing (:data:`BANDS` bands of :data:`ROWS` hashes), so clustering is
linear in the number of documents; clusters are the transitive closure of the pairs.
Everything is deterministic (hashes from :mod:`hashlib`, fixed seeds; no Python ``hash``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

import numpy as np

PREFIX_CHARS = 300
SHINGLE = 5
JACCARD = 0.8
BANDS, ROWS = 32, 4
NUM_HASHES = BANDS * ROWS

_WORD = re.compile(r"\w+")
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_K = np.uint64(0x9E3779B97F4A7C15)
_SEEDS = np.array(
    [
        int.from_bytes(hashlib.blake2b(b"posture-minhash-%d" % i, digest_size=8).digest(), "big")
        for i in range(NUM_HASHES)
    ],
    dtype=np.uint64,
)


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser (uint64 arithmetic wraps)."""
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    out: np.ndarray = z ^ (z >> np.uint64(31))
    return out


def _mix_inplace(z: np.ndarray) -> np.ndarray:
    """:func:`_mix` overwriting ``z`` (one scratch array instead of a new one per step)."""
    t = np.empty_like(z)
    for shift, mult in ((_S30, _M1), (_S27, _M2)):
        np.right_shift(z, shift, out=t)
        np.bitwise_xor(z, t, out=z)
        np.multiply(z, mult, out=z)
    np.right_shift(z, _S31, out=t)
    np.bitwise_xor(z, t, out=z)
    return z


_S27, _S30, _S31 = np.uint64(27), np.uint64(30), np.uint64(31)


def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "big")


# Word -> _word_hash(word), shared by the documents of a run (news words repeat); emptied
# when it reaches _WORD_CACHE_MAX entries, so memory stays bounded.
_word_hashes: dict[str, int] = {}
_WORD_CACHE_MAX = 200_000


def _hashes(words: list[str]) -> np.ndarray:
    cache = _word_hashes
    if len(cache) > _WORD_CACHE_MAX:
        cache.clear()
    for x in dict.fromkeys(words):
        if x not in cache:
            cache[x] = _word_hash(x)
    return np.fromiter(map(cache.__getitem__, words), dtype=np.uint64, count=len(words))


def fingerprint(text: str) -> dict[str, Any]:
    """The fingerprint of a document text: ``{"prefix": str, "minhash": bytes}`` (``prefix``
    is "" when the normalised text is shorter than :data:`PREFIX_CHARS`). Linear in the text."""
    words = _WORD.findall(text.casefold())
    norm = " ".join(words)
    prefix = ""
    if len(norm) >= PREFIX_CHARS:
        prefix = hashlib.sha1(norm[:PREFIX_CHARS].encode("utf-8")).hexdigest()
    if not words:
        return {"prefix": prefix, "minhash": b""}
    w = _hashes(words)
    n = max(1, len(w) - SHINGLE + 1)
    with np.errstate(over="ignore"):
        s = w[:n].copy()
        for j in range(1, min(SHINGLE, len(w))):
            s = _mix(s * _K + w[j : j + n])
        # the minimum over the shingles for each seed (repeated shingles change no minimum,
        # so they are not removed first)
        sig = _mix_inplace(s[None, :] ^ _SEEDS[:, None]).min(axis=1)
    return {"prefix": prefix, "minhash": sig.astype(">u8").tobytes()}


def similarity(a: bytes, b: bytes) -> float:
    """MinHash estimate of the Jaccard similarity of two fingerprints' shingle sets."""
    if not a or not b or len(a) != len(b):
        return 0.0
    x = np.frombuffer(a, dtype=">u8")
    y = np.frombuffer(b, dtype=">u8")
    return float(np.mean(x == y))


def copy_clusters(
    fingerprints: Mapping[str, dict[str, Any] | None],
    published: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """doc_id -> the doc_id standing for its cluster of copies (itself when alone): the
    earliest published member (undated ones last), then the smallest doc_id.

    Memory: the signatures in one array (1 KB a document), the LSH bands grouped by sorting
    that array, one band at a time, and the candidate pairs as integer arrays."""
    published = published or {}
    docs = sorted(fingerprints)
    n = len(docs)
    parent = list(range(n))  # indices in doc_id order, so the root is the smallest doc_id

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    sigs = np.zeros((n, NUM_HASHES), dtype=np.uint64)
    valid = np.zeros(n, dtype=bool)
    prefixes: dict[str, int] = {}
    for i, d in enumerate(docs):
        fp = fingerprints[d] or {}
        prefix = fp.get("prefix") or ""
        if prefix:
            if prefix in prefixes:
                union(prefixes[prefix], i)
            else:
                prefixes[prefix] = i
        sig = fp.get("minhash") or b""
        if len(sig) == NUM_HASHES * 8:
            sigs[i] = np.frombuffer(bytes(sig), dtype=">u8")
            valid[i] = True
    del prefixes
    for a, b in _candidate_pairs(sigs, np.flatnonzero(valid), n):
        union(int(a), int(b))
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    out: dict[str, str] = {}
    for members in groups.values():
        head = min(
            (docs[i] for i in members),
            key=lambda d: (not published.get(d, ""), published.get(d, ""), d),
        )
        for i in members:
            out[docs[i]] = head
    return out


_PAIR_CHUNK = 4096


def _candidate_pairs(sigs: np.ndarray, idx: np.ndarray, n: int) -> list[tuple[np.int64, np.int64]]:
    """The pairs (a, b), a < b, of similar signatures (:func:`similarity` >= :data:`JACCARD`)
    among the candidates of the LSH bands: in each bucket (the documents sharing a band, in
    index order) each member against the bucket's first and its predecessor."""
    pairs = np.zeros(0, dtype=np.int64)  # a * n + b, unique
    if len(idx) > 1:
        positions = np.arange(len(idx))
        for band in range(BANDS):
            keys = sigs[idx, band * ROWS : (band + 1) * ROWS]
            order = np.lexsort((idx, *(keys[:, r] for r in reversed(range(ROWS)))))
            keys, members = keys[order], idx[order]
            new = np.ones(len(idx), dtype=bool)
            new[1:] = np.any(keys[1:] != keys[:-1], axis=1)
            first = np.maximum.accumulate(np.where(new, positions, 0))
            later = ~new
            b = members[later].astype(np.int64)
            found = [members[first[later]].astype(np.int64) * n + b]
            found.append(members[positions[later] - 1].astype(np.int64) * n + b)
            pairs = np.unique(np.concatenate([pairs, *found]))
    out: list[tuple[np.int64, np.int64]] = []
    for start in range(0, len(pairs), _PAIR_CHUNK):
        chunk = pairs[start : start + _PAIR_CHUNK]
        a, b = chunk // n, chunk % n
        same = (sigs[a] == sigs[b]).mean(axis=1) >= JACCARD
        out.extend(zip(a[same], b[same], strict=True))
    return out
