"""Synthetic posture layers for the tests and the map benchmark (no pipeline needed).

from _synthetic import synthetic_frames    # in tests/; bench/bench_map.py adds it to sys.path
frames = synthetic_frames(1000, seed=1)   # {"assets": gdf, "incidents": gdf, "disputes": gdf}
"""

from __future__ import annotations

import json
import math
import random
from typing import Any

import geopandas as gpd
from shapely.geometry import LineString, Point, Polygon, box

from layers.model import COLUMNS

# Headless Debian chromium, as the browser tests and the map benchmark launch it (root, no
# sandbox, no background traffic on a closed network).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)

ASSET_KINDS = ("naval vessel", "aircraft", "air defence", "troops", "missile", "base")
INCIDENT_KINDS = ("strike", "airspace violation", "drone", "clash")
DISPUTE_KINDS = ("territorial dispute", "maritime claim")
PLACES = (
    ("Sevastopol", 44.6, 33.5),
    ("Kaliningrad", 54.7, 20.5),
    ("Taiwan Strait", 24.5, 119.5),
    ("Caracas", 10.5, -66.9),
    ("Djibouti", 11.6, 43.1),
    ("Guam", 13.4, 144.8),
    ("Essequibo", 6.5, -59.5),
    ("Red Sea", 20.0, 38.5),
)


def ring(lat: float, lon: float, km: float, n: int = 48) -> Any:
    """A geodesic circle of radius ``km`` around (lat, lon) as a shapely Polygon."""
    d = km / 6371.0088
    la, lo = math.radians(lat), math.radians(lon)
    pts = []
    for i in range(n):
        b = 2 * math.pi * i / n
        lat2 = math.asin(math.sin(la) * math.cos(d) + math.cos(la) * math.sin(d) * math.cos(b))
        lon2 = lo + math.atan2(
            math.sin(b) * math.sin(d) * math.cos(la), math.cos(d) - math.sin(la) * math.sin(lat2)
        )
        pts.append((math.degrees(lon2), math.degrees(lat2)))
    return Polygon(pts)


def make_row(layer: str, kind: str, geometry: Any, i: int, **over: Any) -> dict[str, Any]:
    subject = over.pop("subject", f"{kind.title()} {i}")
    place = over.pop("place", f"Place {i}")
    quote = over.pop("quote", f"Officials said the {subject} was seen near {place} on Tuesday.")
    at = quote.find(place)
    quote_start = 100
    row = {
        "feature_id": f"f{layer[0]}{i:06d}",
        "layer": layer,
        "kind": kind,
        "subject": subject,
        "actor": "Country A" if i % 2 else "Country B",
        "quantity": f"{i % 7 + 1} units" if i % 3 == 0 else "",
        "date": f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}" if i % 5 else "",
        "status": ("reported", "planned", "possible", "denied", "historical", "disputed")[i % 6],
        "place": place,
        "gazetteer_id": f"test:{i}",
        "mention": place,
        "doc_id": f"doc{i % 50}",
        "doc_title": f"Article number {i % 50}",
        "doc_url": f"https://news.example.org/a/{i % 50}",
        "published": f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
        "quote": quote,
        "quote_start": quote_start,
        "start": quote_start + max(at, 0),
        "end": quote_start + max(at, 0) + len(place),
        "confidence": round(0.3 + (i % 7) / 10, 2),
        "corroboration": 1 + i % 3,
        "corroborated_by": json.dumps(
            [
                {
                    "doc_id": f"doc{(i + k) % 50}",
                    "title": f"Article number {(i + k) % 50}",
                    "url": f"https://news.example.org/a/{(i + k) % 50}",
                    "published": "2025-05-01",
                }
                for k in range(1, 1 + i % 3)
            ]
        ),
        "range_km": 0.0,
        "geometry": geometry,
    }
    row.update(over)
    return row


