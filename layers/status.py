"""Status (reported, denied, historical, ...), date and quantity read from a clause."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from layers._dates import find_dates, says_recent
from layers._sentence import (
    ASIDE,
    NAMED_CLAUSE,
    _Doc,
    _Sentence,
    _words,
    list_end,
    list_start,
)
from layers.lexicon import ASSET, DISPUTE, EVENT, Lexicon, Match, normalize_phrase

_STATUS_ORDER = ("denied", "historical", "possible", "disputed", "planned")
_TOKEN = re.compile(r"\S+")
_PRESENT = re.compile(
    r"\b(?:now|currently|today|tonight|this (?:week|month|year)|recent(?:ly)?|is|are|has|have|will"
    r"|would|may|might|could|can|plans?|intends?|says?"
    # a state that lasts: "Russia still keeps about 4,000 troops in South Ossetia"
    r"|still|remains?|continues|keeps|maintains|stations|operates|hosts|controls|occupies)\b"
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _carried_history(ctx: _Doc, sent: _Sentence) -> bool:
    """A sentence with no date and no present or future marker right after a historical one
    ("... led to the 1962 Cuban missile crisis. The standoff was resolved when ...")."""
    if sent._carry is not None:
        return sent._carry
    carry = False
    if sent.prev is not None:
        p0, p1 = sent.prev
        hist = False
        if sent.cue_list is not None:
            cues, starts = sent.cue_list
            hist = any(
                c.term.kind == "historical" and not _yardstick(ctx.text, c.start)
                for c in cues[bisect_left(starts, p0) : bisect_left(starts, p1)]
            )
        if not hist and ctx.ref_year is not None:
            hist = any(
                int(y.group()) <= ctx.ref_year - ctx.rules.historical_years
                and not _since(ctx.text, y.start())
                # "the worst clash since Moscow annexed the peninsula in 2014": a yardstick
                and not _SINCE_CLAUSE.search(ctx.text, max(p0, y.start() - 70), y.start())
                for y in _YEAR.finditer(ctx.text, p0, p1)
            )
        if hist:
            if sent.dates is None:
                sent.dates = find_dates(ctx.text[sent.start : sent.end], sent.start, ctx.published)
            carry = (
                not sent.dates
                and not _PRESENT.search(ctx.norm, sent.start, sent.end)
                and not says_recent(ctx.text, sent.start, sent.end)
            )
    sent._carry = carry
    return carry


# Grammar words of the scope rules below (closed classes, not topic vocabulary).
# A relative clause, or an indefinite apposition that one describes (", a warship that Manila
# grounded on the reef in 1999"; not "the ministry said that", a clause of its own)
_RELATIVE_BODY = (
    r"(?:(?:a|an)\s+(?:[\w'\u2019-]+\s+){0,6}?(?:that|which|who)\b|which|who|whom|whose|where)\b"
)
_RELATIVE = re.compile(r"\W*" + _RELATIVE_BODY, re.IGNORECASE)
# A sentence opened by a condition ("If the talks fail, ...", "Should the fighting continue, ...",
# "In case of an attack, ...", "Were China to invade, ...") makes its main clause hypothetical.
_COND_OPEN = re.compile(
    r"\W*(?:if|unless|in case|in the event|should|were\s+\w+\s+to)\b(?![^,;:]*\bnot\b\s*,)",
    re.IGNORECASE,
)
# A trailing condition ("... will send warships if the talks fail").
_COND_TRAIL = re.compile(
    r"(?<!\bas )(?<!\beven )\b(?:if|unless|in case|in the event that)\b(?!\s+(?:any|not|so)\b)",
    re.IGNORECASE,
)
# The trigger inside a condition: "a ground operation was possible if Hezbollah did not
# withdraw", "unless Russia pulls its troops back".
_IN_CONDITION = re.compile(r"(?<!\bas )(?<!\beven )\b(?:if|unless)\b[^,;:.!?]*$", re.IGNORECASE)
# A negation governing the trigger: "not to send troops", "never deployed", "not been deployed".
_NOT_BEFORE = re.compile(
    r"(?:\bnot|\bnever|n't)\s+(?:(?:to|be|been|have|yet|even|ever|again)\s+)*"
    r"(?!(?:only|just|least|far|long|merely|simply|all|the|first)\b)(?:[a-z][\w-]*\s+)?"
    r"(?:(?:the|a|an|any|its|their|his|her|our|more|further)\s+)?$",
    re.IGNORECASE,
)
# Words that end a negator's noun phrase ("no casualties after the strike").
_BARRIERS = frozenset(
    "after before in on at from near during since by with over under into across than "
    "following amid against despite while when where because".split()
)
_HOLDING = re.compile(r"\s+(?:carrying|armed|equipped|loaded|fitted|transporting)\b")
# Not confirming is not denying: "refused to confirm", "did not comment", "declined to say".
_NONCOMMIT = re.compile(
    r"(?:\b(?:refus\w*|declin\w*|not|never|unable|without)|\b\w+n't)\s+(?:to\s+)?"
    r"(?:(?:immediately|publicly|officially|independently)\s+)?"
    r"(?:confirm|comment|verify|disclose|specify|say|elaborate|respond)\w*\b",
    re.IGNORECASE,
)
# Reported future: "announced it would send" is a plan; "warned it would" stays a threat.
_SPEECH_WOULD = re.compile(
    r"\b(?:announced|said|says|confirmed|stated|declared|pledged|promised|vowed|agreed|decided)"
    # "said on Friday it would send": a time between the verb and its complement
    r"\s+(?:(?:on|late|early|last|this)\s+[A-Za-z]+\s+|(?:today|yesterday|tonight)\s+)?"
    r"(?:that\s+)?(?:it|they|he|she|we|the\s+[\w-]+|[A-Z][\w-]*)?\s*$"
    # "said an agreement had been signed and that the base would host": the same speech
    r"|\b(?:and|but)\s+that\s+(?:it|they|he|she|we|the\s+[\w-]+|[A-Z][\w-]*)\s*$",
    re.IGNORECASE,
)
# Between a trigger and a predicate about it ("attacks are likely", "troops could be sent").
_COPULA = frozenset(
    "is are was were be been being also still now more less very highly increasingly quite "
    "seen thought believed deemed remain remains remained seem seems appear appears not".split()
)
_MODAL_AUX = frozenset("could would might may will shall".split())
_RELATIVES = frozenset("that which who whose whom".split())
# words that open an adjunct after the trigger's phrase: "flying over the Baltic Sea without
# filing flight plans" says nothing of the flight being planned
_ADJUNCTS = frozenset("without while when after before despite since because".split())
# Cues that say what a thing can do or is ready for, not whether it exists.
_NOT_EXISTENCE = frozenset(
    "can|capable of|ready to|prepared to|preparing to|prepares to|preparing for|considering"
    "|considers|considered|option|options|agreed to|approved|ordered|committed to".split("|")
)
_FORMER = re.compile(
    r"\b(?:former|erstwhile|one-time|onetime|ex)[\s-]+(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)
_SINCE = re.compile(r"\b(?:since|from)\s+(?:(?:early|late|mid|the\s+end\s+of)[\s-]+)?$", re.I)
_POST_WORD = re.compile(r"[A-Za-z]+|[^\sA-Za-z]")
# a place's qualifier between commas: ", Colorado," in "from Fort Carson, Colorado, is"
_QUALIFIER = re.compile(r",\s*(?:[A-Z][\w.'\u2019-]*\s*){1,3},")


# A possessive between a negation and the trigger: the event is another party's.
_OWNED = re.compile(r"\w(?:'s|s'|\u2019s|s\u2019)\s")
_RECENT = re.compile(
    r"\s+(?:(?:\d+|few|several|two|three|four|five|six|seven|couple\s+of)\s+)?"
    r"(?:hours?|days?|nights?|weeks?|weekend|month|24|48|72)\b",
    re.IGNORECASE,
)
_WHEN_AFTER = re.compile(r"[^,;.]{0,12},\s+when\b")
# "since Tokyo nationalised three of the islands in 2012": the date opens a state
_SINCE_EVENT = re.compile(r"\bsince\s+(?:the\s+)?(?:(?:end|start)\s+of\s+(?:the\s+)?)?$", re.I)
# (a dot after a single capital is an abbreviation's: "since U.S. troops withdrew in 2011")
_SINCE_CLAUSE = re.compile(r"\bsince\b(?:[^,;.()]|(?<=\b[A-Z])\.){0,60}$")


# A comma and a conjunction before a new subject: the next statement of a coordination.
_COORDINATED = re.compile(
    r",\s+(?:and|but|while|whereas)\s+(?=(?:the\s+)?[A-Z])"
    # no comma, but a named subject with its verb
    r"|\s+(?:and|but)\s+(?=" + NAMED_CLAUSE + ")"
)
# a clause of its own after a plan or a modal: "..., after ethnic Serbs clashed with police"
_SUBORDINATE = re.compile(
    # "..., a day after Britain sent a patrol ship": a measured time before the conjunction
    r",\s+(?:(?:a|an|one|two|three|four|five|six|seven|several|\d+)\s+(?:hours?|days?|weeks?|"
    r"months?|years?)\s+)?"
    r"(?:after|before|because|since|when|while|as|although|though|whereas|following)\s+"
    r"(?!(?:the|a|an)\s+[a-z]+\s*$)"
    # no comma, a clause in the past: "was at risk of sinking after being hit by missiles",
    # "could sink after it was struck"
    r"|\s(?:after|since|because)\s+(?:being|having|(?:it|they|he|she|we)\s+(?:was|were|had))\s",
    re.IGNORECASE,
)

# a negated verb's oblique object ("do not mix with", "did not clash with") is no denied force
_OBLIQUE = re.compile(r"\b(?:with|alongside|beside|against)\b", re.IGNORECASE)


@lru_cache(maxsize=32)
def _directives(lex: Lexicon) -> frozenset[str]:
    """ "urged Rwanda to withdraw", "offered to send troops": a request or offer reaches only
    its "to" complement, not a clause joined after it ("called on residents to leave as
    strikes continued": the strikes go on)."""
    return frozenset(normalize_phrase(w) for w in lex.config.get("complement_cues", []))


@lru_cache(maxsize=32)
def _forward(lex: Lexicon) -> frozenset[str]:
    """Cues of rehearsal ("practised", "simulated"): what follows them was rehearsed."""
    return frozenset(normalize_phrase(w) for w in lex.config.get("forward_cues", []))


@lru_cache(maxsize=32)
def _left_only(lex: Lexicon) -> frozenset[str]:
    """Cues that act on what follows them only: "Marines rehearsed a landing" is no
    hypothetical Marines, "troops urged residents to leave" no hypothetical troops."""
    return _directives(lex) | _forward(lex)


_COMPLEMENT_ENDS = re.compile(
    r"[,;:]|\b(?:as|while|when|whereas|after|before|because|since|amid|despite|following|"
    r"but|though|although)\b|\band\s+(?:also\s+)?[a-z]+ed\b",
    re.IGNORECASE,
)
_UNTIL = re.compile(
    r"\b(?:until|till|up\s+to)\s+(?:the\s+end\s+of\s+|early\s+|late\s+|mid-?)?$", re.I
)


def _yardstick(text: str, pos: int) -> bool:
    """A past event named after "since": what the news is measured against, not its time."""
    return _SINCE_EVENT.search(text, max(0, pos - 24), pos) is not None


def _since(text: str, pos: int) -> bool:
    """A start date ("since 2014") opens a state that still holds: not history."""
    return _SINCE.search(text, max(0, pos - 30), pos) is not None


_REL_AFTER = re.compile(r"\W*(?:which|who|that)\b", re.IGNORECASE)


def _negated(ctx: _Doc, left: str, m: Match, sent: _Sentence) -> bool:
    """A negator in front of the trigger's own phrase, or a negation right after it."""
    r = ctx.rules
    tail = left[-60:]
    neg = r.negator_re.search(tail)
    if neg is not None:
        words = _words(tail[neg.start() :].lower())[1:]
        if not any(w in _BARRIERS for w in words):
            return True
    nb = _NOT_BEFORE.search(tail)
    if nb is not None:
        words = _words(tail[nb.start() :].lower())
        owned = _OWNED.search(tail, nb.start())  # "not engaged in the Saudis' bombing campaign"
        if (
            not any(w in _BARRIERS for w in words)
            and not _NONCOMMIT.search(tail, nb.start())
            and owned is None
        ):
            return True
    after = ctx.text[m.end : min(sent.end, m.end + 30)].replace("\u2019", "'")
    if _REL_AFTER.match(after):
        return False  # "the aircraft, which did not enter UK airspace, were tracked": theirs
    post = r.post_negator_re.match(after)
    # "the ships are not carrying nuclear weapons": what they hold is denied, not the ships
    return post is not None and not _HOLDING.match(after, post.end())


def acts_only_ahead(ctx: _Doc, sent: _Sentence, a: int, b: int) -> bool:
    """A cue between ``a`` and ``b`` that makes only what follows it hypothetical ("Marines
    rehearsed a landing", "Egypt offered to send troops"): the subject before it is real."""
    only = _left_only(ctx.lex)
    return any(normalize_phrase(c.term.name) in only for c in sent.near("cues", a, b))


def rehearsed(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """An event told as practised, not done: "rehearsed retaking an island in a mock
    amphibious landing", "drills including simulated precision strikes" (a rehearsal cue
    before it in its clause, or a drill that includes it)."""
    c0 = sent.clause_span(sent.clause(m.start))[0]
    lo = max(c0, m.start - 120)
    forward = _forward(ctx.lex)
    if any(
        lo <= c.start and c.end <= m.start and normalize_phrase(c.term.name) in forward
        for c in sent.near("cues", lo, m.start)
    ):
        return True
    return _REHEARSED.search(ctx.norm, lo, m.start) is not None


def in_adjunct(norm: str, a: int, b: int) -> bool:
    """An adjunct clause opens between a and b ("..., without causing casualties", "... while
    ..."): what follows is not the verb of the noun at a."""
    return any(w in _ADJUNCTS for w in _words(norm[a:b]))


def _post_status(ctx: _Doc, sent: _Sentence, m: Match, c1: int) -> str:
    """A predicate right after the trigger that makes it possible or planned: "missile attacks
    are likely", "a strike on Odesa is also possible", "troops could be sent", "the frigate is
    due to arrive". A modal verb counts for an asset only right after it ("troops in Mali could
    be withdrawn" says nothing of the troops being there)."""
    text = ctx.text
    end = min(c1, m.end + 80)
    cues = [
        c
        for c in sent.cues
        if m.end <= c.start < end
        and c.term.kind in ("possible", "planned")
        and c.term.name.lower() not in _NOT_EXISTENCE
        and normalize_phrase(c.term.name) not in _left_only(ctx.lex)
        and not (c.term.name.lower() == "may" and text[c.start] == "M")
        and not (
            c.term.name.lower() == "scheduled"
            and _ROUTINE.search(text, max(0, c.start - 8), c.start)
        )
    ]
    if not cues:
        return ""
    event = m.term.channel != ASSET
    aside = ASIDE.match(text, m.end)
    pos = aside.end() if aside is not None else m.end
    skipped_pp = False
    skip_to = -1
    for tok in _POST_WORD.finditer(text, pos, end):
        if tok.start() < skip_to:
            continue
        if skipped_pp and tok.group(0) == ",":
            qual = _QUALIFIER.match(text, tok.start(), end)
            if qual is not None:
                skip_to = qual.end()  # "from Fort Carson, Colorado, is expected to"
                continue
        for c in cues:
            if c.start == tok.start():
                word = text[c.start : c.end].lower()
                copula = word.split()[0] not in _MODAL_AUX
                if skipped_pp and not (event or copula):
                    return ""
                if word.split()[0] == "would" and _SPEECH_WOULD.search(
                    text, max(0, pos - 40), c.start
                ):
                    return "planned"
                return c.term.kind
        w = tok.group(0).lower()
        if w in _COPULA:
            pos = tok.end()
            continue
        if not tok.group(0).isalpha():
            return ""
        if skipped_pp and (w in _RELATIVES or w in _ADJUNCTS):
            return ""  # "troops are in Belarus for exercises that are due to end": the exercises'
        if w in _speech_words(ctx.lex):
            return ""  # "had crossed the border and said Asmara had promised to": the speaker's
        if w in _BARRIERS or w in ("of", "to", "the", "a", "an") or tok.group(0)[0].isupper():
            skipped_pp = True  # the trigger's own phrase: "attacks on Kyiv", "strike on the port"
            continue
        if not skipped_pp:
            return ""
        if tok.end() - m.end > 40:
            return ""
    return ""


def _last_speech(ctx: _Doc, a: int, b: int) -> int:
    """Start of the last verb of saying in ``text[a:b]`` (cues before it belong to the
    speaker's clause, not to the reported speech), or -1."""
    rx = _speech_re(ctx.lex)
    last = -1
    if rx is not None:
        for hit in rx.finditer(ctx.norm, a, b):
            last = hit.start()
    return last


@lru_cache(maxsize=32)
@lru_cache(maxsize=32)
def _speech_words(lex: Lexicon) -> frozenset[str]:
    """The one-word verbs of saying ("said", "told")."""
    return frozenset(
        v for v in (normalize_phrase(w) for w in lex.config.get("speech_verbs", [])) if " " not in v
    )


def _speech_re(lex: Lexicon) -> re.Pattern[str] | None:
    verbs = [normalize_phrase(v) for v in lex.config.get("speech_verbs", [])]
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, verbs))})\b") if verbs else None


