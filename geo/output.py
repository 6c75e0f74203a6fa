"""Atomic output: write to a temporary file beside the target, then rename over it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from geo.errors import OutputError


def check_writable(path: str | os.PathLike[str], *, overwrite: bool) -> Path:
    """Fail early, before any work, when ``path`` exists and ``overwrite`` is False."""
    p = Path(path)
    if p.exists() and not overwrite:
        raise OutputError(f"{p}: exists (use --overwrite to replace it)")
    if p.exists() and p.is_dir():
        raise OutputError(f"{p}: is a directory")
    if not p.parent.exists():
        raise OutputError(f"{p.parent}: directory does not exist")
    return p


@contextmanager
def atomic_open(
    path: str | os.PathLike[str], mode: str = "w", *, overwrite: bool = False
) -> Iterator[IO]:
    """Open a temporary file; on success it replaces ``path`` in one rename.

    On any error the temporary file is removed and ``path`` is left untouched.
    """
    p = check_writable(path, overwrite=overwrite)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    kwargs = {"encoding": "utf-8", "newline": "\n"} if "b" not in mode else {}
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write(
    path: str | os.PathLike[str], data: str | bytes, *, overwrite: bool = False
) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path, "wb" if isinstance(data, bytes) else "w", overwrite=overwrite) as fh:
        fh.write(data)
