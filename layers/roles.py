"""Place mentions of a sentence and how each trigger attaches to one (at, to, from, lines)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import lru_cache
from typing import Any

from geo.geodesy import midpoint
from geo.model import Toponym
from geo.outlines import country_holds
from layers._context import territory_subject
from layers._dates import _WEEKDAYS
from layers._rules import _alt
from layers._sentence import (
    _COUNTRY_CODES,
    _NEXT_WORD,
    ASIDE,
    LIST_JOIN,
    NAMED_CLAUSE,
    _Cand,
    _Doc,
    _Place,
    _Sentence,
    _words,
    list_end,
)
from layers.borders import BORDER_CODE
from layers.lexicon import ASSET, DISPUTE, EVENT, Lexicon, Match, normalize_phrase
from layers.precision import location_precision
from layers.relative import relative_before

# Words that may follow a place used as a noun ("in the Caribbean, ...", "the Arctic and ...").
_FUNCTION_WORDS = frozenset(
    "and or as is was were are has have had will would could can may might which that where "
    "while but since after before when amid for to in at of on by with from into near".split()
)
_SITE_KINDS = frozenset({"base", "infrastructure"})
# a capital as the subject of an active verb: the government ("Kyiv has relied on", "Bamako
# has leaned on"); not a passive or a copula ("Kyiv was hit", "Kyiv has been shelled")
_CAPITAL_ACTS = re.compile(
    r"\s+(?:has|have|had|will|would|could|can|may|might|must|should|says|said|announced|plans|"
    r"intends|wants)\s+(?!been\b|be\b)"
)
_SUBJECT_NEXT = [
    [w]
    for w in "has have had is are was were will would could can may might must should shall "
    "did does do says said announced plans intends wants".split()
]


def _places(ctx: _Doc, tops: list[Toponym], core: list[Match]) -> list[_Place]:
    """Literal place mentions of a sentence (not inside a trigger), plus demonym + locative head."""
    spans = [(m.start, m.end) for m in core if m.term.channel == ASSET]
    span_starts = [a for a, _ in spans]
    core_starts = [m.start for m in core]
    starts = {t.start: t for t in tops if t.literal and not t.adjective}
    out: list[_Place] = []
    for t in tops:
        i = bisect_right(span_starts, t.start) - 1  # the last force word starting before it
        if i >= 0 and t.end <= spans[i][1]:
            continue
        if not _as_place(ctx, t):
            continue
        if t.feature_code in _REGION_CODES and _WAR_NAME.match(ctx.norm, t.end):
            continue  # "captured it in the 1967 Mideast war": the war's name, a time
        if t.adjective and t.literal and _noun_use(ctx, t):
            out.append(_Place(t, t.start, t.end))
            continue
        if t.adjective and _ETHNIC.search(ctx.norm, max(0, t.start - 10), t.start):
            continue  # "the ethnic Armenian enclave", "ethnic Serbs": people, not the state
        if (
            not t.adjective
            and t.feature_code in _COUNTRY_CODES
            and _INDEFINITE_BEFORE.search(ctx.norm, max(0, t.start - 24), t.start)
        ):
            continue  # "a kidnapped New Zealand pilot": a nationality, no place
        if t.adjective:
            rx = ctx.rules.locative_re
            if t.literal and rx is not None:
                m = rx.match(ctx.text, t.end)
                # "Russian border guards": the head modifies a force word, it is no place
                j = bisect_right(span_starts, m.end()) - 1 if m else -1
                if m and _NAMED_NEXT.match(ctx.text, m.end()):
                    continue  # "the Kurdish enclave of Afrin": Afrin is the place
                if m and m.end() - t.end <= 40 and not (j >= 0 and m.end() - 1 < spans[j][1]):
                    capital = _capital_of(ctx, t, m) if _CAPITAL.search(m.group()) else None
                    out.append(capital or _Place(t, t.start, t.end, factor=0.8))
            continue
        if not t.literal and not (
            _passive_target(ctx, t, core, core_starts)
            or _self_determined(ctx, t, core, core_starts)
        ):
            continue
        own = _OWN_CAPITAL.match(ctx.text, t.end) if t.feature_code in _COUNTRY_CODES else None
        capital = _capital_of(ctx, t, own) if own is not None else None
        if capital is not None:
            out.append(capital)  # "landed in Haiti's capital": Port-au-Prince
            continue
        if _describes_next(ctx, t, starts):
            continue  # "the Red Sea city of Jeddah": Jeddah is the place, the sea describes it
        if t.feature_code in _WATER_CODES and _SETTLEMENT_AFTER.match(ctx.norm, t.end):
            continue  # "over the Red Sea city": a city the story named, not the sea
        if out and _qualifies(ctx, out[-1], t):
            continue  # "Enerhodar, Zaporizhzhia Oblast": the region says where the town is
        if out and _reference_for(ctx, out[-1], t):
            continue  # "the town of Sake, about 25 km west of Goma": Goma only says where Sake is
        out.append(_Place(t, t.start, t.end))
    return out


_ETHNIC = re.compile(r"\bethnic(?:ally)?\s+$")
# an indefinite article before a country's name: the name modifies the noun after it
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|an)\s+(?:[a-z-]+\s+)?$")
# "Kyiv was hit by missiles", "Damascus has been struck": the passive of a strike
_PASSIVE_AFTER = re.compile(
    r"\s+(?:was|were|is|are|(?:has|have|had)\s+been|being|got|gets)\s+(?:(?:again|also|"
    r"repeatedly|heavily|reportedly|[a-z]+ly)\s+)?"
)
_HIT_KINDS = frozenset({"strike", "attack", "shoot-down"})


def _passive_target(ctx: _Doc, t: Toponym, core: list[Match], core_starts: list[int]) -> bool:
    """A capital or country the geoparser read as its government ("Kyiv was ...") that is
    the subject of a passive strike: the place that was hit."""
    if t.feature_code != "PPLC" and t.feature_code not in _COUNTRY_CODES:
        return False
    m = _PASSIVE_AFTER.match(ctx.norm, t.end)
    if m is None:
        return False
    k = bisect_left(core_starts, m.end())
    return (
        k < len(core)
        and core[k].start == m.end()
        and core[k].term.channel == EVENT
        and (core[k].term.kind in _HIT_KINDS or core[k].term.kind in ctx.rules.target_kinds)
    )


def _self_determined(ctx: _Doc, t: Toponym, core: list[Match], core_starts: list[int]) -> bool:
    """A country or region read as its government that is the subject of its own
    independence or secession ("Kosovo declared independence"): the territory itself."""
    k = bisect_left(core_starts, t.end)
    return k < len(core) and territory_subject(ctx.norm, t, core[k])


# ", which are ... " up to a dispute word: the relative clause says it of the place before
_ANTECEDENT = re.compile(
    r",?\s+(?:which|that)\s+(?:(?:is|are|was|were|has|have|had|been|being|also|now|long)\s+)*"
    r"(?:[\w-]+\s+){0,8}"
)
# open water a story may be at (a ship there is at sea); with lakes, what a sea's name may be
OPEN_WATER = frozenset({"OCN", "SEA", "GULF", "BAY", "STRT", "CHN", "SD"})
_WATER_CODES = OPEN_WATER | {"LK"}
# a settlement noun right after a sea's name, no "of <name>" after it: "the Red Sea city"
_SETTLEMENT_AFTER = re.compile(
    r"\s+(?:port\s+)?(?:city|town|port|village|resort|harbou?r\s+town)\b(?!\s+of\b)"
)
# "<place>['s] [port] city of ": the words between a place and the named place it describes
_DESCRIBED = re.compile(r"(?:'s|s')?\s+(?:([a-z-]+)\s+)?([a-z]+)\s+of\s+(?:the\s+)?")


def _describes_next(ctx: _Doc, t: Toponym, starts: dict[int, Toponym]) -> bool:
    """ "the Red Sea city of Jeddah", "Yemen's port city of Hodeidah", "the Black Sea port of
    Novorossiysk": a place that only describes the named place after it is not where anything
    happens; kept when that place is not resolved (then it is the best the text gives), and
    when it is a country ("the Grodno region of Belarus": the region is the place)."""
    m = _DESCRIBED.match(ctx.norm, t.end)
    named = starts.get(m.end()) if m is not None else None
    if m is None or named is None or named.feature_code in _COUNTRY_CODES:
        return False
    nouns = ctx.rules.place_nouns
    return m.group(2) in nouns and (m.group(1) is None or m.group(1) in nouns)


_NAMED_NEXT = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
_CAPITAL = re.compile(r"\bcapital$", re.IGNORECASE)
_OWN_CAPITAL = re.compile(r"['\u2019]s\s+capital\b(?!\s+(?:of|city\s+of)\b)(?!-)")


@lru_cache(maxsize=4)
def _capitals(gz: Any) -> dict[str, int]:
    """Country code -> index of its capital (PPLC) in the gazetteer."""
    columns = gz.columns
    table: dict[str, int] = {}
    for i, (code, cc) in enumerate(zip(columns["fcode"], columns["cc"], strict=True)):
        if code == "PPLC":
            table.setdefault(cc, i)
    return table


def _capital_of(ctx: _Doc, t: Toponym, head: re.Match[str]) -> _Place | None:
    """ "the Syrian capital": the country's capital city, named by the whole phrase."""
    gz = ctx.gazetteer
    columns = getattr(gz, "columns", None)
    if not isinstance(columns, dict) or not t.country_code:
        return None
    i = _capitals(gz).get(t.country_code)
    if i is None:
        return None
    city = gz.place(i)
    top = Toponym(
        mention=ctx.text[t.start : head.end()],
        start=t.start,
        end=head.end(),
        name=city.name,
        lat=city.lat,
        lon=city.lon,
        feature_code=city.feature_code,
        country_code=city.country_code,
        gazetteer_id=city.id,
        confidence=round(t.confidence * 0.9, 3),
    )
    return _Place(top, t.start, head.end())


_QUALIFIER = re.compile(r",\s*(?:the\s+)?$")
_IN_QUALIFIER = re.compile(r"\s+in\s+(?:the\s+)?$")


# "the southern", "north-eastern": which side of a place (optional)
_SIDE = (
    r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)"
    r"(?:ern)?\s+)?"
)
# ", mostly over the": a trailing adverbial of the clause's main verb, not a new phrase
_ADVERBIAL_TAIL = re.compile(
    r",\s+(?:mostly|mainly|largely|primarily|chiefly|partly|especially|including|"
    r"(?:most|many|all|some|several|half|two|three)\s+of\s+them)\s+"
    rf"(?:in|over|near|around|across|along|off|at)\s+(?:the\s+)?{_SIDE}$"
)
# "a British-owned, Japanese-operated ship": a comma between adjectives parts no phrases
_ADJECTIVE_LIST = re.compile(r",(?=\s+[a-z]+-[a-z]+\b)")
# "killed the leader in Libya, an Iraqi known as Abu Nabil, near Derna": an apposition
# closed before a locative phrase parts no phrases
_APPOSED_NOUN = re.compile(
    r",\s+(?:an?|the)\s+[^,;:()]{1,60},(?=\s+(?:near|in|at|outside|off|around|along)\s)"
)
_LIST_GOES_ON = re.compile(r"\s+(?:and|or)\s+(?:the\s+)?[A-Z]")