# a participle used as an adjective before its noun: "occupied parts", "annexed Crimea"
_ATTRIBUTIVE = re.compile(
    r"[a-z-]+ed\s+(?!(?:by|to|in|on|at|from|with|for|of|and|or|the|a|an)\b)\w"
)
_ATTRIBUTIVE_LEAD = re.compile(
    r"\b(?:the|a|an|its|their|his|her|to|into|in|of|from|across|over|on|at|near|"
    r"through|within|inside|all|parts?|some|other|newly|illegally|formally)\s+$"
)


def attributive(ctx: _Doc, sent: _Sentence, m: Match) -> bool:
    """The trigger is a participle used as an adjective ("to occupied parts of", "in annexed
    Crimea"): a standing state, not the clause's act."""
    return _ATTRIBUTIVE.match(ctx.norm, m.start) is not None and (
        _ATTRIBUTIVE_LEAD.search(ctx.norm, max(sent.start, m.start - 12), m.start) is not None
    )


def _present_in(ctx: _Doc, sent: _Sentence, a: int, b: int) -> bool:
    """A present-tense word (:data:`_PRESENT`) in ``norm[a:b]``; the sentence's hits are
    found once, so a long clause with many triggers stays linear."""
    hits = sent.memo.get("present")
    if hits is None:
        hits = [(x.start(), x.end()) for x in _PRESENT.finditer(ctx.norm, sent.start, sent.end)]
        sent.memo["present"] = hits
    i = bisect_left(hits, (a, -1))
    return i < len(hits) and hits[i][1] <= b


