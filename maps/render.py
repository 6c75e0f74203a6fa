"""Render posture layers as one static, self-contained HTML map.

    from maps.render import render_map, save_map
    m = render_map(layers.build_layers(docs), title="posture", n_sources=len(docs))
    m                      # a folium.Map: displays in a notebook
    save_map(m, "map.html", overwrite=True)

The page carries every asset inline (Leaflet, our JS/CSS), the features
as a JSON data block, and a Content-Security-Policy. Popups, tooltips, the legend, the layer
panel and search results are built in the browser with DOM nodes and ``textContent`` only.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import re
from collections.abc import Mapping
from typing import Any

import folium
import numpy as np
import shapely
from shapely.geometry import mapping

from geo.gazetteer import get_gazetteer
from geo.outlines import country_outlines
from geo.output import atomic_write
from layers.georef import coordinate_problem, invalid_indices
from layers.model import LAYERS
from layers.styles import kind_styles, layer_color
from layers.values import plain_column, plain_value
from maps import _inline
from maps.elements import (
    TILE_URL,
    InlineCSS,
    InlineJS,
    JSONData,
    PostureApp,
    PostureFigure,
    tile_origin,
)

log = logging.getLogger(__name__)

DATA_ID = "posture-data"
# Our scripts, inlined in this order: posture.js (the core) defines PostureApp; the others
# register plug-ins with it (filters and time; event list, export and permalink).
JS_ASSETS = ("posture.js", "posture-filters.js", "posture-panels.js")
_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_COORD_DIGITS = 5  # ~1 m


def _round(coords: Any) -> Any:
    if isinstance(coords, (list, tuple)):
        if coords and isinstance(coords[0], (int, float)):
            return [round(float(c), _COORD_DIGITS) for c in coords[:2]]
        return [_round(c) for c in coords]
    return coords


def _geometry(geom: Any) -> dict[str, Any] | None:
    if geom is None or getattr(geom, "is_empty", True):
        return None

    problem = coordinate_problem(geom)
    if problem is not None:  # layers read from files were checked already: a library caller
        log.warning("feature not drawn: %s", problem)
        return None
    gj = mapping(geom)
    if gj["type"] == "GeometryCollection":
        return None
    return {"type": gj["type"], "coordinates": _round(gj["coordinates"])}


def _day(value: Any) -> str:
    m = _DAY.match(str(value or ""))
    return m.group(1) if m else ""


def _encode(values: list[Any]) -> Any:
    """A column as a plain list, or dictionary-encoded ({"d": uniques, "c": codes}) when its
    values repeat (kinds, statuses, actors, documents): smaller and faster to parse."""
    index: dict[Any, int] = {}
    codes = []
    for v in values:
        key = (type(v).__name__, v)
        code = index.get(key)
        if code is None:
            code = index[key] = len(index)
        codes.append(code)
    if len(index) * 2 > len(values):
        return values
    return {"d": [k[1] for k in index], "c": codes}


def _point_xy(geoms: list[Any]) -> list[list[float] | None]:
    """[lon, lat] of each plain Point (vectorised), None for any other geometry."""
    arr = np.array([*geoms, None], dtype=object)[:-1]
    is_point = shapely.get_type_id(arr) == 0
    is_point &= ~shapely.is_empty(arr)
    xs = np.round(shapely.get_x(arr), _COORD_DIGITS).tolist()
    ys = np.round(shapely.get_y(arr), _COORD_DIGITS).tolist()
    return [[x, y] if p else None for p, x, y in zip(is_point.tolist(), xs, ys, strict=True)]


def _frame_payload(name: str, frame: Any) -> dict[str, Any]:
    """One layer, column-wise: ``columns`` (names), ``values`` (one list per column, repeated
    values dictionary-encoded), ``geometries`` ([lon, lat] for a point, else GeoJSON) and
    ``when`` (the day each feature is filtered by: event date, else published)."""
    empty = {
        "name": name,
        "color": layer_color(name),
        "n": 0,
        "columns": [],
        "values": [],
        "geometries": [],
        "when": [],
    }
    if frame is None or len(frame) == 0:
        return empty
    if getattr(frame, "crs", None) is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    geom_col = frame.geometry.name if hasattr(frame, "geometry") else None
    columns = [str(c) for c in frame.columns if c != geom_col]
    if geom_col is None:
        return {**empty, "columns": columns, "values": [[] for _ in columns]}
    geoms = list(frame.geometry)
    bad = set(invalid_indices(geoms))
    for i in sorted(bad):  # layers read from files were checked already: a library caller
        log.warning("feature not drawn: %s", coordinate_problem(geoms[i]))
    points = _point_xy(geoms)
    keep: list[int] = []
    geometries: list[Any] = []
    for i, (geom, xy) in enumerate(zip(geoms, points, strict=True)):
        if i in bad:
            continue
        gj = xy if xy is not None else _geometry(geom)
        if gj is None:
            continue
        keep.append(i)
        geometries.append(gj)
    if len(keep) < len(frame):
        frame = frame.iloc[keep]
    cols = {c: plain_column(frame[c]) for c in columns}
    dates = cols.get("date") or [None] * len(keep)
    published = cols.get("published") or [None] * len(keep)
    when = [_day(d) or _day(p) for d, p in zip(dates, published, strict=True)]
    return {
        "name": name,
        "color": layer_color(name),
        "n": len(keep),
        "columns": columns,
        "values": [_encode(cols[c]) for c in columns],
        "geometries": geometries,
        "when": _encode(when),
    }


def _decoded(layer: dict[str, Any], column: str) -> list[Any]:
    if column not in layer["columns"]:
        return [None] * layer["n"]
    enc = layer["values"][layer["columns"].index(column)]
    if isinstance(enc, dict):
        return [enc["d"][c] for c in enc["c"]]
    return list(enc)


def _styles(layers: list[dict[str, Any]]) -> list[list[str]]:
    """[kind, colour, shape] of every kind drawn (layers.styles: as in the KML export)."""

    def kinds() -> Any:
        for layer in layers:
            yield from _decoded(layer, "kind")

    return [[kind, st.color, st.shape] for kind, st in kind_styles(kinds()).items()]


def _basemap() -> dict[str, Any]:
    """Country outlines and curated areas for the embedded vector basemap (best effort)."""
    outlines: Any = None
    areas: Any = None
    try:
        gz = get_gazetteer()
        outlines = gz.outlines()
        areas = gz.areas()
    except Exception as err:  # the basemap is decoration: never fail the map for it
        log.debug("gazetteer basemap unavailable: %s", err)
    if not outlines:
        try:
            outlines = country_outlines(tolerance=0.05)
        except Exception as err:
            log.debug("country outlines unavailable: %s", err)
    return {"outlines": _clean_fc(outlines), "areas": _clean_fc(areas)}


def _clean_fc(fc: Any) -> dict[str, Any]:
    """Keep geometry and a few display properties (name, id, feature_code) of a collection."""
    out: list[dict[str, Any]] = []
    if isinstance(fc, Mapping):
        for feat in fc.get("features", []) or []:
            geom = feat.get("geometry") if isinstance(feat, Mapping) else None
            if not geom or geom.get("type") not in (
                "Polygon",
                "MultiPolygon",
                "LineString",
                "MultiLineString",
            ):
                continue
            props = feat.get("properties") or {}
            keep = {
                k: plain_value(props.get(k)) for k in ("id", "name", "feature_code") if k in props
            }
            out.append(
                {
                    "type": "Feature",
                    "properties": keep,
                    "geometry": {"type": geom["type"], "coordinates": _round(geom["coordinates"])},
                }
            )
    return {"type": "FeatureCollection", "features": out}


def _bounds(layers: list[dict[str, Any]]) -> list[list[float]] | None:
    xs: list[float] = []
    ys: list[float] = []

    def walk(c: Any) -> None:
        if c and isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for part in c:
                walk(part)

    for layer in layers:
        for g in layer["geometries"]:
            walk(g if isinstance(g, list) else g["coordinates"])
    if not xs:
        return None
    return [[min(ys), min(xs)], [max(ys), max(xs)]]


def _fix_ids(element: Any, counter: list[int]) -> None:
    """Replace branca's random element ids with sequential ones: deterministic output."""
    for child in list(element._children.values()):
        if not re.fullmatch(r"[a-z]+", str(child._id)):
            counter[0] += 1
            child._id = f"{counter[0]:04d}"
        _fix_ids(child, counter)


