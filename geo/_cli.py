"""CLI plumbing shared by every stage's command: options, logging, error reporting, exit codes."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from geo.errors import InputError, PostureError

EXIT_OK = 0
EXIT_ERROR = 1  # nothing (or not everything) could be produced: library or output error
EXIT_USAGE = 2  # bad arguments (click's own code)
EXIT_PARTIAL = 3  # output written, but some inputs were skipped

F = TypeVar("F", bound=Callable[..., Any])

sources_argument = click.argument(
    "sources", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=True)
)
jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for large inputs (default: the CPUs available, at most 8). "
    "The output is the same for any number.",
)


def _published(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    if value is None:
        return ""
    from geo.documents import check_published

    try:
        return check_published(value)
    except ValueError as err:
        raise click.BadParameter(str(err), ctx=ctx, param=param) from None


published_option = click.option(
    "--published",
    metavar="DATE",
    default=None,
    callback=_published,
    help="Publication date of the documents that give none of their own "
    "(e.g. 2025-11-03); documents with a date keep theirs.",
)
overwrite_option = click.option(
    "--overwrite", is_flag=True, help="Replace an existing output (never half-overwritten)."
)


def verbosity_options(func: F) -> F:
    """-v/--verbose and -q/--quiet, configuring logging to stderr."""
    func = click.option(
        "-q", "--quiet", is_flag=True, help="Only errors on stderr; no progress bar."
    )(func)
    func = click.option(
        "-v", "--verbose", count=True, help="More log output on stderr (-vv: debug)."
    )(func)
    return func


def configure_logging(verbose: int = 0, quiet: bool = False) -> None:
    """Only the CLI configures logging, always to stderr; stdout carries data only.

    The previous logger state comes back when the command ends, so running commands
    in-process (tests, notebooks) leaves no global logging state behind.
    """
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    saved = []
    for name in ("geo", "layers", "maps"):
        log = logging.getLogger(name)
        saved.append((log, log.handlers[:], log.level, log.propagate))
        log.handlers[:] = [handler]
        log.setLevel(level)
        log.propagate = False

    def restore() -> None:
        for log, handlers, old_level, propagate in saved:
            log.handlers[:] = handlers
            log.setLevel(old_level)
            log.propagate = propagate

    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.call_on_close(restore)


class InputErrors:
    """Collects per-document input errors: one line each on stderr, the batch goes on."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, err: InputError) -> None:
        self.count += 1
        click.echo(f"error: {err}", err=True)

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.count else EXIT_OK


class Counted:
    """Wraps an iterable and counts what went through it (documents read, for summaries)."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items
        self.count = 0

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            self.count += 1
            yield item


def progress(items: Iterable[Any], *, enabled: bool, desc: str, unit: str = "doc") -> Iterator[Any]:
    """A progress bar on stderr when enabled and stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked

    yield from tqdm(items, desc=desc, unit=unit, file=sys.stderr, leave=False, mininterval=0.5)


def clean_errors(func: F) -> F:
    """Library errors become one clean line and exit 1; never a traceback for user mistakes."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PostureError as err:
            raise click.ClickException(str(err)) from err
        except OSError as err:
            where = f"{err.filename}: " if getattr(err, "filename", None) else ""
            raise click.ClickException(f"{where}{err.strerror or err}") from err

    return wrapper  # type: ignore[return-value]