def _window(text: str, c0: int, end: int, n: int) -> str:
    """The last ``n`` tokens of ``text[c0:end]`` (all of it when shorter), apostrophes
    straightened ("didn’t" is "didn't"). A bounded slice is tried first: when it holds more
    than ``n`` tokens its cut first token is not among them, so a long clause stays linear."""
    for lo in (max(c0, end - 40 * (n + 1)), c0):
        left = text[lo:end].replace("\u2019", "'")
        starts = [w.start() for w in _TOKEN.finditer(left)]
        if len(starts) > n:
            return left[starts[-n] :]
        if lo == c0:
            return left
    return ""  # pragma: no cover - the loop returns on its second pass


def _status(
    ctx: _Doc,
    sent: _Sentence,
    m: Match,
    date: tuple[int, str, str] | None,
    *,
    drill: bool = False,
) -> str:
    """The statement's status; ``drill``: the event is told as rehearsed (see
    :func:`rehearsed`), so a rehearsal cue does not make it hypothetical."""
    drill = drill or m.term.kind == "exercise"
    r = ctx.rules
    text = ctx.text
    clause = sent.clause(m.start)
    c0, c1 = sent.clause_span(clause)
    rel = _RELATIVE.match(text, c0, m.start)
    if rel is not None:
        # "the ministry, which has not commented, said troops arrived": the relative clause
        # ends at its comma and its cues stay inside it.
        comma = text.find(",", rel.end(), m.start)
        if comma >= 0:
            c0 = comma + 1
    left = _window(text, c0, m.start, r.window_words)
    w0 = m.start - len(left)
    seg0 = max(c0, text.rfind(", ", c0, m.start))  # the trigger's comma-segment
    present = _present_in(ctx, sent, seg0, c1)
    noncommit = [(x.start() + w0, x.end() + w0) for x in _NONCOMMIT.finditer(left)]
    found: set[str] = set()
    said = _last_speech(ctx, w0, m.start)
    for cue in sent.cues:
        if cue.term.kind == "historical" and _RECENT.match(text, cue.end):
            continue  # "over the past 24 hours", "in the past week": lately, not history
        if cue.term.kind == "historical" and _yardstick(text, cue.start):
            continue  # "the heaviest attack since the Korean War ended": a yardstick
        if cue.term.kind == "historical":
            # in the trigger's clause, or in another clause of a sentence about the past
            if seg0 <= cue.start < c1 or not present:
                found.add("historical")
            continue
        if not (w0 <= cue.start and cue.end <= m.start) or cue.end <= said:
            continue  # "ordered them to leave, saying all personnel had left": not the speech's
        if _COORDINATED.search(text, cue.end, m.start):
            continue  # "NATO would send ships, and Estonia's navy began patrolling": another's
        name = cue.term.name.lower()
        if name == "may" and text[cue.start] == "M" and cue.start != sent.start:
            continue  # the month
        if name == "scheduled" and _ROUTINE.search(text, max(0, cue.start - 8), cue.start):
            continue  # "had flown a scheduled flight": routine, not a plan
        kind = cue.term.kind
        if drill and normalize_phrase(name) in _forward(ctx.lex):
            continue  # "practised landing ... during the drills": the drills took place
        if kind in ("planned", "possible") and _SUBORDINATE.search(text, cue.end, m.start):
            continue  # "ordered units to the border, after Serbs clashed with police": done
        if kind == "denied" and any(cue.start < b and a < cue.end for a, b in noncommit):
            continue
        if kind == "denied" and _OWNED.search(text, cue.end, m.start):
            continue  # "is not engaged in the Saudis' bombing campaign": theirs goes on
        if kind == "denied" and _ROLE_IN.search(text, cue.end, m.start):
            continue  # "denied that Belgrade had any role in the attack": the attack happened
        if kind == "denied" and m.term.channel == ASSET and _OBLIQUE.search(text, cue.end, m.start):
            continue  # "the Russians do not mix with the 1,000 American soldiers": still there
        directive = normalize_phrase(name)
        if directive in _directives(ctx.lex) and (
            # "urged Rwanda to withdraw", "demanded that India withdraw": the complement only
            (" to " not in text[cue.start : m.start] and not directive.endswith(" that"))
            or _COMPLEMENT_ENDS.search(text, cue.end, m.end)
        ):
            continue
        if name == "would" and _SPEECH_WOULD.search(text, max(w0, cue.start - 40), cue.start):
            kind = "planned"
        found.add(kind)
    if noncommit:
        found.add("possible")
    if (
        m.term.channel == EVENT
        and not drill
        and _REHEARSED.search(ctx.norm, max(w0, m.start - 120), m.start)
    ):
        found.add("possible")  # "drills including precision strikes": rehearsed, not done
    head = list_start(ctx, sent, m)
    if _negated(ctx, left, m, sent) or (
        w0 < head.start < m.start and _negated(ctx, left[: head.start - w0], head, sent)
    ):
        found.add("denied")  # "no damage to aircraft or ships": the list's negation
    if "possible" not in found:
        # "SM-6, Tomahawk and hypersonic missiles would be stationed": the list's predicate
        post = _post_status(ctx, sent, list_end(ctx, sent, m), c1)
        if post:
            found.add(post)
    # ", and the Netherlands said it could send jets if asked": another statement's modality
    k0, k1 = max(c0, m.start - 300), min(c1, m.end + 300)
    for hit in _COORDINATED.finditer(text, k0, k1):
        if hit.end() <= m.start:
            k0 = hit.end()
        elif hit.start() >= m.end:
            k1 = hit.start()
            break
    if found & {"planned", "possible"} or _MODAL_WORD.search(ctx.norm, k0, k1):
        comma = text.find(",", sent.start, m.start)
        cond_open = comma >= 0 and _COND_OPEN.match(text, sent.start) is not None
        cond_trail = _COND_TRAIL.search(text, m.end, min(k1, m.end + 200)) is not None
        if cond_open or cond_trail:
            found.add("possible")
    if _FORMER.search(left[-60:]):
        found.add("historical")
    # "since 1971, when Iranian forces took them": the when-clause's event is at that date
    when = date is not None and m.start > date[0] and _WHEN_AFTER.match(text, date[0]) is not None
    if date is not None and ctx.ref_year is not None and (when or not _since(text, date[0])):
        year_s = date[1][:4]
        if year_s.isdigit():
            year = int(year_s) + (9 if date[2] == "decade" else 0)
            if year <= ctx.ref_year - r.historical_years:
                found.add("historical")
    if date is not None and date[2] == "span" and not found & {"planned", "possible"}:
        # "have fought three wars ... between 1991 and 2008": a closed span is history, unless
        # it runs into the year of publication ("between 2020 and 2025" in a 2025 report)
        if ctx.published is None or int(date[1][:4]) < ctx.published.year:
            found.add("historical")
    if date is not None and ctx.published is not None and date[1]:
        # "kept peacekeepers in Nagorno-Karabakh until 2024": a state that ended
        iso = date[1]
        if (
            _UNTIL.search(text, max(0, date[0] - 12), date[0])
            and iso < (ctx.published.isoformat()[: len(iso)])
        ):
            found.add("historical")
    false = _false_claim(text, sent, m)
    if false:
        # "claims that Russian troops landed on Gotland are false": denied; "... in North
        # Kivu, a charge Kigali denies": reported and denied in one sentence, disputed
        found.add(false)
    if sent.question:
        found.add("possible")
    if _HEADLINE_TO.match(text, sent.start) and text[sent.end - 1 : sent.end] not in ".!?\"'”":
        found.add("planned")  # the headline "US to send 3,000 more troops to Poland"
    if "historical" not in found and _carried_history(ctx, sent):
        found.add("historical")
    if (
        m.term.channel == ASSET
        and _ALREADY.match(text, list_end(ctx, sent, m).end)
        or m.term.channel == EVENT
        and _ALREADY_BEFORE.search(text, max(sent.start, m.start - 10), m.start)
    ):
        found -= {"planned", "possible"}  # "will join thousands of U.S. troops already deployed"
    if m.term.channel == DISPUTE and attributive(ctx, sent, m):
        # "may send officers to occupied parts of Donetsk": a standing state the clause's
        # modality does not reach
        found -= {"possible", "planned"}
    elif _IN_CONDITION.search(text, max(sent.start, m.start - 120), m.start):
        return "possible"  # "if Hezbollah did not withdraw": neither done nor denied
    for status in _STATUS_ORDER:
        if status in found:
            return status
    return "reported"


