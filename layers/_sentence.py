"""Per-document and per-sentence state shared by the extraction stages."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from geo.model import ParsedDocument, Toponym
from layers._rules import _Rules
from layers.lexicon import ASSET, Lexicon, Match
from layers.model import Feature

_WORD = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*|'s")
_COUNTRY_CODES = ("PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR")
_NEXT_WORD = re.compile(r"\s*([a-z]+(?: [a-z]+)?)")
# The joint between two items of a list: ", ", " and ", ", or the "
LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)(?:the\s+)?")
# After "and": a named subject with its verb, the start of a clause of its own ("... ordered a
# mobilisation and Ethiopia has moved troops"; not "forces and the Fifth Fleet were in")
NAMED_CLAUSE = (
    r"(?:the\s+)?[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)?\s+"
    r"(?:(?:has|have|had|did)\b|(?:is|are|was|were)\s+[a-z]+ing\b)"
)

# What may lead the next item after the joint: "a submarine", "more than 4,500 Marines"
_ITEM_LEAD = (
    r"(?:(?:a|an|some|about|around|roughly|nearly|almost|over|several|up\s+to|at\s+least|"
    r"more\s+than|fewer\s+than|less\s+than|dozens\s+of|hundreds\s+of|\d[\d,.]*|one|two|"
    r"three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|hundred|"
    r"thousand)\s+){0,3}"
)
_ITEM_JOIN = re.compile(LIST_JOIN.pattern + _ITEM_LEAD, re.IGNORECASE)
_OBJECT_LEAD = re.compile(r"\s+(?:the\s+|its\s+|their\s+)?" + _ITEM_LEAD, re.IGNORECASE)


def list_end(ctx: _Doc, sent: _Sentence, m: Match, *, objects: bool = False) -> Match:
    """The last force word of the list ``m`` begins ("SM-6, Tomahawk and hypersonic
    missiles", "seven ships, a submarine and 4,500 Marines"), or ``m``: what is said after
    the list is said of each of them. With ``objects``, an event's list is its object's:
    ``m`` "deployed" in "deployed seven ships and a submarine near X" ends at "submarine"."""
    last = m
    if m.term.channel != ASSET:
        if not objects:
            return m
        # "deployed at least seven ships, a submarine and ... near X": the object list
        obj = sent.near("core", m.end, m.end + 40)
        if not obj or obj[0].term.channel != ASSET:
            return m
        if not _OBJECT_LEAD.fullmatch(ctx.text, m.end, obj[0].start):
            return m
        last = obj[0]
    for nxt in sent.near("core", m.end, m.end + 160):
        if nxt.start < last.end:
            continue
        if nxt.term.channel != ASSET or not _ITEM_JOIN.fullmatch(ctx.text, last.end, nxt.start):
            break
        last = nxt
    return last


# A past participle used as an adjective before its noun: "escorted the hijacked ship": a past
# event that names the thing, not this clause's act
_PARTICIPLE_NOUN = re.compile(
    r"[a-z]+ed\s+(?!(?:by|to|in|on|at|from|with|for|of|and|or|off|near|over|into)\b)[a-z]"
)
# (after a determiner only: "forces seized the tanker" has a plural subject, not a verb)
_PARTICIPLE_LEAD = re.compile(r"(?:^|\s)(?:a|an|the|its|their|his|her|this|these|those)\s+$")


def participle_of_noun(norm: str, m: Match) -> bool:
    """The event word ``m`` is a participle naming its noun ("the hijacked ship")."""
    if " " in norm[m.start : m.end] or _PARTICIPLE_NOUN.match(norm, m.start) is None:
        return False
    return _PARTICIPLE_LEAD.search(norm, max(0, m.start - 8), m.start) is not None


def list_start(ctx: _Doc, sent: _Sentence, m: Match) -> Match:
    """The first force word of the list ``m`` ends or continues ("no damage to aircraft or
    ships": "aircraft" for "ships"), or ``m``: what is said before the list is said of each."""
    if m.term.channel != ASSET:
        return m
    first = m
    for prev in reversed(sent.near("core", m.start - 160, m.start)):
        if prev.end > first.start:
            continue
        if prev.term.channel != ASSET or not _ITEM_JOIN.fullmatch(ctx.text, prev.end, first.start):
            break
        first = prev
    return first


# An aside between a subject and its verb: "B-1Bs, accompanied by 200 personnel, will arrive".
ASIDE = re.compile(
    r"\s*,\s+(?:\w+ed\s+by|which|who|whose|including|along\s+with|together\s+with|"
    # "The drills, involving aircraft and naval vessels, are being held in X": what it holds
    r"involving|comprising|numbering|carrying|consisting\s+of|made\s+up\s+of|"
    # "drawn from units in Austria, Hungary and Romania,": a participle's phrase, its list
    r"(?:\w+ed|drawn|taken|sent|flown|withdrawn)\s+(?:from|in|at)\b)"
    r"[^,;:()]{0,80}(?:,\s+(?:and\s+)?[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*)*"
    r"(?:\s+and\s+[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*)*)?){0,6},\s+"
)


@dataclass
class _Place:
    top: Toponym
    start: int
    end: int
    factor: float = 1.0  # < 1 for demonym + locative head ("Venezuelan territory")
    via: str = ""  # "" named here | "anaphor" ("the island") | "discourse" (an earlier sentence's)


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
    focus: _Place | None = None  # the discourse's current place, for statements with none
    # where the discourse last put each kind of force: "the destroyer" refers back to it
    subjects: dict[str, _Place] = field(default_factory=dict)

    _index: dict[str, list[int]] = field(default_factory=dict)
    # sentence-wide answers computed once (a long sentence with many triggers stays linear)
    memo: dict[str, Any] = field(default_factory=dict)

    def starts(self, name: str) -> list[int]:
        """Start offsets of ``self.<name>`` (sorted lists), computed once."""
        got = self._index.get(name)
        if got is None:
            got = self._index[name] = [x.start for x in getattr(self, name)]
        return got

    def place_starts(self) -> list[int]:
        return self.starts("places")

    def near(self, name: str, lo: int, hi: int) -> list[Any]:
        """Items of ``self.<name>`` starting in ``[lo, hi)``: bounded look-ups keep a long
        sentence with many triggers linear."""
        starts = self.starts(name)
        items: list[Any] = getattr(self, name)
        return items[bisect_left(starts, lo) : bisect_left(starts, hi)]

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
    # the publication date statements are dated from: the document's, else one its text
    # implies (layers._dates.inferred_published); ISO at its precision, "" when unknown
    reference: str = ""
    nonplace: frozenset[int] = frozenset()  # starts of mentions that name no statement's place
    dateline: frozenset[int] = frozenset()  # starts of mentions in a dateline ("SINGAPORE -")


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
    # the date expression of the statement's clause (find_dates), None when it gives none
    when: tuple[int, str, str] | None = None
    date_precision: str = "unknown"  # of date: day | month | year | unknown


def _words(s: str) -> list[str]:
    return _WORD.findall(s)
