"""Trigger lexicons for the statement extractor: loading, validation and compilation.

The lexicons are JSON data files in ``layers/data/`` (documented in ``layers/data/README.md``).
Users extend them without code: files given to :func:`load_lexicon` (or listed in the
``POSTURE_LEXICON`` environment variable, separated by ``os.pathsep``; a directory stands for
every ``*.json`` in it) use the same format and are merged after the built-in ones.

Every trigger phrase of every file is compiled into one Aho-Corasick automaton over a
normalised, offset-preserving copy of the text (lower case, hyphens and dashes as spaces,
typographic apostrophes as ``'``), so one pass over a document finds all equipment, force words,
incident, dispute, status and actor cues.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import ahocorasick

from geo.errors import ConfigurationError
from layers.model import LAYERS

DATA_DIR = Path(__file__).parent / "data"
BUILTIN_FILES = (
    "kinds.json",
    "equipment.json",
    "assets.json",
    "events.json",
    "disputes.json",
    "status.json",
    "actors.json",
    "syntax.json",
    "context.json",
    "discourse.json",
)
ENV_VAR = "POSTURE_LEXICON"

# Channels of a compiled term.
ASSET, EVENT, DISPUTE, STATUS, ACTOR = "asset", "event", "dispute", "status", "actor"
CONTEXT = "context"  # context vocabulary (kind "military" or "territorial"), never a feature
CUE_STATUSES = ("denied", "historical", "possible", "planned")

# Top-level keys a lexicon file may hold, and how they merge.
_LIST_KEYS = {
    "movement_kinds",
    "unit_heads",
    "equipment",
    "assets",
    "events",
    "disputes",
    "actors",
    "negators",
    "post_negators",
    "speech_verbs",
    "airspace_words",
    "water_words",
    "water_codes",
    "attach_preps",
    "destination_preps",
    "origin_preps",
    "weak_preps",
    "locative_heads",
    "locative_heads_not_place",
    "clause_breaks",
    "quantity_words",
    "quantity_prefixes",
    "line_connectors",
    "quantity_stop_words",
    "subordinators",
    "target_kinds",
    "demonyms",
    "non_asset_heads",
    "formation_nouns",
    "weapon_verbs",
    "construction_verbs",
    "capture_verbs",
    "captured_nouns",
    "impact_verbs",
    "materiel_words",
    "envoy_nouns",
    "non_asset_compounds",
    "source_heads",
    "modifier_suffixes",
    "holder_suffixes",
    "partitive_words",
    "direction_words",
    "place_nouns",
    "civilian_nouns",
    "military_context",
    "territorial_context",
    "neutral_unit_heads",
    "speaker_verbs",
    "speaker_fillers",
    "speaker_nouns",
    "speaker_after",
    "meeting_nouns",
    "org_heads",
    "unit_heads_lower",
    "media_nouns",
    "country_anaphors",
    "part_nouns",
    "civilian_modifiers",
    "casualty_words",
    "departure_verbs",
    "flight_verbs",
    "capability_cues",
    "appeal_verbs",
    "affiliation_nouns",
    "relation_verbs",
    "subject_skip_words",
    "subject_generic_heads",
    "subject_not_plural",
    "adjective_homographs",
    "adjective_cues",
    "between_area_nouns",
    "non_event_idioms",
    "complement_cues",
    "forward_cues",
}
_DICT_OF_LISTS_KEYS = {"kinds", "status", "anaphors"}
_DICT_KEYS = {"ship_prefixes"}
_SCALAR_KEYS = {
    "water_kind",
    "airspace_kind",
    "window_words",
    "historical_years",
    "context_doc_min",
    "weak_designator_chars",
    "weak_plain_names",
    "focus_sentences",
}
_KNOWN_KEYS = _LIST_KEYS | _DICT_OF_LISTS_KEYS | _DICT_KEYS | _SCALAR_KEYS

# Offset-preserving normalisation of text and phrases.
_TRANS = str.maketrans(
    {
        "-": " ",
        "\u2010": " ",
        "\u2011": " ",
        "\u2012": " ",
        "\u2013": " ",
        "\u2014": " ",
        "\u2212": " ",
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u00a0": " ",
        "\n": " ",
        "\t": " ",
        "\r": " ",
        "\u201c": '"',
        "\u201d": '"',
    }
)
_SPACES = re.compile(r"\s+")
# Model suffix after a system name: "-M2E", "TD", "-18", " SRS1", plural "s".
_SUFFIX = re.compile(
    r"(?:(?:-?[0-9A-Z][0-9A-Za-z]{0,5})|(?: (?=[0-9A-Z]{0,5}[0-9])[0-9A-Z][0-9A-Za-z]{0,5}))*"
    r"(?:'?s)?(?![0-9A-Za-z])"
)


# _TRANS as (character, replacement) pairs: one character for one, and no replacement is
# itself replaced, so replacing them one after the other is the same as translating (and
# much faster on text that is not ASCII: str.translate looks every character up).
_TRANS_PAIRS = tuple((chr(k), v) for k, v in _TRANS.items())


def normalize_text(text: str) -> str:
    """Lower-case ``text`` and unify dashes/apostrophes, keeping every offset."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for a, b in _TRANS_PAIRS:
        if a in low:
            low = low.replace(a, b)
    return low


