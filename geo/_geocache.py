"""A small on-disk cache of online geocoder answers (sqlite3, JSON values).

Safe with several processes (sqlite locking, a busy timeout) and threads (one lock per
cache object). A corrupt cache file is moved aside and recreated. The cache never breaks
geocoding: when it cannot be used it logs a warning and turns itself off.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

logger = logging.getLogger(__name__)

CACHE_FILE = "geocode-cache.sqlite3"
_SCHEMA = "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT NOT NULL, at REAL)"
_MISSING = object()


def default_cache_path() -> Path:
    """``<user cache dir>/posture/geocode-cache.sqlite3``."""
    return Path(user_cache_dir("posture")) / CACHE_FILE


def cache_key(*parts: Any) -> str:
    """A stable text key for JSON-able ``parts`` (other values by ``repr``)."""
    return json.dumps(
        parts, sort_keys=True, separators=(",", ":"), default=repr, ensure_ascii=False
    )


class GeocodeCache:
    """Key -> JSON value store in one sqlite3 file."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._disabled = False

    def __repr__(self) -> str:
        return f"GeocodeCache({str(self.path)!r})"

    def get(self, key: str) -> Any:
        """The cached value, or :data:`MISSING` when ``key`` is not cached."""
        with self._lock:
            conn = self._connect()
            if conn is None:
                return _MISSING
            try:
                row = conn.execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error as err:
                self._fail("read", err)
                return _MISSING
        if row is None:
            return _MISSING
        try:
            return json.loads(row[0])
        except ValueError:
            return _MISSING

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` (JSON-able) under ``key``."""
        try:
            data = json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError) as err:
            logger.debug("not caching a value that is not JSON: %s", err)
            return
        with self._lock:
            conn = self._connect()
            if conn is None:
                return
            try:
                with conn:
                    conn.execute(
                        "INSERT OR REPLACE INTO answers (key, value, at) VALUES (?, ?, ?)",
                        (key, data, time.time()),
                    )
            except sqlite3.Error as err:
                self._fail("write", err)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- internals ---------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        if self._disabled:
            return None
        if self._conn is not None:
            return self._conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._conn = self._open()
            except sqlite3.DatabaseError as err:
                if not _is_corrupt(err) or not self.path.exists():
                    raise
                aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
                logger.warning(
                    "%s: geocoder cache is corrupt (%s); moved to %s and recreated",
                    self.path,
                    err,
                    aside,
                )
                os.replace(self.path, aside)
                self._conn = self._open()
        except (OSError, sqlite3.Error) as err:
            self._fail("open", err)
            return None
        return self._conn

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        try:
            conn.execute(_SCHEMA)
            conn.execute("SELECT count(*) FROM answers WHERE key = ''").fetchone()
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    def _fail(self, action: str, err: Exception) -> None:
        logger.warning(
            "%s: cannot %s the geocoder cache (%s); caching disabled", self.path, action, err
        )
        self._disabled = True
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _is_corrupt(err: sqlite3.DatabaseError) -> bool:
    """SQLITE_CORRUPT or SQLITE_NOTADB, not e.g. a lock held too long by another process."""
    code = getattr(err, "sqlite_errorcode", None)  # Python >= 3.11
    if code is not None:
        return code & 0xFF in (11, 26)
    return type(err) is sqlite3.DatabaseError


MISSING = _MISSING
