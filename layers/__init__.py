"""Posture layers: features extracted from geoparsed news, as GIS layers.

    from layers import build_layers, write_layers, read_layers
    frames = build_layers(documents)          # {"assets": GeoDataFrame, "incidents": ..., ...}
    write_layers(frames, "out/", format="gpkg")

Heavy modules (geopandas, the extractor) load on first use of the names that need them.
"""

from __future__ import annotations

import importlib
from typing import Any

from layers.model import COLUMNS, LAYERS, STATUSES, Feature

__all__ = [
    "COLUMNS",
    "LAYERS",
    "STATUSES",
    "Feature",
    "build_layers",
    "extract_features",
    "features_to_frames",
    "read_layers",
    "write_layers",
]

_LAZY = {
    "build_layers": "layers.pipeline",
    "features_to_frames": "layers.frames",
    "write_layers": "layers.export",
    "read_layers": "layers.export",
    "extract_features": "layers.extract",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'layers' has no attribute {name!r}")
    try:
        value = getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as err:
        if err.name == module:
            raise AttributeError(f"{name} is not available yet ({module} is missing)") from err
        raise
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
