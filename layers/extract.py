"""Statement extractor: geoparsed documents -> posture features (assets, incidents, disputes).

For every sentence that holds a trigger (equipment, force word, incident or dispute cue from
the lexicons) and a literal place, each trigger is attached to the place its sentence structure
points at (a preposition after the trigger, a direct object, a possessive, the nearest place
in the clause), an actor is resolved (demonyms, actor words, the clause subject, "by X",
ship prefixes, sole operator), and a status, date and quantity are read from the clause.

    from layers.extract import extract_features
    features = extract_features(parsed, gazetteer=get_gazetteer())
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from shapely.geometry import LineString, Point, shape

from geo.model import ParsedDocument, Toponym
from geo.text import sentence_spans
from layers._context import ContextIndex
from layers._dates import find_dates, parse_published, reference_year
from layers.lexicon import (
    ACTOR,
    ASSET,
    CONTEXT,
    DISPUTE,
    EVENT,
    STATUS,
    Lexicon,
    Match,
    load_lexicon,
    normalize_phrase,
    normalize_text,
)
from layers.model import Feature

__all__ = ["extract_features", "feature_id", "load_lexicon"]

_CORE = (ASSET, EVENT, DISPUTE)
_LAYER = {ASSET: "assets", EVENT: "incidents", DISPUTE: "disputes"}
_STATUS_ORDER = ("denied", "historical", "possible", "planned")
_WORD = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*|'s")
_TOKEN = re.compile(r"\S+")
_COUNTRY_CODES = ("PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR")


def feature_id(doc_id: str, start: int, layer: str, kind: str, subject: str) -> str:
    """Stable short id: sha1 of ``doc_id|start|layer|kind|subject`` (16 hex digits)."""
    key = f"{doc_id}|{start}|{layer}|{kind}|{subject}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


# ------------------------------------------------------------------------------------------
# Compiled rules derived from a lexicon (cached per lexicon object)
# ------------------------------------------------------------------------------------------


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
    locative_words: frozenset[str]
    source_heads: frozenset[str]
    modifier_re: re.Pattern[str] | None
    holder_suffixes: frozenset[str]
    partitive_words: frozenset[str]
    direction_words: frozenset[str]
    place_nouns: frozenset[str]


def _alt(words: list[str]) -> str:
    phrases = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)


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
        r"[;:()\[\]]|\s[\u2013\u2014-]\s|[\u2013\u2014]|,\s+(?:which|who|whom|whose|where)\b"
        r"|\band\s+(?=(?:is|was|were|are|has|had|have|will|would|could|can|then|later|also)\b)"
        + (rf"|\b(?:{_alt(breaks)})\b" if breaks else ""),
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
        rf"\b(?:{_alt(cfg.get('negators', ['no']))})\s+(?:[^\s,;:.]+\s+){{0,3}}$", re.IGNORECASE
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
        locative_words=frozenset(normalize_phrase(h) for h in heads),
        source_heads=frozenset(normalize_phrase(w) for w in cfg.get("source_heads", [])),
        modifier_re=(
            re.compile(rf"[-\u2010\u2011 ](?:{_alt(mods)})\b", re.IGNORECASE) if mods else None
        ),
        holder_suffixes=frozenset(normalize_phrase(w) for w in cfg.get("holder_suffixes", [])),
        partitive_words=frozenset(normalize_phrase(w) for w in cfg.get("partitive_words", [])),
        direction_words=frozenset(normalize_phrase(w) for w in cfg.get("direction_words", [])),
        place_nouns=frozenset(normalize_phrase(w) for w in cfg.get("place_nouns", [])),
    )


# ------------------------------------------------------------------------------------------
# Per-document context
# ------------------------------------------------------------------------------------------


@dataclass
class _Place:
    top: Toponym
    start: int
    end: int
    factor: float = 1.0  # < 1 for demonym + locative head ("Venezuelan territory")


@dataclass
class _Cand:
    place: _Place
    strength: float
    role: str  # at | destination | origin | weak
    distance: int
    after: bool


@dataclass
class _Sentence:
    start: int
    end: int
    clauses: list[int]  # clause start offsets (document offsets), first == start
    places: list[_Place]
    toponyms: list[Toponym]
    core: list[Match]
    cues: list[Match]
    actors: list[Match]
    dates: list[tuple[int, str, str]] | None  # computed on first use
    question: bool
    prev: tuple[int, int] | None = None  # span of the previous sentence
    cue_list: tuple[list[Match], list[int]] | None = None  # all status cues of the document
    _carry: bool | None = None  # historical context carried over from the previous sentence

    def clause(self, pos: int) -> int:
        return bisect_right(self.clauses, pos) - 1

    def clause_span(self, idx: int) -> tuple[int, int]:
        end = self.clauses[idx + 1] if idx + 1 < len(self.clauses) else self.end
        return self.clauses[idx], end


@dataclass
class _Doc:
    parsed: ParsedDocument
    text: str
    norm: str
    lex: Lexicon
    rules: _Rules
    gazetteer: Any
    published: Any
    ref_year: int | None
    features: dict[str, Feature] = field(default_factory=dict)


def _words(s: str) -> list[str]:
    return _WORD.findall(s)


def _select(
    matches: list[Match],
) -> tuple[list[Match], list[Match], list[Match], list[Match]]:
    """Leftmost-longest selection among core triggers; cues, actors and context words kept
    apart."""
    core: list[Match] = []
    cues: list[Match] = []
    actors: list[Match] = []
    context: list[Match] = []
    last_end = -1
    last_span = (-1, -1)
    seen: set[tuple[int, int, str]] = set()
    for m in matches:  # sorted by (start, -end)
        ch = m.term.channel
        if ch == STATUS:
            cues.append(m)
            continue
        if ch == ACTOR:
            if not actors or m.start >= actors[-1].end:
                actors.append(m)
            continue
        if ch == CONTEXT:
            context.append(m)
            continue
        if m.start >= last_end or (m.start, m.end) == last_span:
            key = (m.start, m.end, ch)
            if key in seen:
                continue
            seen.add(key)
            core.append(m)
            last_end = max(last_end, m.end)
            last_span = (m.start, m.end)
    if cues:
        spans = [(c.start, c.end) for c in cues if c.end - c.start > 8]
        core = [m for m in core if not any(a <= m.start and m.end <= b for a, b in spans)]
    return _merge_adjacent(core), cues, actors, context


def _merge_adjacent(core: list[Match]) -> list[Match]:
    """Join adjacent asset matches ("Ilyushin" + "military transport plane") into one."""
    out: list[Match] = []
    for m in core:
        if out:
            prev = out[-1]
            if (
                prev.term.channel == ASSET
                and m.term.channel == ASSET
                and m.start - prev.end <= 1
                and (m.term.kind == prev.term.kind or not prev.term.generic or not m.term.generic)
            ):
                keep = prev.term if (not prev.term.generic or m.term.generic) else m.term
                out[-1] = Match(prev.start, m.end, keep)
                continue
        out.append(m)
    return out


# ------------------------------------------------------------------------------------------
# Entry point
# ------------------------------------------------------------------------------------------


def extract_features(
    parsed: ParsedDocument, *, gazetteer: Any = None, lexicon: Lexicon | None = None
) -> list[Feature]:
    """Posture features stated in ``parsed``, sorted by (start, layer, kind, subject).

    ``gazetteer`` (optional, duck-typed: ``geometry(id)``, ``get(id)``, ``country(cc)``) gives
    dispute polygons and country names; ``lexicon`` defaults to :func:`load_lexicon`'s.
    Pure and deterministic.
    """
    lex = lexicon if lexicon is not None else load_lexicon()
    doc = parsed.document
    text = doc.text
    if not text or not parsed.toponyms:
        return []
    norm = normalize_text(text)
    core, cues, actors, context = _select(lex.scan(text, norm))
    rules = _rules(lex)
    core = [m for m in core if not _modifier_only(norm, m, rules)]
    if not core:
        return []
    cindex = ContextIndex(lex, text, core, actors, context)
    published = parse_published(doc.published)
    ctx = _Doc(
        parsed=parsed,
        text=text,
        norm=norm,
        lex=lex,
        rules=rules,
        gazetteer=gazetteer,
        published=published,
        ref_year=reference_year(text, published),
    )
    tops = sorted(parsed.toponyms, key=lambda t: t.start)
    top_starts = [t.start for t in tops]
    core_starts = [m.start for m in core]
    cue_starts = [m.start for m in cues]
    actor_starts = [m.start for m in actors]
    prev: tuple[int, int] | None = None
    for s0, s1 in sentence_spans(text):
        before, prev = prev, (s0, s1)
        i0, i1 = bisect_left(core_starts, s0), bisect_left(core_starts, s1)
        if i0 == i1:
            continue
        t0, t1 = bisect_left(top_starts, s0), bisect_left(top_starts, s1)
        if t0 == t1:
            continue
        sent_tops = [t for t in tops[t0:t1] if t.end <= s1]
        sent_core = [m for m in core[i0:i1] if m.end <= s1]
        clauses = _clauses(ctx, s0, s1)
        sent_core = _in_context(cindex, sent_core, sent_tops, s0, s1, clauses)
        if not sent_core:
            continue
        places = _places(ctx, sent_tops, sent_core)
        if not places:
            continue
        sent = _Sentence(
            start=s0,
            end=s1,
            clauses=clauses,
            places=places,
            toponyms=sent_tops,
            core=sent_core,
            cues=[m for m in cues[bisect_left(cue_starts, s0) : bisect_left(cue_starts, s1)]],
            actors=[
                m for m in actors[bisect_left(actor_starts, s0) : bisect_left(actor_starts, s1)]
            ],
            dates=None,
            question=text[s0:s1].rstrip("\"'\u201d\u2019 ").endswith("?"),
            prev=before,
            cue_list=(cues, cue_starts),
        )
        _process_sentence(ctx, sent)
    return sorted(
        _dedup(ctx.features.values()), key=lambda f: (f.start, f.layer, f.kind, f.subject)
    )


def _in_context(
    cindex: ContextIndex,
    core: list[Match],
    tops: list[Toponym],
    s0: int,
    s1: int,
    clauses: list[int],
) -> list[Match]:
    """The triggers of a sentence that may yield features: ambiguous ones ("carriers",
    "visited", "claims", "B1") only in military (territorial) context, see layers._context."""

    def span(pos: int) -> tuple[int, int]:
        i = bisect_right(clauses, pos) - 1
        return clauses[i], clauses[i + 1] if i + 1 < len(clauses) else s1

    disputed = any(t.feature_code == "DISP" and t.literal for t in tops)
    return [m for m in core if cindex.keep(m, s0, s1, core, span, disputed)]


def _dedup(features: Any) -> list[Feature]:
    """One feature per statement: same sentence, layer, kind, subject and place. A movement
    line stands for the point at its destination; otherwise the most confident one is kept."""
    best: dict[tuple[int, str, str, str, str, bool], Feature] = {}
    for f in features:
        line = f.geometry.geom_type == "LineString"
        key = (f.quote_start, f.layer, f.kind, f.subject, f.gazetteer_id or f.place, line)
        old = best.get(key)
        if old is None or (f.confidence, -f.start) > (old.confidence, -old.start):
            best[key] = f
    out = []
    for (q, layer, kind, subject, place, line), f in best.items():
        if not line and layer == "incidents" and (q, layer, kind, subject, place, True) in best:
            continue
        out.append(f)
    return out


_NEXT_WORD = re.compile(r"\s*([a-z]+(?: [a-z]+)?)")
# Words that may follow a place used as a noun ("in the Caribbean, ...", "the Arctic and ...").
_FUNCTION_WORDS = frozenset(
    "and or as is was were are has have had will would could can may might which that where "
    "while but since after before when amid for to in at of on by with from into near".split()
)


def _modifier_only(norm: str, m: Match, rules: _Rules) -> bool:
    """A force word that only modifies another noun: "missile crisis", "gunboat diplomacy"."""
    if m.term.channel != ASSET or not rules.non_asset_heads:
        return False
    nxt = _NEXT_WORD.match(norm, m.end)
    if not nxt or nxt.start(1) - m.end > 1:
        return False
    words = nxt.group(1).split()
    return words[0] in rules.non_asset_heads or " ".join(words) in rules.non_asset_heads


def _clauses(ctx: _Doc, s0: int, s1: int) -> list[int]:
    starts = [s0]
    cuts = [m.start() for m in ctx.rules.clause_re.finditer(ctx.text, s0, s1)]
    first = _WORD.match(ctx.norm, s0)
    if first and first.group() in ctx.rules.subordinators:
        comma = ctx.text.find(",", s0, s1)
        if comma > 0:
            cuts.append(comma)
    for c in sorted(cuts):
        if c > starts[-1]:
            starts.append(c)
    return starts


def _places(ctx: _Doc, tops: list[Toponym], core: list[Match]) -> list[_Place]:
    """Literal place mentions of a sentence (not inside a trigger), plus demonym + locative head."""
    spans = [(m.start, m.end) for m in core if m.term.channel == ASSET]
    out: list[_Place] = []
    for t in tops:
        if any(a <= t.start and t.end <= b for a, b in spans):
            continue
        if not _as_place(ctx, t):
            continue
        if t.adjective and t.literal and _noun_use(ctx, t):
            out.append(_Place(t, t.start, t.end))
            continue
        if t.adjective:
            rx = ctx.rules.locative_re
            if t.literal and rx is not None:
                m = rx.match(ctx.text, t.end)
                if m and m.end() - t.end <= 40:
                    out.append(_Place(t, t.start, t.end, factor=0.8))
            continue
        if not t.literal:
            continue
        out.append(_Place(t, t.start, t.end))
    return out


def _is_source(ctx: _Doc, start: int, end: int) -> bool:
    """A mention that names who reports: "according to X", "X sources", "X officials said"."""
    norm = ctx.norm
    if re.search(r"according to\s+(?:the\s+)?$", norm[max(0, start - 20) : start]):
        return True
    nxt = _NEXT_WORD.match(norm, end)
    if nxt and nxt.start(1) - end <= 1:
        words = nxt.group(1).split()
        heads = ctx.rules.source_heads
        if words[0] in heads or " ".join(words) in heads:
            return True
    # "Russia's defence ministry said", "Israel's military said": the speaker, not the place.
    return bool(
        re.match(
            r"'s\s+(?:[a-z]+\s+){0,2}(?:ministry|military|army|navy|air force|government|"
            r"president|leader|spokesman|officials?|command|forces)\s+(?:said|says|reported|"
            r"claimed|stated|announced|confirmed)\b",
            norm[end : end + 60],
        )
    )


def _as_place(ctx: _Doc, t: Toponym) -> bool:
    """False for mentions that cannot be the place of a statement whatever the geoparser says:
    a news source ("Pentagon sources") or a modifier ("pro-Moscow", "anti-Kyiv")."""
    if _is_source(ctx, t.start, t.end) or _compound(ctx, t.end):
        return False
    before = ctx.norm[max(0, t.start - 6) : t.start]
    return not re.search(r"\b(?:pro|anti|non|ex)\s?$", before)


def _compound(ctx: _Doc, end: int) -> str:
    """The modifier suffix right after a mention ("U.S.-made", "Pakistan-administered",
    "Iran-backed"): such a mention is neither the place nor the actor of a statement."""
    rx = ctx.rules.modifier_re
    if rx is None or end >= len(ctx.text) or ctx.text[end] not in "-\u2010\u2011":
        return ""
    m = rx.match(ctx.text, end)
    return normalize_phrase(m.group()[1:]) if m else ""


def _noun_use(ctx: _Doc, t: Toponym) -> bool:
    """An adjective-tagged mention that is the place's own name used as a noun: "in the
    Caribbean.", "across the Arctic and ..." (not "Caribbean nations", not "Russian")."""
    if normalize_phrase(t.mention).removeprefix("the ") != normalize_phrase(t.name):
        return False
    before = _words(ctx.norm[max(0, t.start - 28) : t.start])
    if before and before[-1] in ctx.rules.direction_words:
        before = before[:-1]  # "in the southern Caribbean"
    if not before or (before[-1] != "the" and before[-1] not in ctx.rules.attach1):
        return False
    nxt = _NEXT_WORD.match(ctx.norm, t.end)
    if nxt is None or nxt.start(1) - t.end > 1:
        return True  # punctuation or end of text
    return nxt.group(1).split()[0] in _FUNCTION_WORDS


