"""`posture geoparse`: documents -> JSON Lines of resolved toponyms."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from functools import partial
from itertools import chain
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from geo._files import printable
from geo.cliutil import (
    EXIT_ERROR,
    EXIT_OK,
    KEY_VALUE,
    CommonOptions,
    InputErrors,
    jobs_option,
    output_option,
    progress,
    shared_options,
    sources_argument,
    stdout_path,
)
from geo.guard import Failed, guarded
from geo.lazy import lazy_module
from geo.model import Document
from geo.output import atomic_open, check_writable
from geo.parallel import parallel_map
from geo.parse import Geoparser

if TYPE_CHECKING:
    from geo import geocoders
else:  # the online geocoders (geopy, about 0.3 s to import): only with --geocoder
    geocoders = lazy_module("geo.geocoders")


@click.command(name="geoparse")
@sources_argument
@output_option("JSON Lines file to write (default or '-': stdout).", dir_okay=False)
@click.option(
    "--geocoder",
    default=None,
    metavar="NAME",
    help="Re-resolve places with an online geopy geocoder (e.g. nominatim); cached on disk "
    "and rate limited. Default: offline, embedded gazetteer only.",
)
@click.option(
    "-g",
    "--geocoder-option",
    "geocoder_options",
    multiple=True,
    type=KEY_VALUE,
    help="An option for the online geocoder, e.g. domain=nominatim.example.org (a self-hosted "
    "server), scheme=http, timeout=20, min_delay_seconds=1, api_key=...; repeatable.",
)
@jobs_option
@shared_options
def geoparse(
    sources: tuple[Path, ...],
    output: Path | None,
    geocoder: str | None,
    geocoder_options: tuple[tuple[str, object], ...],
    jobs: int | None,
    common: CommonOptions,
) -> None:
    """Find and resolve every place the SOURCES mention, offline.

    SOURCES are .txt/.md/.html files, .jsonl files (one document a line: id, text, optional
    title, url, published) or directories of them; '-' reads standard input. Writes one
    JSON record per document:
    {"doc_id", "toponyms": [{"mention", "start", "end", "name", "lat", "lon", ...}]}.

    \b
    Examples:
      posture geoparse seeds/
      posture geoparse articles.jsonl -o toponyms.jsonl
      posture geoparse a.txt b.html -q > out.jsonl
      cat feed.jsonl | posture geoparse - -o -
    """
    target = None if stdout_path(output) else output
    if target is not None:
        check_writable(target, overwrite=common.overwrite)
    errors = InputErrors()
    resolver = None
    options = dict(geocoder_options)
    if options and geocoder is None:
        raise click.UsageError("--geocoder-option needs --geocoder")
    if geocoder is not None and geocoder != "embedded":
        resolver = geocoders.OnlineResolver(geocoder, **options)
    parser = Geoparser(resolver=resolver)
    docs = common.documents(sources, errors)
    # An online geocoder keeps one rate limit and cache: it runs in this process only.
    workers = 1 if resolver is not None else jobs
    results = parallel_map(
        partial(guarded, partial(_record, parser)),
        progress(docs, enabled=not common.quiet, desc="geoparse"),
        workers=workers,
    )

    def lines() -> Iterator[str]:
        for result in results:
            if isinstance(result, Failed):
                errors(result.error())
            else:
                yield result

    it = lines()
    first = next(it, None)  # nothing read: no output at all
    if first is None:
        what = "could be read" if docs.count == 0 else "could be geoparsed"
        click.echo(f"error: no document {what}; nothing written", err=True)
        sys.exit(EXIT_ERROR)
    n = 0

    def write(fh: IO[str]) -> None:
        nonlocal n
        for line in chain([first], it):
            fh.write(line)
            n += 1

    if target is None:
        write(sys.stdout)
        sys.stdout.flush()
    else:
        with atomic_open(target, "w", overwrite=common.overwrite) as fh:
            write(fh)
    if not common.quiet:
        where = "stdout" if target is None else printable(str(target))
        skipped = f", {errors.count} skipped" if errors.count else ""
        click.echo(f"geoparsed {n} documents{skipped} -> {where}", err=True)
    sys.exit(errors.exit_code if errors.count else EXIT_OK)


# What json.dumps(rec, ensure_ascii=False, separators=(",", ":")) uses, made once.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _record(parser: Geoparser, doc: Document) -> str:
    rec = parser.parse(doc).to_dict()
    return _ENCODER.encode(rec) + "\n"
