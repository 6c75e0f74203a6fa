"""Where posture keeps what it builds once and reuses: the gazetteer index, the country shapes.

``POSTURE_CACHE_DIR`` when it is set, else the user cache directory of the platform
(``~/.cache/posture`` on Linux).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir

__all__ = ["cache_dir"]


def cache_dir() -> Path:
    """The cache directory (it may not exist yet)."""
    env = os.environ.get("POSTURE_CACHE_DIR")
    if env:
        return Path(env)
    return Path(user_cache_dir("posture"))