def _qualifies(ctx: _Doc, prev: _Place, t: Toponym) -> bool:
    """``t`` right after "``prev``, " or "``prev`` in " is a larger unit locating it ("Busan,
    South Korea", "Dyess Air Force Base in Texas"): it says where ``prev`` is, nothing more."""
    gap = ctx.text[prev.end : t.start]
    code, pcode = t.feature_code or "", prev.top.feature_code or ""
    if pcode in _COUNTRY_CODES:
        return False  # "Russia, Ukraine and Belarus": a list of countries
    larger = code in _COUNTRY_CODES or code.startswith("ADM") or code == "RGN"
    # "Souda Bay, Crete": the island a place is on
    larger = larger or (code in ("ISL", "ISLS") and not pcode.startswith("ISL"))
    # "Snake Island in the Black Sea": the sea an island or reef lies in
    at_sea = code in _WATERS and pcode in _SEA_FEATURES
    if _LIST_GOES_ON.match(ctx.text, t.end):
        return False  # "the Odesa, Mykolaiv and Kherson regions": a list
    if len(gap) <= 6 and _QUALIFIER.search(gap):
        return larger
    inside = (len(gap) <= 9 and _IN_QUALIFIER.fullmatch(gap) is not None) or (
        len(gap) <= 48 and _APPOSITIVE_IN.fullmatch(gap) is not None
    )
    if inside and at_sea:
        return True
    if inside and larger and not pcode.startswith("ADM"):
        # "in" only where the text could not mean two places: same country ("Kramatorsk, a
        # city in eastern Ukraine"), or a territory whose outline holds the place though the
        # gazetteer files it under another state ("Smara in Western Sahara")
        if t.country_code and t.country_code == prev.top.country_code:
            return True
        return code in _COUNTRY_CODES and country_holds(t.country_code, prev.top.lat, prev.top.lon)
    return False


_WATERS = frozenset({"SEA", "OCN", "GULF", "BAY"})
_SEA_FEATURES = frozenset({"ISL", "ISLS", "RF", "SHOL", "ATOL", "BNK", "ISLET"})
# ", a strategic outcrop in the ", ", a city in eastern ": an appositive that locates the name
_APPOSITIVE_IN = re.compile(
    rf",\s+(?:a|an)\s+(?:[\w-]+\s+){{1,3}}?(?:in|on|off)\s+(?:the\s+)?{_SIDE}"
)


# ", " or a description between ("Yonaguni, its westernmost inhabited island, about 110 km
# east of Taiwan", "Gressier, a coastal town about 25 km west of the capital")
_APPOSED = re.compile(r"\s*,\s*(?:(?:its|a|an|the)\s+[^,;:()\d]{1,60}?(?:\s*,\s*|\s+))?")
_REFERENCED_CODES = frozenset({"ISL", "ATOL", "CAPE", "PT", "PRT", "AIRB", "AIRP", "MILB", "NVB"})
# "a boat bound for Gaza": where the noun right before was going (not where anything is)
# (also "vessels heading for the ports of X": the vessels', not the sentence's subject's)
_BOUND_FOR = re.compile(
    r"\b(?:(?:bound|headed|destined)\s+for|(?<=[a-z] )(?<!\bis )(?<!\bare )(?<!\bwas )"
    r"(?<!\bwere )(?<!\bbe )(?<!\bbeen )(?<!\bnow )(?<!\bstill )(?:heading|sailing)\s+"
    r"(?:for|to))"
    r"\s+(?:the\s+)?(?:(?:port|ports|harbou?r|city)\s+of\s+(?:the\s+)?)?$"
)
_WHERE = re.compile(r"(?:\s+[a-z]+)?,\s+where\b")  # "the Ladakh region, where"
_BORDER_WITH = re.compile(r"\b(?:borders?|frontiers?)\s+with\s+(?:the\s+)?$")


def _place_index(sent: _Sentence, p: _Place) -> int:
    """The index of ``p`` in ``sent.places`` (-1 when it is not one), by bisection."""
    places = sent.places
    i = bisect_left(sent.starts("places"), p.start)
    while i < len(places) and places[i].start == p.start:
        if places[i] is p:
            return i
        i += 1
    return -1


def _beside_border(ctx: _Doc, sent: _Sentence, p: _Place) -> _Place | None:
    """The place a "near the border(s) with X (and Y)" phrase ending at ``p`` describes
    ("the Tillaberi region near the borders with Mali and Burkina Faso"), or None."""
    k = _place_index(sent, p)
    # back over "X and Y": the border phrase's own list
    while k > 0 and ctx.norm[sent.places[k - 1].end : sent.places[k].start] in (" and ", ", "):
        k -= 1
    if k <= 0:
        return None
    first = sent.places[k]
    in_phrase = first.top.feature_code == BORDER_CODE or _BORDER_WITH.search(
        ctx.norm, max(sent.start, first.start - 30), first.start
    )
    if not in_phrase:
        return None
    described = sent.places[k - 1]
    rel = relative_before(ctx.text, described.start)
    if rel is not None and rel.relation == "offset":
        # "the outskirts of the town, about 70 km west of Tripoli and close to the Tunisian
        # border, where": the town the distance places, not the point it is measured from
        return sent.places[k - 2] if k >= 2 else None
    return described


# "X, which it seized", "X, which Russian forces had captured": X is the verb's object
_WHICH_OBJECT = re.compile(
    r",\s+(?:which|that)\s+(?:it|they|he|she|we|(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,2})"
    r"\s+(?:(?:had|has|have|was|were)\s+)?(?:(?:later|then|briefly|already|since|recently)\s+)?"
)


_WHICH = re.compile(r",\s+(?:which|that)\s+", re.IGNORECASE)
# words that open another clause inside the relative one: its verb is no longer the trigger's
_CLAUSE_OPENERS = frozenset("where when while after before because since if as and but".split())


def _which_clause(ctx: _Doc, sent: _Sentence, p: _Place, m: Match) -> bool:
    """``m`` is the verb of a relative clause on ``p`` ("X, which it seized", "X, which forces
    of the Government of National Accord recaptured"): a short clause, no other event word or
    clause opener between."""
    if _WHICH_OBJECT.fullmatch(ctx.text, p.end, m.start):
        return True
    which = _WHICH.match(ctx.text, p.end, m.start)
    if which is None:
        return False
    gap = ctx.norm[which.end() : m.start]
    words = gap.split()
    if len(words) > 10 or re.search(r"[,;:()]", gap) or _CLAUSE_OPENERS & set(words):
        return False
    return not any(
        c is not m and c.term.channel == EVENT and which.end() <= c.start < m.start
        for c in sent.near("core", which.end(), m.start)
    )


# "Izmail on the Danube", "al-Watiya air base, some 125 km southwest of Tripoli": the second
# place only says where the first is
_QUALIFIER_GAP = re.compile(r"\s+(?:on|in|near|at|along|off)\s+(?:the\s+)?")


def _qualified_head(ctx: _Doc, sent: _Sentence, p: _Place) -> _Place | None:
    """The place right before ``p`` that ``p`` only locates, else None."""
    i = _place_index(sent, p)
    if i <= 0:
        return None
    prev = sent.places[i - 1]
    if prev.top.adjective or prev.top.feature_code in _COUNTRY_CODES:
        return None
    if _QUALIFIER_GAP.fullmatch(ctx.norm, prev.end, p.start):
        return prev
    rel = relative_before(ctx.text, p.start)
    if (
        rel is not None
        and rel.start > prev.end
        and re.fullmatch(r",\s+", ctx.text[prev.end : rel.start])
    ):
        return prev
    return None


def _reference_for(ctx: _Doc, prev: _Place, t: Toponym) -> bool:
    """``t`` anchors a relative phrase set off after the town ``prev`` ("Sake, about 25 km
    west of Goma"): the phrase says where ``prev`` is, ``t`` is only its reference point. Not
    after an area ("in the Red Sea, 77 nautical miles west of Hodeidah": the measured spot
    is more exact than the sea)."""
    code = prev.top.feature_code or ""
    if not code.startswith("PPL") and code not in _REFERENCED_CODES:
        return False
    rel = relative_before(ctx.text, t.start, min_start=prev.end)
    return rel is not None and _APPOSED.fullmatch(ctx.text, prev.end, rel.start) is not None


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
            r"president|leader|spokesman|officials?|command|forces|district|fleet|staff|"
            r"service|agency|guard|police|embassy|office)\s+(?:said|says|reported|"
            r"claimed|stated|announced|confirmed)\b",
            norm[end : end + 60],
        )
    )


def _as_place(ctx: _Doc, t: Toponym) -> bool:
    """False for mentions that cannot be the place of a statement whatever the geoparser says:
    a news source ("Pentagon sources") or a modifier ("pro-Moscow", "anti-Kyiv")."""
    if t.start in ctx.nonplace or _is_source(ctx, t.start, t.end) or _compound(ctx, t.end):
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


def _prep_before(ctx: _Doc, words: list[str]) -> tuple[str, int] | None:
    """The last preposition in ``words`` and the number of words after it."""
    r = ctx.rules
    for i in range(len(words) - 1, -1, -1):
        if i > 0 and f"{words[i - 1]} {words[i]}" in r.attach2:
            return f"{words[i - 1]} {words[i]}", len(words) - 1 - i
        if words[i] in r.attach1:
            return words[i], len(words) - 1 - i
    return None


def _verb_after_origin(
    ctx: _Doc, sent: _Sentence, m: Match, found: tuple[str, int], p: _Place
) -> bool:
    """An origin preposition's phrase ends at an event word after it ("warships from more
    than a dozen countries patrol the Gulf of Aden"): the place is that verb's, not where
    the thing came from."""
    prep, n_after = found
    if _role(ctx, prep) != "origin" or n_after < 2:
        return False
    at = ctx.norm.rfind(f" {prep} ", m.end - 1, p.start)
    return at >= 0 and any(
        c is not m and c.term.channel == EVENT and c.start > at + len(prep) + 1
        for c in sent.near("core", at, p.start)
    )


def _prep_first(ctx: _Doc, words: list[str]) -> bool:
    """``words`` open with the preposition that governs the place after them."""
    found = _prep_before(ctx, words)
    return found is not None and len(words) == found[1] + len(found[0].split())


# "<place>[, apposition,] is/hosts/remains (a major|home to) ... <trigger>"
_COPULA = re.compile(
    r"(?:\s*,[^;:]{1,160}?,)?\s+(?:is|was|are|were|remains|remained|has become|became|hosts|"
    r"hosted|houses|housed|is home to|was home to)\b[^,;:]{0,60}"
)


def _subject_copula(norm: str, sent: _Sentence, p: _Place, gap: str) -> bool:
    """The place is the sentence's subject and the trigger its predicate noun."""
    if p.start - sent.start > 8:
        return False  # not the sentence's first words
    lead = norm[sent.start : p.start].strip(" \"'(")
    return lead in ("", "the") and _COPULA.fullmatch(gap) is not None


_RELATIVE = re.compile(r"[,\s]*(?:which|who|whom|whose)\b")


def _relative_clause(ctx: _Doc, sent: _Sentence, pos: int) -> bool:
    """``pos`` lies in a relative clause ("..., which has operated in Africa")."""
    c0, _ = sent.clause_span(sent.clause(pos))
    return _RELATIVE.match(ctx.norm, c0) is not None


