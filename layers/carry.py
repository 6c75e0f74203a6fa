"""When a statement with no place of its own may take one from the discourse.

A sentence that states something and names no place takes the place the discourse gave its
force ("the destroyer") or the story's current place (:mod:`layers.discourse`), unless it
names a finer place we rejected, an unresolved name or place of its own ("the Ben Guerdane
attack", "near the disputed territories"), or only says what a system can do ("the Tu-160
can carry cruise missiles"). Cue words live in ``layers/data/discourse.json``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from layers._dates import _MONTHS, _WEEKDAYS
from layers._rules import _alt
from layers._sentence import _COUNTRY_CODES, _Cand, _Doc, _Sentence, _words
from layers.discourse import anaphor_rules, fits
from layers.lexicon import ASSET, Lexicon, Match, normalize_phrase
from layers.roles import _people_place

__all__ = ["definite", "in_passing", "may_carry"]


_NAME_BEFORE = re.compile(r"([A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*)*)\s+$")


def _unknown_name_before(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """ "the Ben Guerdane attack": the event's own place is a name we could not resolve, so
    the discourse's current place must not stand in for it."""
    lo = max(sent.start, m.start - 40)
    name = _NAME_BEFORE.search(ctx.text, lo, m.start)
    if name is None or name.start() == sent.start:
        return False
    a, b = name.span(1)
    known = [(t.start, t.end) for t in sent.toponyms] + [(x.start, x.end) for x in sent.actors]
    # "HMS Diamond downed a drone": a force's own name (a ship's) is its subject, no place
    known += [
        (c.start, c.end) for c in sent.near("core", lo - 60, m.start) if c.term.channel == ASSET
    ]
    return not any(s < b and a < e for s, e in known)


# "operate from the Jufra air base", "bombs near the Ta Muen Thom temple": a named site of
# its own, one we could not resolve
_NAMED_SITE = re.compile(
    r"\b((?:[A-Z][\w'\u2019-]*\s+){1,3})(?:air\s*base|air\s*field|airfield|naval\s+base|"
    r"military\s+base|base|barracks|garrison|camp|outpost|checkpoint|temple|monastery|"
    r"mosque|church|bridge|dam|refinery|plant|depot)\b"
)


def _en_route(ctx: _Doc, sent: _Sentence) -> bool:
    got = sent.memo.get("en_route")
    if got is None:
        got = sent.memo["en_route"] = _EN_ROUTE.search(ctx.norm, sent.start, sent.end) is not None
    return bool(got)


def _unknown_site(ctx: _Doc, sent: _Sentence) -> bool:
    got = sent.memo.get("unknown_site")
    if got is None:
        got = sent.memo["unknown_site"] = _find_unknown_site(ctx, sent)
    return bool(got)


def _find_unknown_site(ctx: _Doc, sent: _Sentence) -> bool:
    known = [(t.start, t.end) for t in sent.toponyms]
    return _unknown_name(
        ctx.text,
        _NAMED_SITE,
        sent.start,
        sent.end,
        known,
        lambda a, name: a == sent.start or name.split()[0] in ("The", "A", "An"),
    )


def _unknown_name(
    text: str,
    rx: re.Pattern[str],
    lo: int,
    hi: int,
    known: list[tuple[int, int]],
    skip: Callable[[int, str], bool],
) -> bool:
    """Whether ``rx`` finds in ``text[lo:hi]`` a name (its group 1) that no known mention
    covers; ``skip(start, name)`` leaves out names that are no place ("in March")."""
    for hit in rx.finditer(text, lo, hi):
        a, b = hit.span(1)
        if skip(a, text[a:b]):
            continue
        if not any(s < b and a < e for s, e in known):
            return True
    return False


# "had not entered the town of Khiam", "peacekeepers in Naqoura said": a place of its own
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"  # "Öland", "Île Longue"
_LOCATIVE_NAME = re.compile(
    r"\b(?:(?:in|at|near|into|outside|around|off)\s+"
    # "off the southern tip of Öland", "near the coast of X"
    r"(?:the\s+(?:[a-z-]+\s+){0,2}(?:coast|tip|shores?|edge|outskirts|waters)\s+of\s+)?"
    r"|(?:town|village|city|port|district|province|region|island|camp)\s+of\s+)"
    rf"([{_UPPER}][\w'\u2019-]+(?:\s+[{_UPPER}][\w'\u2019-]+){{0,2}})"
)