def frames_from_rows(rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    out = {}
    for layer in ("assets", "incidents", "disputes"):
        recs = rows.get(layer, [])
        out[layer] = gpd.GeoDataFrame(
            recs, columns=[*COLUMNS, "geometry"], geometry="geometry", crs="EPSG:4326"
        )
    return out


def synthetic_frames(n: int, *, seed: int = 0) -> dict[str, Any]:
    """``n`` features over the world: ~55% assets (points, some range rings and movement
    lines), ~30% incidents (points), ~15% disputes (polygons and points)."""
    rnd = random.Random(seed)
    rows: dict[str, list[dict[str, Any]]] = {"assets": [], "incidents": [], "disputes": []}
    for i in range(n):
        if rnd.random() < 0.7:  # clustered near hot spots, like real reporting
            name, plat, plon = rnd.choice(PLACES)
            lat, lon = plat + rnd.gauss(0, 3), plon + rnd.gauss(0, 3)
        else:
            name, lat, lon = f"Place {i}", rnd.uniform(-60, 70), rnd.uniform(-180, 180)
        lat = max(-80.0, min(80.0, lat))
        lon = ((lon + 180) % 360) - 180
        r = rnd.random()
        if r < 0.55:
            kind = rnd.choice(ASSET_KINDS)
            if i % 40 == 0:
                km = rnd.choice((150, 400, 1000))
                row = make_row(
                    "assets",
                    "range ring",
                    ring(lat, lon, km),
                    i,
                    place=name,
                    range_km=float(km),
                    subject=f"S-400 battery {i}",
                )
            elif i % 25 == 0:
                dlat, dlon = rnd.uniform(-8, 8), rnd.uniform(-12, 12)
                line = LineString([(lon - dlon, lat - dlat), (lon, lat)])
                row = make_row("assets", "deployment", line, i, place=name)
            else:
                row = make_row("assets", kind, Point(lon, lat), i, place=name)
            rows["assets"].append(row)
        elif r < 0.85:
            kind = rnd.choice(INCIDENT_KINDS)
            rows["incidents"].append(make_row("incidents", kind, Point(lon, lat), i, place=name))
        else:
            kind = rnd.choice(DISPUTE_KINDS)
            if i % 2:
                w = rnd.uniform(0.5, 3)
                geom = box(lon - w, lat - w / 2, lon + w, lat + w / 2)
            else:
                geom = Point(lon, lat)
            rows["disputes"].append(make_row("disputes", kind, geom, i, place=name))
    return frames_from_rows(rows)


HOSTILE = (
    "<script>window.__pwned=1</script>"
    ' <img src=x onerror="window.__pwned=1">'
    " </script><script>window.__pwned=1</script>"
    " ` ${window.__pwned=1} \u2028 <!-- &amp;"
)
HOSTILE_URL = "javascript:window.__pwned=1"


def hostile_frames() -> dict[str, Any]:
    """Features whose every text field is an injection attempt (for the safety tests)."""
    quote = f"Sources said {HOSTILE} troops massed near Evil{HOSTILE}Town today."
    place = f"Evil{HOSTILE}Town"
    common = {
        "subject": f"Subject {HOSTILE}",
        "place": place,
        "quote": quote,
        "actor": HOSTILE,
        "quantity": HOSTILE,
        "status": HOSTILE,
        "doc_title": f"Title {HOSTILE}",
        "doc_url": HOSTILE_URL,
        "published": HOSTILE,
        "mention": place,
        "corroborated_by": json.dumps(
            [
                {"doc_id": HOSTILE, "title": HOSTILE, "url": HOSTILE_URL, "published": HOSTILE},
                {"doc_id": "d2", "title": "ok", "url": "JaVaScRiPt:window.__pwned=1"},
                {"doc_id": "d3", "title": "data", "url": "data:text/html,<script>1</script>"},
            ]
        ),
    }
    rows = {
        "assets": [
            make_row("assets", f"naval vessel {HOSTILE}", Point(30.0, 45.0), 1, **common),
            make_row("assets", "range ring", ring(45.0, 30.0, 300), 2, range_km=300.0, **common),
            make_row("assets", HOSTILE, LineString([(20.0, 40.0), (30.0, 45.0)]), 3, **common),
        ],
        "incidents": [make_row("incidents", HOSTILE, Point(35.0, 40.0), 4, **common)],
        "disputes": [
            make_row("disputes", HOSTILE, box(25.0, 35.0, 28.0, 37.0), 5, **common),
        ],
    }
    frames = frames_from_rows(rows)
    frames[f"<img src=x onerror=window.__pwned=1>{HOSTILE}"] = frames["incidents"].iloc[0:0]
    return frames
