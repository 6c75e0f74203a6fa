"""posture maps: layers -> one self-contained, safe HTML map.

from maps import render_map, save_map
m = render_map(frames, title="posture", n_sources=12)   # folium.Map (displays in notebooks)
save_map(m, "map.html", overwrite=True)
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["render_html", "render_map", "save_map"]


def __getattr__(name: str) -> Any:
    # maps.render (folium) is imported on first use, so `posture geoparse` starts fast
    if name in __all__:
        return getattr(importlib.import_module("maps.render"), name)
    raise AttributeError(f"module 'maps' has no attribute {name!r}")
