"""Statement extractor: geoparsed documents -> posture features (assets, incidents, disputes).

The entry point runs the stages over each sentence that holds a trigger (equipment, force
word, incident or dispute cue from the lexicons):

- mentions that are not places are set aside (``layers.mentions``: datelines, speakers,
  owners, makers, outlets, ship names, names without evidence of their own);
- the sentence's places are gathered, with borders (``layers.borders``) and anaphora, and the
  discourse's current place (``layers.discourse``);
- each trigger is attached to the place its role points at (``layers.roles``), or takes one
  from the discourse (``layers.carry``); actor, status, date and quantity are read
  (``layers.actors``, ``layers.status``); statements are pruned to one per statement and
  place (``layers.statements``) and emitted with their geometry (``layers.emit``, relative
  locations from ``layers.relative``).

    from layers.extract import extract_features
    features = extract_features(parsed, gazetteer=get_gazetteer())
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from geo.model import ParsedDocument, Toponym
from geo.outlines import country_at
from geo.resolve import FALLBACK_CONFIDENCE
from geo.text import sentence_spans
from layers._context import VESSEL_WORD, ContextIndex
from layers._dates import inferred_published, parse_published, reference_year
from layers._rules import _rules
from layers._sentence import _COUNTRY_CODES, _NEXT_WORD, _Doc, _Place, _Sentence, _Stmt
from layers.borders import border_mentions, unnamed_borders
from layers.discourse import Discourse
from layers.emit import NOT_THERE_YET, carried_top
from layers.lexicon import (
    ACTOR,
    ASSET,
    DISPUTE,
    EVENT,
    Lexicon,
    Match,
    Term,
    load_lexicon,
    normalize_phrase,
    normalize_text,
)
from layers.mentions import caption, datelines, mention_rules, non_place_role
from layers.model import Feature, feature_id
from layers.parts import country_sides, described_unknowns
from layers.roles import OPEN_WATER, _noun_use, _places, _qualifies
from layers.statements import (
    _clauses,
    _dedup,
    _in_context,
    _modifier_only,
    _process_sentence,
    _select,
    launch_by_name,
)

__all__ = ["extract_features", "feature_id", "load_lexicon", "unplaced_names"]


def extract_features(
    parsed: ParsedDocument, *, gazetteer: Any = None, lexicon: Lexicon | None = None
) -> list[Feature]:
    """Posture features stated in ``parsed``, sorted by (start, layer, kind, subject).

    ``gazetteer`` (optional, duck-typed: ``geometry(id)``, ``get(id)``, ``country(cc)``) gives
    dispute polygons and country names; ``lexicon`` defaults to :func:`load_lexicon`'s.
    Pure and deterministic.
    """
    lex = lexicon if lexicon is not None else load_lexicon()
    if any(t.embedded for t in parsed.toponyms):
        # a place inside an organisation's name ("the Washington Post") is no place of the
        # story's: the layers read it like a metonym
        parsed = replace(
            parsed,
            toponyms=tuple(replace(t, literal=False) if t.embedded else t for t in parsed.toponyms),
        )
    doc = parsed.document
    text = doc.text
    if not text or not parsed.toponyms:
        return []
    norm = normalize_text(text)
    # "anti-ship cruise missiles": what a thing counters is no trigger, and must not hide
    # the trigger after it from the selection ("cruise missiles")
    scanned = [
        m
        for m in lex.scan(text, norm)
        if m.term.channel not in (ASSET, EVENT, DISPUTE)
        or not _COUNTERED.search(norm, max(0, m.start - 9), m.start)
    ]
    core, cues, actors, context = _select(scanned)
    rules = _rules(lex)
    core = [
        m
        for m in core
        if not _modifier_only(norm, m, rules)
        and not _in_name(text, m)
        and not _title(text, m)
        and not _in_compound(text, m)
    ]
    core = _formations(text, [_fighter_aircraft(text, norm, m) for m in core])
    idioms = _idiom_spans(lex, norm)
    if idioms:
        # "teachers went on strike", "struck a deal", "a trade war": no military event
        idiom_starts = [a for a, _ in idioms]  # non-overlapping, in order: one look-up each
        core = [
            m
            for m in core
            if (k := bisect_right(idiom_starts, m.end - 1) - 1) < 0 or idioms[k][1] <= m.start
        ]
    lines = datelines(text)
    if lines:
        # "7TH FLEET, Sept 12 —": where the story was filed, no force (one look-up each)
        line_starts = [a for a, _ in lines]
        core = [
            m
            for m in core
            if (k := bisect_right(line_starts, m.start) - 1) < 0 or lines[k][1] <= m.start
        ]
    if not core:
        return []
    cindex = ContextIndex(lex, text, core, actors, context)
    reference = doc.published
    if parse_published(reference) is None:
        reference, _ = inferred_published(text)
    published = parse_published(reference)
    ctx = _Doc(
        parsed=parsed,
        text=text,
        norm=norm,
        lex=lex,
        rules=rules,
        gazetteer=gazetteer,
        published=published,
        ref_year=reference_year(text, published),
        reference=reference,
    )
    tops = sorted((_as_sea(ctx, t) for t in parsed.toponyms), key=lambda t: t.start)
    # "the southern Lebanese village of X" the gazetteer lacks: in southern Lebanon
    tops = described_unknowns(text, tops, gazetteer, guess=FALLBACK_CONFIDENCE)
    ctx.dateline = frozenset(
        t.start for t in tops if any(a <= t.start and t.end <= b for a, b in lines)
    )
    ctx.nonplace = _non_places(ctx, tops)
    disc = Discourse(
        lex,
        [t for t in tops if t.literal and not t.adjective and t.start not in ctx.nonplace],
        adjectives=[t for t in tops if t.adjective],
        governments=[
            t for t in tops if not t.literal and not t.adjective and t.feature_code == "PCLI"
        ],
        seas=[
            t
            for t in tops
            if t.literal and t.start not in ctx.nonplace and t.feature_code in OPEN_WATER
        ],
        countries=[
            t
            for t in tops
            if t.feature_code in _COUNTRY_CODES and not t.adjective and t.start not in ctx.dateline
        ],
        text=text,
    )
    top_starts = [t.start for t in tops]
    story_country = _story_country(tops, ctx.nonplace)
    story_tops = [t for t in tops if t.start not in ctx.nonplace]  # for a border's stretch
    core_starts = [m.start for m in core]
    cue_starts = [m.start for m in cues]
    actor_starts = [m.start for m in actors]
    prev: tuple[int, int] | None = None
    recent: list[Toponym] = []  # the borders named so far, latest last
    homes: dict[int, str] = {}  # the country each focus lies in, by the focus's start
    for number, (s0, s1) in enumerate(sentence_spans(text)):
        before, prev = prev, (s0, s1)
        if _ENTRY.match(text, s0):
            disc.new_entry(s0)  # "09:14 GMT — ...": a live blog's entry, a story of its own
            recent = []
        i0, i1 = bisect_left(core_starts, s0), bisect_left(core_starts, s1)
        if i0 == i1:
            continue
        t0, t1 = bisect_left(top_starts, s0), bisect_left(top_starts, s1)
        pictured = caption(text, s0, s1)
        focus = None if pictured else disc.focus(number)
        borders = border_mentions(
            text,
            s0,
            s1,
            gazetteer,
            tops=tops[t0:t1],
            story=story_tops,
        )
        home = _home(focus, homes) if focus is not None else story_country
        if t0 != t1 or recent:  # "the border" alone: the story's latest one
            borders += unnamed_borders(
                text,
                s0,
                s1,
                tops[t0:t1],
                gazetteer,
                named=borders,
                home=home,
                recent=recent,
                fallbacks=(story_country,),
                story=story_tops,
            )
        if borders:
            disc.add(borders)  # "along its border with Belarus ... to the area": the border
            recent = [*recent, *borders][-8:]
        sides = country_sides(text, s0, s1, tops[t0:t1], gazetteer, home=home)
        if sides:
            disc.add(sides)  # "jihadists in the northeast": of the story's country
        anaphors = disc.anaphors(norm, s0, s1, sentence=number, text=text)
        # where the discourse put each kind of force: "the Saudi troops" refers back to it
        earlier = {} if pictured else disc.subjects(number)
        if t0 == t1 and focus is None and not (anaphors or borders or sides or earlier):
            continue
        sent_tops = [t for t in tops[t0:t1] if t.end <= s1]
        sent_core = [m for m in core[i0:i1] if m.end <= s1]
        clauses = _clauses(ctx, s0, s1)
        sent_core = _in_context(
            cindex,
            sent_core,
            sent_tops,
            s0,
            s1,
            clauses,
            at_flashpoint=focus is not None and focus.feature_code == "DISP",
            rules=ctx.rules,
            norm=norm,
        )
        if not sent_core:
            continue
        places = _places(ctx, sent_tops, sent_core)
        if borders:
            places = _with_borders(text, places, borders)
        if sides:
            places = sorted(
                [*places, *(_Place(t, t.start, t.end) for t in sides)], key=lambda p: p.start
            )
        if anaphors:
            places = _with_anaphors(places, anaphors, sent_core)
        if not places and focus is None and not earlier and not any(map(launch_by_name, sent_core)):
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
            focus=_Place(focus, focus.start, focus.end, factor=0.8, via="discourse")
            if focus
            else None,
            subjects={
                kind: _Place(t, t.start, t.end, factor=0.85, via="discourse")
                for kind, t in earlier.items()
            },
        )
        stmts = _process_sentence(ctx, sent)
        if not pictured:
            stmts_now = [st for st in stmts if not _background(ctx, sent, st)]
            _note_focus(
                disc, number, stmts_now, functools.partial(carried_top, ctx, sent), norm=norm
            )
    return sorted(
        _dedup(ctx.features.values()), key=lambda f: (f.start, f.layer, f.kind, f.subject)
    )


def _home(focus: Toponym, homes: dict[int, str]) -> str:
    """The country a place of the story lies in, by its outline where the gazetteer files it
    elsewhere ("Smara": Western Sahara, whose border with Mauritania it is near)."""
    if focus.start not in homes:
        cc = focus.country_code
        if cc and focus.feature_code not in _COUNTRY_CODES:
            cc = country_at(focus.lat, focus.lon, hint=cc) or cc
        homes[focus.start] = cc
    return homes[focus.start]


def _as_sea(ctx: _Doc, t: Toponym) -> Toponym:
    """A region named for a sea is the sea where forces are ("warships in the Caribbean": the
    Caribbean Sea, not the region's point on Hispaniola); the mention stays as written."""
    lookup = getattr(ctx.gazetteer, "lookup", None)
    if t.feature_code not in _SEA_REGIONS or lookup is None or not t.literal:
        return t
    if t.adjective and not _noun_use(ctx, t):
        return t  # "Caribbean nations"
    for suffix, code in (("Sea", "SEA"), ("Ocean", "OCN")):
        sea = next((p for p in lookup(f"{t.name} {suffix}") if p.feature_code == code), None)
        if sea is not None:
            return replace(
                t,
                name=sea.name,
                lat=sea.lat,
                lon=sea.lon,
                feature_code=code,
                gazetteer_id=sea.id,
                adjective=False,
            )
    return t


_SEA_REGIONS = frozenset({"RGN"})


def unplaced_names(parsed: ParsedDocument) -> int:
    """How many names of ``parsed`` the geoparser could only put at the document's main place
    (no evidence of their own), or only at a doubtful namesake in a country the story never
    names: they are left unplaced, never carry a feature."""
    doubtful = _doubtful(parsed.toponyms)
    return sum(
        1
        for t in parsed.toponyms
        if t.confidence <= FALLBACK_CONFIDENCE and not _named_as(t) or t.start in doubtful
    )


#: Below this confidence a resolution is a guess: it carries no feature when it lies in a
#: country no confident name of the document is in ("Mount Pleasant" of a Falklands story
#: read as the town in South Carolina).
DOUBTFUL_CONFIDENCE = 0.4
_SURE = 0.8


def _doubtful(tops: Sequence[Any]) -> frozenset[int]:
    """Starts of doubtful resolutions outside every country the story names confidently."""
    weak = [
        t
        for t in tops
        if FALLBACK_CONFIDENCE < t.confidence < DOUBTFUL_CONFIDENCE and t.country_code
    ]
    if not weak:
        return frozenset()
    story = {t.country_code for t in tops if t.confidence >= _SURE and t.country_code}
    return frozenset(t.start for t in weak if t.country_code not in story)


def _story_country(tops: list[Any], nonplace: frozenset[int]) -> str:
    """The country most of the document's literal places are in ("" when none leads): the
    other side of "the boundary with Serbia" in a story about Kosovo."""
    counts: Counter[str] = Counter(
        t.country_code
        for t in tops
        if t.literal and not t.adjective and t.country_code and t.start not in nonplace
    )
    if not counts:
        return ""
    (best, n), *rest = counts.most_common(2) + [("", 0)]
    return best if n > rest[0][1] else ""


def _non_places(ctx: _Doc, tops: list[Any]) -> frozenset[int]:
    """Starts of mentions that cannot be a statement's place: datelines, speakers' and
    meetings' places, organisation and unit names, makers, news outlets (layers.mentions)."""
    rules = mention_rules(ctx.lex)
    vessels = VESSEL_WORD.search(ctx.norm) is not None
    out = set()
    doubtful = _doubtful(tops)
    for t in tops:
        if t.start in ctx.dateline:
            out.add(t.start)
        elif t.confidence <= FALLBACK_CONFIDENCE and not _named_as(t):
            out.add(t.start)  # an unknown name the geoparser put at the document's main place
        elif t.start in doubtful:
            out.add(t.start)  # a guess at a namesake far from the story
        elif vessels and _vessel_name(ctx, t):
            out.add(t.start)
        elif vessels and t.feature_code not in _COUNTRY_CODES and _ship_by_context(ctx, t):
            out.add(t.start)
        elif non_place_role(rules, ctx.text, t.start, t.end, norm=ctx.norm):
            out.add(t.start)
        elif t.feature_code == "SEAT" and _spoken_at(ctx, rules, t):
            out.add(t.start)
        elif t.feature_code not in _COUNTRY_CODES and _organisation(ctx, t):
            out.add(t.start)
        elif _NAMED_AFTER.search(ctx.norm, max(0, t.start - 60), t.start):
            out.add(t.start)  # "a landing ship named after the city of Novocherkassk"
    for prev, t in zip(tops, tops[1:], strict=False):
        if (
            prev.start in out
            and t.start not in out
            and _qualifies(ctx, _Place(prev, prev.start, prev.end), t)
        ):
            out.add(t.start)  # "a summit in Samarkand, Uzbekistan": the summit's place too
    return frozenset(out)


_NAMED_AFTER = re.compile(
    r"\bnamed\s+(?:after|for)\s+(?:the\s+(?:[a-z-]+\s+)?(?:city|town|village|port|region|"
    r"province|island|river|battle)\s+of\s+)?$"
)


def _idiom_spans(lex: Lexicon, norm: str) -> list[tuple[int, int]]:
    rx = _idiom_re(lex)
    return [m.span() for m in rx.finditer(norm)] if rx is not None else []


@lru_cache(maxsize=32)
def _idiom_re(lex: Lexicon) -> re.Pattern[str] | None:
    words = sorted({normalize_phrase(w) for w in lex.config.get("non_event_idioms", [])}, key=len)
    if not words:
        return None
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in reversed(words))
    return re.compile(rf"\b(?:{alt})\b")


