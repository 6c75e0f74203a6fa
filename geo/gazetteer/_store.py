"""On-disk format of the gazetteer index: flat arrays that are parsed, never executed.

The index built by :func:`geo.gazetteer._build.build_index` is a dict of parallel columns (one
entry per place), the alias table and a few small tables. It is stored as one file::

    magic       8 bytes   b"POSTGZX\\n"
    header_len  uint32    little-endian
    header_crc  uint32    CRC-32 of the header bytes
    header      UTF-8 JSON (the layout below and the small tables)
    padding     zero bytes up to a multiple of 8
    payload     the sections, each 8-byte aligned; its size and CRC-32 are in the header

Numbers are little-endian arrays read with :mod:`array` (no NumPy, no pickle); strings are one
UTF-8 blob joined by NUL (JSON when a string holds a NUL); columns with few distinct values
(feature class and code, country, admin1) are a vocabulary in the header plus small integer
codes. The alias table (folded name -> row indices, best prior first) keeps the first row of
every key in one array and the full tuples of the few keys with more or fewer than one row.

:func:`decode` checks everything it reads (magic, format and build versions, the header and
payload checksums, every section's bounds, lengths and row indices) and raises
:class:`IndexFormatError` on anything unexpected; the caller rebuilds. The checksums catch
corruption, not tampering: safety against a planted file comes from the format itself, which
only ever yields strings, numbers, lists, tuples and dicts.
"""

from __future__ import annotations

import gc
import json
import os
import stat
import struct
import sys
import zlib
from array import array
from pathlib import Path
from typing import Any

from geo.gazetteer._build import BUILD_VERSION

__all__ = ["FORMAT_VERSION", "IndexFormatError", "decode", "encode", "read"]

FORMAT_VERSION = 1
MAGIC = b"POSTGZX\n"
_PREFIX = struct.Struct("<8sII")  # magic, header length, header CRC-32
_ALIGN = 8
_MAX_FILE = 1 << 30  # 1 GiB: fifty times the real index (about 22 MB), a bound on a planted one

# The index's keys, in build_index's order, and how each is stored.
_ROW_COLUMNS = {
    "ids": "str",
    "names": "str",
    "lat": "f64",
    "lon": "f64",
    "fclass": "cat",
    "fcode": "cat",
    "cc": "cat",
    "pop": "i64",
    "admin1": "cat",
    "prior": "f64",
}
KEYS = (
    "version",
    *_ROW_COLUMNS,
    "aliases",
    "caps_only",
    "demonyms",
    "geometries",
    "postal",
)
_SMALL = ("caps_only", "demonyms", "geometries", "postal")  # stored in the header's JSON


class IndexFormatError(ValueError):
    """The file is not a usable index (corrupt, truncated, foreign or from another version)."""


def _typecode(size: int, signed: bool) -> str:
    for code in "bhilq" if signed else "BHILQ":
        if array(code).itemsize == size:
            return code
    raise RuntimeError(f"no {size}-byte integer array type on this platform")  # pragma: no cover


_F64 = "d"
_I64 = _typecode(8, True)
_U32 = _typecode(4, False)
_U16 = _typecode(2, False)
_U8 = "B"
_DTYPES = {"f64": _F64, "i64": _I64, "u32": _U32, "u16": _U16, "u8": _U8}
_SWAP = sys.byteorder != "little"


# -- encoding -----------------------------------------------------------------------------------
class _Payload:
    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, data: bytes) -> list[int]:
        """Append one section; returns its [offset, size] within the payload."""
        at = self.size
        self.parts.append(data)
        pad = -len(data) % _ALIGN
        if pad:
            self.parts.append(b"\0" * pad)
        self.size += len(data) + pad
        return [at, len(data)]

    def numbers(self, dtype: str, values: Any) -> dict[str, Any]:
        arr = array(_DTYPES[dtype], values)
        if _SWAP:  # pragma: no cover - big-endian hosts
            arr.byteswap()
        return {"dtype": dtype, "count": len(arr), "at": self.add(arr.tobytes())}

    def strings(self, values: list[str]) -> dict[str, Any]:
        if any("\0" in s for s in values):  # cannot be NUL-joined: JSON keeps it exact
            blob = json.dumps(values).encode("ascii")
            return {"enc": "json", "count": len(values), "at": self.add(blob)}
        blob = "\0".join(values).encode("utf-8", "surrogatepass")
        return {"enc": "nul", "count": len(values), "at": self.add(blob)}