# A relative clause that says where its noun is: "..., which was last seen off <place>"
_LOCATES = re.compile(
    r"\W*(?:which|that)\s+(?:(?:was|were|is|are|had\s+been|has\s+been)\s+)?"
    r"(?:(?:last|now|currently|then|still|later)\s+)?(?:seen|spotted|sighted|located|"
    r"anchored|moored|docked|sailing|positioned|tracked|drifting|operating|"
    r"dropped\s+anchor)\s+"
    r"(?:[\w-]+\s+){0,4}?(?:in|off|near|at|around|outside)\s+(?:the\s+)?"
    # "shot down a drone that was heading toward Erbil": where it was bound, near the event
    r"|\W*(?:which|that)\s+(?:(?:was|were|appeared\s+to\s+be|seemed\s+to\s+be)\s+)?"
    r"(?:heading|headed|flying|bound)\s+(?:toward|towards|for)\s+(?:the\s+)?"
    # "the RSF, which controls most of Darfur": where the force holds ground
    r"|\W*(?:which|that|who)\s+(?:(?:still|now|also)\s+)?(?:controls|holds|occupies|"
    r"controlled|held|occupied)\s+(?:(?:most|much|all|parts?|large\s+parts|swathes|swaths|"
    r"areas|a\s+chunk)\s+of\s+)?(?:the\s+)?"
)


# "X's shadow fleet of ageing <asset>": X owns the collection the asset belongs to
_OWNED_OF = re.compile(r"(?:'s|s')\s+(?:[\w-]+\s+){1,3}of\s+(?:[\w-]+\s+){0,2}")


# what a system can do: a place after it is its reach, not where it is; an event right after
# it is no event ("missiles capable of striking targets in China")
_CAPABLE_WORDS = r"\b(?:capable\s+of|able\s+to|designed\s+to)\s"
_CAPABILITY = re.compile(_CAPABLE_WORDS)
CAPABLE_BEFORE = re.compile(_CAPABLE_WORDS + r"+(?:[a-z-]+ly\s+)?$")


# "fled into X to escape fighting": what people flee is not where they went
_ESCAPE = re.compile(r"\b(?:escape|escaping|escaped|flee|fleeing|fled)\b")


# A relative clause on the people an attack hit, saying what they were doing (and where)
_VICTIMS_WHERE = re.compile(r"\W*who\s+(?:were|was|had\s+been)\s+[a-z]+ing\b")
_VICTIMS_REACH = 80


# Words that open a clause: a country right after one is its subject, not a place.
_SUBORDINATORS = frozenset("until unless if when whenever while because although though".split())
# A time phrase between the preposition and the place governs the place.
_TIME_PREPS = frozenset({"after", "before", "following", "amid", "despite", "since", "until"})
# A later act between the trigger and the place's preposition owns the place ("set fire to
# the base before withdrawing towards the border"); an earlier one often shares it ("fired
# warning shots after soldiers crossed the line", "scrambled jets after a drone crossed near X").
_SEQUENCE = frozenset({"before"})


# "as <subject> were ...": a clause of its own, whose verb the later place belongs to
_AS_CLAUSE = re.compile(r"\bas\s+(?:[a-z-]+\s+){1,3}(?:were|was|are|is|have|has|had)\s")


# the end of an apposition right before a verb of saying: the place describes the speaker
_SPEAKER_APPOSITIVE = re.compile(
    r"\s*,\s+(?:(?:has|have|had)\s+)?(?:said|says|told|added|claimed|announced|stated|"
    r"reported|warned|wrote|declared)\b"
)


_QUALIFIED_SPEAKER = re.compile(
    r",\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2}" + _SPEAKER_APPOSITIVE.pattern
)


def _sequence(words: list[str]) -> bool:
    return any(w in _SEQUENCE for w in words)


# Nouns whose phrase tells a force's past, not where it is.
# a force's past, not where it is ("servicemen with previous experience in Syria", "Some of
# the soldiers served in Iraq and Afghanistan")
_BACKGROUND = frozenset({"experience", "expertise", "career", "background", "veterans", "served"})
# Incidents done to others: a country right before the trigger is who did it ("North Korea
# shelled ..."), not where (an interception or a blockade happens in the country's own area).
_AGENT_KINDS = frozenset({"strike", "attack", "shoot-down", "seizure", "deployment", "harassment"})
# Between a place and the base word named after it: "Engels airbase", "Engels-1 airbase".
_BASE_NAME_GAP = re.compile(r"\s+(?:\d+\s+)?")
_POSSESSED = re.compile(r"(?:'s|s')\s+")
# Words that end a possessed noun phrase: "Russia's Tu-142 and ...", "China's Y-8, ...".
_NP_END = re.compile(
    r"[,;:()]|[.!?](?=[\s\"\u201d]|$)|\s(?:and|or|with|in|to|from|near|at|on|was|were|is|are|has|"
    r"have|had|said)\b"
)


def _owns_another(ctx: _Doc, p: _Place, m: Match) -> bool:
    """The country is the owner in "<country>'s <noun phrase>" and that phrase is neither the
    trigger's own nor a part of the country ("Ukraine's border", "Russia's north")."""
    np = _possessed(ctx, p)
    if np is None:
        return False
    np_start, np_end = np
    if np_start <= m.start < np_end:
        return False  # the trigger is the possessed thing: the rules in _candidates decide
    words = _words(ctx.norm[np_start:np_end])
    return not any(w in _part_nouns(ctx.lex) for w in words)


# the possessed thing's own place: "Iran's consulate in (the Syrian capital of) Damascus"
_ITS_PLACE = re.compile(r"\s+(?:in|at|near|outside|on)\s+")


def _owned_elsewhere(ctx: _Doc, sent: _Sentence, p: _Place, m: Match) -> bool:
    """ "<country>'s <thing> in <place>": the thing is at the later place; the country only
    owns it."""
    if not _owns_another(ctx, p, m):
        return False
    np = _possessed(ctx, p)
    if np is None or not _ITS_PLACE.match(ctx.norm, np[1]):
        return False
    return any(q.start > np[1] for q in sent.near("places", np[1], np[1] + 60))


def _possessed(ctx: _Doc, p: _Place) -> tuple[int, int] | None:
    """Span of the noun phrase ``p`` possesses ("Russia's [Tu-142] and ..."), or None."""
    norm = ctx.norm
    pos = _POSSESSED.match(norm, p.end)
    if pos is None:
        return None
    end = _NP_END.search(norm, pos.end(), pos.end() + 60)
    return pos.end(), end.start() if end is not None else min(len(norm), pos.end() + 60)


# "<prep> (the village of) Name, a tiny hamlet located in <place>": where an unknown place is.
_LOCATED = re.compile(
    r"(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2}),\s+(?:a|an)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:village|hamlet|town|settlement|city|island|base|port|outpost)\s+"
    r"(?:(?:located|situated|lying)\s+)?(?:in|on|near)\s+$"
)


# "<prep> the island of Name, some 200 kilometres south of <place>"
_LOCATED_BY = re.compile(
    r"(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2}),\s+(?:(?:some|about|around|"
    r"roughly|nearly|approximately|just|only)\s+)?[\d][\d,.]*\s*(?:km|kilometres|kilometers|"
    r"miles|nautical\s+miles)\s+(?:(?:north|south|east|west)(?:-?(?:east|west))?|"
    r"(?:north|south)(?:east|west))\s+of\s+$"
)


def _unknown_located(ctx: _Doc, sent: _Sentence, a: int, b: int) -> int | None:
    """Where an unresolved name stands whose apposition says where it is ("the village of
    Jariasheni, a tiny hamlet located in Georgia's Gori district"): the place after the
    apposition stands in for it. None when there is no such name, or the name is a place."""
    hit = _LOCATED.search(ctx.text, max(a, b - 160), b) or _LOCATED_BY.search(
        ctx.text, max(a, b - 160), b
    )
    if hit is None or hit.start("name") < a:
        return None
    n0, n1 = hit.span("name")
    if any(t.start < n1 and n0 < t.end for t in sent.toponyms):
        return None
    return n0


# a possessive ending just before a position: "Maduro's [official] visit"
POSSESSIVE_BEFORE = re.compile(r"\w(?:'s|s')\s+(?:[\w-]+\s+){0,2}$")


def _others_event(ctx: _Doc, sent: _Sentence, m: Match, gap: str, prep: str) -> bool:
    """The preposition hangs on another party's event ("the deployment follows Maduro's visit
    to Moscow", "after Hamas's attack on Sderot"): the place is that event's, not ``m``'s."""
    head_end = m.end + gap.rfind(f" {prep} ")
    for c in sent.near("core", m.end + 1, head_end):
        if c.term.channel != EVENT or c.end < head_end - 1:
            continue
        own = POSSESSIVE_BEFORE.search(ctx.norm, m.end, c.start)
        if own is not None and own.start() > m.end + 1:
            return True
        # "continue attacks until Israel halts its offensive in Gaza": another party's
        return _PRONOUN_OWNER.search(ctx.norm, m.end, c.start) is not None and _named_between(
            sent, m.end, c.start
        )
    return False


def _own_event_before(ctx: _Doc, sent: _Sentence, m: Match, p: _Place) -> bool:
    """Another event word stands between the trigger and a "from" before the place: the
    origin is that event's ("shot down three drones launched from Yemen")."""
    for c in sent.near("core", m.end + 1, p.start):
        if c.term.channel == EVENT and c.end <= p.start:
            if re.search(r"\bfrom\b", ctx.norm[c.end : p.start]):
                return True
    return False


def _event_in_between(ctx: _Doc, sent: _Sentence, m: Match, p: _Place) -> bool:
    """Another, clearly stated event of another kind stands between the trigger and the
    place, neither coordinated with it nor its own verb or object ("repelled an assault on
    X", "a suicide bomber rammed a convoy in X"): "the strikes were a response to Ukrainian
    attacks on Russian oil refineries in Saratov": the place is that event's."""
    clause = sent.clause(m.start)
    for c in sent.near("core", m.end + 1, p.start):
        if (
            c.term.channel == EVENT
            and not c.term.weak
            and c.term.kind != m.term.kind
            and c.end <= p.start
            and sent.clause(c.start) == clause
            and len(_words(ctx.norm[m.end : c.start])) > 3  # not its verb or object
            and not _COORDINATION.fullmatch(ctx.norm, m.end, c.start)
            # "shot down a drone that was heading toward X": the object's course, near it
            and not (
                c.term.kind in ctx.lex.movement_kinds
                and _COURSE_OF_OBJECT.search(ctx.norm, max(0, c.start - 40), c.start)
            )
        ):
            return True
    return False


_COURSE_OF_OBJECT = re.compile(
    r"\b(?:that|which)\s+(?:(?:was|were|appeared\s+to\s+be|seemed\s+to\s+be)\s+)?$"
)


# An event that frames the statement in time or as its cause: its place is its own
# (not "after": "scrambled jets after bombers flew over X" shares the place, see _SEQUENCE)
_FRAMING = re.compile(r"\b(?:during|amid|amidst)\s+(?:[\w'-]+\s+){0,6}$")
_REPRISAL_FOR = re.compile(r"\b(?:retaliation|revenge|reprisal)\s+for\b")