def _organisation(ctx: _Doc, t: Any) -> bool:
    """The mention is an armed group's or organisation's name ("Hamas", which a German town
    also bears in another language): an actor, never a place."""
    return normalize_phrase(ctx.text[t.start : t.end]) in _organisation_names(ctx.lex)


@lru_cache(maxsize=32)
def _organisation_names(lex: Lexicon) -> frozenset[str]:
    return frozenset(
        normalize_phrase(t.name) for t in lex.terms if t.channel == ACTOR and not t.weak
    )


def _spoken_at(ctx: _Doc, rules: Any, t: Any) -> bool:
    """A seat of power after a verb of saying in its sentence ("Trump mentioned the strike at
    the White House"): where someone spoke, whatever words stand between."""
    if rules.speaker_verb_re is None:
        return False
    lo = max(0, t.start - 80)
    cut = max(ctx.text.rfind(". ", lo, t.start), ctx.text.rfind("\n", lo, t.start))
    return rules.speaker_verb_re.search(ctx.norm, max(lo, cut + 1), t.start) is not None


_CAP_WORD = re.compile(r"[A-Z][\w'\u2019-]*")


# "Interior Ministry advisor Anton Gerashchenko", "commander Nikolai Yevmenov": a person's
# title, followed by the person's given name and surname
_PERSON_AFTER = re.compile(
    r"\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
    r"March|April|May|June|July|August|September|October|November|December)\b)"
    r"[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b(?!\s+[A-Z])"
)
_PEOPLE_KINDS = frozenset({"advisers", "ground forces", "irregular forces"})  # titles of people


