"""CSV cells that spreadsheets cannot run, rows that never split, and the sidecars GIS reads.

- Formula neutralisation (OWASP "CSV injection"): a text cell starting with ``=``, ``+``,
  ``-``, ``@``, tab or carriage return gets a leading ``'`` and so opens as text in Excel and
  LibreOffice. A cell that already starts with one or more ``'`` before such a character gets
  one more, so :func:`restore` (which removes exactly one) gives back every original value.
  Numbers are written as numbers: a number is never a formula.
- Quoting: every field with a comma, a double quote, CR or LF is quoted (a lone CR too: it
  would otherwise end the row in most readers).
- ``<layer>.csvt`` gives GDAL/QGIS the field types; ``<layer>.prj`` the CRS (EPSG:4326).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

#: Characters that make a spreadsheet cell a formula (or hide one), per OWASP.
FORMULA_START = "=+-@\t\r"
_NEUTRALISED = re.compile(r"'*[=+\-@\t\r]")
_QUOTE = re.compile(r'[,"\r\n]')
#: ``.prj`` of EPSG:4326 (WKT 1 with its EPSG authority; coordinates are longitude, latitude).
PRJ_WGS84 = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AUTHORITY["EPSG","4326"]]'
)
#: numpy dtype kind -> GDAL .csvt type.
_CSVT = {"i": "Integer64", "u": "Integer64", "f": "Real"}


def neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text (see the module rules)."""
    return "'" + cell if _NEUTRALISED.match(cell) else cell


def restore(cell: str) -> str:
    """Undo :func:`neutralise` exactly."""
    return cell[1:] if cell[:1] == "'" and _NEUTRALISED.match(cell) else cell


def field(cell: str) -> str:
    """One CSV field: quoted (quotes doubled) when it holds a comma, quote, CR or LF."""
    return '"' + cell.replace('"', '""') + '"' if _QUOTE.search(cell) else cell


def row(cells: Iterable[str]) -> str:
    return ",".join(field(c) for c in cells) + "\n"


def csvt(kinds: Sequence[str]) -> str:
    """The .csvt line for columns of the given numpy dtype kinds, then the WKT column."""
    types = [_CSVT.get(k, "String") for k in kinds] + ["WKT"]
    return ",".join(f'"{t}"' for t in types) + "\n"


def prj() -> str:
    return PRJ_WGS84 + "\n"
