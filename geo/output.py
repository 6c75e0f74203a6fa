"""Atomic output that never clobbers: write temporary files beside the targets, then publish.

    with atomic_open("toponyms.jsonl", overwrite=False) as fh:   # one file
        fh.write(...)
    with atomic_files([a, b], overwrite=False) as (tmp_a, tmp_b):  # several, all or nothing
        write(tmp_a); write(tmp_b)

Rules, for every output posture writes:

- Nothing is written to a target until every temporary file is complete (fsynced); on any
  error (or Ctrl-C) the temporary files are removed and the targets are untouched.
- Without ``overwrite`` a target is created with link-no-replace semantics (``os.link`` of
  the temporary file to the final name), so a file that appeared while we worked is never
  replaced: that is an :class:`~geo.errors.OutputError`. Where hard links are not supported
  (some network and FAT file systems) the check falls back to "does it exist" just before the
  rename, which leaves a tiny race window.
- A target that is not a regular file (a symlink, a device, a FIFO, a directory) is never
  replaced, even with ``overwrite``.
- Temporary files are named ``.<target>.posture-<pid>-<random>.tmp[<suffix>]``. While any
  exists, SIGTERM and SIGHUP remove them before the process ends as the signal says; ones
  left by a killed run (SIGKILL, power loss) are removed by the next write to the same
  target when their process is gone and they are older than this run.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from geo.errors import OutputError

log = logging.getLogger(__name__)

#: Marks our temporary files: ``.<target><TEMP_TAG><pid>-<random>.tmp[<suffix>]``.
TEMP_TAG = ".posture-"
_TEMP_NAME = re.compile(r"^\.(?P<target>.+)\.posture-(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp(\.[^.]*)?$")
#: When this process started writing outputs, roughly: stale temporary files are older.
RUN_START = time.time()
#: errnos of os.link that mean "this file system has no hard links" (fall back to rename).
_NO_LINK = {errno.EPERM, errno.EXDEV, errno.ENOSYS, errno.EMLINK, errno.EACCES} | {
    getattr(errno, name) for name in ("ENOTSUP", "EOPNOTSUPP") if hasattr(errno, name)
}
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))

_lock = threading.Lock()
_temps: set[str] = set()
_previous: dict[int, Any] = {}
_owner = os.getpid()


# --------------------------------------------------------------------------- checks


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def refuse_special(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` exists (as a regular file); an OutputError when it exists as
    anything else (symlink, device, FIFO, socket, directory): posture never replaces those."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{path}: is {_kind(st.st_mode)}; refusing to replace it")
    return True


def check_writable(path: str | os.PathLike[str], *, overwrite: bool) -> Path:
    """Fail early, before any work: ``path`` exists and ``overwrite`` is False, it is not a
    regular file, or its directory does not exist."""
    p = Path(path)
    if refuse_special(p) and not overwrite:
        raise OutputError(f"{p}: exists (use --overwrite to replace it)")
    if not p.parent.is_dir():
        raise OutputError(f"{p.parent}: directory does not exist")
    return p


# --------------------------------------------------------------------------- temporary files


def _on_signal(signum: int, frame: Any) -> None:
    """Remove our temporary files, then let the signal do what it did before."""
    if os.getpid() == _owner:
        for name in list(_temps):
            try:
                os.unlink(name)
            except OSError:
                pass
        _temps.clear()
    previous = _previous.pop(signum, signal.SIG_DFL)
    signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install() -> None:
    """Install the cleanup handler (main thread only; a handler someone else set is kept)."""
    if threading.current_thread() is not threading.main_thread() or os.getpid() != _owner:
        return
    for signum in _SIGNALS:
        if signum in _previous:
            continue
        current = signal.getsignal(signum)
        if current not in (signal.SIG_DFL, None):
            continue  # the application handles it (or ignores it): leave that alone
        try:
            signal.signal(signum, _on_signal)
        except (ValueError, OSError):  # not the main interpreter, or not allowed
            continue
        _previous[signum] = current


def _uninstall() -> None:
    if threading.current_thread() is not threading.main_thread() or os.getpid() != _owner:
        return
    for signum, previous in list(_previous.items()):
        if signal.getsignal(signum) is _on_signal:
            signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
        del _previous[signum]


def register_temp(path: str | os.PathLike[str]) -> None:
    """Remove ``path`` if the process is told to terminate (SIGTERM, SIGHUP) before
    :func:`release_temp` is called for it."""
    with _lock:
        if not _temps:
            _install()
        _temps.add(os.fspath(path))


def release_temp(path: str | os.PathLike[str]) -> None:
    """Forget ``path`` (published or removed); the handler goes once none is left."""
    with _lock:
        _temps.discard(os.fspath(path))
        if not _temps:
            _uninstall()


def make_temp(path: str | os.PathLike[str]) -> Path:
    """A new empty temporary file beside ``path``, registered for cleanup on SIGTERM."""
    p = Path(path)
    fd, name = tempfile.mkstemp(
        prefix=f".{p.name}{TEMP_TAG}{os.getpid()}-", suffix=f".tmp{p.suffix}", dir=p.parent
    )
    os.close(fd)
    register_temp(name)
    return Path(name)


def discard_temp(path: str | os.PathLike[str]) -> None:
    """Remove a temporary file made by :func:`make_temp` (gone already is fine)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    finally:
        release_temp(path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0  # someone else's process (or a bogus number: keep the file)
    return True


def remove_stale_temps(directory: str | os.PathLike[str], targets: Sequence[str]) -> list[Path]:
    """Remove temporary files a killed run left for ``targets`` (file names) in ``directory``:
    our name pattern, a process that no longer runs, and older than this run. Returns them."""
    wanted = set(targets)
    removed: list[Path] = []
    try:
        with os.scandir(directory) as it:
            entries = list(it)
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP_NAME.match(entry.name)
        if not m or m.group("target") not in wanted:
            continue
        pid = int(m.group("pid"))
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or st.st_mtime >= RUN_START:
            continue
        if pid == os.getpid() or _alive(pid):
            continue
        try:
            os.unlink(entry.path)
        except OSError:
            continue
        log.info("removed a temporary file left by an interrupted run: %s", entry.name)
        removed.append(Path(entry.path))
    return removed


# --------------------------------------------------------------------------- publishing


def _link_no_replace(tmp: Path, path: Path) -> bool:
    """Give ``tmp`` the name ``path`` unless ``path`` exists. True: linked (tmp still there,
    to be unlinked); False: renamed (no hard links here)."""
    try:
        os.link(tmp, path)
        return True
    except FileExistsError:
        raise OutputError(
            f"{path}: appeared while writing; not replaced (use --overwrite to replace it)"
        ) from None
    except OSError as err:
        if err.errno not in _NO_LINK:
            raise
    log.debug("%s: no hard links here; publishing with a checked rename", path)
    if os.path.lexists(path):
        raise OutputError(
            f"{path}: appeared while writing; not replaced (use --overwrite to replace it)"
        )
    os.replace(tmp, path)
    return False


def publish(
    temps: Sequence[Path], paths: Sequence[Path], *, overwrite: bool, mode: int = 0o644
) -> None:
    """Give each finished temporary file its final name. Without ``overwrite`` no existing
    name is replaced, and if one appeared meanwhile none of ``paths`` is published."""
    for tmp in temps:
        os.chmod(tmp, mode)
    if overwrite:
        for p in paths:
            refuse_special(p)
        for tmp, p in zip(temps, paths, strict=True):
            refuse_special(p)
            os.replace(tmp, p)
            release_temp(tmp)
        return
    linked: list[tuple[Path, Path]] = []
    try:
        for tmp, p in zip(temps, paths, strict=True):
            if _link_no_replace(tmp, p):
                linked.append((tmp, p))
            else:
                release_temp(tmp)
    except BaseException:
        for tmp, p in linked:  # ours: same inode as our temporary file
            try:
                if os.path.samefile(tmp, p):
                    os.unlink(p)
            except OSError:
                pass
        raise
    for tmp, _ in linked:
        discard_temp(tmp)


@contextmanager
def atomic_files(
    paths: Sequence[str | os.PathLike[str]], *, overwrite: bool = False
) -> Iterator[list[Path]]:
    """Temporary files for ``paths``; when the block ends without error they are published
    (see :func:`publish`), otherwise removed. The parent directories must exist."""
    targets = [check_writable(p, overwrite=overwrite) for p in paths]
    for parent in sorted({p.parent for p in targets}):
        remove_stale_temps(parent, [p.name for p in targets if p.parent == parent])
    temps: list[Path] = []
    try:
        for p in targets:
            temps.append(make_temp(p))
        yield temps
        publish(temps, targets, overwrite=overwrite)
    finally:
        for tmp in temps:
            discard_temp(tmp)


def fsync_file(path: str | os.PathLike[str]) -> None:
    """Flush a file written by someone else (e.g. GDAL) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` (a temporary file) and flush it to disk."""
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def write_stream(path: str | os.PathLike[str], write: Callable[[IO[bytes]], None]) -> None:
    """Have ``write`` write to ``path`` (a temporary file, opened binary) and flush it to disk."""
    with open(path, "wb") as fh:
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())


@contextmanager
def atomic_open(
    path: str | os.PathLike[str], mode: str = "w", *, overwrite: bool = False
) -> Iterator[IO[Any]]:
    """Open a temporary file; on success it becomes ``path`` (see the module rules).

    On any error the temporary file is removed and ``path`` is left untouched.
    """
    kwargs: dict[str, Any] = {"encoding": "utf-8", "newline": "\n"} if "b" not in mode else {}
    with atomic_files([path], overwrite=overwrite) as (tmp,):
        with open(tmp, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())


def atomic_write(
    path: str | os.PathLike[str], data: str | bytes, *, overwrite: bool = False
) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path, "wb" if isinstance(data, bytes) else "w", overwrite=overwrite) as fh:
        fh.write(data)