def _in_compound(text: str, m: Any) -> bool:
    """An event word inside a hyphenated adjective ("a Japanese-operated ship", "ship-launched
    missiles"): an attribute, no event."""
    return m.term.channel == EVENT and m.start > 0 and text[m.start - 1] in "-\u2010\u2011"


# "anti-tank barriers", "counter-drone systems": what a thing counters is not there
_COUNTERED = re.compile(r"\b(?:anti|counter)[-\u2010\u2011 ]?$")  # norm: "anti tank"


def _title(text: str, m: Any) -> bool:
    """A singular force word right before a person's name is that person's title."""
    if m.term.channel != ASSET or m.term.kind not in _PEOPLE_KINDS or text[m.end - 1] == "s":
        return False
    return _PERSON_AFTER.match(text, m.end) is not None


def _in_name(text: str, m: Any) -> bool:
    """An incident or dispute word inside a proper name ("Patrolling Point 14", "Operation
    Desert Storm", "Strike Group"): capitalised in mid-sentence next to another capitalised
    word, in a line that is not written in title case."""
    if m.term.channel == ASSET or not text[m.start : m.start + 1].isupper():
        return False
    lo = text.rfind("\n", max(0, m.start - 200), m.start) + 1  # bounded: linear on one line
    hi = text.find("\n", m.end, m.end + 200)
    hi = min(len(text), m.end + 200) if hi < 0 else hi
    head = text[max(lo, m.start - 3) : m.start].rstrip(" \"'\u201c\u2018(")
    if not head or head[-1] in ".!?:":
        return False  # sentence-initial capital
    line = text[max(lo, m.start - 200) : min(hi, m.end + 200)].split()
    if line and sum(w[:1].isupper() for w in line) > 0.6 * len(line):
        return False  # a headline in title case
    before = text[max(lo, m.start - 40) : m.start].split()
    after = _CAP_WORD.match(text, m.end + 1) if text[m.end : m.end + 1] == " " else None
    return bool(after) or bool(before and before[-1][:1].isupper() and before[-1] != "I")


