"""The actor of a statement: demonyms, actor words, the clause subject, "by X", operators."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from geo.model import Toponym
from layers._sentence import (
    _COUNTRY_CODES,
    _NEXT_WORD,
    _Doc,
    _Place,
    _Sentence,
    _words,
    list_start,
    participle_of_noun,
)
from layers.lexicon import ACTOR, ASSET, EVENT, Lexicon, Match
from layers.roles import (
    _POSSESSED,
    _compound,
    _is_source,
    _named_between,
    _relative_clause,
    sponsored,
)

# Incident kinds whose object is their target ("struck a Russian submarine"); with
# ``target_kinds`` from the lexicon. A passive one's subject is its target too.
_HITS = frozenset({"strike", "attack", "shoot-down", "harassment", "seizure", "interception"})
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|get|gets|got)\s+(?:[a-z]+ly\s+)?$")
_AUX = frozenset(
    "was were is are be been being has have had will would could can may might did does do "
    "that which who".split()
)
_PRONOUN_SUBJECT = re.compile(r"\s+(?:that\s+)?(?:it|they|we)\s+(?:[a-z]+\s+){0,2}$")
SPEAKER = 3  # rank of a speaker's mention: never the actor, except through "it"/"they"


@lru_cache(maxsize=32)
def _speech_re(lex: Lexicon) -> re.Pattern[str] | None:
    """A speech verb after a mention and a few words of its noun phrase, no comma between:
    "Kyiv reported", "Russia's defence ministry said", "NATO officials in Brussels told"."""
    cfg = lex.config
    verbs = sorted({*cfg.get("speaker_after", []), "reported", "reports"}, key=len, reverse=True)
    if not verbs:
        return None
    alt = "|".join(re.escape(v) for v in verbs)
    return re.compile(rf"(?:'s)?(?:\s+[^\s,;:.()]+){{0,5}}?\s+(?:{alt})\b")


def _speech_end(ctx: _Doc, sent: _Sentence, start: int, end: int) -> int:
    """Where the speech verb of a speaker's mention at ``start:end`` ends ("Kyiv reported",
    "Russia's defence ministry said"; ``end`` for "according to X"), or -1 for no speaker."""
    norm = ctx.norm
    if re.search(
        r"\b(?:according to|citing)\s+(?:[^\s,;:]+\s+){0,2}$", norm[max(0, start - 30) : start]
    ):
        return end
    rx = _speech_re(ctx.lex)
    sm = rx.match(norm, end, min(sent.end, end + 70)) if rx else None
    if sm is None:
        return -1
    between = _words(sm.group())[:-1]
    if between and between[0] == "'s":
        between = between[1:]
        if not between:
            return -1  # "Russia's announced ...": not a speaker's noun phrase
    if any(w in _AUX for w in between) or (between and between[-1].endswith("ly")):
        return -1  # "Russia has deployed troops, it said", "Russia's widely announced plan"
    # no incident trigger between: "Russian troops shelled Kherson officials said"
    if any(c.term.channel == EVENT and end <= c.start and c.end <= sm.end() for c in sent.core):
        return -1
    return sm.end()


def _speaker(ctx: _Doc, sent: _Sentence, start: int, end: int) -> bool:
    """Whether the mention at ``start:end`` names who speaks, not who acts."""
    return _speech_end(ctx, sent, start, end) >= 0


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
            return str(place.name)
    return t.name


def _actor_candidates(ctx: _Doc, sent: _Sentence) -> list[tuple[int, int, str, int]]:
    """(start, end, actor, rank) for every actor-bearing mention; lower rank = stronger."""
    out: list[tuple[int, int, str, int]] = []
    tspans = [(t.start, t.end) for t in sent.toponyms]
    norm = ctx.norm
    states = _states(ctx.lex)
    owners = {t.end: _country_name(ctx, t) for t in sent.toponyms if t.country_code}
    owners.update((a.end, a.term.kind) for a in sent.actors if a.term.weak)
    for a in sent.actors:
        if a.term.weak and any(t0 < a.end and a.start < t1 for t0, t1 in tspans):
            continue  # the geoparser tagged this spot already
        if re.match(
            r"\s*(?:\S+\s+)?(?:sources?|intelligence reports?)\b", norm[a.end : a.end + 30]
        ):
            continue  # a source, not an actor
        name = a.term.kind
        if not a.term.weak and name in states:
            # "China's coast guard", "Swedish Royal Navy": the owner's institution
            name = _owner(ctx, a.start, owners) or name
        rank = 0 if not a.term.weak else 1
        out.append((a.start, a.end, name, SPEAKER if _speaker(ctx, sent, a.start, a.end) else rank))
    for t in sent.toponyms:
        if not t.country_code and t.feature_code not in _COUNTRY_CODES and t.feature_code != "SEAT":
            continue  # "Caribbean", "African": a region is not a side
        if t.start in ctx.dateline:
            continue  # "SINGAPORE (Reuters) - China opened its first base": where it was filed
        if _is_source(ctx, t.start, t.end) or _speaker(ctx, sent, t.start, t.end):
            out.append((t.start, t.end, _country_name(ctx, t), SPEAKER))
            continue  # "according to Ukrainian intelligence", "Kyiv reported": who speaks
        if _compound(ctx, t.end) or sponsored(ctx.text, t.start):
            continue  # "U.S.-made", "Iran-backed", "allied to Iran": the maker or sponsor
        if t.adjective and _place_modifier(ctx, t.end):
            continue  # "the Ukrainian city of Dnipro": names the place, not a side
        if t.adjective and _civilians(ctx, t.end):
            continue  # "a Bangladeshi woman was killed": a victim, not a side
        if t.adjective:
            out.append((t.start, t.end, _country_name(ctx, t), 1))
        elif not t.literal:
            out.append((t.start, t.end, _country_name(ctx, t), 1))
        elif t.feature_code in _COUNTRY_CODES:
            after = ctx.norm[t.end : t.end + 2]
            out.append((t.start, t.end, _country_name(ctx, t), 1 if after == "'s" else 2))
    out.sort()
    return out


@lru_cache(maxsize=32)
def _states(lex: Lexicon) -> frozenset[str]:
    """Actor names that are states (those with a demonym): "Royal Navy", not "Hezbollah"."""
    return frozenset(t.kind for t in lex.terms if t.channel == ACTOR and t.weak)


def _owner(ctx: _Doc, start: int, owners: dict[int, str]) -> str:
    """The country or demonym right before an actor word ("China's coast guard")."""
    gap = ctx.norm[max(0, start - 3) : start]
    for g in ("'s ", " "):
        if gap.endswith(g) and start - len(g) in owners:
            return owners[start - len(g)]
    return ""


def _place_modifier(ctx: _Doc, end: int) -> bool:
    nxt = _NEXT_WORD.match(ctx.norm, end)
    if not nxt or nxt.start(1) - end > 1:
        return False
    return nxt.group(1).split()[0] in ctx.rules.place_nouns


def _civilians(ctx: _Doc, end: int) -> bool:
    nxt = _NEXT_WORD.match(ctx.norm, end)
    if not nxt or nxt.start(1) - end > 1:
        return False
    if not ctx.text[nxt.start(1)].islower():
        return False  # "Somali National Army forces": a name
    words = nxt.group(1)
    nouns = ctx.rules.civilian_nouns
    return words in nouns or words.split()[0] in nouns


def _modifies_other(sent: _Sentence, a1: int, m: Match) -> bool:
    """An actor word that is the modifier of another trigger ("a Russian submarine")."""
    return any(
        c is not m and c.term.channel == ASSET and c.start < m.start
        for c in sent.near("core", a1, a1 + 3)
    )


def object_of_event(
    ctx: _Doc,
    sent: _Sentence,
    m: Match,
    accept: Callable[[Match], bool],
    stop: frozenset[str],
) -> bool:
    """``m`` is the object of a strong event trigger right before it in its clause (at most 4
    words between them, none of ``stop``), one that ``accept`` takes."""
    clause = sent.clause(m.start)
    for c in sent.near("core", m.start - 120, m.start):
        if c.end > m.start or c.term.channel != EVENT or c.term.weak or not accept(c):
            continue
        gap = _words(ctx.norm[c.end : m.start])
        # "struck a convoy of seven vehicles and a mortar position": a later object of a list
        # (a list of noun phrases only: "a car bomb at the gate ... and gunmen" is no list)
        listed = {"and", "or"} & set(gap[-3:]) and not (ctx.rules.attach1 - {"of"}) & set(gap)
        reach = _LIST_REACH if listed else 4
        if sent.clause(c.start) == clause and len(gap) <= reach and not stop & set(gap):
            return True
    return False


_LIST_REACH = 10  # words between a trigger and the last object of its list


_INSTRUMENT = frozenset({"with", "using"})


def _is_target(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """A force named right after an attack-like trigger is its target ("attacked merchant
    ships", "shot down 14 drones"): the clause subject is not its actor."""
    if m.term.channel != ASSET:
        return False
    kinds = ctx.rules.target_kinds
    return object_of_event(
        ctx, sent, m, lambda c: c.term.kind in kinds or c.term.kind == "strike", _INSTRUMENT
    )


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
        # "the Swedish corvette HMS Visby": a demonym on the ship beats the prefix's navy
        own, _ = _in_phrase(ctx, sent, m, actors, m.start, sent.clause(m.start))
        return own or (term.operators[0] if term.operators else "")
    norm = ctx.norm
    if term.channel == EVENT and participle_of_noun(norm, m):
        return ""  # "the Indian Navy escorted the hijacked ship": not who hijacked it
    lead = norm[max(sent.start, m.start - 40) : m.start]
    speakers = [a for a in actors if a[3] == SPEAKER and a[1] <= m.start]
    for a0, a1, name, _rank in reversed(speakers):
        said = _speech_end(ctx, sent, a0, a1)
        if m.start < said:
            return name  # "Kenya Defense Forces said": the speaker's own forces
        if _PRONOUN_SUBJECT.match(norm, said, m.start) and m.start - said <= 40:
            return name  # "Russia said it shot down ...": the speaker is the subject
    actors = [a for a in actors if a[3] != SPEAKER]
    clause = sent.clause(m.start)
    hit = term.channel == EVENT and (term.kind in ctx.rules.target_kinds or term.kind in _HITS)
    passive = hit and bool(_PASSIVE.search(lead))
    # 1. inside the noun phrase: "Russian transport plane", "Houthi drones", "Russia's S-400";
    # a list's members share its head's ("Russian troops, ships and aircraft")
    head = list_start(ctx, sent, m).start
    for pos in (m.start, head) if head < m.start else (m.start,):
        found, actors = _in_phrase(ctx, sent, m, actors, pos, clause)
        if found is not None:
            return found
    sole = term.operators[0] if term.channel == ASSET and len(term.operators) == 1 else ""
    if fought_between(norm, m) or (
        term.channel == ASSET
        and _BETWEEN_BEFORE.search(norm, max(sent.start, m.start - 80), m.start)
    ):
        return sole  # "clashes between government forces and Druze fighters": two parties
    if _is_target(ctx, sent, m):
        return sole
    # 2. agent after the trigger: "attacked by Houthi rebels", "shot down by Russia".
    tail = norm[m.end : min(sent.end, m.end + 60)]
    by = re.match(r"\W*(?:[^\s,;:.]+\s+){0,3}?by\s+", tail)
    if by and not (term.channel == ASSET and _hit_between(ctx, sent, m.end, m.end + by.end())):
        pos = m.end + by.end()  # not "a ship was attacked by ...": the ship is the target
        for a0, _a1, name, _rank in actors:
            if pos <= a0 <= pos + 25:
                return name
    if passive or (term.channel == EVENT and _VICTIM_LEAD.search(lead)):
        return ""  # "a Russian submarine was struck", "a Kenyan officer was killed in an ambush"
    if "against" in _words(norm[max(sent.start, m.start - 30) : m.start])[-3:]:
        return sole  # "fought against separatist forces": a target, not the clause's subject
    if term.channel == ASSET and _OPPONENT_LEAD.search(lead):
        return sole  # "insurgents attacked the town, clashing with soldiers": the other side
    if _BOTH_PARTIES.search(norm, max(sent.start, m.start - 60), m.start):
        return ""  # "..., and the two sides fought over the temple": more than one party
    # 3a. "its/their forces": the sentence subject, the first party named in the sentence.
    lead3 = _words(norm[max(sent.start, m.start - 25) : m.start])[-3:]
    if "its" in lead3 or "their" in lead3:
        for a0, a1, name, _rank in reversed(actors):
            # "urged Russia to withdraw its troops", "demanded that India pull back its
            # troops": the party that opens the clause of "its" is its subject
            if (
                a1 <= m.start
                and _CLAUSE_SUBJECT.fullmatch(norm, a1, m.start)
                and (norm[a1 : a1 + 4] == " to " or _THAT_BEFORE.search(norm, max(0, a0 - 10), a0))
            ):
                return name
        if speakers:
            return speakers[-1][2]  # "Russia said its forces ...": the nearest speaker
        for a0, a1, name, rank in actors:
            if a1 <= m.start and (rank < 2 or not _governed(ctx, sent, a0)):
                return name
    # 3. the clause subject: nearest actor-bearing mention before the trigger in the clause.
    c0, _ = sent.clause_span(clause)
    best = None
    best_span = (-1, -1)
    for a0, a1, name, _rank in actors:
        if a1 <= m.start and a0 >= c0:
            if _governed(ctx, sent, a0, 1 if _rank == 2 else 2):
                continue  # "against Venezuelan networks", "in Ukraine": not the subject
            if _modifies_other(sent, a1, m):
                continue  # "struck a Russian submarine ... with missiles"
            if _owns_other(ctx, sent, a1, m):
                continue  # "said it backed Somalia's sovereignty and later sent troops"
            best = name
            best_span = (a0, a1)
    if best:
        return "" if _with_partner(ctx, actors, *best_span, best) else best
    # 4. earlier in the sentence (demonyms, metonyms and actor words only), not from an
    # aside about another party ("Sweden, which is not a member of NATO, ... stationed").
    inside = _relative_clause(ctx, sent, m.start)
    c0 = sent.clause_span(clause)[0]
    fresh = max(
        (
            x.start()
            for x in _NAMED_SUBJECT.finditer(ctx.text, max(sent.start, m.start - 300), m.start)
        ),
        default=-1,
    )
    for a0, a1, name, rank in reversed(actors):
        if a1 <= m.start and rank < 2 and not _modifies_other(sent, a1, m):
            if not inside and _relative_clause(ctx, sent, a0):
                continue
            if a1 < fresh:
                continue  # "Morocco did not say ..., but the Polisario Front ... claimed attacks"
            if rank == 1 and not _POSSESSED.match(ctx.norm, a1) and _governed(ctx, sent, a0):
                continue  # "attacks by unmanned boats" after "the Black Sea Fleet": a place's
            if inside and a1 < c0 - _ANTECEDENT_REACH:
                continue  # "a militant group that has attacked ...": its antecedent's actor
            if _owns_other(ctx, sent, a1, m):
                continue
            return "" if _with_partner(ctx, actors, a0, a1, name) else name
    # 5. the sole operator of a named system.
    return sole


def _in_phrase(
    ctx: _Doc,
    sent: _Sentence,
    m: Match,
    actors: list[tuple[int, int, str, int]],
    pos: int,
    clause: int,
) -> tuple[str | None, list[tuple[int, int, str, int]]]:
    """The actor named inside the noun phrase whose head stands at ``pos`` (None: none), and
    the actors left to look at (a maker's demonym is dropped)."""
    term = m.term
    for a0, a1, name, rank in reversed(actors):
        if a0 >= m.end or rank == 2:
            continue
        if a0 < pos < a1 or (a1 <= pos and pos - a1 <= 40):
            gap = ctx.text[a1:pos] if a1 <= pos else ""
            if (
                not re.search(r"[,;:.()!?]\s|\s-\s|[\u2013\u2014]", gap + " ")
                and len(_words(gap)) <= 5
                and not _AUX & set(_words(gap))  # "Russian bombers were intercepted"
                and not any(
                    c.term.channel == EVENT and a1 <= c.start and c.end <= pos
                    for c in sent.near("core", a1, pos)
                )  # "the Houthis have attacked ... ships": the subject of a verb, not a modifier
            ):
                if a1 <= pos and sent.clause(a0) != clause:
                    continue
                if (
                    term.channel == ASSET
                    and term.kind not in _PEOPLE_KINDS
                    and _ACQUIRED.search(ctx.norm, max(sent.start, a0 - 40), a0)
                ):
                    # "Turkey bought Russian S-400 systems": the maker, not who holds them
                    return None, [a for a in actors if a[0] != a0]
                if _with_partner(ctx, actors, a0, a1, name):
                    return "", actors  # "Indian and Pakistani troops exchanged fire": both
                return name, actors
            break
    return None, actors


# the parties of a fight "between" them: neither is the actor of the fight or of the other
_BETWEEN_AFTER = re.compile(r"\s+between\s")


def fought_between(norm: str, m: Match) -> bool:
    """The trigger names a fight between parties ("clashes between X and Y"): no one actor."""
    return (
        m.term.channel == EVENT
        and m.term.kind in ("clash", "attack")
        and _BETWEEN_AFTER.match(norm, m.end) is not None
    )


_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:[\w'-]+\s+){0,4}(?:and\s+(?:[\w'-]+\s+){0,3})?$")
# a party, its clause's verb (after "to" or a "that" before the party) and "its"/"their"
_CLAUSE_SUBJECT = re.compile(
    r"(?:\s+to)?\s+[a-z]+(?:\s+(?:back|out|down|up|off))?\s+(?:its|their)\s+(?:[\w-]+\s+){0,2}"
)
_THAT_BEFORE = re.compile(r"\bthat\s+(?:the\s+)?$")


