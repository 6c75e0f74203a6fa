"""How each kind of feature looks: its colour and marker shape, the same in every output.

    styles = kind_styles(["air defence", "naval vessel", "air defence"])
    styles["naval vessel"]      # KindStyle(color="#d62728", shape="ship")

The HTML map (``maps``) and the KML export both take their colours and shapes from here, so a
kind looks the same in Google Earth as on the map drawn from the same layers. Colours go to
kinds in the order they first appear (layers in :data:`layers.model.LAYERS` order, then rows
in order), cycling through :data:`PALETTE`; a shape is chosen from the kind's words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

#: The kind colours, in the order they are handed out.
PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#4d4d4d",
    "#006d5b",
    "#b8860b",
)
#: The outline colour of each layer's polygons (and its dot in the legend).
LAYER_COLORS = {"assets": "#1f5fbf", "incidents": "#c62828", "disputes": "#7b1fa2"}
OTHER_LAYER_COLOR = "#37474f"
#: The label of a feature without a kind.
UNSPECIFIED = "(unspecified)"

# Marker shapes chosen from a kind's words (first rule that matches; "circle" otherwise).
# ASCII semantics for \b, as in the browser's regular expressions.
_SHAPE_RULES = tuple(
    (re.compile(pattern, re.ASCII), shape)
    for pattern, shape in (
        (r"submarine", "submarine"),
        (
            r"air[ -]?defen[cs]e|missile defen|\bsam\b|s-[345]00|patriot|thaad|iron dome|radar",
            "shield",
        ),
        (r"drone|uav|unmanned", "drone"),
        (r"carrier|vessel|ship|naval|navy|destroyer|frigate|corvette|fleet|boat|warship", "ship"),
        (r"aircraft|jet|fighter|bomber|air ?force|helicopter|plane|airspace|sortie", "plane"),
        (r"missile|rocket|ballistic|nuclear|launcher", "diamond"),
        (r"strike|attack|explosion|shelling|bombard|clash|fire|raid|incident|harass", "burst"),
        (
            r"troop|army|soldier|ground|brigade|battalion|division|infantry|forces|tank|armou?r"
            r"|marine|withdraw",
            "triangle",
        ),
        (r"base|garrison|installation|port|airfield|facility|fortif|barrier|fence", "square"),
        (r"exercise|drill|manoeuvre|maneuver|patrol", "star"),
        (r"dispute|claim|territor|border|sovereignty", "hexagon"),
    )
)
#: Every shape a kind can get (the map draws each as an SVG icon).
SHAPES = (
    "circle",
    "ship",
    "submarine",
    "plane",
    "shield",
    "burst",
    "triangle",
    "square",
    "diamond",
    "star",
    "drone",
    "hexagon",
)


class KindStyle(NamedTuple):
    color: str  # "#rrggbb"
    shape: str  # one of SHAPES


def kind_label(kind: Any) -> str:
    """The name a kind is shown (and styled) under: ``(unspecified)`` for none."""
    if kind is None or (isinstance(kind, float) and math.isnan(kind)):
        return UNSPECIFIED
    return str(kind) or UNSPECIFIED


def shape_for(kind: Any) -> str:
    """The marker shape of a kind, from its words ("naval vessel" -> "ship")."""
    k = kind_label(kind).lower()
    for pattern, shape in _SHAPE_RULES:
        if pattern.search(k):
            return shape
    return "circle"


def layer_color(layer: str) -> str:
    return LAYER_COLORS.get(layer, OTHER_LAYER_COLOR)


def kind_styles(kinds: Iterable[Any]) -> dict[str, KindStyle]:
    """The style of every kind in ``kinds`` (in drawing order; repeats are fine), keyed by
    :func:`kind_label`: colours in order of first appearance."""
    out: dict[str, KindStyle] = {}
    for kind in kinds:
        label = kind_label(kind)
        if label not in out:
            out[label] = KindStyle(PALETTE[len(out) % len(PALETTE)], shape_for(label))
    return out