def _with_borders(text: str, places: list[_Place], borders: list[Any]) -> list[_Place]:
    """The sentence's places with "the Turkish-Syrian border" in place of its two sides, and
    "its border with Belarus" in place of the side it names with "with"."""
    ends = {b.end for b in borders}
    kept = []
    for p in places:
        if any(b.start <= p.start and p.end <= b.end for b in borders):
            continue
        side = _SIDE_WITH.search(text, max(0, p.start - 12), p.start)
        if side is not None and side.start() in ends:
            continue
        kept.append(p)
    return sorted([*kept, *(_Place(b, b.start, b.end) for b in borders)], key=lambda p: p.start)


# "its border with Belarus": the side named after the border is part of its name
_SIDE_WITH = re.compile(r"\s+with\s+(?:the\s+)?$")


_THE_BEFORE = re.compile(r"(?:^|[^\w])the\s+$")
_NAME_GOES_ON = re.compile(r"\s+(?:[A-Z]|[a-z]+\s+(?:of|de)\b)")


def _vessel_name(ctx: _Doc, t: Any) -> bool:
    """ "the two boats are the Berdyansk and the Nikopol": a town's name with "the" before it
    names a ship (towns take no article); asked only of documents that speak of vessels."""
    if not (t.feature_code or "").startswith("PPL") or t.adjective:
        return False
    if normalize_phrase(t.mention).startswith("the ") or not _THE_BEFORE.search(
        ctx.norm[max(0, t.start - 6) : t.start]
    ):
        return False
    nxt = _NEXT_WORD.match(ctx.norm, t.end)
    word = nxt.group(1).split()[0] if nxt else ""
    if word in ctx.rules.place_nouns or word in ctx.rules.locative_words:
        return False  # "the Donetsk region", "the Kherson front"
    return not _NAME_GOES_ON.match(ctx.text, t.end)


