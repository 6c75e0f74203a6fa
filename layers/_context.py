"""Military and territorial context: which ambiguous triggers may yield a feature.

Words such as "carriers", "fighters", "visit", "shipments" or "claims" are posture triggers only
in a military (or, for disputes, territorial) context. The lexicons mark them
``"needs_context"``; named systems written as bare designators ("B1", "A 50", "S300") or as
plain words ("Patriot") are ambiguous as well (``weak_designator_chars``, ``weak_plain_names``
in ``context.json``). An ambiguous trigger is kept when its sentence holds military context (a
``military_context`` phrase, an unambiguous force word or named system, or an unambiguous
incident trigger), or when the document is clearly military (``context_doc_min`` such hits)
and the sentence has a supporting cue (another trigger or an actor word). An ambiguous dispute
trigger needs a ``territorial_context`` phrase in its clause or a curated disputed place.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from layers._dates import _MONTHS, _WEEKDAYS
from layers.lexicon import (
    ACTOR,
    ASSET,
    CONTEXT,
    DISPUTE,
    EVENT,
    Lexicon,
    Match,
    normalize_phrase,
    normalize_text,
)

if TYPE_CHECKING:
    from geo.model import Toponym

__all__ = [
    "OCCURS",
    "VESSEL_WORD",
    "ContextIndex",
    "context_settings",
    "names_territory",
    "territory_subject",
    "occurred",
    "ship_struck",
]


# A claim of responsibility or credit, not of territory.
_CLAIMED_ACT = re.compile(
    r"\s+(?:(?:full\s+|sole\s+)?responsibility|credit|(?:the|an?|two|three|several)?\s*"
    r"(?:attacks?|strikes?|killings?|bombings?|downing|victory|win|seizure|hijacking|"
    r"assassination|launch(?:es)?|shooting))\b",
    re.I,
)


# "The operation targeted a camp", "the raid destroyed two trucks": the subject names the
# military event the story told, so its vague verb is that event's
EVENT_SUBJECT = re.compile(
    r"\b(?:the|this|that)\s+(?:(?:military|air|aerial|ground|naval|joint|army|drone|"
    r"commando|night|dawn|overnight)\s+)?"
    r"(?:operation|offensive|raid|assault|bombardment|sortie|mission)\s+(?:also\s+)?$",
    re.IGNORECASE,
)

# "the strike took place", "fighting erupted": said to have happened, so an event
OCCURS = re.compile(
    r"\s+(?:(?:has|had|have)\s+)?(?:took\s+place|occurred|happened|broke\s+out|erupted|"
    r"flared(?:\s+up)?|raged|unfolded|intensified|escalated|continued|resumed|"
    r"(?:was|were|has\s+been|have\s+been)\s+reported)\b",
    re.IGNORECASE,
)

# "gunfire was heard", "shots rang out": fire witnessed is fire exchanged (a blast heard may
# be a mishap, so only fighting words)
_HEARD = re.compile(
    r"(?:\s+and\s+[a-z]+)?"  # "gunfire and explosions were heard"
    r"\s+(?:(?:could|can)\s+be\s+|(?:was|were|had\s+been|have\s+been|has\s+been)\s+)?"
    r"(?:heard|rang\s+out|ringing\s+out)\b",
    re.IGNORECASE,
)
_FIRE_KINDS = frozenset({"attack", "clash"})


def occurred(text: str, m: Match) -> bool:
    """The event is said to have happened right after its word ("the strike took place",
    "heavy gunfire rang out")."""
    if OCCURS.match(text, m.end):
        return True
    return m.term.kind in _FIRE_KINDS and _HEARD.match(text, m.end) is not None


# A blast, hit or approach with a ship in its clause: at sea an explosion beside a vessel is an
# attack on shipping ("reported an explosion in close proximity to the vessel"), not a mishap
# ashore, and a craft approaching one is the maritime-security incident of that name.
_SHIP_EVENT_WORDS = {
    "strike": frozenset(
        "explosion explosions blast blasts exploded explodes hit hits targeted".split()
    ),
    "harassment": frozenset({"approached by", "suspicious approach", "suspicious approaches"}),
}
#: A ship word, naval or merchant (any case).
VESSEL_WORD = re.compile(
    r"\b(?:ships?|vessels?|boats?|frigates?|corvettes?|destroyers?|tug|tugboat|tankers?|"
    r"submarines?|cruiser|warships?|carrier|gunboats?|bulk\s+carriers?|freighters?|merchant|"
    r"merchantman)\b",
    re.IGNORECASE,
)


def ship_struck(text: str, m: Match, clause: tuple[int, int]) -> bool:
    """Whether the vague strike or approach word ``m`` has a ship in its clause
    ``[c0, c1)``, within 60 characters either side."""
    words = _SHIP_EVENT_WORDS.get(m.term.kind)
    if words is None or normalize_phrase(text[m.start : m.end]) not in words:
        return False
    lo, hi = max(clause[0], m.start - 60), min(clause[1], m.end + 60)
    return VESSEL_WORD.search(text, lo, hi) is not None


_WEAPON_KINDS = frozenset({"drone", "missile", "artillery", "air defence"})
_VIOLENT_KINDS = frozenset({"strike", "attack", "shoot-down", "missile launch", "clash"})
# a passive right before an event word: "was attacked", "were ambushed", "had been shelled"
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|(?:has|have|had)\s+been)\s+$", re.IGNORECASE)


def _confirm(a: Match, b: Match) -> bool:
    """A weapon word and a violent event word confirm each other ("drones struck")."""
    kinds = {(a.term.channel, a.term.kind), (b.term.channel, b.term.kind)}
    return any(c == ASSET and k in _WEAPON_KINDS for c, k in kinds) and any(
        c == EVENT and k in _VIOLENT_KINDS for c, k in kinds
    )


@dataclass(frozen=True)
class ContextSettings:
    doc_min: int
    designator_chars: int
    plain_names: bool
    ship_prefixes: frozenset[str]
    confirm_heads: frozenset[str]  # unit words that confirm a designator ("B1 bombers")
    military_disputes: frozenset[str]  # dispute kinds that military context also confirms
    # incident kinds that a territorial word confirms in a military document ("a steel
    # barrier along the frontier")
    territorial_events: frozenset[str]


@lru_cache(maxsize=32)
def context_settings(lex: Lexicon) -> ContextSettings:
    cfg = lex.config
    disputes = lex.kinds.get("disputes", ())
    return ContextSettings(
        doc_min=int(cfg.get("context_doc_min", 3)),
        designator_chars=int(cfg.get("weak_designator_chars", 0)),
        plain_names=bool(cfg.get("weak_plain_names", False)),
        ship_prefixes=frozenset(lex.ship_prefixes),
        confirm_heads=frozenset(w for h in lex.unit_heads for w in h.split())
        - frozenset(normalize_phrase(w) for w in cfg.get("neutral_unit_heads", [])),
        military_disputes=frozenset(k for k in ("occupation", "annexation") if k in disputes),
        territorial_events=frozenset(
            k for k in ("fortification",) if k in lex.kinds.get("incidents", ())
        ),
    )


# Between an owner and its force: "Iranian forces", "Russia's forces", "the U.S. Fifth Fleet".
_OWNER_GAP = re.compile(r"(?:['\u2019]s)?\s+(?:[A-Z][\w-]*\s+){0,2}")
_SHIP_NAME = re.compile(r" ([A-Z][a-z]+|[A-Z]{2,})\b")
_CALENDAR = frozenset(_WEEKDAYS) | frozenset(_MONTHS)
_ORDINAL_NAME = re.compile(r"(?:[A-Z][\w-]*|\d+(?:st|nd|rd|th))\s+$")


def _named_force(text: str, m: Match, owner_ends: list[int]) -> bool:
    """A force word that names an armed force, not a market or a taxi fleet: owned by a
    nation or armed group right before it ("Iranian forces", "Russia's forces"), or
    capitalised inside a formation's name ("the Fifth Fleet", "the 3rd Army")."""
    k = bisect_left(owner_ends, m.start - 30)
    while k < len(owner_ends) and owner_ends[k] <= m.start:
        if _OWNER_GAP.fullmatch(text, owner_ends[k], m.start):
            return True
        k += 1
    if _named_ship(text, m):
        return True
    word = text[m.start : m.end]
    return (
        word[:1].isupper() and _ORDINAL_NAME.search(text, max(0, m.start - 30), m.start) is not None
    )


