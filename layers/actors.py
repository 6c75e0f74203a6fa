"""The actor of a statement: demonyms, actor words, the clause subject, "by X", operators."""

from __future__ import annotations

import re

from geo.model import Toponym
from layers._sentence import _COUNTRY_CODES, _NEXT_WORD, _Doc, _Place, _Sentence, _words
from layers.lexicon import ASSET, EVENT, Match
from layers.roles import _compound, _is_source, _named_between


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
