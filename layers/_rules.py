"""Extraction rules compiled from a lexicon's config (cached per lexicon object)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from layers.lexicon import Lexicon, normalize_phrase


@dataclass(frozen=True)
class _Rules:
    attach1: frozenset[str]
    attach2: frozenset[str]
    destination: frozenset[str]
    origin: frozenset[str]
    weak: frozenset[str]
    clause_re: re.Pattern[str]
    locative_re: re.Pattern[str] | None
    quantity_re: re.Pattern[str]
    negator_re: re.Pattern[str]
    post_negator_re: re.Pattern[str]
    connectors: tuple[tuple[str, str], ...]
    window_words: int
    historical_years: int
    water_kind: str
    airspace_kind: str
    airspace_words: tuple[str, ...]
    water_words: frozenset[str]
    water_codes: frozenset[str]
    generic_dispute_kind: str
    quantity_stop: frozenset[str]
    subordinators: frozenset[str]
    target_kinds: frozenset[str]
    non_asset_heads: frozenset[str]
    formation_nouns: frozenset[str]
    weapon_verbs: frozenset[str]
    capture_verbs: frozenset[str]
    captured_after: re.Pattern[str] | None
    impact_after: re.Pattern[str] | None
    departed_after: re.Pattern[str] | None
    flight_after: re.Pattern[str] | None
    built_before: re.Pattern[str] | None
    materiel_words: frozenset[str]
    envoy_nouns: frozenset[str]
    non_asset_compounds: frozenset[str]
    locative_words: frozenset[str]
    source_heads: frozenset[str]
    modifier_re: re.Pattern[str] | None
    holder_suffixes: frozenset[str]
    partitive_words: frozenset[str]
    direction_words: frozenset[str]
    place_nouns: frozenset[str]
    civilian_nouns: frozenset[str]


def _built_before(verbs: list[str]) -> re.Pattern[str] | None:
    """A verb of building and at most four words before the thing built, up to its end:
    "began building hundreds of concrete |bunkers", "dug |trenches"."""
    if not verbs:
        return None
    return re.compile(rf"\b(?:{_alt(verbs)})\s+(?:[a-z0-9][\w,.-]*\s+){{0,4}}$")


def _alt(words: list[str]) -> str:
    phrases = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)


def _after_words(words: list[str]) -> re.Pattern[str] | None:
    """Right after a word (a list's end): one of ``words``, maybe after an auxiliary."""
    alt = _alt([normalize_phrase(w) for w in words])
    return re.compile(rf"\s+(?:(?:had|have|has)\s+)?(?:{alt})\b") if alt else None


def _captured_after(nouns: list[str]) -> re.Pattern[str] | None:
    """Right after a verb of taking: a place it takes as its object, the noun heading it
    ("taken the presidential palace", "took the town's airport"; not "took part")."""
    alt = _alt([normalize_phrase(w) for w in nouns])
    if not alt:
        return None
    return re.compile(
        r"\s+(?:(?:back|full|over)\s+)?(?:(?:the|a|an|its|their|two|three|several|\d+)\s+)?"
        rf"(?:[\w'-]+\s+){{0,2}}?(?:{alt})\b(?!['\u2019])"
    )


@lru_cache(maxsize=32)
def _rules(lex: Lexicon) -> _Rules:
    cfg = lex.config
    preps = [normalize_phrase(p) for p in cfg.get("attach_preps", [])]
    dest = [normalize_phrase(p) for p in cfg.get("destination_preps", [])]
    orig = [normalize_phrase(p) for p in cfg.get("origin_preps", [])]
    weak = [normalize_phrase(p) for p in cfg.get("weak_preps", [])]
    allp = set(preps) | set(dest) | set(orig) | set(weak)
    breaks = cfg.get("clause_breaks", [])
    clause_re = re.compile(
        r"[;:()\[\]]|\s[\u2013\u2014-]\s|[\u2013\u2014]|(?:,\s+|\s)(?:which|who|whom|whose)\b|,\s+where\b"
        r"|\band\s+(?=(?:is|was|were|are|has|had|have|will|would|could|can|then|later|also)\b)"
        # ", meanwhile, ", ", however, ": a sentence adverb between commas breaks nothing
        + (rf"|(?<!, )\b(?:{_alt(breaks)})\b|\b(?:{_alt(breaks)})\b(?!,)" if breaks else ""),
        re.IGNORECASE,
    )
    heads = [
        h for h in cfg.get("locative_heads", []) if h not in cfg.get("locative_heads_not_place", [])
    ]
    locative_re = (
        re.compile(rf"(?:\s+[\w-]+)?\s+(?:{_alt(heads)})\b", re.IGNORECASE) if heads else None
    )
    qwords = cfg.get("quantity_words", [])
    qpref = cfg.get("quantity_prefixes", [])
    number = r"\d(?:[\d,.]*\d)?\+?(?:\s+(?:thousand|million|hundred))?"
    quantity_re = re.compile(
        rf"(?P<q>(?:\b(?:{_alt(qpref)})\s+)?(?:(?<![\w.,]){number}|\b(?:{_alt(qwords)})\b)"
        rf"(?:\s+(?:{number}|(?:{_alt(qwords)})\b))*)",
        re.IGNORECASE,
    )
    negator_re = re.compile(
        rf"\b(?:{_alt(cfg.get('negators', ['no']))})\s+"
        r"(?:(?:(?:[a-z]\.){2,}|[^\s,;:.]+)\s+){0,3}$",  # "no U.S. troops": initials too
        re.IGNORECASE,
    )
    post_negator_re = re.compile(
        rf"^\W*(?:[^\s,;:.]+\s+){{0,2}}?(?:\w*(?:{_alt(cfg.get('post_negators', ['not']))}))\b",
        re.IGNORECASE,
    )
    disputes = lex.kinds.get("disputes", ())
    mods = [*cfg.get("modifier_suffixes", []), *cfg.get("holder_suffixes", [])]
    return _Rules(
        attach1=frozenset(p for p in allp if " " not in p),
        attach2=frozenset(p for p in allp if " " in p),
        destination=frozenset(dest),
        origin=frozenset(orig),
        weak=frozenset(weak),
        clause_re=clause_re,
        locative_re=locative_re,
        quantity_re=quantity_re,
        negator_re=negator_re,
        post_negator_re=post_negator_re,
        connectors=tuple(
            (normalize_phrase(a), normalize_phrase(b)) for a, b in cfg.get("line_connectors", [])
        ),
        window_words=int(cfg.get("window_words", 14)),
        historical_years=int(cfg.get("historical_years", 2)),
        water_kind=str(cfg.get("water_kind", "")),
        airspace_kind=str(cfg.get("airspace_kind", "")),
        airspace_words=tuple(normalize_phrase(w) for w in cfg.get("airspace_words", [])),
        water_words=frozenset(normalize_phrase(w) for w in cfg.get("water_words", [])),
        water_codes=frozenset(cfg.get("water_codes", [])),
        generic_dispute_kind=disputes[0] if disputes else "",
        quantity_stop=frozenset(normalize_phrase(w) for w in cfg.get("quantity_stop_words", [])),
        subordinators=frozenset(normalize_phrase(w) for w in cfg.get("subordinators", [])),
        target_kinds=frozenset(cfg.get("target_kinds", [])),
        non_asset_heads=frozenset(normalize_phrase(w) for w in cfg.get("non_asset_heads", [])),
        formation_nouns=frozenset(normalize_phrase(w) for w in cfg.get("formation_nouns", [])),
        weapon_verbs=frozenset(normalize_phrase(w) for w in cfg.get("weapon_verbs", [])),
        capture_verbs=frozenset(normalize_phrase(w) for w in cfg.get("capture_verbs", [])),
        captured_after=_captured_after(cfg.get("captured_nouns", [])),
        impact_after=_after_words(cfg.get("impact_verbs", [])),
        departed_after=_after_words(cfg.get("departure_verbs", [])),
        flight_after=_after_words(cfg.get("flight_verbs", [])),
        built_before=_built_before(cfg.get("construction_verbs", [])),
        materiel_words=frozenset(cfg.get("materiel_words", [])),
        envoy_nouns=frozenset(cfg.get("envoy_nouns", [])),
        non_asset_compounds=frozenset(
            normalize_phrase(w) for w in cfg.get("non_asset_compounds", [])
        ),
        locative_words=frozenset(normalize_phrase(h) for h in heads),
        source_heads=frozenset(normalize_phrase(w) for w in cfg.get("source_heads", [])),
        modifier_re=(
            re.compile(rf"[-\u2010\u2011 ](?:{_alt(mods)})\b", re.IGNORECASE) if mods else None
        ),
        holder_suffixes=frozenset(normalize_phrase(w) for w in cfg.get("holder_suffixes", [])),
        partitive_words=frozenset(normalize_phrase(w) for w in cfg.get("partitive_words", [])),
        direction_words=frozenset(normalize_phrase(w) for w in cfg.get("direction_words", [])),
        place_nouns=frozenset(normalize_phrase(w) for w in cfg.get("place_nouns", [])),
        civilian_nouns=frozenset(normalize_phrase(w) for w in cfg.get("civilian_nouns", [])),
    )
