"""Write the posture layers as GeoJSON, GeoPackage, KML, CSV, GeoParquet or FlatGeobuf, and
read them back.

    paths = write_layers(frames, "out/", format="geojson")   # out/assets.geojson, ...
    frames = read_layers("out/")                              # e.g. after editing in QGIS

Outputs by format:

- ``geojson``: ``assets.geojson``, ``incidents.geojson``, ``disputes.geojson`` (RFC 7946:
  lon/lat WGS84, no ``crs`` member, exterior rings counter-clockwise and holes clockwise,
  coordinates rounded to 6 decimals, geometries crossing the antimeridian split at +-180).
  Written with the standard json module, so the bytes depend only on the data.
- ``gpkg``: one ``posture.gpkg`` with the three layers (through GDAL). GDAL stamps a
  modification time into GeoPackages; it is pinned with ``OGR_CURRENT_DATE`` so reruns on the
  same data and GDAL version give identical bytes. GDAL cuts strings at NUL, so NUL is written
  as U+2400 and read back as NUL (:data:`GPKG_NUL`).
- ``kml``: one ``posture.kml``, a Folder per layer and a sub-Folder per kind; every column in
  ExtendedData (typed SchemaData, one Schema per layer); a Style per kind with the map's colour
  and shape (:mod:`layers.kmlio`, :mod:`layers.styles`); balloons show only the escaped
  description. Built with xml.etree, so no extra dependency. Read back by :func:`read_layers`.
- ``csv``: ``assets.csv``, ... with the geometry as WKT in the last column ``wkt``, text cells
  neutralised against spreadsheet formulas and undone on reading (:mod:`layers.csvio`), plus
  ``assets.csvt`` (field types) and ``assets.prj`` (EPSG:4326) for GDAL/QGIS.
- ``parquet``: ``assets.parquet``, ... and ``statements.parquet``: GeoParquet 1.0 (WKB
  geometry, EPSG:4326 in the ``geo`` metadata) through geopandas and pyarrow, for QGIS,
  DuckDB and ``dask_geopandas.read_parquet``. pyarrow is optional (``pip install
  posture-mapper[parquet]``); without it this format is a one-line
  :class:`~geo.errors.ConfigurationError`. pyarrow embeds only its own and geopandas' versions,
  so the bytes depend on the data and those versions.
- ``fgb``: ``assets.fgb``, ... and ``statements.fgb``: FlatGeobuf through GDAL (pyogrio),
  with a spatial index (so features are stored in index order; read back in the layers' sort
  order). NUL in strings as for GeoPackage.

Every run is all-or-nothing and never clobbers (:func:`geo.output.atomic_files`): all outputs
go to temporary files beside their targets and are published only once every one was
written. An existing target without ``overwrite`` is an :class:`~geo.errors.OutputError`
raised before anything is written (and again if one appears while writing); a target that is
not a regular file (symlink, device) is never replaced.
"""

from __future__ import annotations

import csv
import html
import importlib.util
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.errors import ConfigurationError, InputError, OutputError, PostureError
from geo.lazy import lazy_module
from geo.output import atomic_files, fsync_file, refuse_special, write_bytes, write_stream
from layers import csvio, kmlio
from layers.encode import (
    PRECISION,
    antimeridian_safe,
    cell,
    csv_bytes,
    frame_columns,
    frame_rows,
    geometry_to_geojson,
    round_coordinate,
)
from layers.frames import SORT_KEY, conform, empty_frame
from layers.georef import coordinate_problem, geojson_crs, invalid_indices, prj_crs, to_wgs84
from layers.model import FORMATS, LAYERS
from layers.store import statements_frame
from layers.styles import PALETTE, KindStyle, kind_label, kind_styles, shape_for
from layers.values import plain_value, safe_text

#: GDAL (0.5 s to import): only the GeoPackage and FlatGeobuf formats need it.
pyogrio = lazy_module("pyogrio")

GPKG_NAME = "posture.gpkg"
KML_NAME = "posture.kml"
KML_NS = "http://www.opengis.net/kml/2.2"
#: The files of one layer in CSV: the table, its field types (GDAL/QGIS), its CRS.
CSV_FILES = (".csv", ".csvt", ".prj")
#: The fixed modification time GDAL writes into GeoPackages, for reproducible files.
GPKG_DATE = "2000-01-01T00:00:00.000Z"
#: The file suffix of the one-file-per-layer binary formats (plus ``statements.<suffix>``).
TABLE_SUFFIX = {"parquet": ".parquet", "fgb": ".fgb"}
STATEMENTS_TABLE = "statements"
PARQUET_HINT = "pip install 'posture-mapper[parquet]'"