def _framing_event(ctx: _Doc, sent: _Sentence, m: Match, p: _Place) -> bool:
    """An event between the trigger and the place, introduced by "during", "amid" or
    "retaliation for" ("shot down drones during a Russian attack on western Ukraine", "the
    attack was retaliation for the killing of Nasrallah in Beirut"): the place is its."""
    if _REPRISAL_FOR.search(ctx.norm, m.end, p.start):
        return True
    for c in sent.near("core", m.end + 1, p.start):
        if c.term.channel == EVENT and c.end <= p.start:
            if _FRAMING.search(ctx.norm, max(m.end, c.start - 72), c.start):
                return True
    return False


# ", and airports in <place> were closed": a new subject, whose place it is
_AND_NAMED_SUBJECT = re.compile(r"\s(?:and|but)\s+" + NAMED_CLAUSE)
_NEW_SUBJECT = re.compile(
    r",\s+(?:and|but|while)\s+(?:the\s+|its\s+|their\s+)?[a-z-]+(?:\s+[a-z-]+)?\s+"
    r"(?:in|at|near|across)\s+(?:the\s+)?$"
)


# a subordinate clause whose subject is the force right after it: "..., as Wagner fighters"
# (not "when", "after": "the assault on X, when border guards refused" is there and then)
_OPENS_CLAUSE = re.compile(
    r",\s+(?:as|while|whereas|because|although|though)\s+"
    r"(?:[\w'\u2019.-]+\s+){0,4}$"
)


# "and are housed in a tent camp near", "and have been stationed at": where a force is kept
_KEPT_AT = re.compile(
    r"and\s+(?:(?:are|were|is|was|remain|remained)\s+(?:now\s+|still\s+)?|"
    r"(?:have|has|had)\s+been\s+)(?:housed|stationed|based|garrisoned|quartered|camped|"
    r"positioned|deployed|billeted)\s+(?:[\w-]+\s+){0,4}?(?:in|at|near|around|outside|on)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,2}?$"
)


def _kept_at(ctx: _Doc, sent: _Sentence, p: _Place) -> bool:
    """``p`` is where the clause "and are housed/stationed ... near <p>" keeps its force."""
    c0 = sent.clause_span(sent.clause(p.start))[0]
    return _KEPT_AT.match(ctx.norm, c0, p.start) is not None


# Words that join two events that share a place: "strikes and shelling in X".
_COORDINATION = re.compile(r"\s*(?:,\s*)?(?:and|or|as well as|,)\s+(?:[\w-]+\s+){0,3}")
_PRONOUN_OWNER = re.compile(r"\b(?:its|their|his|her)\s+(?:[\w-]+\s+){0,2}$")


# a verb after a country or capital: its subject ("keeps", "stationed", "lost"), not one of
# hosting ("Poland hosts US troops", "Cuba hosted Russian warships": there)
_VERB_NEXT = re.compile(
    r"\s+(?:[a-z]+ly\s+)?(?!(?:hosts|hosted|houses|housed|receives|received|welcomes|welcomed)\b)"
    r"(?:[a-z]+ed|has|have|had|is|are|was|were|will|would|could|can|may|"
    r"might|says|said|wants|plans|sent|sends|built|holds|held|took|takes|keeps|kept|lost|"
    r"loses|losing|"
    # a headline's present tense: "Ethiopia and Eritrea mass troops", "Russia moves troops"
    r"mass|masses|massing|move|moves|moving|deploy|deploys|deploying|send|sending|"
    r"station|stations|boost|boosts|bolster|bolsters|reinforce|reinforces|rush|rushes|"
    r"amass|amasses|build|builds)\b"
)


def _country_or_capital(p: _Place) -> bool:
    code = p.top.feature_code
    return code in _COUNTRY_CODES or code == "PPLC"


def _clause_subject(ctx: _Doc, words: list[str], p: _Place) -> bool:
    """The place opens a relative clause as its subject ("a rusting warship that Manila
    deliberately grounded on the shoal"): a government acting, not a location."""
    return (
        bool(words)
        and words[-1] in ("that", "which", "whom")
        and bool(_VERB_NEXT.match(ctx.norm, p.end))
    )


def _owns_people(ctx: _Doc, p: _Place) -> bool:
    """ "killed Iran's top military commander": the country owns the people named after it;
    it is not where the event happened."""
    np = _possessed(ctx, p)
    words = _words(ctx.norm[np[0] : np[1]]) if np is not None else []
    return bool(words) and words[-1] in _people_nouns(ctx.lex)


def _people_place(ctx: _Doc, sent: _Sentence, p: _Place) -> bool:
    """The place follows "<people noun> <preposition>" ("officials in Yerevan", "the
    leadership in Azerbaijan and in Armenia")."""
    words = _words(ctx.norm[max(sent.start, p.start - 90) : p.start])
    found = _prep_before(ctx, words[-3:]) if words else None
    if found is None:
        return False
    prep, n_after = found
    n_before = len(words) - n_after - len(prep.split())
    return _people_head(ctx, words, n_before, prep)


_BE_WORDS = frozenset("was were is are remained remains stayed stays".split())


def _people_head(ctx: _Doc, words: list[str], n_before: int, prep: str) -> bool:
    """The noun the preposition at ``words[n_before]`` attaches to names people or an
    institution; "the leadership in Azerbaijan and in Armenia": through the coordination."""
    i = n_before - 1
    if i > 0 and words[i] in _BE_WORDS:
        i -= 1  # "while the crown prince was in Washington": where that person was
    while i > 0 and words[i] in ("and", "or"):
        j = i - 1
        while j >= 0 and words[j] != prep:
            j -= 1  # back to the coordinated preposition
        if j < 0 or i - j > 6:
            return False
        i = j - 1
    return i >= 0 and words[i] in _people_nouns(ctx.lex)


@lru_cache(maxsize=32)
def _people_nouns(lex: Lexicon) -> frozenset[str]:
    """Nouns for people and institutions ("officials", "leadership", "spokesman"): a place
    right after one of them and its preposition says where they are, not a force."""
    cfg = lex.config
    words = [*cfg.get("speaker_nouns", []), *cfg.get("affiliation_nouns", []), "leadership"]
    return frozenset(normalize_phrase(w) for w in words if w.strip())


def _inside_origin(words: list[str], n_after: int, prep: str) -> bool:
    """ "from the 7th Bomb Wing at X": the place locates the origin, not the statement."""
    i = len(words) - n_after - len(prep.split())
    lead = words[max(0, i - 6) : i]
    if "from" not in lead:
        return False
    k = len(lead) - 1 - lead[::-1].index("from")
    return not _AUXILIARIES & set(lead[k:])  # "warships from ... countries are in X": theirs


def _measured(ctx: _Doc, p: _Place) -> bool:
    """ "77 nautical miles west of X": a distance and a direction from the place."""
    rel = relative_before(ctx.text, p.start)
    return rel is not None and rel.moves


def _measured_from(ctx: _Doc, p: _Place) -> bool:
    """ "33 km from X", "not far from X": a distance from the place, not an origin."""
    rel = relative_before(ctx.text, p.start)
    return rel is not None and rel.relation in ("offset", "near")


def _part_noun(ctx: _Doc, words: list[str], n_after: int) -> bool:
    """The word before "of" (``words`` ends with "of" + ``n_after`` words) names a part."""
    i = len(words) - n_after - 2
    return i >= 0 and words[i] in _part_nouns(ctx.lex)


@lru_cache(maxsize=32)
def _part_nouns(lex: Lexicon) -> frozenset[str]:
    """Nouns X in "the X of <place>" that locate: parts ("the north of") and kinds of place
    ("the archipelago of", "the island of", "the port of")."""
    cfg = lex.config
    words = [*cfg.get("part_nouns", []), *cfg.get("anaphors", {}), *cfg.get("place_nouns", [])]
    heads = {normalize_phrase(w).split()[-1] for w in words if w.strip()}
    # "the towns of Jermuk, Goris and Vardenis", "the districts of X and Y"
    return frozenset(heads | _SETTLEMENTS)


_SETTLEMENTS = frozenset(
    "towns cities villages districts provinces regions counties islands ports settlements "
    "oblasts states governorates prefectures departments municipalities islet islets isles "
    "atolls".split()
)


def _role(ctx: _Doc, prep: str) -> str:
    r = ctx.rules
    if prep in r.origin:
        return "origin"
    if prep in r.destination:
        return "destination"
    if prep in ("via", "through"):
        return "route"
    if prep == "against":
        return "target"
    if prep in r.weak:
        return "weak"
    return "at"


# How far (characters) a place may stand from its trigger: beyond it the text is about
# something else, and the bound keeps a long sentence with many places linear.
_REACH = 300


# a sponsor and the list it opens: "backed by Russia, Egypt and the United Arab Emirates",
# "loyal to Turkey" (the sponsor is neither the place nor the actor of what it backs)
SPONSORED_BEFORE = re.compile(
    r"\b(?:(?:backed|sponsored|funded|armed|supported)\s+by|"
    r"(?:allied|loyal|linked|tied|affiliated|aligned)\s+(?:to|with))\s+(?:the\s+)?"
    r"(?:[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}\s*(?:,|\s+and|,\s+and)\s+(?:the\s+)?)"
    r"{0,6}$"
)
_SPONSOR_REACH = 120


_SPONSOR_WORD = re.compile(
    r"\b(?:backed|sponsored|funded|armed|supported|allied|loyal|linked|tied|affiliated|aligned)\s"
)


def sponsored(text: str, start: int) -> bool:
    """The name at ``start`` is a sponsor, or one of a list of sponsors."""
    lo = max(0, start - _SPONSOR_REACH)
    # the plain word first: the list pattern only where a sponsor word is near
    return (
        _SPONSOR_WORD.search(text, lo, start) is not None
        and SPONSORED_BEFORE.search(text, lo, start) is not None
    )


# a capitalised name right before a base word: "the Kankesanthurai naval base"
_NAME_BEFORE = re.compile(r"\bthe\s+(?:[A-Z][\w'\u2019-]+\s+){1,3}$")


