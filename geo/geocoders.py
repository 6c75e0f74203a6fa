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

import dataclasses
import logging
import math
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import SERVICE_TO_GEOCODER, get_geocoder_for_service
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from geo._geocache import MISSING, GeocodeCache, cache_key
from geo.errors import ConfigurationError, GeocoderError
from geo.model import Place

__all__ = [
    "USER_AGENT",
    "EmbeddedGeocoder",
    "OnlineGeocoder",
    "OnlineResolver",
    "geocoder_names",
    "get_geocoder",
]

logger = logging.getLogger(__name__)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("posture-mapper")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


#: ``User-Agent`` sent to online geocoders (Nominatim's usage policy requires one).
USER_AGENT = f"posture-mapper/{_version()}"
#: Default seconds between two requests to an online geocoder.
DEFAULT_MIN_DELAY = 1.0
#: Default request timeout of online geocoders, seconds.
DEFAULT_TIMEOUT = 10.0
_PUBLIC_NOMINATIM = "nominatim.openstreetmap.org"
_COUNTRY_ALIASES = {"UK": "GB"}  # common, but not ISO 3166-1


class GazetteerLike(Protocol):
    """What :class:`EmbeddedGeocoder` needs of a gazetteer (``country`` is optional)."""

    def lookup(self, name: str) -> list[Place]: ...

    def reverse(self, lat: float, lon: float) -> Place | None: ...


# --- embedded ---------------------------------------------------------------------------------


class EmbeddedGeocoder(Geocoder):
    """A geopy geocoder over the embedded gazetteer; never touches the network.

    Args:
        gazetteer: the gazetteer to query (by default ``geo.gazetteer.get_gazetteer()``,
            loaded on first use); anything with ``lookup(name)`` and ``reverse(lat, lon)``
            (and optionally ``country(code)``) will do.

    Locations have ``raw`` = the :class:`~geo.model.Place` as a dict.
    """

    def __init__(self, *, gazetteer: GazetteerLike | None = None, user_agent: str | None = None):
        super().__init__(user_agent=user_agent or USER_AGENT)
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> GazetteerLike:
        if self._gazetteer is None:
            from geo.gazetteer import get_gazetteer  # type: ignore[attr-defined]

            self._gazetteer = get_gazetteer()
        return self._gazetteer

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: str | Iterable[str] | None = None,
        limit: int | None = None,
        timeout: Any = DEFAULT_SENTINEL,  # accepted for geopy compatibility; unused
    ) -> Location | list[Location] | None:
        """Places named ``query``, best first.

        ``"City, Country"`` queries are understood: when the whole query is not a known
        name, it is split on the last comma and the part after it, a country name or
        ISO code, restricts the results. ``country_codes`` (ISO 3166-1 alpha-2, one or
        several) restricts them too. ``limit`` caps the list when ``exactly_one`` is False.
        """
        if not isinstance(query, str):
            raise TypeError(f"query must be a string, got {query!r}")
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 1
        ):
            raise ValueError(f"limit must be a positive integer or None, got {limit!r}")
        allowed = _country_set(country_codes)
        places: list[Place] = []
        query = query.strip()
        if query:
            places = list(self.gazetteer.lookup(query))
            if not places and "," in query:
                name, _, country = query.rpartition(",")
                code = self._country_code(country)
                if code and name.strip():
                    places = [
                        p for p in self.gazetteer.lookup(name.strip()) if p.country_code == code
                    ]
        if allowed is not None:
            places = [p for p in places if p.country_code in allowed]
        if not places:
            return None
        if exactly_one:
            return self._location(places[0])
        return [self._location(p) for p in places[:limit]]

    def reverse(
        self,
        query: Any,
        *,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,  # accepted for geopy compatibility; unused
    ) -> Location | list[Location] | None:
        """The nearest populated place to ``query`` ("lat, lon", (lat, lon) or a Point)."""
        try:
            point = Point(query)
        except (ValueError, TypeError) as err:
            raise ValueError(f"not a point: {query!r} ({err})") from None
        place = self.gazetteer.reverse(point.latitude, point.longitude)
        if place is None:
            return None
        location = self._location(place)
        return location if exactly_one else [location]

    def _country_code(self, text: str) -> str:
        text = text.strip()
        if len(text) == 2 and text.isalpha():
            return _COUNTRY_ALIASES.get(text.upper(), text.upper())
        if not text:
            return ""
        for place in self.gazetteer.lookup(text):
            if place.feature_code.startswith("PCL") and place.country_code:
                return place.country_code
        return ""

    def _location(self, place: Place) -> Location:
        parts = [place.name, place.admin1]
        if place.country_code and not place.feature_code.startswith("PCL"):
            country = None
            country_fn: Callable[[str], Place | None] | None = getattr(
                self.gazetteer, "country", None
            )
            if country_fn is not None:
                country = country_fn(place.country_code)
            parts.append(country.name if country is not None else place.country_code)
        address = ", ".join(dict.fromkeys(p for p in parts if p))
        return Location(address, (place.lat, place.lon), dataclasses.asdict(place))


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


# --- resolver ---------------------------------------------------------------------------------

