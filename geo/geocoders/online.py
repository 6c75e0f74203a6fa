"""Online geopy geocoders: rate limited, cached on disk, errors mapped to GeocoderError;
and the registry of geocoder names."""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import SERVICE_TO_GEOCODER, get_geocoder_for_service
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geo._geocache import MISSING, GeocodeCache, cache_key
from geo.errors import ConfigurationError, GeocoderError
from geo.geocoders._common import (
    _PUBLIC_NOMINATIM,
    DEFAULT_MIN_DELAY,
    DEFAULT_TIMEOUT,
    USER_AGENT,
)
from geo.geocoders.embedded import EmbeddedGeocoder

logger = logging.getLogger(__name__)


@contextmanager
def _geopy_errors(service: str) -> Iterator[None]:
    """The one place where geopy errors become :class:`~geo.errors.GeocoderError`."""
    try:
        yield
    except GeopyError as err:
        detail = str(err) or "no details"
        raise GeocoderError(f"{service} geocoder failed: {type(err).__name__}: {detail}") from err


class OnlineGeocoder(Geocoder):
    """An online geopy geocoder, rate limited, cached on disk, with posture's errors.

    Made by :func:`get_geocoder`; use it as a context manager (or call :meth:`close`) to
    release its connections. ``geocode`` and ``reverse`` take the wrapped geocoder's
    keyword arguments; answers (including "nothing found") are cached by service, server,
    query and arguments. Failures raise :class:`~geo.errors.GeocoderError`.
    """

    def __init__(
        self,
        geocoder: Geocoder,
        *,
        service: str,
        cache: GeocodeCache | None,
        min_delay_seconds: float = DEFAULT_MIN_DELAY,
        max_retries: int = 2,
        error_wait_seconds: float = 5.0,
    ) -> None:
        super().__init__(
            scheme=geocoder.scheme,
            timeout=geocoder.timeout,
            proxies=geocoder.proxies,
            user_agent=geocoder.headers.get("User-Agent"),
            ssl_context=geocoder.ssl_context,
            adapter_factory=lambda **_: geocoder.adapter,  # share the wrapped one's session
        )
        self.geocoder = geocoder
        self.service = service
        self.cache = cache
        self._endpoint = str(getattr(geocoder, "api", "") or getattr(geocoder, "domain", ""))
        self._limited = RateLimiter(
            self._request,
            min_delay_seconds=min_delay_seconds,
            max_retries=max_retries,
            error_wait_seconds=max(error_wait_seconds, min_delay_seconds),
            swallow_exceptions=False,
        )

    def __repr__(self) -> str:
        return f"<OnlineGeocoder {self.service} {self._endpoint} cache={self.cache!r}>"

    def geocode(self, query: Any, *, exactly_one: bool = True, **kwargs: Any) -> Any:
        """The wrapped geocoder's ``geocode``, through the cache and the rate limiter."""
        return self._cached("geocode", query, exactly_one=exactly_one, **kwargs)

    def reverse(self, query: Any, *, exactly_one: bool = True, **kwargs: Any) -> Any:
        """The wrapped geocoder's ``reverse``, through the cache and the rate limiter."""
        try:
            point = Point(query)
        except (ValueError, TypeError) as err:
            raise ValueError(f"not a point: {query!r} ({err})") from None
        query = f"{point.latitude},{point.longitude}"  # one cache key per point
        return self._cached("reverse", query, exactly_one=exactly_one, **kwargs)

    def close(self) -> None:
        """Close network connections and the cache."""
        self.adapter.__exit__(None, None, None)
        if self.cache is not None:
            self.cache.close()

    def __exit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        self.close()

    def _cached(self, method: str, query: Any, **kwargs: Any) -> Any:
        key_kwargs = {k: v for k, v in kwargs.items() if k != "timeout"}
        key = cache_key(self.service, self._endpoint, method, query, key_kwargs)
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not MISSING:
                logger.debug("%s %s %r: cached", self.service, method, query)
                return _decode(hit)
        logger.debug("%s %s %r: asking %s", self.service, method, query, self._endpoint)
        with _geopy_errors(self.service):
            result = self._limited(method, query, **kwargs)
        if self.cache is not None:
            self.cache.set(key, _encode(result))
        return result

    def _request(self, method: str, query: Any, **kwargs: Any) -> Any:
        return getattr(self.geocoder, method)(query, **kwargs)


def _encode(result: Any) -> Any:
    if result is None:
        return None
    if isinstance(result, list):
        return [_encode(r) for r in result]
    return {
        "address": result.address,
        "point": [result.latitude, result.longitude, result.altitude],
        "raw": result.raw,
    }