# "Claims circulating on social media that <statement> are false": a claim the sentence denies
_CLAIM_THAT = re.compile(
    r"\b(?:claims?|reports?|rumou?rs?|allegations?|stories|posts?|suggestions?)\b"
    r"(?:\s+[\w-]+){0,6}?\s+that\b",
    re.IGNORECASE,
)
_IS_FALSE = re.compile(
    r"\b(?:is|are|was|were|have\s+been|has\s+been)\s+(?:also\s+|all\s+|completely\s+)?"
    r"(?:false|untrue|baseless|unfounded|groundless|fake|fabricated|incorrect|not\s+true)\b",
    re.IGNORECASE,
)


# "..., which Benin denies", "..., a charge the Afghan government denies": the sentence's
# closing denial of what it has just reported
_DENIED_TAIL = re.compile(
    r",\s+(?:which\s+|a\s+(?:charge|claim|accusation|allegation|report)\s+(?:that\s+)?)"
    r"(?:[\w.'\u2019-]+\s+){1,4}?(?:(?:has|have|had)\s+)?(?:strongly\s+|repeatedly\s+)?"
    r"(?:denies|denied|deny|rejects|rejected|reject|disputes|disputed)\s*[.!?\"\u201d]?\s*$",
    re.IGNORECASE,
)


