"""How each kind of feature looks: its colour and marker shape, the same in every output.

    styles = kind_styles(["air defence", "naval vessel", "air defence"])
    styles["naval vessel"]      # KindStyle(color="#d62728", shape="ship")

The HTML map (``maps``) and the KML export both take their colours and shapes from here, so a
kind looks the same in Google Earth as on the map drawn from the same layers. Every kind of the
lexicon has a fixed colour and shape (:data:`FIXED`: data, not order of appearance, so a kind
looks the same on every map), from a colour-blind-safe palette, no two kinds of a layer alike;
any other kind (a user lexicon's) gets a colour from a hash of its name and a shape from its
words.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Iterable
from typing import Any, NamedTuple

#: Okabe & Ito's colour-blind-safe palette (yellow left out: unreadable on the pale basemap).
OKABE_ITO = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")
_B, _V, _G, _P, _O, _S, _K = OKABE_ITO
#: The colour and shape of every kind in the lexicon (layers/data/kinds.json). Within a layer
#: no two kinds share both colour and shape; "range ring" and unknown kinds are not here.
FIXED: dict[str, tuple[str, str]] = {
    # assets
    "naval vessel": (_B, "ship"),
    "aircraft": (_V, "plane"),
    "air defence": (_G, "shield"),
    "missile": (_P, "diamond"),
    "artillery": (_O, "triangle"),
    "ground forces": (_V, "triangle"),
    "irregular forces": (_K, "triangle"),
    "advisers": (_S, "circle"),
    "base": (_K, "square"),
    "infrastructure": (_P, "square"),
    "drone": (_O, "drone"),
    # incidents
    "strike": (_V, "burst"),
    "attack": (_K, "burst"),
    "shoot-down": (_V, "plane"),
    "clash": (_O, "burst"),
    "landing": (_B, "triangle"),
    "delivery": (_O, "square"),
    "blockade": (_V, "ship"),
    "interception": (_B, "plane"),
    "seizure": (_K, "ship"),
    "airspace closure": (_P, "plane"),
    "electronic warfare": (_S, "diamond"),
    "exercise": (_G, "star"),
    "patrol": (_B, "star"),
    "covert action": (_K, "circle"),
    "coup": (_V, "hexagon"),
    "visit": (_S, "circle"),
    "deployment": (_G, "triangle"),
    "missile launch": (_V, "diamond"),
    "harassment": (_O, "ship"),
    "fortification": (_G, "square"),
    "withdrawal": (_S, "triangle"),
    "airspace violation": (_O, "plane"),
    "line crossing": (_O, "diamond"),
    "maritime incursion": (_P, "ship"),
    # disputes
    "territorial dispute": (_P, "hexagon"),
    "contested waters": (_B, "hexagon"),
    "contested airspace": (_S, "hexagon"),
    "occupation": (_V, "hexagon"),
    "annexation": (_K, "hexagon"),
}
#: The colours of kinds not in FIXED, chosen by a hash of the kind's name.
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


def kind_style(kind: Any) -> KindStyle:
    """The colour and shape of one kind: fixed for the lexicon's kinds, else a colour from a
    hash of its name (the same on every map) and a shape from its words."""
    label = kind_label(kind)
    fixed = FIXED.get(label.lower())
    if fixed is not None:
        return KindStyle(*fixed)
    return KindStyle(PALETTE[zlib.crc32(label.encode("utf-8")) % len(PALETTE)], shape_for(label))


def kind_styles(kinds: Iterable[Any]) -> dict[str, KindStyle]:
    """The style of every kind in ``kinds`` (in drawing order; repeats are fine), keyed by
    :func:`kind_label`; a kind's style never depends on the other kinds."""
    out: dict[str, KindStyle] = {}
    for kind in kinds:
        label = kind_label(kind)
        if label not in out:
            out[label] = kind_style(label)
    return out