def normalize_phrase(phrase: str) -> str:
    """Normalise a lexicon phrase the same way as text, collapsing runs of spaces."""
    return _SPACES.sub(" ", normalize_text(phrase)).strip()


@dataclass(frozen=True, slots=True)
class Term:
    """One lexicon entry (all its surface variants share it)."""

    channel: str  # asset | event | dispute | status | actor
    kind: str  # asset/incident/dispute kind; status name; actor name
    name: str  # canonical name (equipment), or the phrase as listed
    generic: bool = True  # False for named systems (equipment.json)
    operators: tuple[str, ...] = ()
    range_km: float = 0.0
    weak: bool = False
    capitalized: bool = False  # the text must start with an upper-case letter
    ambiguous: bool = False  # needs context ("needs_context" in the data files)


@dataclass(frozen=True, slots=True)
class Match:
    """A trigger occurrence in a document (document offsets)."""

    start: int
    end: int
    term: Term
    key_len: int = 0  # length of the lexicon phrase itself (before suffix/head extension)


@dataclass(eq=False)
class Lexicon:
    """Compiled lexicons. Build with :func:`load_lexicon`."""

    terms: tuple[Term, ...]
    kinds: dict[str, tuple[str, ...]]
    movement_kinds: frozenset[str]
    ship_prefixes: dict[str, str]
    unit_heads: tuple[str, ...]
    config: dict[str, Any]
    sources: tuple[str, ...] = ()
    _automaton: Any = field(default=None, repr=False)
    _ship_re: re.Pattern[str] | None = field(default=None, repr=False)
    _heads_by_word: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_word: dict[str, list[str]] = {}
        for head in self.unit_heads:  # longest first
            by_word.setdefault(head.split(" ", 1)[0], []).append(head)
        self._heads_by_word = {k: tuple(v) for k, v in by_word.items()}

    # -- sizes -------------------------------------------------------------------------------
    def sizes(self) -> dict[str, int]:
        """Number of distinct entries per channel (equipment counted apart)."""
        out = {"equipment": 0, "asset words": 0, "events": 0, "disputes": 0, "status": 0}
        out["actors"] = 0
        seen: set[tuple[str, str, str]] = set()
        for t in self.terms:
            key = (t.channel, t.kind, t.name)
            if key in seen:
                continue
            seen.add(key)
            if t.channel == ASSET:
                out["equipment" if not t.generic else "asset words"] += 1
            elif t.channel == EVENT:
                out["events"] += 1
            elif t.channel == DISPUTE:
                out["disputes"] += 1
            elif t.channel == STATUS:
                out["status"] += 1
            else:
                out["actors"] += 1
        out["ship prefixes"] = len(self.ship_prefixes)
        return out

    # -- scanning ----------------------------------------------------------------------------
    def scan(self, text: str, norm: str | None = None) -> list[Match]:
        """All trigger matches in ``text``, sorted by start (overlaps not resolved)."""
        if norm is None:
            norm = normalize_text(text)
        out: list[Match] = []
        n = len(norm)
        for last, (klen, payload) in self._automaton.iter(norm):
            start = last - klen + 1
            if start > 0 and norm[start - 1].isalnum():
                continue
            end = last + 1
            exact_ok = end >= n or not norm[end].isalnum()
            for term, prefix in payload:
                e = end
                if prefix:
                    while e < n and norm[e].isalpha():
                        e += 1
                elif not term.generic and term.channel == ASSET:
                    m = _SUFFIX.match(text, end)
                    if m is None:
                        continue
                    e = m.end()
                    if e > end and text[end].isdigit() and norm[end - 1].isdigit():
                        continue  # "A-50" in "A 501", "B-1" in "B-12": another number
                elif not exact_ok:
                    continue
                if term.capitalized and term.generic and term.channel == ASSET:
                    if not text[start:end].isupper():
                        continue  # an acronym force word ("SAM", "UAV") in capitals only
                if term.capitalized and not text[start].isupper():
                    continue
                if term.channel == ASSET:
                    e = self._expand_heads(norm, e)
                out.append(Match(start, e, term, klen))
        if self._ship_re is not None:
            named: dict[str, Term] = {}
            prefixed: set[int] = set()  # where each prefixed name starts
            for m in self._ship_re.finditer(text):
                prefix = m.group(1)
                term = _ship_term(prefix, self.ship_prefixes.get(prefix, ""))
                out.append(Match(m.start(), m.end(), term, m.end() - m.start()))
                name = text[m.end(1) : m.end()].strip()
                prefixed.add(m.end() - len(name))
                if len(named) < _MAX_SHIP_NAMES:
                    named.setdefault(name, term)
            out.extend(_bare_ship_names(text, named, prefixed))
        if "airspace" in norm or "zone" in norm or "adiz" in norm or "air space" in norm:
            first = -1
            for m in _AIRSPACE_VIOLATION.finditer(text):
                g = 1 if m.group(1) else 2
                out.append(Match(m.start(g), m.end(g), VIOLATION_TERM, m.end(g) - m.start(g)))
                first = m.end() if first < 0 else first
            if first >= 0:  # "the violations took place near Lesbos": the ones just told
                for m in _VIOLATIONS_AGAIN.finditer(text, first):
                    out.append(Match(m.start(1), m.end(1), VIOLATION_TERM, m.end(1) - m.start(1)))
        for applies, rx, group, term in _PHRASE_RULES:
            if applies(text, norm):
                for m in rx.finditer(text):
                    a, b = m.span(group)
                    out.append(Match(a, b, term, b - a))
        out.sort(key=lambda m: (m.start, -m.end, -m.key_len))
        return out

    def _expand_heads(self, norm: str, end: int) -> int:
        """Extend an asset match over following unit words ("S-300" + " missile batteries")."""
        n = len(norm)
        for _ in range(2):
            if end >= n or norm[end] != " ":
                break
            pos = end + 1
            stop = pos
            while stop < n and norm[stop].isalnum():
                stop += 1
            for head in self._heads_by_word.get(norm[pos:stop], ()):
                stop = pos + len(head)
                if norm.startswith(head, pos) and (stop >= n or not norm[stop].isalnum()):
                    end = stop
                    break
            else:
                break
        return end


