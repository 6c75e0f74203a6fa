"""Trigger selection, clauses, and one statement per trigger of a sentence (then pruned)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Any

from geo.model import Toponym
from layers._context import EVENT_SUBJECT, ContextIndex, names_territory, occurred, ship_struck
from layers._dates import event_date
from layers._rules import _Rules
from layers._sentence import (
    _COUNTRY_CODES,
    _NEXT_WORD,
    _WORD,
    _Cand,
    _Doc,
    _Place,
    _Sentence,
    _Stmt,
    _words,
    list_end,
    list_start,
    participle_of_noun,
)
from layers.actors import (
    SPEAKER,
    _actor,
    _actor_candidates,
    _event_subject,
    fought_between,
    object_of_event,
)
from layers.carry import definite, in_passing, may_carry, new_name
from layers.emit import _emit
from layers.lexicon import (
    ACTOR,
    ASSET,
    CONTEXT,
    CROSSING_TERM,
    DISPUTE,
    EVENT,
    STATUS,
    VIOLATION_TERM,
    Lexicon,
    Match,
    normalize_phrase,
)
from layers.model import Feature
from layers.roles import (
    CAPABLE_BEFORE,
    OPEN_WATER,
    POSSESSIVE_BEFORE,
    _best,
    _between_area,
    _between_line,
    _candidates,
    _connector_line,
    _coordinated,
    _disputed_object,
    _finer_in_country,
    _including,
    _movement_line,
    _partitive,
    _prep_before,
    _relative_clause,
    _voyages,
)
from layers.status import (
    _date_for,
    _quantity,
    _status,
    acts_only_ahead,
    attributive,
    in_adjunct,
    negated_reach,
    rehearsed,
)

_LAYER = {ASSET: "assets", EVENT: "incidents", DISPUTE: "disputes"}


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
        if (
            (m.term is VIOLATION_TERM or m.term is CROSSING_TERM)
            and core
            and core[-1].term.channel == DISPUTE
        ):
            core.append(m)  # "intruded into its airspace": the zone's dispute and the event
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


def _in_context(
    cindex: ContextIndex,
    core: list[Match],
    tops: list[Toponym],
    s0: int,
    s1: int,
    clauses: list[int],
    *,
    at_flashpoint: bool = False,
    rules: _Rules | None = None,
    norm: str = "",
) -> list[Match]:
    """The triggers of a sentence that may yield features: ambiguous ones ("carriers",
    "visited", "claims", "B1") only in military (territorial) context, see layers._context.
    ``at_flashpoint``: the discourse's current place is a curated disputed area."""

    def span(pos: int) -> tuple[int, int]:
        i = bisect_right(clauses, pos) - 1
        return clauses[i], clauses[i + 1] if i + 1 < len(clauses) else s1

    disputed = at_flashpoint or any(t.feature_code == "DISP" and t.literal for t in tops)
    if rules is not None and norm:
        core = [m for m in core if not _takes_nothing(rules, norm, m)]
    return [
        m
        for m in core
        if cindex.keep(m, s0, s1, core, span, disputed or names_territory(cindex, m, tops))
    ]


def _takes_nothing(rules: _Rules, norm: str, m: Match) -> bool:
    """A verb of taking ("took", "taken") with no captured place as its object: "took part",
    "taken steps", "taken to hospital" are no seizure."""
    if m.term.channel != EVENT or norm[m.start : m.end] not in rules.capture_verbs:
        return False
    return rules.captured_after is None or rules.captured_after.match(norm, m.end) is None


# a toll in the passive ("were killed"): without a force beside it, counted only at a place
# of its own
_TOLL = re.compile(r"(?:was|were)\s+(?:killed|wounded|injured)")
_TIME_ANCHOR = re.compile(
    r"\b(?:before|after|following|since|until|ahead\s+of|prior\s+to)\s+"
    # "since the start of the war in Ukraine": an event the story dates by
    r"(?:the\s+(?:start|beginning|outbreak|end|onset|launch|eve|anniversary)\s+of\s+)?"
    # "since the 2021 coup", "after last year's attack"
    r"(?:the|these|those|this|that|its|their|(?:last|this)\s+(?:year|month|week)'s)\s+"
    r"(?:[a-z0-9-]+\s+){0,2}$"
)


_PRESENCE_EVENTS = frozenset({"deployment"})
# events whose subject does them to another party: the force is told by the event
_AGENT_EVENTS = frozenset(
    {"strike", "missile launch", "shoot-down", "attack", "interception", "harassment", "seizure"}
)


def _dedup(features: Any) -> list[Feature]:
    """One feature per statement: same sentence, layer, kind, subject and place. A movement
    line stands for the point at its destination; a deployment point is dropped where the
    sentence maps the force sent at that place, and a force's point where it is the subject
    of a strike or seizure there; otherwise the most confident one is kept."""
    best: dict[tuple[int, str, str, str, str, bool], Feature] = {}
    for f in features:
        line = f.geometry.geom_type == "LineString"
        key = (f.quote_start, f.layer, f.kind, f.subject, f.gazetteer_id or f.place, line)
        old = best.get(key)
        if old is None or (f.confidence, -f.start) > (old.confidence, -old.start):
            best[key] = f
    # "sent 200 troops to X": the troops at X are the fact; a point for the sending at the
    # same place would say it twice (a movement line still says where they came from). The
    # force takes the sender as its actor when it names none of its own.
    held = {(k[0], k[3], k[4]): f for k, f in best.items() if k[1] == "assets" and not k[5]}
    # "Indian warplanes struck a camp near X": the strike at X is the fact, by the warplanes
    # (a launch site is where the force is: "fired rockets from Tyre" keeps the force there)
    doers = {
        (k[0], k[3], k[4])
        for k, f in best.items()
        if k[1] == "incidents" and k[2] in _AGENT_EVENTS and f.attachment != "origin"
    }
    # "two rockets landed in Sderot": a weapon's landing is its strike there, told once
    struck = {(k[0], k[3], k[4]) for k in best if k[1] == "incidents" and k[2] == "strike"}
    out = []
    for (q, layer, kind, subject, place, line), f in best.items():
        if layer == "assets" and (q, subject, place) in doers:
            continue
        if kind == "landing" and (q, subject, place) in struck:
            continue
        if not line and layer == "incidents" and (q, layer, kind, subject, place, True) in best:
            continue
        force = held.get((q, subject, place)) if kind in _PRESENCE_EVENTS and not line else None
        if force is not None and layer == "incidents":
            force.actor = force.actor or f.actor
            continue
        out.append(f)
    return out


_PREV_WORD = re.compile(r"\b([a-z]+)\s$")


def _modifier_only(norm: str, m: Match, rules: _Rules) -> bool:
    """A force word that only modifies another noun ("missile crisis", "gunboat diplomacy"),
    or that a noun before it makes another thing ("storage tanks", "a think tank"); an event
    word that names a unit ("a brigade combat team", "an assault battalion")."""
    if m.term.channel == EVENT:
        nxt = _NEXT_WORD.match(norm, m.end)
        return (
            nxt is not None
            and nxt.start(1) == m.end + 1
            and (nxt.group(1).split()[0] in rules.formation_nouns)
        )
    if m.term.channel != ASSET:
        return False
    if rules.non_asset_compounds:
        prev = _PREV_WORD.search(norm, max(0, m.start - 30), m.start)
        if prev is not None:
            head = norm[m.start : m.end].split()[-1] if m.end > m.start else ""
            pair = f"{prev.group(1)} {head}"
            if (
                pair in rules.non_asset_compounds
                or pair.removesuffix("s") in rules.non_asset_compounds
            ):
                return True
    if not rules.non_asset_heads:
        return False
    nxt = _NEXT_WORD.match(norm, m.end)
    if not nxt or nxt.start(1) - m.end > 1:
        return False
    words = nxt.group(1).split()
    return words[0] in rules.non_asset_heads or " ".join(words) in rules.non_asset_heads