_BOTH_SIDES = re.compile(r"\s+(?:and|or)\s+")
# forces made of people: no maker's demonym ("received French troops" are still France's)
_PEOPLE_KINDS = frozenset({"ground forces", "irregular forces", "advisers"})
# a verb of acquiring right before the equipment's demonym: that demonym names its maker
_ACQUIRED = re.compile(
    r"\b(?:bought|buys|buying|purchased|purchases|acquired|acquires|received|receives|"
    r"obtained|took\s+delivery\s+of)\s+(?:the\s+|its\s+|their\s+)?(?:first\s+|new\s+)?"
    r"(?:[\w,-]+\s+)?$"
)


def _with_partner(
    ctx: _Doc, actors: list[tuple[int, int, str, int]], a0: int, a1: int, name: str
) -> bool:
    """Another party joined by "and" to the one at ``a0:a1``: "Indian and Pakistani troops",
    "Philippine and American troops"."""
    return any(
        b[2] != name
        and (
            (b[1] <= a0 and _BOTH_SIDES.fullmatch(ctx.text, b[1], a0))
            or (a1 <= b[0] and _BOTH_SIDES.fullmatch(ctx.text, a1, b[0]))
        )
        for b in actors
    )


# a later clause with a subject of its own, named: "..., but the Polisario Front"
_NAMED_SUBJECT = re.compile(
    r"[,;]\s+(?:but|while|whereas|and|although|though)\s+(?:the\s+)?[A-Z][\w'\u2019-]*"
)
# how far before a relative clause its antecedent's actor word may stand
_ANTECEDENT_REACH = 80


