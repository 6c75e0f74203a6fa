"""What the geocoders share: the User-Agent, defaults, country-code sets."""

from __future__ import annotations

from collections.abc import Iterable

from geo.version import DISTRIBUTION, version

#: ``User-Agent`` sent to online geocoders (Nominatim's usage policy requires one).
USER_AGENT = f"{DISTRIBUTION}/{version('0+unknown')}"
#: Default seconds between two requests to an online geocoder.
DEFAULT_MIN_DELAY = 1.0
#: Default request timeout of online geocoders, seconds.
DEFAULT_TIMEOUT = 10.0
_PUBLIC_NOMINATIM = "nominatim.openstreetmap.org"
_COUNTRY_ALIASES = {"UK": "GB"}  # common, but not ISO 3166-1


def _country_set(codes: str | Iterable[str] | None) -> set[str] | None:
    if codes is None:
        return None
    items = [codes] if isinstance(codes, str) else list(codes)
    out = set()
    for code in items:
        if not isinstance(code, str) or len(code.strip()) != 2 or not code.strip().isalpha():
            raise ValueError(f"country codes must be ISO 3166-1 alpha-2 strings, got {code!r}")
        out.add(code.strip().upper())
    return out


# --- online -----------------------------------------------------------------------------------