def _unknown_place_near(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """A locative phrase in the trigger's clause names a place we could not resolve."""
    c0, c1 = sent.clause_span(sent.clause(m.start))
    lo, hi = max(c0, m.start - 60), min(c1, m.end + 120)
    known = [(t.start, t.end) for t in sent.toponyms] + [(x.start, x.end) for x in sent.actors]
    known += [(c.start, c.end) for c in sent.near("core", lo - 60, hi)]
    # "in March", "on Monday": a date
    return _unknown_name(
        ctx.text,
        _LOCATIVE_NAME,
        lo,
        hi,
        known,
        lambda _a, name: (w := name.split()[0].lower()) in _MONTHS or w in _WEEKDAYS,
    )


# "have attacked more than 80 merchant vessels since November": a tally over a period, no
# event at the story's current place
_TALLY = re.compile(
    r"\b(?:more\s+than|over|at\s+least|nearly|almost|some|about|around)\s+\d[\d,]*\s+"
    r"[^.;:]{0,60}?\b(?:since|so\s+far|to\s+date|this\s+year|in\s+the\s+past)\b"
)


def _tally(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    c0, c1 = sent.clause_span(sent.clause(m.start))
    hit = _TALLY.search(ctx.norm, max(c0, m.start - 30), min(c1, m.end + 90))
    return hit is not None and hit.start() <= m.end + 3 and m.start < hit.end()


def may_carry(ctx: _Doc, sent: _Sentence, m: Match, cands: list[_Cand]) -> bool:
    """Whether a statement with no place of its own may take one from the discourse: not when
    it names a finer place we rejected, a place where people of the story are ("officials in
    Yerevan": the sentence is about them), an unresolved name or place of its own, or only
    says what a system can do."""
    return not (
        # a finer place we rejected ("fighter jets from Naha were scrambled when ...": where
        # another force came from is no place of this statement, the story's still is)
        any(
            c.place.top.feature_code not in _COUNTRY_CODES
            and not _home_of_other(ctx, sent, m, c)
            # "a warship grounded on the reef": the story's own place, named again elsewhere
            and not _is_focus(sent, c)
            # "a P-3C patrol aircraft from Naha Air Base monitored them": its home base, named
            # inside its noun phrase (not "will come from the 7th Bomb Wing at Dyess")
            and not (
                c.role == "origin"
                and m.term.channel == ASSET
                and c.place.top.feature_code in _BASE_CODES
                and _HOME_IN_PHRASE.fullmatch(ctx.norm, m.end, c.place.start) is not None
            )
            for c in cands
        )
        or _elsewhere(ctx, sent)
        or _unknown_name_before(ctx, sent, m)
        or _unknown_place_near(ctx, sent, m)
        or _tally(ctx, sent, m)
        or _unknown_site(ctx, sent)
        or _capability(ctx, sent)
        or _whole_military(ctx, m)
        or _en_route(ctx, sent)
        or _own_unnamed_place(ctx, sent, m)
        or _supported(ctx, sent, m)
        or _SINCE_EVENT.search(ctx.norm, max(sent.start, m.start - 80), m.start) is not None
        or any(_people_place(ctx, sent, p) for p in sent.places)
    )


# "the first command to fall since the military seized power in a 2021 coup": an event that
# dates the story's, elsewhere ("since 2014", "since November" only start a state)
_SINCE_EVENT = re.compile(
    r"\bsince\s+(?!\d|(?:early|late|mid|last|then|"
    + "|".join([*_MONTHS, *_WEEKDAYS])
    + r")\b)[^,;:()]*$"
)


def _supported(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """ "supporting Syrian regime fighters", "Turkey's support of rebels": a force someone
    backs or blames, not one the story puts at its place ("supported by" stays)."""
    rx = _support_re(ctx.lex)
    if rx is None:
        return False
    c0 = sent.clause_span(sent.clause(m.start))[0]
    return rx.search(ctx.norm, max(c0, m.start - 60), m.start) is not None


@lru_cache(maxsize=32)
def _support_re(lex: Lexicon) -> re.Pattern[str] | None:
    verbs = [normalize_phrase(v) for v in lex.config.get("relation_verbs", [])]
    if not verbs:
        return None
    # the force governed: at most three words between, none of them naming the supporter
    return re.compile(
        rf"\b(?:{_alt(verbs)})\s+(?:(?!(?:by|from|and|or)\s)[\w'\u2019.-]+\s+){{0,3}}$"
    )


def _is_focus(sent: _Sentence, c: _Cand) -> bool:
    focus = sent.focus
    return (
        focus is not None
        and bool(focus.top.gazetteer_id)
        and c.place.top.gazetteer_id == focus.top.gazetteer_id
    )


def _home_of_other(ctx: _Doc, sent: _Sentence, m: Match, c: _Cand) -> bool:
    """``c`` is the "from X" of another force word right before it ("fighter jets from
    Naha"), not of ``m``."""
    if c.role != "origin":
        return False
    return any(
        a is not m
        and a.term.channel == ASSET
        and _FROM_GAP.fullmatch(ctx.norm, a.end, c.place.start) is not None
        for a in sent.near("core", c.place.start - 24, c.place.start)
    )


_BASE_CODES = frozenset({"AIRB", "AIRF", "AIRH", "MILB", "NVB", "INSM"})
_HOME_IN_PHRASE = re.compile(r"\s+from\s+[^,;:]{0,60}?")
_FROM_GAP = re.compile(r"\s+from\s+(?:the\s+)?")


# "Greece has put its armed forces on alert": a nation's whole military is wherever the
# nation is, not at the place the story was about
_WHOLE_MILITARY = frozenset(
    ["armed forces", "military", "army", "navy", "air force", "defence forces", "defense forces"]
)
_OWNED_BY = re.compile(r"(?:\b(?:its|their)|'s|s')\s+(?:own\s+|entire\s+|whole\s+)?$")


def _whole_military(ctx: _Doc, m: Match) -> bool:
    word = ctx.norm[m.start : m.end]
    if word == "armed forces" and ctx.norm.endswith("the ", 0, m.start):
        return True  # "the armed forces are fully prepared": the nation's
    return word in _WHOLE_MILITARY and bool(
        _OWNED_BY.search(ctx.norm, max(0, m.start - 20), m.start)
    )


# "shadowed by Norwegian jets during part of their flight": on the way, not where they went
_EN_ROUTE = re.compile(
    r"\b(?:during|for|throughout)\s+(?:(?:part|parts|much|most|some)\s+of\s+)?(?:their|its|the)\s+"
    r"(?:flight|flights|journey|voyage|transit|trip|passage|crossing)\b"
    r"|\ben\s+route\b|\bon\s+(?:their|its|the)\s+way\b"
)

_ELSEWHERE_MAX = 20
_LOCATIVE_WORDS = frozenset("in of near into inside across over around throughout".split())


def _elsewhere(ctx: _Doc, sent: _Sentence) -> bool:
    """The sentence puts things in another country than the story's place ("defended parts of
    eastern Ukraine against the counter offensive" in a story at Caracas)."""
    focus = sent.focus
    if focus is None or not focus.top.country_code:
        return False
    for p in sent.places[:_ELSEWHERE_MAX]:  # bounded: a sentence of many places stays linear
        top = p.top
        if top.feature_code in _COUNTRY_CODES and top.country_code != focus.top.country_code:
            before = _words(ctx.norm[max(sent.start, p.start - 30) : p.start])[-3:]
            if _LOCATIVE_WORDS & set(before):
                return True
    return False


# (the determiner of a head before "of" is not the force's: "the deployment of Russian
# mercenaries" names new ones)
_DEFINITE = re.compile(
    r"\b(?:the|these|those|both|its|their|this|that|such)\s+(?:(?!of\s)[\w.-]+\s+){0,3}$",
    re.IGNORECASE,
)


def definite(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """The force word refers back: "the destroyer", "these aircraft", "both jets"."""
    return _DEFINITE.search(ctx.text, max(sent.start, m.start - 40), m.start) is not None


# "toward the Nitze", "at the soldiers", "the bombers' deployment": a reference back as a
# preposition's complement or a possessor ("by" names an agent, "of" a head's subject)
_IN_PASSING_BEFORE = re.compile(
    r"\b([a-z]+)\s+(?:the|these|those|its|their|this|that)\s+"
    r"(?:(?!(?:as|of|in|to|for|and|or|with)\s)[\w'\u2019.-]+\s+){0,2}$"
)
_POSSESSIVE_AFTER = re.compile(r"(?:'|\u2019)(?:s\b|\s)")


def in_passing(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """A force word that refers back ("the destroyer") is only mentioned: the object of a
    preposition ("boats sped toward the Nitze", "threw rocks at the soldiers") or a
    possessor ("the bombers' deployment"); it restates no posture of its own."""
    if _POSSESSIVE_AFTER.match(ctx.text, m.end):
        return True
    hit = _IN_PASSING_BEFORE.search(ctx.norm, max(sent.start, m.start - 40), m.start)
    if hit is None:
        return False
    word = hit.group(1)
    if word == "of":  # "parachuting out of the plane", "within 300 yards of the ship"
        return _OUT_OF.search(ctx.norm, max(sent.start, hit.start() - 40), hit.start(1)) is not None
    return word != "by" and word in ctx.rules.attach1


_OUT_OF = re.compile(
    r"(?:\bout|\d\s*(?:yards?|feet|ft|m|metres?|meters?|km|kilomet(?:re|er)s?|miles?))\s+$"
)

_NAME_LOOKBACK = 20_000  # characters
# a name in or right after a force word: "frigate HMS Montrose", "the destroyer Nitze"
_NAME_IN = re.compile(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")


def new_name(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """The force is named, by a name the document has not used before this sentence ("The
    British frigate HMS Montrose was an hour away"): a new one, whatever its article."""
    text = ctx.text
    span = text[m.start : m.end]
    hit = _NAME_IN.search(span, 1)
    if hit is None:
        after = _NAME_IN.match(text, m.end + 1) if text[m.end : m.end + 1] == " " else None
        if after is None:
            return False
        name = after.group()
    else:
        name = hit.group()
    last = name.split()[-1]
    # looked for in the story's last pages only: time stays linear in the document
    return len(last) > 2 and text.find(last, max(0, sent.start - _NAME_LOOKBACK), sent.start) < 0


def _own_unnamed_place(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """ "exercises near the disputed territories", "reinforced its own northern border": the
    clause gives its own place, one we could not resolve; the discourse's place must not stand
    in for it."""
    rx = _unnamed_re(ctx.lex)
    if rx is None:
        return False
    c0, c1 = sent.clause_span(sent.clause(m.start))
    spans = [(p.start, p.end) for p in sent.places]
    codes = anaphor_rules(ctx.lex).codes
    for hit in rx.finditer(ctx.norm, c0, c1):
        if any(a < hit.end() and hit.start() < b for a, b in spans):
            continue
        noun = hit.group("noun")
        if noun is None:
            return True  # "the warplanes that crossed the median line": a line of its own
        one = noun[:-3] + "y" if noun.endswith("ies") else noun.rstrip("s")
        kinds = codes.get(noun) or codes.get(one)
        if kinds and sent.focus is not None and fits(sent.focus.top, kinds, " " + one):
            continue  # "on the sites": the place the story is at
        return True
    return False


@lru_cache(maxsize=32)
def _unnamed_re(lex: Lexicon) -> re.Pattern[str] | None:
    cfg = lex.config
    nouns = {normalize_phrase(n) for n in [*cfg.get("anaphors", {}), *cfg.get("place_nouns", [])]}
    nouns |= {n[:-1] + "ies" if n.endswith("y") else n + "s" for n in nouns if n[-1] != "s"}
    if not nouns:
        return None
    lines = "line|lines|zone|boundary|airspace"  # "crossed the median line", "entered the zone"
    return re.compile(
        r"\b(?:(?:in|at|near|off|over|inside|along|across|into|around|on|from)\s+the|its|their)\s+"
        rf"(?:[a-z-]+\s+){{0,3}}(?P<noun>{_alt(sorted(nouns))})\b"
        r"|\b(?:cross(?:ed|es|ing)?|enter(?:ed|s|ing)?|violat(?:ed|es|ing|e)|breach(?:ed|es|ing)?)"
        rf"\s+the\s+(?:[a-z-]+\s+){{0,3}}(?P<line>{lines})\b"
    )


def _capability(ctx: _Doc, sent: _Sentence) -> bool:
    """ "The Tu-160 can carry cruise missiles", "the Su-25 is often used for close air
    support": a description of a system, not of where it is."""
    rx = _capability_re(ctx.lex)
    return rx is not None and rx.search(ctx.norm, sent.start, sent.end) is not None


@lru_cache(maxsize=32)
def _capability_re(lex: Lexicon) -> re.Pattern[str] | None:
    cues = [normalize_phrase(c) for c in lex.config.get("capability_cues", [])]
    return re.compile(rf"\b(?:{_alt(cues)})\b") if cues else None
