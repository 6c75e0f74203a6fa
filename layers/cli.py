"""`posture layers`: documents -> posture GIS layers (GeoJSON, GeoPackage, KML or CSV)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import cast

import click

from geo.cliutil import (
    EXIT_ERROR,
    CommonOptions,
    F,
    InputErrors,
    jobs_option,
    output_option,
    progress,
    shared_options,
    sources_argument,
)
from layers.engines import ENGINES, make_engine
from layers.export import check_outputs, write_layers
from layers.model import DEFAULT_STATUSES, FORMATS, STATUSES
from layers.pipeline import build_layers
from layers.store import MANIFEST_NAME, Store, read_store, store_files


def status_option(help_default: str) -> Callable[[F], F]:
    """``--status``, repeatable (shared by `posture layers` and `posture map`)."""
    return click.option(
        "--status",
        "statuses",
        multiple=True,
        type=click.Choice((*STATUSES, "all")),
        help="Map facts of this status (repeat for several; 'all': every one). " + help_default,
    )


def chosen_statuses(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """The statuses ``--status`` asks for: None for 'all', the defaults when not given."""
    if "all" in values:
        return None
    return tuple(values) or DEFAULT_STATUSES


_STATUS_HELP = (
    f"Default: {', '.join(DEFAULT_STATUSES)}; a fact only denied or only possible is left out "
    "of the layers (its statements stay in statements.jsonl)."
)


@click.command(name="layers")
@sources_argument
@output_option(
    "Directory to write the layers into (created if missing; its parent must exist).",
    file_okay=False,
)
@click.option(
    "--update",
    "update",
    type=click.Path(path_type=Path, file_okay=False),
    help="Add the SOURCES to the layer set in this directory (created if missing): "
    "unchanged documents are not read again, new statements join the facts, and each fact "
    "records the run dates it was first and last seen (first_seen, last_seen).",
)
@click.option(
    "--run-date",
    metavar="YYYY-MM-DD",
    help="The date of this run for --update (default: today, UTC).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="geojson",
    show_default=True,
    help="geojson: assets/incidents/disputes.geojson; gpkg: posture.gpkg (three layers); "
    "kml: posture.kml (Google Earth); csv: one .csv per layer, geometry as WKT; parquet: "
    "GeoParquet, fgb: FlatGeobuf, one file per layer and statements.parquet/.fgb.",
)
@click.option(
    "--engine",
    "engine_name",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    help="local: this machine (-j processes); dask: a Dask cluster ('posture-mapper[dask]'), "
    "--scheduler's or a LocalCluster of -j processes (default: every CPU). Same output.",
)
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://host:8786).")
@click.option("--partition-size", type=click.IntRange(min=1), help="Documents per Dask task.")
@status_option(_STATUS_HELP)
@jobs_option
@shared_options
def layers_command(
    sources: tuple[Path, ...],
    output: Path | None,
    update: Path | None,
    run_date: str | None,
    fmt: str,
    engine_name: str,
    scheduler: str | None,
    partition_size: int | None,
    statuses: tuple[str, ...],
    jobs: int | None,
    common: CommonOptions,
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
      posture layers today/ --update daily/          # the daily update
      posture layers feed.jsonl -o out/ --status all  # denials and speculation too

    Beside the layers (one feature per fact) come statements.jsonl (every statement of every
    fact, with its quote and source) and manifest.json (what --update needs).
    """
    if (output is None) == (update is None):
        raise click.UsageError("give either -o/--output DIR or --update DIR")
    if run_date is not None and update is None:
        raise click.UsageError("--run-date goes with --update")
    day = _run_date(run_date)
    previous = None
    overwrite = common.overwrite or update is not None  # an update replaces its files
    target = cast(Path, update or output)  # one of them: checked above
    if update is not None:
        previous = read_store(update) if update.is_dir() else None
        if previous is None and update.is_dir() and any(update.iterdir()):
            raise click.UsageError(f"{update}: not a layer set to update (no {MANIFEST_NAME})")
        previous = previous or Store()
    names = list(store_files({}, fmt))
    check_outputs(target, fmt, overwrite=overwrite, extra=names)  # fail before any work
    errors = InputErrors()
    docs = common.documents(sources, errors)
    stats: dict[str, int] = {}
    frames = build_layers(
        progress(docs, enabled=not common.quiet, desc="layers"),
        workers=jobs,
        stats=stats,
        previous=previous,
        run_date=day,
        on_error=errors,
        engine=make_engine(engine_name, scheduler, workers=jobs, partition_size=partition_size),
        statuses=chosen_statuses(statuses),
    )
    try:
        if docs.count == 0:
            click.echo("error: no document could be read; nothing written", err=True)
            sys.exit(EXIT_ERROR)
        write_layers(
            frames, target, format=fmt, overwrite=overwrite, extra=store_files(frames, fmt)
        )
    finally:
        frames.close()  # the statements and documents spilled to disk
    if not common.quiet:
        counts = ", ".join(f"{len(frame)} {name}" for name, frame in frames.items())
        skipped = f" ({errors.count} skipped)" if errors.count else ""
        same = stats.get("unchanged", 0)
        if same:
            skipped += f" ({same} unchanged, not read again)"
        n = stats.get("unplaced", 0)
        unplaced = f"; {n} unknown place name{'s' * (n != 1)} left unplaced" if n else ""
        click.echo(
            f"wrote {counts} from {docs.count} document{'s' * (docs.count != 1)}{skipped} "
            f"to {target}{unplaced}",
            err=True,
        )
    sys.exit(errors.exit_code)


def _run_date(value: str | None) -> str:
    if value is None:
        return dt.datetime.now(dt.timezone.utc).date().isoformat()
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        msg = f"{value!r} is not a date (YYYY-MM-DD)"
        raise click.BadParameter(msg, param_hint="--run-date") from None


if __name__ == "__main__":  # python -m layers.cli ...
    layers_command()