#: At most this many ship names of one document are looked for without their prefix.
_MAX_SHIP_NAMES = 50


def _bare_ship_names(text: str, named: dict[str, Term], prefixed: set[int]) -> list[Match]:
    """A ship named with its prefix, named again without it: "USS Ralph Johnson ... Ralph
    Johnson is forward-deployed to Yokosuka", "INS Kolkata ... the Kolkata docked". A one-word
    name only after "the" (a bare "Kolkata" is the city). One pass over the text."""
    names = sorted((n for n in named if n), key=len, reverse=True)
    if not names:
        return []
    alt = "|".join(map(re.escape, names))
    out = []
    for m in re.finditer(rf"(?<![\w.'\u2019-])(?:([Tt]he\s+))?({alt})(?![\w'\u2019-])", text):
        name = m.group(2)
        start = m.start(2)
        if start in prefixed or (" " not in name and m.group(1) is None):
            continue
        out.append(Match(start, m.end(2), named[name], m.end(2) - start))
    return out


# An airspace violation names the zone between its verb and noun ("violated Greek airspace",
# "entered Taiwan's air defense identification zone", "incursions into its airspace"): the
# lexicon's fixed phrases cannot hold the owner's name in the middle.
_ZONE = r"(?:air\s*space|air\s+defen[cs]e\s+(?:identification\s+)?zone|ADIZ)"
_OWNER = r"(?:(?:the|its|their|[A-Z][\w.'’-]*)\s+){0,3}"
# The trigger is the verb or noun (group 1): the owner after it is the place.
_AIRSPACE_VIOLATION = re.compile(
    rf"\b(?:((?:violat(?:ed|ing|es|e)|breach(?:ed|ing|es)?|infring(?:ed|ing|es|e)\s+(?:on|upon)"
    rf"|(?:intrud(?:ed|ing|es|e)|penetrat(?:ed|ing|es|e)|strayed|straying|flew|flying"
    rf"|cross(?:ed|ing|es))\s+into"
    rf"|entered|entering|enters|(?:violations?|incursions?|intrusions?|breach(?:es)?)"
    rf"\s+(?:of|into|in|on))\s+){_OWNER}{_ZONE}"
    rf"|({_ZONE}\s+(?:violations?|incursions?|intrusions?|breach(?:es)?)))\b",
    re.IGNORECASE,
)
_VIOLATIONS_AGAIN = re.compile(r"\b(?:[Tt]he|[Tt]hese|[Tt]hose)\s+(violations?)\b(?!\s+of\b)")
VIOLATION_TERM = Term(EVENT, "airspace violation", "airspace violation", ambiguous=True)
# Crossing a line one side holds as the limit of the other's forces is an incursion, beside
# the dispute the line names ("crossed the median line", "violated the Line of Control").
_LINE = (
    r"(?:median\s+line|line\s+of\s+(?:actual\s+)?control|Northern\s+Limit\s+Line|NLL|LoC|LAC"
    r"|(?:military\s+)?demarcation\s+line|cease-?fire\s+line|contact\s+line|line\s+of\s+contact)"
)
_LINE_CROSSING = re.compile(
    rf"\b(cross(?:ed|ing|es)?|breach(?:ed|ing|es)?|violat(?:ed|ing|es|e)|strayed\s+across"
    rf"|(?:sailed|flew|moved|came|went|intruded)\s+(?:across|over))\s+(?:the\s+)?{_LINE}\b",
    re.IGNORECASE,
)
# "advanced several kilometres into Armenian territory", "advancing 10 km towards X": the
# lexicon's "advanced into" with the distance between verb and preposition
_ADVANCE_BY = re.compile(
    r"\badvanc(?:ed|ing|es)\s+(?:(?:some|about|around|nearly|almost|up\s+to|more\s+than)\s+)?"
    r"(?:\d[\d,.]*|several|a\s+few|a\s+dozen|dozens\s+of|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|\w+teen|twenty|thirty|forty|fifty)\s*-?\s*"
    r"(?:km|kms|kilomet(?:re|er)s?|miles?|metres?|meters?)\s+(?:into|inside|towards?|deep\s+into)\b",
    re.IGNORECASE,
)
ADVANCE_TERM = Term(EVENT, "attack", "advanced into", ambiguous=True)
# Crossing into another state's land ("Eritrean forces had crossed the border", "troops
# crossed the frontier into X"): a crossing, when a force does it (ambiguous: military context
# decides; refugees crossing the border make none). "the border crossing" is a place.
_BORDER_CROSSING = re.compile(
    r"\b(cross(?:ed|ing|es)?)\s+(?:the|a|their|its|our)\s+(?:[a-z-]+\s+)?(?:border|frontier)s?\b"
    r"(?!\s+(?:crossing|post|point|checkpoint)s?\b)",
    re.IGNORECASE,
)
# Entering the waters a state holds as its own is an incursion ("entered territorial waters
# around the islands", "intruded into Japan's territorial sea"); a migrant boat doing it is
# none, hence ambiguous (military context decides).
_WATERS = r"(?:territorial\s+(?:waters|sea)|contiguous\s+zone)"
_WATERS_INCURSION = re.compile(
    rf"\b((?:entered|entering|enters|(?:intrud(?:ed|ing|es|e)|sailed|strayed|cross(?:ed|ing|es))"
    rf"\s+into|violat(?:ed|ing|es|e)|(?:incursions?|intrusions?)\s+into))\s+{_OWNER}{_WATERS}\b",
    re.IGNORECASE,
)
WATERS_TERM = Term(EVENT, "maritime incursion", "maritime incursion", ambiguous=True)
# "exchanged heavy fire", "traded artillery fire": the lexicon's "exchanged fire" with the
# kind of fire between verb and noun
_FIRE_EXCHANGE = re.compile(
    r"\b(?:exchang(?:ed|ing|es?)|trad(?:ed|ing|es?))\s+(?:(?:heavy|intense|sporadic|fierce|"
    r"small[- ]arms|artillery|mortar|machine[- ]gun|automatic|cross[- ]border|tank|rocket)\s+)"
    r"{1,2}(?:fire|gunfire)\b",
    re.IGNORECASE,
)
FIRE_EXCHANGE_TERM = Term(EVENT, "clash", "exchanged fire")
CROSSING_TERM = Term(EVENT, "line crossing", "line crossing", ambiguous=True)