# --------------------------------------------------------------------------- paths


def output_paths(directory: str | os.PathLike[str], format: str = "geojson") -> list[Path]:
    """The files :func:`write_layers` writes for ``format`` into ``directory``."""
    d = Path(directory)
    if format == "geojson":
        return [d / f"{layer}.geojson" for layer in LAYERS]
    if format == "csv":
        return [d / f"{layer}{ext}" for layer in LAYERS for ext in CSV_FILES]
    if format == "gpkg":
        return [d / GPKG_NAME]
    if format == "kml":
        return [d / KML_NAME]
    if format in TABLE_SUFFIX:
        ext = TABLE_SUFFIX[format]
        return [d / f"{name}{ext}" for name in (*LAYERS, STATEMENTS_TABLE)]
    raise ConfigurationError(f"unknown format {format!r} (expected one of {', '.join(FORMATS)})")


def check_outputs(
    directory: str | os.PathLike[str],
    format: str = "geojson",
    *,
    overwrite: bool = False,
    extra: Iterable[str] = (),
) -> list[Path]:
    """Fail early (before any work) when an output exists and ``overwrite`` is False, or when
    the directory cannot be created. ``extra``: names of more files written beside the
    layers. Returns the output paths."""
    d = Path(directory)
    if format == "parquet":
        need_pyarrow(ConfigurationError, "GeoParquet output")
    paths = output_paths(d, format) + [d / name for name in extra]
    if d.exists() and not d.is_dir():
        raise OutputError(f"{d}: exists and is not a directory")
    if not d.exists() and not d.parent.exists():
        raise OutputError(f"{d.parent}: directory does not exist")
    for p in paths:
        if refuse_special(p) and not overwrite:
            raise OutputError(f"{p}: exists (use --overwrite to replace it)")
    return paths


# --------------------------------------------------------------------------- write


def write_layers(
    frames: Mapping[str, gpd.GeoDataFrame],
    directory: str | os.PathLike[str],
    *,
    format: str = "geojson",
    overwrite: bool = False,
    extra: Mapping[str, bytes | Callable[[IO[bytes]], None]] | None = None,
) -> list[Path]:
    """Write the layers into ``directory`` (created if missing; its parent must exist).

    All-or-nothing: on any error no output is left half-written and existing outputs are
    untouched.

    Parameters
    ----------
    frames : mapping of str to GeoDataFrame
        Layers by name (:data:`layers.model.LAYERS`); missing layers are written empty.
    directory : str or PathLike
        Where to write.
    format : str
        One of :data:`layers.model.FORMATS`.
    overwrite : bool
        Replace existing outputs; without it, an existing output is an error.
    extra : mapping of str to bytes or callable, optional
        Names of more files and their content (the statements and manifest,
        :func:`layers.store.store_files`): bytes, or a function writing them to a binary file.

    Returns
    -------
    list of Path
        The paths written.

    Raises
    ------
    ConfigurationError
        An unknown layer name or format.
    OutputError
        An output exists (without ``overwrite``) or cannot be written.
    """
    unknown = sorted(set(frames) - set(LAYERS))
    if unknown:
        raise ConfigurationError(
            f"unknown layer(s) {', '.join(unknown)}; valid: {', '.join(LAYERS)}"
        )
    extra = dict(extra or {})
    paths = check_outputs(directory, format, overwrite=overwrite, extra=extra)
    d = Path(directory)
    conformed = {
        layer: conform(frames[layer], layer) if layer in frames else empty_frame()
        for layer in LAYERS
    }
    writers: list[Callable[[Path], None]]
    if format == "geojson":
        layer_writers = [partial(_write_geojson, frame=conformed[n], layer=n) for n in LAYERS]
        writers = [partial(write_stream, write=w) for w in layer_writers]
    elif format == "csv":
        writers = []
        for layer in LAYERS:
            writers += [
                _bytes_writer(csv_bytes, conformed[layer], layer),
                _bytes_writer(_csvt_bytes, conformed[layer], layer),
                lambda tmp: write_bytes(tmp, csvio.prj().encode("ascii")),
            ]
    elif format == "kml":
        writers = [lambda tmp: write_bytes(tmp, _kml_bytes(conformed))]
    elif format in TABLE_SUFFIX:
        statements = getattr(frames, "statements", None) or []
        tables = [*(conformed[layer] for layer in LAYERS), statements_frame(statements)]
        names = [*LAYERS, STATEMENTS_TABLE]
        write = _write_parquet if format == "parquet" else _write_fgb
        writers = [partial(write, frame=t, layer=n) for t, n in zip(tables, names, strict=True)]
    else:
        statements = getattr(frames, "statements", None)
        table = statements_frame(statements) if statements is not None else None
        writers = [lambda tmp: _write_gpkg(tmp, conformed, table)]
    writers += [_extra_writer(data) for data in extra.values()]

    created = not d.exists()
    if created:
        try:
            d.mkdir()
        except OSError as err:
            raise OutputError(f"{d}: cannot create directory ({err.strerror or err})") from err
    try:
        with atomic_files(paths, overwrite=overwrite) as temps:
            for path, tmp, writer in zip(paths, temps, writers, strict=True):
                try:
                    writer(tmp)
                except (PostureError, OSError):
                    raise
                except Exception as err:  # GDAL, encoding...: still an output problem
                    raise OutputError(f"{path}: {err}") from err
    except BaseException:
        if created:
            try:
                d.rmdir()
            except OSError:
                pass
        raise
    return paths