# "Another carrier, the Liaoning,", "an oil tanker, the Marlin Luanda,": a name in apposition
# to a vessel noun (the words of the name before the place's are capitalised); "The Shandong
# and three other warships": a name listed with "other" vessels
_APPOSED_TO_VESSEL = re.compile(
    r"\b(?:carrier|ship|vessel|destroyer|frigate|warship|submarine|cruiser|corvette|tanker|"
    r"cutter|icebreaker|boat|freighter|trawler|ferry|tug|barge)s?,\s+the\s+"
    r"((?:[\w'-]+\s+){0,2})$"
)
_WITH_OTHER_VESSELS = re.compile(
    r"\s+and\s+(?:[a-z0-9-]+\s+)?other\s+(?:[a-z-]+\s+)?(?:warships|ships|vessels|destroyers|"
    r"frigates|carriers|submarines|boats)\b"
)


def _ship_by_context(ctx: _Doc, t: Any) -> bool:
    apposed = _APPOSED_TO_VESSEL.search(ctx.norm, max(0, t.start - 48), t.start)
    if apposed is not None and all(
        w[:1].isupper() for w in ctx.text[apposed.start(1) : apposed.end(1)].split()
    ):
        return True
    return _WITH_OTHER_VESSELS.match(ctx.norm, t.end) is not None