# Phrases found by pattern, not by the word lists: (whether the text can hold one, the
# pattern, the group that is the trigger, its term); cheap substring tests skip the rest.
_PHRASE_RULES: tuple[tuple[Callable[[str, str], bool], re.Pattern[str], int, Term], ...] = (
    # "entered territorial waters": the verb
    (lambda t, n: "territorial" in n or "contiguous" in n, _WATERS_INCURSION, 1, WATERS_TERM),
    # "exchanged heavy fire": a clash
    (
        lambda t, n: "fire" in n and ("exchang" in n or "trad" in n),
        _FIRE_EXCHANGE,
        0,
        FIRE_EXCHANGE_TERM,
    ),
    # "crossed the median line": the verb
    (
        lambda t, n: "line" in n or "LoC" in t or "NLL" in t or "LAC" in t,
        _LINE_CROSSING,
        1,
        CROSSING_TERM,
    ),
    # "advanced several kilometres into X"
    (lambda t, n: "advanc" in n, _ADVANCE_BY, 0, ADVANCE_TERM),
    # "troops crossed the border": the verb
    (
        lambda t, n: "cross" in n and ("border" in n or "frontier" in n),
        _BORDER_CROSSING,
        1,
        CROSSING_TERM,
    ),
)


@lru_cache(maxsize=1024)
def _ship_term(prefix: str, country: str) -> Term:
    return Term(
        ASSET, "naval vessel", prefix, generic=False, operators=(country,) if country else ()
    )