def _extra_writer(data: bytes | Callable[[IO[bytes]], None]) -> Callable[[Path], None]:
    if isinstance(data, bytes | bytearray | memoryview):
        return partial(write_bytes, data=bytes(data))
    return partial(write_stream, write=data)


def _bytes_writer(
    render: Callable[[gpd.GeoDataFrame, str], bytes], frame: gpd.GeoDataFrame, layer: str
) -> Callable[[Path], None]:
    return lambda tmp: write_bytes(tmp, render(frame, layer))


# --------------------------------------------------------------------------- values

_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: Any) -> str:
    return _XML_INVALID.sub("\ufffd", "" if value is None else str(value))


# --------------------------------------------------------------------------- GeoJSON


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _write_geojson(out: IO[bytes], frame: gpd.GeoDataFrame, layer: str) -> None:
    """A layer as GeoJSON, written a batch of features at a time."""
    chunks = ['{"type":"FeatureCollection","name":' + _dumps(layer) + ',"features":[']
    first = True
    for props, geom in frame_rows(frame):
        feature = {
            "type": "Feature",
            "id": props.get("feature_id") or None,
            "properties": props,
            "geometry": geometry_to_geojson(geom),
        }
        if feature["id"] is None:
            del feature["id"]
        chunks.append(("\n" if first else ",\n") + _dumps(feature))
        first = False
        if len(chunks) >= _WRITE_BATCH:
            out.write("".join(chunks).encode("utf-8"))
            chunks.clear()
    chunks.append("\n]}\n")
    out.write("".join(chunks).encode("utf-8"))


#: Features encoded and written at a time.
_WRITE_BATCH = 500


# --------------------------------------------------------------------------- CSV


def _csvt_bytes(frame: gpd.GeoDataFrame, layer: str) -> bytes:
    kinds = [
        frame[c].dtype.kind if isinstance(frame[c].dtype, np.dtype) else "O"
        for c in frame_columns(frame)
    ]
    return csvio.csvt(kinds).encode("ascii")


# --------------------------------------------------------------------------- KML


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag)
    if text is not None:
        el.text = _xml_text(text)
    return el


def _num(x: float) -> str:
    s = f"{round_coordinate(x):.{PRECISION}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _kml_coords(coords: list[list[float]]) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in coords)


