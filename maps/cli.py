"""The `posture` command group (placeholder until the map stage lands)."""

import click

from geo.cli import geoparse


@click.group()
def main() -> None:
    """posture: news articles -> places -> posture layers -> map."""


main.add_command(geoparse)