# ------------------------------------------------------------------------------------------
# Loading
# ------------------------------------------------------------------------------------------


def load_lexicon(paths: Sequence[Path | str] | None = None) -> Lexicon:
    """Built-in lexicons extended by user files.

    ``paths``: lexicon files (or directories of ``*.json``) to merge after the built-in ones;
    ``None`` reads them from the ``POSTURE_LEXICON`` environment variable (``os.pathsep``
    separated). A file that cannot be read or is invalid raises
    :class:`geo.errors.ConfigurationError` naming the file and line.
    The result is cached per set of files (and their modification times).
    """
    if paths is None:
        env = os.environ.get(ENV_VAR, "")
        paths = [p for p in env.split(os.pathsep) if p.strip()]
    files: list[Path] = []
    for p in paths:
        path = Path(p).expanduser()
        if path.is_dir():
            files.extend(sorted(path.glob("*.json")))
        else:
            files.append(path)
    key = []
    for f in files:
        try:
            key.append((str(f.resolve()), f.stat().st_mtime_ns))
        except OSError as exc:
            raise ConfigurationError(f"{f}: cannot read lexicon file: {exc.strerror}") from exc
    return _build(tuple(key))


def default_lexicon() -> Lexicon:
    """The built-in lexicon alone (cached)."""
    return _build(())


@lru_cache(maxsize=16)
def _build(user: tuple[tuple[str, int], ...]) -> Lexicon:
    merged: dict[str, Any] = {}
    sources = [str(DATA_DIR / name) for name in BUILTIN_FILES] + [p for p, _ in user]
    for src in sources:
        _merge_file(merged, Path(src))
    return _compile(merged, tuple(sources))


def _read(path: Path) -> tuple[dict[str, Any], str]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"{path}: cannot read lexicon file: {exc}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigurationError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise ConfigurationError(f"{path}:1: a lexicon file must hold a JSON object")
    return data, raw


