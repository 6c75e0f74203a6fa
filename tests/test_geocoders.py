"""Tests for geo.geocoders: the embedded geocoder (fake gazetteer) and online geocoders
against a local HTTP server. Nothing here touches the real network."""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from geopy.exc import GeopyError
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo._geocache import MISSING, GeocodeCache
from geo.errors import ConfigurationError, GeocoderError, PostureError
from geo.geocoders import (
    USER_AGENT,
    EmbeddedGeocoder,
    OnlineGeocoder,
    OnlineResolver,
    geocoder_names,
    get_geocoder,
)
from geo.model import Place

# --- a tiny fake gazetteer --------------------------------------------------------------------

PLACES = [
    Place("country:UA", "Ukraine", 49.0, 32.0, "A", "PCLI", "UA", 41_000_000),
    Place("country:US", "United States", 39.8, -98.6, "A", "PCLI", "US", 330_000_000),
    Place("country:GB", "United Kingdom", 54.0, -2.0, "A", "PCLI", "GB", 67_000_000),
    Place("geonames:706448", "Kherson", 46.64, 32.61, "P", "PPLA", "UA", 320_000, "Kherson"),
    Place("geonames:4", "Kherson", 40.0, -80.0, "P", "PPL", "US", 100, "Ohio"),
    Place("geonames:2643743", "London", 51.51, -0.13, "P", "PPLC", "GB", 8_900_000, "England"),
    Place("geonames:6058560", "London", 42.98, -81.23, "P", "PPL", "CA", 400_000, "Ontario"),
]


class FakeGazetteer:
    def __init__(self) -> None:
        self.by_name: dict[str, list[Place]] = {}
        for p in PLACES:
            self.by_name.setdefault(p.name.lower(), []).append(p)

    def lookup(self, name: str) -> list[Place]:
        return list(self.by_name.get(name.strip().lower(), []))

    def reverse(self, lat: float, lon: float) -> Place | None:
        populated = [p for p in PLACES if p.feature_class == "P"]
        best = min(populated, key=lambda p: (p.lat - lat) ** 2 + (p.lon - lon) ** 2)
        return best if abs(best.lat - lat) + abs(best.lon - lon) < 5 else None

    def country(self, code: str) -> Place | None:
        return next((p for p in PLACES if p.id == f"country:{code}"), None)


@pytest.fixture
def embedded() -> EmbeddedGeocoder:
    return EmbeddedGeocoder(gazetteer=FakeGazetteer())


def test_embedded_is_a_geopy_geocoder(embedded: EmbeddedGeocoder) -> None:
    assert isinstance(embedded, Geocoder)
    assert embedded.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("posture-mapper/")


def test_embedded_geocode(embedded: EmbeddedGeocoder) -> None:
    loc = embedded.geocode("kherson")
    assert isinstance(loc, Location)
    assert (loc.latitude, loc.longitude) == (46.64, 32.61)
    assert loc.address == "Kherson, Ukraine"  # admin1 equal to the name is not repeated
    assert loc.raw["id"] == "geonames:706448" and loc.raw["population"] == 320_000
    assert Place(**loc.raw) == PLACES[3]
    assert embedded.geocode("Atlantis") is None
    assert embedded.geocode("   ") is None


def test_embedded_geocode_many_and_filters(embedded: EmbeddedGeocoder) -> None:
    both = embedded.geocode("London", exactly_one=False)
    assert [loc.raw["country_code"] for loc in both] == ["GB", "CA"]
    assert both[1].address == "London, Ontario, CA"  # no country entry: the code
    assert len(embedded.geocode("London", exactly_one=False, limit=1)) == 1
    assert embedded.geocode("London", country_codes="ca").raw["admin1"] == "Ontario"
    assert embedded.geocode("London", country_codes=["FR"]) is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kherson, Ukraine", "geonames:706448"),
        ("Kherson, United States", "geonames:4"),
        ("kherson , us", "geonames:4"),
        ("London, UK", "geonames:2643743"),
        ("London, CA", "geonames:6058560"),
        ("London, Atlantis", None),
        ("Kherson, FR", None),
        (", Ukraine", None),
    ],
)
def test_embedded_city_country(embedded: EmbeddedGeocoder, query: str, expected: str) -> None:
    loc = embedded.geocode(query)
    assert (loc.raw["id"] if loc else None) == expected


