"""The ``posture`` command group: one command per stage, each in its own module.

========  ============================  ==============================================
command   module                        does
========  ============================  ==============================================
geoparse  :mod:`geo.cli`                documents -> JSON Lines of resolved toponyms
layers    :mod:`layers.cli`             documents -> GIS layers
map       :mod:`maps.cli.map_command`   documents or layers -> one HTML map
========  ============================  ==============================================

A command's module is imported only when that command runs (or its help is shown), so
``posture geoparse`` never loads geopandas or folium. The options every command shares, the
logging set-up and the exit codes are in :mod:`geo.cliutil`.
"""

from __future__ import annotations

import importlib

import click

from geo.version import version

#: Command name -> (module:attribute, the first line of its help: ``posture --help`` lists
#: it without importing the command; a test keeps it equal to the command's own).
COMMANDS = {
    "geoparse": (
        "geo.cli:geoparse",
        "Find and resolve every place the SOURCES mention, offline.",
    ),
    "layers": (
        "layers.cli:layers_command",
        "Turn the SOURCES into posture GIS layers: assets, incidents and disputes.",
    ),
    "map": (
        "maps.cli.map_command:map_command",
        "Draw the SOURCES as ONE self-contained HTML map (assets, incidents, disputes).",
    ),
}


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``-V``/``--version``, as ``click.version_option`` prints it, looked up only when asked."""
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"posture, version {version('0.1.0')}")
    ctx.exit()


class _Commands(click.Group):
    """A group whose commands (:data:`COMMANDS`) are imported when first needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, _, attr = COMMANDS[cmd_name][0].partition(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(n) for n in names)  # as click.Group does
        # a stand-in carrying the help line shortens it as the real command would
        rows = [(n, click.Command(n, help=COMMANDS[n][1]).get_short_help_str(limit)) for n in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="""\b
Examples:
  posture geoparse seeds/ -o toponyms.jsonl
  posture layers seeds/ -o out/
  posture map seeds/ -o map.html
  posture map out/ -o map.html --offline --title "Baltic, May"
""",
)
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
def main() -> None:
    """posture: news articles -> places -> posture layers -> a shareable map.

    Everything runs offline: an embedded gazetteer resolves places, the layers are plain GIS
    files (GeoJSON, GeoPackage, KML, CSV), and the map is ONE self-contained HTML file.
    """
