"""The ``posture`` command group and its ``map`` command."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from geo._cli import (
    EXIT_ERROR,
    Counted,
    InputErrors,
    clean_errors,
    configure_logging,
    max_bytes_option,
    overwrite_option,
    progress,
    published_option,
    region_option,
    sources_argument,
    verbosity_options,
)
from geo.errors import InputError

LAYER_FILES = ("assets", "incidents", "disputes")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("posture-mapper")
    except Exception:  # not installed (running from a checkout)
        return "0.1.0"


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="""\b
Examples:
  posture geoparse seeds/ -o toponyms.jsonl
  posture layers seeds/ -o out/
  posture map seeds/ -o map.html
  posture map out/ -o map.html --offline --title "Baltic, May"
""",
)
@click.version_option(_version(), "-V", "--version", prog_name="posture")
def main() -> None:
    """posture: news articles -> places -> posture layers -> a shareable map.

    Everything runs offline: an embedded gazetteer resolves places, the layers are plain GIS
    files (GeoJSON, GeoPackage, KML, CSV), and the map is ONE self-contained HTML file.
    """


def is_layers_source(path: Path) -> bool:
    """A directory written by ``posture layers`` (or a .gpkg / .kml / <layer>.geojson file)."""
    if path.is_dir():
        names = [f"{n}.{x}" for n in LAYER_FILES for x in ("geojson", "csv", "parquet", "fgb")]
        names.append("posture.kml")
        return any((path / n).is_file() for n in names) or any(path.glob("*.gpkg"))
    suffix = path.suffix.lower()
    return suffix in (".gpkg", ".kml") or (
        suffix in (".geojson", ".csv", ".parquet", ".fgb") and path.stem in LAYER_FILES
    )


def _doc_ids(frames: dict[str, Any]) -> set[str]:
    """Source articles behind some layers: their doc_ids and their corroborating documents."""
    ids: set[str] = set()
    for frame in frames.values():
        if frame is None or len(frame) == 0:
            continue
        if "doc_id" in frame:
            ids.update(str(v) for v in frame["doc_id"] if v)
        if "corroborated_by" in frame:
            for v in frame["corroborated_by"]:
                try:
                    ids.update(str(o["doc_id"]) for o in json.loads(v or "[]") if o.get("doc_id"))
                except (TypeError, ValueError, AttributeError, KeyError):
                    continue
    return ids


def _concat(parts: list[dict[str, Any]]) -> dict[str, Any]:
    if len(parts) == 1:
        return parts[0]
    import geopandas as gpd
    import pandas as pd

    out: dict[str, Any] = {}
    for name in LAYER_FILES:
        frames = [p[name] for p in parts if name in p and p[name] is not None and len(p[name])]
        if not frames:
            out[name] = next((p[name] for p in parts if name in p), None)
            continue
        out[name] = gpd.GeoDataFrame(
            pd.concat(frames, ignore_index=True), geometry="geometry", crs="EPSG:4326"
        )
    return out


@main.command(name="map")
@sources_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("posture-map.html"),
    show_default=True,
    help="The HTML file to write.",
)
@click.option("--title", default="posture", show_default=True, help="Title shown on the map.")
@click.option(
    "--offline",
    is_flag=True,
    help="Leave out the OpenStreetMap tiles: the page makes no network request at all.",
)
@click.option(
    "--new-since",
    metavar="YYYY-MM-DD",
    help="Highlight the facts new since this date (first seen by `posture layers --update`, "
    "else first reported) and list them in a 'New since' panel.",
)
@region_option
@published_option
@max_bytes_option
@overwrite_option
@verbosity_options
@clean_errors
def map_command(
    sources: tuple[Path, ...],
    output: Path,
    title: str,
    offline: bool,
    new_since: str | None,
    published: str,
    max_bytes: int,
    overwrite: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Draw the SOURCES as ONE self-contained HTML map (assets, incidents, disputes).

    SOURCES are documents (.txt/.md/.html/.jsonl files or directories of them, run through
    the geoparser and the layer extractor) or layers written by `posture layers` (a directory
    with assets/incidents/disputes .geojson/.csv or a .gpkg). The page carries every script,
    style and feature inline; open it in any browser, share it as one file. Each feature's
    popup shows the quote with the place highlighted and links its source article.

    \b
    Examples:
      posture map seeds/ -o map.html
      posture map out/ -o map.html --offline --title "Posture, week 21"
      posture map articles.jsonl -o map.html --overwrite -q
      posture map daily/ -o map.html --new-since 2025-11-03
    """
    from geo.output import check_writable
    from maps.render import render_map, save_map

    configure_logging(verbose, quiet)
    since = _iso_day(new_since)
    check_writable(output, overwrite=overwrite)  # fail before any work
    errors = InputErrors()
    layer_sources = [s for s in sources if s.exists() and is_layers_source(s)]
    doc_sources = [s for s in sources if s not in layer_sources]
    parts: list[dict[str, Any]] = []
    n_docs = 0
    n_layer_inputs = 0
    layer_ids: set[str] = set()
    if layer_sources:
        from layers import read_layers

        for src in layer_sources:
            try:
                frames = read_layers(src, on_error=errors)
            except InputError as err:
                errors(err)
                continue
            n_layer_inputs += 1
            layer_ids |= _doc_ids(frames)
            parts.append(frames)
    if doc_sources:
        from geo.documents import read_documents
        from layers import build_layers

        docs = Counted(
            read_documents(
                doc_sources, on_error=errors, default_published=published, max_bytes=max_bytes
            )
        )
        frames = build_layers(progress(docs, enabled=not quiet, desc="map"), on_error=errors)
        n_docs = docs.count
        if n_docs:
            parts.append(frames)
    if not parts:
        click.echo("error: no input could be read; nothing written", err=True)
        sys.exit(EXIT_ERROR)
    frames = _concat(parts)
    n_sources = n_docs + len(layer_ids)
    m = render_map(frames, title=title, n_sources=n_sources, offline=offline, new_since=since)
    save_map(m, output, overwrite=overwrite)
    if not quiet:
        counts = ", ".join(f"{len(f) if f is not None else 0} {n}" for n, f in frames.items())
        size = output.stat().st_size / 1e6
        what = []
        if n_docs:
            what.append(f"{n_docs} document{'s' * (n_docs != 1)}")
        if n_layer_inputs:
            what.append(f"{n_layer_inputs} layer source{'s' * (n_layer_inputs != 1)}")
        skipped = f" ({errors.count} skipped)" if errors.count else ""
        click.echo(
            f"wrote {output} ({size:.1f} MB): {counts} from {' and '.join(what)}{skipped}"
            + (" [offline]" if offline else ""),
            err=True,
        )
    sys.exit(errors.exit_code)


def _iso_day(value: str | None) -> str:
    if value is None:
        return ""
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        msg = f"{value!r} is not a date (YYYY-MM-DD)"
        raise click.BadParameter(msg, param_hint="--new-since") from None


def _add_stage_commands() -> None:
    from geo.cli import geoparse
    from layers.cli import layers_command

    main.add_command(geoparse)
    main.add_command(layers_command)


_add_stage_commands()