def test_embedded_reverse(embedded: EmbeddedGeocoder) -> None:
    loc = embedded.reverse("46.6, 32.6")
    assert loc.raw["id"] == "geonames:706448"
    assert embedded.reverse((51.5, -0.1), exactly_one=False)[0].raw["name"] == "London"
    assert embedded.reverse((0.0, 0.0)) is None
    with pytest.raises(ValueError, match="not a point"):
        embedded.reverse("north of here")


def test_embedded_bad_arguments(embedded: EmbeddedGeocoder) -> None:
    with pytest.raises(TypeError, match="query must be a string"):
        embedded.geocode(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="alpha-2.*'Ukraine'"):
        embedded.geocode("Kherson", country_codes="Ukraine")
    with pytest.raises(ValueError, match="limit.*0"):
        embedded.geocode("Kherson", exactly_one=False, limit=0)


# --- registry ---------------------------------------------------------------------------------


def test_registry_names() -> None:
    names = geocoder_names()
    assert names == sorted(names)
    assert {"embedded", "nominatim", "photon", "arcgis", "geonames"} <= set(names)


def test_get_embedded() -> None:
    gc = get_geocoder("Embedded", gazetteer=FakeGazetteer())
    assert isinstance(gc, EmbeddedGeocoder)
    assert gc.geocode("Kherson").raw["id"] == "geonames:706448"


def test_unknown_name_lists_valid_ones() -> None:
    with pytest.raises(ConfigurationError, match="unknown geocoder 'nominatum'") as info:
        get_geocoder("nominatum")
    assert "embedded" in str(info.value) and "nominatim" in str(info.value)
    assert isinstance(info.value, PostureError) and isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"min_delay_seconds": 0.5}, "usage policy"),  # public Nominatim server
        ({"min_delay_seconds": -1, "domain": "x"}, "min_delay_seconds must be >= 0"),
        ({"min_delay_seconds": "1"}, "min_delay_seconds must be a number"),
        ({"max_retries": -1}, "max_retries"),
        ({"no_such_option": 1}, "bad option"),
        ({"cache": 3}, "cache must be"),
    ],
)
def test_bad_online_options(kwargs: dict, match: str) -> None:
    with pytest.raises(ConfigurationError, match=match):
        get_geocoder("nominatim", **kwargs)


def test_online_defaults(tmp_path: Path) -> None:
    with get_geocoder("nominatim", cache=tmp_path / "c.sqlite3") as gc:
        assert isinstance(gc, OnlineGeocoder) and isinstance(gc, Geocoder)
        assert gc.geocoder.headers["User-Agent"] == USER_AGENT
        assert gc._limited.min_delay_seconds == 1.0
        assert gc.geocoder.timeout == 10
    with get_geocoder("photon", cache=False) as gc:
        assert gc.cache is None and gc.service == "photon"


def test_missing_api_key_is_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="geonames"):
        get_geocoder("geonames", cache=False)  # needs a username


# --- a local Nominatim ------------------------------------------------------------------------

SEVASTOPOL = {
    "place_id": 1,
    "osm_type": "relation",
    "osm_id": 1574364,
    "lat": "44.6054434",
    "lon": "33.5220842",
    "class": "place",
    "type": "city",
    "addresstype": "city",
    "name": "Sevastopol",
    "display_name": "Sevastopol, Sevastopol City Municipality, Ukraine",
    "address": {"city": "Sevastopol", "state": "Sevastopol", "country_code": "ua"},
}


class FakeNominatim(BaseHTTPRequestHandler):
    server: Any

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        url = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.server.requests.append((url.path, params, self.headers.get("User-Agent")))
        if self.server.status != 200:
            body = b'{"error": "boom"}'
            self.send_response(self.server.status)
        else:
            if url.path == "/search":
                found = params.get("q", "").lower() == "sevastopol"
                body = json.dumps([SEVASTOPOL] if found else []).encode()
            else:
                body = json.dumps(SEVASTOPOL).encode()
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    srv.requests = []  # type: ignore[attr-defined]
    srv.status = 200  # type: ignore[attr-defined]
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join()