def _code_dtype(n: int) -> str:
    return "u8" if n <= 1 << 8 else "u16" if n <= 1 << 16 else "u32"


def encode(index: dict[str, Any]) -> bytes:
    """The file's bytes for a built index (raises :class:`IndexFormatError` if it has an
    unexpected shape: the schema here must follow build_index)."""
    if not isinstance(index, dict) or tuple(index) != KEYS:
        got = list(index) if isinstance(index, dict) else type(index).__name__
        raise IndexFormatError(f"index keys {got} differ from the stored schema {list(KEYS)}")
    rows = len(index["ids"])
    payload = _Payload()
    columns: dict[str, Any] = {}
    for name, kind in _ROW_COLUMNS.items():
        values = index[name]
        if len(values) != rows:
            raise IndexFormatError(f"column {name!r} has {len(values)} rows, not {rows}")
        if kind == "str":
            columns[name] = {"kind": kind, **payload.strings(list(values))}
        elif kind == "cat":
            vocab: dict[str, int] = {}
            codes = [vocab.setdefault(v, len(vocab)) for v in values]
            if not all(isinstance(v, str) for v in vocab):
                raise IndexFormatError(f"column {name!r} holds a non-string value")
            columns[name] = {
                "kind": kind,
                "vocab": list(vocab),
                "codes": payload.numbers(_code_dtype(len(vocab)), codes),
            }
        else:
            columns[name] = {"kind": kind, **payload.numbers(kind, values)}

    aliases = index["aliases"]
    keys = list(aliases)
    first: list[int] = []
    multi_pos: list[int] = []
    multi_offsets: list[int] = [0]
    multi_rows: list[int] = []
    for j, rows_of in enumerate(aliases.values()):
        if len(rows_of) == 1:
            first.append(rows_of[0])
        else:
            first.append(0)
            multi_pos.append(j)
            multi_rows.extend(rows_of)
            multi_offsets.append(len(multi_rows))
    columns["aliases"] = {
        "kind": "multimap",
        "keys": payload.strings(keys),
        "first": payload.numbers("u32", first),
        "multi_pos": payload.numbers("u32", multi_pos),
        "multi_offsets": payload.numbers("u32", multi_offsets),
        "multi_rows": payload.numbers("u32", multi_rows),
    }

    body = b"".join(payload.parts)
    header = {
        "format": FORMAT_VERSION,
        "build": BUILD_VERSION,
        "version": index["version"],
        "rows": rows,
        "payload_size": len(body),
        "payload_crc32": zlib.crc32(body),
        "columns": columns,
        "small": {
            "caps_only": sorted(index["caps_only"]),
            "demonyms": index["demonyms"],
            "geometries": index["geometries"],
            "postal": index["postal"],
        },
    }
    try:
        head = json.dumps(header, allow_nan=False).encode("ascii")
    except (TypeError, ValueError) as err:
        raise IndexFormatError(f"index tables are not plain JSON data ({err})") from err
    prefix = _PREFIX.pack(MAGIC, len(head), zlib.crc32(head))
    pad = -(len(prefix) + len(head)) % _ALIGN
    return b"".join((prefix, head, b"\0" * pad, body))


# -- decoding -----------------------------------------------------------------------------------
def _fail(msg: str) -> IndexFormatError:
    return IndexFormatError(msg)