# ------------------------------------------------------------------------------------------
# Attachment
# ------------------------------------------------------------------------------------------


def _prep_before(ctx: _Doc, words: list[str]) -> tuple[str, int] | None:
    """The last preposition in ``words`` and the number of words after it."""
    r = ctx.rules
    for i in range(len(words) - 1, -1, -1):
        if i > 0 and f"{words[i - 1]} {words[i]}" in r.attach2:
            return f"{words[i - 1]} {words[i]}", len(words) - 1 - i
        if words[i] in r.attach1:
            return words[i], len(words) - 1 - i
    return None


def _role(ctx: _Doc, prep: str) -> str:
    r = ctx.rules
    if prep in r.origin:
        return "origin"
    if prep in r.destination:
        return "destination"
    if prep in r.weak:
        return "weak"
    return "at"


def _candidates(ctx: _Doc, sent: _Sentence, m: Match) -> list[_Cand]:
    norm = ctx.norm
    clause = sent.clause(m.start)
    out: list[_Cand] = []
    for p in sent.places:
        if p.start < m.end and p.end > m.start:
            continue
        same = sent.clause(p.start) == clause
        # A country named bare (no locative preposition) is a party, not a location.
        country = p.top.feature_code in _COUNTRY_CODES and p.factor == 1.0
        if p.start >= m.end:
            gap = norm[m.end : p.start]
            words = _words(gap)
            found = _prep_before(ctx, words)
            if found:
                prep, n_after = found
                if prep == "by" and country:
                    continue  # "attacked by Russia": the agent
                n_before = len(words) - n_after - len(prep.split())
                role = _role(ctx, prep)
                s = (
                    1.0
                    if n_before <= 3
                    else 0.85
                    if n_before <= 8
                    else 0.65
                    if n_before <= 15
                    else 0.3
                    if not _event_between(ctx, sent, m.end, p.start)
                    else 0.2
                )
                if n_after > 3:
                    s *= 0.7
                    if re.search(r"[,;:]", _after_prep(gap, prep)):
                        s *= 0.3  # the preposition governs something else
                if role == "weak" and prep == "of" and n_before == 0 and m.term.channel == EVENT:
                    role = "at"  # "the capture of Kidal", "took control of Kidal": the object
                if role == "weak":
                    s *= 0.6
                if n_before > 5 and re.search(r"[,;:]", gap):
                    s *= 0.35  # the place belongs to a later phrase
            else:
                if re.search(r"[,;:]", gap):
                    continue  # "..., as both the U.S. and ...": a bare subject, elsewhere
                role = "at"
                n = len(words)
                s = 0.85 if n <= 2 else 0.6 if n <= 6 else 0.45 if n <= 15 else 0.3
        else:
            gap = norm[p.end : m.start]
            if re.match(r"\s*,\s*whose\b", gap):
                continue  # "Cuba, whose special forces ...": the owner
            words = _words(gap)
            n = len(words)
            before = _words(norm[max(sent.start, p.start - 30) : p.start])
            prev = _prep_before(ctx, before[-3:]) if before else None
            role = "at"
            if gap.startswith("'s") or gap.startswith("s'"):
                if n <= 1:
                    if country and m.term.channel == EVENT and not _locative_start(ctx, m):
                        continue  # "Russia's reinforcement": the agent, not the place
                    if country and m.term.channel == ASSET and m.term.kind not in _SITE_KINDS:
                        continue  # "Russia's Wagner Group", "China's carrier": the owner
                    s = 0.85
                elif m.term.channel == ASSET and n <= 4 and not re.search(r"[,;:.()]", gap):
                    continue  # "Russia's S-400s": the owner, not the place
                else:
                    s = 0.55
            elif prev and prev[1] <= 2:
                if prev[0] == "by" and country:
                    continue
                role = _role(ctx, prev[0])
                s = 0.75 if n <= 6 else 0.6 if n <= 12 else 0.4
                if role == "weak":
                    s *= 0.6
            elif country and (n > 3 or _words(gap[:12])[:1] in _SUBJECT_NEXT):
                continue  # "Maduro asks Russia for aid", "the U.S. has granted ...": a party
            else:
                s = 0.6 if n <= 3 else 0.45 if n <= 8 else 0.3
            if n > 3 and re.search(r"[,;:]", gap) and _named_between(sent, p.end, m.start):
                s *= 0.5  # "shelled Kharkiv overnight, and Moscow warned ... attacks"
        if not same:
            s *= 0.5
            if s < 0.4:
                continue  # another clause: only a clearly attached place
        out.append(
            _Cand(
                p,
                s,
                role,
                abs(p.start - m.end if p.start >= m.end else m.start - p.end),
                p.start >= m.end,
            )
        )
    return out