def _site_named_unknown(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """A base named after a place the geoparser did not know: it is there, not at a place
    named earlier in the sentence."""
    if m.term.channel != ASSET or m.term.kind != "base":
        return False
    name = _NAME_BEFORE.search(ctx.text, max(sent.start, m.start - 60), m.start)
    if name is None:
        return False
    return not any(name.start() < t.end <= m.start for t in sent.toponyms)


# a hyphen joins the place to the next word: part of a compound modifier
_COMPOUND_AFTER = re.compile(r"-[A-Za-z]")


def _candidates(ctx: _Doc, sent: _Sentence, m: Match) -> list[_Cand]:
    norm = ctx.norm
    clause = sent.clause(m.start)
    out: list[_Cand] = []
    starts = sent.place_starts()
    lo = bisect_left(starts, m.start - _REACH)
    hi = bisect_right(starts, m.end + _REACH)
    ends = _line_ends(ctx, sent) if m.term.kind != "infrastructure" else ()
    voyage = _voyages(ctx, sent)
    own_name = _site_named_unknown(ctx, sent, m)
    for p in sent.places[lo:hi]:
        if p.start in ends:
            continue  # "the power cable linking Finland and Estonia": the cable's ends
        if own_name and p.end <= m.start:
            continue  # "taken to the Kankesanthurai naval base": not at a place named before
        if p.start > m.end and sponsored(ctx.text, p.start):
            continue  # "Haftar's forces, backed by Russia, Egypt and the UAE": not there
        if p.top.feature_code == "CONT":
            continue  # "soldiers already in Europe": a continent's middle is nowhere they are
        if _COMPOUND_AFTER.match(ctx.text, p.end) and p.top.gazetteer_id:
            continue  # "the joint U.S.-British base", "Iran-backed", "an Ohio-class": a modifier
        if any(a <= p.start < b for a, b in voyage) and _VOYAGE_END.search(
            norm, max(sent.start, p.start - 40), p.start
        ):
            continue  # "was heading to Houston from Kuwait when it was taken": never got there
        if _DATED_BY.search(norm, max(sent.start, p.start - 64), p.start):
            continue  # "since the start of the war in Ukraine": dates the statement, no place
        if p.top.feature_code in _REGION_CODES and _SUPERLATIVE_IN.search(
            norm, max(sent.start, p.start - 80), p.start
        ):
            continue  # "the largest US military installation in the Middle East": a ranking
        head = _list_head(ctx, sent, p)  # "bound for Kaohsiung and Keelung": both
        bound = _BOUND_FOR.search(norm, max(sent.start, head.start - 40), head.start)
        if bound is not None and not (m.end <= bound.start() and bound.start() - m.end <= 2):
            continue  # "intercepted a boat carrying aid bound for Gaza": the boat's, not reached
        if p.start < m.end and p.end > m.start:
            if m.term.channel == DISPUTE and p.start <= m.start and m.end <= p.end:
                # the contested place named by its trigger: "the Line of Control", "the
                # disputed islands" (an anaphor)
                out.append(_Cand(p, 1.0, "at", 0, True))
            elif m.term.kind in _SITE_KINDS and p.start <= m.start and m.end <= p.end:
                # "Ørland Main Air Station": the base is the named place
                out.append(_Cand(p, 1.0, "at", 0, True))
            continue
        same = sent.clause(p.start) == clause
        if not same and p.end <= m.start and _relative_clause(ctx, sent, p.start):
            continue  # "the attack, which targeted Lviv, and air defence was ...": its own
        if (
            m.term.channel == DISPUTE
            and p.end <= m.start
            and _ANTECEDENT.fullmatch(norm, p.end, m.start)
            and all(  # "controlled by China but claimed by": agents, not places
                t.adjective or norm.endswith("by ", 0, t.start)
                for t in sent.near("toponyms", p.end, m.start)
            )
        ):
            # "the Paracel Islands, which are controlled by China but claimed by Vietnam"
            out.append(_Cand(p, 1.0, "at", m.start - p.end, False))
            continue
        where = _WHERE.match(norm, p.end) if p.end <= m.start else None
        if where is not None and sent.clause(where.end() - 1) == clause:
            # "in the Ladakh region, where troops have been deployed": the place "where" means;
            # "the Tillaberi region near the borders with Mali and Burkina Faso, where": the
            # region the border phrase places, not the neighbour
            region = _beside_border(ctx, sent, p) or p
            out.append(_Cand(region, 1.0, "at", m.start - region.end, False))
            continue
        if m.term.channel == EVENT and p.end <= m.start and _which_clause(ctx, sent, p, m):
            # "the town of Gharyan, which it seized last week": the place is what was seized;
            # "the port of Izmail on the Danube, which drones attacked": the port, not the river
            head = _qualified_head(ctx, sent, p) or p
            out.append(_Cand(head, 1.0, "at", m.start - head.end, False))
            continue
        # A country named bare (no locative preposition) is a party, not a location.
        country = p.top.feature_code in _COUNTRY_CODES and p.factor == 1.0
        if country and m.term.channel == ASSET and _owns_another(ctx, p, m):
            continue  # "Russia's Tu-142 and China's Y-8": China owns the Y-8, holds no Tu-142
        if country and p.start >= m.end and _owned_elsewhere(ctx, sent, p, m):
            continue  # "destroyed Iran's consulate in Damascus": the owner, not where
        if m.term.channel == ASSET and _people_place(ctx, sent, p):
            continue  # "in contact with the leadership in Armenia": where they are
        if country and _owns_people(ctx, p):
            continue  # "killed Iran's top commander": whose people, not where
        if p.start >= m.end:
            # "B-1Bs, accompanied by 200 personnel, will arrive at X": the aside does not part
            # the subject from its verb
            # "seven ships, a submarine and 4,500 Marines near X": measured from the list's end
            # and an event's from its object's end ("deployed 28 aircraft, including ..., to
            # X"); a list member only when the preposition follows the list ("... to protect
            # targets in X" after it is another verb's place)
            tail = list_end(ctx, sent, m, objects=True)
            t_end = m.end
            if m.end < tail.end <= p.start and (
                m.term.channel != ASSET or _prep_first(ctx, _words(norm[tail.end : p.start]))
            ):
                t_end = tail.end
            apposed = m.term.channel == ASSET and norm.endswith(", ", 0, m.start)
            if m.term.channel == ASSET:
                ship_name = _NAME_AFTER.match(ctx.text, t_end, p.start)
                if ship_name is not None:
                    t_end = ship_name.end()  # "the submarine Kazan, which ...": its name
                    apposed = ship_name.group().startswith(",")
            aside = ASIDE.match(norm, t_end, p.start)
            gap = " " + norm[aside.end() : p.start] if aside is not None else norm[t_end : p.start]
            if apposed and gap.startswith(","):
                gap = gap[1:]  # "A Canadian frigate, HMCS Ottawa, transited the strait": apposed
            proxy = _unknown_located(ctx, sent, t_end, p.start)
            if proxy is not None:
                gap = norm[t_end:proxy]  # "into the village of X, a hamlet in <p>": X's place
            words = _words(gap)
            if country and words[-1:] and words[-1] in _SUBORDINATORS:
                continue  # "attacks until Israel ends its war": the next clause's subject
            if _CAPABILITY.search(gap):
                continue  # "missiles capable of striking targets in China": what they can reach
            found = _prep_before(ctx, words)
            if found is not None and _verb_after_origin(ctx, sent, m, found, p):
                found = None  # "warships from a dozen countries patrol X": the verb's object
            if (
                found is None
                and t_end == m.end
                and m.term.channel == EVENT
                and len(words) <= 1
                and "," not in gap
            ):
                # "advanced near X", "sailed near X": the trigger's own last word governs
                own = _prep_before(ctx, _words(norm[m.start : m.end])[-2:])
                if own is not None and own[1] == 0 and _role(ctx, own[0]) == "at":
                    found = (own[0], len(words))
            if found:
                prep, n_after = found
                if prep == "by" and country:
                    continue  # "attacked by Russia": the agent
                if prep == "outside" and location_precision(p.top.feature_code) != "exact":
                    continue  # "landed outside Japan's economic zone": not there
                if _BACKGROUND & set(words[: len(words) - n_after - len(prep.split())]):
                    continue  # "servicemen with previous experience in Syria": their past
                if n_after and _TIME_PREPS & set(words[len(words) - n_after :]):
                    continue  # "orders troops to the border after Guyana oil discovery"
                if _sequence(words[: len(words) - n_after - len(prep.split())]):
                    continue  # "set fire to the base before withdrawing towards the border"
                n_before = len(words) - n_after - len(prep.split())
                if n_before and _others_event(ctx, sent, m, gap, prep):
                    continue  # "follows Maduro's visit to Moscow": the visit's place
                role = _role(ctx, prep)
                if (
                    role == "destination"
                    and m.term.channel == ASSET
                    and n_before >= 4
                    and words[n_before - 2] == "of"
                    and not any(c.term.channel != ASSET for c in sent.near("core", m.end, p.start))
                ):
                    continue  # "troops ... stopping the flow of fentanyl into X": the flow's
                if m.term.channel == EVENT and n_before and _own_event_before(ctx, sent, m, p):
                    continue  # "shot down drones launched from Yemen": the launch's origin
                if m.term.channel == EVENT and n_before > 2 and _event_in_between(ctx, sent, m, p):
                    continue  # "the strikes were a response to attacks on refineries in X"
                if n_before > 2 and _framing_event(ctx, sent, m, p):
                    continue  # "aircraft shot down drones during a Russian attack on X"
                if _AS_CLAUSE.search(gap):
                    continue  # "attempts since November as warships were drawn to X": theirs
                if _NEW_SUBJECT.search(norm, max(t_end, head.start - 80), head.start):
                    continue  # "jets were scrambled, and airports in X (and Y) were closed"
                if _AND_NAMED_SUBJECT.search(ctx.text, t_end, p.start):
                    continue  # "ordered a mobilisation and Ethiopia has moved troops to X"
                if role == "origin" and _measured_from(ctx, p):
                    role = "at"  # "two nautical miles from Scarborough Shoal": near it
                elif (
                    role == "at"
                    and _inside_origin(words, n_after, prep)
                    and not _place_between(sent, m.end, p.start)
                ):
                    role = "origin"  # "come from the 7th Bomb Wing at Dyess": a home base
                elif role == "at" and prep == "in" and _in_origin_place(ctx, sent, m.end, p):
                    role = "origin"  # "an F-22 from Langley Air Force Base in Virginia fired"
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
                if n_after and re.search(r"[,;:]", _after_prep(gap, prep)):
                    # "on Tuesday, saying the U.S. ...": the preposition governs something
                    # else; a bare country there is a party
                    if country:
                        continue
                    s *= 0.3
                if role == "weak" and prep == "of" and n_before == 0 and m.term.channel != ASSET:
                    # "the capture of Kidal", "took control of Kidal": the object; "the
                    # breakaway region of Somaliland": the contested place itself
                    role = "at"
                if role == "weak" and prep == "of" and n_before and _part_noun(ctx, words, n_after):
                    role = "at"  # "crossed the median line of the Taiwan Strait"
                if role == "weak" and prep == "of" and _partitive(ctx, m.end, p.start):
                    role = "at"  # "claims almost all of the South China Sea"
                if role == "weak" and prep == "of" and _measured_from(ctx, p):
                    role = "at"  # "drills ..., some 200 kilometres south of Taiwan": there
                if (
                    role == "at"
                    and prep == "of"
                    and _inside_origin(words, n_after, prep)
                    and not _place_between(sent, m.end, p.start)
                    and not _measured_from(ctx, p)  # "70 miles from the enclave of X": near
                ):
                    role = "origin"  # "launched from Houthi-held areas of Yemen": where from
                if role == "weak":
                    s *= 0.6
                if (
                    n_before > 5
                    # the text's own gap (norm has no hyphens); a proxy's gap ends before the place
                    and re.search(
                        r"[,;:]",
                        _ADJECTIVE_LIST.sub(
                            " ",
                            _APPOSED_NOUN.sub(
                                " ",
                                ctx.text[p.start - len(gap) : p.start]
                                if norm.endswith(gap, 0, p.start)
                                else gap,
                            ),
                        ),
                    )
                    and not _ADVERBIAL_TAIL.search(gap)
                ):
                    s *= 0.35  # the place belongs to a later phrase
            else:
                if re.search(r"[,;:]", gap):
                    continue  # "..., as both the U.S. and ...": a bare subject, elsewhere
                if _country_or_capital(p) and _clause_subject(ctx, words, p):
                    continue  # "a warship that Manila grounded there": who acted, not where
                n = len(words)
                # "after departing Venezuela": what a departure word names is where it began
                role = "origin" if n <= 2 and norm[m.start : m.end] in ctx.rules.origin else "at"
                s = 0.85 if n <= 2 else 0.6 if n <= 6 else 0.45 if n <= 15 else 0.3
                if n == 0 and m.term.channel == DISPUTE and not gap.strip():
                    s = 1.1  # "occupied Crimea", "disputed Kashmir": the place it qualifies
        else:
            gap = norm[p.end : m.start]
            if re.match(r"\s*,\s*whose\b", gap):
                continue  # "Cuba, whose special forces ...": the owner
            if _ESCAPE.search(gap):
                continue  # "fled into Bangladesh to escape fighting": not where it happens
            if m.term.channel == ASSET and _OPENS_CLAUSE.search(gap):
                continue  # "half of them to Podlaskie, as Wagner fighters ...": a new subject
            if (
                _SPEAKER_APPOSITIVE.match(norm, p.end)
                # "AFRICOM, headquartered in Stuttgart, Germany, said": with its country
                or _QUALIFIED_SPEAKER.match(ctx.text, p.end)
            ) and norm.rfind(",", max(sent.start, p.start - 200), p.start) >= 0:
                continue  # "JNIM, al Qaeda's affiliate in the Sahel, said ...": who speaks
            if m.term.kind in ctx.lex.movement_kinds and _sequence(_words(gap)):
                continue  # "trained at bases in the Far East before being moved": not where to
            if _subject_copula(norm, sent, p, gap):
                out.append(_Cand(p, 0.85, "at", m.start - p.end, False))
                continue  # "Kaliningrad, a Baltic exclave, is a major base for the fleet"
            if m.term.kind in _SITE_KINDS and not country and _BASE_NAME_GAP.fullmatch(gap):
                out.append(_Cand(p, 1.05, "at", m.start - p.end, False))
                continue  # "the Engels airbase in Saratov Oblast": the base's own name
            words = _words(gap)
            n = len(words)
            before = _words(norm[max(sent.start, p.start - 30) : p.start])
            prev = _prep_before(ctx, before[-3:]) if before else None
            named = len(before) >= 2 and before[-2] in ctx.rules.place_nouns
            if prev and prev[0] == "of" and prev[1] == 0 and named:
                # "the town of X fell to ...": X is the subject, "of" names it (not "from the
                # enclave of X": that preposition still governs it)
                if _prep_before(ctx, before[:-2][-3:]) is None:
                    prev = None
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
                elif m.term.channel == ASSET and _OWNED_OF.fullmatch(gap):
                    continue  # "part of Russia's shadow fleet of ageing tankers": the owner
                elif country and n > 4 and _owns_another(ctx, p, m):
                    continue  # "China's foreign ministry spokesperson said ... intruded": an owner
                elif (
                    country
                    and m.term.channel == EVENT
                    and n <= 4
                    and any(c.term.channel == ASSET for c in sent.near("core", p.end, m.start))
                ):
                    continue  # "Yemen's Houthi rebels seized a ship": whose the agent is
                else:
                    s = 0.55
            elif prev and prev[1] <= 2:
                if prev[0] == "by" and country:
                    continue
                role = _role(ctx, prev[0])
                if role == "origin" and _measured_from(ctx, p):
                    role = "at"
                elif (
                    role == "at" and prev[0] == "in" and _in_origin_place(ctx, sent, sent.start, p)
                ):
                    role = "origin"  # "an F-22 from Langley Air Force Base in Virginia fired"
                elif (
                    role == "at"
                    and m.term.channel == EVENT
                    and gap.lstrip().startswith(",")
                    and _BASED_BEFORE.search(norm, max(sent.start, p.start - 40), p.start)
                ):
                    role = "origin"  # "the regiment, based in Hawaii, will exercise at X": home
                if role == "origin" and _AND_THEN.fullmatch(ctx.text, p.end, m.start):
                    continue  # "took off from Langley ... in Virginia and fired": the take-off's
                s = 0.75 if n <= 6 else 0.6 if n <= 12 else 0.4
                if role == "weak":
                    s *= 0.6
            elif country and (n > 3 or _words(gap[:12])[:1] in _SUBJECT_NEXT):
                continue  # "Maduro asks Russia for aid", "the U.S. has granted ...": a party
            elif p.top.feature_code == "PPLC" and _CAPITAL_ACTS.match(gap):
                continue  # "Bamako has leaned on Russian paramilitaries": the government
            elif (
                country
                and m.term.channel == ASSET
                and m.term.kind not in _SITE_KINDS
                and (not gap.strip() or _paired_owner(ctx.text, p.end, m.start))
            ):
                # "the New Zealand frigate", "Pakistan and Afghan Taliban forces": the owner
                continue
            elif country and n <= 1 and m.term.kind in _AGENT_KINDS:
                continue  # "North Korea shelled the island", "Japan dispatched ships": the agent
            elif country and m.term.channel == ASSET and _VERB_NEXT.match(gap):
                continue  # "The Philippines keeps a contingent of marines": the owner
            else:
                s = 0.6 if n <= 3 else 0.45 if n <= 8 else 0.3
            if n > 3 and re.search(r"[,;:]", gap) and _named_between(sent, p.end, m.start):
                s *= 0.5  # "shelled Kharkiv overnight, and Moscow warned ... attacks"
        if (
            p.start > m.end
            and same
            and _measured(ctx, p)
            and not any(c.term.channel == EVENT for c in sent.near("core", m.end, p.start))
        ):
            # "..., setting it ablaze about 77 nautical miles west of Hodeidah": a measured
            # spot in the trigger's clause is the most exact place the text gives
            s = max(s, 1.05)
        if not same and p.start > m.end and m.term.channel == ASSET and _kept_at(ctx, sent, p):
            # "fighters moved to Belarus ... and are housed in a camp near Asipovichy": the
            # force's own next predicate says where it is now
            s, same = max(s, 1.05), True
        if not same:
            if p.start > m.end and _relative_clause(ctx, sent, p.start):
                c0 = sent.clause_span(sent.clause(p.start))[0]
                if (
                    m.term.kind in _HIT_KINDS
                    and c0 - m.end <= _VICTIMS_REACH
                    and _VICTIMS_WHERE.match(norm, c0)
                ):
                    # "killed 85 civilians who were celebrating a festival in a village in
                    # Kaduna": where the people it hit were is where it hit
                    s = max(s, 0.9)
                elif not _LOCATES.fullmatch(norm, c0, p.start):
                    continue  # "the Wagner group, which operates in Africa": about the group
                # "shadowing the ship, which was last seen off Puntland": where it is
                s = max(s, 1.0)
                role = "at" if role == "weak" else role  # "which controls most of X"
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
    if m.term.channel != ASSET and m.term.kind not in ctx.lex.movement_kinds:
        return out  # "withdrawn from Mali, Burkina Faso and Niger after coups there"
    return _list_roles(ctx, sent, out)


_AND_THEN = re.compile(
    r"(?:,?\s+in\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2})?\s+and\s+(?:then\s+|later\s+)?"
)
# a country paired with another side's name before their forces: "Pakistan and Afghan Taliban"
_PAIRED_OWNER = re.compile(r"\s+and\s+(?:[A-Z][\w'\u2019.-]*\s+){0,2}[A-Z][\w'\u2019.-]*")


def _paired_owner(text: str, end: int, start: int) -> bool:
    """After a country: its partner's name right before the forces, or the two as subjects of
    the verb that has them ("Ethiopia and Eritrea mass troops")."""
    pm = _PAIRED_OWNER.match(text, end, start)
    if pm is None:
        return False
    rest = text[pm.end() : start]
    return not rest.strip() or (len(rest.split()) == 1 and _VERB_NEXT.match(rest) is not None)


def _list_roles(ctx: _Doc, sent: _Sentence, cands: list[_Cand]) -> list[_Cand]:
    """A list's later members go where its first goes: "left Mexico City and the western
    state of Jalisco" (both where the troops came from)."""
    by_start = {c.place.start: c for c in cands}
    out = []
    for c in cands:
        head = by_start.get(_list_head(ctx, sent, c.place).start)
        if (
            head is not None
            and head is not c
            and c.role == "at"
            and head.role in ("origin", "destination")
        ):
            c = replace(c, role=head.role, strength=min(c.strength, head.strength))
        out.append(c)
    return out


def _named_between(sent: _Sentence, a: int, b: int) -> bool:
    """A place, demonym or actor word between ``a`` and ``b``: another party's phrase."""
    tops, actors = sent.toponyms, sent.actors
    i = bisect_left(sent.starts("toponyms"), a)
    j = bisect_left(sent.starts("actors"), a)
    return (i < len(tops) and tops[i].end <= b) or (j < len(actors) and actors[j].end <= b)


# "from Langley Air Force Base in", "from the naval base in": a home the place locates
_FROM_IN = re.compile(r"\bfrom\s+(?:the\s+)?(?:[\w'.-]+\s+){1,6}in\s+(?:the\s+)?$")


# a subject's home named in a participle phrase: "the 3rd Regiment, based in Hawaii, ..."
_BASED_BEFORE = re.compile(
    r"\b(?:based|headquartered|home-?ported)\s+(?:in|at|on)\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}$"
)


# words that make the phrase between "from" and "in" a clause of its own ("warships from
# several countries are in X", "troops from Chad deployed in X"): X is theirs, not a home
_FROM_IN_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|will|would|can|could|may|might|must"
    r"|remain(?:s|ed)?|stay(?:s|ed)?)\b"
    r"|(?<![\w-])(?!based\b|stationed\b|headquartered\b)[a-z]+ed\b"
)
_AUXILIARIES = frozenset(
    "is are was were be been being has have had will would can could may might must".split()
)


