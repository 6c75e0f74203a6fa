"""Statement rows kept on disk while the facts are grouped: memory that does not grow with
the text of the corpus.

    store = RowStore()                      # spills to a temporary SQLite file past a batch
    key = store.add(row)                    # a RowKey: what grouping and sorting read
    full = store.load(key)                  # the whole row again (a new dict)
    store.close()                           # removes the spill file

Grouping statements into facts (:mod:`layers.facts`) reads a few short fields of every
statement; the rest (quote, mention, geometry, ...) is needed only for the fact's best
statement and when the statements are written. So :class:`RowStore` keeps a
:class:`RowKey` per row in memory (those fields, and the row's place already reduced to
what :func:`layers.facts.same_place` compares) and the whole rows in a buffer of at most
``batch`` rows, then in a temporary SQLite file: each row as JSON (its plain values) and its
geometry as WKB, so nothing read back runs code. Rows come back equal to what was added
(JSON keeps the key order, str, int and float values; WKB the coordinates).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import shapely

from geo.spill import SpillFile
from layers.facts import site

__all__ = ["SPILL_BATCH", "RowKey", "RowStore", "StatementList"]

#: Rows (or documents) kept in memory before the rest is spilled to disk.
SPILL_BATCH = 2000
#: Rows read back from the spill at a time.
READ_BATCH = 500

_KEY_FIELDS = (
    "layer",
    "kind",
    "subject",
    "feature_id",
    "doc_id",
    "start",
    "status",
    "gazetteer_id",
    "place",
    "location_precision",
    "date",
    "date_precision",
    "attachment",
    "confidence",
    "published",
    "doc_title",
    "doc_url",
)

#: Key fields whose values repeat across statements (doc_id, title and URL are one object
#: per document already; feature ids, offsets and confidences hardly repeat).
_SHARED = tuple(
    f
    for f in _KEY_FIELDS
    if f not in ("feature_id", "doc_id", "start", "confidence", "doc_title", "doc_url")
)


class RowKey:
    """What the grouping of facts reads of a statement row (``key["subject"]``,
    ``key.get("published")``), its place as :func:`layers.facts.site` gives it, its index in
    its :class:`RowStore`; and, once grouped, its ``fact_id``, ``stance`` and ``system``."""

    __slots__ = (*_KEY_FIELDS, "index", "site", "fact_id", "stance", "system")

    def __init__(
        self, row: Mapping[str, Any], index: int, intern: Callable[[Any], Any] | None = None
    ) -> None:
        for name in _KEY_FIELDS:
            setattr(self, name, row.get(name))
        self.index = index
        place = site(row)
        if intern is not None:  # one string for the many statements with the same value
            for name in _SHARED:
                setattr(self, name, intern(getattr(self, name)))
            place = (intern(place[0]), intern(place[1]), place[2], place[3])
        self.site = place
        self.fact_id = self.stance = self.system = ""

    def __getitem__(self, name: str) -> Any:
        try:
            return getattr(self, name)
        except AttributeError:
            raise KeyError(name) from None

    def get(self, name: str, default: Any = None) -> Any:
        return getattr(self, name, default)


def _plain(value: Any) -> Any:
    """numpy scalars as Python numbers, for JSON."""
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    raise TypeError(f"{type(value).__name__} is not a plain value")


class RowStore:
    """Statement rows: :class:`RowKey` in memory, whole rows in a buffer of ``batch`` and
    beyond it in a temporary SQLite file (removed by :meth:`close`, when the store is
    collected, or at exit)."""

    def __init__(self, batch: int | None = None) -> None:
        self.batch = max(1, int(SPILL_BATCH if batch is None else batch))
        self.keys: list[RowKey] = []
        self._buffer: dict[int, dict[str, Any]] = {}
        self._spill = SpillFile(
            "posture-statements-",
            "CREATE TABLE rows (idx INTEGER PRIMARY KEY, row TEXT, geom BLOB)",
        )
        self._strings: dict[Any, Any] = {}

    def _intern(self, value: Any) -> Any:
        if type(value) is not str:
            return value
        return self._strings.setdefault(value, value)

    @classmethod
    def of(cls, rows: Sequence[Mapping[str, Any]]) -> RowStore:
        """A store of rows already in memory (never spilled)."""
        store = cls(batch=len(rows) + 1)
        for row in rows:
            store.add(row)
        return store

    def add(self, row: Mapping[str, Any]) -> RowKey:
        key = RowKey(row, len(self.keys), self._intern)
        self.keys.append(key)
        self._buffer[key.index] = dict(row)
        if len(self._buffer) >= self.batch:
            self._flush()
        return key

    def __len__(self) -> int:
        return len(self.keys)

    # ---- spill
    @property
    def path(self) -> Path | None:
        """The spill file, once rows were spilled."""
        return self._spill.path

    def _open(self) -> sqlite3.Connection:
        return self._spill.connect()

    def _flush(self) -> None:
        if not self._buffer:
            return
        db = self._open()
        db.executemany("INSERT INTO rows VALUES (?, ?, ?)", map(_encode, self._buffer.items()))
        db.commit()
        self._buffer.clear()

    def close(self) -> None:
        """Remove the spill file; rows that were spilled cannot be loaded any more."""
        self._spill.close()

    # ---- read back
    def load(self, key: RowKey) -> dict[str, Any]:
        """The whole row of ``key`` (a new dict)."""
        return self.load_many([key])[0]

    def load_many(self, keys: Sequence[RowKey]) -> list[dict[str, Any]]:
        """The whole rows of ``keys``, in that order."""
        found: dict[int, dict[str, Any]] = {}
        wanted = []
        for k in keys:
            row = self._buffer.get(k.index)
            if row is not None:
                found[k.index] = dict(row)
            else:
                wanted.append(k.index)
        if wanted:
            db = self._spill.db
            if db is None:
                raise KeyError(wanted[0])
            for start in range(0, len(wanted), READ_BATCH):
                part = wanted[start : start + READ_BATCH]
                marks = ",".join("?" * len(part))
                query = f"SELECT idx, row, geom FROM rows WHERE idx IN ({marks})"  # noqa: S608
                for idx, text, geom in db.execute(query, part):
                    found[idx] = _decode(text, geom)
        return [found[k.index] for k in keys]


def _encode(item: tuple[int, dict[str, Any]]) -> tuple[int, str, bytes | None]:
    index, row = item
    geometry = row.get("geometry")
    plain = {k: v for k, v in row.items() if k != "geometry"}
    # the geometry's place in the key order comes back with it
    order = list(row).index("geometry") if "geometry" in row else -1
    text = json.dumps([order, plain], default=_plain)
    wkb = None if geometry is None else bytes(shapely.to_wkb(geometry))
    return index, text, wkb


def _decode(text: str, geom: bytes | None) -> dict[str, Any]:
    order, plain = json.loads(text)
    if order < 0:
        return dict(plain)
    items = list(plain.items())
    items.insert(order, ("geometry", None if geom is None else shapely.from_wkb(geom)))
    return dict(items)


class StatementList(Sequence[dict[str, Any]]):
    """The statements of a layer set, in order, as dicts (the row with ``fact_id``,
    ``stance`` and ``system``), loaded from their :class:`RowStore` as they are read."""

    def __init__(self, keys: list[RowKey], store: RowStore) -> None:
        self.keys, self.store = keys, store

    def __len__(self) -> int:
        return len(self.keys)

    def _full(self, keys: Sequence[RowKey]) -> list[dict[str, Any]]:
        out = self.store.load_many(keys)
        for st, k in zip(out, keys, strict=True):
            st["fact_id"] = k.fact_id
            st["stance"] = k.stance
            st["system"] = k.system
        return out

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return self._full(self.keys[i])
        return self._full([self.keys[i]])[0]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for start in range(0, len(self.keys), READ_BATCH):
            yield from self._full(self.keys[start : start + READ_BATCH])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StatementList | list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def close(self) -> None:
        """Remove the rows' spill file."""
        self.store.close()