_SITE_KINDS = frozenset({"base", "infrastructure"})
_SUBJECT_NEXT = [
    [w]
    for w in "has have had is are was were will would could can may might must should shall "
    "did does do says said announced plans intends wants".split()
]


def _named_between(sent: _Sentence, a: int, b: int) -> bool:
    """A place, demonym or actor word between ``a`` and ``b``: another party's phrase."""
    return any(a <= t.start and t.end <= b for t in sent.toponyms) or any(
        a <= x.start and x.end <= b for x in sent.actors
    )


def _event_between(ctx: _Doc, sent: _Sentence, a: int, b: int) -> bool:
    """An incident trigger (not a movement) between ``a`` and ``b``: the place is its own."""
    return any(
        a <= c.start and c.end <= b and c.term.kind not in ctx.lex.movement_kinds
        for c in sent.core
        if c.term.channel == EVENT
    )


def _after_prep(gap: str, prep: str) -> str:
    """The part of ``gap`` after the last occurrence of ``prep``."""
    i = gap.rfind(f" {prep} ")
    return gap[i + len(prep) + 2 :] if i >= 0 else ""


def _locative_start(ctx: _Doc, m: Match) -> bool:
    """A trigger that starts with a locative head: "(Venezuela's) airspace was closed"."""
    first = _words(ctx.norm[m.start : m.end])
    return bool(first) and first[0] in ctx.rules.locative_words


