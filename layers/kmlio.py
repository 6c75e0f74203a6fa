"""KML styles (the map's colours and shapes, see :mod:`layers.styles`) and the KML reader.

Styles: one ``<Style>`` per layer, kind and variant (``point`` markers and areas, range
``ring``, movement ``line``), like the map draws them: a marker icon in the kind's colour
(Google Earth's shape icons, tinted), area outlines in the layer's colour and fills in the
kind's, rings and lines in the kind's colour. Every style's balloon shows only the escaped
``description`` (never the raw ExtendedData values).

Reading (:func:`read_kml`) takes back what :func:`layers.export.write_layers` wrote: each
top-level Folder named after a layer, its Placemarks' typed ``SchemaData`` fields (so ``end``
stays ``end``) and geometries. Documents with a DTD are refused (no entity expansion).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from shapely.geometry import (
    GeometryCollection,
    LineString,
    MultiLineString,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
)
from shapely.geometry.base import BaseGeometry

from layers.styles import KindStyle, layer_color

KML_NS = "http://www.opengis.net/kml/2.2"
_ICON_BASE = "https://maps.google.com/mapfiles/kml/shapes/"
#: The map's marker shapes as Google Earth's stock shape icons (white, tinted by IconStyle).
ICONS = {
    "circle": "placemark_circle.png",
    "ship": "ferry.png",
    "submarine": "ferry.png",
    "plane": "airports.png",
    "shield": "target.png",
    "burst": "firedept.png",
    "triangle": "triangle.png",
    "square": "square.png",
    "diamond": "open-diamond.png",
    "star": "star.png",
    "drone": "heliport.png",
    "hexagon": "polygon.png",
}
VARIANTS = ("point", "ring", "line")
_RING = re.compile(r"range ring", re.IGNORECASE)


def kml_color(hex_rgb: str, opacity: float = 1.0) -> str:
    """``#rrggbb`` and an opacity as KML's ``aabbggrr``."""
    r, g, b = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
    return f"{round(opacity * 255):02x}{b}{g}{r}".lower()


def variant(kind: str, range_km: Any, geom_type: str) -> str:
    """How the map draws a feature: a range ``ring``, a movement ``line``, else ``point``
    (markers; also areas)."""
    try:
        ranged = float(range_km) > 0
    except (TypeError, ValueError):
        ranged = False
    if _RING.search(kind) or (ranged and "Polygon" in geom_type):
        return "ring"
    if "LineString" in geom_type:
        return "line"
    return "point"


def style_id(layer_index: int, kind_index: int, var: str) -> str:
    return f"s{layer_index}-{kind_index}-{var}"


def style_element(sid: str, layer: str, style: KindStyle, var: str) -> ET.Element:
    """The ``<Style>`` of one layer, kind and variant."""
    el = ET.Element("Style", {"id": sid})
    icon_style = ET.SubElement(el, "IconStyle")
    ET.SubElement(icon_style, "color").text = kml_color(style.color)
    ET.SubElement(icon_style, "scale").text = "1"
    icon = ET.SubElement(icon_style, "Icon")
    ET.SubElement(icon, "href").text = _ICON_BASE + ICONS.get(style.shape, ICONS["circle"])
    line = ET.SubElement(el, "LineStyle")
    poly = ET.SubElement(el, "PolyStyle")
    if var == "ring":
        ET.SubElement(line, "color").text = kml_color(style.color)
        ET.SubElement(line, "width").text = "2"
        ET.SubElement(poly, "color").text = kml_color(style.color, 0.04)
    elif var == "line":
        ET.SubElement(line, "color").text = kml_color(style.color, 0.9)
        ET.SubElement(line, "width").text = "3"
        ET.SubElement(poly, "fill").text = "0"
    else:
        ET.SubElement(line, "color").text = kml_color(layer_color(layer))
        ET.SubElement(line, "width").text = "2"
        fill = 0.25 if layer == "disputes" else 0.15
        ET.SubElement(poly, "color").text = kml_color(style.color, fill)
    balloon = ET.SubElement(el, "BalloonStyle")
    ET.SubElement(balloon, "text").text = "$[description]"
    return el


# --------------------------------------------------------------------------- reading

_TYPES = {"int": int, "uint": int, "short": int, "ushort": int, "float": float, "double": float}


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: ET.Element, name: str) -> Iterator[ET.Element]:
    return (c for c in el if _local(c.tag) == name)


def _child(el: ET.Element, name: str) -> ET.Element | None:
    return next(_children(el, name), None)


def _coords(el: ET.Element | None) -> list[tuple[float, float]]:
    found = _child(el, "coordinates") if el is not None else None
    text = (found.text or "") if found is not None else ""
    out = []
    for tup in text.split():
        parts = tup.split(",")
        if len(parts) < 2:
            raise ValueError(f"bad coordinate tuple {tup[:40]!r}")
        out.append((float(parts[0]), float(parts[1])))
    return out


