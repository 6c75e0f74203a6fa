"""geopy integration: the embedded gazetteer as a geopy geocoder, and online geocoders.

    from geo.geocoders import get_geocoder, OnlineResolver
    gc = get_geocoder("embedded")               # offline, over geo.gazetteer
    gc.geocode("Kherson, Ukraine")              # -> geopy Location | None
    with get_geocoder("nominatim") as gc:       # online: rate limited, cached on disk
        gc.geocode("Sevastopol")
    OnlineResolver("nominatim").resolve("Sevastopol", country_code="UA")  # -> Place | None

Like geopy's own registry (``geopy.geocoders.get_geocoder_for_service``), geocoders are
chosen by name; :func:`geocoder_names` lists the valid names and an unknown name is a
:class:`~geo.errors.ConfigurationError` that lists them.

Online geocoders are wrapped in :class:`OnlineGeocoder`: geopy's ``RateLimiter`` (at least
one second between requests by default, as Nominatim's usage policy asks), a
``User-Agent`` of ``posture-mapper/<version>``, and an on-disk cache of answers
(``platformdirs.user_cache_dir("posture")``). Every geopy error (network, timeout, quota,
bad answer) becomes a :class:`~geo.errors.GeocoderError`.
"""

from __future__ import annotations

from geo.geocoders._common import DEFAULT_MIN_DELAY, DEFAULT_TIMEOUT, USER_AGENT
from geo.geocoders.embedded import EmbeddedGeocoder, GazetteerLike
from geo.geocoders.online import GEOCODERS, OnlineGeocoder, geocoder_names, get_geocoder
from geo.geocoders.resolver import OnlineResolver

__all__ = [
    "DEFAULT_MIN_DELAY",
    "DEFAULT_TIMEOUT",
    "GEOCODERS",
    "USER_AGENT",
    "EmbeddedGeocoder",
    "GazetteerLike",
    "OnlineGeocoder",
    "OnlineResolver",
    "geocoder_names",
    "get_geocoder",
]