def _best(cands: list[_Cand], *, movement: bool, dispute: bool) -> _Cand | None:
    def score(c: _Cand) -> tuple[float, int]:
        s = c.strength
        if c.role == "origin":
            s *= 0.5 if movement else 0.7
        if dispute and c.place.top.feature_code == "DISP":
            s *= 1.4
        return (s, -c.distance)

    pool = [c for c in cands if c.strength >= 0.25]
    if not pool:
        return None
    best = max(pool, key=score)
    top = best.place.top
    if top.feature_code in _COUNTRY_CODES:
        # "in Russia's Krasnodar region": the finer place the country introduces
        for c in cands:
            t = c.place.top
            if (
                t.country_code == top.country_code
                and t.feature_code not in _COUNTRY_CODES
                and 0 <= c.place.start - best.place.end <= 4
            ):
                return c
    return best


def _coordinated(ctx: _Doc, sent: _Sentence, best: _Cand) -> list[_Place]:
    """The chosen place plus places listed with it ("to Syria, Libya and Mali")."""
    out = [best.place]
    places = sent.places
    idx = places.index(best.place)
    holder = _alt(sorted(ctx.rules.holder_suffixes))
    joint = re.compile(
        r"\s*(?:,\s*(?:and|or)?|and|or|as well as|&)\s*(?:the\s+)?"
        + (rf"(?:[\w.]+\s+(?:{holder})\s+)?" if holder else "")
    )
    if not best.after:
        # "Zaporizhzhia and Kharkiv were shelled": places listed before the chosen one
        if best.place.top.feature_code in _COUNTRY_CODES:
            return out
        for prv in reversed(places[:idx]):
            if prv.top.feature_code in _COUNTRY_CODES or not joint.fullmatch(
                ctx.norm[prv.end : out[0].start]
            ):
                break
            out.insert(0, prv)
        return out
    for nxt in places[idx + 1 :]:
        if joint.fullmatch(ctx.norm[out[-1].end : nxt.start]):
            out.append(nxt)
        else:
            break
    return out