class _Reader:
    def __init__(self, payload: memoryview) -> None:
        self.payload = payload

    def section(self, spec: Any) -> memoryview:
        at = spec.get("at") if isinstance(spec, dict) else None
        if (
            not isinstance(at, list)
            or len(at) != 2
            or not all(type(x) is int for x in at)
            or at[0] < 0
            or at[1] < 0
            or at[0] % _ALIGN
            or at[0] + at[1] > len(self.payload)
        ):
            raise _fail(f"bad section bounds {at!r}")
        return self.payload[at[0] : at[0] + at[1]]

    def numbers(self, spec: Any, dtype: str, count: int | None = None) -> list[Any]:
        if not isinstance(spec, dict) or spec.get("dtype") != dtype:
            raise _fail(f"expected a {dtype} section, got {spec!r:.80}")
        raw = self.section(spec)
        arr = array(_DTYPES[dtype])
        if len(raw) % arr.itemsize:
            raise _fail("section size is not a whole number of items")
        arr.frombytes(raw)
        if _SWAP:  # pragma: no cover - big-endian hosts
            arr.byteswap()
        if len(arr) != spec.get("count") or (count is not None and len(arr) != count):
            raise _fail(f"section has {len(arr)} items, expected {count}")
        return arr.tolist()

    def indices(self, spec: Any, rows: int, count: int | None = None) -> list[int]:
        values = self.numbers(spec, "u32", count)
        if values and max(values) >= rows:
            raise _fail("row index out of range")
        return values

    def strings(self, spec: Any, count: int | None = None) -> list[str]:
        if not isinstance(spec, dict):
            raise _fail("bad string section")
        raw = self.section(spec)
        n = spec.get("count")
        if spec.get("enc") == "nul":
            values = str(raw, "utf-8", "surrogatepass").split("\0") if n else []
        elif spec.get("enc") == "json":
            try:
                values = json.loads(str(raw, "utf-8"))
            except RecursionError as err:
                raise _fail("bad JSON string section") from err
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise _fail("bad JSON string section")
        else:
            raise _fail(f"unknown string encoding {spec.get('enc')!r}")
        if len(values) != n or (count is not None and n != count):
            raise _fail(f"string section has {len(values)} items, expected {count}")
        return values


def _small_map(value: Any, name: str, rows: int) -> dict[str, int]:
    if not isinstance(value, dict) or not all(
        type(v) is int and 0 <= v < rows for v in value.values()
    ):
        raise _fail(f"bad {name} table")
    return value


