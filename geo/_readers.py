"""Reading sources by input kind: paths, directories, standard input, one-document streams
(text, Markdown, HTML) and JSON Lines streams.

The mechanics only (finding, opening, size caps, decoding, line splitting, error reporting and
duplicate ids); what a document is made of (title, dates, HTML extraction, record fields) is
:mod:`geo.documents`'s, passed in as :class:`Batch` converters. The public entry point is
:func:`geo.documents.read_documents`.
"""

from __future__ import annotations

import codecs
import io
import logging
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from geo._files import (
    kind_of,
    open_regular,
    os_reason,
    printable,
    read_capped,
    read_line_capped,
    walk,
)
from geo.errors import InputError
from geo.model import Document
from geo.spill import SpillFile

# Messages keep the public module's logger name.
logger = logging.getLogger("geo.documents")

#: File extensions read, lower case, mapped to their format.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}
_EXPECTED = ", ".join(EXTENSIONS)
_SNIFF_BYTES = 8192

#: (batch, text, source name, doc_id, format) -> the document, or None after batch.error
ToDocument = Callable[["Batch", str, str, str, str], "Document | None"]
#: (line, byte offset, source name, line number, default date) -> the document; raises
#: InputError
ToRecord = Callable[[bytes, int, str, int, str], Document]


def read(sources: Iterable[str | os.PathLike[str]], batch: Batch) -> Iterator[Document]:
    """Every document of ``sources``, in order; problems go to ``batch.error``."""
    try:
        for source in sources:
            yield from _read_source(batch, source)
    finally:
        batch.close()


STDIN = "-"
_STDIN_NAME = "<stdin>"


#: Document ids a :class:`SeenIds` keeps in memory before it spills them to disk.
SEEN_BATCH = 20_000


class SeenIds:
    """doc_id -> where it was read, for duplicate ids: at most ``batch`` in memory, the
    rest in a temporary SQLite file (plain text columns), removed by :meth:`close`, when
    collected, or at exit. So memory does not grow with the number of documents read."""

    def __init__(self, batch: int | None = None) -> None:
        self.batch = max(1, int(SEEN_BATCH if batch is None else batch))
        self._buffer: dict[str, str] = {}
        self._spill = SpillFile(
            "posture-ids-", "CREATE TABLE seen (id BLOB PRIMARY KEY, at TEXT) WITHOUT ROWID"
        )

    @property
    def path(self) -> Path | None:
        """The spill file, once ids were spilled."""
        return self._spill.path

    def get(self, doc_id: str) -> str | None:
        where = self._buffer.get(doc_id)
        db = self._spill.db
        if where is None and db is not None:
            row = db.execute("SELECT at FROM seen WHERE id = ?", (_blob(doc_id),)).fetchone()
            where = None if row is None else str(row[0])
        return where

    def __setitem__(self, doc_id: str, where: str) -> None:
        self._buffer[doc_id] = where
        if len(self._buffer) >= self.batch:
            db = self._spill.connect()
            db.executemany(
                "INSERT OR REPLACE INTO seen VALUES (?, ?)",
                ((_blob(d), w) for d, w in self._buffer.items()),
            )
            db.commit()
            self._buffer.clear()

    def close(self) -> None:
        """Remove the spill file (the ids are forgotten)."""
        self._buffer.clear()
        self._spill.close()


def _blob(doc_id: str) -> bytes:
    return doc_id.encode("utf-8", "surrogatepass")


class Batch:
    """One batch: its settings, how its documents are made, error reporting and duplicate
    detection across all sources."""

    def __init__(
        self,
        on_error: Callable[[InputError], None] | None,
        default: str,
        max_bytes: int | None,
        to_document: ToDocument,
        to_record: ToRecord,
    ) -> None:
        self._on_error = on_error
        self.to_document = to_document
        self.to_record = to_record
        self.default = default
        self.max_bytes = max_bytes
        self._seen = SeenIds()  # doc_id -> "path" or "path:line"

    def close(self) -> None:
        """Forget the ids seen (removes their spill file)."""
        self._seen.close()

    def error(self, err: InputError) -> None:
        if self._on_error is None:
            raise err
        self._on_error(err)

    def claim(self, doc_id: str, where: str, *, line: int | None = None, path: str = "") -> bool:
        """Whether ``doc_id`` is new in the batch (else an error naming both places)."""
        first = self._seen.get(doc_id)
        if first is not None:
            self.error(
                InputError(
                    f"duplicate document id {doc_id!r} (first seen at {first}); skipped",
                    path=path or where,
                    line=line,
                )
            )
            return False
        self._seen[doc_id] = where
        return True


# -- sources: a path, a directory, standard input ----------------------------------------


def _read_source(batch: Batch, source: str | os.PathLike[str]) -> Iterator[Document]:
    try:
        path = Path(os.fspath(source))
    except TypeError:
        batch.error(InputError(f"not a path: {source!r}"))
        return
    if os.fspath(source) == STDIN:
        yield from _read_stdin(batch)
        return
    name = printable(str(path))
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        batch.error(InputError("no such file or directory", path=name))
        return
    except OSError as err:  # e.g. a name too long, a symlink loop
        batch.error(InputError(os_reason(err), path=name))
        return
    if stat.S_ISDIR(mode):
        yield from _read_directory(batch, path)
        return
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        suffix = printable(path.suffix) or "(none)"
        batch.error(
            InputError(
                f"unsupported file type {suffix!r} (expected one of {_EXPECTED})",
                path=name,
            )
        )
    elif not stat.S_ISREG(mode):
        batch.error(InputError(f"not a regular file ({kind_of(mode)}); skipped", path=name))
    else:
        yield from _read_file(batch, path, fmt)