def _kml_geometry(parent: ET.Element, gj: dict[str, Any]) -> None:
    kind = gj["type"]
    if kind == "Point":
        _sub(_sub(parent, "Point"), "coordinates", _kml_coords([gj["coordinates"]]))
    elif kind == "LineString":
        line = _sub(parent, "LineString")
        _sub(line, "tessellate", "1")
        _sub(line, "coordinates", _kml_coords(gj["coordinates"]))
    elif kind == "Polygon":
        poly = _sub(parent, "Polygon")
        outer, *holes = gj["coordinates"]
        _sub(_sub(_sub(poly, "outerBoundaryIs"), "LinearRing"), "coordinates", _kml_coords(outer))
        for hole in holes:
            ring = _sub(_sub(poly, "innerBoundaryIs"), "LinearRing")
            _sub(ring, "coordinates", _kml_coords(hole))
    else:
        multi = _sub(parent, "MultiGeometry")
        if kind == "GeometryCollection":
            parts = gj["geometries"]
        else:
            single = kind.removeprefix("Multi")
            parts = [{"type": single, "coordinates": c} for c in gj["coordinates"]]
        for part in parts:
            _kml_geometry(multi, part)


def _link(url: str, label: str) -> str:
    """An HTML link for http(s) URLs only; anything else is shown as escaped text."""
    try:
        parts = urlsplit(url)
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
    except ValueError:
        ok = False
    if not ok:
        return html.escape(label or url)
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(label or url)}</a>'


def _description(props: dict[str, Any], name: str = "") -> str:
    """HTML for the balloon (Google Earth renders it): every value escaped."""
    e = html.escape
    lines = [f"<h3>{e(name)}</h3>"] if name else []
    if props.get("quote"):
        lines.append(f"<p>{e(str(props['quote']))}</p>")
    title, url = str(props.get("doc_title") or ""), str(props.get("doc_url") or "")
    source = _link(url, title) if url else e(title)
    if source or props.get("published"):
        when = f" ({e(str(props['published']))})" if props.get("published") else ""
        lines.append(f"<p>Source: {source}{when}</p>")
    facts = [
        f"{label}: {e(str(props[key]))}"
        for key, label in (("date", "Date"), ("status", "Status"), ("actor", "Actor"))
        if props.get(key) not in (None, "")
    ]
    corroboration = props.get("corroboration")
    if isinstance(corroboration, int) and corroboration > 1:
        facts.append(f"Reported by {corroboration} documents")
    if facts:
        lines.append("<p>" + "<br/>".join(facts) + "</p>")
    return "\n".join(lines)


_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _kml_bytes(frames: Mapping[str, gpd.GeoDataFrame]) -> bytes:
    # Plain tag names with the default namespace declared on the root: the same document as
    # namespaced ElementTree tags, several times faster to serialise.
    root = ET.Element("kml", {"xmlns": KML_NS})
    doc = _sub(root, "Document")
    _sub(doc, "name", "posture")
    for layer in LAYERS:  # the typed columns of each layer, for ExtendedData/SchemaData
        schema = _sub(doc, "Schema")
        schema.set("name", layer)
        schema.set("id", f"{layer}_schema")
        frame = frames[layer]
        for col in frame_columns(frame):
            kind = frame[col].dtype.kind if isinstance(frame[col].dtype, np.dtype) else ""
            kml_type = {"i": "int", "u": "uint", "f": "double", "b": "bool"}.get(kind, "string")
            ET.SubElement(schema, "SimpleField", {"name": col, "type": kml_type})
    # Kind colours as on the map drawn from these layers: in order of first appearance.
    rows = {layer: list(frame_rows(frames[layer])) for layer in LAYERS}
    drawn = (
        props.get("kind")
        for layer in LAYERS
        for props, geom in rows[layer]
        if geom is not None and not geom.is_empty and geom.geom_type != "GeometryCollection"
    )
    styles = kind_styles(drawn)
    order = {kind: i for i, kind in enumerate(styles)}
    used: dict[str, ET.Element] = {}
    for li, layer in enumerate(LAYERS):
        folder = _sub(doc, "Folder")
        _sub(folder, "name", layer)
        by_kind: dict[str, list[tuple[dict[str, Any], BaseGeometry | None]]] = {}
        for props, geom in rows[layer]:
            by_kind.setdefault(str(props.get("kind") or ""), []).append((props, geom))
        for kind in sorted(by_kind):
            sub = _sub(folder, "Folder")
            _sub(sub, "name", kind or "(no kind)")
            label = kind_label(kind)
            style = styles.get(label) or KindStyle(PALETTE[0], shape_for(label))
            for props, geom in by_kind[kind]:
                gtype = geom.geom_type if geom is not None else ""
                var = kmlio.variant(label, props.get("range_km"), gtype)
                sid = kmlio.style_id(li, order.get(label, len(order)), var)
                if sid not in used:
                    used[sid] = kmlio.style_element(sid, layer, style, var)
                _placemark(sub, props, geom, f"{layer}_schema", sid)
    for i, sid in enumerate(sorted(used, key=_style_order)):  # after <name>, before <Schema>
        doc.insert(1 + i, used[sid])
    # One line per Placemark (ET.indent on every element costs more than the rest).
    for el in root.iter():
        if el.tag in ("Document", "Folder", "Placemark", "kml"):
            el.text = "\n" if el.text is None else el.text
            for child in el:
                child.tail = "\n"
    # XML parsers turn a raw CR in text into LF: written as a character reference it stays CR.
    body = ET.tostring(root, encoding="unicode").replace("\r", "&#13;")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def _style_order(sid: str) -> tuple[int, ...]:
    layer, kind, var = sid[1:].split("-")
    return int(layer), int(kind), kmlio.VARIANTS.index(var)


