"""layers.styles: one kind -> colour and shape assignment for the map and the KML."""

from __future__ import annotations

import json
from pathlib import Path

from layers.styles import FIXED, PALETTE, SHAPES, UNSPECIFIED, kind_label, kind_styles, shape_for


def test_a_kind_looks_the_same_on_every_map():
    kinds = ["b", "a", "b", None, ""] + [f"k{i}" for i in range(12)]
    styles = kind_styles(kinds)
    assert list(styles)[:3] == ["b", "a", UNSPECIFIED]
    alone = kind_styles(["k11"])["k11"]
    assert styles["k11"] == alone and alone.color in PALETTE  # not order of appearance
    assert kind_styles(["strike", "naval vessel"]) == kind_styles(["naval vessel", "strike"])


def test_every_lexicon_kind_has_a_fixed_style_distinct_within_its_layer():
    data = Path(__file__).resolve().parents[1] / "layers" / "data" / "kinds.json"
    for layer, kinds in json.loads(data.read_text(encoding="utf-8"))["kinds"].items():
        styles = [FIXED[k] for k in kinds]
        assert len(set(styles)) == len(styles), layer
        assert all(shape in SHAPES for _, shape in styles)


def test_shapes_from_the_kind_words():
    assert shape_for("naval vessel") == "ship"
    assert shape_for("air defence") == "shield"
    assert shape_for("SAM site") == "shield"
    assert shape_for("samurai") != "shield"  # \b as in the browser
    assert shape_for("submarine") == "submarine"
    assert shape_for("range ring") == "circle"
    assert shape_for(None) == "circle"


def test_kinds_named_like_object_members_are_plain_names():
    styles = kind_styles(["__proto__", "constructor", "toString"])
    assert list(styles) == ["__proto__", "constructor", "toString"]
    assert kind_label(float("nan")) == UNSPECIFIED