_AUX_AFTER = re.compile(r"\s+(?:had|have|has|were|was|are|is|been|would|will|could)\b")
_ALREADY_BEFORE = re.compile(r"\balready\s+$")
_ALREADY = re.compile(r"\s+(?:(?:who|that|which)\s+(?:are|were|have\s+been)\s+)?already\b")
_RELATIVE_BEFORE = re.compile(r"\b(?:who|which|that)\s+(?:[a-z]+\s+){0,4}$")


_NEVER_HAPPENED = re.compile(
    r"\s(?:that|which)\s+(?:[\w.'\u2019-]+\s+){1,4}?(?:says?|said|insists?|insisted)\s+"
    r"(?:never\s+(?:happened|took\s+place|occurred)|did\s+not\s+(?:happen|take\s+place|occur)|"
    r"(?:are|were|is|was)\s+(?:false|fabricated|untrue))\s*[.!?\"\u201d]?\s*$"
)


def _false_claim(text: str, sent: _Sentence, m: Match) -> str:
    """ "denied": the trigger sits in a claim the same sentence calls false or says never
    happened; "disputed": in what the sentence reports and ends by saying someone denies
    ("..., a charge Kigali denies"); else ""."""
    if (
        _CLAIM_THAT.search(text, max(sent.start, m.start - 160), m.start) is not None
        and _IS_FALSE.search(text, m.end, min(sent.end, m.end + 160)) is not None
    ):
        return "denied"
    tail: int | None = sent.memo.get("denied_tail", -1)
    if tail == -1:
        # once per sentence: the start of its closing denial, or None
        comma = text.rfind(",", sent.start, sent.end)
        hit = comma >= 0 and _DENIED_TAIL.match(text, comma, sent.end) is not None
        tail = sent.memo["denied_tail"] = comma if hit else None
        sent.memo["denial"] = "disputed"
        if tail is None:
            # "claimed attacks on U.S. warships that the Pentagon says never happened"
            never = _NEVER_HAPPENED.search(text, sent.start, sent.end)
            tail = sent.memo["denied_tail"] = never.start() if never is not None else None
            sent.memo["denial"] = "denied"
    if tail is None or m.end > tail or m.term.channel == DISPUTE:
        return ""  # "claims X as part of Tibet, which India rejects": still a dispute
    if m.term.channel == ASSET and (
        _AUX_AFTER.match(text, m.end) is not None
        or any(c.term.channel == EVENT for c in sent.near("core", m.end, tail))
        # "claimed attacks on U.S. warships that ... never happened": their target
        or any(c.term.channel == EVENT for c in sent.near("core", m.start - 40, m.start))
    ):
        return ""  # "soldiers had been taken prisoner, a claim Kiev denied": still there
    # "militants who carry out attacks in X, which ... denies": the attacks are not denied
    if _RELATIVE_BEFORE.search(text, max(sent.start, m.start - 60), m.start) is not None:
        return ""
    return str(sent.memo["denial"])