def decode(data: bytes | memoryview) -> dict[str, Any]:
    """The index dict from a file's bytes; :class:`IndexFormatError` if anything is off."""
    view = memoryview(data)
    if len(view) < _PREFIX.size:
        raise _fail("file too short")
    magic, head_len, head_crc = _PREFIX.unpack_from(view)
    if magic != MAGIC:
        raise _fail("not a posture gazetteer index (bad magic)")
    start = _PREFIX.size + head_len
    if start > len(view):
        raise _fail("truncated header")
    head = view[_PREFIX.size : start]
    if zlib.crc32(head) != head_crc:
        raise _fail("header checksum mismatch")
    try:
        header = json.loads(str(head, "utf-8"))
    except (ValueError, RecursionError) as err:  # RecursionError: absurdly nested JSON
        raise _fail(f"unreadable header ({err})") from err
    if not isinstance(header, dict):
        raise _fail("header is not an object")
    if header.get("format") != FORMAT_VERSION:
        raise _fail(f"format {header.get('format')!r}, expected {FORMAT_VERSION}")
    if header.get("build") != BUILD_VERSION or header.get("version") != BUILD_VERSION:
        raise _fail(f"build {header.get('build')!r}, expected {BUILD_VERSION}")
    body_at = start + (-start % _ALIGN)
    payload = view[body_at:]
    if len(payload) != header.get("payload_size"):
        raise _fail(f"payload is {len(payload)} bytes, header says {header.get('payload_size')}")
    if zlib.crc32(payload) != header.get("payload_crc32"):
        raise _fail("payload checksum mismatch")
    rows = header.get("rows")
    columns = header.get("columns")
    small = header.get("small")
    if type(rows) is not int or rows < 0:
        raise _fail("bad row count")
    if not isinstance(columns, dict) or set(columns) != {*_ROW_COLUMNS, "aliases"}:
        raise _fail("missing or unexpected columns")
    if not isinstance(small, dict) or set(small) != set(_SMALL):
        raise _fail("missing or unexpected tables")

    rd = _Reader(payload)
    index: dict[str, Any] = {"version": BUILD_VERSION}
    try:
        for name, kind in _ROW_COLUMNS.items():
            spec = columns[name]
            if not isinstance(spec, dict) or spec.get("kind") != kind:
                raise _fail(f"column {name!r} is not a {kind} column")
            if kind == "str":
                index[name] = rd.strings(spec, rows)
            elif kind == "cat":
                vocab = spec.get("vocab")
                if not isinstance(vocab, list) or not all(isinstance(v, str) for v in vocab):
                    raise _fail(f"bad vocabulary for {name!r}")
                codes_spec = spec.get("codes")
                dtype = _code_dtype(len(vocab))
                index[name] = list(map(vocab.__getitem__, rd.numbers(codes_spec, dtype, rows)))
            else:
                index[name] = rd.numbers(spec, kind, rows)

        spec = columns["aliases"]
        if not isinstance(spec, dict) or spec.get("kind") != "multimap":
            raise _fail("bad alias table")
        keys = rd.strings(spec.get("keys"))
        first = rd.indices(spec.get("first"), rows, len(keys))
        multi_pos = rd.numbers(spec.get("multi_pos"), "u32")
        offsets = rd.numbers(spec.get("multi_offsets"), "u32", len(multi_pos) + 1)
        multi_rows = rd.indices(spec.get("multi_rows"), rows)
        if offsets[0] != 0 or offsets[-1] != len(multi_rows):
            raise _fail("bad alias offsets")
        values: list[tuple[int, ...]] = list(zip(first, strict=True))  # 1-tuples, at C speed
        for j, a, b in zip(multi_pos, offsets, offsets[1:], strict=False):
            if not a <= b:
                raise _fail("bad alias offsets")
            values[j] = tuple(multi_rows[a:b])
        aliases = dict(zip(keys, values, strict=True))
        if len(aliases) != len(keys):
            raise _fail("duplicate alias keys")
        index["aliases"] = aliases
    except IndexError as err:  # a code past its vocabulary, a position past the keys
        raise _fail(f"index out of range ({err})") from err

    caps = small["caps_only"]
    if not isinstance(caps, list) or not all(isinstance(k, str) for k in caps):
        raise _fail("bad caps_only table")
    index["caps_only"] = frozenset(caps)
    index["demonyms"] = _small_map(small["demonyms"], "demonyms", rows)
    geometries = small["geometries"]
    if not isinstance(geometries, dict) or not all(
        isinstance(g, dict) for g in geometries.values()
    ):
        raise _fail("bad geometries table")
    index["geometries"] = geometries
    index["postal"] = _small_map(small["postal"], "postal", rows)
    return index


def read(path: Path) -> dict[str, Any]:
    """Load an index file. FileNotFoundError when there is none; :class:`IndexFormatError`
    (or another OSError) when there is something else under that name. Never follows a
    symlink, never opens a FIFO or device for reading, never reads more than the file's size."""
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_BINARY", 0)
    )
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as err:  # ELOOP: a symlink planted under the name
        raise _fail(f"cannot open ({err.strerror or err})") from err
    with open(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _fail("not a regular file")
        if st.st_size > _MAX_FILE:
            raise _fail(f"implausibly large ({st.st_size} bytes)")
        data = fh.read(st.st_size + 1)
    if len(data) != st.st_size:
        raise _fail("file changed while being read")
    enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of new tuples, no cycles among them
    try:
        return decode(data)
    finally:
        if enabled:
            gc.enable()