def local(port: int, tmp_path: Path, **kwargs: Any) -> OnlineGeocoder:
    options: dict[str, Any] = {
        "domain": f"127.0.0.1:{port}",
        "scheme": "http",
        "proxies": {},
        "cache": tmp_path / "cache.sqlite3",
        "min_delay_seconds": 0,
        "error_wait_seconds": 0,
        "max_retries": 0,
        "timeout": 5,
    }
    options.update(kwargs)
    gc = get_geocoder("nominatim", **options)
    assert isinstance(gc, OnlineGeocoder)
    return gc


def test_online_geocode_and_cache(server: ThreadingHTTPServer, tmp_path: Path) -> None:
    with local(server.server_port, tmp_path) as gc:
        loc = gc.geocode("Sevastopol")
        assert isinstance(loc, Location) and round(loc.latitude, 4) == 44.6054
        assert len(server.requests) == 1
        path, params, agent = server.requests[0]
        assert path == "/search" and params["q"] == "Sevastopol" and agent == USER_AGENT
        again = gc.geocode("Sevastopol")
        assert len(server.requests) == 1  # served from the cache
        assert again.raw == loc.raw and again.point == loc.point and again.address == loc.address
        assert gc.geocode("Nowhere") is None
        assert gc.geocode("Nowhere") is None  # "nothing found" is cached too
        assert len(server.requests) == 2
        gc.geocode("Sevastopol", country_codes="ua")  # other options: another key
        assert len(server.requests) == 3
        rev = gc.reverse((44.6, 33.5))
        assert rev.raw["osm_id"] == 1574364 and server.requests[-1][0] == "/reverse"
        gc.reverse("44.6, 33.5")
        assert len(server.requests) == 4
    # A new geocoder (another process) on the same file: still cached.
    with local(server.server_port, tmp_path) as gc:
        assert gc.geocode("Sevastopol").raw == SEVASTOPOL
        assert len(server.requests) == 4


def test_cache_keyed_by_server(server: ThreadingHTTPServer, tmp_path: Path) -> None:
    cache = tmp_path / "shared.sqlite3"
    with local(server.server_port, tmp_path, cache=cache) as gc:
        gc.geocode("Sevastopol")
    with local(
        server.server_port, tmp_path, cache=cache, domain=f"localhost:{server.server_port}"
    ) as gc:
        gc.geocode("Sevastopol")
    assert len(server.requests) == 2


def test_no_cache(server: ThreadingHTTPServer, tmp_path: Path) -> None:
    with local(server.server_port, tmp_path, cache=False) as gc:
        gc.geocode("Sevastopol")
        gc.geocode("Sevastopol")
    assert len(server.requests) == 2


def test_rate_limit_delay(server: ThreadingHTTPServer, tmp_path: Path) -> None:
    import time

    with local(server.server_port, tmp_path, cache=False, min_delay_seconds=0.3) as gc:
        start = time.monotonic()
        gc.geocode("a")
        gc.geocode("b")
        gc.reverse((1, 2))  # geocode and reverse share the limit
        assert time.monotonic() - start >= 0.55


def test_server_error_mapped(server: ThreadingHTTPServer, tmp_path: Path) -> None:
    server.status = 500  # type: ignore[attr-defined]
    with local(server.server_port, tmp_path, max_retries=1) as gc:
        with pytest.raises(GeocoderError, match="nominatim geocoder failed") as info:
            gc.geocode("Sevastopol")
        assert isinstance(info.value.__cause__, GeopyError)
        assert isinstance(info.value, PostureError)
        assert len(server.requests) == 2  # retried once
        server.status = 200  # type: ignore[attr-defined]
        assert gc.geocode("Sevastopol") is not None  # errors are not cached