# the subject is the parties together: "the two sides fought", "both countries have clashed"
# the subject died or was taken in the event: a victim, not its agent
_VICTIM_LEAD = re.compile(
    r"\b(?:was|were|been|is|are|being)\s+(?:[a-z]+ly\s+)?(?:killed|wounded|injured|hurt|"
    r"captured|abducted|kidnapped)\s+(?:in|during)\s+(?:[a-z-]+\s+){0,2}$"
)
# a force right after "clashing with": the opponent of the clause's subject
_OPPONENT_LEAD = re.compile(
    r"\b(?:clash(?:ed|es|ing)?|fight(?:s|ing)?|fought|battl(?:ed|es|ing)|skirmish(?:ed|es|ing)?)"
    r"\s+with\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}$"
)
_BOTH_PARTIES = re.compile(
    r"\b(?:the\s+two|both|the\s+rival)\s+(?:sides|countries|nations|neighbou?rs|armies|"
    r"rivals|states|parties|militaries|forces)\s+(?:(?:have|had|has|also|again|then|once|"
    r"repeatedly|previously)\s+)*$"
)


def _owns_other(ctx: _Doc, sent: _Sentence, a1: int, m: Match) -> bool:
    """The actor is the owner in "<actor>'s <noun>" and the noun is neither the trigger nor
    a force word ("Somalia's sovereignty"): an object's owner, not the clause's subject."""
    pos = _POSSESSED.match(ctx.norm, a1)
    if pos is None or pos.end() >= m.start:
        return False
    nxt = next(iter(sent.near("core", pos.end(), pos.end() + 1)), None)
    if nxt is not None and nxt.term.channel == ASSET:
        return False
    # an object's owner follows its verb ("backed Somalia's sovereignty"); a subject's owner
    # opens its clause ("Colombia's government sent", "..., and Mali's army took")
    prev = _PREV_WORD.search(ctx.text, max(sent.start, a1 - 60), a1)
    if prev is None:
        return False
    word = prev.group(1)
    return word.islower() and word not in _OPENERS