def _line_of(raw: str, needle: Any) -> int:
    """1-based line of the first occurrence of ``needle`` (a key or value) in ``raw``."""
    token = json.dumps(needle, ensure_ascii=False) if isinstance(needle, str) else str(needle)
    pos = raw.find(token)
    if pos < 0 and isinstance(needle, str):
        pos = raw.find(json.dumps(needle))
    return raw.count("\n", 0, pos) + 1 if pos >= 0 else 1


class _Checker:
    def __init__(self, path: Path, raw: str) -> None:
        self.path = path
        self.raw = raw

    def fail(self, msg: str, needle: Any) -> None:
        raise ConfigurationError(f"{self.path}:{_line_of(self.raw, needle)}: {msg}")

    def strings(self, value: Any, what: str, needle: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(f"{what} must be a list of non-empty strings", needle)
        return list(value)

    def string_lists(
        self,
        data: dict[str, Any],
        section: str,
        names: Collection[str],
        maps: str,
        unknown: Callable[[str], str],
    ) -> None:
        """``data[section]``, when there is one: an object that ``maps`` each of ``names`` to
        a list of non-empty strings (``unknown(name)`` says what is wrong with another name)."""
        if section not in data:
            return
        value = data[section]
        if not isinstance(value, dict):
            self.fail(f"'{section}' must map {maps}", section)
        for name, values in value.items():
            if name not in names:
                self.fail(unknown(name), name)
            self.strings(values, f"{section}.{name}", name)


def _merge_file(merged: dict[str, Any], path: Path) -> None:
    data, raw = _read(path)
    ck = _Checker(path, raw)
    for key in data:
        if not key.startswith("_") and key not in _KNOWN_KEYS:
            ck.fail(f"unknown lexicon section {key!r}", key)
    # Kinds first: entries of this file may use kinds it adds.
    ck.string_lists(
        data, "kinds", LAYERS, "a layer to a list of kinds", "unknown layer {!r} in 'kinds'".format
    )
    known = {
        layer: set(merged.get("kinds", {}).get(layer, []))
        | set(data.get("kinds", {}).get(layer, []))
        for layer in LAYERS
    }
    _validate(data, ck, known)
    for key, value in data.items():
        if key.startswith("_"):
            continue
        if key in _LIST_KEYS:
            merged.setdefault(key, []).extend(value)
        elif key in _DICT_OF_LISTS_KEYS:
            target = merged.setdefault(key, {})
            for sub, values in value.items():
                target.setdefault(sub, []).extend(values)
        elif key in _DICT_KEYS:
            merged.setdefault(key, {}).update(value)
        else:
            merged[key] = value


def _validate(data: dict[str, Any], ck: _Checker, known: dict[str, set[str]]) -> None:
    layer_of = {"equipment": "assets", "assets": "assets", "events": "incidents"}
    layer_of["disputes"] = "disputes"
    for section, layer in layer_of.items():
        if section not in data:
            continue
        entries = data[section]
        if not isinstance(entries, list):
            ck.fail(f"'{section}' must be a list", section)
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                ck.fail(f"{section}[{i}] must be an object", section)
            anchor = entry.get("name") or entry.get("kind") or section
            kind = entry.get("kind")
            if not isinstance(kind, str) or kind not in known[layer]:
                ck.fail(f"{section}[{i}]: unknown {layer} kind {kind!r}", anchor)
            if section == "equipment":
                name = entry.get("name")
                if not isinstance(name, str) or not name.strip():
                    ck.fail(f"equipment[{i}]: 'name' must be a non-empty string", anchor)
                ck.strings(entry.get("aliases", []), f"equipment {name!r} aliases", anchor)
                ck.strings(
                    entry.get("operators", []) or ["x"], f"equipment {name!r} operators", anchor
                )
                rng = entry.get("range_km", 0)
                if isinstance(rng, bool) or not isinstance(rng, (int, float)) or rng < 0:
                    ck.fail(f"equipment {name!r}: range_km must be a number >= 0", anchor)
            else:
                terms = ck.strings(entry.get("terms"), f"{section}[{i}].terms", anchor)
                if not terms:
                    ck.fail(f"{section}[{i}]: 'terms' is empty", anchor)
                ck.strings(entry.get("weak", []) or ["x"], f"{section}[{i}].weak", anchor)
            nc = entry.get("needs_context", False)
            if not isinstance(nc, bool):
                ck.strings(nc or ["x"], f"{section}[{i}].needs_context", anchor)
    for section in ("actors", "demonyms"):
        if section not in data:
            continue
        if not isinstance(data[section], list):
            ck.fail(f"'{section}' must be a list", section)
        for i, entry in enumerate(data[section]):
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                ck.fail(f"{section}[{i}] needs a 'name'", section)
            ck.strings(entry.get("terms"), f"{section}[{i}].terms", entry["name"])
    ck.string_lists(
        data,
        "status",
        CUE_STATUSES,
        "a status to cue phrases",
        lambda name: f"unknown status {name!r} (expected one of {CUE_STATUSES})",
    )
    if "ship_prefixes" in data:
        sp = data["ship_prefixes"]
        if not isinstance(sp, dict) or not all(isinstance(v, str) for v in sp.values()):
            ck.fail("'ship_prefixes' must map a hull prefix to a country", "ship_prefixes")
        for prefix in sp:
            if not re.fullmatch(r"[A-Za-z]{1,6}", prefix):
                ck.fail(f"ship prefix {prefix!r} must be 1-6 letters", prefix)
    for key in _LIST_KEYS - {"equipment", "assets", "events", "disputes", "actors", "demonyms"}:
        if key in data and key != "line_connectors":
            ck.strings(data[key], key, key)
    if "line_connectors" in data:
        lc = data["line_connectors"]
        if not isinstance(lc, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(w, str) for w in p) for p in lc
        ):
            ck.fail("'line_connectors' must be a list of [word, word] pairs", "line_connectors")
    for key in ("window_words", "historical_years", "context_doc_min", "weak_designator_chars"):
        if key in data and (isinstance(data[key], bool) or not isinstance(data[key], int)):
            ck.fail(f"'{key}' must be an integer", key)
    if "weak_plain_names" in data and not isinstance(data["weak_plain_names"], bool):
        ck.fail("'weak_plain_names' must be true or false", "weak_plain_names")
    for key in ("water_kind", "airspace_kind"):
        if key in data and data[key] not in known["disputes"]:
            ck.fail(f"'{key}' must be a dispute kind", key)