def _read_stdin(batch: Batch) -> Iterator[Document]:
    """Standard input: JSON Lines when it starts with ``{``, HTML with ``<``, else text."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # no standard input (a daemon), or a text-only stand-in
        batch.error(InputError("standard input is not available", path=_STDIN_NAME))
        return
    try:
        has_peek = hasattr(stream, "peek")
        head = stream.peek(_SNIFF_BYTES) if has_peek else stream.read(_SNIFF_BYTES)
    except OSError as err:
        batch.error(InputError(os_reason(err), path=_STDIN_NAME))
        return
    head = head[:_SNIFF_BYTES]
    if not has_peek:
        stream = io.BufferedReader(_Prefixed(head, stream))
    first = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1]
    if first == b"{":
        yield from _read_jsonl(batch, stream, _STDIN_NAME)
    else:
        fmt = "html" if first == b"<" else "text"
        yield from _read_whole(batch, stream, _STDIN_NAME, "stdin", fmt)


def _read_directory(batch: Batch, root: Path) -> Iterator[Document]:
    count = 0
    files = 0

    def walk_error(where: str, reason: str) -> None:
        batch.error(InputError(reason, path=printable(where)))

    for path, fmt in walk(root, EXTENSIONS, walk_error):
        files += 1
        for doc in _read_file(batch, path, fmt):
            count += 1
            yield doc
    if count == 0:
        detail = (
            f"none of its {files} document file(s) could be read"
            if files
            else f"no files with extension {_EXPECTED}"
        )
        batch.error(
            InputError(f"directory has no readable documents ({detail})", path=printable(str(root)))
        )


def _read_file(batch: Batch, path: Path, fmt: str) -> Iterator[Document]:
    name = printable(str(path))
    logger.debug("reading %s", name)
    try:
        fh = open_regular(path)
    except OSError as err:
        batch.error(InputError(os_reason(err), path=name))
        return
    with fh:
        if fmt == "jsonl":
            yield from _read_jsonl(batch, fh, name)
        else:
            yield from _read_whole(batch, fh, name, printable(path.stem), fmt)


# -- one stream, one document (text, Markdown, HTML) -----------------------------------------


def _read_whole(batch: Batch, fh: BinaryIO, name: str, doc_id: str, fmt: str) -> Iterator[Document]:
    text = _read_text(batch, fh, name)
    if text is None:
        return
    doc = batch.to_document(batch, text, name, doc_id, fmt)
    if doc is not None and batch.claim(doc.doc_id, name):
        yield doc


def _read_text(batch: Batch, fh: BinaryIO, name: str) -> str | None:
    """The stream's text (at most ``max_bytes`` of it), or None after an error."""
    try:
        data, cut = read_capped(fh, batch.max_bytes)
    except OSError as err:
        batch.error(InputError(os_reason(err), path=name))
        return None
    if b"\x00" in data:
        batch.error(InputError("binary file (contains NUL bytes), not UTF-8 text", path=name))
        return None
    try:
        text = _decode(data)
    except _DecodeError as err:
        batch.error(InputError(err.reason, path=name, line=err.line))
        return None
    if cut:
        logger.warning(
            "%s: longer than %d bytes (--max-bytes); the rest is left out", name, batch.max_bytes
        )
    return text


def _read_jsonl(batch: Batch, fh: BinaryIO, name: str) -> Iterator[Document]:
    for raw, start, lineno in _jsonl_lines(batch, fh, name):
        try:
            doc = batch.to_record(raw, start, name, lineno, batch.default)
        except InputError as err:
            batch.error(err)
            continue
        if batch.claim(doc.doc_id, f"{name}:{lineno}", line=lineno, path=name):
            yield doc


def _jsonl_lines(batch: Batch, fh: BinaryIO, name: str) -> Iterator[tuple[bytes, int, int]]:
    """The stream's non-blank lines of at most ``max_bytes``: (line, byte offset, 1-based
    line number); an over-long line is an error."""
    records = 0
    head = fh.peek(_SNIFF_BYTES)[:_SNIFF_BYTES] if hasattr(fh, "peek") else b""
    if b"\x00" in head:
        batch.error(InputError("binary file (contains NUL bytes), not UTF-8 JSON Lines", path=name))
        return
    offset = 0
    lineno = 0
    while True:
        try:
            raw, cut = read_line_capped(fh, batch.max_bytes)
        except OSError as err:
            batch.error(InputError(os_reason(err), path=name, line=lineno + 1))
            return
        if not raw:
            break
        lineno += 1
        start = offset
        offset += len(raw)
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
            start += len(codecs.BOM_UTF8)
        if not raw.strip():
            continue
        records += 1
        if cut:
            reason = f"record longer than {batch.max_bytes} bytes (--max-bytes); skipped"
            batch.error(InputError(reason, path=name, line=lineno))
            continue
        yield raw, start, lineno
    if records == 0:
        batch.error(InputError("empty document (no JSON Lines records)", path=name))


class _Prefixed(io.RawIOBase):
    """A raw stream: ``head`` (already read) and then the rest of ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        if self._head:
            n = min(len(buf), len(self._head))
            buf[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buf))
        buf[: len(data)] = data
        return len(data)


class _DecodeError(Exception):
    def __init__(self, reason: str, line: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


def _decode(data: bytes) -> str:
    """UTF-8 (BOM dropped); an error says at which byte offset and line."""
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as err:
        pos = bom + err.start
        line = data.count(b"\n", 0, pos) + 1
        raise _DecodeError(
            f"invalid UTF-8 at byte offset {pos} (byte 0x{data[pos]:02x})", line
        ) from None
