"""Cell values as plain Python: what the layer writers and the map put in JSON, CSV and KML.

One set of rules for every output: numpy/pandas scalars unwrapped, NaN/NaT/inf -> None, dates
as ISO text, lone surrogates (undecodable bytes) replaced so the text encodes as UTF-8.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd

SURROGATES = re.compile(r"[\ud800-\udfff]")


def safe_text(value: Any) -> str:
    """``value`` as a string safe to encode as UTF-8 (lone surrogates replaced); None -> ''."""
    s = "" if value is None else str(value)
    return SURROGATES.sub("\ufffd", s)


def plain_value(value: Any) -> Any:
    """A pandas/numpy cell as a JSON-able Python value.

    Parameters
    ----------
    value : Any
        A cell of a layer frame: a Python, numpy or pandas scalar, or anything else.

    Returns
    -------
    str, int, float, bool or None
        numpy/pandas scalars unwrapped, NaN/NaT/inf as None, dates and times as ISO text,
        anything else as its text (lone surrogates replaced).
    """
    if value is None:
        return None
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, (list, tuple, dict)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return safe_text(value)


def plain_column(series: pd.Series) -> list[Any]:
    """A column as plain values (:func:`plain_value`), fast for the layers' dtypes."""
    values: list[Any] = series.tolist()
    kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else ""
    if kind in "iub" and kind:
        return values
    if kind == "f":
        return [v if math.isfinite(v) else None for v in values]
    if pd.api.types.is_string_dtype(series.dtype) and all(type(v) is str for v in values):
        if SURROGATES.search("".join(values)):
            return [safe_text(v) for v in values]
        return values
    return [plain_value(v) for v in values]