def _named_as(t: Any) -> bool:
    """The mention spells the place's own name (or the name is part of it)."""
    a, b = normalize_phrase(t.mention), normalize_phrase(t.name)
    return bool(a and b) and (a in b or b in a)


def _with_anaphors(places: list[_Place], anaphors: list[Any], core: list[Any]) -> list[_Place]:
    """The sentence's places plus its anaphora ("the island"), in text order."""
    # a contested area may be named by an anaphor: "the disputed islands"
    spans = [(m.start, m.end) for m in core if m.term.channel != DISPUTE]
    used = [
        a
        for a in anaphors
        if not any(s < a.end and a.start < e for s, e in spans)
        and not any(p.start < a.end and a.start < p.end and not _modifies(p, a) for p in places)
    ]
    if not used:
        return places
    extra = [
        _Place(
            replace(a.antecedent, confidence=a.antecedent.confidence * 0.9),
            a.start,
            a.end,
            via="anaphor",
        )
        for a in used
    ]
    # "the Pacific island nation": the anaphor stands for the place its modifier names
    kept = [p for p in places if not any(_modifies(p, a) for a in used)]
    return sorted([*kept, *extra], key=lambda p: p.start)


def _modifies(p: _Place, a: Any) -> bool:
    """``p`` lies strictly inside the country anaphor ``a`` (its modifier)."""
    return a.antecedent.feature_code in _COUNTRY_CODES and a.start < p.start and p.end < a.end


# the time stamp that opens an entry of a live blog: "09:14 GMT —", "10.32am:", "Updated 14:05 -"
_ENTRY = re.compile(
    r"(?:(?:updated?|update)\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|gmt|utc|bst|cet|cest|eet|eest|"
    r"est|edt|pst|pdt|ist|msk|local(?:\s+time)?)?\s*(?:[\u2014\u2013:|]|-\s)",
    re.IGNORECASE,
)


# "NATO Baltic Air Policing fighters", "two Su-35 fighters", "scrambled fighters": jets
_AIR_BEFORE = re.compile(
    r"\b(?:air|airforce|jet|jets|stealth|interceptor|carrier\s+based|policing|scrambled|"
    r"scrambling|scramble|escorting|escort)\s+(?:[a-z-]+\s+){0,2}$"
)
_DESIGNATOR_BEFORE = re.compile(r"\b[A-Z][A-Za-z]*-?\d+[A-Za-z]*\s+$")
_FIGHTER_WORDS = frozenset({"fighter", "fighters"})


def _fighter_aircraft(text: str, norm: str, m: Match) -> Match:
    """ "fighters" are fighter jets after an air word or an aircraft designator, otherwise the
    lexicon's armed men ("Hamas fighters")."""
    if m.term.kind != "irregular forces" or norm[m.start : m.end] not in _FIGHTER_WORDS:
        return m
    if _AIR_BEFORE.search(norm, max(0, m.start - 40), m.start) or _DESIGNATOR_BEFORE.search(
        text, max(0, m.start - 16), m.start
    ):
        return Match(m.start, m.end, replace(m.term, kind="aircraft", ambiguous=False))
    return m