def _clauses(ctx: _Doc, s0: int, s1: int) -> list[int]:
    starts = [s0]
    text = ctx.text
    cuts = [
        m.start()
        for m in ctx.rules.clause_re.finditer(text, s0, s1)
        if not _short_parenthesis(text, m.start(), s0, s1)
    ]
    for rel in _REL_OPEN.finditer(ctx.norm, s0, s1):
        # "Russia, which has massed troops near the border, denies it ...": the relative
        # clause ends at the comma before the main clause's verb
        end = _REL_CLOSE.search(ctx.norm, rel.end(), min(s1, rel.end() + 200))
        if end is not None and end.group(1) not in _NOT_VERBS:
            cuts.append(end.start())
        elif end is not None and _AND_CLAUSE.match(ctx.norm, end.start()):
            cuts.append(end.start())  # "..., which targeted Lviv, and air defence was put ..."
    first = _WORD.match(ctx.norm, s0)
    if first and first.group() in ctx.rules.subordinators:
        comma = ctx.text.find(",", s0, s1)
        if comma > 0:
            cuts.append(comma)
    for c in sorted(cuts):
        if c > starts[-1]:
            starts.append(c)
    return starts


_REL_OPEN = re.compile(r",\s+(?:which|who|whose)\b")
_REL_CLOSE = re.compile(r",\s+([a-z]+)\b")
# Words after a comma that go on with the relative clause (or a list), not the main verb.
_NOT_VERBS = frozenset(
    "and or but nor the a an in on at to of for with as by from into near which who whose "
    "including such while when where although though after before since until during its "
    "their his her this that these those some all both".split()
)

# ", and <a new subject> was/were/...": a main clause joined after the relative one
_AND_CLAUSE = re.compile(
    r",\s+(?:and|but)\s+(?!(?:was|were|is|are|has|have|had)\b)(?:[\w-]+\s+){1,4}"
    r"(?:was|were|is|are|has|have|had|will|would)\b"
)

_PAREN_WORDS = 5  # "(PP 14)", "(LoC)", "(124 miles)": an aside inside the clause, not a break


def _short_parenthesis(text: str, pos: int, s0: int, s1: int) -> bool:
    """``pos`` is a bracket of a short parenthesis ("(PP 14)", "(AP)"): no clause break."""
    c = text[pos]
    if c in "([":
        close = text.find(")" if c == "(" else "]", pos + 1, min(s1, pos + 60))
        return close > 0 and len(text[pos + 1 : close].split()) <= _PAREN_WORDS
    if c in ")]":
        opening = text.rfind("(" if c == ")" else "[", max(s0, pos - 60), pos)
        return opening >= 0 and len(text[opening + 1 : pos].split()) <= _PAREN_WORDS
    return False


# Incident kinds whose target is where they happen ("strikes against X").
_HITS = frozenset({"strike", "attack", "shoot-down", "harassment", "seizure", "interception"})


_CHAIN = re.compile(r"^[^;:()\u2014]{0,100}?\b(?:and|before|after|then|until)\s+(?:\w+\s+){0,2}$")


def _own_demonym(ctx: _Doc, sent: _Sentence, a: Match) -> bool:
    """The force word carries its own demonym or owner right before it ("Chinese coast
    guard ships", "Russia's warships")."""
    near = sent.near("toponyms", a.start - 60, a.start)
    return any(t.adjective and 0 <= a.start - t.end <= 2 for t in near) or bool(
        POSSESSIVE_BEFORE.search(ctx.norm, max(0, a.start - 40), a.start)
    )