def _ring(el: ET.Element | None) -> list[tuple[float, float]]:
    ring = _child(el, "LinearRing") if el is not None else None
    return _coords(ring)


def _geometry(el: ET.Element) -> BaseGeometry | None:
    name = _local(el.tag)
    if name == "Point":
        pts = _coords(el)
        return Point(pts[0]) if pts else None
    if name == "LineString":
        return LineString(_coords(el))
    if name == "Polygon":
        shell = _ring(_child(el, "outerBoundaryIs"))
        holes = [_ring(h) for h in _children(el, "innerBoundaryIs")]
        return Polygon(shell, holes)
    if name == "MultiGeometry":
        parts = [g for g in (_geometry(c) for c in el) if g is not None]
        types = {p.geom_type for p in parts}
        if types == {"Point"}:
            return MultiPoint(parts)
        if types == {"LineString"}:
            return MultiLineString(parts)
        if types == {"Polygon"}:
            return MultiPolygon(parts)
        return GeometryCollection(parts)
    return None


def _placemarks(el: ET.Element) -> Iterator[ET.Element]:
    for c in el:
        name = _local(c.tag)
        if name == "Placemark":
            yield c
        elif name == "Folder":
            yield from _placemarks(c)


def _schemas(doc: ET.Element) -> dict[str, list[tuple[str, str]]]:
    """``#id`` (and ``#name``) -> [(field, KML type)] of every Schema."""
    out: dict[str, list[tuple[str, str]]] = {}
    for schema in doc.iter():
        if _local(schema.tag) != "Schema":
            continue
        fields = [
            (f.get("name", ""), f.get("type", "string"))
            for f in _children(schema, "SimpleField")
            if f.get("name")
        ]
        for key in (schema.get("id"), schema.get("name")):
            if key:
                out.setdefault("#" + key, fields)
    return out


def _value(text: str | None, kml_type: str) -> Any:
    text = text or ""
    if kml_type == "bool":
        return text.strip().lower() in ("1", "true")
    convert = _TYPES.get(kml_type)
    if convert is None:
        return text
    try:
        return convert(text)
    except ValueError:
        return float(text) if convert is int else None


class KmlLayer(NamedTuple):
    columns: list[str]
    rows: list[dict[str, Any]]
    geometries: list[BaseGeometry | None]
    problems: dict[int, str]  # row index -> what is wrong with its geometry


def read_kml(path: Path, layers: tuple[str, ...]) -> dict[str, KmlLayer]:
    """The ``layers`` in a KML file, each from the top-level Folder of that name.

    Raises ValueError (bad XML, a DTD) and OSError; a Placemark with a bad geometry gets a
    ``problems`` entry (and no geometry)."""
    data = path.read_bytes()
    if re.search(rb"<!(DOCTYPE|ENTITY)", data):
        raise ValueError("a DTD or entity declaration (not allowed)")
    root = ET.fromstring(data)
    doc = _child(root, "Document") if _local(root.tag) == "kml" else root
    if doc is None:
        doc = root
    schemas = _schemas(doc)
    out: dict[str, KmlLayer] = {}
    for folder in _children(doc, "Folder"):
        name_el = _child(folder, "name")
        layer = (name_el.text or "").strip() if name_el is not None else ""
        if layer not in layers or layer in out:
            continue
        columns: list[str] = []
        rows: list[dict[str, Any]] = []
        geoms: list[BaseGeometry | None] = []
        problems: dict[int, str] = {}
        for i, pm in enumerate(_placemarks(folder)):
            props: dict[str, Any] = {}
            ext = _child(pm, "ExtendedData")
            for sd in _children(ext, "SchemaData") if ext is not None else ():
                fields = schemas.get(sd.get("schemaUrl", ""), [])
                for col, _ in fields:
                    if col not in columns:
                        columns.append(col)
                types = dict(fields)
                for simple in _children(sd, "SimpleData"):
                    key = simple.get("name", "")
                    if key:
                        props[key] = _value(simple.text, types.get(key, "string"))
                        if key not in columns:
                            columns.append(key)
            for data_el in _children(ext, "Data") if ext is not None else ():
                key = data_el.get("name", "")
                value = _child(data_el, "value")
                if key and key not in props:
                    props[key] = value.text or "" if value is not None else ""
                    if key not in columns:
                        columns.append(key)
            geom = None
            for c in pm:
                if _local(c.tag) in ("Point", "LineString", "Polygon", "MultiGeometry"):
                    try:
                        geom = _geometry(c)
                    except (ValueError, TypeError, IndexError) as err:  # shapely, float()
                        problems[i] = f"bad geometry: {err}"
                    break
            rows.append(props)
            geoms.append(geom)
        out[layer] = KmlLayer(columns, rows, geoms, problems)
    return out
