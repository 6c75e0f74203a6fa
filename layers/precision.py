"""How exact a feature's point is: ``exact``, ``offset``, ``area`` or ``country``."""

from __future__ import annotations

from layers._sentence import _COUNTRY_CODES

__all__ = ["location_precision"]

# GeoNames feature codes of places that are areas rather than points.
_AREA_CODES = frozenset(
    "SEA OCN GULF BAY STRT CHN CNL SD LGN RGN AREA DISP ISLS PEN MTS DSRT VAL LK STM CONT RSV "
    "FRST PLAT ESTY ATOL RF BNK GLCR ISTH RLG ADM2 ADM3 ADMD TERR ZN BNDR".split()
)
_COUNTRY_LEVEL = frozenset((*_COUNTRY_CODES, "ADM1"))


def location_precision(feature_code: str, *, offset: bool = False) -> str:
    """``exact``, ``offset``, ``area`` or ``country`` for a place of ``feature_code``."""
    if offset:
        return "offset"
    if feature_code in _COUNTRY_LEVEL:
        return "country"
    if feature_code in _AREA_CODES:
        return "area"
    return "exact"
