"""One exception tree for posture; each class also inherits the matching built-in."""

from __future__ import annotations


class PostureError(Exception):
    """Base class of every error posture raises on purpose."""


class InputError(PostureError, ValueError):
    """A source document could not be read or parsed.

    ``path`` and ``line`` (1-based, for JSON Lines) say where.
    """

    def __init__(self, message: str, *, path: str = "", line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = message
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)


class GazetteerError(PostureError, RuntimeError):
    """The embedded gazetteer could not be built or loaded."""


class GeocoderError(PostureError, RuntimeError):
    """An online geocoder failed (network, quota, bad answer)."""


class ConfigurationError(PostureError, ValueError):
    """A bad option value, e.g. an unknown geocoder name."""


class OutputError(PostureError, OSError):
    """An output could not be written (exists, not writable...)."""