# a numbered formation: "the 41st Combined Arms Army", "155th Naval Infantry Brigade"
_FORMATION = re.compile(
    r"\b\d{1,3}(?:st|nd|rd|th)\s+(?:[A-Z][\w-]*\s+){0,4}"
    r"(?:Army|Corps|Division|Brigade|Regiment|Battalion)\b"
)
# needs military context: "the 3rd Division" may be a league's
_FORMATION_TERM = Term(ASSET, "ground forces", "formation", ambiguous=True)


def _formations(text: str, core: list[Match]) -> list[Match]:
    """Numbered formations as force words, in place of the words inside their names ("Tank"
    of "1st Guards Tank Army"): the army is a force, where "the army said" is a speaker."""
    spans = [(f.start(), f.end()) for f in _FORMATION.finditer(text)]
    if not spans:
        return core
    starts = [a for a, _ in spans]
    kept = []
    for m in core:
        k = bisect_right(starts, m.start) - 1
        if k < 0 or spans[k][1] <= m.start:
            kept.append(m)
    kept += [Match(a, b, _FORMATION_TERM) for a, b in spans]
    return sorted(kept, key=lambda m: (m.start, -m.end))


# "after a militant attack on tourists in Pahalgam last month": the story's past, whose
# place the statements after it do not go on at
_EARLIER = re.compile(
    r"\b(?:last|previous)\s+(?:month|year)\b|\b(?:months|years|decades)\s+(?:ago|earlier)\b"
    r"|\bearlier\s+this\s+year\b"
)


def _background(ctx: _Doc, sent: _Sentence, st: _Stmt) -> bool:
    """A statement the story tells as its past ("last month", "years ago")."""
    # the trigger's comma-segment ("..., saying it was hitting X after an attack in Y last
    # month": the attack's, not the strikes' before the comma)
    lo, hi = max(sent.start, st.m.start - 50), min(sent.end, st.m.end + 60)  # bounded
    c0 = max(ctx.text.rfind(",", lo, st.m.start) + 1, lo)
    c1 = ctx.text.find(",", st.m.end, hi)
    c1 = hi if c1 < 0 else c1
    hit = _EARLIER.search(ctx.norm, c0, c1)
    if hit is None:
        return False
    a, b = (st.m.end, hit.start()) if hit.start() >= st.m.end else (hit.end(), st.m.start)
    # "deployed to X to train forces at a base vacated by French troops last month": the
    # vacating's past, another verb's
    return not any(c.term.channel == EVENT for c in sent.near("core", a, b))


def _note_focus(
    disc: Discourse,
    number: int,
    stmts: list[_Stmt],
    carry: Callable[[_Place], Any],
    *,
    norm: str = "",
) -> None:
    """Remember where this sentence's statements are: the finest place they name (``carry``
    gives what a later sentence takes from it: a measured spot rather than its anchor)."""
    best = None
    measured = None
    for st in stmts:
        if (
            st.cand.role in ("at", "destination")
            and st.places
            and NOT_THERE_YET.search(norm, max(0, st.places[0].start - 60), st.places[0].start)
        ):
            continue  # "a convoy moved toward Moscow", "was heading for the port of X": not yet
        if st.layer == "assets" and st.places and st.cand.role in ("at", "destination"):
            first = st.places[0]
            if st.cand.strength >= 0.6 and first.via != "discourse":
                disc.note_subject(st.kind, carry(first), number)
        if st.layer == "disputes":
            continue  # a contested area is not where the story's forces are
        if st.cand.role == "discourse":
            best = best or st.cand.place  # the story goes on at the same place
            continue
        if st.cand.role not in ("at", "destination") or st.cand.strength < 0.6:
            continue  # only a clearly stated location becomes the current place
        for p in st.places:
            # a country is too coarse to carry: it would pin later facts at its centre
            if p.via != "discourse" and p.top.feature_code not in _COUNTRY_CODES:
                best = p if best is None or best.via == "discourse" else best
            elif p.via != "discourse" and measured is None:
                measured = p  # "260 nautical miles east of the Somali coast": a spot
    if best is None and measured is not None and disc.focus(number + 1) is None:
        # a spot measured from a country starts a story that has no place yet
        if carry(measured).feature_code not in _COUNTRY_CODES:
            best = measured
    if best is not None:
        if best.via == "discourse":
            disc.note(best.top, number, carried=True)
        else:
            disc.note(carry(best), number)