# A headline's "<Subject> to <verb>": what will happen.
_HEADLINE_TO = re.compile(r"\s*(?:[A-Z][\w.'\u2019-]*\s+){1,4}to\s+[a-z]+\b")
_MODAL_WORD = re.compile(r"\b(?:will|would|could|might|shall)\b")
# A time ("5:58 am", "0558 GMT"), a unit name ("16 Bihar regiment", "3rd brigade") or a
# measure ("2,700 kilometres") is no count of the asset.
_TIME_AFTER = re.compile(r"\s*(?::\d|[ap]\.?m\b|hrs\b|hours\b|gmt\b|utc\b|local time)", re.I)
_FORMATIONS = frozenset(
    "regiment battalion brigade division corps squadron wing fleet army flotilla group "
    "command".split()
)
_UNITS = frozenset(
    "km kilometres kilometers kilometre kilometer metres meters metre meter miles mile "
    "nautical feet ft tonnes tons mph knots".split()
)


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
    if len(words) > 4 or any(w in ctx.rules.quantity_stop or w in _UNITS for w in words):
        return ""
    qty = q.group("q").strip()
    if re.fullmatch(r"(?:19|20)\d\d", qty):
        return ""
    before = left[q.start() - 1] if q.start() > 0 else ctx.text[w0 - 1 : w0]
    after = left[q.end() : q.end() + 1]
    if before in (":", "-", "/", "#") or (after and after.isalnum()) or _TIME_AFTER.match(fill):
        return ""  # "5:58", "Su-25", "3rd", "5:58 am"
    if re.fullmatch(r"0\d+", qty):
        return ""  # "0558": a clock time
    if (before and before in "$\u20ac\u00a3\u00a5") or _MONEY_AFTER.match(fill):
        return ""  # "a $1.7 billion missile sale": an amount of money
    digits = re.fullmatch(r"[\d,.]+", qty) is not None
    if digits and any(w in _FORMATIONS for w in _words(ctx.norm[m.start - len(fill) : m.end])):
        return ""  # "the 16 Bihar regiment": a unit's number, not a count
    head = ctx.text[m.start : m.end].split()[-1] if m.end > m.start else ""
    return f"{qty} {head}".strip()