# ------------------------------------------------------------------------------------------
# Compilation
# ------------------------------------------------------------------------------------------

_US_UK = (
    ("defense", "defence"),
    ("armored", "armoured"),
    ("armor", "armour"),
    ("maneuver", "manoeuvre"),
    ("refueling", "refuelling"),
    ("unrecognized", "unrecognised"),
    ("fiber", "fibre"),
)


def _spellings(phrase: str) -> set[str]:
    out = {phrase}
    for us, uk in _US_UK:
        for p in list(out):
            if us in p:
                out.add(p.replace(us, uk))
            if uk in p:
                out.add(p.replace(uk, us))
    return out


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


# Lexicon phrases repeat (every alias of an entry is checked against its "needs_context"
# list): normalise each once. Bounded by the phrases of the lexicon files loaded.
_phrase = lru_cache(maxsize=None)(normalize_phrase)


@cache
def _phrase_set(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(map(_phrase, phrases))


def _variants(phrase: str, *, plural: bool, squash: bool) -> set[str]:
    """Normalised surface variants of a lexicon phrase."""
    out: set[str] = set()
    for p in _spellings(phrase):
        norm = _phrase(p)
        if not norm:
            continue
        out.add(norm)
        if plural and not norm.endswith("*"):
            head, _, last = norm.rpartition(" ")
            if last.isalpha() and not last.endswith("s"):
                out.add(f"{head} {_plural(last)}".strip())
        if squash and re.search(r"[a-z] \d", norm):
            out.add(re.sub(r"(?<=[a-z]) (?=\d)", "", norm))
    return out


def _is_plain_word(alias: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z' ]*", alias))


def _is_designator(alias: str) -> bool:
    """A model designator that starts with a capital ("A-10", "MiG-29"): in lower case it is
    ordinary text ("a 10-mile limit")."""
    return alias[:1].isupper() and any(c.isdigit() for c in alias)


def _needs_context(entry: dict[str, Any], phrase: str) -> bool:
    """Whether ``phrase`` of a lexicon entry is marked ambiguous (``"needs_context"``: true for
    every phrase of the entry, or a list of its phrases)."""
    nc = entry.get("needs_context", False)
    if isinstance(nc, bool):
        return nc
    return _phrase(phrase) in _phrase_set(tuple(nc))


def _compile(raw: dict[str, Any], sources: tuple[str, ...]) -> Lexicon:
    entries: list[tuple[str, Term]] = []  # (phrase, term) before variant expansion

    def add(phrase: str, term: Term, *, plural: bool = False, squash: bool = False) -> None:
        for v in _variants(phrase, plural=plural, squash=squash):
            entries.append((v, term))

    for e in raw.get("equipment", []):
        ops = tuple(e.get("operators", []))
        rng = float(e.get("range_km", 0) or 0)
        for alias in [e["name"], *e.get("aliases", [])]:
            term = Term(
                ASSET,
                e["kind"],
                e["name"],
                generic=False,
                operators=ops,
                range_km=rng,
                capitalized=_is_plain_word(alias) or _is_designator(alias),
                ambiguous=_needs_context(e, alias),
            )
            add(alias, term, squash=True)
    for group in raw.get("assets", []):
        plural = group.get("plural", True)
        for phrase in group["terms"]:
            term = Term(
                ASSET,
                group["kind"],
                phrase,
                capitalized=phrase.isupper() and len(phrase) <= 4,
                ambiguous=_needs_context(group, phrase),
            )
            add(phrase, term, plural=plural)
    for channel, section in ((EVENT, "events"), (DISPUTE, "disputes")):
        for group in raw.get(section, []):
            weak = {normalize_phrase(w) for w in group.get("weak", [])}
            for phrase in group["terms"]:
                norm = normalize_phrase(phrase)
                term = Term(
                    channel,
                    group["kind"],
                    phrase,
                    weak=norm in weak,
                    ambiguous=_needs_context(group, phrase),
                )
                add(phrase, term)
    for status, phrases in raw.get("status", {}).items():
        for phrase in phrases:
            add(phrase, Term(STATUS, status, phrase))
    for actor in raw.get("actors", []):
        for phrase in actor["terms"]:
            cap = phrase.isupper() and len(phrase) <= 5
            add(phrase, Term(ACTOR, actor["name"], phrase, capitalized=cap))
    for kind, section in (("military", "military_context"), ("territorial", "territorial_context")):
        for phrase in raw.get(section, []):
            add(phrase, Term(CONTEXT, kind, phrase), plural=True)
    for actor in raw.get("demonyms", []):
        for phrase in actor["terms"]:
            add(phrase, Term(ACTOR, actor["name"], phrase, weak=True, capitalized=True))

    automaton = ahocorasick.Automaton()
    table: dict[str, list[tuple[Term, bool]]] = {}
    for phrase, term in entries:
        prefix = phrase.endswith("*")
        key = phrase.rstrip("*").rstrip()
        if not key:
            continue
        slot = table.setdefault(key, [])
        if not any(t == term and p == prefix for t, p in slot):
            slot.append((term, prefix))
    for key, slot in table.items():
        automaton.add_word(key, (len(key), tuple(slot)))
    automaton.make_automaton()

    prefixes = dict(raw.get("ship_prefixes", {}))
    ship_re = None
    if prefixes:
        alt = "|".join(sorted(map(re.escape, prefixes), key=len, reverse=True))
        name = r"(?:[A-Z][\w.'\u2019-]*|\d+)"
        ship_re = re.compile(rf"\b({alt})\s+{name}(?:\s+(?:(?:of|de|del|la|the)\s+)?{name})*")
    heads = sorted({normalize_phrase(h) for h in raw.get("unit_heads", [])}, key=len, reverse=True)
    kinds = {layer: tuple(dict.fromkeys(v)) for layer, v in raw.get("kinds", {}).items()}
    config = {k: v for k, v in raw.items() if k not in {"equipment", "assets", "events", "actors"}}
    return Lexicon(
        terms=tuple(t for _, t in entries),
        kinds=kinds,
        movement_kinds=frozenset(raw.get("movement_kinds", [])),
        ship_prefixes=prefixes,
        unit_heads=tuple(heads),
        config=config,
        sources=sources,
        _automaton=automaton,
        _ship_re=ship_re,
    )


def iter_phrases(values: Iterable[str]) -> list[str]:
    """Normalised phrases, longest first (helper for word-list lookups)."""
    return sorted({normalize_phrase(v) for v in values}, key=len, reverse=True)