def _in_origin_place(ctx: _Doc, sent: _Sentence, a: int, p: _Place) -> bool:
    """``p`` right after "in" locates the home a "from" before it names."""
    hit = _FROM_IN.search(ctx.norm, max(a, sent.start, p.start - 80), p.start)
    return hit is not None and _FROM_IN_VERB.search(ctx.text, hit.start() + 5, p.start) is None


def _place_between(sent: _Sentence, a: int, b: int) -> bool:
    """A place (not a demonym) named between ``a`` and ``b``."""
    tops = sent.toponyms
    i = bisect_left(sent.starts("toponyms"), a)
    while i < len(tops) and tops[i].end <= b:
        if not tops[i].adjective:
            return True
        i += 1
    return False


#: How clearly a town must be tied to a trigger to refine the country it was placed in.
_FINER_MIN = 0.5


def _finer_in_country(
    ctx: _Doc, sent: _Sentence, m: Match, best: _Cand, cands: list[_Cand]
) -> _Cand:
    """ "landing in Caracas ... to unload BuK missiles to protect targets in Venezuela": a
    town of the chosen country that the trigger is also clearly tied to, with no other
    event between them, says where in it; when the trigger's own phrase names the country
    ("a ground operation in Lebanon"), only a town named after it in the same clause
    ("killed the leader in Libya, an Iraqi, near Derna")."""
    top = best.place.top
    if top.feature_code not in _COUNTRY_CODES:
        return best
    clause = sent.clause(m.start) if best.strength >= 1.0 else -1
    finer = [
        c
        for c in cands
        if c.role in ("at", "destination")
        and (clause < 0 or c.place.start > best.place.end and sent.clause(c.place.start) == clause)
        and c.strength >= _FINER_MIN
        and c.place.top.country_code == top.country_code
        and c.place.top.feature_code not in _COUNTRY_CODES
        and not _event_between(
            ctx, sent, min(m.end, c.place.end), max(m.start, c.place.start), same=m.term.kind
        )
    ]
    return max(finer, key=lambda c: (c.strength, -c.distance)) if finer else best


