"""Word lists that guide recognition (data files under geo/data/lexicon/)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path


def _lines(name: str) -> list[str]:
    path = Path(str(resources.files("geo") / "data" / "lexicon" / name))
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@dataclass(frozen=True)
class RecognitionLexicon:
    given_names: frozenset[str]
    titles: frozenset[str]
    vessel_prefixes: frozenset[str]
    common_words: frozenset[str]
    org_names: tuple[str, ...]
    place_nouns: dict[str, str]
    place_prefixes: dict[str, str]
    speech_verbs: frozenset[str]
    possessed: frozenset[str]
    seats: dict[str, tuple[str, float, float]]


@lru_cache(maxsize=1)
def recognition_lexicon() -> RecognitionLexicon:
    verbs: set[str] = set()
    possessed: set[str] = set()
    section = "verbs"
    for line in _lines("speech_verbs.txt"):
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower()
            continue
        (possessed if section.startswith("possess") else verbs).add(line.lower())
    seats = {}
    for line in _lines("seats_of_power.txt"):
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) >= 4:
            try:
                seats[parts[0]] = (parts[1], float(parts[2]), float(parts[3]))
            except ValueError:
                continue

    def tsv(name: str) -> dict[str, str]:
        out = {}
        for line in _lines(name):
            parts = [p.strip() for p in line.split("\t")]
            if len(parts) >= 2:
                out[parts[0]] = parts[1]
        return out

    titles = set()
    for t in _lines("titles.txt"):
        titles.add(t)
        titles.add(t.rstrip("."))
    return RecognitionLexicon(
        given_names=frozenset(_lines("given_names.txt")),
        titles=frozenset(titles),
        vessel_prefixes=frozenset(_lines("vessel_prefixes.txt")),
        common_words=frozenset(_lines("common_words.txt")),
        org_names=tuple(sorted(set(_lines("org_names.txt")), key=lambda s: (-len(s), s))),
        place_nouns=tsv("place_nouns.txt"),
        place_prefixes=tsv("place_prefixes.txt"),
        speech_verbs=frozenset(verbs),
        possessed=frozenset(possessed),
        seats=seats,
    )
