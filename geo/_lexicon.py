"""Word lists that guide recognition (data files under geo/data/lexicon/)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from geo.errors import ConfigurationError


def _lines(name: str) -> list[str]:
    path = Path(str(resources.files("geo") / "data" / "lexicon" / name))
    if not path.is_file():  # a broken installation: never an empty list
        raise ConfigurationError(f"{path}: data file missing (reinstall posture-mapper)")
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
    # metonymy.txt: "cooperation with Russia", "Britain blames Russia", "the eyes of Beijing"
    relation_re: re.Pattern[str]
    agent_verbs: tuple[str, ...]
    government_re: re.Pattern[str]
    # given names that are also places ("Charlotte", "Eugene"): a person when a surname follows
    place_like_names: frozenset[str] = frozenset()


def _sections(name: str) -> dict[str, list[str]]:
    """The ``[section]`` lists of a data file."""
    out: dict[str, list[str]] = {}
    current = out.setdefault("", [])
    for line in _lines(name):
        if line.startswith("[") and line.endswith("]"):
            current = out.setdefault(line[1:-1].strip().lower(), [])
        else:
            current.append(line)
    return out


def _words_re(words: list[str]) -> str:
    """An alternation of the words, a trailing * matching any word ending."""
    alts = sorted({re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words})
    return "|".join(sorted(alts, key=len, reverse=True))


def _metonymy() -> tuple[re.Pattern[str], tuple[str, ...], re.Pattern[str]]:
    sec = _sections("metonymy.txt")
    for key in ("relation", "agent verbs", "government context"):
        if not sec.get(key):
            raise ConfigurationError(f"metonymy.txt: section [{key}] missing or empty")
    relation = re.compile(
        rf"\b(?:{_words_re(sec['relation'])})\s+"
        r"(?:with|between)\s+(?:the\s+)?(?:[A-Z][\w.]*\s+and\s+)?$",
        re.I,
    )
    government = re.compile(
        r"(?:\b(?:pro|anti)-$"
        r"|\baccording\s+to\s+(?:the\s+)?$"
        rf"|\b(?:{_words_re(sec['government context'])})\s+"
        r"(?:of|to|for|from)\s+(?:the\s+)?(?:[A-Z][\w.]*\s+and\s+)?$)",
        re.I,
    )
    return relation, tuple(w.lower() for w in sec["agent verbs"]), government


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
    relation_re, agent_verbs, government_re = _metonymy()
    return RecognitionLexicon(
        given_names=frozenset(_lines("given_names.txt")),
        titles=frozenset(titles),
        vessel_prefixes=frozenset(
            line.split("\t")[0].strip() for line in _lines("vessel_prefixes.txt")
        ),
        common_words=frozenset(_lines("common_words.txt")),
        org_names=tuple(sorted(set(_lines("org_names.txt")), key=lambda s: (-len(s), s))),
        place_nouns=tsv("place_nouns.txt"),
        place_prefixes=tsv("place_prefixes.txt"),
        speech_verbs=frozenset(verbs),
        possessed=frozenset(possessed),
        seats=seats,
        relation_re=relation_re,
        agent_verbs=agent_verbs,
        government_re=government_re,
        place_like_names=frozenset(_lines("given_names_place_like.txt")),
    )