def render_map(
    frames: Mapping[str, Any],
    *,
    title: str = "posture",
    n_sources: int | None = None,
    offline: bool = False,
    generated: str | None = None,
    basemap: bool = True,
    new_since: str = "",
    tiles: str | None = None,
    tiles_attribution: str | None = None,
) -> folium.Map:
    """Build the map of posture layers, every script, style and feature inline.

    Parameters
    ----------
    frames : mapping of str to GeoDataFrame
        Layers by name ({"assets": gdf, "incidents": gdf, ...}), as :func:`layers.build_layers`
        or :func:`layers.read_layers` give them; other names are drawn after those.
    title : str
        Shown on the map and as the page title.
    n_sources : int, optional
        The number of source articles, shown in the footer.
    offline : bool
        Leave out the OpenStreetMap tile layer: the page then makes no request at all.
    generated : str, optional
        The generation time shown in the footer (default: now, UTC, or SOURCE_DATE_EPOCH
        when set); pass a fixed value for identical bytes.
    basemap : bool
        Draw the embedded country outlines (False is faster; for tests).
    new_since : str
        A day (YYYY-MM-DD): highlight the facts first seen (``posture layers --update``) or,
        where that is not tracked, first reported on or after it, and list them in a panel.
    tiles : str, optional
        A tile URL template (``https://tiles.example.org/{z}/{x}/{y}.png``; ``{s}`` for
        subdomains) instead of OpenStreetMap's, e.g. a self-hosted tile server; its origin is
        the only one the page's Content-Security-Policy lets images come from.
    tiles_attribution : str, optional
        The attribution shown for ``tiles`` (plain text; default: OpenStreetMap's).

    Returns
    -------
    folium.Map
        The map; it displays in a notebook, :func:`save_map` writes it.
    """
    if generated is None:
        generated = _generation_time()
    tile_url = str(tiles) if tiles else TILE_URL
    origin = tile_origin(tile_url)  # ValueError for a URL the CSP cannot name
    attribution = "© OpenStreetMap contributors" if tiles_attribution is None else tiles_attribution
    names = [n for n in LAYERS if n in frames] + sorted(str(n) for n in frames if n not in LAYERS)
    layers = [_frame_payload(n, frames[n]) for n in names]
    data = {
        "version": 2,
        "meta": {
            "title": str(title),
            "n_sources": n_sources,
            "generated": str(generated),
            "offline": bool(offline),
            "bounds": _bounds(layers),
            "new_since": str(new_since),
        },
        "tiles": None
        if offline
        else {
            "url": tile_url,
            "attribution": str(attribution),
            "maxZoom": 19,
        },
        "layers": layers,
        "styles": _styles(layers),
        "basemap": _basemap() if basemap else {"outlines": None, "areas": None},
    }

    m = folium.Map(
        location=[20.0, 0.0],
        zoom_start=2,
        tiles=None,
        prefer_canvas=True,
        control_scale=False,
        world_copy_jump=True,
        attribution_control=False,
    )
    # No CDN: folium's default jQuery/Bootstrap/Font Awesome/Leaflet links are dropped; Leaflet
    # comes inline from its xstatic package. Points are clustered by our own view clusterer
    # (posture.js), not Leaflet.markercluster: it draws only what is in view, so 100,000
    # features load and filter without long stalls.
    m.default_js = []
    m.default_css = []
    m._id = "posture"
    fig = PostureFigure(title=str(title), offline=offline, tile_origin=origin)
    fig.add_child(m, name="map")
    header = fig.header
    header.add_child(InlineCSS(_inline.leaflet_css(), "leafletcss"), name="leaflet_css")
    header.add_child(InlineCSS(_inline.own_asset("posture.css"), "posturecss"), name="posture_css")
    header.add_child(InlineJS(_inline.leaflet_js(), "leafletjs"), name="leaflet_js")
    for i, name in enumerate(JS_ASSETS):  # in order: the core, then its plug-ins
        header.add_child(InlineJS(_inline.own_asset(name), f"posturejs{i}"), name=f"posture_js{i}")
    fig.html.add_child(JSONData(data, DATA_ID), name="data")
    m.add_child(PostureApp(DATA_ID), name="app")
    _fix_ids(m, [0])
    return m


def render_html(m: folium.Map) -> str:
    """The complete HTML page of a map made by :func:`render_map`."""
    return m.get_root().render()


def save_map(m: folium.Map, path: str | os.PathLike[str], *, overwrite: bool = False) -> None:
    """Write the map as one self-contained HTML file, atomically.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`render_map`.
    path : str or PathLike
        The HTML file to write.
    overwrite : bool
        Replace an existing file (never half-overwritten); without it, an existing file is
        an :class:`~geo.errors.OutputError`.
    """
    atomic_write(path, render_html(m), overwrite=overwrite)


def _generation_time() -> str:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds: byte-identical maps)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)
    else:
        when = _dt.datetime.now(_dt.timezone.utc)
    return when.strftime("%Y-%m-%d %H:%M UTC")
