"""`posture layers`: documents -> posture GIS layers (GeoJSON, GeoPackage, KML or CSV)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from geo._cli import (
    EXIT_ERROR,
    Counted,
    InputErrors,
    clean_errors,
    configure_logging,
    jobs_option,
    max_bytes_option,
    overwrite_option,
    progress,
    published_option,
    sources_argument,
    verbosity_options,
)

FORMATS = ("geojson", "gpkg", "kml", "csv")


@click.command(name="layers")
@sources_argument
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Directory to write the layers into (created if missing; its parent must exist).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="geojson",
    show_default=True,
    help="geojson: assets/incidents/disputes.geojson; gpkg: posture.gpkg (three layers); "
    "kml: posture.kml (Google Earth); csv: one .csv per layer, geometry as WKT.",
)
@jobs_option
@published_option
@max_bytes_option
@overwrite_option
@verbosity_options
@clean_errors
def layers_command(
    sources: tuple[Path, ...],
    output: Path,
    fmt: str,
    jobs: int | None,
    published: str,
    max_bytes: int,
    overwrite: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Turn the SOURCES into posture GIS layers: assets, incidents and disputes.

    SOURCES are .txt/.md/.html files, .jsonl files (one document a line: id, text, optional
    title, url, published) or directories of them ('-': standard input). Every feature keeps
    its provenance (the quote, document title, URL and date) and how many documents
    corroborate it; assets with a known range also get a range ring. Open the output in QGIS,
    Google Earth or any GIS.

    \b
    Examples:
      posture layers seeds/ -o out/
      posture layers articles.jsonl -o out/ --format gpkg
      posture layers a.txt b.html -o out/ --format kml --overwrite
      posture layers feed.jsonl -o out/ --format csv -q
    """
    from geo.documents import read_documents
    from layers.export import check_outputs, write_layers
    from layers.pipeline import build_layers

    configure_logging(verbose, quiet)
    check_outputs(output, fmt, overwrite=overwrite)  # fail before any work
    errors = InputErrors()
    docs = Counted(
        read_documents(sources, on_error=errors, default_published=published, max_bytes=max_bytes)
    )
    stats: dict[str, int] = {}
    frames = build_layers(
        progress(docs, enabled=not quiet, desc="layers"),
        workers=jobs,
        stats=stats,
        on_error=errors,
    )
    if docs.count == 0:
        click.echo("error: no document could be read; nothing written", err=True)
        sys.exit(EXIT_ERROR)
    write_layers(frames, output, format=fmt, overwrite=overwrite)
    if not quiet:
        counts = ", ".join(f"{len(frame)} {name}" for name, frame in frames.items())
        skipped = f" ({errors.count} skipped)" if errors.count else ""
        n = stats.get("unplaced", 0)
        unplaced = f"; {n} unknown place name{'s' * (n != 1)} left unplaced" if n else ""
        click.echo(
            f"wrote {counts} from {docs.count} document{'s' * (docs.count != 1)}{skipped} "
            f"to {output}{unplaced}",
            err=True,
        )
    sys.exit(errors.exit_code)


if __name__ == "__main__":  # python -m layers.cli ...
    layers_command()
