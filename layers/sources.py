"""Layer sets as inputs: telling one from documents, joining several, the articles behind them.

A layer set is what :func:`layers.write_layers` wrote (``posture layers -o DIR``): a directory
of ``<layer>.geojson`` or ``<layer>.csv`` files, a ``posture.kml`` or a ``.gpkg``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from layers.model import LAYERS


def is_layers_source(path: Path) -> bool:
    """Whether ``path`` is a layer set rather than documents.

    Parameters
    ----------
    path : Path
        A directory written by ``posture layers``, or a file: a ``.gpkg``, a ``.kml`` or a
        ``<layer>.geojson`` / ``.csv`` / ``.parquet`` / ``.fgb`` named after one of
        :data:`layers.model.LAYERS`.

    Returns
    -------
    bool
        True for a layer set; False for anything else (documents).
    """
    if path.is_dir():
        names = [f"{n}.{x}" for n in LAYERS for x in ("geojson", "csv", "parquet", "fgb")]
        names.append("posture.kml")
        return any((path / n).is_file() for n in names) or any(path.glob("*.gpkg"))
    suffix = path.suffix.lower()
    return suffix in (".gpkg", ".kml") or (
        suffix in (".geojson", ".csv", ".parquet", ".fgb") and path.stem in LAYERS
    )


def source_doc_ids(frames: Mapping[str, Any]) -> set[str]:
    """The source articles behind some layers: their ``doc_id`` and corroborating documents."""
    ids: set[str] = set()
    for frame in frames.values():
        if frame is None or len(frame) == 0:
            continue
        if "doc_id" in frame:
            ids.update(str(v) for v in frame["doc_id"] if v)
        if "corroborated_by" in frame:
            for v in frame["corroborated_by"]:
                try:
                    ids.update(str(o["doc_id"]) for o in json.loads(v or "[]") if o.get("doc_id"))
                except (TypeError, ValueError, AttributeError, KeyError):
                    continue
    return ids


def concat_layers(parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Several layer sets as one: each layer's rows, in the order of ``parts``.

    A layer that no part has rows for keeps the first part's (empty) frame, or None; one part
    comes back as it is.
    """
    if len(parts) == 1:
        return parts[0]
    out: dict[str, Any] = {}
    for name in LAYERS:
        frames = [p[name] for p in parts if name in p and p[name] is not None and len(p[name])]
        if not frames:
            out[name] = next((p[name] for p in parts if name in p), None)
            continue
        out[name] = gpd.GeoDataFrame(
            pd.concat(frames, ignore_index=True), geometry="geometry", crs="EPSG:4326"
        )
    return out