def _named_ship(text: str, m: Match) -> bool:
    """A ship word followed by the ship's name: "the cruiser Moskva" is a warship."""
    return (
        m.term.kind == "naval vessel"
        and not text[m.start : m.end].lower().startswith("carrier")  # "the carrier Ryanair"
        and (name := _SHIP_NAME.match(text, m.end)) is not None
        and name.group(1).lower() not in _CALENDAR  # "police cruisers Tuesday blocked"
    )


def _designator(surface: str, max_chars: int) -> bool:
    """A bare model code: letters and digits without a hyphen ("B1", "A 50", "S300"), or one
    letter, a hyphen and one digit ("B-1", "K-8")."""
    if not any(c.isdigit() for c in surface):
        return False
    alnum = [c for c in surface if c.isalnum()]
    if "-" not in surface:
        return len(alnum) <= max_chars
    head, _, tail = surface.partition("-")
    return len(head) == 1 and head.isalpha() and len(tail) == 1 and tail.isdigit()


# "annexed Crimea", "occupied the Golan Heights", "occupied parts of Donetsk": the place is
# the act's object
_OBJECT_GAP = re.compile(r"\s+(?:(?:the\s+)?(?:parts?|most|much|all|rest)\s+of\s+)?(?:the\s+)?")
# "Kosovo declared independence", "the region unilaterally seceded": the place is the subject
_SUBJECT_GAP = re.compile(r"\s+(?:(?:has|had|have|formally|unilaterally|effectively)\s+)*")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|an?|its|their|his|her)\s+$")
_SELF_DETERMINATION = re.compile(r"independen|sece")


