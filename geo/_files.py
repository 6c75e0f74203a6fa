"""Safe file access for reading documents: an iterative directory walk, regular files only,
reads capped in size, and file names made printable.

Input is untrusted: a directory may nest thousands deep or loop through symlinks, a "file"
may be a FIFO (reading blocks forever) or a link to ``/dev/zero`` (never ends), and a name
may carry newlines, terminal escape sequences or bytes that are not UTF-8.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

logger = logging.getLogger(__name__)

#: Default cap on one document's size in bytes (``--max-bytes``).
DEFAULT_MAX_BYTES = 10_000_000

# C0 and C1 controls, DEL, lone surrogates and bidirectional overrides ("Trojan Source").
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(name: str) -> str:
    """``name`` safe to print on a terminal or write as UTF-8: bytes that were not UTF-8 (kept
    by the file system decoding as surrogates) become ``\\xNN``, control characters ``\\n``,
    ``\\x1b``... and other lone surrogates ``\\udNNN``. Printable names are unchanged."""
    if not _UNPRINTABLE.search(name):
        return name
    try:  # undo the file system's surrogateescape: b"\xff" -> "\\xff"
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        pass
    return _UNPRINTABLE.sub(_escape, name)


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def valid_text(text: str) -> str:
    """``text`` with each lone surrogate (from a JSON ``\\ud800`` escape) replaced by U+FFFD,
    so that it can be written as UTF-8; one character for one, so offsets are unchanged."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text)
    return text


class NotRegular(OSError):
    """A path that is not a regular file (a FIFO, a device, a socket, a directory)."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, what in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return what
    return "a special file"


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open ``path`` for binary reading only if it is a regular file (checked on the open
    descriptor, so a FIFO swapped in meanwhile never blocks); else :class:`NotRegular`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(f"not a regular file ({kind_of(mode)})")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_capped(fh: BinaryIO, max_bytes: int | None) -> tuple[bytes, bool]:
    """Up to ``max_bytes`` of ``fh`` (cut at a UTF-8 character boundary) and whether more
    was left unread; ``None`` reads everything."""
    if max_bytes is None:
        return fh.read(), False
    data = fh.read(max_bytes + 1)
    if len(data) <= max_bytes:
        return data, False
    cut = max_bytes
    while cut > 0 and max_bytes - cut < 3 and data[cut] & 0xC0 == 0x80:
        cut -= 1  # do not split a multi-byte character
    return data[:cut], True


def read_line_capped(fh: BinaryIO, max_bytes: int | None) -> tuple[bytes, bool]:
    """The next line of ``fh`` (``b""`` at the end) and whether it was longer than
    ``max_bytes``: then only its start is returned and the rest is skipped, in chunks."""
    if max_bytes is None:
        return fh.readline(), False
    line = fh.readline(max_bytes + 1)
    if len(line) <= max_bytes or line.endswith(b"\n"):
        return line, False
    while True:  # skip the rest of the line without holding it
        chunk = fh.readline(1 << 16)
        if not chunk or chunk.endswith(b"\n"):
            return line[:max_bytes], True


def walk(
    root: Path,
    extensions: dict[str, str],
    on_error: Callable[[str, str], None],
) -> Iterator[tuple[Path, str]]:
    """``(path, format)`` of the document files under ``root``, depth first, in sorted order
    (the files of a directory before its subdirectories), iteratively (any depth).

    Hidden entries (name starting with ".") and files of unknown extension are skipped;
    symlinked directories are not followed (no loops) and a directory reached twice (bind
    mounts) is walked once. ``on_error(path, reason)`` is told of an unreadable directory and
    of a document-named entry that is not a regular file (FIFO, device, dangling link).
    """
    stack = [root]
    seen: set[tuple[int, int]] = set()
    while stack:
        directory = stack.pop()
        try:
            st = directory.stat()
            if (st.st_dev, st.st_ino) in seen:
                logger.debug("skipping %s: already walked", printable(str(directory)))
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            on_error(str(err.filename or directory), os_reason(err))
            continue
        subdirs: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if _is_dir(entry):
                if entry.is_symlink():
                    logger.debug("not following symlinked directory %s", printable(entry.path))
                else:
                    subdirs.append(Path(entry.path))
                continue
            fmt = extensions.get(os.path.splitext(entry.name)[1].lower())
            if fmt is None:
                logger.debug("skipping %s: not a known document type", printable(entry.name))
                continue
            try:
                mode = os.stat(entry.path).st_mode
            except OSError as err:
                on_error(entry.path, os_reason(err))
                continue
            if not stat.S_ISREG(mode):
                on_error(entry.path, f"not a regular file ({kind_of(mode)}); skipped")
                continue
            yield Path(entry.path), fmt
        stack.extend(reversed(subdirs))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def os_reason(err: OSError) -> str:
    """An OS error in a few words ("permission denied", "no such file or directory")."""
    if isinstance(err, NotRegular):
        return str(err)
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    return err.strerror or str(err)