def _placemark(
    folder: ET.Element,
    props: dict[str, Any],
    geom: BaseGeometry | None,
    schema: str,
    style: str,
) -> None:
    pm = _sub(folder, "Placemark")
    if props.get("feature_id"):
        pm.set("id", "f" + re.sub(r"[^\w.-]", "_", str(props["feature_id"])))
    subject, place = str(props.get("subject") or ""), str(props.get("place") or "")
    name = f"{subject} @ {place}" if place and subject else subject or place
    _sub(pm, "name", name)
    _sub(pm, "description", _description(props, name))
    date = str(props.get("date") or "")
    if _ISO_DATE.match(date):
        _sub(_sub(pm, "TimeStamp"), "when", date)
    _sub(pm, "styleUrl", f"#{style}")
    data = _sub(_sub(pm, "ExtendedData"), "SchemaData")
    data.set("schemaUrl", f"#{schema}")
    for key, value in props.items():
        if value is not None:  # a missing SimpleData is a null
            field = ET.SubElement(data, "SimpleData", {"name": key})
            field.text = _xml_text(cell(value))
    gj = geometry_to_geojson(geom)
    if gj is not None:
        _kml_geometry(pm, gj)


# --------------------------------------------------------------------------- GeoPackage


def _write_gpkg(
    path: Path,
    frames: Mapping[str, gpd.GeoDataFrame],
    statements: gpd.GeoDataFrame | None = None,
) -> None:
    """The layers, and the statements behind their facts as a ``statements`` table."""
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    path.unlink(missing_ok=True)  # GDAL creates the file itself
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_DATE})
    tables = dict(frames)
    if statements is not None:
        tables["statements"] = statements
    try:
        for layer in tables:
            frame = _clean(tables[layer], gdal=True)
            pyogrio.write_dataframe(
                frame,
                path,
                layer=layer,
                driver="GPKG",
                geometry_type="Unknown",
                promote_to_multi=False,
            )
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})
    fsync_file(path)


def _clean(frame: gpd.GeoDataFrame, *, gdal: bool) -> gpd.GeoDataFrame:
    """A copy safe to write: strings encodable (lone surrogates replaced; NUL escaped when
    ``gdal``, see :data:`GPKG_NUL`), geometries split at the antimeridian."""
    frame = frame.copy()
    escape = _gpkg_value if gdal else (lambda v: v)
    for col in frame.columns:
        if col != frame.geometry.name and frame[col].dtype == object:
            frame[col] = [escape(plain_value(v)) for v in frame[col]]
        elif pd.api.types.is_string_dtype(frame[col].dtype):
            frame[col] = frame[col].map(lambda v: escape(safe_text(v)))
    return frame.set_geometry(frame.geometry.map(antimeridian_safe), crs="EPSG:4326")


# --------------------------------------------------------------------------- GeoParquet, FlatGeobuf


def need_pyarrow(error: type[PostureError], what: str) -> None:
    """Raise ``error`` (one line, with the install hint) when pyarrow is not installed."""
    if importlib.util.find_spec("pyarrow") is None:
        raise error(f"{what} needs pyarrow, which is not installed: {PARQUET_HINT}")


def _write_parquet(path: Path, *, frame: gpd.GeoDataFrame, layer: str) -> None:
    need_pyarrow(ConfigurationError, "GeoParquet output")
    _clean(frame, gdal=False).to_parquet(
        path, index=False, schema_version="1.0.0", write_covering_bbox=False
    )
    fsync_file(path)


