"""A temporary SQLite file for what outgrows memory on a large corpus (document ids seen,
per-document records, statement rows).

    spill = SpillFile("posture-ids-", "CREATE TABLE seen (id BLOB PRIMARY KEY, at TEXT)")
    db = spill.connect()    # made on first use: a new file in the temporary directory
    spill.close()           # closes and removes it (also when the owner is collected)

Plain columns only: nothing read back runs code. Durability is off (journal and syncs):
the file lives as long as one run.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import weakref
from pathlib import Path
from typing import Any

__all__ = ["SpillFile"]


class SpillFile:
    """A temporary SQLite database made on first :meth:`connect` with ``schema``; removed
    by :meth:`close`, when this object is collected, or at interpreter exit."""

    def __init__(self, prefix: str, schema: str) -> None:
        self._prefix = prefix
        self._schema = schema
        self.db: sqlite3.Connection | None = None
        self.path: Path | None = None
        self._finalizer: weakref.finalize[Any, Any] | None = None

    def connect(self) -> sqlite3.Connection:
        """The database, made (file and schema) on first use."""
        if self.db is None:
            fd, name = tempfile.mkstemp(prefix=self._prefix, suffix=".sqlite")
            os.close(fd)
            db = sqlite3.connect(name)
            self._finalizer = weakref.finalize(self, _drop, db, name)
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("PRAGMA synchronous=OFF")
            db.execute(self._schema)
            self.path = Path(name)
            self.db = db
        return self.db

    def close(self) -> None:
        """Close the database and remove its file (a later :meth:`connect` makes a new one)."""
        if self._finalizer is not None:
            self._finalizer()
        self.db = None
        self._finalizer = None


def _drop(db: sqlite3.Connection, path: str) -> None:
    db.close()
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