def _event_between(ctx: _Doc, sent: _Sentence, a: int, b: int, *, same: str = "") -> bool:
    """An incident trigger (not a movement, nor of the kind ``same``: "a drone strike killed
    ...", one strike) between ``a`` and ``b``: the place is its own."""
    core = sent.core
    for k in range(bisect_left(sent.starts("core"), a), len(core)):
        c = core[k]
        if c.end > b:
            break
        if (
            c.term.channel == EVENT
            and c.term.kind not in ctx.lex.movement_kinds
            and c.term.kind != same
        ):
            return True
    return False


def _after_prep(gap: str, prep: str) -> str:
    """The part of ``gap`` after the last occurrence of ``prep``."""
    i = gap.rfind(f" {prep} ")
    return gap[i + len(prep) + 2 :] if i >= 0 else ""


def _locative_start(ctx: _Doc, m: Match) -> bool:
    """A trigger that starts with a locative head: "(Venezuela's) airspace was closed"."""
    first = _words(ctx.norm[m.start : m.end])
    return bool(first) and first[0] in ctx.rules.locative_words


def _best(
    cands: list[_Cand],
    *,
    movement: bool,
    dispute: bool,
    origin_ok: bool = False,
    strike: bool = False,
    launch: bool = False,
    sent_norm: str = "",
) -> _Cand | None:
    def score(c: _Cand) -> tuple[float, int]:
        s = c.strength
        if c.role == "origin":
            # "drones launched from Yemen over the Red Sea": a launch happens where it is from
            s *= 1.1 if launch else 0.5 if movement else 0.7
        if dispute and c.place.top.feature_code == "DISP":
            s *= 1.4
        return (s, -c.distance)

    # An origin is where the thing came from, not where the statement happens; only where
    # something is fired or launched from is it where the shooter is ("fired from Yemen").
    # A place only loosely tied to the trigger ("with X", "of X") is a party, not a location;
    # a target ("against X") is where a strike lands, not where a force is.
    pool = [
        c
        for c in cands
        if c.strength >= 0.25
        and (origin_ok or c.role != "origin")
        and c.role != "weak"
        and (c.role != "target" or strike)
    ]
    if not pool:
        return None
    best = max(pool, key=score)
    top = best.place.top
    if not dispute and location_precision(top.feature_code) != "exact":
        # "off the coast of occupied Crimea near Alupka": the town refines the area
        for c in pool:
            t = c.place.top
            if (
                location_precision(t.feature_code) == "exact"
                and c.strength >= best.strength * 0.6  # right after it: it says where
                and 0 <= c.place.start - best.place.end <= 50
                and _NEAR_REFINES.fullmatch(sent_norm[best.place.end : c.place.start])
                and (
                    not t.country_code or t.country_code == top.country_code or not top.country_code
                )
            ):
                return c
    for c in pool:
        # "to its Pacific territory of New Caledonia", "the Black Sea port of Novorossiysk":
        # the first name only says what kind of place the second is
        if 0 <= c.place.start - best.place.end <= 40 and _KIND_OF.fullmatch(
            sent_norm[best.place.end : c.place.start]
        ):
            return c if c.role == best.role else replace(c, role=best.role)
    if top.feature_code in OPEN_WATER:
        # "in the eastern Pacific, off the coast of Colombia": the sea's stretch off a coast
        for c in pool:
            if (
                c.place.top.feature_code not in _WATER_CODES
                and c.strength >= best.strength * 0.5  # right after it: it says where
                and 0 <= c.place.start - best.place.end <= 30
                and (gap := _OFF_COAST.fullmatch(sent_norm[best.place.end : c.place.start]))
                # a sea "near Venezuela" is finer than the country's point; an ocean is not
                and (
                    "off" in gap.group().split()
                    or top.feature_code == "OCN"
                    or c.place.top.feature_code not in _COUNTRY_CODES
                )
            ):
                return c
    if top.feature_code in _COUNTRY_CODES:
        # "in Russia's Krasnodar region": the finer place the country introduces
        for c in cands:
            t = c.place.top
            if (
                t.country_code == top.country_code
                and t.feature_code not in _COUNTRY_CODES
                and 0 <= c.place.start - best.place.end <= 40
                and _INTRODUCES.fullmatch(sent_norm[best.place.end : c.place.start])
            ):
                return c
            # "into China's airspace over Huangyan Island", "Estonian airspace over the Gulf
            # of Finland": the spot the country's airspace or waters is named by
            if (
                t.feature_code not in _COUNTRY_CODES
                and c in pool
                and 0 <= c.place.start - best.place.end <= 60
                and _ITS_AIRSPACE.fullmatch(sent_norm[best.place.end : c.place.start])
            ):
                return c
    return best


# A time adverb that may stand between a place and what refines it ("shelled towns inside
# Armenia overnight, including X", "into Polish airspace on Tuesday near the village of X")
_WHEN = (
    r"(?:\s+(?:overnight|yesterday|today|tonight|(?:on|last|early|late)\s+"
    rf"(?:{'|'.join(_WEEKDAYS)}|night|week|weekend)))?"
)
_APPOSITION = re.compile(
    _WHEN + r"\s*(?:[\u2013\u2014:]|--?|,\s*(?:including|namely|such as|notably))\s*",
    re.IGNORECASE,
)


def _elaborated(ctx: _Doc, sent: _Sentence, idx: int) -> list[_Place]:
    """Places that spell out a country named just before them: "the occupied territories of
    Ukraine \u2013 Zaporizhzhia, Donetsk and Luhansk" gives the three regions."""
    places = sent.places
    country = places[idx]
    if country.top.feature_code not in _COUNTRY_CODES or idx + 1 >= len(places):
        return []
    first = places[idx + 1]
    gap = ctx.text[country.end : first.start]
    if not _APPOSITION.fullmatch(gap) or first.top.country_code != country.top.country_code:
        return []
    out = [first]
    for nxt in places[idx + 2 :]:
        if nxt.top.country_code != country.top.country_code:
            break
        if not re.fullmatch(r"\s*(?:,\s*(?:and|or)?|and|or)\s*", ctx.norm[out[-1].end : nxt.start]):
            break
        out.append(nxt)
    return out


# "<name> territory of <place>", "<sea> port of <place>": the first only says what kind
_KIND_OF = re.compile(
    r"(?:\s+(?:sea|ocean))?\s+(?:overseas\s+)?(?:territory|territories|island|islands|"
    r"archipelago|port|city|town|village|region|province|state|enclave|exclave|peninsula|"
    r"atoll|outpost|department|republic)\s+of\s+(?:the\s+)?"
)
# "<sea>, off the coast of <place>", "<sea> off <place>"
# "in the Pacific near Guam", "in the South Atlantic around the islands": the same stretch
_OFF_COAST = re.compile(
    r",?\s+(?:off|near|around|close\s+to)\s+(?:the\s+(?:[a-z]+\s+)?coasts?\s+of\s+)?(?:the\s+)?"
)
# "<area> near <town>", "<area>, near <town>": the town says where in the area.
_NEAR_REFINES = re.compile(
    r"(?:\s+(?:airspace|air\s+space|territory|territorial\s+waters|waters|soil|skies))?"
    + _WHEN
    + r",?\s+(?:near|outside|close\s+to|off)\s+(?:the\s+)?"
    r"(?:(?:[a-z]+\s+)?(?:town|village|city|port|settlement|island)\s+of\s+(?:the\s+)?)?"
)
# "Russia's Krasnodar region", "Georgia's breakaway region South Ossetia", "Syria, Idlib"
_ITS_AIRSPACE = re.compile(
    r"(?:'s|s')?\s+(?:(?:territorial|sovereign|national)\s+)?(?:airspace|waters)"
    r"(?:\s+[a-z-]+){0,2}?\s+(?:over|above|in|off|near|around)\s+(?:the\s+)?"
)
_INTRODUCES = re.compile(r"(?:'s|s'|,)?(?:\s+[a-z-]+){0,3}\s+(?:the\s+)?|\s+")