def _write_fgb(path: Path, *, frame: gpd.GeoDataFrame, layer: str) -> None:
    path.unlink(missing_ok=True)  # GDAL creates the file itself
    pyogrio.write_dataframe(
        _clean(frame, gdal=True),
        path,
        layer=layer,
        driver="FlatGeobuf",
        geometry_type="Unknown",
        promote_to_multi=False,
    )
    fsync_file(path)


#: GeoPackage strings are C strings in GDAL: a NUL would cut them. NUL is written as U+2400
#: SYMBOL FOR NULL and read back as NUL (so a genuine U+2400 also reads back as NUL).
GPKG_NUL = "\u2400"


def _gpkg_value(value: Any) -> Any:
    if type(value) is str and "\x00" in value:
        return value.replace("\x00", GPKG_NUL)
    return value


def _gpkg_unescape(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    for col in frame.columns:
        if col == frame.geometry.name:
            continue
        values = frame[col]
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            if any(type(v) is str and GPKG_NUL in v for v in values):
                frame[col] = [v.replace(GPKG_NUL, "\x00") if type(v) is str else v for v in values]
    return frame


# --------------------------------------------------------------------------- read

#: Called with one :class:`~geo.errors.InputError` per feature that cannot be used.
ErrorHandler = Callable[[InputError], None]
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def read_layers(
    path: str | os.PathLike[str], *, on_error: ErrorHandler | None = None
) -> dict[str, gpd.GeoDataFrame]:
    """Read layers written by :func:`write_layers` (and maybe edited since, e.g. in QGIS).

    Parameters
    ----------
    path : str or PathLike
        A directory (``<layer>.geojson`` preferred, then ``<layer>.csv``,
        ``<layer>.parquet``, ``<layer>.fgb``, then ``posture.gpkg``, then ``posture.kml``),
        a ``.gpkg`` or ``.kml`` file, or one ``<layer>.geojson``/``.csv``/``.parquet``/
        ``.fgb`` file (see :func:`layers.sources.is_layers_source`).
    on_error : callable, optional
        Gets each feature whose geometry is unusable (coordinates not finite or out of
        range, bad WKT) as an :class:`~geo.errors.InputError`; the feature is dropped, the
        rest kept. Without it, the error is raised.

    Returns
    -------
    dict of str to GeoDataFrame
        Every layer of :data:`layers.model.LAYERS`, in EPSG:4326 (another CRS, from a
        GeoJSON ``crs`` member, a ``.prj`` beside a CSV or a GeoPackage's SRS, is
        reprojected). Missing layers come back empty; missing columns are filled with
        defaults, extra columns kept.

    Raises
    ------
    InputError
        A file that cannot be read (the error names it).
    """
    p = Path(path)
    if not p.exists():
        raise InputError("no such file or directory", path=str(p))
    found: dict[str, gpd.GeoDataFrame] = {}
    if p.is_dir():
        gpkg, kml = p / GPKG_NAME, p / KML_NAME
        container: dict[str, gpd.GeoDataFrame] | None = None
        for layer in LAYERS:
            gj, cs = p / f"{layer}.geojson", p / f"{layer}.csv"
            pq, fgb = p / f"{layer}.parquet", p / f"{layer}.fgb"
            if gj.is_file():
                found[layer] = _read_geojson(gj, layer, on_error)
            elif cs.is_file():
                found[layer] = _read_csv(cs, layer, on_error)
            elif pq.is_file():
                found[layer] = _read_parquet(pq, layer, on_error)
            elif fgb.is_file():
                found[layer] = _read_fgb(fgb, layer, on_error)
            elif gpkg.is_file() or kml.is_file():
                if container is None:
                    container = (
                        _read_gpkg(gpkg, on_error) if gpkg.is_file() else _read_kml(kml, on_error)
                    )
                if layer in container:
                    found[layer] = container[layer]
        if not found and not gpkg.is_file() and not kml.is_file():
            raise InputError(
                "no posture layers here (expected <layer>.geojson, <layer>.csv, posture.gpkg "
                "or posture.kml)",
                path=str(p),
            )
    else:
        suffix = p.suffix.lower()
        if suffix == ".gpkg":
            found = _read_gpkg(p, on_error)
        elif suffix == ".kml":
            found = _read_kml(p, on_error)
        elif suffix in _READERS:
            layer = p.stem if p.stem in LAYERS else None
            if layer is None:
                raise InputError(
                    f"cannot tell the layer from the name (expected {', '.join(LAYERS)})",
                    path=str(p),
                )
            found = {layer: _READERS[suffix](p, layer, on_error)}
        else:
            raise InputError(
                "not a layers file (.geojson, .csv, .parquet, .fgb, .gpkg or .kml)", path=str(p)
            )
    return {layer: found.get(layer, empty_frame()) for layer in LAYERS}


def _shown(value: Any, limit: int = 60) -> str:
    """A value from a file, safe for a one-line message (control characters escaped)."""
    s = str(value)
    s = s if len(s) <= limit else s[:limit] + "..."
    return _CONTROL.sub(_escape_char, s)


def _escape_char(m: re.Match[str]) -> str:
    o = ord(m.group(0))
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def _finish(
    props: pd.DataFrame,
    geoms: list[BaseGeometry | None],
    crs: Any,
    path: Path,
    layer: str,
    on_error: ErrorHandler | None,
    problems: Mapping[int, str] | None = None,
) -> gpd.GeoDataFrame:
    """Rows and geometries read from ``path`` as a conformed EPSG:4326 layer: reprojected,
    features with unusable coordinates reported and dropped."""
    problems = dict(problems or {})
    try:
        series = to_wgs84(gpd.GeoSeries(geoms), crs)
    except Exception as err:  # pyproj: no transformation
        raise InputError(f"cannot reproject to EPSG:4326: {err}", path=str(path)) from err
    for i in invalid_indices(series):
        problems.setdefault(i, coordinate_problem(series.iloc[i]) or "bad coordinates")
    if problems:
        ids = props["feature_id"].tolist() if "feature_id" in props else [None] * len(props)
        for i in sorted(problems):
            name = f"feature {i + 1}"
            if i < len(ids) and isinstance(ids[i], str) and ids[i]:
                name += f" ({_shown(ids[i])})"
            err = InputError(f"{layer} {name}: {problems[i]}; skipped", path=str(path))
            if on_error is None:
                raise err
            on_error(err)
        keep = [i for i in range(len(series)) if i not in problems]
        props = props.iloc[keep]
        series = series.iloc[keep]
    frame = gpd.GeoDataFrame(
        props.reset_index(drop=True),
        geometry=gpd.GeoSeries(list(series), crs="EPSG:4326"),
        crs="EPSG:4326",
    )
    return conform(frame, layer)


def _read_geojson(path: Path, layer: str, on_error: ErrorHandler | None) -> gpd.GeoDataFrame:
    problems: dict[int, str] = {}
    try:
        with open(path, encoding="utf-8-sig") as fh:
            data = json.load(fh)
        if isinstance(data, dict) and data.get("type") == "Feature":
            data = {"type": "FeatureCollection", "features": [data], "crs": data.get("crs")}
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
            raise ValueError("not a GeoJSON FeatureCollection")
        crs = geojson_crs(data)
        features = data.get("features")
        if not isinstance(features, list):
            raise ValueError("'features' is not a list")
        rows, geoms = [], []
        for i, feature in enumerate(features):
            if not isinstance(feature, dict):
                raise ValueError(f"feature {i} is not an object")
            props = feature.get("properties") or {}
            if not isinstance(props, dict):
                raise ValueError(f"feature {i}: 'properties' is not an object")
            rows.append(props)
            g = feature.get("geometry")
            try:
                geoms.append(shape(g) if g else None)
            except Exception as err:  # shapely: bad structure or coordinates
                geoms.append(None)
                problems[i] = f"bad geometry: {_shown(err, 120)}"
    except InputError:
        raise
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read: {err}", path=str(path)) from err
    except Exception as err:  # json, bad structure, bad crs
        raise InputError(f"not valid GeoJSON: {_shown(err, 200)}", path=str(path)) from err
    return _finish(pd.DataFrame(rows), geoms, crs, path, layer, on_error, problems)


def _read_csv(path: Path, layer: str, on_error: ErrorHandler | None) -> gpd.GeoDataFrame:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    problems: dict[int, str] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            records = csv.reader(fh)
            header = [csvio.restore(h) for h in next(records, [])]
            rows: list[dict[str, Any]] = []
            for record in records:
                rows.append({k: csvio.restore(v) for k, v in zip(header, record, strict=False)})
        crs = prj_crs(path.with_suffix(".prj"))
        geoms: list[BaseGeometry | None] = []
        for i, row in enumerate(rows):
            wkt = (row.pop("wkt", None) or row.pop("WKT", None) or "").strip()
            try:
                geoms.append(shapely.from_wkt(wkt) if wkt else None)
            except Exception as err:  # shapely.errors.ShapelyError: bad WKT
                geoms.append(None)
                problems[i] = f"bad WKT: {_shown(err, 120)}"
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read: {err}", path=str(path)) from err
    except Exception as err:  # csv.Error, bad .prj
        raise InputError(f"not a valid layers CSV: {_shown(err, 200)}", path=str(path)) from err
    frame = pd.DataFrame(rows, columns=[h for h in header if h not in ("wkt", "WKT")])
    return _finish(frame, geoms, crs, path, layer, on_error, problems)


def _read_gpkg(path: Path, on_error: ErrorHandler | None) -> dict[str, gpd.GeoDataFrame]:
    raw: dict[str, gpd.GeoDataFrame] = {}
    try:
        names = [str(n) for n, _ in pyogrio.list_layers(path)]
        for layer in LAYERS:
            if layer in names:
                raw[layer] = _gpkg_unescape(pyogrio.read_dataframe(path, layer=layer))
    except Exception as err:  # pyogrio.errors.DataSourceError and friends
        raise InputError(f"not a readable GeoPackage: {err}", path=str(path)) from err
    out = {}
    for layer, frame in raw.items():
        geom = frame.geometry.name
        props = pd.DataFrame(frame.drop(columns=[geom]))
        out[layer] = _finish(props, list(frame.geometry), frame.crs, path, layer, on_error)
    return out


def _read_kml(path: Path, on_error: ErrorHandler | None) -> dict[str, gpd.GeoDataFrame]:
    try:
        found = kmlio.read_kml(path, LAYERS)
    except OSError as err:
        raise InputError(f"cannot read: {err}", path=str(path)) from err
    except Exception as err:  # ET.ParseError, a DTD
        raise InputError(f"not a readable KML: {_shown(err, 200)}", path=str(path)) from err
    out = {}
    for layer, kl in found.items():
        props = pd.DataFrame(kl.rows, columns=kl.columns)
        frame = _finish(props, kl.geometries, None, path, layer, on_error, kl.problems)
        # Placemarks are grouped in a Folder per kind: back to the frames' own order.
        frame = frame.sort_values(list(SORT_KEY), kind="stable", ignore_index=True)
        out[layer] = frame
    return out


def _read_parquet(path: Path, layer: str, on_error: ErrorHandler | None) -> gpd.GeoDataFrame:
    need_pyarrow(InputError, f"{path}: reading GeoParquet")
    try:
        frame = gpd.read_parquet(path)
    except Exception as err:  # pyarrow.ArrowInvalid, no geo metadata, OSError
        raise InputError(
            f"not a readable GeoParquet file: {_shown(err, 200)}", path=str(path)
        ) from err
    props = pd.DataFrame(frame.drop(columns=[frame.geometry.name]))
    return _finish(props, list(frame.geometry), frame.crs, path, layer, on_error)


def _read_fgb(path: Path, layer: str, on_error: ErrorHandler | None) -> gpd.GeoDataFrame:
    try:
        frame = _gpkg_unescape(pyogrio.read_dataframe(path))
    except Exception as err:  # pyogrio.errors.DataSourceError and friends
        raise InputError(f"not a readable FlatGeobuf file: {err}", path=str(path)) from err
    props = pd.DataFrame(frame.drop(columns=[frame.geometry.name]))
    out = _finish(props, list(frame.geometry), frame.crs, path, layer, on_error)
    # Stored in spatial-index order: back to the layers' own order.
    return out.sort_values(list(SORT_KEY), kind="stable", ignore_index=True)


_READERS: dict[str, Callable[[Path, str, ErrorHandler | None], gpd.GeoDataFrame]] = {
    ".geojson": _read_geojson,
    ".json": _read_geojson,
    ".csv": _read_csv,
    ".parquet": _read_parquet,
    ".fgb": _read_fgb,
}