def names_territory(cindex: ContextIndex, m: Match, tops: list[Toponym]) -> bool:
    """Whether a dispute word takes a named place as its own object or subject, which makes
    it territorial: "annexed Crimea", "Kosovo declared independence" (not "annexed to the
    report", "the board declared independence from the ministry")."""
    if m.term.channel != DISPUTE:
        return False
    text = cindex.text
    if m.term.kind in cindex.settings.military_disputes:
        if _DETERMINER_BEFORE.search(text, max(0, m.start - 8), m.start):
            return False  # "in the occupied parts of Ukraine": a description, not the act
        return any(
            not t.adjective and _OBJECT_GAP.fullmatch(text, m.end, t.start) is not None
            for t in tops
            if m.end <= t.start <= m.end + 24
        )
    return any(territory_subject(text, t, m) for t in tops if m.start - 24 <= t.end <= m.start)


def territory_subject(text: str, t: Toponym, m: Match) -> bool:
    """Whether place ``t`` is the subject of its own independence or secession ``m``."""
    return (
        m.term.channel == DISPUTE
        and not t.adjective
        and _SELF_DETERMINATION.search(text, m.start, m.end) is not None
        and _SUBJECT_GAP.fullmatch(text, t.end, m.start) is not None
    )


class ContextIndex:
    """Context hits of one document, for sentence- and document-level decisions."""

    def __init__(
        self,
        lex: Lexicon,
        text: str,
        core: list[Match],
        actors: list[Match],
        context: list[Match],
    ) -> None:
        self.lex = lex
        self.text = text
        self.settings = context_settings(lex)
        self._ambiguous: dict[int, bool] = {}
        mil: set[int] = set()
        self.named_forces: set[int] = set()  # "Ukrainian jets", "US forces": a nation's force
        terr: list[tuple[int, int]] = []
        for c in context:
            if c.term.kind == "territorial":
                terr.append((c.start, c.end))
            else:
                mil.add(c.start)
        owner_ends = sorted({a.end for a in actors if a.term.channel == ACTOR})
        # an actor's name that ends in the force word names that force ("US forces")
        named = {a.end: a.start for a in actors if a.term.channel == ACTOR}
        for m in core:
            ch = m.term.channel
            if ch == ASSET and not self.ambiguous(m):
                mil.add(m.start)
            elif ch == EVENT and not m.term.weak and not self.ambiguous(m):
                mil.add(m.start)
            elif ch == ASSET and (
                _named_force(text, m, owner_ends) or named.get(m.end, m.start) < m.start
            ):
                mil.add(m.start)
                self.named_forces.add(m.start)
        self.mil = sorted(mil)
        self.doc_score = len(self.mil)
        terr.sort()
        self.terr = terr
        self.terr_starts = [t[0] for t in terr]
        self.actor_starts = [a.start for a in actors if a.term.channel == ACTOR and not a.term.weak]

    def _nation_acts(self, force: Match, event: Match) -> bool:
        """``force`` is a nation's force ("Ukrainian jets") and ``event`` a violent event."""
        return (
            force.start in self.named_forces
            and event.term.channel == EVENT
            and event.term.kind in _VIOLENT_KINDS
        )

    # -- ambiguity ---------------------------------------------------------------------------
    def ambiguous(self, m: Match) -> bool:
        key = id(m)
        got = self._ambiguous.get(key)
        if got is None:
            got = self._compute_ambiguous(m)
            self._ambiguous[key] = got
        return got

    def _compute_ambiguous(self, m: Match) -> bool:
        term = m.term
        if term.ambiguous:
            return True
        if term.channel != ASSET or term.generic or term.name in self.settings.ship_prefixes:
            return False
        s = self.settings
        surface = self.text[m.start : m.start + m.key_len] if m.key_len else term.name
        tail = normalize_text(self.text[m.start + len(surface) : m.end]).split()
        if any(w.rstrip("s") in s.confirm_heads or w in s.confirm_heads for w in tail):
            return False  # "Patriot battery", "B1 bombers"
        if s.designator_chars and _designator(surface, s.designator_chars):
            return True
        return s.plain_names and term.capitalized and " " not in surface.strip()

    # -- decisions ---------------------------------------------------------------------------
    def military_in(self, s0: int, s1: int, skip: int = -1) -> int:
        """Military context hits in ``[s0, s1)``, not counting one starting at ``skip``."""
        i0, i1 = bisect_left(self.mil, s0), bisect_left(self.mil, s1)
        n = i1 - i0
        if n and skip >= 0:
            j = bisect_left(self.mil, skip, i0, i1)
            if j < i1 and self.mil[j] == skip:
                n -= 1
        return n

    def territorial_in(self, c0: int, c1: int, m: Match) -> bool:
        """A territorial word in ``[c0, c1)`` outside the trigger ``m`` itself."""
        i0, i1 = bisect_left(self.terr_starts, c0), bisect_left(self.terr_starts, c1)
        return any(not (m.start <= a and b <= m.end) for a, b in self.terr[i0:i1])

    def keep(
        self,
        m: Match,
        s0: int,
        s1: int,
        sent_core: list[Match],
        clause_span: Callable[[int], tuple[int, int]],
        disputed_place: bool,
    ) -> bool:
        """Whether the (possibly ambiguous) trigger ``m`` of sentence ``[s0, s1)`` may yield
        a feature."""
        if not self.ambiguous(m):
            return True
        if m.term.channel == DISPUTE:
            if _CLAIMED_ACT.match(self.text, m.end):
                return False  # "Houthis claim attack on tanker": responsibility, not territory
            if disputed_place:
                return True
            c0, c1 = clause_span(m.start)
            if self.territorial_in(c0, c1, m):
                return True
            return (
                m.term.kind in self.settings.military_disputes
                and self.military_in(s0, s1, m.start) > 0
            )
        own = 0
        if m.term.kind == "maritime incursion":
            # "entered territorial waters": the waters' own name is no military context
            own = self.military_in(m.end, min(s1, m.end + 60))
        if self.military_in(s0, s1, m.start) > own:
            return True
        if m.start in self.named_forces and self.text[m.start : m.end].lower().endswith("forces"):
            return True  # "Russian forces moved to Kharkiv": a nation's forces are its military
        if _named_ship(self.text, m):
            return True  # "the cruiser Varyag entered the Mediterranean"
        if disputed_place and m.term.channel in (EVENT, ASSET):
            return True  # at a curated flashpoint ("water cannon at the shoal", "observation
            # points along the line of contact in Nagorno-Karabakh")
        # a force word and an event word next to each other confirm each other:
        # "drones struck a refinery", "warships fired missiles"
        if any(_confirm(o, m) and abs(o.start - m.start) <= 60 for o in sent_core):
            return True
        # a nation's force and a violent event confirm each other: "Ukrainian jets destroyed"
        if any(
            abs(o.start - m.start) <= 60 and (self._nation_acts(m, o) or self._nation_acts(o, m))
            for o in sent_core
        ):
            return True
        if self.doc_score and ship_struck(self.text, m, clause_span(m.start)):
            return True
        if self.doc_score < self.settings.doc_min:
            return False
        if m.start in self.named_forces:
            return True  # "Israeli tanks were also seen near Quneitra" in a military story
        if m.term.channel == EVENT and occurred(self.text, m):
            return True  # "that strike took place in international waters": an event
        if (
            m.term.channel == EVENT
            and m.term.kind in _VIOLENT_KINDS
            and _PASSIVE_BEFORE.search(self.text, max(s0, m.start - 12), m.start)
        ):
            return True  # "the ship was attacked on Wednesday" in a military story
        if m.term.channel == EVENT and EVENT_SUBJECT.search(
            self.text, max(s0, m.start - 40), m.start
        ):
            return True  # "The operation targeted a camp near Calamar"
        if m.term.kind in self.settings.territorial_events and self.territorial_in(
            *clause_span(m.start), m
        ):
            return True
        if any(o.start != m.start and o.term.channel != CONTEXT for o in sent_core):
            return True
        i0 = bisect_left(self.actor_starts, s0)
        return i0 < len(self.actor_starts) and self.actor_starts[i0] < s1
