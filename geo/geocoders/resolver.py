"""One toponym mention resolved with a geocoder, to a gazetteer-like Place."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.errors import ConfigurationError
from geo.geocoders.embedded import EmbeddedGeocoder
from geo.geocoders.online import get_geocoder
from geo.model import Place


@functools.cache
def _osm_tables() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Nominatim (class, type or addresstype) -> GeoNames (feature class, feature code), from
    ``geo/data/osm_features.json``."""
    raw = json.loads(
        resources.files("geo").joinpath("data").joinpath("osm_features.json").read_text("utf-8")
    )
    features = {str(k): (str(v[0]), str(v[1])) for k, v in raw["features"].items()}
    classes = {str(k): (str(v[0]), str(v[1])) for k, v in raw["classes"].items()}
    return features, classes


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
        got = raw.get("address")
        address: dict[str, Any] = got if isinstance(got, dict) else {}
        country = str(address.get("country_code") or hint).upper()
        name = str(raw.get("name") or (location.address or "").split(",")[0].strip() or mention)
        state = str(address.get("state") or address.get("province") or "")
        feature_class, feature_code = "", ""
        osm_features, osm_classes = _osm_tables()
        for tag in (raw.get("addresstype"), raw.get("type")):
            if isinstance(tag, str) and tag in osm_features:
                feature_class, feature_code = osm_features[tag]
                break
        else:
            osm_class = raw.get("class") or raw.get("category")
            if isinstance(osm_class, str) and osm_class in osm_classes:
                feature_class, feature_code = osm_classes[osm_class]
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