# Nominatim (class, type or addresstype) -> GeoNames (feature class, feature code).
_OSM_FEATURES: dict[str, tuple[str, str]] = {
    "country": ("A", "PCLI"),
    "state": ("A", "ADM1"),
    "province": ("A", "ADM1"),
    "region": ("A", "ADM1"),
    "county": ("A", "ADM2"),
    "district": ("A", "ADM2"),
    "city": ("P", "PPL"),
    "town": ("P", "PPL"),
    "village": ("P", "PPL"),
    "hamlet": ("P", "PPL"),
    "suburb": ("P", "PPLX"),
    "quarter": ("P", "PPLX"),
    "neighbourhood": ("P", "PPLX"),
    "strait": ("H", "STRT"),
    "bay": ("H", "BAY"),
    "sea": ("H", "SEA"),
    "ocean": ("H", "OCN"),
    "water": ("H", "WTRB"),
    "river": ("H", "STM"),
    "island": ("T", "ISL"),
    "islet": ("T", "ISL"),
    "peak": ("T", "PK"),
    "military": ("S", "MILB"),
    "naval_base": ("S", "MILB"),
    "airfield": ("S", "AIRF"),
    "aerodrome": ("S", "AIRP"),
    "port": ("S", "PRT"),
    "harbour": ("H", "HBR"),
}
_OSM_CLASSES: dict[str, tuple[str, str]] = {
    "boundary": ("A", "ADMD"),
    "place": ("P", "PPL"),
    "natural": ("T", ""),
    "waterway": ("H", "STM"),
    "water": ("H", "WTRB"),
    "military": ("S", "MILB"),
    "aeroway": ("S", "AIRP"),
}


class OnlineResolver:
    """Resolves one toponym mention with a geocoder, to a :class:`~geo.model.Place`.

    Args:
        geocoder: a name for :func:`get_geocoder` (default ``"nominatim"``) or a geocoder.
        **options: passed to :func:`get_geocoder` with the name.

    ``resolve("Sevastopol", country_code="UA")`` gives the geocoder's best match or
    None. The country hint restricts the search where the service supports it
    (Nominatim, GeoNames, the embedded geocoder), and is otherwise ignored. Place ids are
    ``"nominatim:<osm_type>/<osm_id>"`` for Nominatim, else ``"<service>:<lat>,<lon>"``
    (5 decimals); an embedded answer is the gazetteer's own Place. The feature class
    and code are mapped from OSM tags where known, else "". Failures raise
    :class:`~geo.errors.GeocoderError`.
    """

    def __init__(self, geocoder: str | Geocoder = "nominatim", **options: Any) -> None:
        if isinstance(geocoder, str):
            self.service = geocoder.strip().lower()
            self.geocoder = get_geocoder(geocoder, **options)
        elif isinstance(geocoder, Geocoder):
            if options:
                raise ConfigurationError(
                    f"options {sorted(options)} are only used with a geocoder name"
                )
            self.geocoder = geocoder
            self.service = getattr(geocoder, "service", "") or (
                "embedded"
                if isinstance(geocoder, EmbeddedGeocoder)
                else type(geocoder).__name__.lower()
            )
        else:
            raise ConfigurationError(
                f"geocoder must be a name or a geopy Geocoder, got {geocoder!r}"
            )

    def __enter__(self) -> OnlineResolver:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        close = getattr(self.geocoder, "close", None)
        if close is not None:
            close()

    def resolve(self, mention: str, *, country_code: str | None = None) -> Place | None:
        """The best place for ``mention`` (optionally in country ``country_code``), or None."""
        if not isinstance(mention, str):
            raise TypeError(f"mention must be a string, got {mention!r}")
        if country_code is not None:
            if not isinstance(country_code, str) or not (
                len(country_code) == 2 and country_code.isalpha()
            ):
                raise ValueError(f"country_code must be ISO 3166-1 alpha-2, got {country_code!r}")
            country_code = country_code.upper()
        if not mention.strip():
            return None
        kwargs: dict[str, Any] = {}
        if self.service == "nominatim":
            kwargs["addressdetails"] = True
            if country_code:
                kwargs["country_codes"] = country_code.lower()
        elif self.service == "geonames" and country_code:
            kwargs["country"] = country_code
        elif self.service == "embedded" and country_code:
            kwargs["country_codes"] = country_code
        location = self.geocoder.geocode(mention.strip(), exactly_one=True, **kwargs)
        if isinstance(location, list):
            location = location[0] if location else None
        if location is None:
            return None
        return self._place(location, mention.strip(), country_code or "")

    __call__ = resolve

    def _place(self, location: Location, mention: str, hint: str) -> Place:
        raw = location.raw if isinstance(location.raw, dict) else {}
        if self.service == "embedded":
            try:
                return Place(**raw)
            except TypeError:
                pass
        lat, lon = float(location.latitude), float(location.longitude)
        if self.service == "nominatim" and raw.get("osm_type") and raw.get("osm_id") is not None:
            place_id = f"nominatim:{raw['osm_type']}/{raw['osm_id']}"
        else:
            place_id = f"{self.service}:{lat:.5f},{lon:.5f}"
        address = raw.get("address") if isinstance(raw.get("address"), dict) else {}
        country = str(address.get("country_code") or hint).upper()
        name = str(raw.get("name") or (location.address or "").split(",")[0].strip() or mention)
        state = str(address.get("state") or address.get("province") or "")
        feature_class, feature_code = "", ""
        for tag in (raw.get("addresstype"), raw.get("type")):
            if isinstance(tag, str) and tag in _OSM_FEATURES:
                feature_class, feature_code = _OSM_FEATURES[tag]
                break
        else:
            osm_class = raw.get("class") or raw.get("category")
            if isinstance(osm_class, str) and osm_class in _OSM_CLASSES:
                feature_class, feature_code = _OSM_CLASSES[osm_class]
        return Place(
            id=place_id,
            name=name,
            lat=lat,
            lon=lon,
            feature_class=feature_class,
            feature_code=feature_code,
            country_code=country if len(country) == 2 else "",
            admin1=state if state != name else "",
        )