# ------------------------------------------------------------------------------------------
# Actor, status, quantity, date
# ------------------------------------------------------------------------------------------


def _country_name(ctx: _Doc, t: Toponym) -> str:
    if t.feature_code in _COUNTRY_CODES or not t.country_code:
        return t.name
    gz = ctx.gazetteer
    if gz is not None:
        try:
            place = gz.country(t.country_code)
        except Exception:  # noqa: BLE001 - a duck-typed gazetteer may raise anything
            place = None
        if place is not None:
            return place.name
    return t.name


def _actor_candidates(ctx: _Doc, sent: _Sentence) -> list[tuple[int, int, str, int]]:
    """(start, end, actor, rank) for every actor-bearing mention; lower rank = stronger."""
    out: list[tuple[int, int, str, int]] = []
    tspans = [(t.start, t.end) for t in sent.toponyms]
    norm = ctx.norm
    for a in sent.actors:
        if a.term.weak and any(t0 < a.end and a.start < t1 for t0, t1 in tspans):
            continue  # the geoparser tagged this spot already
        if re.search(r"according to\s+(?:\S+\s+){0,2}$", norm[max(0, a.start - 30) : a.start]):
            continue  # a source, not an actor
        if re.match(
            r"\s*(?:\S+\s+)?(?:sources?|intelligence reports?)\b", norm[a.end : a.end + 30]
        ):
            continue
        out.append((a.start, a.end, a.term.kind, 0 if not a.term.weak else 1))
    for t in sent.toponyms:
        if not t.country_code and t.feature_code not in _COUNTRY_CODES and t.feature_code != "SEAT":
            continue  # "Caribbean", "African": a region is not a side
        if _is_source(ctx, t.start, t.end):
            continue  # "according to Ukrainian intelligence", "Pentagon sources"
        if _compound(ctx, t.end):
            continue  # "U.S.-made", "Iran-backed": the maker or sponsor, not the actor
        if t.adjective and _place_modifier(ctx, t.end):
            continue  # "the Ukrainian city of Dnipro": names the place, not a side
        if t.adjective:
            out.append((t.start, t.end, _country_name(ctx, t), 1))
        elif not t.literal:
            out.append((t.start, t.end, _country_name(ctx, t), 1))
        elif t.feature_code in _COUNTRY_CODES:
            after = ctx.norm[t.end : t.end + 2]
            out.append((t.start, t.end, _country_name(ctx, t), 1 if after == "'s" else 2))
    out.sort()
    return out


def _place_modifier(ctx: _Doc, end: int) -> bool:
    nxt = _NEXT_WORD.match(ctx.norm, end)
    if not nxt or nxt.start(1) - end > 1:
        return False
    return nxt.group(1).split()[0] in ctx.rules.place_nouns


def _modifies_other(sent: _Sentence, a1: int, m: Match) -> bool:
    """An actor word that is the modifier of another trigger ("a Russian submarine")."""
    return any(
        c is not m and c.term.channel == ASSET and 0 <= c.start - a1 <= 2 and c.start < m.start
        for c in sent.core
    )


