"""What every ``posture`` command shares: options, logging, error reporting, exit codes.

Each stage's command module (:mod:`geo.cli`, :mod:`layers.cli`, :mod:`maps.cli.map_command`)
builds its command from these parts; the ``posture`` group (:mod:`maps.cli`) lists them::

    @click.command(name="geoparse")
    @sources_argument
    @output_option("JSON Lines file to write (default or '-': stdout).", dir_okay=False)
    @jobs_option
    @shared_options          # --region ... -v/-q; logging and clean errors for the command
    def geoparse(sources, output, jobs, common): ...  # common: CommonOptions
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import click
from tqdm import tqdm

from geo._files import printable
from geo.documents import check_published, read_documents
from geo.errors import InputError, PostureError
from geo.rank import Region, set_default_region

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
max_bytes_option = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=10_000_000,
    show_default=True,
    metavar="N",
    help="Read at most N bytes of one document (a file or a JSON Lines record); the rest of "
    "a longer file is left out, a longer record skipped, each with a message.",
)


def _set_region(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    try:
        set_default_region(Region.parse(value))
    except ValueError as err:
        raise click.BadParameter(str(err), ctx=ctx, param=param) from err


region_option = click.option(
    "--region",
    default=None,
    metavar="CC[,CC]|W,S,E,N",
    expose_value=False,
    callback=_set_region,
    help="Where the documents are about (country codes such as US or VE, or a bounding box "
    "west,south,east,north): breaks near ties between same-name places, nothing more.",
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


def output_option(help: str, *, default: Path | None = None, **path: bool) -> Callable[[F], F]:
    """``-o/--output``, a path (``path``: click.Path's ``file_okay``/``dir_okay``)."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, **path),
        default=default,
        show_default=default is not None,
        help=help,
    )


class KeyValue(click.ParamType):  # type: ignore[type-arg]  # generic in click >= 8.3 only
    """``KEY=VALUE`` -> ``(key, value)``; a value that reads as a number becomes one."""

    name = "KEY=VALUE"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, object]:
        if isinstance(value, tuple):  # already converted (a default)
            return value
        key, sep, text = str(value).partition("=")
        if not sep or not key.strip():
            self.fail(f"expected KEY=VALUE, got {value!r}", param, ctx)
        parsed: object = text
        for number in (int, float):
            try:
                parsed = number(text)
                break
            except ValueError:
                continue
        return key.strip(), parsed


KEY_VALUE = KeyValue()


@dataclass(frozen=True)
class CommonOptions:
    """What the options of :func:`shared_options` gave a command (its ``common`` argument)."""

    published: str
    max_bytes: int
    overwrite: bool
    verbose: int
    quiet: bool

    def documents(self, sources: Iterable[Path], errors: InputErrors) -> Counted:
        """The documents of ``sources`` as they are read (counted); bad ones go to ``errors``."""
        return Counted(
            read_documents(
                sources,
                on_error=errors,
                default_published=self.published,
                max_bytes=self.max_bytes,
            )
        )


def shared_options(func: F) -> F:
    """The options every command ends with (``--region`` to ``-q``), and what runs around it.

    The command gets their values as one :class:`CommonOptions` argument, ``common``.
    Logging is configured here, once for every command (see :func:`configure_logging`),
    before the command runs; its errors are reported by :func:`clean_errors`.
    """

    @functools.wraps(func)
    def command(
        *args: Any,
        published: str,
        max_bytes: int,
        overwrite: bool,
        verbose: int,
        quiet: bool,
        **kwargs: Any,
    ) -> Any:
        configure_logging(verbose, quiet)
        common = CommonOptions(published, max_bytes, overwrite, verbose, quiet)
        return func(*args, common=common, **kwargs)

    decorated: Any = clean_errors(command)
    for option in reversed(
        (region_option, published_option, max_bytes_option, overwrite_option, verbosity_options)
    ):
        decorated = option(decorated)
    return cast(F, decorated)


#: What the gazetteer logs (at INFO) when it starts building its index; shown at default
#: verbosity because it takes a while (first run only).
_BUILD_NOTICE = "building the gazetteer index"


class _Console(logging.Formatter):
    """``LEVEL: message`` on one line; the traceback only with ``-v``."""

    def __init__(self, *, tracebacks: bool) -> None:
        super().__init__("%(levelname)s: %(message)s")
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        if not self.tracebacks and (record.exc_info or record.exc_text):
            record = logging.makeLogRecord(record.__dict__)
            record.exc_info = record.exc_text = None
            if isinstance(record.msg, str):
                record.msg = " ".join(record.msg.split())
        return super().format(record)


class _Notices(logging.Filter):
    """Lets records at or above ``level`` through, and the gazetteer's one build notice."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= self.level:
            return True
        if record.name.startswith("geo.gazetteer") and record.getMessage().startswith(
            _BUILD_NOTICE
        ):
            record.msg, record.args = f"{_BUILD_NOTICE} (first run only)\u2026", None
            return True
        return False


def configure_logging(verbose: int = 0, quiet: bool = False) -> None:
    """Only the CLI configures logging, always to stderr; stdout carries data only.

    Warnings are one line (tracebacks only with ``-v``), also those of geopy (an online
    geocoder retrying); the gazetteer's first-run index build is announced unless ``-q``.
    The previous logger state comes back when the command ends, so running commands
    in-process (tests, notebooks) leaves no global logging state behind.
    """
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Console(tracebacks=verbose > 0))
    handler.addFilter(_Notices(level))
    levels = {"geo": level, "layers": level, "maps": level, "geopy": level}
    if not quiet:
        levels["geo.gazetteer"] = min(level, logging.INFO)  # for the build notice
    saved = []
    for name, log_level in levels.items():
        log = logging.getLogger(name)
        saved.append((log, log.handlers[:], log.level, log.propagate))
        log.handlers[:] = [] if name == "geo.gazetteer" else [handler]
        log.setLevel(log_level)
        log.propagate = name == "geo.gazetteer"

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
        click.echo(f"error: {printable(str(err))}", err=True)

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
    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked

    yield from tqdm(items, desc=desc, unit=unit, file=sys.stderr, leave=False, mininterval=0.5)


def clean_errors(func: F) -> F:
    """Library errors become one clean line and exit 1; never a traceback for user mistakes.

    The last resort: any other error is a bug; it becomes one line asking to report it
    (the full traceback only with ``-v``), exit 1.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except PostureError as err:
            raise click.ClickException(printable(str(err))) from err
        except BrokenPipeError:  # `posture geoparse x -o - | head`: the reader is gone
            _silence_stdout()
            sys.exit(EXIT_ERROR)
        except OSError as err:
            where = f"{err.filename}: " if getattr(err, "filename", None) else ""
            raise click.ClickException(printable(f"{where}{err.strerror or err}")) from err
        except Exception as err:  # noqa: BLE001 - the last resort
            if kwargs.get("verbose"):
                traceback.print_exc(file=sys.stderr)
            what = " ".join(f"{type(err).__name__}: {err}".split())[:300]
            hint = "" if kwargs.get("verbose") else "; -v shows the traceback"
            line = printable(f"error: unexpected {what}")
            click.echo(f"{line} (a bug: please report it{hint})", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def stdout_path(path: Path | None) -> bool:
    """Whether an output path means standard output (none given, or ``-``)."""
    return path is None or str(path) == "-"