def _adjective_use(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """A trigger that is also an adjective, used as one ("excessive and offensive")."""
    words, cues = _homographs(ctx.lex)
    if normalize_phrase(ctx.text[m.start : m.end]) not in words:
        return False
    before = _words(ctx.norm[max(sent.start, m.start - 30) : m.start])
    return bool(before) and before[-1] in cues


@lru_cache(maxsize=32)
def _homographs(lex: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    cfg = lex.config
    return (
        frozenset(normalize_phrase(w) for w in cfg.get("adjective_homographs", [])),
        frozenset(normalize_phrase(w) for w in cfg.get("adjective_cues", [])),
    )


_POSSESSOR = re.compile(r"\w(?:'s|s')\s+(?:[\w-]+\s+)?$")


def _persons_visit(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """A visit owned by someone who is not a force ("Maduro's visit", "the minister's trip"),
    or paid to a force ("a visit to troops"): a political visit, not a port call."""
    for a in sent.near("core", m.end, m.end + 30):
        gap = _words(ctx.norm[m.end : a.start])
        if a.term.channel == ASSET and gap[:1] == ["to"] and len(gap) <= 3:
            return True  # "during a visit to troops near the border": someone visits them
    own = _POSSESSOR.search(ctx.norm, max(sent.start, m.start - 30), m.start)
    if own is None:
        return False
    return not any(
        a.term.channel == ASSET and a.end >= own.start()
        for a in sent.near("core", own.start() - 60, own.start() + 1)
    )


# A relative pronoun right before a verb: the clause describes the noun before it.
_WHICH_HAD = re.compile(r"\b(?:that|which|who)\s+(?:(?:had|has|have)\s+)?$")


# What joins two coordinated force words: "BuK M2E and Pantsir", "tanks, artillery".
_JOINED = re.compile(r"\s*(?:,|and|or|as well as|, and)\s*")


def _coordinated_partner(ctx: _Doc, stmts: list[_Stmt], m: Match) -> _Stmt | None:
    """The statement of the force word this one is coordinated with ("BuK M2E and Pantsir
    SRS1 missiles"), if the sentence has one right before it."""
    for st in reversed(stmts):
        if st.m.end <= m.start:
            if st.m.term.channel == ASSET and _JOINED.fullmatch(ctx.norm, st.m.end, m.start):
                return st
            return None
    return None


def _strength(c: _Cand) -> float:
    return c.strength


def _force_subject(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """A vague event word with a force word or an armed organisation as its subject right
    before it ("his troops shot both pilots", "the CCG claimed it expelled"): the force
    licenses it as an event, as a place of its own would."""
    if ctx.text[m.start : m.end].endswith("ing"):
        return False  # "rebels fighting the regime": what they are, not an event
    clause = sent.clause(m.start)
    # a force word, or an armed organisation ("the CCG claimed it expelled ...")
    near = [a for a in sent.near("core", m.start - 60, m.start) if a.term.channel == ASSET]
    near += [a for a in sent.near("actors", m.start - 60, m.start) if not a.term.weak]
    if any(
        sent.clause(a.start) == clause
        and a.end <= m.start
        and len(_words(ctx.norm[a.end : m.start])) <= 2
        for a in near
    ):
        return True
    # "Armenian units fired on its positions": a nation's units, named by its demonym
    return any(
        t.adjective and _UNITS_AFTER.fullmatch(ctx.text, t.end, m.start)
        for t in sent.near("toponyms", m.start - 40, m.start)
    )


# someone is blamed for it: an attack ("explosions were heard in Kabul, which the Taliban blamed
# on Pakistan", "claimed responsibility for the blast")
_BLAME_AFTER = re.compile(
    r"\b(?:blam(?:ed|es|ing)\s+(?:[\w.'-]+\s+){0,4}?(?:on|for)|claim(?:ed|s|ing)?\s+"
    r"responsibility|attribut(?:ed|es|ing)\s+(?:it\s+|them\s+)?to)\b"
)
_BLAME_BEFORE = re.compile(
    r"\b(?:blam(?:ed|es|ing)\s+(?:[\w.'-]+\s+){1,4}?for|responsibility\s+for)\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}$"
)


def _blamed(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """A vague blast word that someone is blamed or claims responsibility for."""
    return (
        _BLAME_AFTER.search(ctx.norm, m.end, min(sent.end, m.end + 120)) is not None
        or _BLAME_BEFORE.search(ctx.norm, max(sent.start, m.start - 80), m.start) is not None
    )


# a mishap, not an attack: what makes a vague blast or damage word no strike
_ACCIDENT = re.compile(
    r"\b(?:accident(?:al|ally|s)?|mishap|gas\s+leak|short[\s-]circuit|malfunction(?:ed|ing|s)?|"
    r"failed\s+launch|technical\s+(?:fault|failure|problem)|caused\s+by\s+(?:a\s+)?(?:fire|leak))\b"
)


def _mishap(ctx: _Doc, sent: _Sentence) -> bool:
    """The sentence tells of an accident (read once per sentence)."""
    got: bool | None = sent.memo.get("mishap")
    if got is None:
        got = sent.memo["mishap"] = _ACCIDENT.search(ctx.norm, sent.start, sent.end) is not None
    return got


_UNITS_AFTER = re.compile(
    r"\s+(?:(?:army|military|armed|naval|border)\s+)?(?:units?|formations?|detachments?|"
    r"snipers|gunners)\s+"
)


# "in one of the heaviest attacks since ...", "in the worst such raid in years": what the
# event told before the phrase is measured against, not another event
_IN_COMPARISON = re.compile(
    r"\bin\s+(?:one\s+of\s+)?(?:the|its|their)\s+(?:most\s+[a-z]+|[a-z]+est|biggest|worst)\s+"
    r"(?:[a-z-]+\s+){0,2}$"
)


def _in_agent_country(ctx: _Doc, sent: _Sentence, best: _Cand) -> _Cand | None:
    """Where the discourse is, when ``best`` is a country named bare before its event (its
    agent) and the discourse is at a place inside that country."""
    t, focus = best.place.top, sent.focus
    if best.after or t.feature_code not in _COUNTRY_CODES or focus is None:
        return None
    if focus.top.feature_code in _COUNTRY_CODES or focus.top.country_code != t.country_code:
        return None
    before = _words(ctx.norm[max(sent.start, best.place.start - 30) : best.place.start])
    if _prep_before(ctx, before[-3:]) is not None:
        return None
    return _Cand(focus, 0.5, "discourse", 0, True)


def _built(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """A vague word that a verb of building takes as its object in the same clause ("has
    begun building hundreds of concrete bunkers", "dug trenches"): what was built."""
    rx = ctx.rules.built_before
    c0 = sent.clause_span(sent.clause(m.start))[0]
    return rx is not None and rx.search(ctx.norm, max(c0, m.start - 80), m.start) is not None


# "the wounded were", "civilians have been": a passive subject right before the verb
_PASSIVE_SUBJECT = re.compile(
    r"\b([a-z]+)\s+(?:were|was|are|is|had\s+been|have\s+been|has\s+been)\s+(?:being\s+)?$"
)


def _people_moved(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """The passive subject of a verb of moving is people who are no force ("the wounded were
    flown to Nairobi", "civilians were evacuated to X")."""
    hit = _PASSIVE_SUBJECT.search(ctx.norm, max(sent.start, m.start - 40), m.start)
    if hit is None:
        return False
    word = hit.group(1)
    return word in ctx.rules.civilian_nouns or word in _casualty_words(ctx.lex)


def _chained(ctx: _Doc, sent: _Sentence, m: Match, stmts: list[_Stmt]) -> bool:
    """A vague event word that continues the verb chain of an incident already stated in the
    sentence ("the missile ... flew over Hokkaido before falling ...") shares its subject."""
    for s in reversed(stmts):
        if s.m.end < m.start - 120:
            return False  # bounded: a long sentence of many statements stays linear
        if s.layer != "incidents" or s.m.end > m.start:
            continue
        if sent.clause(s.m.start) != sent.clause(m.start):
            return False
        gap = ctx.norm[s.m.end : m.start]
        if not _CHAIN.match(gap):
            return False
        return not any(
            a.term.channel == ASSET and s.m.end <= a.start < m.start
            for a in sent.near("core", s.m.end, m.start)
        )
    return False


def _process_sentence(ctx: _Doc, sent: _Sentence) -> list[_Stmt]:
    actors = _actor_candidates(ctx, sent)
    stmts: list[_Stmt] = []
    placed_kinds: set[str] = set()  # asset kinds this sentence has placed so far
    shot_clauses = {
        sent.clause(c.start)
        for c in sent.core
        if c.term.channel == EVENT and c.term.kind in _FROM_KINDS
    }
    for m in sent.core:
        ch = m.term.channel
        clause = sent.clause(m.start)
        if _adjective_use(ctx, sent, m):
            continue  # "calling the action excessive and offensive": the adjective
        if _generic(ctx, sent, m):
            continue  # "such bombers took part in ...": a class of things, not one at a place
        if ch == EVENT and m.term.weak and _relative_clause(ctx, sent, m.start):
            continue  # "the Wagner group, which operates in Africa": what it does, not an event
        if (
            ch == EVENT
            and m.term.kind != "blockade"  # "shelled the besieged city": a siege goes on
            and participle_of_noun(ctx.norm, m)
            and any(
                o is not m
                and o.term.channel == EVENT
                and not o.term.weak
                and sent.clause(o.start) == clause
                for o in sent.near("core", m.start - 120, m.end + 120)
            )
        ):
            continue  # "escorted the hijacked ship to Mumbai": the hijacking is not there
        if (
            ch == EVENT
            and _IN_COMPARISON.search(ctx.norm, max(sent.start, m.start - 50), m.start)
            and any(
                o.term.channel == EVENT and o.end <= m.start
                for o in sent.near("core", m.start - 300, m.start)
            )
        ):
            continue  # "shelled the island ..., in one of the heaviest attacks since": the same
        if ch == EVENT and m.term.kind == "visit" and _persons_visit(ctx, sent, m):
            continue  # "Maduro's visit to Moscow": a political visit, not a port call
        if ch == EVENT and _OWN_ESCORT.match(ctx.norm, max(sent.start, m.start - 2), m.end + 4):
            continue  # "the carrier, escorted by two destroyers": its own escort
        if ch == EVENT and _sends_no_force(ctx, sent, m):
            continue  # "sent a message", "sending a plume of smoke over the city": no force moved
        if ch == ASSET and _TITLE_AFTER.match(ctx.text, m.end):
            continue  # "national security adviser Eduardo Año said": a person's title
        if ch == ASSET and _affiliation(ctx, sent, m):
            continue  # "a commander of rebel forces in Syria said": who speaks, not posture
        toll = False
        if (
            (
                ch == EVENT
                and m.term.weak
                and not any(
                    a.term.channel == ASSET
                    and sent.clause(a.start) == clause
                    and (
                        a.end <= m.start + 1
                        and m.start - a.end <= 60
                        or a.start >= m.end - 1
                        and a.start - m.end <= 40
                    )
                    for a in sent.near("core", m.start - 160, m.end + 41)
                )
            )
            and not _chained(ctx, sent, m, stmts)
            and not _built(ctx, sent, m)
            and not _force_subject(ctx, sent, m)
            and not EVENT_SUBJECT.search(ctx.norm, max(sent.start, m.start - 40), m.start)
            # "the fighting broke out near X": an event that happened
            and not occurred(ctx.norm, m)
            and not ship_struck(ctx.norm, m, sent.clause_span(sent.clause(m.start)))
            and not _blamed(ctx, sent, m)
        ):
            if not _TOLL.fullmatch(ctx.norm, m.start, m.end):
                continue  # a vague word ("moving", "operations") counts only next to a force word
            toll = True  # "12 civilians were killed": only where they fell, see below
        if ch == EVENT and m.term.weak and m.term.kind == "strike" and _mishap(ctx, sent):
            continue  # "the blast was caused by a gas leak", "damaged in a failed launch"
        if ch == EVENT and ctx.norm[m.start : m.end] in ctx.rules.weapon_verbs:
            if not _weapon_in(sent, clause, m.end, m.end + 41):
                continue  # "dropped leaflets", "released a statement": no weapon, no strike
        if ch == EVENT and m.term.weak and m.term.kind == "missile launch":
            if not _weapon_in(sent, clause, m.start - 60, m.start + 61):
                continue  # "launched fighter aircraft": a sortie, not a missile launch
        movement = ch == EVENT and m.term.kind in ctx.lex.movement_kinds
        if movement and _people_moved(ctx, sent, m):
            continue  # "the wounded were flown to Nairobi": people, not a force, moved
        if movement and any(a <= m.start < b for a, b in _voyages(ctx, sent)):
            continue  # "was heading to Houston when it was seized": a voyage cut short
        if ch == EVENT and CAPABLE_BEFORE.search(ctx.norm, max(sent.start, m.start - 32), m.start):
            continue  # "missiles capable of striking targets in China": what it can do
        cands = _candidates(ctx, sent, m)
        if toll:
            # "shelling followed ..., and 12 civilians were killed in Poonch district": where
            # they fell, beside the sentence's own force or violence; a toll with no place of
            # its own, or none of them, says nothing of where
            cands = [
                c
                for c in cands
                if c.after and c.role == "at" and len(_words(ctx.norm[m.end : c.place.start])) <= 3
            ]
            if not cands or not any(
                o.term.channel in (ASSET, EVENT) and not _TOLL.fullmatch(ctx.norm, o.start, o.end)
                for o in sent.near("core", sent.start, sent.end)
            ):
                continue
        if ch == EVENT and _TIME_ANCHOR.search(ctx.norm, max(sent.start, m.start - 24), m.start):
            # "moved soldiers to Israel before the strikes": an event the story already told,
            # as a point in time; only a place of its own ("after the attack on X") says where
            cands = [
                c for c in cands if c.after and len(_words(ctx.norm[m.end : c.place.start])) <= 2
            ]
            if not cands:
                continue
        # "fired missiles from Yemen": a shot's origin is where the shooter is
        fired = clause in shot_clauses
        strike = ch == EVENT and (m.term.kind in ctx.rules.target_kinds or m.term.kind in _HITS)
        if fired:
            cands = [c for c in cands if c.role != "origin" or not _nationality(ctx, sent, c)]
        best = _best(
            cands,
            movement=movement,
            dispute=ch == DISPUTE,
            origin_ok=fired,
            strike=strike,
            launch=fired and m.term.kind == "missile launch",
            sent_norm=ctx.norm,
        )
        if best is not None and ch != DISPUTE:
            best = _finer_in_country(ctx, sent, m, best, cands)
            best = _ships_at_sea(ctx, sent, m, best)
            partner = _coordinated_partner(ctx, stmts, m) if ch == ASSET else None
            if (
                partner is not None
                and best.place.top.feature_code in _COUNTRY_CODES
                and partner.cand.role in ("at", "destination")
                and partner.cand.place.top.country_code == best.place.top.country_code
                and partner.cand.place.top.feature_code not in _COUNTRY_CODES
            ):
                best = partner.cand  # "BuK M2E and Pantsir missiles": where the BuK is
            if ch == EVENT and not movement:
                # "North Korea shelled Yeonpyeong. South Korea returned fire": where the story
                # is, in that country, not the country's middle
                best = _in_agent_country(ctx, sent, best) or best
        if (
            best is None
            and movement
            and ctx.norm[m.start : m.end] in ctx.rules.origin
            and not _relative_clause(ctx, sent, m.start)
            and not _WHICH_HAD.search(ctx.norm, max(sent.start, m.start - 24), m.start)
        ):  # "a boat which had left X", "a freighter that departed from X": its story
            # "two warships departed Tartus": a departure with nowhere else named is there
            best = max((c for c in cands if c.role == "origin"), key=_strength, default=None)
        if ch == DISPUTE:
            # "voted to join Russia", "annexed by Russia": the claimant, not the contested place
            cands = [
                c
                for c in cands
                if not (c.role == "destination" and c.place.top.feature_code in _COUNTRY_CODES)
            ]
            best = _best(cands, movement=False, dispute=True, sent_norm=ctx.norm)
            if best is None:
                best = _sibling(stmts, pronoun=_IT_OBJECT.match(ctx.norm, m.end) is not None)
        if best is None and ch == ASSET and definite(ctx, sent, m) and m.term.kind in placed_kinds:
            continue  # "... evade the U.S. warship": the destroyer this sentence placed
        if best is None and ch == EVENT and m.term.kind in _LAUNCHES:
            best = _launcher_country(ctx, sent, m, actors)
            if best is not None and sent.focus is not None:
                if sent.focus.top.country_code == best.place.top.country_code:
                    best = None  # the story is in that country already: its place is finer
        between = None
        if best is None and (ch == ASSET and m.term.kind != "infrastructure" or movement):
            between = _between_line(ctx, sent, m)  # "flying between Russia and Kaliningrad"
        if best is None and between is None:
            area = _between_area(ctx, sent, m)  # "into waters between Cyprus and Crete"
            if area is not None:
                near = len(_words(ctx.norm[m.end : area.start])) <= 3
                best = _Cand(area, 0.85 if near else 0.6, "at", 0, True)
        if (
            best is None
            and between is None
            and ch != DISPUTE
            and (
                not m.term.weak
                or _force_subject(ctx, sent, m)
                or ship_struck(ctx.norm, m, sent.clause_span(sent.clause(m.start)))
            )
            and not (ch == ASSET and m.term.kind in _IN_FLIGHT)
            and may_carry(ctx, sent, m, cands)
        ):
            force = m if ch == ASSET else _event_subject(ctx, sent, m, ctx.rules.target_kinds)
            earlier = sent.subjects.get(force.term.kind) if force is not None else None
            refers = (
                force is not None and definite(ctx, sent, force) and not new_name(ctx, sent, force)
            )
            if ch == ASSET and refers and in_passing(ctx, sent, m):
                continue  # "boats sped toward the Nitze": the destroyer is only mentioned
            if earlier is not None and refers:
                # "the destroyer", "these aircraft": the force the discourse placed before
                best = _Cand(earlier, 0.55, "discourse", 0, True)
            elif sent.focus is not None and not (
                ch == ASSET
                and sent.focus.top.feature_code in OPEN_WATER
                and (
                    m.term.kind in _ON_LAND
                    and not _AIR_OR_SEA.search(ctx.norm, max(0, m.start - 20), m.start)
                    or _LAND_BASED.search(ctx.norm, max(0, m.start - 30), m.start)
                )
            ):
                # no place of its own: the place the previous sentences were about (a sea
                # is no place for land-based missile systems or troops the story turns to)
                best = _Cand(sent.focus, 0.5, "discourse", 0, True)
        line = between
        line_only = between is not None
        if ch == ASSET and m.term.kind == "infrastructure":
            line = _connector_line(ctx, sent, m)
            line_only = line is not None
        if best is None and line is None:
            continue
        if ch == DISPUTE and m.term.weak:
            # "claims almost all of X", "a dispute over their maritime boundary in X": of it
            of_place = (
                best is not None
                and best.after
                and (
                    _partitive(ctx, m.end, best.place.start)
                    or _disputed_object(ctx, m.end, best.place.start)
                )
            )
            if (
                best is not None
                and best.after
                and len(_words(ctx.norm[m.end : best.place.start])) > 3
                and not of_place
            ):
                continue  # "rebels claim drone attack on a ship in the Red Sea": no claim to it
            if best is None or not (
                best.after
                and (
                    best.strength >= 0.85
                    and best.role != "weak"
                    or best.strength >= 0.5
                    and of_place
                )
            ):
                if not (best is not None and best.place.top.feature_code == "DISP"):
                    continue
        if movement and best is not None and line is None:
            line = _movement_line(ctx, sent, m, best, cands)
        if best is None:
            places = []
        elif best.role in ("discourse", "actor") or best.place.top.gazetteer_id == "":
            places = [best.place]  # carried, or the area "between X and Y"
        elif best.role == "sibling":
            places = next(s.places for s in reversed(stmts) if best.place in s.places)
        else:
            places = _coordinated(ctx, sent, best, m.end)
            if ch == EVENT and best.role == "at":
                places += _including(ctx, sent, m, places)
        date = _date_for(ctx, sent, m)
        kind = m.term.kind
        layer = _LAYER[ch]
        if ch == DISPUTE:
            kind = _dispute_kind(ctx, sent, m, best)
        if ch == ASSET and _departed(ctx, sent, m, best):
            continue  # "since U.S. troops withdrew in 2011": no longer there
        if ch == ASSET and m.term.kind in _IN_FLIGHT and _flying(ctx, sent, m):
            continue  # "as the missile flew overhead": a flight, not a missile kept there
        if (
            ch == ASSET
            and kind in _WEAPONS
            and _impact(ctx, sent, m)
            and not (best is not None and best.place.top.feature_code in OPEN_WATER)
        ):
            # "several projectiles fell near Safed": where they hit, not a force kept there
            # (one that fell into the sea landed there: the landing tells it)
            layer, kind = "incidents", "strike"
        # "rehearsed retaking an island in a mock amphibious landing": a drill took place
        drill = ch == EVENT and kind != "exercise" and rehearsed(ctx, sent, m)
        if drill:
            kind = "exercise"
        subject = ctx.text[m.start : m.end]
        # (the launcher's demonym that placed a launch still names its actor)
        chosen = best.place if best is not None and best.role != "actor" else None
        actor = _actor(ctx, sent, m, actors, chosen)
        if ch == DISPUTE and attributive(ctx, sent, m):
            # "send officers to occupied parts of X": not the sender's; "Russian-occupied"
            actor = next((a[2] for a in actors if 0 <= m.start - a[1] <= 1), "")
        subj = None
        if ch == EVENT:
            subj = _event_subject(ctx, sent, m, ctx.rules.target_kinds)
            if (
                subj is not None
                and subj.term.kind == "air defence"
                and kind == "strike"
                and subj.end <= m.start
                and len(_words(ctx.norm[subj.end : m.start])) <= 3
            ):
                kind = "shoot-down"  # "air defences destroyed 62 drones over Sumy"
            if subj is not None:
                subject = ctx.text[subj.start : subj.end]
            if subj is not None and not fought_between(ctx.norm, m):
                own = _actor(ctx, sent, subj, actors, chosen)
                before = subj.end <= m.start or _OF_SUBJECT.fullmatch(ctx.norm, m.end, subj.start)
                if not actor or (own and before and _own_demonym(ctx, sent, subj)):
                    # "Chinese coast guard ships blast a Philippine vessel with water cannon":
                    # the subject's own demonym, not the object's
                    actor = own or actor
        stmts.append(
            _Stmt(
                m=m,
                layer=layer,
                kind=kind,
                subject=subject,
                places=places,
                cand=best if best is not None else _Cand(line[1], 0.6, "at", 0, True),  # type: ignore[index]
                actor=actor,
                quantity=_quantity(ctx, sent, m) if ch == ASSET else "",
                status=(
                    "denied"  # "... did not enter U.S. airspace": not there
                    if best is not None
                    and best.after
                    and negated_reach(ctx, m.end, best.place.start)
                    else _status(ctx, sent, m, date, drill=drill)
                ),
                date=date[1] if date is not None and date[2] != "decade" else "",
                clause=clause,
                line=line,
                line_only=line_only,
                subj=subj,
                when=date,
            )
        )
        if ch == ASSET and places:
            placed_kinds.add(kind)
    forces: dict[int, list[_Stmt]] = {}  # asset statements by the start of their force word
    first_verb: dict[int, int] = {}  # the first event after each subject, by its start
    for st in stmts:
        if st.layer == "assets":
            forces.setdefault(st.m.start, []).append(st)
        elif st.layer == "incidents" and st.subj is not None and st.m.start >= st.subj.end:
            at = first_verb.get(st.subj.start)
            first_verb[st.subj.start] = st.m.start if at is None else min(at, st.m.start)
    for ev in stmts:
        # "Wagner mercenaries may soon deploy to Niger", "saw no build-up of Russian troops":
        # the force shares its verb's (or its event noun's) status.
        if ev.subj is None or ev.status in ("reported", "historical"):
            continue
        if ev.subj.end > ev.m.start:
            if not _OF_SUBJECT.fullmatch(ctx.norm, ev.m.end, ev.subj.start):
                continue
        elif acts_only_ahead(ctx, sent, ev.subj.end, ev.m.start):
            continue
        elif in_adjunct(ctx.norm, ev.subj.end, ev.m.start):
            continue  # "hit the training mission, without causing casualties": not its verb
        elif first_verb.get(ev.subj.start, ev.m.start) < ev.m.start:
            continue  # "forces had crossed the border and ... promised to withdraw": its first
        for st in forces.get(ev.subj.start, ()):
            if st.status == "reported":
                st.status = ev.status
    # "fighters targeted an Israeli tank with an anti-tank missile": the weapon is the
    # attacker's, not the target's
    last_event: _Stmt | None = None
    for st in stmts:  # in text order
        if st.layer == "incidents":
            last_event = st
        elif (
            st.layer == "assets"
            and st.kind in _WEAPONS
            and last_event is not None
            and last_event.actor
            and last_event.clause == st.clause
            and _WITH_WEAPON.search(ctx.norm, max(sent.start, st.m.start - 32), st.m.start)
        ):
            st.actor = last_event.actor
    published = ctx.reference
    for st in stmts:  # once the statuses are final: no publication date for history or plans
        st.date, st.date_precision = event_date(st.when, published, st.status)
    events = [s for s in stmts if s.layer == "incidents"]  # in text order, like stmts
    event_starts = [s.m.start for s in events]

    def around(m: Match) -> list[_Stmt]:
        return events[
            bisect_left(event_starts, m.start - 250) : bisect_left(event_starts, m.end + 250)
        ]

    force_words = [a for a in sent.core if a.term.channel == ASSET]
    kept = _prune(
        [st for st in stmts if not _not_posture(ctx, sent, st, around(st.m))],
        ctx.norm,
        frozenset(a.start for a in force_words),
        frozenset(a.end for a in force_words),
    )
    for st in kept:
        _emit(ctx, sent, st)
    return kept


# "the presence of Israeli troops", "the deployment of two Russian frigates": the event's
# subject after it
_OF_SUBJECT = re.compile(r"\s+of\s+(?:the\s+)?(?:[\w.,-]+\s+){0,3}")
# A participle set off by a comma: a force's own escort, not an interception
_OWN_ESCORT = re.compile(r", escorted by ")
_SEND = frozenset("send sends sent sending dispatch dispatches dispatched dispatching".split())
# the object of a verb of sending: words up to a preposition, a clause word or punctuation
_SENT_OBJECT = re.compile(
    r"(?:\s+(?:in|out|back|over|home|off)(?=\s+(?:a|an|the|its|their|his|her|some|more|\d)))?"
    r"((?:\s+(?!(?:to|into|toward|towards|for|from|on|at|in|across|over|near|off|as|after|"
    r"before|when|while|with|by|but|that|which|who|amid|during|against|through|via|"
    r"under|along|around|between|since|until|ahead|back)\b)[\w'\u2019-]+(?:[.,][\w'\u2019-]+)*\.?){0,8})"
)
_SENT_PRONOUN = frozenset("them it him her us they these those some more others one".split())


def _sends_no_force(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """A verb of sending whose object names no force or materiel ("sent a message", "sending
    a huge plume of black smoke over the city"): no deployment. A passive or a pronoun
    ("were sent to", "sent them") keeps it."""
    if ctx.norm[m.start : m.end] not in _SEND:
        return False
    obj = _SENT_OBJECT.match(ctx.norm, m.end, sent.end)
    words = obj.group(1).split() if obj is not None else []
    if not words or words[0] in _SENT_PRONOUN or words[0][0].isdigit():
        return False
    o0, o1 = obj.start(1), obj.end(1)  # type: ignore[union-attr]
    if ctx.text[o0:o1].lstrip()[:1].isupper():
        return False  # a name ("sent Oruç Reis back into Greek-claimed waters"): maybe a force
    if words[-1] in ctx.rules.envoy_nouns:
        return True  # "send military officials to Ecuador": no force
    if set(words) & ctx.rules.materiel_words:
        return False
    return not any(
        a.term.channel == ASSET and o0 <= a.start < o1 for a in sent.near("core", o0, o1)
    )


# A person's name and a speech verb right after a force word: the word was a job title
_TITLE_AFTER = re.compile(
    r"\s+[A-Z][^\W\d_A-Z][\w'\u2019.-]*(?:\s+[A-Z][^\W\d_A-Z][\w'\u2019.-]*){0,2},?\s+"
    r"(?:said|says|told|added|wrote)\b"
)


# A kind of thing, not a thing at a place: "such bombers", "these types of drones", "the
# deployment of such assets" (closed-class grammar words, not topic vocabulary).
_GENERIC_BEFORE = re.compile(
    r"(?:\bsuch\s+(?!as\b)|\b(?:kinds?|types?|sorts?|classes?)\s+of\s+)(?:[\w.'-]+\s+){0,3}$"
)
# a count of events over a period, not a thing at a place: "the number of scrambles against
# Chinese aircraft rose to 330" (but "the number of troops in Poland" is a force there)
_COUNT_BEFORE = re.compile(
    r"\bthe\s+(?:total\s+)?(?:number|tally|count)\s+of\s+(?:[\w.'-]+\s+){0,3}$"
)
_GENERIC_AFTER = re.compile(r"\s+of\s+such\b")
# What a place is used for: "the airbase, which Russia uses to launch mass missile strikes on
# Ukraine", "a port used for arms deliveries": a habit, not an event at a time.
_USED_FOR = re.compile(
    r"\b(?:(?:which|that|where)\b[^,;.]{0,40}\b(?:uses?|used|using)|(?:is|are|being)\s+used)"
    r"\s+(?:it\s+|them\s+)?(?:to|for)\s+(?:[\w-]+\s+){0,4}$"
)


@lru_cache(maxsize=32)
def _affiliation_res(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    nouns = lex.config.get("affiliation_nouns")
    if not nouns:
        return None
    alt = "|".join(sorted((re.escape(normalize_phrase(n)) for n in nouns), key=len, reverse=True))
    before = re.compile(rf"\b(?:{alt})\s+(?:of|for)\s+(?:the\s+)?(?:[\w.'-]+\s+){{0,3}}$")
    # "rebel forces' spokesperson", "a Kurdish militia spokesman": whose person it is; "the
    # Pacific Fleet's newspaper": whose outlet
    media = "|".join(
        sorted(
            (re.escape(normalize_phrase(n)) for n in lex.config.get("media_nouns", ())),
            key=len,
            reverse=True,
        )
    )
    owned = rf"|(?:'s|s'|')\s+(?:[a-z-]+\s+)?(?:{media})\b" if media else ""
    after = re.compile(rf"(?:(?:'s|s'|')\s+(?:[a-z-]+\s+)?|\s+)(?:{alt})\b{owned}")
    return before, after


def _affiliation(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """The force word only says whom a person belongs to: "a deputy commander of rebel
    forces", "the Pakistani forces' spokesperson", "members of the Wagner group"."""
    res = _affiliation_res(ctx.lex)
    if res is None:
        return False
    before, after = res
    norm = ctx.norm
    return (
        before.search(norm, max(sent.start, m.start - 60), m.start) is not None
        or after.match(norm, m.end, min(sent.end, m.end + 40)) is not None
        or _SPEAKS.match(norm, m.end, min(sent.end, m.end + 30)) is not None
        or _SOURCE_BEFORE.search(norm, max(sent.start, m.start - 40), m.start) is not None
    )


# "according to the Philippine Coast Guard", "citing navy officials": the force is the source
_SOURCE_BEFORE = re.compile(
    r"\b(?:according\s+to|citing|quoted\s+by|a\s+statement\s+from)\s+(?:the\s+)?"
    r"(?:[\w.'-]+\s+){0,2}$"
)


# "the Japan Coast Guard said", "the Armed Forces of the Philippines said": the force speaks;
# it is not placed by the sentence
_SPEAKS = re.compile(
    r"(?:\s+of\s+(?:the\s+)?[\w.'-]+(?:\s+[\w.'-]+)?)?"
    r"\s*,?\s*(?:said|says|told|announced|stated|added)\b(?!\s+to\b)"
)


def _generic(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    norm = ctx.norm
    if _GENERIC_BEFORE.search(norm, max(sent.start, m.start - 40), m.start):
        return True
    count = _COUNT_BEFORE.search(norm, max(sent.start, m.start - 50), m.start)
    if count is not None and (
        m.term.channel == EVENT
        or any(
            c.term.channel == EVENT and count.start() <= c.start < m.start
            for c in sent.near("core", count.start(), m.start)
        )
    ):
        return True
    if m.term.channel == EVENT and _USED_FOR.search(norm, max(sent.start, m.start - 90), m.start):
        return True
    return m.term.channel == EVENT and _GENERIC_AFTER.match(norm, m.end) is not None


_WEAPONS = frozenset({"drone", "missile", "artillery"})
# a verb of using right before a weapon (or its list): "had used artillery, mortars and drones"
_USED_BEFORE = re.compile(r"\b(?:used|using|employed|employing)\s+(?:[\w-]+\s+){0,2}$")
_WITH_WEAPON = re.compile(
    r"\bwith\s+(?:(?:a|an|the|its|their|two|three|\d+)\s+)?(?:[\w-]+\s+){0,2}$"
)
# Kinds of asset that stand on land.
_ON_LAND = frozenset({"ground forces", "base", "artillery", "air defence", "fortification"})
# places a ship may well be at: ports, islands, reefs and coasts
_COAST_CODES = frozenset(
    {"PPL", "PPLA", "PPLA2", "PPLC", "PRT", "ISL", "ISLS", "RF", "SHOL", "CST"}
)
_LAND_BASED = re.compile(r"\b(?:land|ground|shore) based\s+(?:[\w-]+\s+){0,2}$")
_AIR_OR_SEA = re.compile(r"\b(?:air|naval|navy|maritime|marine|sea|coast guard)\s+$")
# Munitions are somewhere else in every sentence (launch site, path, impact): the discourse's
# place for "the missile" would be the wrong one.
_IN_FLIGHT = frozenset({"missile"})
# Incidents done from afar: their subject force is not at their place.
_STANDOFF = frozenset({"strike", "missile launch"})
# Incidents whose "from X" is where they happen: shots ("fired from Yemen"), withdrawals.
_FROM_KINDS = frozenset({"strike", "missile launch", "attack", "shoot-down", "withdrawal"})
# Incidents in which a weapon is used up, not posted: it is their subject, not an asset.
_USES = frozenset({"strike", "attack", "shoot-down", "missile launch", "harassment", "clash"})
# Forces that fight where the sentence puts the fight: parties to it, not a posture kept there.
_PARTIES = frozenset({"ground forces", "irregular forces"})
_FOUGHT = frozenset({"clash"})
_FOUGHT_WITH = re.compile(r"\s+(?:with|against)\s+(?:[\w'\u2019.-]+\s+){0,3}")
_PARTNER_GAP = re.compile(r"\s*(?:,\s*)?(?:and|or)\s+(?:[\w'\u2019.-]+\s+){0,3}")


def _not_posture(ctx: _Doc, sent: _Sentence, st: _Stmt, stmts: list[_Stmt]) -> bool:
    """An asset word that is no force posture: a weapon used in the sentence's incident
    ("missile and drone attacks", "hit by two missiles"), the agent of a passive attack, or a
    civilian craft ("a commercial vessel", "the cargo ship"). ``stmts``: the incidents near
    it."""
    if st.layer != "assets":
        return False
    m = st.m
    before = _words(ctx.norm[max(sent.start, m.start - 30) : m.start])[-3:]
    pairs = [f"{a} {b}" for a, b in zip(before, before[1:], strict=False)]  # "water dropping"
    if any(w in _civilian(ctx.lex) for w in [*before, *pairs]):
        return True
    shared = _civilian_list(ctx.lex)  # "water-dropping aircraft and helicopters": both
    if shared is not None and shared.search(ctx.norm, max(sent.start, m.start - 60), m.start):
        return True
    if _casualties(ctx, sent, m):
        return True  # "killed 20 soldiers", "peacekeepers were wounded": the event's toll
    if _struck(ctx, sent, m):
        return True  # "struck government tanks near X": the strike's target, not a force there
    if "by" in before and any(
        ev.layer == "incidents" and ev.kind in _USES and ev.m.end <= m.start <= ev.m.end + 40
        for ev in stmts
    ):
        return True  # "attacked by Houthi rebels": the attacker, seen where its target was
    ids = {p.top.gazetteer_id for p in st.places}
    if any(
        ev.layer == "incidents"
        and ev.kind in _STANDOFF
        and ev.cand.role != "origin"  # "fired from Tyre": the shooter is there
        and ev.subj is not None
        and ev.subj.start == m.start
        and ids & {p.top.gazetteer_id for p in ev.places}
        for ev in stmts
    ):
        return True  # "Israeli jets struck Damascus": the shooter is not where it hits
    if (
        m.term.kind in _PARTIES
        and not any(_country(p) for p in st.places)
        and any(
            ev.layer == "incidents"
            and ev.kind in _FOUGHT
            and ev.status == st.status  # "should the fighting continue, troops will deploy"
            and ev.clause == st.clause
            and ev.subj is not None
            and (
                ev.subj.start == m.start
                # "between Sudanese army troops and RSF fighters": the other party too
                or (
                    ev.subj.end <= m.start
                    and _PARTNER_GAP.fullmatch(ctx.norm, ev.subj.end, m.start)
                )
                # "clashed with Ukrainian forces": the party fought
                or (ev.m.end <= m.start and _FOUGHT_WITH.fullmatch(ctx.norm, ev.m.end, m.start))
            )
            and ids & {p.top.gazetteer_id for p in ev.places}
            for ev in stmts
        )
    ):
        # "Indian and Chinese troops clashed on the border": the clash is the fact ("are
        # fighting in Ukraine": forces in a country at war are a posture there)
        return True
    if m.term.kind not in _WEAPONS:
        return False
    head = list_start(ctx, sent, m).start
    if _USED_BEFORE.search(ctx.norm, max(sent.start, head - 24), head) and any(
        ev.layer == "incidents" and ev.kind in _USES for ev in stmts
    ):
        return True  # "had used artillery, mortars and drones and had advanced": instruments
    for ev in stmts:
        if ev.layer != "incidents" or ev.clause != st.clause or ev.kind not in _USES:
            continue
        a, b = (m.end, ev.m.start) if m.end <= ev.m.start else (ev.m.end, m.start)
        words = _words(ctx.norm[a:b])
        if ev.kind in _DOWNS:
            # "shot down more than 100 Houthi drones and missiles": what is downed is spent,
            # whatever the count before it (a strike's target may be a force that was there)
            words = [w for w in words if not (w.isdigit() or w in _COUNT_WORDS)]
        if len(words) <= 3:
            return True
    return False


def _weapon_in(sent: _Sentence, clause: int, lo: int, hi: int) -> bool:
    """A weapon's word starts in ``[lo, hi)``, in the clause ``clause``."""
    return any(
        a.term.channel == ASSET and a.term.kind in _WEAPONS and sent.clause(a.start) == clause
        for a in sent.near("core", lo, hi)
    )


def _impact(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """A weapon that comes down right after its word ("projectiles fell near X", "rockets
    landed in Y") or that something was hit by: the incident's matter, not a force there."""
    if _HIT_BY.search(ctx.norm, max(sent.start, m.start - 60), m.start):
        return True  # "the ship had been hit by two Neptune missiles": they struck it
    return _verb_after(ctx, sent, m, ctx.rules.impact_after)


def _verb_after(ctx: _Doc, sent: _Sentence, m: Match, after: re.Pattern[str] | None) -> bool:
    """One of a list's verbs (``after``) right after the force list ``m`` begins: what it
    says is said of each of them ("projectiles fell", "troops withdrew", "missile flew")."""
    return after is not None and after.match(ctx.norm, list_end(ctx, sent, m).end) is not None


_LAUNCHES = frozenset({"missile launch"})
_LAUNCHER_GAP = 80  # characters between the launcher's demonym and the launch


def launch_by_name(m: Match) -> bool:
    """A launch named as such ("test launch", "test-fired"): it may be placed by its
    launcher's demonym alone (:func:`_launcher_country`)."""
    return m.term.channel == EVENT and m.term.kind in _LAUNCHES and not m.term.weak


def _launcher_country(
    ctx: _Doc, sent: _Sentence, m: Match, actors: list[tuple[int, int, str, int]]
) -> _Cand | None:
    """A test launch that names no place is in the country that launched it, when a demonym
    of its clause names that country ("North Korean leader Kim Jong Un supervised a test
    launch of cruise missiles"): at the country's level, never finer."""
    if not launch_by_name(m):
        return None  # "fired", "launched": the verb alone may be anyone's
    c0 = sent.clause_span(sent.clause(m.start))[0]
    speakers = {a[0] for a in actors if a[3] == SPEAKER}  # "Russian officials said ..."
    for t in reversed(sent.toponyms):
        if t.start in speakers:
            continue
        if t.end > m.start or t.start < max(c0, m.start - _LAUNCHER_GAP):
            continue
        if t.adjective and t.feature_code in _COUNTRY_CODES and t.start not in ctx.nonplace:
            return _Cand(_Place(t, t.start, t.end, factor=0.8), 0.5, "actor", 0, False)
    return None


def _flying(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    return _verb_after(ctx, sent, m, ctx.rules.flight_after)


def _departed(ctx: _Doc, sent: _Sentence, m: Match, best: _Cand | None) -> bool:
    """A force whose own verb says it went away ("French troops left the country", "since
    U.S. troops withdrew in 2011") is not at the place; where it went ("left Belarus for
    Ukraine") still holds it."""
    if best is not None and best.role == "destination":
        return False
    if (
        best is not None
        and best.role == "origin"
        and any(
            o.term.channel == EVENT
            and o.term.kind == "withdrawal"
            and sent.clause(o.start) == sent.clause(m.start)
            # the force's own: "completed their withdrawal" (not "sent to evacuate")
            and len(gap := _words(ctx.norm[m.end : o.start])) <= 3
            and "to" not in gap
            for o in sent.near("core", m.end, best.place.start)
        )
    ):
        return True  # "French troops completed their withdrawal from Niger": not there now
    return _verb_after(ctx, sent, m, ctx.rules.departed_after)


_HIT_BY = re.compile(
    r"\b(?:hit|struck|targeted|damaged|destroyed|sunk|attacked)\s+by\s+(?:[\w,.'-]+\s+){0,3}$"
)


_DOWNS = frozenset({"shoot-down", "interception"})
_COUNT_WORDS = frozenset(
    "more than less fewer about some over up to nearly almost at least dozens hundreds scores "
    "of a an the several many and or two three four five six seven eight nine ten".split()
)


@lru_cache(maxsize=32)
def _civilian(lex: Lexicon) -> frozenset[str]:
    return frozenset(normalize_phrase(w) for w in lex.config.get("civilian_modifiers", []))


@lru_cache(maxsize=32)
def _civilian_list(lex: Lexicon) -> re.Pattern[str] | None:
    words = sorted(_civilian(lex), key=len, reverse=True)
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in words)
    return re.compile(rf"\b(?:{alt})\s+[a-z]+\s+(?:and|or)\s+(?:[a-z-]+\s+)?$")


@lru_cache(maxsize=32)
def _casualty_words(lex: Lexicon) -> frozenset[str]:
    return frozenset(normalize_phrase(w) for w in lex.config.get("casualty_words", []))


@lru_cache(maxsize=32)
def _casualty_res(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    words = sorted(
        (normalize_phrase(w) for w in lex.config.get("casualty_words", [])), key=len, reverse=True
    )
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in words)
    # the verb, then at most a count, a demonym and modifiers ("killed about 40 Islamist")
    before = re.compile(rf"\b(?:{alt})\s+(?:(?:[\d,]+|[a-z]+(?:-[a-z]+)?)\s+){{0,4}}$")
    # the force, then a passive or a predicate ("were wounded", "have been killed", "died")
    after = re.compile(
        r"\s*(?:(?:reportedly|also|later|all)\s+)?(?:died\b|(?:(?:were|was|are|is|have|has|had)"
        rf"\s+(?:been\s+)?(?:(?:reportedly|also|later|all)\s+)?(?:{alt})\b))"
    )
    return before, after


def _struck(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """A force right after a strong trigger of an event done to it ("seized three Ukrainian
    navy vessels", "intercepted two Tu-95 bombers"), not its agent ("escorted by five
    ships") nor its instrument ("with drones"), nor a force of one's own ("scrambled jets")."""
    return object_of_event(
        ctx,
        sent,
        m,
        lambda c: c.term.kind in _AGENT_EVENTS and not ctx.norm.startswith("scrambl", c.start),
        _NOT_STRUCK,
    )


# an instrument, an agent or an origin, or a clause of its own in between
_NOT_STRUCK = frozenset(
    "with using by from as while when after before since until because where".split()
)


def _casualties(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    res = _casualty_res(ctx.lex)
    if res is None:
        return False
    before, after = res
    return (
        before.search(ctx.norm, max(sent.start, m.start - 50), m.start) is not None
        or after.match(ctx.norm, m.end, min(sent.end, m.end + 40)) is not None
    )


_FROM_HOME = re.compile(r" from\s+(?:the\s+)?(?:(?:[\w'-]+\s+){1,5}(?:in|at|near)\s+(?:the\s+)?)?$")


_VAGUE_AREA = re.compile(r"\b(?:region|area|vicinity|zone)$")


def _ships_at_sea(ctx: _Doc, sent: _Sentence, m: Match, best: _Cand) -> _Cand:
    """ "deployed four destroyers in the region", the story at sea and the last land place a
    state: ships are at sea, so "the region" is the sea the story is about."""
    if not (
        best.place.via == "anaphor"
        and _VAGUE_AREA.search(ctx.norm, best.place.start, best.place.end) is not None
        and sent.focus is not None
        and sent.focus.top.feature_code in OPEN_WATER
        and best.place.top.feature_code not in OPEN_WATER
        and best.place.top.feature_code not in _COAST_CODES
    ):
        return best
    force = m if m.term.channel == ASSET else _event_subject(ctx, sent, m, ctx.rules.target_kinds)
    if force is None or force.term.kind != "naval vessel":
        return best
    return _Cand(sent.focus, min(best.strength, 0.55), "discourse", 0, True)


def _nationality(ctx: _Doc, sent: _Sentence, c: _Cand) -> bool:
    """ "NATO soldiers from Italy were hurt": where a force comes from, named on the force
    itself before any shot is told; unlike "fired missiles from Yemen"."""
    # "soldiers from Italy"; "an F-22 from Langley Air Force Base in Virginia", "frigates from
    # the naval base in Toulon": the place locates the home the "from" names
    hit = _FROM_HOME.search(ctx.norm, max(sent.start, c.place.start - 60), c.place.start)
    if hit is None:
        return False
    i = hit.start()
    force = next(
        (
            a
            for a in sent.near("core", i - 80, i)
            if a.term.channel == ASSET and 0 <= i - a.end <= 1
        ),
        None,
    )
    if force is None:
        return False
    c0, _ = sent.clause_span(sent.clause(force.start))
    return not any(
        e.term.channel == EVENT and e.term.kind in _FROM_KINDS and e.end <= force.start
        for e in sent.near("core", c0, force.start)
    )


def _sibling(stmts: list[_Stmt], *, pronoun: bool = False) -> _Cand | None:
    """The place of an earlier dispute statement of the same sentence ("the occupied
    territories ... voted to join Russia in sham referendums": the referendums are there);
    with ``pronoun`` (the dispute word's object is "it"), the place any earlier statement took
    there ("captured the Golan Heights in 1967 and annexed it in 1981")."""
    for st in reversed(stmts):
        if (
            st.places
            and (st.layer == "disputes" or pronoun and not _country(st.places[0]))
            and st.cand.role in ("at", "sibling")
        ):
            return _Cand(st.places[0], st.cand.strength * 0.8, "sibling", 0, True)
    return None


def _country(p: _Place) -> bool:
    return p.top.feature_code in _COUNTRY_CODES


# "annexed it", "occupied them": the dispute's place is the one the sentence just named
_IT_OBJECT = re.compile(r"\s+(?:it|them)\b")


_RELATIVE_LEAD = re.compile(r"\b(?:that|which|who)\s+(?:[a-z]+\s+){0,2}$")


# the start of a verb's object right after it: "scramble fighter jets", "scrambled two F-16s"
_OBJECT_AFTER = re.compile(r"\s+(?:(?:the|a|an|its|their|two|three|four|several|\d+)\s+)?")
# "28 combat aircraft, including Su-30 fighters": the named ones are some of the count
_SUBSET = re.compile(r"\b(?:including|such\s+as|among\s+them|among\s+which|notably)\s")


def _prune(
    stmts: list[_Stmt],
    norm: str,
    asset_starts: frozenset[int] = frozenset(),
    asset_ends: frozenset[int] = frozenset(),
) -> list[_Stmt]:
    """Drop redundant statements: weak incidents next to strong ones, generic assets next to
    named ones of the same kind at the same place, repeated incidents of one kind."""

    def pid(st: _Stmt) -> str:
        return st.places[0].top.gazetteer_id if st.places else ""

    def _force_before(m: Match) -> bool:
        return m.start - 1 in asset_ends

    def _own_object(m: Match) -> bool:
        # "flew near Okinawa, prompting the air force to scramble fighter jets": a vague
        # interception word with its own force as object is an event of its own
        obj = _OBJECT_AFTER.match(norm, m.end)
        return obj is not None and obj.end() in asset_starts

    # "forces withdrew from X, an outcrop that they seized": an event told in a relative
    # clause does not outweigh the clause's own; nor does crossing a line, which says
    # where the line is, not what else the force did there
    strong_events: dict[tuple[int, str], set[str]] = {}
    for s in stmts:
        if (
            s.layer == "incidents"
            and not s.m.term.weak
            and s.m.term is not CROSSING_TERM
            and not _RELATIVE_LEAD.search(norm, max(0, s.m.start - 24), s.m.start)
        ):
            strong_events.setdefault((s.clause, pid(s)), set()).add(s.kind)
    weak_seen: set[tuple[int, str]] = set()
    named: dict[tuple[int, str, str], _Stmt] = {}
    n_named: dict[tuple[int, str, str], int] = {}
    for s in stmts:
        if s.layer == "assets" and not s.m.term.generic:
            key = (s.clause, s.kind, pid(s))
            named.setdefault(key, s)
            n_named[key] = n_named.get(key, 0) + 1
    out: list[_Stmt] = []
    seen_events: set[tuple[int, str, str]] = set()
    for s in sorted(stmts, key=lambda s: (s.m.term.weak, s.m.start)):
        if s.layer == "incidents":
            if s.m.term.weak:
                strong = strong_events.get((s.clause, pid(s)))
                if strong is not None and (
                    s.kind in strong
                    or not (
                        _own_object(s.m)
                        if s.kind == "interception"
                        # "ships fired rockets ..., and later flew a drone": a force's own act
                        else strong <= _PRESENCE_EVENTS and _force_before(s.m)
                    )
                ):
                    continue
                if (s.clause, pid(s)) in weak_seen:
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
            key = (s.clause, s.kind, pid(s))
            other = named.get(key)
            if other is not None and not (
                other.m.start > s.m.end
                and _SUBSET.search(norm, s.m.end, min(other.m.start, s.m.end + 80))
            ):
                # "two destroyers, USS Mason and USS Nitze": the count is of both, not one's
                if s.quantity and not other.quantity and n_named[key] == 1:
                    other.quantity = s.quantity
                continue
        out.append(s)
    return _finer_restated(out)


def _finer_restated(stmts: list[_Stmt]) -> list[_Stmt]:
    """An incident placed only at a country when the sentence places another of its kind
    at a town of that country ("bombs on an artillery piece near Erbil ..., in the first
    American airstrikes in Iraq"): the same event told twice, and the town says where."""
    finer = {
        (s.kind, t.country_code)
        for s in stmts
        if s.layer == "incidents"
        for t in (p.top for p in s.places)
        if t.country_code and t.feature_code not in _COUNTRY_CODES
    }
    if not finer:
        return stmts
    return [
        s
        for s in stmts
        if not (
            s.layer == "incidents"
            and s.line is None
            and len(s.places) == 1
            and s.places[0].top.feature_code in _COUNTRY_CODES
            and (s.kind, s.places[0].top.country_code) in finer
        )
    ]


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
