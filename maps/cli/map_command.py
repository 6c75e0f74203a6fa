"""`posture map`: documents or layer sets -> ONE self-contained HTML map."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from geo.cliutil import (
    EXIT_ERROR,
    CommonOptions,
    InputErrors,
    output_option,
    progress,
    shared_options,
    sources_argument,
)
from geo.errors import InputError
from geo.output import check_writable
from layers.cli import chosen_statuses, status_option
from layers.export import read_layers
from layers.pipeline import build_layers
from layers.sources import concat_layers, is_layers_source, source_doc_ids
from maps.elements import tile_origin
from maps.render import render_map, save_map


@click.command(name="map")
@sources_argument
@output_option("The HTML file to write.", default=Path("posture-map.html"), dir_okay=False)
@click.option("--title", default="posture", show_default=True, help="Title shown on the map.")
@click.option(
    "--offline",
    is_flag=True,
    help="Leave out the OpenStreetMap tiles: the page makes no network request at all.",
)
@click.option(
    "--tiles",
    "tiles",
    metavar="URL",
    help="Tile URL template instead of OpenStreetMap's (e.g. a self-hosted server: "
    "'https://tiles.example.org/{z}/{x}/{y}.png'); the page may load images from its origin only.",
)
@click.option(
    "--tiles-attribution",
    metavar="TEXT",
    help="Attribution shown for --tiles (default: '© OpenStreetMap contributors').",
)
@click.option(
    "--new-since",
    metavar="YYYY-MM-DD",
    help="Highlight the facts new since this date (first seen by `posture layers --update`, "
    "else first reported) and list them in a 'New since' panel.",
)
@status_option(
    "Default for documents: reported, planned, historical and disputed facts; a layer set "
    "is drawn as written unless --status is given."
)
@shared_options
def map_command(
    sources: tuple[Path, ...],
    output: Path,
    title: str,
    offline: bool,
    tiles: str | None,
    tiles_attribution: str | None,
    new_since: str | None,
    statuses: tuple[str, ...],
    common: CommonOptions,
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
      posture map out/ -o map.html --tiles 'https://tiles.example.org/{z}/{x}/{y}.png'
      posture map seeds/ -o map.html --status all   # denials and speculation too
    """
    since = _iso_day(new_since)
    if tiles is not None:
        if offline:
            raise click.UsageError("--tiles and --offline exclude each other")
        try:
            tile_origin(tiles)
        except ValueError as err:
            raise click.BadParameter(str(err), param_hint="--tiles") from None
    check_writable(output, overwrite=common.overwrite)  # fail before any work
    errors = InputErrors()
    layer_sources = [s for s in sources if s.exists() and is_layers_source(s)]
    doc_sources = [s for s in sources if s not in layer_sources]
    parts: list[dict[str, Any]] = []
    n_docs = 0
    n_layer_inputs = 0
    layer_ids: set[str] = set()
    if layer_sources:
        for src in layer_sources:
            try:
                frames = read_layers(src, on_error=errors)
            except InputError as err:
                errors(err)
                continue
            n_layer_inputs += 1
            if statuses:
                frames = _with_status(frames, chosen_statuses(statuses))
            layer_ids |= source_doc_ids(frames)
            parts.append(frames)
    if doc_sources:
        docs = common.documents(doc_sources, errors)
        frames = build_layers(
            progress(docs, enabled=not common.quiet, desc="map"),
            on_error=errors,
            statuses=chosen_statuses(statuses),
        )
        n_docs = docs.count
        if n_docs:
            parts.append(frames)
    if not parts:
        click.echo("error: no input could be read; nothing written", err=True)
        sys.exit(EXIT_ERROR)
    frames = concat_layers(parts)
    n_sources = n_docs + len(layer_ids)
    m = render_map(
        frames,
        title=title,
        n_sources=n_sources,
        offline=offline,
        new_since=since,
        tiles=tiles,
        tiles_attribution=tiles_attribution,
    )
    save_map(m, output, overwrite=common.overwrite)
    if not common.quiet:
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


def _with_status(frames: dict[str, Any], statuses: tuple[str, ...] | None) -> dict[str, Any]:
    """A layer set's facts of these statuses (None: all); range rings go with their asset."""
    if statuses is None:
        return frames
    return {
        name: frame[frame["status"].isin(statuses)].reset_index(drop=True)
        for name, frame in frames.items()
    }


def _iso_day(value: str | None) -> str:
    if value is None:
        return ""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        msg = f"{value!r} is not a date (YYYY-MM-DD)"
        raise click.BadParameter(msg, param_hint="--new-since") from None