# the word right before an actor's name ("backed Somalia's"): letters, one space, the name
_PREV_WORD = re.compile(r"\b([A-Za-z]+) (?:the )?[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*)*$")
_OPENERS = frozenset(
    "and but or that as while when after before because since then also said says saying "
    "told added reported according".split()
)


def _governed(ctx: _Doc, sent: _Sentence, pos: int, span: int = 2) -> bool:
    """Whether a preposition stands within ``span`` words before ``pos``."""
    r = ctx.rules
    before = _words(ctx.norm[max(sent.start, pos - 40) : pos])
    while before and before[-1] in r.direction_words:
        before.pop()  # "in northwestern Syria": the preposition governs the place still
    before = before[-span:]
    return any(w in r.attach1 for w in before) or (
        len(before) == 2 and f"{before[0]} {before[1]}" in r.attach2
    )


# a force named as what a mission or fight is against
_AGAINST = re.compile(r"\bagainst\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}$")


# a subordinate clause with a subject of its own opens between a force and a trigger
_NEW_SUBJECT = re.compile(r"\b(?:when|while|after|before|because|until)\s+(?:a|an|the)\s")


def _event_subject(ctx: _Doc, sent: _Sentence, m: Match, targets: frozenset[str]) -> Match | None:
    clause = sent.clause(m.start)
    best = None
    best_d = 10**9
    own = any(  # "an Israeli strike": the trigger has its own actor, not the earlier force's
        (t.adjective or t.feature_code in _COUNTRY_CODES) and 0 <= m.start - t.end <= 1
        for t in sent.near("toponyms", m.start - 80, m.start)
    ) or any(0 <= m.start - x.end <= 1 for x in sent.near("actors", m.start - 80, m.start))
    hit = m.term.kind in targets or m.term.kind in _HITS
    lead = ctx.norm[max(sent.start, m.start - 40) : m.start]
    passive = hit and bool(_PASSIVE.search(lead)) or bool(_VICTIM_LEAD.search(lead))
    # the sentence's force words near the trigger (the distances accepted below are shorter)
    for a in sent.near("core", m.start - 200, m.end + 100):
        if a.term.channel != ASSET or sent.clause(a.start) != clause:
            continue
        if a.start >= m.end and not _agent_of(ctx, m, a):
            if m.term.kind in targets or (hit and _object_of(ctx, m, a)):
                continue  # "struck a Russian airbase": the target, not the subject
        if passive and a.end <= m.start:
            continue  # "a Russian submarine was struck", "a soldier was killed in an ambush"
        if a.end <= m.start and _AGAINST.search(ctx.norm, max(sent.start, a.start - 40), a.start):
            continue  # "a mission against Islamist militants when it struck": their target
        if a.end <= m.start and "that" in _words(ctx.norm[a.end : m.start])[1:]:
            continue  # "a visit to troops near the border that a ground operation": apart
        if a.end <= m.start and _NEW_SUBJECT.search(ctx.norm, a.end, m.start):
            continue  # "kept troops there since 1992, when a war ended": the war's own clause
        if own and a.end <= m.start and _named_between(sent, a.end, m.start - 2):
            continue
        d = m.start - a.end if a.end <= m.start else (a.start - m.end) * 2 + 5
        reach = 70 if a.end <= m.start else 160 if _agent_of(ctx, m, a) else 100
        if d < best_d and d <= reach:
            best, best_d = a, d
    return best


def _object_of(ctx: _Doc, m: Match, a: Match) -> bool:
    """Whether the asset ``a`` right after the trigger ``m`` is its object ("struck a Russian
    airbase"), not its instrument ("struck the city with missiles") or agent ("by drones")."""
    gap = _words(ctx.norm[m.end : a.start])
    return len(gap) <= 4 and not {"with", "using", "by", "from"} & set(gap)


def _hit_between(ctx: _Doc, sent: _Sentence, a: int, b: int) -> bool:
    r = ctx.rules
    return any(
        c.term.channel == EVENT
        and a <= c.start
        and c.end <= b
        and (c.term.kind in r.target_kinds or c.term.kind in _HITS)
        for c in sent.core
    )


def _agent_of(ctx: _Doc, m: Match, a: Match) -> bool:
    """ "attacked by Houthi rebels", "attacks on ships in the Red Sea by the Houthi rebels":
    the asset after the trigger is its agent."""
    words = _words(ctx.norm[m.end : a.start])
    return "by" in words[:4] or "by" in words[-3:] and "," not in ctx.norm[m.end : a.start]
