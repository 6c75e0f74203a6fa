"""layers.styles: one kind -> colour and shape assignment for the map and the KML."""

from __future__ import annotations

from layers.styles import PALETTE, UNSPECIFIED, kind_label, kind_styles, shape_for


def test_colours_in_order_of_first_appearance_cycling_the_palette():
    kinds = ["b", "a", "b", None, ""] + [f"k{i}" for i in range(12)]
    styles = kind_styles(kinds)
    assert list(styles)[:3] == ["b", "a", UNSPECIFIED]
    assert styles["b"].color == PALETTE[0] and styles["a"].color == PALETTE[1]
    assert styles["k11"].color == PALETTE[(3 + 11) % len(PALETTE)]


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