_MONEY_AFTER = re.compile(
    r"\s*(?:billion|million|trillion|bn|mln|dollars?|euros?|pounds?|rupees?|yuan|rubles?|"
    r"roubles?|percent|per\s+cent)\b",
    re.IGNORECASE,
)
_SEGMENT = 300  # how far a comma-segment is looked for around a trigger
_REL_AFTER_TRIGGER = re.compile(r",\s+" + _RELATIVE_BODY)


def _date_for(ctx: _Doc, sent: _Sentence, m: Match) -> tuple[int, str, str] | None:
    if sent.dates is None:
        sent.dates = find_dates(ctx.text[sent.start : sent.end], sent.start, ctx.published)
    if not sent.dates:
        return None
    clause = sent.clause(m.start)
    # "has sent ships almost daily since 2012": a start date; the statement holds today
    dates = [
        d
        for d in sent.dates
        if _WHEN_AFTER.match(ctx.text, d[0])  # "since 2020, when 20 soldiers were killed"
        or not _since(ctx.text, d[0])
        and not _SINCE_CLAUSE.search(ctx.text, max(0, d[0] - 70), d[0])
    ]
    # (not one in a relative clause after the trigger: "rammed the boats as they approached
    # the Sierra Madre, which Manila grounded on the reef in 1999")
    pool = [
        d
        for d in dates
        if sent.clause(d[0]) == clause
        and not (d[0] > m.end and _REL_AFTER_TRIGGER.search(ctx.text, m.end, d[0]))
    ]
    if not pool:
        # A date in another clause that states its own event belongs to that event ("..., which
        # seized power in a coup last week, ... has 1,500 troops in Niger").
        # Nor does one in a relative clause: "France, which in 2013 intervened in Mali,
        # criticised the deployment of mercenaries" dates France's intervention only.
        busy = {sent.clause(c.start) for c in sent.core if c.term.channel != ASSET}
        pool = [
            d
            for d in dates
            if sent.clause(d[0]) not in busy
            and _RELATIVE.match(ctx.text, sent.clause_span(sent.clause(d[0]))[0]) is None
        ]
    if not pool:
        return None
    # "fought a war in 1979, and China seized the Paracels ... in 1974": the trigger's own
    # comma-segment dates it before a nearer date across a comma
    lo, hi = max(sent.start, m.start - _SEGMENT), min(sent.end, m.end + _SEGMENT)  # bounded
    seg0 = max(ctx.text.rfind(",", lo, m.start) + 1, lo)
    seg1 = ctx.text.find(",", m.end, hi)
    seg1 = hi if seg1 < 0 else seg1
    own = [d for d in pool if seg0 <= d[0] < seg1]
    return min(own or pool, key=lambda d: (abs(d[0] - m.start), d[0]))


