"""The installed version of posture (the ``posture-mapper`` distribution).

``importlib.metadata`` takes about 40 ms to import, so it is loaded when a version is first
asked for (``posture --version``, the online geocoders' User-Agent), not by every command.
"""

from __future__ import annotations

from geo.lazy import lazy_module

__all__ = ["DISTRIBUTION", "version"]

DISTRIBUTION = "posture-mapper"

metadata = lazy_module("importlib.metadata")


def version(default: str) -> str:
    """The installed version, or ``default`` when posture runs from a source tree that was
    not installed."""
    try:
        return str(metadata.version(DISTRIBUTION))
    except metadata.PackageNotFoundError:
        return default