def _coordinated(ctx: _Doc, sent: _Sentence, best: _Cand, after: int) -> list[_Place]:
    """The chosen place plus places listed with it ("to Syria, Libya and Mali", "on the capital
    Sanaa and the port of Hodeidah"; a list after the trigger, which ends at ``after``, is
    taken whole whichever of its places was chosen); a country spelled out by an apposition
    gives the places that spell it out."""
    out = [best.place]
    places = sent.places
    idx = bisect_left(sent.place_starts(), best.place.start)
    while places[idx] is not best.place:  # same start (an anaphor inside a name): next one
        idx += 1
    finer = _elaborated(ctx, sent, idx) if best.after else []
    if finer:
        return finer
    holder = _alt(sorted(ctx.rules.holder_suffixes))
    directions = _alt(sorted(ctx.rules.direction_words)) or "north"
    nouns = _alt(sorted(ctx.rules.place_nouns)) or "city"
    # "to Syria, Libya and Mali", "in Tartus and in central Hama", "the port of X and Y",
    # "X and the port of Y" (not "Nyala, the capital of South Darfur": an apposition)
    joint = re.compile(
        r"\s*(?:,\s*(?:and|or)?|and|or|as well as|&)\s*"
        # "72 drones over the Bryansk region, 14 over Kursk and eight over Belgorod"
        r"(?:(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|dozens)\s+"
        r"(?=(?:in|at|near|on|over|into|to|across|around)\s))?"
        r"(?:(?:in|at|near|on|over|into|to|across|around)\s+)?(?:the\s+)?"
        rf"(?:(?:{directions})\s+)?"
        + (rf"(?:[\w.]+\s+(?:{holder})\s+)?" if holder else "")
        + rf"|\s*,?\s*(?:and|or|as well as)\s+(?:the\s+)?(?:[a-z-]+\s+)?(?:{nouns})\s+of\s+"
        r"(?:the\s+)?"
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
    for k in range(idx - 1, -1, -1):  # by index: no copy of the sentence's places per trigger
        prv = places[k]
        if prv.start < after or not joint.fullmatch(ctx.norm[prv.end : out[0].start]):
            break
        out.insert(0, prv)
    for nxt in places[idx + 1 :]:
        if nxt.via == "anaphor" and "," in ctx.norm[out[-1].end : nxt.start]:
            break  # "in Kaduna, the country's emergency agency said": an apposition
        if joint.fullmatch(ctx.norm[out[-1].end : nxt.start]):
            out.append(nxt)
        else:
            break
    return out


# "a dispute over their maritime boundary in": the object of the dispute, then its place
_DISPUTE_OVER = re.compile(
    r"\s*(?:over|about|regarding|concerning)\s+((?:[\w'-]+\s+){1,5}?)"
    r"(?:in|of|around|near|off|along|at)\s+(?:the\s+)?"
)


def _disputed_object(ctx: _Doc, a: int, b: int) -> bool:
    """Between a dispute word and a place, a territorial thing it is over ("an unresolved
    dispute over their maritime boundary in the Gulf of Venezuela")."""
    hit = _DISPUTE_OVER.fullmatch(ctx.norm, a, b)
    return hit is not None and bool(set(hit.group(1).split()) & _territorial_words(ctx.lex))


@lru_cache(maxsize=32)
def _territorial_words(lex: Lexicon) -> frozenset[str]:
    terms = (normalize_phrase(w) for w in lex.config.get("territorial_context", []))
    return frozenset(t for t in terms if " " not in t and "*" not in t)


def _partitive(ctx: _Doc, a: int, b: int) -> bool:
    """ "claims almost all of X", "claims parts of X": a share of the place itself."""
    if _AREA_OF.search(ctx.norm, max(a, b - 48), b):
        return True  # "occupied about 10 square kilometres of Armenian territory"
    words = _words(ctx.norm[a:b])
    if words and words[-1] in _WHOLE and "of" not in words:
        # "claims almost the entire South China Sea", "the whole peninsula"
        return all(w in ctx.rules.partitive_words for w in words)
    if len(words) < 2 or "of" not in words[-2:]:
        return False
    head = words[: words.index("of")]
    return bool(head) and all(w in ctx.rules.partitive_words for w in head)


_WHOLE = frozenset({"entire", "whole"})
# An area measured off a place: "10 square kilometres of", "200 hectares of the"
_AREA_OF = re.compile(
    r"\b(?:square\s+(?:kilometres?|kilometers?|miles?|km|metres?|meters?)|sq\.?\s*km|km2|"
    r"hectares?|acres?)\s+of\s+(?:the\s+)?$"
)


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
            # "..., sparking calls from Athens": the origin of another phrase
            and not (c.after and re.search(r"[,;:]", ctx.norm[m.end : c.place.start]))
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


_LINKING = re.compile(r"\b(?:link|linking|links|linked|connect|connecting|connects|connected)\s+$")
_LINK_MID = re.compile(r"\s+(?:and|with|to)\s+(?:the\s+)?")


def _line_ends(ctx: _Doc, sent: _Sentence) -> frozenset[int]:
    """Starts of the places a cable or pipeline links ("linking Finland and Estonia")."""
    got: frozenset[int] | None = sent.memo.get("line_ends")
    if got is None:
        got = sent.memo["line_ends"] = _find_line_ends(ctx, sent)
    return got


# A time phrase dated by a war or a crisis somewhere ("since the start of the war in Ukraine")
_DATED_BY = re.compile(
    r"\b(?:since|before|after|until|during)\s+(?:the\s+(?:start|beginning|outbreak|end|onset)"
    r"\s+of\s+)?the\s+(?:[a-z-]+\s+)?(?:war|invasion|conflict|crisis|revolution|uprising|"
    r"pandemic)\s+(?:in|on|of|with|against|over)\s+(?:the\s+)?$"
)


# a list's joint, and a descriptor of the next member: "Kaohsiung and the southern port of"
_LIST_JOIN_NAMED = re.compile(
    LIST_JOIN.pattern + r"(?:(?:[a-z-]+\s+){0,2}(?:state|province|region|city|town|port|"
    r"island|district|village|county)\s+of\s+)?"
)


def _list_head(ctx: _Doc, sent: _Sentence, p: _Place) -> _Place:
    """The first place of the coordinated list ``p`` ends ("Kaohsiung and Keelung"), or ``p``."""
    heads: dict[int, _Place] | None = sent.memo.get("list_heads")
    if heads is None:  # once per sentence, in one pass: linear however long the list
        heads = {}
        prev: _Place | None = None
        for q in sent.places:
            joined = prev is not None and _LIST_JOIN_NAMED.fullmatch(ctx.norm, prev.end, q.start)
            heads[q.start] = heads[prev.start] if joined and prev is not None else q
            prev = q
        sent.memo["list_heads"] = heads
    return heads.get(p.start, p)


# "the largest ... in the Middle East", "the only ... in Europe": the region ranks, not locates
_SUPERLATIVE_IN = re.compile(
    r"\b(?:largest|biggest|busiest|closest|nearest|highest|longest|oldest|newest|strongest|"
    r"deadliest|heaviest|greatest|worst|best|main|only|first|last|most\s+[a-z]+)\s+"
    r"(?:[\w.'-]+\s+){0,4}?(?:in|of)\s+(?:the\s+)?$"
)
_REGION_CODES = frozenset({"RGN", "CONT", "RGNE", "AREA"})
# the name right after a force word, before a comma: "the nuclear-powered submarine Kazan,"
# (or apposed to it: "a Canadian frigate, HMCS Ottawa, transited")
_NAME_AFTER = re.compile(r",?\s+[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,3}(?=\s*,)")
# a region named in a war's name ("the Mideast war", "the Balkan wars")
_WAR_NAME = re.compile(r"\s+(?:war|wars)\b")

# A voyage cut short: "was heading to Houston from Kuwait when it was seized". Its ends are
# neither where the ship was nor where anything in the sentence happened.
_VOYAGE = re.compile(
    r"\b(?:was|were|had\s+been)\s+(?:heading|headed|sailing|steaming|travell?ing|flying|bound|"
    r"en\s+route|on\s+(?:its|their|her)\s+way)\b[^.;:]{0,120}?(?=\bwhen\b)"
)


# where a voyage was going or came from (not "was sailing near X when": it was there)
_VOYAGE_END = re.compile(
    r"\b(?:to|for|toward|towards|from|into)\s+(?:the\s+)?(?:[\w'-]+\s+(?:of\s+)?){0,2}$"
)


def _voyages(ctx: _Doc, sent: _Sentence) -> tuple[tuple[int, int], ...]:
    """Spans of the sentence that describe an interrupted voyage (:data:`_VOYAGE`)."""
    got: tuple[tuple[int, int], ...] | None = sent.memo.get("voyages")
    if got is None:
        got = sent.memo["voyages"] = tuple(
            m.span() for m in _VOYAGE.finditer(ctx.norm, sent.start, sent.end)
        )
    return got


def _find_line_ends(ctx: _Doc, sent: _Sentence) -> frozenset[int]:
    out: set[int] = set()
    places = sent.places
    for p1, p2 in zip(places, places[1:], strict=False):
        if _LINK_MID.fullmatch(ctx.norm, p1.end, p2.start) and _LINKING.search(
            ctx.norm, max(sent.start, p1.start - 16), p1.start
        ):
            out.update((p1.start, p2.start))
    return frozenset(out)


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


def _between(ctx: _Doc, sent: _Sentence, m: Match) -> tuple[_Place, _Place, bool] | None:
    """ "between X and Y" after the trigger in its clause: the two places, and whether an
    area noun comes first ("waters between Cyprus and Crete": the area between them)."""
    clause = sent.clause(m.start)
    starts = sent.place_starts()
    near = sent.places[bisect_left(starts, m.end) : bisect_left(starts, m.end + 160)]
    after = [p for p in near if sent.clause(p.start) == clause]
    for p1, p2 in zip(after, after[1:], strict=False):
        lead = _words(ctx.norm[m.end : p1.start])
        mid = _words(ctx.norm[p1.end : p2.start])
        # "between the Israeli-occupied Golan Heights and Syria": modifiers may follow it
        if "between" not in lead[-5:] or len(lead) > 10 or mid[:1] != ["and"] or len(mid) > 2:
            continue
        i = len(lead) - 1 - lead[::-1].index("between")
        if _BETWEEN_BREAKS & set(lead[i + 1 :]):
            continue  # "between the two sides in Syria and Iraq": "in" governs the places
        if p1.top.gazetteer_id == p2.top.gazetteer_id:
            return None
        area = bool(set(lead[max(0, i - 2) : i]) & _area_nouns(ctx.lex))
        return (p1, p2, area)
    return None


_INCLUDING = re.compile(
    r"\b(?:including|among\s+them|such\s+as)\s+(?:[\w-]+\s+){0,4}?(?:in|at|near)\s+(?:the\s+)?$"
)


_INCLUDED_NEXT = re.compile(
    r",?\s+(?:and\s+)?(?:an?|the|two|three|four|several|\d+)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:in|at|near)\s+(?:the\s+)?"
)


def _including(ctx: _Doc, sent: _Sentence, m: Match, places: list[_Place]) -> list[_Place]:
    """Places an "including ... in" phrase adds to a statement's own ("strikes on nine sites
    in Pakistan ..., including targets in Bahawalpur and Muridke"): in the trigger's clause,
    with no other incident between."""
    end = max(p.end for p in places)
    clause = sent.clause(m.start)
    starts = sent.place_starts()
    out: list[_Place] = []
    for q in sent.places[bisect_right(starts, end - 1) : bisect_left(starts, end + 200)][:8]:
        head = _list_head(ctx, sent, q)
        if (
            sent.clause(q.start) == clause
            and (
                _INCLUDING.search(ctx.norm, max(sent.start, head.start - 60), head.start)
                # "including a seminary in X and a complex in Y": the list goes on
                or out
                and _INCLUDED_NEXT.fullmatch(ctx.norm, out[-1].end, head.start) is not None
            )
            and not _event_between(ctx, sent, m.end, q.start)
            and all(q.top.gazetteer_id != p.top.gazetteer_id for p in places + out)
        ):
            out.append(q)
    return out


_BETWEEN_BREAKS = frozenset("in of at on near from to with across into over and or".split())


@lru_cache(maxsize=32)
def _area_nouns(lex: Lexicon) -> frozenset[str]:
    return frozenset(normalize_phrase(w) for w in lex.config.get("between_area_nouns", []))


def _between_line(ctx: _Doc, sent: _Sentence, m: Match) -> tuple[_Place, _Place] | None:
    """A force or movement "flying between mainland Russia and the Kaliningrad exclave": the
    route between the two places, when the clause says nothing else of where it is."""
    got = _between(ctx, sent, m)
    if got is None or got[2] or len(_words(ctx.norm[m.end : got[0].start])) > 8:
        return None
    return got[0], got[1]


def _between_area(ctx: _Doc, sent: _Sentence, m: Match) -> _Place | None:
    """ "sent the ship back into waters between Cyprus and Crete": a place at the midpoint of
    the two (an area), its mention the span "Cyprus and Crete"."""
    got = _between(ctx, sent, m)
    if got is None or not got[2]:
        return None
    a, b = got[0].top, got[1].top
    lat, lon = midpoint(a.lat, a.lon, b.lat, b.lon)
    top = Toponym(
        mention=ctx.text[got[0].start : got[1].end],
        start=got[0].start,
        end=got[1].end,
        name=f"between {a.name} and {b.name}",
        lat=round(lat, 5),
        lon=round(lon, 5),
        feature_code="AREA",
        country_code="",
        gazetteer_id="",
        confidence=round(min(a.confidence, b.confidence) * 0.8, 3),
    )
    return _Place(top, top.start, top.end)
