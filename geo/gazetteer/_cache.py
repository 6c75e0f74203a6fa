"""The gazetteer index's cache directory: the fingerprint that names a build, the files'
names, and the sweep that removes what killed or outdated builds left behind.

Fingerprint: the build and format versions, the *contents* of the project's own source files
(data files and build code, a few hundred KB), and for each third-party package its version and
its data files' sizes. Nothing is imported to compute it (packages are located with
``importlib.util.find_spec``), and nothing in it depends on where a checkout lives or when it
was cloned, so two checkouts of the same sources share one cache file.

Sweep (on every load; one directory listing when there is nothing to do):

- the cache in use gets its mtime refreshed once a day, so mtime means "last used";
- other fingerprints' caches (this format's and the old ``.pickle`` ones) are kept while they
  were used in the last :data:`MAX_AGE_S` seconds, at most :data:`KEEP_OTHERS` of them;
- temporary files of builds are removed once no process holds them: a builder keeps an
  ``flock`` on its temporary file until it has renamed it, and the kernel drops that lock when
  the builder dies (``kill -9`` included). Where ``flock`` is unavailable, and for the old
  ``.gazetteer.XXXXXXXX`` temporary files, after :data:`TEMP_MAX_AGE_S`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
import time
from pathlib import Path
from types import ModuleType

from geo.gazetteer import _build
from geo.gazetteer._store import FORMAT_VERSION

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock, the age rule alone applies
    fcntl = None

logger = logging.getLogger(__name__)

KEEP_OTHERS = 4
MAX_AGE_S = 30 * 86400
TEMP_MIN_AGE_S = 10  # a builder creates its temporary file, then locks it: never race that
TEMP_MAX_AGE_S = 3600
_TOUCH_AFTER_S = 86400

_CACHE = re.compile(r"gazetteer-([0-9a-f]{16})\.(?:idx|pickle)")
_TEMP = re.compile(r"\.gazetteer-[0-9a-f]{16}\.\d+\.[0-9a-f]+\.tmp")
_LEGACY_TEMP = re.compile(r"\.gazetteer\.[A-Za-z0-9_]{8}")  # tempfile.mkstemp(prefix=".gazetteer.")


def cache_name(fingerprint: str) -> str:
    return f"gazetteer-{fingerprint}.idx"


def lock_name(fingerprint: str) -> str:
    return f"gazetteer-{fingerprint}.lock"


def temp_name(fingerprint: str) -> str:
    return f".gazetteer-{fingerprint}.{os.getpid()}.{os.urandom(4).hex()}.tmp"


# -- fingerprint --------------------------------------------------------------------------------
def _dist_versions(site: Path) -> dict[str, str]:
    """Normalised distribution name -> version, from the ``*.dist-info``/``*.egg-info`` names
    in one site directory (what importlib.metadata reads, without its import cost)."""
    out: dict[str, str] = {}
    try:
        with os.scandir(site) as it:
            for entry in it:
                stem, dot, ext = entry.name.rpartition(".")
                if dot and ext in ("dist-info", "egg-info"):
                    project, _, version = stem.partition("-")
                    if version:
                        out.setdefault(_norm(project), version.partition("-")[0])
    except OSError:
        pass
    return out


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def fingerprint() -> str:
    h = hashlib.sha256(
        f"posture-gazetteer build={_build.BUILD_VERSION} format={FORMAT_VERSION}\n".encode()
    )
    geo_root = Path(_build.__file__).resolve().parent.parent
    for p in _build.own_source_files():
        try:
            digest = hashlib.sha256(p.read_bytes()).hexdigest()
        except OSError:
            digest = "missing"
        try:
            name = p.resolve().relative_to(geo_root).as_posix()
        except ValueError:
            name = p.name
        h.update(f"own {name} {digest}\n".encode())
    sites: dict[Path, dict[str, str]] = {}
    for pkg, rels in _build.PACKAGE_SOURCES:
        root = _build.package_dir(pkg)
        if root is None:
            h.update(f"pkg {pkg} missing\n".encode())
            continue
        if root.parent not in sites:
            sites[root.parent] = _dist_versions(root.parent)
        version = sites[root.parent].get(_norm(pkg))
        for rel in rels:
            try:
                st = (root / rel).stat()
            except OSError:
                sig = "missing"
            else:  # without a version to go by, the mtime tells a reinstall
                sig = f"{st.st_size}" if version else f"{st.st_size}:{st.st_mtime_ns}"
            h.update(f"pkg {pkg} {version or '?'} {rel} {sig}\n".encode())
    return h.hexdigest()[:16]


# -- sweep --------------------------------------------------------------------------------------
def _temp_in_use(path: Path) -> bool | None:
    """Whether a live process holds the builder's lock on a temporary file (None: cannot tell)."""
    if fcntl is None:  # pragma: no cover - Windows
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
    except FileNotFoundError:
        return True  # renamed meanwhile: its builder is publishing it
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return None
    finally:
        os.close(fd)
    return False


def lock_temp(fd: int) -> None:
    """Held by a builder on its temporary file until it is renamed (see :func:`sweep`)."""
    if fcntl is None:  # pragma: no cover - no flock here: the age rule applies
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # pragma: no cover - no flock here: the age rule applies
        pass


def _remove(path: Path, why: str) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as err:
        logger.debug("cannot remove %s (%s)", path, err)
        return
    logger.info("removed %s (%s)", path, why)


def sweep(directory: Path, current: Path) -> None:
    """Tidy the cache directory around ``current`` (the index in use); never raises."""
    now = time.time()
    others: list[tuple[float, Path]] = []
    try:
        with os.scandir(directory) as it:
            entries = [(e.name, e.stat(follow_symlinks=False)) for e in it]
    except OSError:
        return
    for name, st in entries:
        if not stat.S_ISREG(st.st_mode):
            continue
        path = directory / name
        age = now - st.st_mtime
        if name == current.name:
            if age > _TOUCH_AFTER_S:
                try:
                    os.utime(path)
                except OSError:
                    pass
        elif _CACHE.fullmatch(name):
            others.append((st.st_mtime, path))
        elif _TEMP.fullmatch(name):
            if age < TEMP_MIN_AGE_S:
                continue
            in_use = _temp_in_use(path)
            if in_use is False or (in_use is None and age > TEMP_MAX_AGE_S):
                _remove(path, "left by an interrupted build")
        elif _LEGACY_TEMP.fullmatch(name) and age > TEMP_MAX_AGE_S:
            _remove(path, "left by an interrupted build")
    others.sort(reverse=True)
    for rank, (mtime, path) in enumerate(others):
        if rank >= KEEP_OTHERS:
            _remove(path, f"more than {KEEP_OTHERS} other gazetteer builds in the cache")
        elif now - mtime > MAX_AGE_S:
            _remove(path, f"unused for {MAX_AGE_S // 86400} days")