def _decode(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return Location(value["address"], tuple(value["point"]), value["raw"])


#: Geocoders posture provides itself, by name (geopy's online ones come on top).
GEOCODERS: dict[str, type[Geocoder]] = {"embedded": EmbeddedGeocoder}


def geocoder_names() -> list[str]:
    """Every valid name for :func:`get_geocoder`: ``"embedded"`` and geopy's services."""
    return sorted({*GEOCODERS, *SERVICE_TO_GEOCODER})


def get_geocoder(
    name: str,
    *,
    cache: bool | str | os.PathLike[str] | GeocodeCache = True,
    min_delay_seconds: float | None = None,
    max_retries: int = 2,
    error_wait_seconds: float = 5.0,
    **options: Any,
) -> Geocoder:
    """A geocoder by name, as in geopy's ``get_geocoder_for_service``.

    Args:
        name: ``"embedded"`` (offline) or a geopy service name (``"nominatim"``,
            ``"photon"``, ``"arcgis"``, ``"geonames"``...; see :func:`geocoder_names`).
        cache: online answers are cached in ``<user cache dir>/posture`` (True), in
            the given sqlite file, or not at all (False).
        min_delay_seconds: seconds between two online requests (default 1; at least 1
            for the public Nominatim server, as its usage policy asks).
        max_retries, error_wait_seconds: retries of failed online requests (geopy's
            ``RateLimiter``), and the wait before each.
        **options: passed to the geocoder class (``api_key``, ``username``, ``domain``,
            ``scheme``, ``timeout``, ``gazetteer`` for ``"embedded"``...). Online geocoders
            get ``user_agent="posture-mapper/<version>"`` and a 10 s timeout by default.

    Raises:
        ConfigurationError: unknown name (the message lists the valid ones) or bad options.
    """
    if not isinstance(name, str):
        raise ConfigurationError(f"geocoder name must be a string, got {name!r}")
    key = name.strip().lower()
    if key in GEOCODERS:
        try:
            return GEOCODERS[key](**options)
        except TypeError as err:
            raise ConfigurationError(f"bad option for the {key} geocoder: {err}") from None
    if key not in SERVICE_TO_GEOCODER:
        raise ConfigurationError(
            f"unknown geocoder {name!r}; valid names: {', '.join(geocoder_names())}"
        )
    delay = DEFAULT_MIN_DELAY if min_delay_seconds is None else min_delay_seconds
    if isinstance(delay, bool) or not isinstance(delay, (int, float)) or not math.isfinite(delay):
        raise ConfigurationError(f"min_delay_seconds must be a number, got {min_delay_seconds!r}")
    if delay < 0:
        raise ConfigurationError(f"min_delay_seconds must be >= 0, got {min_delay_seconds!r}")
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ConfigurationError(f"max_retries must be an integer >= 0, got {max_retries!r}")
    if (
        isinstance(error_wait_seconds, bool)
        or not isinstance(error_wait_seconds, (int, float))
        or not error_wait_seconds >= 0
    ):
        raise ConfigurationError(f"error_wait_seconds must be >= 0, got {error_wait_seconds!r}")
    if (
        key == "nominatim"
        and delay < 1
        and options.get("domain", _PUBLIC_NOMINATIM) == _PUBLIC_NOMINATIM
    ):
        raise ConfigurationError(
            f"min_delay_seconds must be >= 1 for the public Nominatim server (its usage "
            f"policy allows one request a second), got {min_delay_seconds!r}"
        )
    options.setdefault("user_agent", USER_AGENT)
    options.setdefault("timeout", DEFAULT_TIMEOUT)
    try:
        geocoder = get_geocoder_for_service(key)(**options)
    except TypeError as err:
        raise ConfigurationError(f"bad option for the {key} geocoder: {err}") from None
    except GeopyError as err:  # geopy's ConfigurationError: a missing api_key...
        raise ConfigurationError(f"{key} geocoder: {err}") from err
    return OnlineGeocoder(
        geocoder,
        service=key,
        cache=_make_cache(cache),
        min_delay_seconds=float(delay),
        max_retries=max_retries,
        error_wait_seconds=float(error_wait_seconds),
    )


def _make_cache(cache: bool | str | os.PathLike[str] | GeocodeCache | None) -> GeocodeCache | None:
    if cache is None or cache is False:
        return None
    if cache is True:
        return GeocodeCache()
    if isinstance(cache, GeocodeCache):
        return cache
    if isinstance(cache, (str, os.PathLike)):
        return GeocodeCache(cache)
    raise ConfigurationError(f"cache must be True, False or a file path, got {cache!r}")