def test_connection_refused_mapped(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with local(port, tmp_path) as gc:
        with pytest.raises(GeocoderError, match="GeocoderUnavailable") as info:
            gc.geocode("Sevastopol")
        assert isinstance(info.value.__cause__, GeopyError)


def test_corrupt_cache_moved_aside(
    server: ThreadingHTTPServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"this is not a sqlite database" * 100)
    with local(server.server_port, tmp_path) as gc:
        assert gc.geocode("Sevastopol") is not None
        assert gc.geocode("Sevastopol") is not None
    assert len(server.requests) == 1  # the recreated cache works
    aside = list(tmp_path.glob("cache.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")
    assert "corrupt" in caplog.text
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 1
    conn.close()


def test_unusable_cache_does_not_break_geocoding(
    server: ThreadingHTTPServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with local(server.server_port, tmp_path, cache=blocker / "sub" / "c.sqlite3") as gc:
        assert gc.geocode("Sevastopol") is not None
        assert gc.geocode("Sevastopol") is not None
    assert len(server.requests) == 2
    assert "caching disabled" in caplog.text


def test_cache_roundtrip(tmp_path: Path) -> None:
    cache = GeocodeCache(tmp_path / "c.sqlite3")
    assert cache.get("k") is MISSING
    cache.set("k", None)
    assert cache.get("k") is None
    cache.set("k", {"a": [1, "é"]})
    assert cache.get("k") == {"a": [1, "é"]}
    cache.set("bad", object())  # not JSON: not cached, no error
    assert cache.get("bad") is MISSING
    cache.close()


# --- resolver ---------------------------------------------------------------------------------


def test_online_resolver(server: ThreadingHTTPServer, tmp_path: Path) -> None:
    with OnlineResolver(
        "nominatim",
        domain=f"127.0.0.1:{server.server_port}",
        scheme="http",
        proxies={},
        cache=tmp_path / "c.sqlite3",
        min_delay_seconds=0,
    ) as resolver:
        place = resolver.resolve("Sevastopol", country_code="UA")
        assert place == Place(
            id="nominatim:relation/1574364",
            name="Sevastopol",
            lat=44.6054434,
            lon=33.5220842,
            feature_class="P",
            feature_code="PPL",
            country_code="UA",
        )
        params = server.requests[0][1]
        assert params["countrycodes"] == "ua" and params["addressdetails"] == "1"
        assert resolver.resolve("Nowhere") is None
        assert resolver.resolve("  ") is None
        with pytest.raises(ValueError, match="alpha-2.*'Ukraine'"):
            resolver.resolve("Sevastopol", country_code="Ukraine")


def test_resolver_with_embedded_geocoder() -> None:
    resolver = OnlineResolver(EmbeddedGeocoder(gazetteer=FakeGazetteer()))
    assert resolver.service == "embedded"
    assert resolver.resolve("Kherson") == PLACES[3]
    assert resolver.resolve("Kherson", country_code="us") == PLACES[4]
    assert resolver.resolve("London", country_code="FR") is None


def test_resolver_generic_service_id(tmp_path: Path) -> None:
    class Canned(Geocoder):
        def geocode(self, query: str, *, exactly_one: bool = True) -> Location:
            return Location("Kyiv, Ukraine", (50.45, 30.5234), {"type": "city"})

    place = OnlineResolver(Canned()).resolve("Kyiv")
    assert place is not None
    assert place.id == "canned:50.45000,30.52340"
    assert (place.name, place.feature_code, place.country_code) == ("Kyiv", "PPL", "")


def test_geoparse_cli_with_a_self_hosted_nominatim(
    server: ThreadingHTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from geo.cli import geoparse

    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    doc = tmp_path / "a.txt"
    doc.write_text("Black Sea Fleet\n\nWarships left Sevastopol on Monday.\n", encoding="utf-8")
    args = [str(doc), "--geocoder", "nominatim", "-q"]
    for opt in (
        f"domain=127.0.0.1:{server.server_port}",
        "scheme=http",
        "min_delay_seconds=0",
        "max_retries=0",
        f"cache={tmp_path / 'cache.sqlite3'}",
    ):
        args += ["-g", opt]
    res = CliRunner().invoke(geoparse, args)
    assert res.exit_code == 0, res.output
    tops = {t["mention"]: t for t in json.loads(res.stdout.splitlines()[0])["toponyms"]}
    assert tops["Sevastopol"]["gazetteer_id"] == "nominatim:relation/1574364"
    assert any(p == "/search" for p, _, _ in server.requests)

    bad = CliRunner().invoke(geoparse, [str(doc), "-g", "scheme=http"])
    assert bad.exit_code == 2 and "--geocoder" in bad.output