# A verb of reaching a place, negated right before the place: "remained in international
# airspace and did not enter U.S. or Canadian airspace", "never reached the coast of".
_NOT_REACHED = re.compile(
    r"\b(?:did\s+not|didn't|did\s+n't|does\s+not|doesn't|do\s+not|don't|never|not|"
    r"(?:has|have|had|was|were)\s+not|(?:has|have|had|was|were)n't)\s+"
    r"(?:(?:yet|actually|ever)\s+)?(?:enter|entered|cross|crossed|reach|reached|violate|"
    r"violated|intrude|intruded|penetrate|penetrated|land|landed|arrive|arrived|fly\s+over|"
    r"flown\s+over|flew\s+over|fly\s+into|flown\s+into|sail\s+into|sailed\s+into|"
    r"go\s+(?:into|to)|gone\s+(?:into|to)|come\s+(?:into|to)|stray\s+into|strayed\s+into)"
    r"(?:\s+(?:into|in|at|on|to|the|its|their))*\s+$"
)
_REACH_WINDOW = 120  # characters between the trigger and the place that are read


def negated_reach(ctx: _Doc, trigger_end: int, place_start: int) -> bool:
    """The place after a trigger is where it did not go: a negated verb of reaching governs it
    ("the aircraft ... did not enter U.S. airspace")."""
    if place_start - trigger_end > _REACH_WINDOW:
        return False
    gap = ctx.norm[trigger_end:place_start]
    return _NOT_REACHED.search(gap) is not None


# What an exercise practises, named after it: "drills including joint seizure and precision
# strikes", "exercises such as amphibious landings" (no clause break before the trigger)
_REHEARSED = re.compile(
    r"\b(?:drills?|exercises?|manoeuvres|maneuvers|war\s+games|training)\s+(?:that\s+)?"
    r"(?:(?:including|included|includes|such\s+as|involving|involved|featuring|featured|"
    r"focused\s+on|focusing\s+on)\b[^.;:()]*"
    # "exercises in the waters off Crimea to repel attacks by unmanned boats": the purpose
    r"|[^.;:()]{0,80}?\bto\s+(?:repel|repulse|counter|simulate|rehearse|fend\s+off|"
    r"defend\s+against|practi[cs]e)\s+(?:[\w-]+\s+){0,3})$"
)


# an article before "scheduled": the adjective of routine ("a scheduled flight")
_ROUTINE = re.compile(r"\b(?:a|an|the|its|their|regularly)\s+$", re.IGNORECASE)


# A share in an event, denied: the event itself is not ("denied any role in the attack")
_ROLE_IN = re.compile(
    r"\b(?:role|roles|involvement|part|hand|responsibility|links?)\s+(?:in|for|to|with)\s+"
    r"(?:the\s+|that\s+|this\s+)?(?:[\w-]+\s+){0,2}$"
)