def _is_target(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """A force named right after an attack-like trigger is its target ("attacked merchant
    ships", "shot down 14 drones"): the clause subject is not its actor."""
    if m.term.channel != ASSET:
        return False
    clause = sent.clause(m.start)
    for c in sent.core:
        if c.end > m.start or c.term.channel != EVENT or c.term.weak:
            continue
        if c.term.kind not in ctx.rules.target_kinds and c.term.kind != "strike":
            continue
        gap = _words(ctx.norm[c.end : m.start])
        if sent.clause(c.start) == clause and len(gap) <= 4 and not {"with", "using"} & set(gap):
            return True
    return False


def _actor(
    ctx: _Doc,
    sent: _Sentence,
    m: Match,
    actors: list[tuple[int, int, str, int]],
    place: _Place | None = None,
) -> str:
    term = m.term
    if place is not None:
        actors = [a for a in actors if not (a[0] == place.start and a[1] == place.end)]
    if term.channel == ASSET and not term.generic and term.name in ctx.lex.ship_prefixes:
        return term.operators[0] if term.operators else ""
    clause = sent.clause(m.start)
    norm = ctx.norm
    # 1. inside the noun phrase: "Russian transport plane", "Houthi drones", "Russia's S-400".
    for a0, a1, name, rank in reversed(actors):
        if a0 >= m.end or rank == 2:
            continue
        if a0 < m.start < a1 or (a1 <= m.start and m.start - a1 <= 40):
            gap = ctx.text[a1 : m.start] if a1 <= m.start else ""
            if (
                not re.search(r"[,;:.()!?]\s|\s-\s|[\u2013\u2014]", gap + " ")
                and len(_words(gap)) <= 5
                and not any(
                    c.term.channel == EVENT and a1 <= c.start and c.end <= m.start
                    for c in sent.core
                )  # "the Houthis have attacked ... ships": the subject of a verb, not a modifier
            ):
                if a1 <= m.start and sent.clause(a0) != clause:
                    continue
                return name
            break
    if _is_target(ctx, sent, m):
        return term.operators[0] if term.channel == ASSET and len(term.operators) == 1 else ""
    # 2. agent after the trigger: "attacked by Houthi rebels", "shot down by Russia".
    tail = norm[m.end : min(sent.end, m.end + 60)]
    by = re.match(r"\W*(?:\S+\s+){0,3}?by\s+", tail)
    if by:
        pos = m.end + by.end()
        for a0, _a1, name, _rank in actors:
            if pos <= a0 <= pos + 25:
                return name
    # 3a. "its/their forces": the sentence subject, the first party named in the sentence.
    lead = _words(norm[max(sent.start, m.start - 25) : m.start])[-3:]
    if "its" in lead or "their" in lead:
        for a0, a1, name, rank in actors:
            if a1 <= m.start and (rank < 2 or not _governed(ctx, sent, a0)):
                return name
    # 3. the clause subject: nearest actor-bearing mention before the trigger in the clause.
    c0, _ = sent.clause_span(clause)
    best = None
    for a0, a1, name, _rank in actors:
        if a1 <= m.start and a0 >= c0:
            if _governed(ctx, sent, a0, 1 if _rank == 2 else 2):
                continue  # "against Venezuelan networks", "in Ukraine": not the subject
            if _modifies_other(sent, a1, m):
                continue  # "struck a Russian submarine ... with missiles"
            best = name
    if best:
        return best
    # 4. earlier in the sentence (demonyms, metonyms and actor words only).
    for _a0, a1, name, rank in reversed(actors):
        if a1 <= m.start and rank < 2 and not _modifies_other(sent, a1, m):
            return name
    # 5. the sole operator of a named system.
    if term.channel == ASSET and len(term.operators) == 1:
        return term.operators[0]
    return ""


def _governed(ctx: _Doc, sent: _Sentence, pos: int, span: int = 2) -> bool:
    """Whether a preposition stands within ``span`` words before ``pos``."""
    before = _words(ctx.norm[max(sent.start, pos - 25) : pos])[-span:]
    r = ctx.rules
    return any(w in r.attach1 for w in before) or (
        len(before) == 2 and f"{before[0]} {before[1]}" in r.attach2
    )


_PRESENT = re.compile(
    r"\b(?:now|currently|today|tonight|this (?:week|month|year)|recent(?:ly)?|is|are|has|have|will"
    r"|would|may|might|could|can|plans?|intends?|says?)\b"
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _carried_history(ctx: _Doc, sent: _Sentence) -> bool:
    """A sentence with no date and no present or future marker right after a historical one
    ("... led to the 1962 Cuban missile crisis. The standoff was resolved when ...")."""
    if sent._carry is not None:
        return sent._carry
    carry = False
    if sent.prev is not None:
        p0, p1 = sent.prev  # type: ignore[misc]
        hist = False
        if sent.cue_list is not None:
            cues, starts = sent.cue_list
            hist = any(
                c.term.kind == "historical"
                for c in cues[bisect_left(starts, p0) : bisect_left(starts, p1)]
            )
        if not hist and ctx.ref_year is not None:
            hist = any(
                int(y) <= ctx.ref_year - ctx.rules.historical_years
                for y in _YEAR.findall(ctx.text, p0, p1)
            )
        if hist:
            if sent.dates is None:
                sent.dates = find_dates(ctx.text[sent.start : sent.end], sent.start, ctx.published)
            carry = not sent.dates and not _PRESENT.search(ctx.norm, sent.start, sent.end)
    sent._carry = carry
    return carry


def _status(ctx: _Doc, sent: _Sentence, m: Match, date: tuple[int, str, str] | None) -> str:
    r = ctx.rules
    text = ctx.text
    clause = sent.clause(m.start)
    c0, _ = sent.clause_span(clause)
    left = text[c0 : m.start]
    starts = [w.start() for w in _TOKEN.finditer(left)]
    w0 = c0 + (starts[-r.window_words] if len(starts) > r.window_words else 0)
    found: set[str] = set()
    for cue in sent.cues:
        if cue.term.kind == "historical":
            found.add("historical")
            continue
        if not (w0 <= cue.start and cue.end <= m.start):
            continue
        if cue.term.name.lower() == "may" and text[cue.start] == "M" and cue.start != sent.start:
            continue  # the month
        found.add(cue.term.kind)
    if r.negator_re.search(left[-60:]) or r.post_negator_re.match(
        text[m.end : min(sent.end, m.end + 30)]
    ):
        found.add("denied")
    if date is not None and ctx.ref_year is not None:
        year_s = date[1][:4]
        if year_s.isdigit():
            year = int(year_s) + (9 if date[2] == "decade" else 0)
            if year <= ctx.ref_year - r.historical_years:
                found.add("historical")
    if sent.question:
        found.add("possible")
    if "historical" not in found and _carried_history(ctx, sent):
        found.add("historical")
    for status in _STATUS_ORDER:
        if status in found:
            return status
    return "reported"


def _quantity(ctx: _Doc, sent: _Sentence, m: Match) -> str:
    c0, _ = sent.clause_span(sent.clause(m.start))
    w0 = max(c0, m.start - 80)
    left = ctx.text[w0 : m.start]
    found = list(ctx.rules.quantity_re.finditer(left))
    if not found:
        return ""
    q = found[-1]
    if q is None:
        return ""
    fill = left[q.end() :]
    if re.search(r"[,;:!?()]\s|(?<![A-Z])\.\s|[\u2013\u2014]", fill + " ") or re.search(
        r"\d", fill
    ):
        return ""
    words = _words(ctx.norm[m.start - len(fill) : m.start])
    if len(words) > 4 or any(w in ctx.rules.quantity_stop for w in words):
        return ""
    qty = q.group("q").strip()
    if re.fullmatch(r"(?:19|20)\d\d", qty):
        return ""
    head = ctx.text[m.start : m.end].split()[-1] if m.end > m.start else ""
    return f"{qty} {head}".strip()


def _date_for(ctx: _Doc, sent: _Sentence, m: Match) -> tuple[int, str, str] | None:
    if sent.dates is None:
        sent.dates = find_dates(ctx.text[sent.start : sent.end], sent.start, ctx.published)
    if not sent.dates:
        return None
    clause = sent.clause(m.start)
    pool = [d for d in sent.dates if sent.clause(d[0]) == clause]
    if not pool:
        # A date in another clause that states its own event belongs to that event ("..., which
        # seized power in a coup last week, ... has 1,500 troops in Niger").
        busy = {sent.clause(c.start) for c in sent.core if c.term.channel != ASSET}
        pool = [d for d in sent.dates if sent.clause(d[0]) not in busy]
    if not pool:
        return None
    return min(pool, key=lambda d: (abs(d[0] - m.start), d[0]))


# ------------------------------------------------------------------------------------------
# Sentence processing
# ------------------------------------------------------------------------------------------


@dataclass
class _Stmt:
    m: Match
    layer: str
    kind: str
    subject: str
    places: list[_Place]
    cand: _Cand
    actor: str
    quantity: str
    status: str
    date: str
    clause: int
    line: tuple[_Place, _Place] | None = None
    line_only: bool = False
    subj: Match | None = None


def _process_sentence(ctx: _Doc, sent: _Sentence) -> None:
    actors = _actor_candidates(ctx, sent)
    assets = [m for m in sent.core if m.term.channel == ASSET]
    stmts: list[_Stmt] = []
    for m in sent.core:
        ch = m.term.channel
        clause = sent.clause(m.start)
        if (
            ch == EVENT
            and m.term.weak
            and not any(
                sent.clause(a.start) == clause
                and (
                    a.end <= m.start + 1
                    and m.start - a.end <= 60
                    or a.start >= m.end - 1
                    and a.start - m.end <= 40
                )
                for a in assets
            )
        ):
            continue  # a vague word ("moving", "operations") counts only next to a force word
        movement = ch == EVENT and m.term.kind in ctx.lex.movement_kinds
        cands = _candidates(ctx, sent, m)
        best = _best(cands, movement=movement, dispute=ch == DISPUTE)
        line = None
        line_only = False
        if ch == ASSET and m.term.kind == "infrastructure":
            line = _connector_line(ctx, sent, m)
            line_only = line is not None
        if best is None and line is None:
            continue
        if ch == DISPUTE and m.term.weak:
            if best is None or not (
                best.after
                and (
                    best.strength >= 0.85
                    and best.role != "weak"
                    or best.strength >= 0.5
                    and _partitive(ctx, m.end, best.place.start)
                )
            ):
                if not (best is not None and best.place.top.feature_code == "DISP"):
                    continue
        if movement and best is not None and line is None:
            line = _movement_line(ctx, sent, m, best, cands)
        places = _coordinated(ctx, sent, best) if best is not None else []
        date = _date_for(ctx, sent, m)
        kind = m.term.kind
        if ch == DISPUTE:
            kind = _dispute_kind(ctx, sent, m, best)
        subject = ctx.text[m.start : m.end]
        chosen = best.place if best is not None else None
        actor = _actor(ctx, sent, m, actors, chosen)
        subj = None
        if ch == EVENT:
            subj = _event_subject(ctx, sent, m, assets, ctx.rules.target_kinds)
            if subj is not None:
                subject = ctx.text[subj.start : subj.end]
                if not actor:
                    actor = _actor(ctx, sent, subj, actors, chosen)
        stmts.append(
            _Stmt(
                m=m,
                layer=_LAYER[ch],
                kind=kind,
                subject=subject,
                places=places,
                cand=best if best is not None else _Cand(line[1], 0.6, "at", 0, True),  # type: ignore[index]
                actor=actor,
                quantity=_quantity(ctx, sent, m) if ch == ASSET else "",
                status=_status(ctx, sent, m, date),
                date=date[1] if date is not None and date[2] != "decade" else "",
                clause=clause,
                line=line,
                line_only=line_only,
                subj=subj,
            )
        )
    for ev in stmts:
        # "Wagner mercenaries may soon deploy to Niger": the force shares its verb's status.
        if ev.subj is None or ev.status in ("reported", "historical") or ev.subj.end > ev.m.start:
            continue
        for st in stmts:
            if st.layer == "assets" and st.m.start == ev.subj.start and st.status == "reported":
                st.status = ev.status
    for st in _prune(stmts):
        _emit(ctx, sent, st)


def _event_subject(
    ctx: _Doc, sent: _Sentence, m: Match, assets: list[Match], targets: frozenset[str]
) -> Match | None:
    clause = sent.clause(m.start)
    best = None
    best_d = 10**9
    own = any(  # "an Israeli strike": the trigger has its own actor, not the earlier force's
        (t.adjective or t.feature_code in _COUNTRY_CODES) and 0 <= m.start - t.end <= 1
        for t in sent.toponyms
    ) or any(0 <= m.start - x.end <= 1 for x in sent.actors)
    for a in assets:
        if sent.clause(a.start) != clause:
            continue
        if a.start >= m.end and m.term.kind in targets:
            continue
        if own and a.end <= m.start and _named_between(sent, a.end, m.start - 2):
            continue
        d = m.start - a.end if a.end <= m.start else (a.start - m.end) * 2 + 5
        if d < best_d and d <= (70 if a.end <= m.start else 100):
            best, best_d = a, d
    return best


def _prune(stmts: list[_Stmt]) -> list[_Stmt]:
    """Drop redundant statements: weak incidents next to strong ones, generic assets next to
    named ones of the same kind at the same place, repeated incidents of one kind."""

    def pid(st: _Stmt) -> str:
        return st.places[0].top.gazetteer_id if st.places else ""

    strong_events = {
        (s.clause, pid(s)) for s in stmts if s.layer == "incidents" and not s.m.term.weak
    }
    weak_seen: set[tuple[int, str]] = set()
    named = {}
    for s in stmts:
        if s.layer == "assets" and not s.m.term.generic:
            named.setdefault((s.clause, s.kind, pid(s)), s)
    out: list[_Stmt] = []
    seen_events: set[tuple[int, str, str]] = set()
    for s in sorted(stmts, key=lambda s: (s.m.term.weak, s.m.start)):
        if s.layer == "incidents":
            if s.m.term.weak:
                if (s.clause, pid(s)) in strong_events or (s.clause, pid(s)) in weak_seen:
                    continue
                weak_seen.add((s.clause, pid(s)))
            key = (s.clause, s.kind, pid(s))
            if key in seen_events and s.line is None:
                continue
            seen_events.add(key)
        elif s.layer == "disputes":
            key = (s.clause, "dispute", pid(s))
            if key in seen_events:
                continue
            seen_events.add(key)
        elif s.layer == "assets" and s.m.term.generic:
            other = named.get((s.clause, s.kind, pid(s)))
            if other is not None:
                if s.quantity and not other.quantity:
                    other.quantity = s.quantity
                continue
        out.append(s)
    return out


def _partitive(ctx: _Doc, a: int, b: int) -> bool:
    """ "claims almost all of X", "claims parts of X": a share of the place itself."""
    words = _words(ctx.norm[a:b])
    if len(words) < 2 or "of" not in words[-2:]:
        return False
    head = words[: words.index("of")]
    return bool(head) and all(w in ctx.rules.partitive_words for w in head)


def _dispute_kind(ctx: _Doc, sent: _Sentence, m: Match, best: _Cand | None) -> str:
    r = ctx.rules
    kind = m.term.kind
    if kind != r.generic_dispute_kind:
        return kind
    c0, c1 = sent.clause_span(sent.clause(m.start))
    clause_norm = ctx.norm[c0:c1]
    if r.airspace_kind and any(
        re.search(rf"\b{re.escape(w)}\b", clause_norm) for w in r.airspace_words
    ):
        return r.airspace_kind
    if r.water_kind:
        if best is not None and best.place.top.feature_code in r.water_codes:
            return r.water_kind
        near = _words(ctx.norm[max(c0, m.start - 40) : min(c1, m.end + 40)])
        if any(w in r.water_words for w in near):
            return r.water_kind
    return kind


def _movement_line(
    ctx: _Doc, sent: _Sentence, m: Match, best: _Cand, cands: list[_Cand]
) -> tuple[_Place, _Place] | None:
    clause = sent.clause(m.start)
    dest = best
    if dest.role == "origin":
        return None
    origin = None
    for c in cands:
        if (
            c.role == "origin"
            and sent.clause(c.place.start) == clause
            and c.place is not dest.place
        ):
            if origin is None or c.distance < origin.distance:
                origin = c
    if origin is None and dest.role == "destination":
        # "X ... sent ... to Y": a bare place before the trigger in the same clause.
        for c in cands:
            if not c.after and c.role == "at" and sent.clause(c.place.start) == clause:
                before = _words(ctx.norm[max(sent.start, c.place.start - 20) : c.place.start])
                if not before or before[-1] not in ctx.rules.attach1:
                    origin = c
    if origin is None or origin.place.top.gazetteer_id == dest.place.top.gazetteer_id:
        return None
    return (origin.place, dest.place)


def _connector_line(ctx: _Doc, sent: _Sentence, m: Match) -> tuple[_Place, _Place] | None:
    """Cables and pipelines "connecting X with Y" / "between X and Y"."""
    clause = sent.clause(m.start)
    after = [p for p in sent.places if p.start >= m.end and sent.clause(p.start) == clause]
    for i in range(len(after) - 1):
        p1, p2 = after[i], after[i + 1]
        lead = _words(ctx.norm[m.end : p1.start])
        mid = _words(ctx.norm[p1.end : p2.start])
        if len(lead) > 6 or not mid or len(mid) > 2:
            continue
        for a, b in ctx.rules.connectors:
            if a in lead and mid[0] == b:
                return (p1, p2)
    return None


# ------------------------------------------------------------------------------------------
# Feature construction
# ------------------------------------------------------------------------------------------


def _geometry(ctx: _Doc, layer: str, place: _Place) -> Any:
    t = place.top
    if layer == "disputes" and ctx.gazetteer is not None and t.gazetteer_id:
        code = t.feature_code
        if code != "DISP":
            try:
                p = ctx.gazetteer.get(t.gazetteer_id)
            except Exception:  # noqa: BLE001
                p = None
            code = getattr(p, "feature_code", code) if p is not None else code
        if code == "DISP":
            try:
                geom = ctx.gazetteer.geometry(t.gazetteer_id)
            except Exception:  # noqa: BLE001
                geom = None
            if geom:
                try:
                    return shape(geom)
                except (ValueError, TypeError, AttributeError, KeyError):
                    pass
    return Point(t.lon, t.lat)


def _emit(ctx: _Doc, sent: _Sentence, st: _Stmt) -> None:
    doc = ctx.parsed.document
    quote = ctx.text[sent.start : sent.end]
    rng = st.m.term.range_km if st.layer == "assets" else 0.0
    extra = {
        "trigger": ctx.text[st.m.start : st.m.end],
        "trigger_start": st.m.start,
        "trigger_end": st.m.end,
        "attachment": st.cand.role,
    }
    if st.m.term.operators and st.m.term.name not in ctx.lex.ship_prefixes:
        extra["system"] = st.m.term.name

    def add(
        place: _Place, geometry: Any, start: int, end: int, name: str, conf: float, more: dict
    ) -> None:
        fid = feature_id(doc.doc_id, start, st.layer, st.kind, st.subject)
        f = Feature(
            layer=st.layer,
            kind=st.kind,
            subject=st.subject,
            geometry=geometry,
            place=name,
            gazetteer_id=place.top.gazetteer_id,
            mention=ctx.text[start:end],
            doc_id=doc.doc_id,
            quote=quote,
            quote_start=sent.start,
            start=start,
            end=end,
            actor=st.actor,
            quantity=st.quantity,
            date=st.date,
            status=st.status,
            doc_title=doc.title,
            doc_url=doc.url,
            published=doc.published,
            confidence=round(max(0.0, min(1.0, conf)), 3),
            range_km=float(rng),
            feature_id=fid,
            extra={**extra, **more},
        )
        old = ctx.features.get(fid)
        if old is None or old.confidence < f.confidence:
            ctx.features[fid] = f

    if not st.line_only:
        for place in st.places:
            conf = place.top.confidence * st.cand.strength * place.factor
            add(
                place,
                _geometry(ctx, st.layer, place),
                place.start,
                place.end,
                place.top.name,
                conf,
                {},
            )
    if st.line is not None:
        a, b = st.line
        geom = LineString([(a.top.lon, a.top.lat), (b.top.lon, b.top.lat)])
        start = min(a.start, b.start, st.m.start)
        end = max(a.end, b.end, st.m.end)
        conf = min(a.top.confidence, b.top.confidence) * 0.8
        more = {
            "origin": a.top.name,
            "origin_id": a.top.gazetteer_id,
            "destination": b.top.name,
            "destination_id": b.top.gazetteer_id,
            "geometry_role": "line",
        }
        add(b, geom, start, end, b.top.name, conf, more)
