"""The embedded gazetteer as a geopy geocoder (offline)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from geo.gazetteer import get_gazetteer
from geo.geocoders._common import _COUNTRY_ALIASES, USER_AGENT, _country_set
from geo.model import Place


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
